"""The peer baseline of issue #18: the 申込書's site list (its 明細 table: No, 区分, 拠点名・設置場所,
機器種別・台数, 期間, LAN, インターネット接続, オプション) as HTML + CSS, for WeasyPrint to render in
a process of its own. Same rows and texts as the form prints, same font file (embedded), A4 with the
form's margins, 8 pt on 10.5 pt lines, the heading repeated on every page.

WeasyPrint is a benchmark-only dependency (the "bench" extra, `make bench`); it needs Pango
(Debian: libpango-1.0-0 libpangoft2-1.0-0). Nothing in the app or the tests imports it."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from configurator.documents.fonts import japanese_font
from configurator.documents.form import UNNAMED, _internet_text, _options_text, postal_address
from configurator.tariff.catalogue import catalogue

HEADER = [
    "No",
    "区分",
    "拠点名・設置場所",
    "機器種別・台数",
    "期間",
    "LAN",
    "インターネット接続",
    "オプション",
]
WIDTHS_MM = [10, 10, 38, 25, 10, 27, 30, 30]


def site_rows(order: dict[str, Any]) -> list[list[str]]:
    """The rows of the form's site list of the order's first network, as the form writes them."""
    cat = catalogue()
    net = order["vpn_networks"][0]
    item = cat.vpn_items.get(net.get("item"), {})
    per_parent = int(item.get("devices_at_parent", 0))
    per_child = int(item.get("devices_at_child", 0))
    sites = ([("親", net["parent"], per_parent)] if net.get("parent") else []) + [
        ("子", ch, per_child) for ch in net.get("children") or []
    ]
    rows = []
    for n, (kind, site, count) in enumerate(sites, start=1):
        term = site.get("term_years")
        rows.append(
            [
                str(n),
                kind,
                f"{site.get('name') or UNNAMED}"
                f"\n{postal_address(site.get('postal_code'), site.get('address'))}",
                f"{cat.device_name(site.get('device'))}\n×{count}台",
                f"{term}年" if term else "",
                "\n".join(site.get("lan") or []),
                _internet_text(site.get("internet"), cat),
                _options_text(site.get("options") or {}, cat),
            ]
        )
    return rows


def site_table_html(order: dict[str, Any]) -> str:
    font = japanese_font()
    face = Path(font.path).as_uri() if font.path else ""
    cols = "".join(f'<col style="width:{w}mm">' for w in WIDTHS_MM)
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)

    def td(text: str) -> str:
        return "<td>" + "<br>".join(escape(line) for line in text.split("\n")) + "</td>"

    body = "\n".join("<tr>" + "".join(td(c) for c in row) + "</tr>" for row in site_rows(order))
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>拠点一覧</title><style>
@font-face {{ font-family: "JP"; src: url("{face}"); }}
@page {{ size: A4; margin: 14mm 15mm; }}
body {{ font-family: "JP"; font-size: 8pt; line-height: 10.5pt; margin: 0; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 180mm; }}
th, td {{ border: 0.3pt solid #8a96a8; padding: 2pt 4pt; vertical-align: middle; text-align: left;
  font-weight: normal; overflow-wrap: anywhere; }}
th {{ background: #e8eef6; }}
td:first-child {{ text-align: center; }}
tr {{ break-inside: avoid; }}
</style></head><body>
<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
