"""Fault injection for what comes in (issue 15, items 5-8 and 10-12): hostile JSON on every path that
reads JSON (order, change and cancellation files, price books, a PDF's attachment, the settings
file), numbers and text the app cannot work with, impossible dates, standard output on a full
device, forged and re-saved PDFs, damaged and suspicious price books. Each case must end with exit 2
(or 1 for rule errors) and one message a user can act on — never exit 70, never a traceback."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from configurator import cli
from configurator.documents.common import KEYWORD_PREFIX, DocOptions
from configurator.documents.pdfimport import NotOurPdf, extract_document
from configurator.documents.quote import build_quote
from configurator.errors import KnownError
from configurator.order.document import MAX_DEPTH, load_json
from configurator.store.settings import set_data_dir
from tests.conftest import EXAMPLES, example

DAY = __import__("datetime").date(2026, 11, 22)


def _run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["--data-dir", str(data_dir), *args])
    finally:
        set_data_dir(None)
    got = capsys.readouterr()
    return code, got.out, got.err


def _told(code: int, err: str, expected: int = 2) -> bool:
    return code == expected and "予期しない" not in err and "Traceback" not in err and err.strip() != ""


# --- item 5 and 6: hostile JSON, numbers and text on every path that reads JSON --------------------


def _hostile_bodies() -> dict[str, bytes]:
    change = (EXAMPLES / "change.iij-change.json").read_text(encoding="utf-8")
    return {
        "nesting 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
        "nesting 100,000 deep in an object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        f"nesting {MAX_DEPTH + 1} deep": b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
        "a 4,301-digit number": b'{"format": "iij-change/1", "x": ' + b"9" * 4301 + b"}",
        "a 5,000-digit number": b'{"x": -' + b"9" * 5000 + b"}",
        "a number inside a real change order": (change[:-2] + ', "y": ' + "9" * 4301 + "}").encode(),
        "1e400 (infinity)": b'{"x": 1e400}',
        "10**30": b'{"x": 1' + b"0" * 30 + b"}",
        "NaN": b'{"x": NaN}',
        "a key twice": b'{"format": "a", "format": "b"}',
        "a lone surrogate": b'{"title": "\\ud800"}',
        "a lone surrogate in a key": b'{"\\udc80": 1}',
        "empty": b"",
        "only spaces": b"   \n",
        "not UTF-8": b'{"title": "\xff\xfe"}',
        "a NUL byte": b'{"title": "\x00"}',
        "not JSON": b"hello",
    }


def test_hostile_json_is_exit_2_on_every_command_that_reads_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """change, cancel, pricebook import, validate, price, quote, form and drafts import: each hostile
    input gives exit 2 and a message (before: exit 70 for nesting and long numbers on change, cancel
    and pricebook import)."""
    data = tmp_path / "data"
    tried = told = 0
    for name, body in _hostile_bodies().items():
        f = tmp_path / "input.json"
        f.write_bytes(body)
        for args in (
            ("change", str(f)),
            ("cancel", str(f)),
            ("change", str(f), "--json"),
            ("pricebook", "import", str(f)),
            ("validate", str(f)),
            ("price", str(f)),
            ("quote", str(f), "-o", str(tmp_path / "q.pdf")),
            ("form", str(f), "-o", str(tmp_path / "f.pdf")),
            ("drafts", "import", str(f)),
        ):
            tried += 1
            code, _out, err = _run(capsys, data, *args)
            assert _told(code, err), (name, args, code, err)
            told += 1
    assert not (tmp_path / "q.pdf").exists() and not (tmp_path / "f.pdf").exists()
    assert not list((data / "pricebooks").glob("*.json")) if (data / "pricebooks").exists() else True
    print(f"hostile JSON: {tried} cases, {told} told with exit 2")


def test_term_years_and_names_that_cannot_be_worked_with_are_refused_when_read(tmp_path: Path) -> None:
    base = (EXAMPLES / "vpn.iij-order.json").read_text(encoding="utf-8")
    huge = base.replace('"term_years": 3', '"term_years": 1' + "0" * 4000, 1)
    assert huge != base
    with pytest.raises(KnownError, match="大きすぎます"):
        load_json(huge, source="x")
    surrogate = base.replace('"name": "', '"name": "\\ud800', 1)
    with pytest.raises(KnownError, match="サロゲート") as info:
        load_json(surrogate.encode(), source="x")
    assert info.value.pointer and info.value.pointer.endswith("/name")  # type: ignore[attr-defined]


# --- item 6 and 12: price books ------------------------------------------------------------------


def _sample_book() -> dict[str, Any]:
    return json.loads(
        (Path(__file__).parents[1] / "resources" / "pricebooks" / "sample.json").read_text("utf-8")
    )


def _real_book(tmp_path: Path, version: str = "2026.11", **change: Any) -> Path:
    book = _sample_book()
    book.update(sample=False, version=version, name="当社価格", **change)
    rows = book["rows"]
    for row in rows:
        for fee in ("initial", "monthly", "one_time"):
            if isinstance(row.get(fee), int) and row[fee]:
                row[fee] += 10
    path = tmp_path / f"book-{version}.json"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_price_of_10_30_yen_is_refused_at_import_and_prices_keep_working(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    path = _real_book(tmp_path)
    book = json.loads(path.read_text("utf-8"))
    row = next(r for r in book["rows"] if isinstance(r.get("monthly"), int) and r["monthly"])
    for value in (10**30, 10**12):
        row["monthly"] = value
        path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
        code, _out, err = _run(capsys, data, "pricebook", "import", str(path))
        assert _told(code, err) and "大きすぎ" in err, err
    code, _out, err = _run(capsys, data, "price", str(EXAMPLES / "vpn.iij-order.json"))
    assert code == 0 and "予期しない" not in err, err


def test_a_book_with_a_key_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _real_book(tmp_path)
    text = path.read_text("utf-8")
    path.write_text(text.replace('"currency": "JPY"', '"currency": "JPY", "currency": "JPY"', 1), "utf-8")
    assert path.read_text("utf-8") != text
    code, _out, err = _run(capsys, tmp_path / "data", "pricebook", "import", str(path))
    assert _told(code, err) and "2回" in err, err
    assert not (tmp_path / "data" / "pricebooks").exists() or not list(
        (tmp_path / "data" / "pricebooks").iterdir()
    )


def test_a_damaged_active_price_book_is_told_not_replaced_by_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, _out, err = _run(capsys, data, "pricebook", "import", str(_real_book(tmp_path)))
    assert code == 0, err
    installed = data / "pricebooks" / "2026.11.json"
    installed.write_bytes(installed.read_bytes()[:200])  # cut: damaged
    order = str(EXAMPLES / "vpn.iij-order.json")
    for args in (("price", order), ("quote", order, "-o", str(tmp_path / "q.pdf"))):
        code, _out, err = _run(capsys, data, *args)
        assert _told(code, err) and "2026.11" in err and "pricebook use" in err, (args, err)
    assert not (tmp_path / "q.pdf").exists()
    code, _out, err = _run(capsys, data, "pricebook", "list")
    assert code == 0 and "2026.11.json" in err and "読めません" in err, err
    code, _out, err = _run(capsys, data, "pricebook", "use", _sample_book()["version"])
    assert code == 0, err
    code, _out, err = _run(capsys, data, "price", order)
    assert code == 0  # once another book is chosen, prices work again


def test_a_real_book_with_the_samples_prices_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _sample_book()
    book.update(sample=False, version="2026.12", name="当社価格")
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    code, _out, err = _run(capsys, tmp_path / "data", "pricebook", "import", str(path))
    assert code == 0 and "警告" in err and "サンプル価格と同じ" in err, err
    code, _out, err = _run(
        capsys, tmp_path / "data", "pricebook", "import", str(_real_book(tmp_path, "2026.13"))
    )
    assert code == 0 and "警告" not in err, err


# --- item 8: impossible dates --------------------------------------------------------------------


def test_impossible_dates_are_refused_in_every_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    order = example("contracted.iij-order.json")
    cases: list[tuple[str, dict[str, Any], str]] = []
    for day in ("2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "0000-01-01"):
        cases.append(("validate", dict(order, tariff_date=day), day))
        change = example("change.iij-change.json")
        cases.append(("change", dict(change, change_date=day), day))
        cancel = example("cancel.iij-cancel.json")
        cases.append(("cancel", dict(cancel, notice_date=day), day))
    for n, (cmd, doc, day) in enumerate(cases):
        f = tmp_path / f"{n}.json"
        f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        code, _out, err = _run(capsys, data, cmd, str(f))
        assert _told(code, err) and day in err, (cmd, day, err)
    f = tmp_path / "ok.json"
    f.write_text(json.dumps(dict(order, tariff_date="2028-02-29"), ensure_ascii=False), encoding="utf-8")
    code, _out, err = _run(capsys, data, "validate", str(f))
    assert code in (0, 1) and "日付" not in err, err


# --- item 7: standard output on a full device -----------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_every_command_writing_to_a_full_device_is_exit_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    order = str(EXAMPLES / "vpn.iij-order.json")
    pdf = tmp_path / "q.pdf"
    pdf.write_bytes(build_quote(example("vpn.iij-order.json"), _opts()))
    commands = [
        ("--help",),
        ("--version",),
        ("validate", "--help"),
        ("validate", order),
        ("validate", order, "--json"),
        ("price", order),
        ("price", order, "--json"),
        ("choices", order, "/vpn_networks/0/parent/device"),
        ("change", str(EXAMPLES / "change.iij-change.json")),
        ("cancel", str(EXAMPLES / "cancel.iij-cancel.json"), "--json"),
        ("calc", "cancellation", "--help"),
        ("pricebook", "list"),
        ("about",),
        ("import", str(pdf)),
        ("drafts", "list"),
    ]
    for args in commands:
        with open("/dev/full", "w") as full:
            monkeypatch.setattr(sys, "stdout", full)
            try:
                code = cli.main(["--data-dir", str(tmp_path / "data"), *args])
            except SystemExit as stop:
                code = stop.code  # type: ignore[assignment]
            finally:
                set_data_dir(None)
                monkeypatch.undo()
        err = capsys.readouterr().err
        assert code == 2 and "いっぱい" in err and len(err.strip().splitlines()) == 1, (args, code, err)
    print(f"full device: {len(commands)} commands, all exit 2")


# --- items 5, 10, 11: PDFs: forged attachments, huge streams, PDFs saved again ------------------------


def _opts() -> DocOptions:
    from configurator.store.issuer import Issuer

    return DocOptions(issue_date=DAY, number="Q-1", issuer=Issuer.load_unchecked())


def _with_attachment(pdf_bytes: bytes, content: bytes, *, compressed: bytes | None = None) -> bytes:
    """The PDF with its embedded order replaced by `content` and the checksum in its Keywords made to
    match (a forger can do both); `compressed` writes an already Flate-compressed stream instead."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        spec = names[1]
        stream = spec.EF.F
        if compressed is not None:
            stream.write(compressed, filter=pikepdf.Name.FlateDecode)
        else:
            stream.write(content)
        pdf.docinfo["/Keywords"] = KEYWORD_PREFIX + hashlib.sha256(content).hexdigest()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _zeros_compressed(megabytes: int) -> bytes:
    comp = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    parts = [comp.compress(chunk) for _ in range(megabytes)]
    parts.append(comp.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def quote_pdf() -> bytes:
    return build_quote(example("vpn.iij-order.json"), _opts())


def test_forged_and_hostile_attachments_are_exit_2(
    quote_pdf: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change = example("change.iij-change.json")
    not_contracted = dict(change, base=dict(change["base"], contracted=False))
    bodies = dict(_hostile_bodies())
    bodies.update(
        {
            "an iij-change/1 with NaN": json.dumps(change)
            .replace('"change_date"', '"x": NaN, "change_date"', 1)
            .encode(),
            "an iij-change/1 whose base is not contracted": json.dumps(not_contracted).encode(),
            "an iij-change/1 with an impossible date": json.dumps(
                dict(change, change_date="2026-02-30")
            ).encode(),
            "an iij-cancel/1 without its base": json.dumps({"format": "iij-cancel/1"}).encode(),
            "an order with an impossible date": json.dumps(
                dict(example("vpn.iij-order.json"), tariff_date="2026-02-30")
            ).encode(),
        }
    )
    tried = 0
    for name, body in bodies.items():
        pdf = tmp_path / "forged.pdf"
        pdf.write_bytes(_with_attachment(quote_pdf, body))
        out = tmp_path / "out.json"
        code, _out, err = _run(capsys, tmp_path / "data", "import", str(pdf), "-o", str(out))
        assert _told(code, err), (name, code, err)
        assert not out.exists(), name
        tried += 1
    big = tmp_path / "big.pdf"
    big.write_bytes(_with_attachment(quote_pdf, b"", compressed=_zeros_compressed(300)))
    code, _out, err = _run(capsys, tmp_path / "data", "import", str(big))
    assert _told(code, err) and "大きすぎ" in err, err
    print(f"forged attachments: {tried + 1} cases, all exit 2")


def test_a_pdf_saved_again_by_another_program_gives_the_order_back(quote_pdf: bytes, tmp_path: Path) -> None:
    """A PDF the customer annotated, signed or saved again keeps its order when the checksum holds."""
    import pikepdf
    from pypdf import PdfWriter
    from pypdf.annotations import FreeText

    rewritten = io.BytesIO()
    with pikepdf.open(io.BytesIO(quote_pdf)) as pdf:
        pdf.docinfo["/Producer"] = "another program"
        pdf.docinfo["/Creator"] = "another program"
        pdf.save(rewritten)
    assert extract_document(rewritten.getvalue()) == example("vpn.iij-order.json")

    writer = PdfWriter(io.BytesIO(quote_pdf), incremental=True)
    writer.add_annotation(0, FreeText(text="承認済み", rect=(50, 50, 200, 80)))
    annotated = io.BytesIO()
    writer.write(annotated)
    data = annotated.getvalue()
    assert data.startswith(quote_pdf) and data.count(b"%%EOF") == 2  # an incremental save
    assert extract_document(data) == example("vpn.iij-order.json")

    forged = _with_attachment(quote_pdf, b'{"format": "iij-order/1"}')
    stale = forged.replace(b"iij-order-sha256:", b"iij-order-sha256:0", 1)
    with pytest.raises(NotOurPdf, match="変わっています"):
        extract_document(stale)


# --- the settings file goes through the same loader ----------------------------------------------


def test_a_hostile_settings_file_is_told_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    tried = 0
    for name, body in _hostile_bodies().items():
        (data / "settings.json").write_bytes(body)
        code, _out, err = _run(capsys, data, "validate", str(EXAMPLES / "vpn.iij-order.json"))
        assert code in (0, 1, 2) and "予期しない" not in err, (name, err)
        tried += 1
    assert tried == len(_hostile_bodies())


def test_the_loader_limits_sit_exactly_where_documented() -> None:
    """The edges: what a real document can hold passes, one step beyond is refused."""
    from configurator.order.document import MAX_NUMBER

    assert load_json(f'{{"x": {MAX_NUMBER - 1}, "y": -{MAX_NUMBER - 1}, "z": 1.5e14}}') == {
        "x": MAX_NUMBER - 1,
        "y": -(MAX_NUMBER - 1),
        "z": 1.5e14,
    }
    for text in (f'{{"x": {MAX_NUMBER}}}', f'{{"x": -{MAX_NUMBER}}}', '{"x": 1e15}', '{"x": 1e400}'):
        with pytest.raises(KnownError, match="大きすぎます"):
            load_json(text)
    assert load_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(KnownError, match="深すぎ"):
        load_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert load_json('{"name": "\\ud83d\\ude00 株式会社"}') == {"name": "😀 株式会社"}  # a pair is fine
    with pytest.raises(KnownError, match="サロゲート"):
        load_json('{"name": "\ud800"}')  # the character itself, in text given as str
    with pytest.raises(KnownError, match="サロゲート"):
        load_json(b'{"a": [{"name": "ok"}, {"name": "\\udfff"}]}')
    assert load_json('{"phone": "0312345678901234567"}') == {"phone": "0312345678901234567"}


def _walked_too_deep(doc: Any) -> bool:
    """The nesting check as it was before issue #18 row 2: the parsed document walked one level at a
    time (kept here as the reference the check on the bytes must agree with)."""
    level = [doc]
    for _depth in range(MAX_DEPTH):
        below: list[Any] = []
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            below += [v for v in values if isinstance(v, dict | list)]
        if not below:
            return False
        level = below
    return True


def _nested(rng: Any, depth: int) -> Any:
    """A random document nesting exactly `depth` deep, with strings that hold brackets, quotes,
    backslashes and escapes (in keys too)."""
    tricky = ['[', ']', '{', '}', '"', '\\', '\\"', '"]', '[[[', ']]]]', '\\\\', 'a\\', '株[式]', '\n', '']

    def text() -> str:
        return "".join(rng.choice(tricky) for _ in range(rng.randrange(4)))

    def scalar() -> Any:
        return rng.choice([text(), text(), 1, -2.5, None, True])

    def build(d: int) -> Any:
        if d == 0:
            return scalar()
        inner = [build(d - 1)] + [
            build(rng.randrange(min(d, 3))) if rng.random() < 0.5 else scalar()
            for _ in range(rng.randrange(3))
        ]
        rng.shuffle(inner)
        if rng.random() < 0.5:
            return inner
        return {f"{text()}#{i}": v for i, v in enumerate(inner)}

    return build(depth)


def test_the_nesting_check_on_the_bytes_agrees_with_walking_the_document() -> None:
    """Issue #18 row 2: the nesting depth is judged on the bytes; every document is refused or let
    through exactly as the walk over the parsed document did, whatever its strings hold."""
    import random

    from configurator.order.document import _shape, _too_deep

    rng = random.Random(18)
    tried = 0
    for depth in [*range(1, 8), *range(MAX_DEPTH - 3, MAX_DEPTH + 4)]:
        for _ in range(12):
            doc = _nested(rng, depth)
            for text in (
                json.dumps(doc, ensure_ascii=False),
                json.dumps(doc),
                json.dumps(doc, ensure_ascii=False, indent=1),
            ):
                walked = _walked_too_deep(doc)
                assert walked == (depth > MAX_DEPTH)
                assert _too_deep(_shape(text.encode())) == walked, text
                if walked:
                    with pytest.raises(KnownError, match="深すぎ"):
                        load_json(text.encode())
                else:
                    assert load_json(text.encode()) == doc
                    assert load_json(text) == doc
                    assert load_json(b"\xef\xbb\xbf" + text.encode()) == doc  # with a BOM
                tried += 1
    assert tried == 14 * 12 * 3
    for text in (
        '{"a": "]]]]"}',
        '["\\\\", "[[[[", ["\\"]"]]',
        '[' * MAX_DEPTH + '"]]\\"\\\\"' + ']' * MAX_DEPTH,
    ):
        assert not _too_deep(_shape(text.encode())) and load_json(text) is not None
    deep = '[' * (MAX_DEPTH + 1) + '"' + '\\\\' * 3 + ']' * 70 + '"' + ']' * (MAX_DEPTH + 1)
    assert _too_deep(_shape(deep.encode()))
    with pytest.raises(KnownError, match="深すぎ"):
        load_json(deep)


def test_a_key_twice_is_refused_by_counting_members_against_colons(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #18 row 2: a key twice is told by the objects' sizes against the colons of the text, the
    pair-by-pair hook reading only a document so told (for the same message). Random documents whose
    keys and strings hold colons, quotes, brackets and backslashes: each with a key written twice
    somewhere is refused; none without is read twice."""
    import random

    from configurator.order import document

    rng = random.Random(2)
    refused = read = 0
    for depth in range(1, 9):
        for _ in range(25):
            doc = {"k:": _nested(rng, depth), '"a":[': [_nested(rng, 2), {"x": "1:2"}]}
            text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
            with monkeypatch.context() as m:  # a document without a key twice: never read pair by pair
                m.setattr(document, "_no_duplicate_keys", None)
                assert load_json(text.encode()) == doc
            read += 1
            # the first member of one object, somewhere in the document, written twice
            places: list[tuple[Any, Any]] = []
            stack: list[Any] = [doc]
            while stack:
                item = stack.pop()
                pairs = item.items() if isinstance(item, dict) else enumerate(item)
                for key, value in pairs:
                    if isinstance(value, dict) and value:
                        places.append((item, key))
                    if isinstance(value, dict | list):
                        stack.append(value)
            parent, key = rng.choice(places)
            parent[key] = _Twice(parent[key])
            twice = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
            with pytest.raises(KnownError, match="2回"):
                load_json(twice.encode())
            refused += 1
    assert refused == read == 200


class _Twice(dict):  # type: ignore[type-arg]
    """An object that json.dumps writes with its first member twice."""

    def items(self) -> Any:
        pairs = list(super().items())
        return pairs[:1] + pairs


@pytest.mark.parametrize("body", [b"", b"   \n", "\u3000\r\n\t".encode(), b"\xef\xbb\xbf \n"])
def test_only_white_space_is_an_empty_file(body: bytes) -> None:
    with pytest.raises(KnownError, match="空のファイルです"):
        load_json(body, source="x")
    with pytest.raises(KnownError, match="空のファイルです"):
        load_json(body.decode("utf-8-sig"), source="x")


def test_white_space_around_a_document_is_read() -> None:
    assert load_json(b'\n {"a": 1}\n\n', source="x") == {"a": 1} == load_json('\t{"a": 1}\r\n', source="x")


def _shape_before(raw: bytes) -> bytes:
    """_shape as it was before the quotes were dropped by translate (kept as the reference)."""
    from configurator.order.document import _AS_BRACKETS, _NOT_STRUCTURE

    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    shape = raw.translate(_AS_BRACKETS, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in shape:
        shape = b"".join(shape.split(b'"')[::2])
    return shape


def test_the_shape_of_a_text_is_the_same_as_before_whatever_its_strings_hold() -> None:
    """Issue #18: _shape drops the quotes with translate when every string is empty once all but
    brackets, colons and quotes are gone (runs of quotes of even length), else as before."""
    import random

    from configurator.order.document import _NOT_STRUCTURE, _shape

    rng = random.Random(1818)
    texts = [
        '{"a": "", "b": ""}',
        '{"a": ":", "b": ""}',
        '{"a": "[", "b": "]"}',
        '["", "", "[", "", "]"]',
        '{"": {"": [""]}}',
        '{"k:1": "v]", "k2": "\\"[\\""}',
        *(path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.json"))),
    ]
    for depth in range(1, 7):
        for _ in range(40):
            doc = _nested(rng, depth)
            texts += [json.dumps(doc, ensure_ascii=False), json.dumps(doc, indent=1)]
    fast = 0
    for text in texts:
        raw = text.encode()
        assert _shape(raw) == _shape_before(raw), text
        bare = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
        fast += b'"' not in bare.replace(b'""', b"")  # no string holds a bracket or colon
    assert 0 < fast < len(texts)  # both ways taken


# --- an unreadable spreadsheet or PDF: a plain reason, no reader's class name -------------------------


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_an_unreadable_spreadsheet_or_pdf_is_told_plainly_and_the_details_kept_in_the_log(kind: str) -> None:
    import re

    from configurator.documents.pdfimport import extract_order
    from configurator.session.sheets import read_site_bytes
    from configurator.store.settings import data_dir

    with pytest.raises(KnownError) as info:
        if kind == "xlsx":
            read_site_bytes(b"PK\x03\x04" + b"not a workbook" * 20, "sites.xlsx")
        else:
            broken = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj trailer<</Root 1 0 R>>\n%%EOF"
            extract_order(broken, "quote.pdf")
    for text in (info.value.message, info.value.message_en):
        assert not re.search(r"[A-Z][a-z]+(Error|Exception)\b", text), text  # no (CalamineError) etc.
        assert "壊れて" in text or "damaged" in text, text
        assert "保存" in text or "save" in text.lower(), text  # and what to do instead
    logs = list((data_dir() / "logs").glob("error-*.txt"))
    assert logs and re.search(r"(Error|Exception)", logs[-1].read_text(encoding="utf-8"))
