"""A picture of a VPN network for the application form (ReportLab graphics).

Up to MAX_BOXES child sites are drawn one box each; a larger network is drawn grouped — one box
per prefecture and device type, with its number of sites and devices — so that it stays legible
at any size (the sites table of the form lists every site).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

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


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


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
    size = 7.5
    top = y + h - 11
    for n, text in enumerate(lines[:3]):
        d.add(String(x + 5, top - n * 10, _fit(text, font, size, w - 10), fontName=font, fontSize=size))


def network_drawing(net: dict[str, Any], cat: Catalogue, font: str, width: float) -> Drawing:
    items = cat.vpn_items
    item = net.get("item")
    per_parent = int(items[item]["devices_at_parent"]) if item in items else 0
    per_child = int(items[item]["devices_at_child"]) if item in items else 0
    children = net.get("children") or []
    grouped = len(children) > MAX_BOXES
    if grouped:
        counts = Counter((prefecture(c.get("address")), cat.device_name(c.get("device"))) for c in children)
        if len(counts) > MAX_BOXES:
            counts = Counter(("全国", cat.device_name(c.get("device"))) for c in children)
        boxes = [
            [f"{pref} {n:,}拠点", f"{dev}", f"×{n * per_child:,}台"]
            for (pref, dev), n in sorted(counts.items())
        ]
    else:
        boxes = [
            [
                c.get("name") or "(名称未記入)",
                cat.device_name(c.get("device")),
                f"×{per_child}台" if per_child else "",
            ]
            for c in children
        ]
    rows = max(1, -(-len(boxes) // COLUMNS))
    height = 20 + PARENT_H + 30 + rows * (BOX_H + GAP_Y)
    d = Drawing(width, height, initialFontName=font)
    cm = net.get("closed_monitoring") or {}
    parent = net.get("parent") or {}
    px = (width - PARENT_W) / 2
    py = height - 10 - PARENT_H
    parent_lines = [
        f"親拠点 {parent.get('name') or '(名称未記入)'}",
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
        d.add(
            String(
                px - 6,
                py + 4,
                _fit(parent_lines[2], font, 6.5, px - 10),
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#555555"),
                textAnchor="end",
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
                _fit(f"回線: {cm.get('line') or ''}", font, 6.5, 120),
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#a06000"),
            )
        )
    trunk_x = width / 2
    grid_w = COLUMNS * BOX_W + (COLUMNS - 1) * GAP_X
    x0 = (width - grid_w) / 2
    top_y = py - 30
    d.add(Line(trunk_x, py - (12 if per_parent >= 2 else 0), trunk_x, top_y + 6, strokeColor=NAVY))
    for r in range(rows):
        row = boxes[r * COLUMNS : (r + 1) * COLUMNS]
        y = top_y - r * (BOX_H + GAP_Y) - BOX_H
        bus_y = y + BOX_H + 6
        xs = [x0 + k * (BOX_W + GAP_X) + BOX_W / 2 for k in range(len(row))]
        if xs:
            d.add(
                Line(
                    min(xs[0], trunk_x),
                    bus_y,
                    max(xs[-1], trunk_x),
                    bus_y,
                    strokeColor=colors.HexColor("#1f3a5f"),
                )
            )
            if r > 0:
                d.add(
                    Line(
                        trunk_x, bus_y + BOX_H + GAP_Y, trunk_x, bus_y, strokeColor=colors.HexColor("#1f3a5f")
                    )
                )
        for k, lines in enumerate(row):
            x = x0 + k * (BOX_W + GAP_X)
            d.add(
                Line(x + BOX_W / 2, bus_y, x + BOX_W / 2, y + BOX_H, strokeColor=colors.HexColor("#1f3a5f"))
            )
            _box(d, x, y, BOX_W, BOX_H, lines, font)
    if grouped:
        d.add(
            String(
                4,
                4,
                "子拠点は都道府県と機器種別ごとにまとめて表示しています(各拠点は拠点一覧を参照)。",
                fontName=font,
                fontSize=6.5,
                fillColor=colors.HexColor("#555555"),
            )
        )
    return d
