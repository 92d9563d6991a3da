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
        return ("日本語TrueTypeフォントが見つからないため、埋め込まれない標準フォントを使いました。"
                "表示が環境で変わることがあります。fonts-ipaexfont を入れるか、設定でフォントを指定してください。")


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
    from reportlab.pdfbase.ttfonts import TTFont

    for path, index, source in candidates(user_path, user_index):
        if not os.path.exists(path) or not usable(path, index):
            continue
        name = f"JP-{Path(path).stem}-{index}"
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except Exception:
            continue
        return FontChoice(name, path, index, True, source)
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return FontChoice(CID_FALLBACK, None, 0, False, "fallback")
