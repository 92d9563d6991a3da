"""What a process that makes one PDF loads (issue #18, the 10-site 御見積書): a draft is made without
the tariff's rules, no PDF imports pikepdf (ReportLab writes the archival record itself, see
test_documents_pdfa.py), ReportLab's two wide URL/CJK patterns are compiled only when used, and the
shortcuts taken on the way give what the modules they replace give."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as sax_escape

from hypothesis import given
from hypothesis import strategies as hs

from configurator.documents.common import escape
from tests.conftest import EXAMPLES, ROOT

PROBE = """
import contextlib, io, json, re, sys
from configurator.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as paragraph
watched = ("pikepdf", "configurator.tariff.rules", "configurator.tariff.checks", "urllib.request", "PySide6")
print(json.dumps({
    "code": code,
    "loaded": sorted(m for m in sys.modules if m.split(".")[0] in watched or m in watched),
    "patterns": [type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__],
    "compile_restored": re.compile.__module__ == "re",
}))
"""


def _probe(*args: str) -> dict[str, Any]:
    cmd = [sys.executable, "-c", PROBE, *args]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    result: dict[str, Any] = json.loads(r.stdout.strip().splitlines()[-1])
    return result


def test_a_draft_quote_loads_neither_the_rules_nor_pikepdf(tmp_path: Path) -> None:
    out = tmp_path / "q.pdf"
    seen = _probe("quote", "--draft", str(EXAMPLES / "mixed.iij-order.json"), "-o", str(out))
    assert seen["code"] == 0 and out.read_bytes().startswith(b"%PDF-1.7")
    assert seen["loaded"] == []
    assert seen["patterns"] == ["LazyPattern", "LazyPattern"]
    assert seen["compile_restored"]


def test_an_issued_form_still_checks_the_rules_but_loads_no_pikepdf(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    seen = _probe("form", str(EXAMPLES / "mixed.iij-order.json"), "-o", str(out))
    assert seen["code"] == 0 and out.exists()
    assert "configurator.tariff.rules" in seen["loaded"] and "pikepdf" not in seen["loaded"]


def test_a_draft_is_made_from_an_order_the_rules_refuse(tmp_path: Path) -> None:
    bad = str(EXAMPLES / "invalid" / "rule-errors.iij-order.json")
    out = tmp_path / "q.pdf"
    assert _probe("quote", bad, "-o", str(out))["code"] == 1 and not out.exists()
    assert _probe("quote", "--draft", bad, "-o", str(out))["code"] == 0 and out.exists()


def test_the_lazy_patterns_match_as_reportlab_compiles_them() -> None:
    from configurator.documents.lazyregex import LazyPattern

    code = (
        "import configurator.documents, json\n"
        "import reportlab.platypus.paragraph as p, reportlab.lib.textsplit as t\n"
        "print(json.dumps([p.uri_pat._source, t.rx._source]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    (uri_source, uri_flags), (rx_source, rx_flags) = json.loads(r.stdout)
    assert uri_flags == re.I and "://" in uri_source and "\uffff" in rx_source
    lazy = LazyPattern(uri_source, uri_flags)
    eager = re.compile(uri_source, uri_flags)
    for uri in ("https://example.com/a/b", "HTTP://例え.jp/パス", "mailto:x@y", "ftp://10.0.0.1:21/", "本社"):
        got, want = lazy.match(uri), eager.match(uri)
        assert (got and got.groups()) == (want and want.groups())
    rx = LazyPattern(rx_source, rx_flags)
    assert rx.sub(r"\1 ", "IIJ本社") == re.compile(rx_source, rx_flags).sub(r"\1 ", "IIJ本社")
    assert rx.pattern == rx_source and lazy.compiled() is lazy.compiled()


@given(hs.text())
def test_escape_is_saxutils_escape(text: str) -> None:
    assert escape(text) == sax_escape(text)


def test_the_packaged_folder_is_the_one_beside_the_module(tmp_path: Path, monkeypatch: Any) -> None:
    from configurator import paths

    monkeypatch.setattr(paths, "_PACKAGE", tmp_path)
    paths._packaged.cache_clear()
    try:
        assert paths._packaged("resources") is None  # a checkout: the top-level resources/
        (tmp_path / "resources").mkdir()
        paths._packaged.cache_clear()
        assert paths._packaged("resources") == tmp_path / "resources"
    finally:
        paths._packaged.cache_clear()
