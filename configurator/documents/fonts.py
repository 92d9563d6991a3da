"""Finding a Japanese TrueType font ReportLab can embed as a subset.

Order: the font the user configured (settings "pdf_font": path, and "pdf_font_index" for a .ttc),
a font bundled with the app (resources/fonts/), known system fonts (IPAex Gothic/Mincho from
fonts-ipaexfont, Windows' TrueType collections with their subfont index). OpenType/CFF fonts
('OTTO') and variable fonts (an 'fvar' table) are skipped: ReportLab cannot embed them. Only when
none is found, the built-in CID font HeiseiKakuGo-W5 is used, which is not embedded: the caller
shows a visible warning.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from configurator.documents.coverage import MODIFIERS, Coverage, font_set_coverage
from configurator.paths import resource

CID_FALLBACK = "HeiseiKakuGo-W5"

#: (path, subfont index) of system fonts known to work, most wanted first.
SYSTEM_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0),
    ("C:/Windows/Fonts/msgothic.ttc", 0),
    ("C:/Windows/Fonts/meiryo.ttc", 0),
    ("C:/Windows/Fonts/YuGothM.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)

#: TrueType fonts for the characters the main font lacks, tried in order, one character at a time:
#: IPAmj Mincho (fonts-ipamj-mincho: 𠮷 and the rest of the 文字情報基盤's 58,000 kanji) and Symbola
#: (fonts-symbola: emoji and symbols, monochrome outlines). Both are TrueType and allow embedding.
FALLBACK_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/ipamj/ipamjm.ttf", 0),
    ("C:/Windows/Fonts/ipamjm.ttf", 0),
    ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0),
    ("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf", 0),
    ("C:/Windows/Fonts/seguisym.ttf", 0),
)

#: The file (path, subfont index) of each TrueType font registered here, by its ReportLab name.
_FILES: dict[str, tuple[str, int]] = {}


@dataclass(frozen=True)
class FontChoice:
    name: str  # the ReportLab font name to use
    path: str | None  # None for the CID fallback
    index: int
    embedded: bool
    source: str  # "user", "bundled", "system" or "fallback"

    @property
    def warning(self) -> str | None:
        if self.embedded:
            return None
        return (
            "日本語TrueTypeフォントが見つからないため、埋め込まれない標準フォントを使いました。"
            "表示が環境で変わることがあります。fonts-ipaexfont を入れるか、設定でフォントを指定してください。"
        )


def _table_tags(path: str, index: int) -> set[bytes] | None:
    """The table tags of a TrueType font (in a .ttc, of subfont `index`); None if not TrueType."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return None
                fh.seek(12 + 4 * index)
                offset = struct.unpack(">I", fh.read(4))[0]
                fh.seek(offset)
                head = fh.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return None  # 'OTTO' (CFF outlines) or not a font
            num = struct.unpack(">H", head[4:6])[0]
            fh.seek(offset + 12)
            return {fh.read(16)[:4] for _ in range(num)}
    except (OSError, struct.error):
        return None


def usable(path: str, index: int = 0) -> bool:
    """A TrueType font with glyf outlines that is not a variable font."""
    tags = _table_tags(path, index)
    return tags is not None and b"glyf" in tags and b"fvar" not in tags


def candidates(user_path: str | None = None, user_index: int = 0) -> list[tuple[str, int, str]]:
    out: list[tuple[str, int, str]] = []
    if user_path:
        out.append((user_path, user_index, "user"))
    bundled = resource("fonts")
    if bundled.is_dir():
        out.extend((str(p), 0, "bundled") for p in sorted(bundled.glob("*.tt[fc]")))
    out.extend((p, i, "system") for p, i in SYSTEM_FONTS)
    return out


@cache
def japanese_font(user_path: str | None = None, user_index: int = 0) -> FontChoice:
    """Register and return the font to use (cached per configuration)."""
    from reportlab.pdfbase import pdfmetrics

    for path, index, source in candidates(user_path, user_index):
        name = _register(path, index)
        if name:
            return FontChoice(name, path, index, True, source)
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return FontChoice(CID_FALLBACK, None, 0, False, "fallback")


def _utf16_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond the BMP (𠮷 U+20BB7, emoji) written as the
    UTF-16BE surrogate pairs the PDF standard asks for: ReportLab 5 writes <20BB7>, which readers take
    for U+20BB ₻, so copying or searching 𠮷 from the PDF would give another character."""
    text: str = _REPORTLAB_CMAP(fontname, subset)
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            text = text.replace(
                f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
            )
    return text


def _patch_to_unicode() -> None:
    global _REPORTLAB_CMAP
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not _utf16_to_unicode_cmap:
        _REPORTLAB_CMAP = ttfonts.makeToUnicodeCMap
        ttfonts.makeToUnicodeCMap = _utf16_to_unicode_cmap


_REPORTLAB_CMAP: Any = None


def _register(path: str, index: int) -> str | None:
    from reportlab.pdfbase import pdfmetrics

    from configurator.documents.fontcache import load_font

    _patch_to_unicode()
    if not os.path.exists(path) or not usable(path, index):
        return None
    name = f"JP-{Path(path).stem}-{index}"
    try:
        pdfmetrics.registerFont(load_font(name, path, index))  # parsed once, then from the cache
    except Exception:
        return None
    _FILES[name] = (path, index)
    return name


@cache
def covered(font_name: str) -> frozenset[int] | None:
    """The code points a TrueType font registered here has glyphs for, from the same cmap tables as
    validate reads (configurator.documents.coverage); None for a CID font (unknown: all)."""
    file = _FILES.get(font_name)
    table = font_set_coverage([file]) if file else None
    return None if table is None else table.codes


@cache
def fallback_fonts() -> tuple[str, ...]:
    """The fallback fonts found on this machine, registered, in the order they are tried."""
    names = []
    for path, index in FALLBACK_FONTS:
        name = _register(path, index)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def font_for(ch: str, primary: str) -> str | None:
    """The font that prints `ch`: the main font when it has it, else the first fallback that has it;
    None when no font here has it."""
    main = covered(primary)
    code = ord(ch)
    if main is None or code in main or code < 0x20:
        return primary
    for name in fallback_fonts():
        have = covered(name)
        if have is not None and code in have:
            return name
    return None


def runs(text: str, primary: str) -> list[tuple[str | None, str]]:
    """`text` cut into runs of one font each (None: a run no font here can print); modifiers dropped."""
    out: list[tuple[str | None, str]] = []
    for ch in text:
        if ord(ch) in MODIFIERS:
            continue
        name = font_for(ch, primary)
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def missing_characters(text: str, primary: str) -> list[str]:
    """The characters of `text` that no font here can print, each once, in order."""
    seen: list[str] = []
    for name, run in runs(text, primary):
        if name is None:
            seen.extend(ch for ch in run if ch not in seen)
    return seen


# --- what the fonts print, from their own cmap tables (configurator.documents.coverage) ------------


def printable(main: tuple[str, int] | None) -> Coverage | None:
    """Every code point the documents print with `main` (path, subfont index) as the main font: it and
    the fallback fonts found here, as one table (kept in the user's cache folder). None for no main
    font (the CID font prints what it is given)."""
    if main is None:
        return None
    extra = [(p, i) for p, i in FALLBACK_FONTS if os.path.exists(p) and usable(p, i)]
    return font_set_coverage([main, *extra])


def printable_codes(user_path: str | None = None, user_index: int = 0) -> Coverage | None:
    """What the documents print with the configured font (or the one found), chosen as japanese_font
    chooses it but without ReportLab: validate's question. None when no TrueType font is found."""
    for path, index, _source in candidates(user_path, user_index):
        if os.path.exists(path) and usable(path, index):
            table = printable((path, index))
            if table is not None:
                return table
    return None
