"""Which characters the documents can print: the one coverage table of a set of TrueType fonts, read
from their own cmap tables without ReportLab (validate never loads it) and shared by `validate`'s
warning (configurator.tariff.checks.printing) and the PDF builders (configurator.documents.fonts).

A table is a sorted list of code point ranges. Reading the cmaps of the Japanese font and its two
fallbacks costs about 30 ms, so the merged table is kept in the user's cache folder, keyed by each
font file's path, size and modification time: a later process reads it back in well under 1 ms.
A cache that cannot be read or written is only a slower start, never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

#: Characters that only modify the one before them (variation selectors, the zero-width joiner):
#: never printed on their own, so never reported as missing.
MODIFIERS = frozenset([0x200C, 0x200D, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])

ENV_CACHE = "IIJ_CONFIGURATOR_CACHE"
_MAGIC = b"IIJcov2\n"
_ASCII = bytes(range(0x80))
#: the non-ASCII text from which outside() reads code points from UTF-32 in the machine's byte order
_LONG = 512
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


class Coverage:
    """The code points some fonts print, as sorted half-open ranges [start, end) flattened into
    `bounds` (start0, end0, start1, end1, ...): a code is covered when bisect puts it at an odd place."""

    __slots__ = ("__dict__", "bounds")

    def __init__(self, bounds: Sequence[int]) -> None:
        self.bounds = array("I", bounds)

    @classmethod
    def from_ranges(cls, ranges: Iterable[tuple[int, int]]) -> Coverage:
        """From (start, end) pairs, end exclusive, in any order and overlapping or not."""
        merged: list[int] = []
        for start, end in sorted(ranges):
            if start >= end:
                continue
            if merged and start <= merged[-1]:
                merged[-1] = max(merged[-1], end)
            else:
                merged += (start, end)
        return cls(merged)

    def ranges(self) -> list[tuple[int, int]]:
        b = self.bounds
        return [(b[k], b[k + 1]) for k in range(0, len(b), 2)]

    def union(self, *others: Coverage) -> Coverage:
        return Coverage.from_ranges(r for c in (self, *others) for r in c.ranges())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and bisect_right(self.bounds, code) % 2 == 1

    def __len__(self) -> int:
        b = self.bounds
        return sum(b[k + 1] - b[k] for k in range(0, len(b), 2))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Coverage) and self.bounds == other.bounds

    __hash__ = None  # type: ignore[assignment]

    @cached_property
    def codes(self) -> frozenset[int]:
        """Every covered code point as a set: for callers asking about each character of long texts."""
        b = self.bounds
        return frozenset(code for k in range(0, len(b), 2) for code in range(b[k], b[k + 1]))

    @cached_property
    def _ascii_missing(self) -> tuple[str, ...]:
        return tuple(chr(c) for c in range(0x20, 0x80) if c not in self)

    def printable(self, ch: str) -> bool:
        """Whether `ch` prints: covered, or a control character or modifier (never printed alone)."""
        code = ord(ch)
        return code < 0x20 or code in MODIFIERS or code in self

    def missing(self, text: str) -> list[str]:
        """The characters of `text` that no font of this table prints, each once, in order."""
        if not self.outside(text):
            return []
        seen: list[str] = []
        for ch in text:
            if ch not in seen and not self.printable(ch):
                seen.append(ch)
        return seen

    def outside(self, text: str | bytes) -> set[str]:
        """The distinct characters of `text` (or of its UTF-8) not printed, found at the speed of C:
        the non-ASCII part of the UTF-8 is kept (bytes.translate), so only its few distinct
        characters are looked up."""
        if isinstance(text, str):
            if text.isascii():
                return {ch for ch in self._ascii_missing if ch in text}
            text = text.encode("utf-8", "surrogatepass")
        bad = {ch for ch in self._ascii_missing if ch.encode("ascii") in text}
        rest = text.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        if len(rest) < _LONG:
            return bad | {ch for ch in set(rest) if not self.printable(ch)}
        # a long text: its distinct code points as integers, read from its UTF-32 (half the time of
        # set(rest), which made a string of each character and hashed it)
        codes = set(memoryview(rest.encode(_UTF32, "surrogatepass")).cast("I"))
        return bad | {chr(code) for code in codes if not self.printable(chr(code))}


# --- the document walk, one for validate and the PDFs alike ---------------------------------------


def unprintable_fields(
    document: Any, coverage: Coverage, source: str | bytes | None = None
) -> list[tuple[str, str]]:
    """(JSON pointer, character) for each character of the document's text outside `coverage`.
    A first look at the whole document as JSON text (C speed) settles the usual case, where every
    character prints; only then is the document walked to name the fields. `source`, the JSON the
    document was read from, spares writing it out again for that look (unless it holds \\u escapes,
    which would hide the characters they stand for)."""
    whole: str | bytes | None = source
    if isinstance(whole, str):
        whole = whole.encode("utf-8", "surrogatepass")
    if whole is None or (b"\\" in whole and b"\\u" in whole):  # memchr first: the pair is a slower search
        try:
            whole = json.dumps(document, ensure_ascii=False, check_circular=False)
        except (TypeError, ValueError, RecursionError):
            whole = None
    if whole is not None and not coverage.outside(whole):
        return []
    out: list[tuple[str, str]] = []

    def walk(value: Any, pointer: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{pointer}/{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, f"{pointer}/{n}")
        elif isinstance(value, str):
            out.extend((pointer, ch) for ch in coverage.missing(value))

    walk(document, "")
    return out


# --- one font's cmap, read without ReportLab --------------------------------------------------------


def _tables(fh: Any, index: int) -> dict[bytes, tuple[int, int]]:
    """{tag: (offset, length)} of a TrueType font's tables (of subfont `index` in a .ttc)."""
    head = fh.read(12)
    offset = 0
    if head[:4] == b"ttcf":
        fh.seek(12 + 4 * index)
        offset = struct.unpack(">I", fh.read(4))[0]
        fh.seek(offset)
        head = fh.read(12)
    num = struct.unpack(">H", head[4:6])[0]
    fh.seek(offset + 12)
    out = {}
    for _ in range(num):
        tag, _sum, where, length = struct.unpack(">4sIII", fh.read(16))
        out[tag] = (where, length)
    return out


def _format4(data: bytes) -> list[tuple[int, int]]:
    seg = struct.unpack(">H", data[6:8])[0] // 2
    ends = struct.unpack(f">{seg}H", data[14 : 14 + 2 * seg])
    base = 16 + 2 * seg
    starts = struct.unpack(f">{seg}H", data[base : base + 2 * seg])
    deltas = struct.unpack(f">{seg}h", data[base + 2 * seg : base + 4 * seg])
    range_at = base + 4 * seg
    offsets = struct.unpack(f">{seg}H", data[range_at : range_at + 2 * seg])
    out: list[tuple[int, int]] = []
    for k in range(seg):
        for code in range(starts[k], ends[k] + 1):
            if code == 0xFFFF:
                continue
            if offsets[k] == 0:
                glyph = (code + deltas[k]) & 0xFFFF
            else:
                at = range_at + 2 * k + offsets[k] + 2 * (code - starts[k])
                glyph = struct.unpack(">H", data[at : at + 2])[0] if at + 2 <= len(data) else 0
                glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
            if glyph:
                out.append((code, code + 1))
    return out


def _format12(data: bytes) -> list[tuple[int, int]]:
    groups = struct.unpack(">I", data[12:16])[0]
    return [
        (start if glyph else start + 1, end + 1)
        for start, end, glyph in struct.iter_unpack(">III", data[16 : 16 + 12 * groups])
    ]


def read_cmap(path: str, index: int = 0) -> Coverage | None:
    """The code points a TrueType font maps to a glyph (Unicode cmap, format 12 or 4), as ReportLab
    reads them (a space gives the no-break space and the reverse); None when the file cannot be read
    as one."""
    try:
        with open(path, "rb") as fh:
            tables = _tables(fh, index)
            if b"cmap" not in tables:
                return None
            where, length = tables[b"cmap"]
            fh.seek(where)
            cmap = fh.read(length)
    except (OSError, struct.error):
        return None
    ranges: list[tuple[int, int]] | None = None
    try:
        count = struct.unpack(">H", cmap[2:4])[0]
        subtables = {}
        for k in range(count):
            platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * k : 12 + 8 * k])
            subtables[(platform, encoding)] = offset
        fmt = {key: struct.unpack(">H", cmap[at : at + 2])[0] for key, at in subtables.items()}
        for key in ((3, 10), (0, 4), (0, 6)):
            if fmt.get(key) == 12:
                ranges = _format12(cmap[subtables[key] :])
                break
        else:
            for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
                if fmt.get(key) == 4:
                    ranges = _format4(cmap[subtables[key] :])
                    break
    except struct.error:
        return None
    if ranges is None:
        return None
    table = Coverage.from_ranges(ranges)
    if (0x20 in table) != (0xA0 in table):
        table = Coverage.from_ranges([*ranges, (0x20, 0x21), (0xA0, 0xA1)])
    return table


# --- the table of a set of fonts, kept in memory and in the cache folder --------------------------

_memory: dict[tuple[Any, ...], Coverage | None] = {}


def cache_dir() -> str | None:
    env = os.environ.get(ENV_CACHE)
    if env:
        return env
    try:
        from platformdirs import user_cache_dir

        return user_cache_dir("iij-configurator", appauthor=False)
    except Exception:  # no cache folder on this machine: only slower
        return None


def _identity(fonts: Sequence[tuple[str, int]]) -> tuple[Any, ...] | None:
    out = []
    for path, index in fonts:
        try:
            st = os.stat(path)
        except OSError:
            return None
        out.append((os.path.abspath(path), index, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _cache_file(identity: tuple[Any, ...]) -> tuple[str, bytes] | None:
    """The cache file of a set of fonts and the identity written in it (a file whose name matches by
    chance but holds another identity is not believed)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = json.dumps(identity).encode("utf-8")
    name = f"font-coverage-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.bin"
    return os.path.join(folder, name), key


def _read_cached(path: str, key: bytes) -> Coverage | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + 12
    if len(data) < head or data[: len(_MAGIC)] != _MAGIC:
        return None
    size, count, crc = struct.unpack("<III", data[len(_MAGIC) : head])
    if data[head : head + size] != key:
        return None
    body = data[head + size :]
    if len(body) != 4 * count or zlib.crc32(body) != crc or count % 2:
        return None
    bounds = array("I")
    bounds.frombytes(body)
    if sys.byteorder != "little":
        bounds.byteswap()
    return Coverage(bounds)


def _write_cached(path: str, key: bytes, table: Coverage) -> None:
    bounds = array("I", table.bounds)
    if sys.byteorder != "little":
        bounds.byteswap()
    body = bounds.tobytes()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + struct.pack("<III", len(key), len(bounds), zlib.crc32(body)) + key + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)


def font_set_coverage(fonts: Sequence[tuple[str, int]]) -> Coverage | None:
    """What the fonts (path, subfont index), together, print; None when the first cannot be read as a
    TrueType font (the caller falls back to the CID font, which prints what it is given). A later
    font that cannot be read adds nothing."""
    identity = _identity(fonts) if fonts else None
    if identity is None:
        return _union(fonts)
    if identity in _memory:
        return _memory[identity]
    cache_file = _cache_file(identity)
    table = _read_cached(*cache_file) if cache_file else None
    if table is None:
        table = _union(fonts)
        if table is not None and cache_file:
            _write_cached(*cache_file, table)
    _memory[identity] = table
    return table


def _union(fonts: Sequence[tuple[str, int]]) -> Coverage | None:
    tables = [read_cmap(path, index) for path, index in fonts]
    if not tables or tables[0] is None:
        return None
    return tables[0].union(*(t for t in tables[1:] if t is not None))


def clear_memory() -> None:
    """Forget the tables read in this process (tests)."""
    _memory.clear()
