"""Where an address may break across lines: between its parts, never inside a name.

A Japanese address is a run of names without spaces (東京都千代田区富士見2-10-2 飯田橋グラン・ブルーム);
CJK line breaking would cut it anywhere (「飯田橋グラン・/ブルーム」, 「宇都宮/市」, 「西/新宿」). Here it
breaks at a space or 、, after the prefecture, after a city, ward or county (市・区・郡) and after the
street number when a name follows; a part wider than the line is broken in it."""

from __future__ import annotations

import re

from configurator.documents.common import _text_width, wrap_lines

#: an address breaks after its prefecture, a space or 、, and between its parts (address_pieces)
_PREFECTURE = re.compile(r"北海道|東京都|京都府|大阪府|\S{2,3}?県")
_SPACE = " \u3000、，,"
_STREET = "0123456789０１２３４５６７８９-‐－−丁目番地号"


def address_pieces(address: str) -> list[str]:
    """An address cut where a line may break: after a space or 、, after the prefecture (at the start
    or after a space: 〒320-0026 栃木県…), after a city, ward or county (市・区・郡) and after the street
    number (2-10-2, 3丁目1番3号) when a building's name follows; never inside a name."""
    pieces: list[str] = []
    cur = ""
    i = 0
    while i < len(address):
        if not cur and (m := _PREFECTURE.match(address, i)) and m.end() < len(address):
            pieces.append(m.group())
            i = m.end()
            continue
        ch = address[i]
        cur += ch
        nxt = address[i + 1] if i + 1 < len(address) else ""
        if nxt and _breaks_after(cur, ch, nxt):
            pieces.append(cur)
            cur = ""
        i += 1
    if cur:
        pieces.append(cur)
    return pieces


def _breaks_after(cur: str, ch: str, nxt: str) -> bool:
    if ch in _SPACE:
        return nxt not in _SPACE
    if ch in "市区郡":  # 千代田区|富士見, not 市|川市
        return len(cur) >= 2 and nxt not in "市区郡" and not nxt.isdigit()
    # a street number with a name before it (富士見2-10-2), when a Japanese name follows (not 2F)
    return ch in _STREET and nxt not in _STREET + _SPACE and ord(nxt) > 0x7F and cur.strip(_STREET) != ""


def address_lines(address: str, font: str, size: float, width: float) -> list[str]:
    """The lines of an address in `width`, broken between its parts (address_pieces); a part wider
    than a line is broken in it."""
    out: list[str] = []
    for para_line in address.split("\n"):
        line, used = "", 0.0
        for piece in address_pieces(para_line):
            w = _text_width(piece, font, size)
            if not line or used + w <= width:  # as wrap_lines measures a line that fits
                line, used = line + piece, used + w
                continue
            out.append(line.rstrip())
            line = piece.lstrip()
            used = _text_width(line, font, size)
        *full, line = wrap_lines(line, font, size, width) or [""]
        out.extend(full)
        out.append(line.rstrip())
    return out
