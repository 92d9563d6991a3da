"""The order document iij-order/1: load (file or stdin), check its shape, save, edit by JSON pointer.

The document stays a plain JSON object (dict) so that fields other tools add survive a round trip.
Malformed input is refused with MalformedOrder naming the place (JSON pointer and line), never a
traceback.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, BinaryIO

from configurator.errors import MalformedOrder
from configurator.gcpause import gc_paused
from configurator.paths import resource
from configurator.store.files import atomic_write
from configurator.store.reading import read_limited

FORMAT = "iij-order/1"
SCHEMA_FILE = "iij-order-1.schema.json"
#: Largest order file accepted. A 1,000-site order is about 0.5 MB; 10,000 sites about 5 MB.
MAX_BYTES = 20 * 1024 * 1024

Order = dict[str, Any]


@cache
def schema() -> dict[str, Any]:
    with open(resource("schema", SCHEMA_FILE), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
        return data


@cache
def field_limit(pointer: str) -> int | None:
    """The longest text the order format lets the field at `pointer` hold (its schema's maxLength: 10,000
    for a text, 200 for an ID or an address line), None when it sets none. `pointer` with "-" for each
    list index (one entry per field, whatever row)."""
    data = schema()
    node: Any = data
    for part in pointer.strip("/").split("/"):
        while isinstance(node, dict) and "$ref" in node:
            node = data["$defs"][node["$ref"].rsplit("/", 1)[1]]
        if not isinstance(node, dict):
            return None
        node = node.get("items") if part == "-" else (node.get("properties") or {}).get(part)
    while isinstance(node, dict) and "$ref" in node:
        node = data["$defs"][node["$ref"].rsplit("/", 1)[1]]
    limit = node.get("maxLength") if isinstance(node, dict) else None
    return int(limit) if isinstance(limit, int) else None


@cache
def _validator() -> Any:
    """The detailed validator (jsonschema): used only to explain a document the fast check refused,
    with the JSON pointer and line of each fault."""
    import jsonschema  # imported on a refused document only: it is the heaviest import of the CLI

    cls = jsonschema.validators.validator_for(schema())
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(real_date)
    return cls(schema(), format_checker=checker)


@cache
def _fast_validator() -> Any:
    """The compiled validator (jsonschema-rs): about 1 ms for a 1,000-site order, where jsonschema
    takes about 340 ms. It only says valid or not; a refused document goes to _validator()."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(), validate_formats=True, formats={"date": real_date})


def real_date(value: object) -> bool:
    """The schemas' "date" format: a day of the calendar (not 2026-02-30, not year 0000). Only the
    format of a string is judged; the schema's type and pattern say the rest."""
    if not isinstance(value, str):
        return True
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def schema_errors(doc: Any) -> list[Any]:
    """The schema faults of a document, in document order (empty when it is valid)."""
    if _fast_validator().is_valid(doc):
        return []
    return sorted(
        _validator().iter_errors(doc), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))
    )


# --- reading ------------------------------------------------------------------------------


#: What an order file is called in the messages of read_bytes (Japanese, English).
ORDER_FILE = ("注文ファイル(.iij-order.json)", "an order file (.iij-order.json)")


def read_bytes(
    source: str | os.PathLike[str],
    stdin: BinaryIO | None = None,
    expect: tuple[str, str] = ORDER_FILE,
) -> tuple[bytes, str]:
    """Read at most MAX_BYTES from a path or '-' (stdin). Returns (bytes, display name). A larger
    regular file is refused from its size, unread; every refusal is a MalformedOrder (exit 2)."""
    return read_limited(source, MAX_BYTES, expect=expect, error=MalformedOrder, stdin=stdin)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # in C; only an object with a repeated key is looked at pair by pair
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _sizes_into(sizes: list[int]) -> Any:
    append = sizes.append

    def record(obj: dict[str, Any]) -> dict[str, Any]:
        append(len(obj))
        return obj

    return record


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


#: Deepest nesting of arrays and objects accepted in any JSON the app reads (an order is about 6 deep).
MAX_DEPTH = 64
#: Every number the app reads stays below this in size: no yen amount, count or date part comes near
#: it, and nothing later (sums, tax, formatting) overflows or runs for minutes on it.
MAX_NUMBER = 10**15
_MAX_DIGITS = len(str(MAX_NUMBER)) + 1  # digits of a literal parsed before its size is checked


class _TooLarge(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _checked_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _TooLarge(text)
    value = int(text)
    if abs(value) >= MAX_NUMBER:
        raise _TooLarge(text)
    return value


def _checked_float(text: str) -> float:
    if len(text) > 400:
        raise _TooLarge(text)
    value = float(text)
    if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
        raise _TooLarge(text)
    return value


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)}桁)"


#: where a lone surrogate can come from: a \\ud800-\\udfff escape, or (text given as str) the character
_SURROGATE_ESCAPE = rb"\\u[dD][89a-fA-F]"  # looked for in the UTF-8, where "\\" is told by memchr
_SURROGATE = "[\ud800-\udfff]"  # both compiled by re's cache on first use, not at the app's start
#: a run of digits as long as MAX_NUMBER's: only then are integers parsed one by one and bounded
#: (the hook doubles the parse time of a large order; a shorter integer is below MAX_NUMBER anyway).
#: Looked for in the UTF-8 with every digit made "0" and every other byte "." (bytes.translate, in C:
#: a regular expression took 30 ms on a 5,000-site order, trying a match at every digit).
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else 0x2E for b in range(256))
_LONG_RUN = b"0" * len(str(MAX_NUMBER))


def _has_long_digits(raw: bytes) -> bool:
    return _LONG_RUN in raw.translate(_DIGITS_AS_ZERO)


def _may_hold_surrogate(raw: bytes, text: str, decoded: bool) -> bool:
    if b"\\" in raw and re.search(_SURROGATE_ESCAPE, raw):
        return True
    return not decoded and re.search(_SURROGATE, text) is not None  # UTF-8 bytes decode to none


def _unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: The bytes of JSON text that say how it is built: the brackets (both kinds written as "[" and "]",
#: the text being valid JSON they pair up alike), the colons and the quotes around strings; every other
#: byte is dropped (bytes.translate, in C). No byte of a UTF-8 sequence of a non-ASCII character is
#: among them.
_AS_BRACKETS = bytes(0x5B if b == 0x7B else 0x5D if b == 0x7D else b for b in range(256))
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}:')


def _shape(raw: bytes) -> bytes:
    """The brackets and colons of `raw`, the UTF-8 of text json.loads has just read (so that its
    brackets and quotes are known to pair up), outside strings: one colon for each member of an object,
    brackets nesting as the document does. Made in C, without walking the parsed document: the escaped
    backslashes and quotes are dropped, then all but brackets, colons and quotes, then the strings (a
    string keeps at most its brackets and colons, and most strings have none)."""
    if b"\\" in raw:  # pairs from the left, as JSON reads a run of backslashes; then \" (one quote)
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    shape = raw.translate(_AS_BRACKETS, _NOT_STRUCTURE)
    if 2 * shape.count(b'""') == shape.count(b'"'):
        # every run of quotes is of even length: every string is empty here (the first string with
        # something in it would end a run of odd length with its opening quote), so the quotes go
        # (translate, in C: replacing each "" took 1 ms at 5,000 sites)
        return shape.translate(None, b'"')
    shape = shape.replace(b'""', b"")
    if b'"' in shape:  # a string with a bracket or colon in it: the parts between the quotes are strings
        shape = b"".join(shape.split(b'"')[::2])
    return shape


def _too_deep(shape: bytes) -> bool:
    """Nesting deeper than MAX_DEPTH, judged on the _shape() of the text (about 2 ms for a 5,000-site
    order; walking the parsed document took 9-12 ms): each pass of removing "[]" removes one level, so
    that brackets remain after MAX_DEPTH passes only when the text nests deeper."""
    shape = shape.translate(None, b":")
    for _depth in range(MAX_DEPTH):
        shape = shape.replace(b"[]", b"")
        if not shape:
            return False
    return True


def _find(doc: Any, bad: Any) -> str | None:
    """The JSON pointer of the first place where bad(value, depth) holds (run on a refused document
    only: it builds every pointer)."""
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if bad(item, depth):
            return where
        if isinstance(item, dict | list):
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for k, v in pairs:
                key = str(k)
                if bad(key, depth + 1):
                    return where
                stack.append((v, f"{where}/{key.replace('~', '~0').replace('/', '~1')}", depth + 1))
    return None


def _where_unreadable(
    doc: Any, raw: bytes, text: str, decoded: bool, shape: bytes | None = None
) -> tuple[str, str, str] | None:
    """The first place of a parsed document the app cannot work with: nesting deeper than MAX_DEPTH,
    text that is not Unicode (a lone surrogate such as \\ud800; looked for only when the source text
    can hold one). Numbers were bounded while parsing. `raw`: the source as UTF-8 (surrogates passed).
    `shape`: its _shape(), if made already. Returns (pointer, Japanese, English) or None."""
    if isinstance(doc, dict | list) and _too_deep(_shape(raw) if shape is None else shape):
        where = _find(doc, lambda v, depth: depth >= MAX_DEPTH and isinstance(v, dict | list)) or ""
        return where, f"入れ子が深すぎます({MAX_DEPTH}段まで)", f"nested deeper than {MAX_DEPTH}"
    if _may_hold_surrogate(raw, text, decoded):
        found = _find(doc, lambda v, depth: isinstance(v, str) and not _unicode(v))
        if found is not None:
            return found, "対になっていないサロゲート文字(\\ud800 など)があります", "unpaired surrogate"
    return None


#: `what` of load_json in English, for its messages
_WHAT_EN = {
    "注文ファイル(.iij-order.json)": "an order file (.iij-order.json)",
    "価格表(iij-pricebook/1 の JSON)": "a price book (iij-pricebook/1 JSON)",
    "変更・解約申込のファイル": "a change or cancellation order file",
    "設定ファイル(settings.json)": "the settings file (settings.json)",
}


def _refuse_other_kinds(data: bytes, source: str | None, what: str) -> None:
    """A PDF or a spreadsheet given where JSON was expected is named for what it is (its NUL bytes or
    its first byte were told instead, which did not say what to give)."""
    if data.startswith(b"%PDF-"):
        from_pdf = "価格表" not in what and "設定" not in what
        raise MalformedOrder(
            f"PDFファイルです。{what}を指定してください。"
            + (
                "このアプリで作ったPDFからは、`iij-configurator import PDF -o 注文.iij-order.json` で"
                "注文を取り出せます。"
                if from_pdf
                else ""
            ),
            "This is a PDF file; give the JSON file."
            + (
                " From a PDF this app made, `iij-configurator import PDF -o ORDER.iij-order.json` takes the "
                "order back out."
                if from_pdf
                else ""
            ),
            source=source,
        )
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise MalformedOrder(
            f"表計算ソフト(Excelなど)かZIPのファイルです。{what}を指定してください。",
            "This is a spreadsheet (Excel) or ZIP file; give the JSON file.",
            source=source,
        )


def load_json(
    data: bytes | str, source: str | None = None, what: str = "注文ファイル(.iij-order.json)"
) -> Any:
    """The one guarded reader of every JSON the app reads, whatever its source (a file, standard
    input, a PDF's attachment, a price book, a change or cancellation order). Refuses, with
    MalformedOrder (exit 2) naming the place: a NUL byte, text that is not UTF-8, an empty input,
    JSON syntax errors, a key twice in one object, NaN and Infinity, nesting deeper than MAX_DEPTH,
    a number of MAX_NUMBER or more (a 4,301-digit literal included), a lone surrogate. `what` names
    what was expected, for the messages."""
    if isinstance(data, bytes):
        _refuse_other_kinds(data, source, what)
        if b"\x00" in data:
            pos = data.index(b"\x00")
            raise MalformedOrder(
                f"NUL文字(0x00)が含まれています({pos + 1}バイト目)。"
                "テキストのJSONファイルを指定してください。",
                f"The input contains a NUL byte (at byte {pos + 1}). Give a JSON text file.",
                line=data.count(b"\n", 0, pos) + 1,
                source=source,
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MalformedOrder(
                f"UTF-8として読めません({exc.start + 1}バイト目)。UTF-8で保存し直してください。",
                f"Not valid UTF-8 (at byte {exc.start + 1}). Save the file as UTF-8.",
                line=data.count(b"\n", 0, exc.start) + 1,
                source=source,
            ) from None
        raw = data
    else:
        text = data
        raw = text.encode("utf-8", "surrogatepass")  # what the checks of the bytes read
        if "\x00" in text:
            pos = text.index("\x00")
            raise MalformedOrder(
                "NUL文字(0x00)が含まれています。テキストのJSONファイルを指定してください。",
                "The input contains a NUL character.",
                line=_line_of(text, pos),
                source=source,
            )
    if not text or text.isspace():  # strip() would copy the whole text (it ends with a newline)
        raise MalformedOrder(
            f"空のファイルです。{what}を指定してください。",
            f"The input is empty. Give {_WHAT_EN.get(what, 'the JSON file')}.",
            source=source,
        )
    parse_int = _checked_int if _has_long_digits(raw) else None
    shape: bytes | None = None
    try:
        with gc_paused():  # parsing makes no reference cycles; collections during it cost a third
            # A key twice in one object is told by counting: the members of the objects read (their
            # sizes, recorded by a hook that costs a quarter of the one that saw every pair) against
            # the colons of the text. Any difference or fault: read again with the pair-by-pair hook,
            # which refuses with the same message, for the same first fault, as always.
            sizes: list[int] = []
            try:
                doc = json.loads(
                    text,
                    object_hook=_sizes_into(sizes),
                    parse_constant=_refuse_constant,
                    parse_int=parse_int,
                    parse_float=_checked_float,
                )
                shape = _shape(raw)
                once = sum(sizes) == shape.count(b":")
            except (ValueError, RecursionError):
                once = False
            if not once:
                doc = json.loads(
                    text,
                    object_pairs_hook=_no_duplicate_keys,
                    parse_constant=_refuse_constant,
                    parse_int=parse_int,
                    parse_float=_checked_float,
                )
    except json.JSONDecodeError as exc:
        if _ends_early(text, exc):
            raise MalformedOrder(
                f"JSONとして読めません({exc.lineno}行{exc.colno}文字目で{what}が途中で終わっています)。"
                "括弧 } ] や引用符 \" の閉じ忘れか、保存・コピーが途中で止まったようです。"
                "元のファイルを確かめてください。",
                f"Not valid JSON: the input ends early (line {exc.lineno}, column {exc.colno}). A bracket or "
                "quote was left open, or the file was saved or copied only in part: check the original.",
                line=exc.lineno,
                source=source,
            ) from None
        raise MalformedOrder(
            f"JSONとして読めません({exc.lineno}行{exc.colno}文字目: {_json_reason(exc.msg)})。",
            f"Not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            line=exc.lineno,
            source=source,
        ) from None
    except _DuplicateKey as exc:
        raise MalformedOrder(
            f"キー \"{exc.key}\" が同じオブジェクトに2回あります。1つにしてください。",
            f'Key "{exc.key}" appears twice in one object.',
            source=source,
        ) from None
    except _TooLarge as exc:
        raise MalformedOrder(
            f"数値 {_short(exc.text)} が大きすぎます({len(str(MAX_NUMBER)) - 1}桁まで)。"
            "値を確認してください。",
            f"The number {_short(exc.text)} is too large.",
            source=source,
        ) from None
    except ValueError as exc:
        raise MalformedOrder(
            f"JSONで使えない値 {_short(str(exc))} が含まれています。数値か null にしてください。",
            f"The value {_short(str(exc))} is not allowed in JSON.",
            source=source,
        ) from None
    except RecursionError:
        raise MalformedOrder(
            f"入れ子が深すぎるJSONです({MAX_DEPTH}段まで)。{what}か確認してください。",
            "The JSON is nested too deeply.",
            source=source,
        ) from None
    with gc_paused():
        fault = _where_unreadable(doc, raw, text, isinstance(data, bytes), shape)
    if fault is not None:
        ptr, ja, en = fault
        raise MalformedOrder(
            f"{ja}。値を直してください。", en, pointer=ptr, line=_line_for(text, ptr), source=source
        )
    return doc


def parse(data: bytes | str, source: str | None = None) -> Order:
    """Parse and check an order document. Raises MalformedOrder with the place of the fault."""
    doc = load_json(data, source)
    if isinstance(data, str):
        return check(doc, text=data, source=source)
    try:
        return check(doc, source=source)
    except MalformedOrder:  # the same fault again, now with its line (the text decoded only for it)
        return check(doc, text=data.decode("utf-8-sig", "replace"), source=source)


_JSON_REASONS = {
    "Expecting value": "値がありません",
    "Expecting property name enclosed in double quotes": "キーは二重引用符で囲んでください",
    "Expecting ',' delimiter": "カンマがありません",
    "Expecting ':' delimiter": "コロンがありません",
    "Extra data": "JSONの後に余分なデータがあります",
    "Unterminated string starting at": "文字列が閉じていません",
    "Invalid control character at": "文字列に制御文字があります",
}


def _ends_early(text: str, exc: json.JSONDecodeError) -> bool:
    """The text stops before the document is whole (a file cut short): the parser wanted more where the
    text ends, or a string was never closed (only the end of the text leaves one open)."""
    if exc.msg.startswith("Unterminated string"):
        return True
    if exc.msg == "Extra data":
        return False
    return not text[exc.pos :].strip()


def _json_reason(msg: str) -> str:
    return _JSON_REASONS.get(msg, msg)


def pointer(parts: Iterator[Any] | list[Any] | tuple[Any, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


_TYPE_JA = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "boolean": "true/false",
    "object": "オブジェクト",
    "array": "配列",
    "null": "null",
}


def _schema_message(error: Any) -> tuple[str, str]:
    validator = error.validator
    if validator == "type":
        expected = error.validator_value
        types = expected if isinstance(expected, list) else [expected]
        ja = "・".join(_TYPE_JA.get(str(t), str(t)) for t in types)
        return (f"{ja} で指定してください。", f"must be {' or '.join(types)}")
    if validator == "required":
        missing = [p for p in error.validator_value if p not in (error.instance or {})]
        name = missing[0] if missing else "?"
        return (f"必須の項目 \"{name}\" がありません。", f'required field "{name}" is missing')
    if validator == "const":
        return (
            f"値は {json.dumps(error.validator_value, ensure_ascii=False)} にしてください。",
            error.message,
        )
    if validator == "enum":
        vals = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return (f"値は {vals} のいずれかにしてください。", error.message)
    if validator == "minimum":
        return (f"{error.validator_value} 以上の値にしてください。", error.message)
    if validator in ("maxLength", "minLength"):
        return ("文字数が範囲外です。", error.message)
    if validator == "pattern":
        return ("形式が違います(日付は YYYY-MM-DD)。", error.message)
    if validator == "format" and error.validator_value == "date":
        return (
            f"{json.dumps(error.instance, ensure_ascii=False)} という日付はありません。"
            "暦にある日付にしてください。",
            f"{error.instance!r} is not a real date",
        )
    if validator == "oneOf":
        return ("null か拠点のオブジェクトにしてください。", error.message)
    return (str(error.message), str(error.message))


def check(doc: Any, text: str | None = None, source: str | None = None) -> Order:
    """Check the shape of a parsed document (format, types, unique ids)."""
    if not isinstance(doc, dict):
        raise MalformedOrder(
            "注文ファイルの最上位はJSONオブジェクト({ … })である必要があります。",
            "The top level of an order must be a JSON object.",
            pointer="",
            source=source,
        )
    fmt = doc.get("format")
    if fmt != FORMAT:
        if fmt is None:
            ja = f'"format" がありません。"{FORMAT}" を指定してください。'
            en = f'"format" is missing; it must be "{FORMAT}".'
        elif isinstance(fmt, str) and fmt.startswith("iij-order/"):
            ja = f'形式 "{fmt}" はこの版では読めません(読める形式: {FORMAT})。アプリを更新してください。'
            en = f'Format "{fmt}" is not supported by this version (supported: {FORMAT}).'
        else:
            ja = f'"format" が "{FORMAT}" ではありません。IIJ注文ファイルか確認してください。'
            en = f'"format" is not "{FORMAT}": is this an IIJ order file?'
        raise MalformedOrder(ja, en, pointer="/format", line=_line_for(text, "/format"), source=source)
    errors = schema_errors(doc)
    if errors:
        err = errors[0]
        ptr = pointer(err.absolute_path)
        ja, en = _schema_message(err)
        extra = f"(ほか{len(errors) - 1}件)" if len(errors) > 1 else ""
        raise MalformedOrder(
            f"値が不正です: {ja}{extra}",
            f"{ptr or '/'}: {en}",
            pointer=ptr,
            line=_line_for(text, ptr),
            source=source,
        )
    _check_unique_ids(doc, text, source)
    return doc


def _check_unique_ids(doc: Order, text: str | None, source: str | None) -> None:
    seen_net: dict[str, str] = {}
    for i, net in enumerate(doc.get("vpn_networks") or []):
        p = f"/vpn_networks/{i}"
        _unique(seen_net, net["id"], p + "/id", "VPN網", text, source)
        # a site id may recur across networks (the same site, judged by vpn.topology.*),
        # but never twice inside one network
        in_net: dict[str, str] = {}
        if net.get("parent"):
            in_net[net["parent"]["id"]] = p + "/parent/id"
        children = net.get("children") or []
        ids = {child["id"] for child in children}  # no id twice: no pointer need be made (5,000 sites)
        if len(ids) == len(children) and ids.isdisjoint(in_net):
            continue
        for j, child in enumerate(children):
            _unique(in_net, child["id"], f"{p}/children/{j}/id", "拠点", text, source)
    seen: dict[str, str] = {}
    for i, unit in enumerate(doc.get("auth_units") or []):
        p = f"/auth_units/{i}"
        _unique(seen, unit["id"], p + "/id", "管理単位", text, source)
        for key in ("clients", "proxies", "vpdns"):
            for j, child in enumerate(unit.get(key) or []):
                _unique(seen, child["id"], f"{p}/{key}/{j}/id", "契約", text, source)


def _unique(
    seen: dict[str, str], key: str, ptr: str, what: str, text: str | None, source: str | None
) -> None:
    if key in seen:
        raise MalformedOrder(
            f'{what}ID "{key}" が {seen[key]} と重複しています。別のIDにしてください。',
            f'{what} id "{key}" duplicates {seen[key]}.',
            pointer=ptr,
            line=_line_for(text, ptr),
            source=source,
        )
    seen[key] = ptr


def _line_for(text: str | None, ptr: str) -> int | None:
    """The 1-based line of a JSON pointer in the source text (computed only on error)."""
    if text is None:
        return None
    try:
        import json_source_map

        smap = json_source_map.calculate(text)
    except Exception:
        return None
    while True:
        entry = smap.get(ptr)
        if entry is not None:
            return int(entry.value_start.line) + 1
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]


def load(source: str | os.PathLike[str], stdin: BinaryIO | None = None) -> Order:
    data, label = read_bytes(source, stdin)
    return parse(data, source=label)


# --- writing ------------------------------------------------------------------------------


def dumps(doc: Order) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def save(doc: Order, path: str | os.PathLike[str]) -> None:
    atomic_write(path, dumps(doc).encode("utf-8"))
