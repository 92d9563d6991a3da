"""The command line as a new salesperson or the back office uses it, with what they really have at hand:
a folder given for a file, a file they may not read, a 200 MB file, standard input closed, a PDF given to
`validate`, an empty site list, the output path the same as the input, a --font that is not there, a
damaged draft store. Every case ends in the documented exit code with one message, in the UI language,
that says what to change — never exit 70, never the system's English reason alone, never a traceback."""

from __future__ import annotations

import builtins
import io
import json
import os
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from configurator import cli
from configurator.store.settings import set_data_dir
from tests.conftest import EXAMPLES, run_cli
from tests.test_input_faults import _run, _told

VPN = str(EXAMPLES / "vpn.iij-order.json")
CANCEL = str(EXAMPLES / "cancel.iij-cancel.json")



@pytest.fixture(scope="module")
def our_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 下書き quote this app made (the order embedded)."""
    folder = tmp_path_factory.mktemp("pdf")
    out = folder / "御見積 テスト.pdf"
    assert cli.main(["--data-dir", str(folder / "data"), "quote", VPN, "-o", str(out), "--draft"]) == 0
    set_data_dir(None)
    return out


# --- files that are not what the command reads -------------------------------------------------------


def _readers(target: str, out: Path) -> list[list[str]]:
    """Every command that reads a file given by the user, reading `target`."""
    return [
        ["validate", target],
        ["validate", VPN, "--price-book", target],
        ["pricebook", "import", target],
        ["change", target],
        ["import", target],
        ["sites", "import", target],
        ["quote-xlsx", target, "-o", str(out / "q.xlsx")],
        ["drafts", "import", target],
    ]


def test_a_folder_is_told_as_a_folder_by_every_reader(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`sites import`, `import` and `pricebook import` said "Is a directory" (the system's English)."""
    folder = tmp_path / "注文 フォルダ"
    folder.mkdir()
    for args in _readers(str(folder), tmp_path):
        code, _, err = _run(capsys, tmp_path / "data", *args)
        assert _told(code, err) and "フォルダです" in err and "Is a directory" not in err, (args, err)


def test_a_file_without_read_permission_is_told_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Permission denied" alone (and only the file's base name for a site list) before."""
    locked = tmp_path / "読めない.json"
    locked.write_bytes(b"{}")
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(locked) if isinstance(file, (str, os.PathLike)) else False:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)  # the tests may run as root, whom chmod does not stop
    for args in _readers(str(locked), tmp_path):
        code, _, err = _run(capsys, tmp_path / "data", *args)
        assert _told(code, err) and "読む権限がありません" in err, (args, err)
        assert "Permission denied" not in err and str(locked) in err, (args, err)


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


@pytest.mark.parametrize(
    "read",
    [
        "configurator.order.document:read_bytes",
        "configurator.pricing.books:read_price_book",
        "configurator.documents.pdfimport:read_pdf",
        "configurator.session.sheets:read_site_file",
    ],
)
def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, read: str) -> None:
    """A 200 MB file was read up to the limit (20 MB of an order, all 200 MB of a "PDF") before the refusal:
    now its size refuses it, and the memory it takes stays far below what it would have read."""
    import importlib

    from configurator.errors import KnownError

    module, name = read.split(":")
    func = getattr(importlib.import_module(module), name)
    big = _sparse(tmp_path / "大きい ファイル.json", 200 * 1024 * 1024 + 1)
    tracemalloc.start()
    try:
        with pytest.raises(KnownError, match="大きすぎます"):
            func(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, peak


def test_a_file_that_is_not_a_pdf_is_refused_from_its_first_bytes(tmp_path: Path) -> None:
    """`import` of a 200 MB file that is not a PDF (under the PDF limit) read all of it first."""
    from configurator.documents.pdfimport import MAX_PDF_BYTES, NotOurPdf, read_pdf

    zeros = _sparse(tmp_path / "zeros.pdf", MAX_PDF_BYTES)
    tracemalloc.start()
    try:
        with pytest.raises(NotOurPdf, match="PDFではありません"):
            read_pdf(zeros)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, peak


# --- standard input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["validate", "-"], ["price", "-"], ["change", "-"], ["drafts", "import", "-"]],
    ids=lambda a: " ".join(a),
)
def test_closed_standard_input_is_told(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`validate - <&-` (no standard input at all: sys.stdin is None) ended in exit 70, an internal error."""
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = _run(capsys, tmp_path / "data", *args)
    assert _told(code, err) and "標準入力がありません" in err and "パス" in err, err


def test_import_sites_and_price_books_take_standard_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, our_pdf: Path
) -> None:
    """`import -`, `sites import -` and `pricebook import -` said "ファイル - が見つかりません"."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(our_pdf.read_bytes())))
    code, out, err = _run(capsys, tmp_path / "data", "import", "-")
    assert code == 0 and json.loads(out)["format"] == "iij-order/1", err

    sheet = "拠点名,住所,郵便番号\n東京支店,東京都千代田区1-1,1000001\n".encode("cp932")  # Excel's CSV
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(sheet)))
    code, out, err = _run(capsys, tmp_path / "data", "sites", "import", "-", "--json")
    assert code == 0 and [s["name"] for s in json.loads(out)["sites"]] == ["東京支店"], err

    book = json.loads(
        (Path(cli.__file__).parent.parent / "resources/pricebooks/sample.json").read_text("utf-8")
    )
    book.update(sample=False, version="2027.04", name="正式価格")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(book).encode())))
    code, out, err = _run(capsys, tmp_path / "data", "pricebook", "import", "-", "--no-activate")
    assert code == 0 and "2027.04" in out, err
    code, out, _ = _run(capsys, tmp_path / "data", "pricebook", "list", "--json")
    assert "2027.04" in [b["version"] for b in json.loads(out)]


# --- a file of another kind ----------------------------------------------------------------------


def test_a_pdf_given_to_validate_points_to_import(capsys: pytest.CaptureFixture[str], our_pdf: Path) -> None:
    """It was told as a NUL byte in a text file ("テキストのJSONファイルを指定してください")."""
    for args in (["validate", str(our_pdf)], ["quote", str(our_pdf), "-o", str(our_pdf) + ".2.pdf"]):
        code, _, err = _run(capsys, our_pdf.parent / "data", *args)
        assert _told(code, err) and "PDFファイルです" in err and "iij-configurator import" in err, err
        assert "NUL" not in err


def test_a_pdf_or_an_empty_file_given_as_a_site_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, our_pdf: Path
) -> None:
    """A PDF was taken for "UTF-16 without a BOM"; an empty file was "some rows refused" (exit 1)."""
    code, _, err = _run(capsys, tmp_path / "data", "sites", "import", str(our_pdf))
    assert _told(code, err) and "PDFです" in err and "UTF-16" not in err, err
    empty = tmp_path / "拠点.csv"
    empty.write_bytes(b"")
    code, _, err = _run(capsys, tmp_path / "data", "sites", "import", str(empty))
    assert _told(code, err) and "空のファイルです" in err, err


def test_a_damaged_pdf_is_one_line_without_the_readers_english(tmp_path: Path, our_pdf: Path) -> None:
    """pypdf's "EOF marker not found" was printed through logging beside the app's message."""
    cut = tmp_path / "cut.pdf"
    data = our_pdf.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    r = run_cli("--data-dir", str(tmp_path / "data"), "import", str(cut))
    err = r.stderr.decode()
    assert r.returncode == 2 and "PDFとして読めません" in err, err
    assert "EOF marker" not in err and len(err.strip().splitlines()) == 1, err


# --- --font -------------------------------------------------------------------------------------


def test_a_font_that_cannot_be_used_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--font naming a missing or broken file was passed over in silence (exit 0, another font)."""
    broken = tmp_path / "font.ttf"
    broken.write_bytes(b"not a font" * 100)
    for font in (tmp_path / "nosuch.ttf", broken, tmp_path):
        out = tmp_path / "q.pdf"
        code, _, err = _run(
            capsys, tmp_path / "data", "quote", VPN, "-o", str(out), "--draft", "--font", str(font)
        )
        assert _told(code, err) and "--font" in err and str(font) in err, err
        assert not out.exists()


# --- output paths ---------------------------------------------------------------------------------


def test_the_output_over_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, our_pdf: Path
) -> None:
    """`quote ORDER -o ORDER`, `import PDF -o PDF`, `quote-xlsx ORDER -o ORDER`... replaced the input
    (the order, or the customer's signed PDF) with the output, exit 0."""
    order = tmp_path / "注文 A.iij-order.json"
    order.write_bytes(Path(VPN).read_bytes())
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(our_pdf.read_bytes())
    sheet = tmp_path / "sites.csv"
    sheet.write_text("拠点名\n大阪支店\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(order)
    cases = [
        ["quote", str(order), "-o", str(order), "--draft"],
        ["form", str(link), "-o", str(order), "--draft"],
        ["cancel-form", CANCEL, "-o", str(order), "--draft", "--price-book", str(order)],
        ["import", str(pdf), "-o", str(pdf)],
        ["sites", "export", str(order), "-o", str(order)],
        ["sites", "import", str(sheet), str(order), "-o", str(sheet)],
        ["quote-xlsx", str(order), "-o", str(order)],
    ]
    before = {p: p.read_bytes() for p in (order, pdf, sheet)}
    for args in cases:
        code, _, err = _run(capsys, tmp_path / "data", *args)
        assert _told(code, err) and "同じです" in err and "別の名前" in err, (args, err)
        assert {p: p.read_bytes() for p in before} == before, args
    # the order written back with the sites added is what `sites import ORDER -o ORDER` is for
    code, _, err = _run(
        capsys, tmp_path / "data", "sites", "import", str(sheet), str(order), "-o", str(order)
    )
    assert code == 0 and "大阪支店" in order.read_text(encoding="utf-8"), err


# --- drafts and backups ------------------------------------------------------------------------


def test_restore_backup_of_a_file_that_is_not_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """ "(file is not a database)" / "(形式 0)" / "復元できるバックアップがありません" for a path mistyped."""
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(4096))
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    for path, says in (
        (junk, "SQLiteのデータベースではない"),
        (empty, "下書きの表がありません"),
        (tmp_path / "nosuch.sqlite3", "見つかりません"),
        (tmp_path, "フォルダです"),
    ):
        code, _, err = _run(capsys, tmp_path / "data", "drafts", "restore-backup", str(path))
        assert _told(code, err) and says in err, err
        assert "drafts backups" in err or path == tmp_path, err
        assert "not a database" not in err and "形式 0" not in err


def test_restore_backup_on_a_new_computer(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A backup copied from the old laptop, restored where the app never ran (no data folder yet): it
    said "下書きのデータベースを開けません(…/drafts.lock)。フォルダの場所と権限を確認してください"."""
    old = tmp_path / "old"
    assert _run(capsys, old, "drafts", "import", VPN)[0] == 0
    from configurator.store.drafts import DraftStore

    with DraftStore.open(old) as store:
        backup = store.backup(reason="periodic")
    new = tmp_path / "new" / "iij-configurator"
    code, out, err = _run(capsys, new, "drafts", "restore-backup", str(backup))
    assert code == 0 and "復元しました" in out, err
    code, out, err = _run(capsys, new, "drafts", "list", "--json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == [1], err


def test_a_damaged_store_is_never_answered_from_an_empty_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After the damaged store was moved aside, the next command made an empty store and said
    "下書き ID 1 はありません" as if nothing had ever been saved; now every command says to restore."""
    data = tmp_path / "data"
    assert _run(capsys, data, "drafts", "import", VPN)[0] == 0
    from configurator.store.drafts import DraftStore

    with DraftStore.open(data) as store:
        store.backup(reason="periodic")
    for _n in range(3):
        assert _run(capsys, data, "drafts", "import", VPN)[0] == 0
    store_file = data / "drafts.sqlite3"
    with open(store_file, "r+b") as fh:
        fh.truncate(store_file.stat().st_size // 2)
    code, _, err = _run(capsys, data, "drafts", "list")
    assert _told(code, err) and "restore-backup" in err, err
    for args in (["export", "1"], ["list"], ["import", VPN]):
        code, _, err = _run(capsys, data, "drafts", *args)
        assert _told(code, err) and "restore-backup" in err and "ありません" in err, (args, err)
        assert "ID 1" not in err
    code, _, err = _run(capsys, data, "team", "status")  # nor synced from one
    assert _told(code, err) and "restore-backup" in err, err
    assert list(data.glob("drafts.sqlite3.corrupt-*")), "the damaged file is kept"
    code, out, err = _run(capsys, data, "drafts", "restore-backup")
    assert code == 0, err
    code, out, err = _run(capsys, data, "drafts", "list", "--json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == [1], err


def test_drafts_help_and_backups_say_everything(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`drafts list --status` and `drafts status` listed six statuses, not contracted (契約済); `drafts
    backups` without any printed nothing at all."""
    code, out, _ = _run(capsys, tmp_path / "data", "drafts", "backups")
    assert code == 0 and "バックアップはまだありません" in out
    for args in (["drafts", "list", "--help"], ["drafts", "status", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(args)
        assert "contracted" in " ".join(capsys.readouterr().out.split()), args


# --- English ----------------------------------------------------------------------------------------


def test_refusals_in_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IIJ_CONFIGURATOR_LANG", "en")
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = _run(capsys, tmp_path / "data", "validate", "-")
    assert _told(code, err) and "Standard input is closed" in err, err
    code, _, err = _run(capsys, tmp_path / "data", "sites", "import", str(tmp_path))
    assert _told(code, err) and "is a folder" in err and "拠点" not in err, err
    order = tmp_path / "o.json"
    order.write_bytes(Path(VPN).read_bytes())
    code, _, err = _run(capsys, tmp_path / "data", "quote-xlsx", str(order), "-o", str(order))
    assert _told(code, err) and "Give another name" in err, err
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    code, _, err = _run(capsys, tmp_path / "data", "validate", str(empty))
    assert _told(code, err) and "Give an order file" in err, err  # it said only "The input is empty."


def test_an_output_that_cannot_be_written_says_what_to_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF into a missing folder said only that the folder is missing; a PDF or .xlsx refused by the
    system (a read-only folder, or on Windows the file open in a PDF viewer or Excel) said "空き容量や保存先を
    確認してください" / "書き込む権限がありません" without the likeliest cause."""
    code, _, err = _run(
        capsys, tmp_path / "data", "quote", VPN, "-o", str(tmp_path / "無い" / "q.pdf"), "--draft"
    )
    assert _told(code, err) and "フォルダを作るか" in err, err

    import tempfile

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    for args, viewer in (
        (["quote", VPN, "-o", str(tmp_path / "q.pdf"), "--draft"], "PDFビューア"),
        (["quote-xlsx", VPN, "-o", str(tmp_path / "q.xlsx")], "Excel"),
        (["sites", "export", VPN, "-o", str(tmp_path / "s.xlsx")], "Excel"),
    ):
        code, _, err = _run(capsys, tmp_path / "data", *args)
        assert _told(code, err) and viewer in err and "閉じて" in err and "空き容量" not in err, (args, err)


def test_choices_takes_the_pointer_as_people_write_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A pointer without its leading slash, or to a site the order does not have, was "not a field with
    choices" (the same words as a free-text field), with nothing to go on."""
    code, out, err = _run(capsys, tmp_path / "data", "choices", VPN, "vpn_networks/0/parent/device")
    assert code == 0 and "c891fj" in out, err
    code, _, err = _run(capsys, tmp_path / "data", "choices", VPN, "/vpn_networks/0/children/9/device")
    assert _told(code, err) and "/vpn_networks/0/children/9 がありません" in err, err
    assert "/vpn_networks/0/children/2 まで" in err
    code, _, err = _run(capsys, tmp_path / "data", "choices", VPN, "/title")
    assert _told(code, err) and "例 /vpn_networks/0/parent/device" in err, err


# --- calc ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["device-return", "--end", "9999-12-31"], "9999年"),
        (["cancellation", "--notice", "9999-12-20"], "9999年"),
        (
            [
                "early-termination",
                "--monthly-fee",
                "1000",
                "--term-months",
                "12",
                "--billing-start",
                "9999-06-01",
                "--effective",
                "9999-07-01",
            ],
            "9999年",
        ),
        (
            [
                "early-termination",
                "--monthly-fee",
                "1000",
                "--term-months",
                "99999999",
                "--billing-start",
                "2026-01-01",
                "--effective",
                "2026-03-01",
            ],
            "大きすぎます",
        ),
        (
            [
                "early-termination",
                "--monthly-fee",
                "9" * 20,
                "--term-months",
                "12",
                "--billing-start",
                "2026-01-01",
                "--effective",
                "2026-03-01",
            ],
            "大きすぎます",
        ),
        (["reduction", "--monthly-fee", "1000", "--outage-hours", "1e100000"], "大きすぎます"),
        (["reduction", "--monthly-fee", "1000", "--outage-hours", "1e400"], "大きすぎます"),
        (["reduction", "--monthly-fee", "²", "--outage-hours", "48"], "0以上の整数"),
        (
            ["settings-change-fee", "--start", "09:00", "--end", "10:00", "--devices", "9" * 5000],
            "大きすぎます",
        ),
    ],
    ids=lambda v: " ".join(a[:12] for a in v) if isinstance(v, list) else "",
)
def test_calc_out_of_range_is_told(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], says: str
) -> None:
    """Dates past 9999-12-31 ended in exit 70 (OverflowError / "year 10000 is out of range"), as did 1e100000
    hours and a 5,000-digit count (printing it); a 20-digit fee was multiplied out; "²" passed isdigit()."""
    code, _, err = _run(capsys, tmp_path / "data", "calc", *args)
    assert _told(code, err) and says in err, err


def test_calc_counts_are_not_yen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--term-months and --devices were refused as "0以上の整数の円" (yen)."""
    code, _, err = _run(
        capsys,
        tmp_path / "data",
        "calc",
        "settings-change-fee",
        "--start",
        "09:00",
        "--end",
        "10:00",
        "--devices",
        "x",
    )
    assert _told(code, err) and "0以上の整数で" in err and "円" not in err, err
    code, out, err = _run(
        capsys,
        tmp_path / "data",
        "calc",
        "reduction",
        "--monthly-fee",
        "３０，０００".replace("，", ","),
        "--outage-hours",
        "48",
    )
    assert code == 0 and "2,000円" in out, err


def test_a_cancellation_in_the_year_9999_is_told(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`cancel` of an order whose notice is in December 9999 ended in exit 70 (OverflowError)."""
    doc = json.loads(Path(CANCEL).read_text(encoding="utf-8"))
    doc.update(notice_date="9999-12-20", requested_date="9999-12-31")
    path = tmp_path / "解約 9999.iij-cancel.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, tmp_path / "data", "cancel", str(path))
    assert _told(code, err) and "9999年" in err, err


def test_a_data_folder_that_is_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--data-dir naming a file: `drafts list` said "作れません(File exists)", `quote` "[Errno 20] Not a
    directory" about settings.json inside it."""
    a_file = tmp_path / "data.txt"
    a_file.write_text("x", encoding="utf-8")
    for args in (["drafts", "list"], ["quote", VPN, "-o", str(tmp_path / "q.pdf"), "--draft"]):
        code, _, err = _run(capsys, a_file, *args)
        assert _told(code, err) and "フォルダではなくファイルです" in err and "Errno" not in err, err
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(a_file))
    code = cli.main(["drafts", "list"])
    err = capsys.readouterr().err
    assert _told(code, err) and "IIJ_CONFIGURATOR_DATA" in err, err


# --- help ---------------------------------------------------------------------------------------------


def test_the_examples_in_the_help_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--help` ends with the first commands a salesperson runs; each of them, run as written in a folder
    holding the files it names, succeeds (the help had no example at all)."""
    import shlex

    from openpyxl import Workbook

    monkeypatch.chdir(tmp_path)
    (tmp_path / "注文.iij-order.json").write_bytes(Path(VPN).read_bytes())
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["拠点名", "住所", "郵便番号"])
    ws.append(["名古屋支店", "愛知県名古屋市中区1-1", "4600001"])
    wb.save(tmp_path / "拠点一覧.xlsx")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    help_text = capsys.readouterr().out
    examples = [
        shlex.split(line)[1:]
        for line in help_text.split("例:")[1].splitlines()
        if line.strip().startswith("iij-configurator") and "COMMAND" not in line
    ]
    assert len(examples) >= 5
    for args in examples:
        code = cli.main(args)
        err = capsys.readouterr().err
        assert code == 0, (args, err)
    assert "名古屋支店" in (tmp_path / "注文.iij-order.json").read_text(encoding="utf-8")


def test_issuer_from_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A quote needs its issuer; the command line could set it only by editing settings.json by hand."""
    data = tmp_path / "new"
    code, _, err = _run(capsys, data, "quote", VPN, "-o", str(tmp_path / "q.pdf"))
    assert _told(code, err) and "issuer set" in err, err
    code, out, _ = _run(capsys, data, "issuer", "show")
    assert code == 0 and "足りない項目" in out and "住所" in out
    code, _, err = _run(capsys, data, "issuer", "set", "--registration-number", "T1234")
    assert _told(code, err) and "登録番号" in err, err
    values = [
        "--address",
        "東京都千代田区富士見2-10-2",
        "--phone",
        "03-5205-6500",
        "--person",
        "営業部 佐藤 花子",
    ]
    code, out, err = _run(
        capsys, data, "issuer", "set", *values, "--registration-number", "t７０００ー０１２０５０００２"
    )
    assert code == 0 and "T7000012050002" in out, err  # normalised as the dialog does
    code, out, _ = _run(capsys, data, "issuer", "show", "--json")
    assert json.loads(out)["complete"] is True
    code, out, err = _run(capsys, data, "quote", VPN, "-o", str(tmp_path / "q.pdf"))
    assert code == 0 and (tmp_path / "q.pdf").exists(), err
    code, out, err = _run(capsys, data, "issuer", "set", "--person", "")  # emptied: the quote stops again
    assert code == 0 and "足りない項目: 担当者" in out, err


def test_drafts_import_is_all_or_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`drafts import A BAD C` imported A, stopped at BAD and left C out, saying only BAD's fault: run again
    once BAD was fixed, A was imported twice."""
    bad = tmp_path / "bad.iij-order.json"
    bad.write_bytes(b"")
    data = tmp_path / "data"
    code, _, err = _run(
        capsys, data, "drafts", "import", VPN, str(bad), str(EXAMPLES / "auth.iij-order.json")
    )
    assert _told(code, err) and "どれも取り込んでいません" in err and str(bad) in err, err
    code, out, _ = _run(capsys, data, "drafts", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_a_damaged_installed_price_book_is_imported_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every quote said "価格表を取り込み直すか…" of a damaged active book, and `pricebook import` of the
    same file then refused it ("既に取り込まれていて、内容が異なります"); `pricebook use` said
    "取り込まれていません"."""
    book = json.loads(
        (Path(cli.__file__).parent.parent / "resources/pricebooks/sample.json").read_text("utf-8")
    )
    book.update(sample=False, version="2027.04", name="正式価格")
    source = tmp_path / "正式 価格表.json"
    source.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "data"
    assert _run(capsys, data, "pricebook", "import", str(source))[0] == 0
    installed = data / "pricebooks" / "2027.04.json"
    installed.write_bytes(installed.read_bytes()[:100])
    code, _, err = _run(capsys, data, "price", VPN)
    assert _told(code, err) and "取り込み直す" in err and "。。" not in err, err
    _run(capsys, data, "pricebook", "use", "SAMPLE-2026.11")
    code, _, err = _run(capsys, data, "pricebook", "use", "2027.04")
    assert _told(code, err) and "壊れていて読めません" in err and "pricebook import" in err, err
    code, out, err = _run(capsys, data, "pricebook", "import", str(source))
    assert code == 0, err
    code, out, err = _run(capsys, data, "price", VPN, "--json")
    assert code == 0 and json.loads(out)["price_book"]["version"] == "2027.04", err
    assert list((data / "pricebooks").glob("2027.04.json.damaged-*")), "the damaged copy is kept"


def test_price_book_faults_show_the_value_as_written_and_what_to_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A price as a string was shown as Python writes it ('1,000'), true as True; a negative price said
    only that it is negative."""
    book = json.loads(
        (Path(cli.__file__).parent.parent / "resources/pricebooks/sample.json").read_text("utf-8")
    )
    book.update(sample=False, version="2027.04")
    book["rows"][0]["monthly"] = "1,000"
    book["rows"][1]["initial"] = True
    book["rows"][2]["initial"] = -5
    path = tmp_path / "book.json"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, tmp_path / "data", "pricebook", "import", str(path))
    assert _told(code, err) and 'monthly "1,000" は円の整数ではありません。12000 のように' in err, err
    assert "initial true は" in err and "0以上の円の整数にしてください" in err, err


def _book(tmp_path: Path) -> Path:
    book = json.loads((EXAMPLES.parent / "pricebooks" / "sample.json").read_text(encoding="utf-8"))
    book.update(version="2026.12", name="2026年12月価格表", sample=False, effective_date="2026-12-01")
    path = tmp_path / "book.json"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_bad_data_folder_stops_only_the_commands_that_use_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IIJ_CONFIGURATOR_DATA naming a file stopped even `validate FILE` (exit 2), which reads nothing of the
    data folder; a folder that could not be made (a file on its way) said 「作れません(Not a directory)」."""
    a_file = tmp_path / "data.txt"
    a_file.write_text("x", encoding="utf-8")
    for bad, says in ((a_file, "フォルダではなくファイルです"), (a_file / "sub", f"途中の {a_file} が")):
        monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(bad))
        choices = ["choices", VPN, "/vpn_networks/0/parent/device"]
        for args in (["validate", VPN], ["calc", "device-return", "--end", "2026-12-01"], choices):
            code = cli.main(args)
            out, err = capsys.readouterr()
            assert code == 0 and out and not err, (args, err)
        for args in (
            ["drafts", "list"],
            ["drafts", "backups"],
            ["pricebook", "import", str(_book(tmp_path))],
            ["pricebook", "list"],
            ["price", VPN],  # the chosen price book is in the data folder: never the sample in silence
            ["issuer", "show"],
        ):
            code = cli.main(args)
            err = capsys.readouterr().err
            assert _told(code, err) and says in err and "Errno" not in err, (args, err)
            assert "環境変数 IIJ_CONFIGURATOR_DATA を書き込めるフォルダに変える" in err, err
    monkeypatch.delenv("IIJ_CONFIGURATOR_DATA")
    code, _, err = _run(capsys, a_file / "sub", "drafts", "list")
    assert _told(code, err) and "--data-dir に書き込めるフォルダを指定してください" in err, err


def test_a_data_folder_that_cannot_be_written_is_told_with_the_setting_to_change(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the system refuses to write in (permissions: simulated, the tests may run as root) said
    「下書きのデータベースを開けません(…/drafts.lock)。フォルダの場所と権限を確認してください」."""
    import errno
    import tempfile

    folder = tmp_path / "data"
    folder.mkdir()

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(folder))
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    for args in (["drafts", "list"], ["pricebook", "import", str(_book(tmp_path))]):
        code = cli.main(args)
        err = capsys.readouterr().err
        assert _told(code, err) and "書き込めません: 権限がありません" in err, err
        assert "環境変数 IIJ_CONFIGURATOR_DATA を書き込めるフォルダに変える" in err, err
    assert cli.main(["validate", VPN]) == 0


def test_a_read_only_data_folder_for_real(tmp_path: Path) -> None:
    """A data folder on a drive mounted read-only: the store said 「下書きのデータベースに書き込めません
    (読み取り専用: …)」 with no word of the setting; validate goes on working."""
    from tests.test_drafts import _mount_tmpfs

    mnt = tmp_path / "ro"
    if not _mount_tmpfs(mnt, "4m"):
        pytest.skip("needs root and tmpfs to make a read-only folder")
    import subprocess

    try:
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        env = {"IIJ_CONFIGURATOR_DATA": str(mnt)}
        assert run_cli("validate", VPN, env=env).returncode == 0
        for args in (("drafts", "list"), ("pricebook", "import", str(_book(tmp_path)))):
            r = run_cli(*args, env=env)
            err = r.stderr.decode()
            assert r.returncode == 2 and "読み取り専用のドライブです" in err, err
            assert "環境変数 IIJ_CONFIGURATOR_DATA を書き込めるフォルダに変える" in err, err
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
