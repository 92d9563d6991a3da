"""承認済 on the PDF of an approved quote, with the approver and the date (issue 19 item 5)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from configurator.documents import export
from configurator.documents.quote import build_quote
from configurator.lifecycle import analyse_cancel
from tests.conftest import example
from tests.test_documents import opts, pdftotext


def test_an_approved_quote_shows_the_stamp_with_approver_and_date(tmp_path: Path) -> None:
    data = build_quote(example("mixed.iij-order.json"), opts(approval=("高橋課長", "2026-11-21")))
    first = pdftotext(data, tmp_path).split("\f")[0]
    assert "承認済" in first and "高橋課長" in first and "2026年11月21日" in first
    wareki = pdftotext(
        build_quote(example("auth.iij-order.json"), opts(approval=("高橋課長", "2026-11-21"), wareki=True)),
        tmp_path,
    )
    assert "令和8年11月21日" in wareki
    plain = pdftotext(build_quote(example("mixed.iij-order.json"), opts()), tmp_path)
    assert "承認済" not in plain  # never on a quote that is not approved


def test_the_stamp_sits_beside_the_issuer_on_the_right(tmp_path: Path) -> None:
    f = tmp_path / "a.pdf"
    f.write_bytes(build_quote(example("auth.iij-order.json"), opts(approval=("高橋課長", "2026-11-21"))))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(f), "-"], capture_output=True, check=True
    ).stdout.decode()
    page = html.split("<page ")[1]

    def box(word: str) -> tuple[float, float]:
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>' + word + "</word>", page)
        assert m, word
        return float(m.group(1)), float(m.group(2))

    stamp, issuer = box("承認済"), box("T7000012050002")
    assert stamp[0] > 300 and stamp[1] > issuer[1]  # right half, under the 登録番号


def test_the_export_path_takes_the_approval(tmp_path: Path) -> None:
    o = export.options(issue_date=dt.date(2026, 11, 22), approval=("高橋課長", "2026-11-21"))
    assert o.approval == ("高橋課長", "2026-11-21")
    text = pdftotext(
        export.build("cancel-quote", analyse_cancel(example("cancel.iij-cancel.json")), o), tmp_path
    )
    assert "承認済" in text and "高橋課長" in text
