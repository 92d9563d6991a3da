"""Where a JSON pointer is, in the words of the forms: the site by its name and row in the sites table,
the auth unit by its management name, and the field by its label. The wizard and the human output of
`validate` say this; the pointers themselves stay in --json."""

from __future__ import annotations

import re
from typing import Any

from configurator.text.i18n import pick

#: field labels (ja, en) by the pointer's tail under a site, the customer or an auth part
_FIELDS: dict[str, tuple[str, str]] = {
    "id": ("拠点ID", "site ID"),
    "name": ("名称", "name"),
    "postal_code": ("郵便番号", "postal code"),
    "address": ("住所", "address"),
    "country": ("国", "country"),
    "lan": ("LAN", "LAN"),
    "device": ("VPN機器", "VPN device"),
    "term_years": ("最低利用期間", "minimum term"),
    "internet": ("インターネット接続", "Internet connection"),
    "internet/provider": ("インターネット接続", "Internet connection"),
    "internet/name": ("他社回線名", "other provider's line"),
    "internet/connection": ("接続方式", "connection type"),
    "internet/address": ("固定IPアドレス", "fixed IP address"),
    "options": ("オプション", "options"),
    "options/onsite_installation": ("オンサイト設置", "on-site installation"),
    "options/cold_standby": ("コールドスタンバイ", "cold standby"),
    "options/private_switch": ("プライベートスイッチ", "private switch"),
    "options/rack_mount_kit": ("ラックマウントキット", "rack mount kit"),
    "options/sfp_module": ("SFPモジュール", "SFP module"),
    "options/vpn_module": ("VPNモジュール", "VPN module"),
    "options/additional_license": ("追加ライセンス", "additional license"),
    "item": ("品目", "item"),
    "maintenance": ("保守種別", "maintenance"),
    "closed_monitoring": ("閉域監視", "closed monitoring"),
    "management": ("マネージメント", "management"),
    "management/name": ("マネージメント名", "management name"),
    "management/realm": ("レルム", "realm"),
    "ip": ("IPアドレス", "IP address"),
    "destinations": ("転送先", "destinations"),
    "terminators": ("終端装置", "terminators"),
    "mobile": ("モバイル", "mobile"),
    "load_balancing": ("負荷分散", "load balancing"),
    "setup_acknowledged": ("お客様側の設定事項の確認", "setup duties acknowledged"),
    "large_scale_private_gateway": ("大規模プライベートゲートウェイ", "large-scale private gateway"),
    "item/": ("品目", "item"),
}
_CUSTOMER: dict[str, tuple[str, str]] = {
    "name": ("お客様名", "customer name"),
    "name_kana": ("フリガナ", "name in kana"),
    "department": ("部署", "department"),
    "contact": ("ご担当者", "contact person"),
    "contact_kana": ("ご担当者フリガナ", "contact person in kana"),
    "email": ("メールアドレス", "e-mail"),
    "phone": ("電話番号", "phone"),
    "postal_code": ("郵便番号", "postal code"),
    "address": ("住所", "address"),
    "kind": ("宛名の区分", "addressee"),
}
_TOP: dict[str, tuple[str, str]] = {
    "title": ("件名", "title"),
    "tariff_date": ("適用日", "tariff date"),
    "customer": ("お客様情報", "customer"),
    "vpn_networks": ("VPN網", "VPN networks"),
    "auth_units": ("認証の管理単位", "authentication units"),
    "services": ("サービス", "services"),
    "": ("注文全体", "the whole order"),
}
_AUTH_PARTS = {
    "clients": ("クライアント", "client"),
    "proxies": ("プロキシ", "proxy"),
    "vpdns": ("VPDN", "VPDN"),
}


def _field(tail: list[str], labels: dict[str, tuple[str, str]]) -> str:
    """The label of a field under a part; a list entry as its number (LAN 2件目)."""
    if not tail:
        return ""
    index = ""
    if tail[-1].isdigit():
        n = int(tail[-1]) + 1
        index = pick(f"({n}件目)", f" #{n}")
        tail = tail[:-1]
    key = "/".join(tail)
    ja, en = labels.get(key) or labels.get(tail[0]) or (key, key)
    return pick(f"「{ja}」{index}", f"{en}{index}")


def _named(obj: Any, *keys: str) -> str:
    for key in keys:
        value = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def describe(doc: dict[str, Any], pointer: str) -> str:
    """The place of `pointer` in the order, in the UI language: e.g. 'VPN網「本社-支店VPN」 2行目の拠点
    「大阪支店」の「LAN」(1件目)' or 'VPN network 本社-支店VPN, row 2 (site 大阪支店): LAN #1'."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []
    if not parts:
        return pick(*_TOP[""])
    head = parts[0]
    if head == "customer":
        label = _field(parts[1:], _CUSTOMER)
        return pick("お客様情報の", "customer: ") + label if label else pick(*_TOP["customer"])
    if head == "vpn_networks" and len(parts) > 1 and parts[1].isdigit():
        nets = doc.get("vpn_networks") or []
        i = int(parts[1])
        net = nets[i] if i < len(nets) else {}
        net_name = _named(net, "name", "id") or pick(f"{i + 1}番目", f"#{i + 1}")
        where = pick(f"VPN網「{net_name}」", f"VPN network {net_name}")
        tail = parts[2:]
        if tail[:1] == ["parent"]:
            site, row, tail = net.get("parent") or {}, 1, tail[1:]
        elif tail[:1] == ["children"] and len(tail) > 1 and tail[1].isdigit():
            children = net.get("children") or []
            j = int(tail[1])
            site, row, tail = (children[j] if j < len(children) else {}), j + 2, tail[2:]
        else:
            label = _field(tail, _FIELDS)
            return where + (pick("の", ": ") + label if label else "")
        name = _named(site, "name") or pick("(拠点名なし)", "(no site name)")
        where += pick(f" {row}行目の拠点「{name}」", f", row {row} (site {name})")
        label = _field(tail, _FIELDS)
        return where + (pick("の", ": ") + label if label else "")
    if head == "auth_units" and len(parts) > 1 and parts[1].isdigit():
        units = doc.get("auth_units") or []
        i = int(parts[1])
        unit = units[i] if i < len(units) else {}
        unit_name = _named(unit, "management", "id") or pick(f"{i + 1}番目", f"#{i + 1}")
        where = pick(f"管理単位「{unit_name}」", f"authentication unit {unit_name}")
        tail = parts[2:]
        if tail[:1] and tail[0] in _AUTH_PARTS and len(tail) > 1 and tail[1].isdigit():
            items = unit.get(tail[0]) or []
            j = int(tail[1])
            child = items[j] if j < len(items) else {}
            ja, en = _AUTH_PARTS[tail[0]]
            cname = _named(child, "name", "id") or f"{j + 1}"
            where += pick(f"の{ja}「{cname}」", f", {en} {cname}")
            tail = tail[2:]
        label = _field(tail, _FIELDS)
        return where + (pick("の", ": ") + label if label else "")
    if head in _TOP and len(parts) == 1:
        return pick(*_TOP[head])
    return pointer


def field_names(pointer: str) -> tuple[str, str]:
    """The label of the field at `pointer` without its place, (ja, en): 拠点名, お客様名, 件名, 「LAN」 of
    any site as "LAN" (the 編集 menu's 元に戻す says which field an edit changed)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []
    if not parts:
        return _TOP[""]
    head, tail = parts[0], parts[1:]
    labels = _FIELDS
    if head == "customer":
        if not tail:
            return _TOP["customer"]
        labels = _CUSTOMER
    elif head == "vpn_networks" and tail[:1] and tail[0].isdigit():
        tail = tail[1:]
        site = tail[:1] == ["parent"] or (tail[:1] == ["children"] and len(tail) > 1 and tail[1].isdigit())
        tail = tail[1:] if tail[:1] == ["parent"] else tail[2:] if site else tail
        if not tail:
            return ("拠点", "site") if site else ("VPN網", "VPN network")
        if tail == ["name"]:
            return ("拠点名", "site name") if site else ("VPN網名", "network name")
    elif head == "auth_units" and tail[:1] and tail[0].isdigit():
        tail = tail[1:]
        if tail[:1] and tail[0] in _AUTH_PARTS:
            part, tail = _AUTH_PARTS[tail[0]], tail[2:]
            if not tail:
                return part
        elif not tail:
            return ("認証の管理単位", "authentication unit")
    else:
        return _TOP.get(head, (pointer, pointer)) if len(parts) == 1 else (pointer, pointer)
    while tail and tail[-1].isdigit():  # an entry of a list: the list's field (LAN)
        tail = tail[:-1]
    key = "/".join(tail)
    return labels.get(key) or labels.get(tail[0] if tail else "") or (key, key)


_POINTER = re.compile(r"/(?:vpn_networks|auth_units|customer)(?:/[A-Za-z0-9_~]+)*")


def name_pointers(doc: dict[str, Any], text: str) -> str:
    """`text` with every order pointer in it told as its place (the quote's unpriced items carry them)."""
    return _POINTER.sub(lambda m: describe(doc, m.group(0)), text)
