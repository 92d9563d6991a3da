"""Sites from a spreadsheet: CSV files (UTF-8 or Excel's Shift_JIS/CP932) and pasted tab-separated rows.

The columns are named in the first row, in Japanese or by their field name; a pasted block without
a header row is read in the order of DEFAULT_COLUMNS. Each row is checked on its own: good rows
become sites, bad rows are reported with their row number and what to change.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from configurator.tariff.catalogue import Catalogue, catalogue

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "拠点id", "拠点ID", "拠点コード"),
    "name": ("name", "拠点名", "名称"),
    "postal_code": ("postal_code", "郵便番号", "〒"),
    "address": ("address", "住所", "設置場所"),
    "lan": ("lan", "LAN", "lan", "サブネット"),
    "device": ("device", "機器", "機器種別"),
    "term_years": ("term_years", "期間", "最低利用期間"),
    "provider": ("provider", "接続", "回線"),
}
DEFAULT_COLUMNS = ("id", "name", "postal_code", "address", "lan", "device", "term_years")


@dataclass
class SiteRows:
    sites: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp932"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("文字コードを判別できません。UTF-8かShift_JISで保存してください。")


def _header_map(row: list[str]) -> dict[int, str] | None:
    out: dict[int, str] = {}
    for i, cell in enumerate(row):
        name = cell.strip().lower()
        for key, names in COLUMNS.items():
            if name in (n.lower() for n in names):
                out[i] = key
    return out if "id" in out.values() or "name" in out.values() else None


def _device_id(text: str, cat: Catalogue) -> str | None:
    t = text.strip().lower().replace(" ", "")
    if not t:
        return None
    for dev in cat.devices.values():
        if t in (dev.id.lower(), dev.name.lower().replace(" ", ""), dev.name.lower().replace("cisco", "").replace(" ", "")):
            return dev.id
    raise ValueError(f"機器「{text}」は機器種別にありません")


def parse_sites(data: bytes | str, existing_ids: set[str] | None = None, cat: Catalogue | None = None,
                tab: bool = False) -> SiteRows:
    from configurator.session.order_session import new_site

    cat = cat or catalogue()
    text = data if isinstance(data, str) else _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter="\t" if tab else ",")
    rows = [r for r in reader if any(c.strip() for c in r)]
    out = SiteRows()
    if not rows:
        out.errors.append("行がありません。")
        return out
    header = _header_map(rows[0])
    start = 1 if header else 0
    mapping = header or dict(enumerate(DEFAULT_COLUMNS))
    seen = set(existing_ids or ())
    for n, row in enumerate(rows[start:], start=start + 1):
        values = {key: row[i].strip() for i, key in mapping.items() if i < len(row)}
        problems = []
        site_id = values.get("id") or ""
        if not site_id:
            problems.append("拠点IDがありません")
        elif site_id in seen:
            problems.append(f"拠点ID「{site_id}」が重複しています")
        site = new_site(site_id, values.get("name", ""))
        for key in ("postal_code", "address"):
            if values.get(key):
                site[key] = values[key]
        if values.get("lan"):
            site["lan"] = [p.strip() for p in values["lan"].replace("、", ",").replace(";", ",").split(",") if p.strip()]
        try:
            site["device"] = _device_id(values.get("device", ""), cat)
        except ValueError as exc:
            problems.append(str(exc))
        term = values.get("term_years", "").replace("年", "").strip()
        if term:
            if term.isdigit() and int(term) in cat.term_years:
                site["term_years"] = int(term)
            else:
                problems.append(f"期間「{values['term_years']}」は1年か3年にしてください")
        provider = values.get("provider", "").strip().lower()
        if provider in ("他社", "other"):
            site["internet"] = {"provider": "other", "name": "", "connection": None, "address": None}
        if problems:
            out.errors.append(f"{n}行目: " + "、".join(problems) + "。")
            continue
        seen.add(site_id)
        out.sites.append(site)
    return out
