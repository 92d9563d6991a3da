"""A picture of a VPN network for the application form (ReportLab graphics).

Up to MAX_BOXES child sites are drawn one box each; a larger network is drawn grouped, with the
number of sites and devices in each box — by prefecture and device type when that makes at most
MAX_GROUPS boxes, else by prefecture, else by region (地方) — so that it stays legible at any size, and
a caption under it says how it is grouped (the sites table of the form lists every site).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from configurator.documents.common import one_line
from configurator.tariff.catalogue import Catalogue

MAX_BOXES = 40
COLUMNS = 5
BOX_W = 96.0
BOX_H = 34.0
GAP_X = 8.0
GAP_Y = 14.0
PARENT_W = 190.0
PARENT_H = 40.0

NAVY = colors.HexColor("#1f3a5f")
_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)")


def prefecture(address: str | None) -> str:
    m = _PREFECTURE.match((address or "").strip())
    return m.group(1) if m else "住所未記入"


#: the eight regions (地方) of Japan, north to south, with their prefectures in the customary order
REGIONS = {
    "北海道": ["北海道"],
    "東北": ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"],
    "関東": ["茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県"],
    "中部": ["新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県"],
    "近畿": ["三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"],
    "中国": ["鳥取県", "島根県", "岡山県", "広島県", "山口県"],
    "四国": ["徳島県", "香川県", "愛媛県", "高知県"],
    "九州・沖縄": ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"],
}
_REGION_OF = {pref: region for region, prefs in REGIONS.items() for pref in prefs}
_PLACE_ORDER = {
    name: n for n, name in enumerate([p for prefs in REGIONS.values() for p in prefs] + list(REGIONS))
}


def region(pref: str) -> str:
    return _REGION_OF.get(pref, pref)  # 住所未記入, or a place outside the list, stays itself


#: the most boxes of a grouped picture: few enough to stay on the page under the network's table
MAX_GROUPS = 20


def role_and_name(role: str, name: Any) -> str:
    """A site's box heading: its role and its name, the role once when the name is the role itself (the
    parent site is named 親拠点 by default: not 「親拠点 親拠点」), (名称未記入) when it has no name."""
    text = str(name or "").strip()
    if not text:
        return f"{role} (名称未記入)"
    if re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)) == role:
        return role
    return f"{role} {text}"


def grouped_boxes(
    children: list[dict[str, Any]], cat: Catalogue, per_child: int
) -> tuple[list[list[str]], str]:
    """The boxes of a large network and how they are grouped (for the caption): by prefecture and device
    type, by prefecture, or by region (地方) — the finest that makes at most MAX_GROUPS boxes. A box
    holds its place and number of sites, then the device type and number of devices (a line a type
    when the box is a whole place)."""
    sites = [(prefecture(c.get("address")), cat.device_name(c.get("device"))) for c in children]
    order = {dev: n for n, dev in enumerate(sorted({dev for _, dev in sites}))}
    groupings: list[tuple[str, Callable[[str, str], tuple[str, str]]]] = [
        ("都道府県と機器種別", lambda p, d: (p, d)),
        ("都道府県", lambda p, d: (p, "")),
        ("地方", lambda p, d: (region(p), "")),
    ]
    how, key = groupings[-1]
    for name, fn in groupings:
        if len({fn(p, d) for p, d in sites}) <= MAX_GROUPS:
            how, key = name, fn
            break
    counts = Counter(key(p, d) for p, d in sites)
    devices = Counter((key(p, d), d) for p, d in sites)
    boxes = []
    for (place, dev), n in sorted(
        counts.items(), key=lambda kv: (_PLACE_ORDER.get(kv[0][0], 999), kv[0][0], order.get(kv[0][1], 0))
    ):
        if dev:
            boxes.append([f"{place} {n:,}拠点", dev, f"×{n * per_child:,}台"])
        else:  # a whole place: its device types, a line each
            kinds = sorted(
                ((d, m) for (k, d), m in devices.items() if k == (place, "")), key=lambda dm: order[dm[0]]
            )
            boxes.append([f"{place} {n:,}拠点", *(f"{d} ×{m * per_child:,}台" for d, m in kinds)])
    return boxes, how


#: the size of a box's text, and the smallest it is set in to keep a line whole in its box
SIZE = 7.5
MIN_SIZE = 6.5


def _fitted(text: str, font: str, width: float, size: float = SIZE) -> tuple[str, float]:
    """A line of a box and its size: whole at `size`, or whole a little smaller (down to MIN_SIZE, in
    quarter points), else cut with … at MIN_SIZE."""
    wide = stringWidth(text, font, size)
    if wide <= width:
        return text, size
    smaller = min(size, int(size * width / wide * 4) / 4)
    while smaller >= MIN_SIZE and stringWidth(text, font, smaller) > width:
        smaller -= 0.25
    if smaller >= MIN_SIZE:
        return text, smaller
    return one_line(text, font, MIN_SIZE, width), MIN_SIZE


def _kind(ch: str) -> str:
    """The script of a character, for where a name may break: kanji, katakana, a Latin letter or
    digit (a word, never broken), or another character."""
    if ch.isascii() and ch.isalnum():
        return "latin"
    if "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ":
        return "kanji"
    return "other"


#: what never starts a line (kinsoku) and what never ends one
_NO_START = set("ー・、。,.)]}」』〕〉》】!?%ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ/-")
_NO_END = set("([{「『〔〈《【")


def _breaks(name: str) -> tuple[list[int], list[int]]:
    """Where a site's name may break: after a space or a separator (・ / -), the best; between kanji and
    katakana (「秋田/サービスセンター」), the next best. Never inside a word in Latin letters or digits,
    nor between a word and the number that ends it (「…センター001」)."""
    strong, weak = [], []
    for k in range(1, len(name)):
        before, after = name[k - 1], name[k]
        if after in _NO_START or before in _NO_END:
            continue
        if before.isspace() or (before in "・/-_" and not (after.isascii() and after.isalnum())):
            strong.append(k)
        elif {_kind(before), _kind(after)} == {"kanji", "katakana"}:
            weak.append(k)
    return strong, weak


def _name_lines(name: str, font: str, size: float = SIZE) -> list[str]:
    """A site's name in a box: one line (set a little smaller where that keeps it whole), or two,
    broken where a reader breaks it (after a space or separator, else between kanji and katakana),
    never inside a word or before the number that ends the name; a name with no such place, or too
    long for two lines, broken at the last character that fits (the second line cut with … past it)."""
    room = BOX_W - 10
    name = " ".join(name.split())
    if stringWidth(name, font, MIN_SIZE) <= room:
        return [name]
    strong, weak = _breaks(name)
    for places in (strong, weak):
        for k in reversed(places):
            first, second = name[:k].rstrip(), name[k:].lstrip()
            if stringWidth(first, font, MIN_SIZE) <= room and stringWidth(second, font, MIN_SIZE) <= room:
                return [_Part(first), _Part(second)]
    cut = len(name)
    while cut > 1 and stringWidth(name[:cut], font, size) > room:
        cut -= 1
    start = cut  # never inside a number or a Latin word: 「…センター/001」, not 「…センター00/1」
    while start > 0 and name[start - 1].isascii() and name[start - 1].isalnum():
        start -= 1
    if 0 < start < cut and name[cut].isascii() and name[cut].isalnum():
        cut = start
    while cut > 1 and name[cut] in _NO_START:  # kinsoku: 「ー」 never starts the second line
        cut -= 1
    return [name[:cut], one_line(name[cut:], font, size, room)]


class _Part(str):
    """A line of a name on two lines: both set in one size."""

    __slots__ = ()


def _box(
    d: Drawing,
    x: float,
    y: float,
    w: float,
    h: float,
    lines: list[str],
    font: str,
    fill: Any = colors.white,
    stroke: Any = NAVY,
) -> None:
    d.add(Rect(x, y, w, h, fillColor=fill, strokeColor=stroke, strokeWidth=0.8, rx=3, ry=3))
    top = y + h - 11
    fitted = [_fitted(line, font, w - 10) for line in lines]
    parts = min(
        (size for line, (_, size) in zip(lines, fitted, strict=True) if isinstance(line, _Part)), default=0
    )
    for n, (line, (text, size)) in enumerate(zip(lines, fitted, strict=True)):
        size = parts if isinstance(line, _Part) else size
        d.add(String(x + 5, top - n * 10, text, fontName=font, fontSize=size))


def network_drawing(net: dict[str, Any], cat: Catalogue, font: str, width: float) -> Drawing:
    items = cat.vpn_items
    item = net.get("item")
    per_parent = int(items[item]["devices_at_parent"]) if item in items else 0
    per_child = int(items[item]["devices_at_child"]) if item in items else 0
    children = net.get("children") or []
    grouped = len(children) > MAX_BOXES
    how = ""
    if grouped:
        boxes, how = grouped_boxes(children, cat, per_child)
    else:  # a site's name on up to two lines (never cut short where it fits), its device and count
        boxes = [
            [
                *_name_lines(c.get("name") or "(名称未記入)", font),
                cat.device_name(c.get("device")) + (f" ×{per_child}台" if per_child else ""),
            ]
            for c in children
        ]
    rows = max(1, -(-len(boxes) // COLUMNS))
    box_h = max(BOX_H, 5 + 10 * max((len(b) for b in boxes), default=0))
    # from the parent down to the children's bus; a dual star's longer: the children's count beside it
    drop = 42 if per_parent >= 2 else 30
    height = 20 + PARENT_H + drop + rows * (box_h + GAP_Y)
    d = Drawing(width, height, initialFontName=font)
    cm = net.get("closed_monitoring") or {}
    parent = net.get("parent") or {}
    px = (width - PARENT_W) / 2
    py = height - 10 - PARENT_H
    parent_lines = [
        role_and_name("親拠点", parent.get("name")),
        f"{cat.device_name(parent.get('device'))} ×{per_parent}台",
        f"子拠点 {len(children):,}拠点" + (f" / 機器 {len(children) * per_child:,}台" if per_child else ""),
    ]
    if per_parent >= 2:  # a dual star: the parent's two devices drawn as two boxes, both on the trunk
        half = (PARENT_W - 8) / 2
        for k in range(2):
            _box(
                d,
                px + k * (half + 8),
                py,
                half,
                PARENT_H,
                [
                    parent_lines[0],
                    f"{cat.device_name(parent.get('device'))}",
                    f"{k + 1}台目 / {per_parent}台",
                ],
                font,
                fill=colors.HexColor("#e8eef6"),
            )
            d.add(Line(px + k * (half + 8) + half / 2, py, width / 2, py - 12, strokeColor=NAVY))
        # the children's count on the trunk down to them, right of it, under where the two parents meet
        d.add(
            String(
                width / 2 + 5,
                py - 28,
                one_line(parent_lines[2], font, 6.5, width / 2 - 10),
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#555555"),
            )
        )
    else:
        _box(d, px, py, PARENT_W, PARENT_H, parent_lines, font, fill=colors.HexColor("#e8eef6"))
    if cm.get("enabled"):
        cx = width - 150
        _box(
            d,
            cx,
            py + 4,
            146,
            32,
            ["当社指定場所", "クローズドモニタリング"],
            font,
            fill=colors.HexColor("#fff7e0"),
            stroke=colors.HexColor("#a06000"),
        )
        d.add(
            Line(
                px + PARENT_W,
                py + PARENT_H / 2,
                cx,
                py + 20,
                strokeDashArray=[3, 2],
                strokeColor=colors.HexColor("#a06000"),
            )
        )
        d.add(
            String(
                px + PARENT_W + 4,
                py + PARENT_H / 2 + 10,
                one_line(f"回線: {cm.get('line') or ''}", font, 6.5, 120),
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#a06000"),
            )
        )
    trunk_x = width / 2
    grid_w = COLUMNS * BOX_W + (COLUMNS - 1) * GAP_X
    x0 = (width - grid_w) / 2
    top_y = py - drop
    d.add(Line(trunk_x, py - (12 if per_parent >= 2 else 0), trunk_x, top_y + 6, strokeColor=NAVY))
    for r in range(rows):
        row = boxes[r * COLUMNS : (r + 1) * COLUMNS]
        y = top_y - r * (box_h + GAP_Y) - box_h
        bus_y = y + box_h + 6
        xs = [x0 + k * (BOX_W + GAP_X) + BOX_W / 2 for k in range(len(row))]
        if xs:
            d.add(
                Line(
                    min(xs[0], trunk_x - BOX_W / 2 - GAP_X / 2),
                    bus_y,
                    max(xs[-1], trunk_x),
                    bus_y,
                    strokeColor=colors.HexColor("#1f3a5f"),
                )
            )
            if r > 0:  # down to the next row in the gap beside the middle box, never through a box
                side_x = trunk_x - BOX_W / 2 - GAP_X / 2
                d.add(Line(side_x, bus_y + box_h + GAP_Y, side_x, bus_y, strokeColor=NAVY))
        for k, lines in enumerate(row):
            x = x0 + k * (BOX_W + GAP_X)
            d.add(
                Line(x + BOX_W / 2, bus_y, x + BOX_W / 2, y + box_h, strokeColor=colors.HexColor("#1f3a5f"))
            )
            _box(d, x, y, BOX_W, box_h, lines, font)
    if grouped:
        devices = f"(機器 {len(children) * per_child:,}台)" if per_child else ""
        d.add(
            String(
                4,
                4,
                f"子拠点 {len(children):,}拠点{devices}を{how}ごとにまとめて表示しています"
                "(各拠点は拠点一覧を参照)。",
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#555555"),
            )
        )
    return d
