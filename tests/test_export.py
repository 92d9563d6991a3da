"""One export path (configurator.documents.export): the command line, the wizard and the contract screen
make the same PDF from the same order, with the font and the date style of the settings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from configurator.documents import export
from configurator.store.settings import save_settings
from tests.conftest import EXAMPLES, ISSUER_SETTINGS, example, run_cli
from tests.test_documents import pdffonts, pdftotext

MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
needs_mincho = pytest.mark.skipif(not MINCHO.exists(), reason="needs fonts-ipaexfont-mincho")


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose settings ask for IPAex Mincho and dates in 和暦."""
    d = tmp_path / "data"
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(d))
    save_settings({"pdf_font": str(MINCHO), "date_style": "wareki", "issuer": ISSUER_SETTINGS})
    return d


def font_names(data: bytes, tmp_path: Path) -> set[str]:
    return {row[0].split("+")[-1] for row in pdffonts(data, tmp_path) if row}


@needs_mincho
@pytest.mark.parametrize("kind", ["quote", "form"])
def test_the_cli_and_the_export_function_make_the_same_order_document(
    kind: str, configured: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"cli-{kind}.pdf"
    r = run_cli(
        kind,
        str(EXAMPLES / "mixed.iij-order.json"),
        "-o",
        str(out),
        "--date",
        "2026-11-22",
        env={"IIJ_CONFIGURATOR_DATA": str(configured)},
    )
    assert r.returncode == 0, r.stderr.decode()
    doc = example("mixed.iij-order.json")
    opts = export.options(issue_date=dt.date(2026, 11, 22), number=str(doc.get("quote_number") or ""))
    mine = export.export(kind, doc, tmp_path / f"fn-{kind}.pdf", opts)
    assert (tmp_path / f"fn-{kind}.pdf").read_bytes() == mine
    cli_text = pdftotext(out.read_bytes(), tmp_path)
    assert cli_text == pdftotext(mine, tmp_path)
    # the date style of the settings
    assert "令和8年11月22日" in cli_text and "2026年11月22日" not in cli_text
    assert font_names(out.read_bytes(), tmp_path) == font_names(mine, tmp_path) == {"IPAexMincho"}


@needs_mincho
@pytest.mark.parametrize("kind", ["change-form", "cancel-form", "cancel-quote"])
def test_change_and_cancel_documents_take_the_settings_too(
    kind: str, configured: Path, tmp_path: Path
) -> None:
    """Before the one export path, change-form / cancel-form / cancel-quote ignored the configured font and
    date style on the command line."""
    from configurator.lifecycle import analyse_cancel, analyse_change

    src = EXAMPLES / ("change.iij-change.json" if kind == "change-form" else "cancel.iij-cancel.json")
    out = tmp_path / "cli.pdf"
    r = run_cli(
        kind,
        str(src),
        "-o",
        str(out),
        "--date",
        "2026-11-22",
        "--number",
        "Q-1",
        env={"IIJ_CONFIGURATOR_DATA": str(configured)},
    )
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(src.read_text(encoding="utf-8"))
    result: Any = analyse_change(doc) if kind == "change-form" else analyse_cancel(doc)
    mine = export.build(kind, result, export.options(issue_date=dt.date(2026, 11, 22), number="Q-1"))
    cli_text = pdftotext(out.read_bytes(), tmp_path)
    assert cli_text == pdftotext(mine, tmp_path)
    assert "令和8年11月22日" in cli_text
    assert font_names(out.read_bytes(), tmp_path) == font_names(mine, tmp_path) == {"IPAexMincho"}


def test_an_explicit_choice_wins_over_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path / "data"))
    plain = export.options()
    assert not plain.wareki and plain.font_path is None  # no settings: western dates, the font search
    assert export.options(wareki=True).wareki
    save_settings({"date_style": "western", "pdf_font": "/nowhere.ttf", "pdf_font_index": "x"})
    o = export.options(font_path="/mine.ttf")
    assert (o.wareki, o.font_path, o.font_index) == (False, "/mine.ttf", 0)


def test_a_bad_place_is_told_and_nothing_is_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from configurator.errors import KnownError

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path / "data"))
    with pytest.raises(KnownError, match="フォルダ"):
        export.export(
            "quote", example("mixed.iij-order.json"), tmp_path / "missing" / "q.pdf", export.options()
        )
    assert not (tmp_path / "missing").exists()
    with pytest.raises(ValueError):
        export.build("invoice", {}, export.options())
