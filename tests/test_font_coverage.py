"""One table of what the documents print (issue 18): read from the fonts' cmap tables without ReportLab,
the same as ReportLab reads them, kept in the cache folder, and used alike by validate's warning and the
PDF builders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.documents import coverage, fonts
from configurator.documents.common import unprintable_characters
from configurator.tariff.checks.printing import unprintable_fields
from tests.conftest import ROOT, example

MAIN = next(((p, i) for p, i, _s in fonts.candidates() if os.path.exists(p) and fonts.usable(p, i)), None)
needs_font = pytest.mark.skipif(MAIN is None, reason="no Japanese TrueType font on this machine")


@needs_font
def test_the_table_is_what_reportlab_reads_from_each_font() -> None:
    from reportlab.pdfbase import pdfmetrics

    found = [(p, i) for p, i, _s in fonts.candidates() if os.path.exists(p) and fonts.usable(p, i)]
    found += [(p, i) for p, i in fonts.FALLBACK_FONTS if os.path.exists(p) and fonts.usable(p, i)]
    for path, index in found:
        name = fonts._register(path, index)
        assert name is not None
        face = pdfmetrics.getFont(name).face
        reportlab = {code for code, glyph in face.charToGlyph.items() if glyph}
        table = coverage.read_cmap(path, index)
        assert table is not None and table.codes == reportlab, path
        assert fonts.covered(name) == reportlab


@needs_font
def test_the_table_is_kept_in_the_cache_folder_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(coverage.ENV_CACHE, str(tmp_path))
    coverage.clear_memory()
    first = fonts.printable(MAIN)
    files = sorted(tmp_path.glob("font-coverage-*.bin"))
    assert first is not None and files
    coverage.clear_memory()
    assert fonts.printable(MAIN) == first  # from the file this time
    # a damaged file is not believed: the table is read from the fonts again and the file rewritten
    for f in files:
        f.write_bytes(f.read_bytes()[:-7] + b"garbage")
    coverage.clear_memory()
    assert fonts.printable(MAIN) == first
    assert all(f.read_bytes().endswith(first.bounds.tobytes()) for f in files)
    coverage.clear_memory()


@needs_font
def test_a_font_file_that_changes_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAIN is not None
    monkeypatch.setenv(coverage.ENV_CACHE, str(tmp_path / "cache"))
    font = tmp_path / "main.ttf"
    font.write_bytes(Path(MAIN[0]).read_bytes())
    coverage.clear_memory()
    before = coverage.font_set_coverage([(str(font), MAIN[1])])
    assert before is not None and ord("日") in before
    font.write_bytes(b"not a font at all")  # another size and time: the cached table must not answer
    os.utime(font, ns=(1, 1))
    coverage.clear_memory()
    assert coverage.font_set_coverage([(str(font), MAIN[1])]) is None
    coverage.clear_memory()


@needs_font
def test_validate_and_the_documents_name_the_same_fields_and_characters() -> None:
    doc = example("mixed.iij-order.json")
    doc["customer"]["name"] = "ก商事\x7f"  # Thai (no font here) and DEL (ASCII, but no glyph)
    doc["vpn_networks"][0]["children"][0]["name"] = "大阪ก支店"
    doc["title"] = "葛\U000e0100飾\u200d"  # modifiers are never reported
    expected = [
        ("/customer/name", "ก"),
        ("/customer/name", "\x7f"),
        ("/vpn_networks/0/children/0/name", "ก"),
    ]
    assert unprintable_fields(doc) == expected
    assert unprintable_characters(doc) == expected
    assert unprintable_fields(example("mixed.iij-order.json")) == []


def test_the_coverage_table_answers_like_a_set() -> None:
    table = coverage.Coverage.from_ranges([(0x41, 0x44), (0x3000, 0x3001), (0x42, 0x50), (0x20000, 0x20002)])
    assert table.ranges() == [(0x41, 0x50), (0x3000, 0x3001), (0x20000, 0x20002)]
    assert table.codes == {*range(0x41, 0x50), 0x3000, 0x20000, 0x20001}
    assert [c in table for c in (0x40, 0x41, 0x4F, 0x50, 0x3000, 0x20001, 0x20002)] == [
        False,
        True,
        True,
        False,
        True,
        True,
        False,
    ]
    assert table.missing("ABZ\u3000𠀀あ\nA") == ["Z", "あ"]
    assert table.outside("ABZ\u3000𠀀あ\nA") == {"Z", "あ"}


@pytest.mark.parametrize("size", [1, 51, 52, 500])  # 10 characters beyond ASCII each: 512 between 51 and 52
def test_a_long_text_has_the_same_characters_outside_as_a_short_one(size: int) -> None:
    """outside() reads a long text's code points from its UTF-32: the same answer as set() of a short
    one, for characters of every plane, a lone surrogate and the modifiers that never print alone."""
    table = coverage.Coverage.from_ranges([(0x20, 0x7F), (0x3000, 0x3100), (0x20000, 0x20001)])
    text = "ABC\u3042\u30a2あ𠀀𠀁\ud800\u200d\ufe0f漢字\x7f" * size
    expected = {"漢", "字", "𠀁", "\ud800", "\x7f"}
    assert table.outside(text) == expected
    assert table.outside(text.encode("utf-8", "surrogatepass")) == expected
    assert table.outside("あい" * size) == set()
    assert set(table.missing(text)) == expected


@needs_font
def test_validate_reads_no_font_file_when_the_table_is_cached(tmp_path: Path) -> None:
    """The second process takes the table from the cache folder: ReportLab stays unloaded and no
    cmap is parsed."""
    code = (
        "import sys\n"
        "from configurator.documents import coverage\n"
        "from configurator.tariff.checks.printing import unprintable_fields\n"
        "calls = []\n"
        "real = coverage.read_cmap\n"
        "coverage.read_cmap = lambda *a: calls.append(a) or real(*a)\n"
        "print(unprintable_fields({'name': '大阪ก'}), len(calls), 'reportlab' in sys.modules)\n"
    )
    env = {**os.environ, coverage.ENV_CACHE: str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    first, second = (r.stdout.split("]")[-1].split() for r in runs)
    assert runs[0].stdout.startswith("[('/name', 'ก')]") and runs[1].stdout.startswith("[('/name', 'ก')]")
    assert int(first[0]) >= 1 and second == ["0", "False"]


@needs_font
@pytest.mark.parametrize("escaped", [False, True], ids=["as-is", "as-escapes"])
def test_validate_of_a_file_names_a_character_no_font_prints(tmp_path: Path, escaped: bool) -> None:
    """The command line gives validate the file's own text for the first look; a character written
    as a \\u escape is found as surely as one written as itself."""
    import json

    doc = example("mixed.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["name"] = "大阪ก支店"
    path = tmp_path / "o.iij-order.json"
    path.write_text(json.dumps(doc, ensure_ascii=escaped), encoding="utf-8")
    assert ("\\u0e01" in path.read_text(encoding="utf-8")) == escaped
    r = subprocess.run(
        [sys.executable, "-m", "configurator", "validate", "--json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    found = [
        (i["path"], i["severity"])
        for i in json.loads(r.stdout)["issues"]
        if i["rule"] == "document.unprintable"
    ]
    assert found == [("/vpn_networks/0/children/0/name", "warning")]
