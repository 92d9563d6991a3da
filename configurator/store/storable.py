"""What the draft store can hold and read back: an order that can be stored (no lone surrogate, NaN,
out-of-range number, or nesting too deep — where_unstorable names the place), and text read from a
record that may be damaged (decoded_text, sound_text, stored_document)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from configurator.store.faults import StoreError

#: numbers in a stored order stay below this (no yen amount, count or date part comes near it)
MAX_STORED_INT = 10**18


class Undecodable(str):
    """Text in the store that is not valid UTF-8 — damage inside a record, which quick_check does not
    see. What could be read, with U+FFFD for the rest; the store tells it from sound text."""


def decoded_text(raw: bytes) -> str:
    """The connection's text_factory: never an exception while reading (that made every list fail)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw.decode("utf-8", "replace"))


def sound_text(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, Undecodable)


def sound_time(value: Any) -> bool:
    if not sound_text(value):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def stored_document(text: Any) -> tuple[dict[str, Any] | None, str]:
    """A stored revision as an order, or None and what is wrong with it."""
    if not sound_text(text):
        return None, "UTF-8として読めない文字"
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return None, f"JSONとして読めません: {str(exc)[:80]}"
    if not isinstance(doc, dict):
        return None, "注文(JSONのオブジェクト)ではありません"
    return doc, ""


MAX_SQL_INT = 2**63 - 1


def in_sql_range(value: Any) -> bool:
    """An id or revision number SQLite can hold (a bigger one cannot name anything stored)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_SQL_INT


def _storable_number(value: float) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) < MAX_STORED_INT


def _where_unstorable(value: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first text that is not Unicode (a lone surrogate) or number that is
    out of range, or None."""
    stack: list[tuple[Any, str]] = [(value, pointer)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where or "/"
        elif isinstance(item, float | int) and not isinstance(item, bool) and not _storable_number(item):
            return where or "/"
        elif isinstance(item, dict):
            for k, v in item.items():
                key = str(k)
                try:
                    key.encode("utf-8")
                except UnicodeEncodeError:
                    return where or "/"
                stack.append((v, f"{where}/{key.replace('~', '~0').replace('/', '~1')}"))
        elif isinstance(item, list):
            stack.extend((v, f"{where}/{n}") for n, v in enumerate(item))
    return None


def serialise(doc: dict[str, Any]) -> str:
    """The order as stored: JSON that reads back the same. What cannot be stored — text that is not
    Unicode (a lone surrogate such as \\ud800), NaN or infinity, a number of 19 digits or more,
    nesting deeper than Python can write — is a StoreError that says where, and nothing is saved."""
    where = _where_unstorable(doc)
    if where is None:
        try:
            text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
            text.encode("utf-8")
            return text
        except (ValueError, RecursionError, TypeError):
            where = "/"
    raise StoreError(
        f"注文の {where} に保存できない値があります(対になっていないサロゲート文字、NaN・無限大、"
        f"{len(str(MAX_STORED_INT)) - 1}桁を超える数、深すぎる入れ子のいずれか)。"
        "その値を直してから保存してください。",
        f"The order has a value at {where} that cannot be stored (an unpaired surrogate, NaN or infinity, a "
        "number too large, or nesting too deep); correct it and save again.",
    )
