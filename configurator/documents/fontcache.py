"""The parsed TrueType font, kept between runs (issue #18): ReportLab reads a 6 MB Japanese font's
tables (names, metrics, the character map and every glyph's width and place) each time a process
first makes a PDF, about 35 ms of CPU; read back from the cache it takes a few.

What ReportLab's TTFontFace holds after parsing is written with marshal (plain values only, nothing
that runs code when read) to the app's cache folder (coverage.cache_dir(): the user's cache folder, or
$IIJ_CONFIGURATOR_CACHE), under a name made of the font's path, subfont
index, size, modification time and the ReportLab version. The font file's bytes themselves are read
from the font, never cached. Any fault (no folder, a damaged or stale file, another ReportLab) is
the same as no cache: the font is parsed as before, and the cache rewritten when it can be.
tests/test_documents_fast.py checks that a font from the cache prints the same PDF, byte for byte.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

#: bump when what is stored changes
FORMAT = 1
#: the face's attributes not stored: the font's bytes (read from the file) and a function (rebuilt)
_NOT_STORED = frozenset({"_ttf_data", "_pdfScale"})


def _cache_file(path: str, index: int) -> Path | None:
    from reportlab import Version

    from configurator.documents.coverage import cache_dir

    base = cache_dir()
    try:
        st = os.stat(path)
    except OSError:
        return None
    if base is None:
        return None
    key = f"{FORMAT}|{Version}|{os.path.abspath(path)}|{index}|{st.st_size}|{st.st_mtime_ns}"
    return Path(base) / f"font-{hashlib.sha256(key.encode()).hexdigest()[:32]}.marshal"


def _plain(value: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, TTFNameBytes):
        return ("TTFNameBytes", value.ustr)
    return value


def _restore(value: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, tuple) and len(value) == 2 and value[0] == "TTFNameBytes":
        return TTFNameBytes(value[1].encode("utf-8"), "utf-8")
    return value


def load_font(name: str, path: str, index: int) -> Any:
    """ReportLab's TTFont(name, path, subfontIndex=index), its face parsed once and then cached."""
    from reportlab.pdfbase.ttfonts import TTFont

    where = _cache_file(path, index)
    face = _read(where, path) if where is not None else None
    if face is None:
        font = TTFont(name, path, subfontIndex=index)
        if where is not None:
            _write(where, font.face)
        return font
    return _font_with(name, face)


def _font_with(name: str, face: Any) -> Any:
    """TTFont.__init__ with the face given instead of parsed (ReportLab 4-5: the same attributes)."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _write(where: Path, face: Any) -> None:
    state = {k: _plain(v) for k, v in vars(face).items() if k not in _NOT_STORED}
    try:
        data = marshal.dumps(state)
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, where)
    except (OSError, ValueError):  # a read-only folder, a value marshal cannot write: no cache
        return


def _read(where: Path, path: str) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace

    try:
        state = marshal.loads(where.read_bytes())
        with open(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("unitsPerEm"), int):
        return None
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face.__dict__.update({k: _restore(v) for k, v in state.items()})
    face._ttf_data = data
    units = state["unitsPerEm"]
    if units == 1000:
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / units
        face._pdfScale = lambda x: x * mult
    return face
