"""The rules of IIJ認証アウトソースサービス (tariff-rules.md, "auth") for a new order: each auth unit,
each proxy and VPDN in it, and the units together (client addresses, the price book's fee).

The order of the declarations is the order of the issues within a unit: management and realm, the
combination of children, clients, proxies, load balancing where it may not be, VPDNs, the setup.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address
from typing import Any

from configurator.tariff.checks.addresses import address, is_realm
from configurator.tariff.checks.registry import (
    AUTH_UNITS,
    ERROR,
    PROXY,
    UNIT,
    VPDN,
    WARNING,
    Check,
    fix,
    rule,
    shown,
    visit,
)

#: (the unit, one of its VPDNs): what a VPDN rule is given.
UnitVpdn = tuple[dict[str, Any], dict[str, Any]]


# --- a unit --------------------------------------------------------------------------------------------


@rule("auth.parent.required", ERROR, scope=UNIT, tariff="auth", article="第5条第1項")
def parent_required(c: Check, unit: dict[str, Any], p: str) -> None:
    """At least one management (parent) contract."""
    if not unit.get("management"):
        c.report(
            p + "/management",
            "マネージメント(親たる契約)がありません。管理単位ごとにマネージメントを1つ指定してください。",
            "Add the management (parent) contract of this unit.",
        )


@rule("auth.realm.required", ERROR, scope=UNIT, tariff="auth", article="第6条第2項第1号")
def realm_required(c: Check, unit: dict[str, Any], p: str) -> None:
    """The realm is given and is a well-formed realm (domain-name syntax)."""
    mgmt = unit.get("management")
    if not mgmt:
        return
    realm = mgmt.get("realm")
    if not realm or not str(realm).strip():
        c.report(
            p + "/management/realm",
            "レルムを入力してください(例: example.co.jp)。",
            "Enter the realm (e.g. example.co.jp).",
        )
    elif not is_realm(str(realm)):
        c.report(
            p + "/management/realm",
            f"レルム「{shown(realm)}」はドメイン名の形式ではありません。example.co.jp "
            "のように入力してください。",
            f"Realm {shown(realm)!r} is not in domain-name syntax.",
        )


@rule("auth.child.combination", ERROR, scope=UNIT, tariff="auth", article="第5条第1項")
def child_combination(c: Check, unit: dict[str, Any], p: str) -> None:
    """The children include a client and a proxy, or at least one VPDN (with an item)."""
    clients = unit.get("clients") or []
    proxies = unit.get("proxies") or []
    if any(v.get("item") in c.cat.vpdn_items for v in unit.get("vpdns") or ()) or (clients and proxies):
        return
    if clients:
        ja = "クライアントだけでは利用できません。プロキシを追加するか、VPDNを追加してください。"
    elif proxies:
        ja = "プロキシだけでは利用できません。クライアントを追加するか、VPDNを追加してください。"
    else:
        ja = "子たる契約がありません。クライアントとプロキシの組合せ、またはVPDNを追加してください。"
    c.report(p, ja, "Children must include a client and a proxy, or at least one VPDN.")


@rule("auth.client.per_ip", ERROR, scope=UNIT, tariff="auth", article="第6条第1項")
def client_per_ip(c: Check, unit: dict[str, Any], p: str) -> None:
    """Each client names exactly one valid IPv4 terminal address."""
    for j, cl in enumerate(unit.get("clients") or ()):
        q = f"{p}/clients/{j}/ip"
        ip = cl.get("ip")
        if not ip:
            c.report(q, "端末のIPアドレス(IPv4)を1つ入力してください。", "Enter the terminal's IPv4 address.")
            continue
        a = address(str(ip))
        if not isinstance(a, str):
            continue
        if a == "ipv6":
            ja = f"{shown(ip)} はIPv6です。IPv4アドレスを1つ入力してください。"
        elif any(sep in str(ip) for sep in ",; \t"):
            ja = (f"「{shown(ip)}」には複数のアドレスがあります。"
                  "クライアントは1つのIPアドレスごとに1契約です。分けて登録してください。")
        else:
            ja = f"「{shown(ip)}」はIPv4アドレスではありません。198.51.100.10 のように入力してください。"
        c.report(q, ja, f"{shown(ip)!r}: one IPv4 address per client contract.")


def _proxies(unit: dict[str, Any], p: str) -> Iterator[tuple[dict[str, Any], str]]:
    for j, px in enumerate(unit.get("proxies") or ()):
        yield px, f"{p}/proxies/{j}"


visit(UNIT, PROXY, _proxies)


@rule("auth.proxy.destination.required", ERROR, scope=PROXY, tariff="auth", article="第6条第2項第5号")
def proxy_destination(c: Check, px: dict[str, Any], p: str) -> None:
    """Each proxy names at least one forwarding destination (the customer's authentication server)."""
    q = p + "/destinations"
    dests = px.get("destinations") or []
    if not dests:
        c.report(
            q,
            "転送先となるお客様の認証識別装置(RADIUSサーバー)のアドレスを入力してください。",
            "Enter the forwarding destination (the customer's RADIUS server).",
        )
    for k, d in enumerate(dests):
        if isinstance(address(str(d)), str):
            c.report(
                f"{q}/{k}",
                f"転送先「{shown(d)}」はIPv4アドレスではありません。192.0.2.10 のように入力してください。",
                f"Destination {shown(d)!r} is not an IPv4 address.",
            )


def _lb_elsewhere(c: Check, q: str, where: str) -> None:
    c.report(
        q,
        f"負荷分散オプションはVPDNだけのオプションです。{where}では外してください。",
        "Load balancing is only available on a VPDN child.",
        [fix("負荷分散を外す", "Remove load balancing", ("replace", q, False))],
    )


@rule("auth.option.load_balancing.scope", ERROR, scope=PROXY, tariff="auth", article="第7条第2項第1号")
def proxy_load_balancing(c: Check, px: dict[str, Any], p: str) -> None:
    """Load balancing is only on a VPDN child: not on a proxy."""
    if px.get("load_balancing"):
        _lb_elsewhere(c, p + "/load_balancing", "プロキシ")


@rule("auth.option.load_balancing.scope", scope=UNIT)
def unit_load_balancing(c: Check, unit: dict[str, Any], p: str) -> None:
    """Load balancing is only on a VPDN child: not on a client, nor on the unit."""
    for j, cl in enumerate(unit.get("clients") or ()):
        if cl.get("load_balancing"):
            _lb_elsewhere(c, f"{p}/clients/{j}/load_balancing", "クライアント")
    if unit.get("load_balancing"):
        _lb_elsewhere(c, f"{p}/load_balancing", "管理単位")


# --- a VPDN --------------------------------------------------------------------------------------------


def _vpdns(unit: dict[str, Any], p: str) -> Iterator[tuple[UnitVpdn, str]]:
    for j, v in enumerate(unit.get("vpdns") or ()):
        yield (unit, v), f"{p}/vpdns/{j}"


visit(UNIT, VPDN, _vpdns)


@rule("auth.child.combination", scope=VPDN)
def vpdn_item(c: Check, uv: UnitVpdn, q: str) -> None:
    """A VPDN has an item (type D, K or I): without one it is not a VPDN contract."""
    item = uv[1].get("item")
    items = c.cat.vpdn_items
    if not isinstance(item, str) or item not in items:
        names = "・".join(i["name"] for i in items.values())
        c.report(
            q + "/item",
            f"VPDNの品目を選んでください({names})。品目のないVPDNは契約できません。",
            "Choose the VPDN item (type D, K or I).",
        )


#: The VPDN items and the articles of their prerequisites (第5条第2項〜第4項) and of the items the
#: large-scale private gateway excludes (第13条第3項・第4項).
PREREQUISITES = {"type_d": "第3条, 第5条第2項", "type_k": "第3条, 第5条第3項", "type_i": "第3条, 第5条第4項"}
GATEWAY_EXCLUDED = {"type_i": "第13条第3項", "type_k": "第13条第4項"}


def _prerequisite_rule(item: str, article: str) -> None:
    @rule(f"auth.vpdn.{item}.prerequisite", ERROR, scope=VPDN, tariff="auth", article=article)
    def prerequisite(c: Check, uv: UnitVpdn, q: str) -> None:
        """The VPDN item needs the customer's IIJ Mobile contract of the matching type and category."""
        v = uv[1]
        if v.get("item") != item:
            return
        spec = c.cat.vpdn_items[item]
        mobile = v.get("mobile") or {}
        field_name = spec["requirement_field"]
        allowed = spec["allowed"]
        if mobile.get("service") == spec["mobile_service"] and mobile.get(field_name) in allowed:
            return
        values = c.cat.auth["mobile_values"][field_name]
        shown_allowed = "・".join(values.get(a, a) for a in allowed)
        c.report(
            q + "/mobile",
            f"{spec['name']}を利用するには{spec['mobile_service_name']}({spec['requirement_label']}が"
            f"{shown_allowed})の"
            f"ご契約が必要です。ご契約内容を入力するか、品目を変更してください。",
            f"{spec['name_en']} needs {spec['mobile_service_name_en']} ({field_name}: {', '.join(allowed)}).",
        )


def _gateway_rule(item: str, article: str) -> None:
    @rule(f"auth.large_scale_gateway.{item}", ERROR, scope=VPDN, tariff="auth", article=article)
    def gateway(c: Check, uv: UnitVpdn, q: str) -> None:
        """The VPDN item cannot be combined with the large-scale private gateway."""
        unit, v = uv
        if v.get("item") != item or not unit.get("large_scale_private_gateway"):
            return
        spec = c.cat.vpdn_items[item]
        if spec["large_scale_gateway_allowed"]:
            return
        c.report(
            q + "/item",
            f"{spec['name']}はIIJモバイル大規模プライベートゲートウェイサービスと併用できません"
            f"({spec['large_scale_gateway_citation']})。品目をタイプDにするか、"
            "大規模プライベートゲートウェイの利用をご確認ください。",
            f"{spec['name_en']} cannot be combined with the large-scale private gateway.",
        )


for _item, _article in PREREQUISITES.items():
    _prerequisite_rule(_item, _article)
for _item, _article in GATEWAY_EXCLUDED.items():
    _gateway_rule(_item, _article)


@rule("auth.vpdn.terminator.required", ERROR, scope=VPDN, tariff="auth", article="第6条第2項第3号")
def terminator_required(c: Check, uv: UnitVpdn, q: str) -> None:
    """Each VPDN names at least one VPDN terminator (LNS) address."""
    terms = uv[1].get("terminators") or []
    if not terms:
        c.report(
            q + "/terminators",
            "VPDNを終端する装置(LNS)のIPアドレスを1つ以上入力してください。",
            "Enter at least one VPDN terminator (LNS) address.",
        )
    for k, t in enumerate(terms):
        if isinstance(address(str(t)), str):
            c.report(
                f"{q}/terminators/{k}",
                f"終端装置「{shown(t)}」はIPv4アドレスではありません。192.0.2.20 のように入力してください。",
                f"Terminator {shown(t)!r} is not an IPv4 address.",
            )


def repeated_terminators(terms: list[Any]) -> list[tuple[int, int]]:
    """Each terminator entry that names a device listed before it, as (entry, first entry): the same
    IPv4 address however written, or the same text."""
    first: dict[Any, int] = {}
    out = []
    for k, t in enumerate(terms):
        a = address(str(t))
        key = a if isinstance(a, int) else str(t).strip()
        if key in first:
            out.append((k, first[key]))
        else:
            first[key] = k
    return out


@rule("auth.option.load_balancing.scope", scope=VPDN)
def vpdn_load_balancing(c: Check, uv: UnitVpdn, q: str) -> None:
    """Load balancing on a VPDN needs two or more distinct VPDN terminators to balance across: one
    address listed twice is one device."""
    v = uv[1]
    if not v.get("load_balancing"):
        return
    terms = v.get("terminators") or []
    need = c.cat.load_balancing_min_terminators
    repeats = repeated_terminators(terms)
    devices = len(terms) - len(repeats)
    if devices >= need:
        return
    same = "".join(
        f"終端装置の{k + 1}番目「{shown(terms[k])}」は{f + 1}番目と同じ装置です。" for k, f in repeats
    )
    same_en = "".join(
        f" Terminator {k + 1} ({shown(terms[k])}) is terminator {f + 1} again." for k, f in repeats
    )
    c.report(
        q + "/load_balancing",
        f"負荷分散オプションには終端装置(LNS)が{need}台以上必要です(現在{devices}台)。{same}"
        "終端装置を追加するか、負荷分散を外してください。",
        f"Load balancing needs {need} or more terminators (now {devices}).{same_en}",
        [fix("負荷分散を外す", "Remove load balancing", ("replace", q + "/load_balancing", False))],
    )


@rule("auth.setup.acknowledged", WARNING, scope=UNIT, tariff="auth", article="第6条第2項, 第3項")
def setup_acknowledged(c: Check, unit: dict[str, Any], p: str) -> None:
    """The customer has acknowledged the setup duties of 第6条第2項."""
    if not unit.get("setup_acknowledged"):
        c.report(
            p + "/setup_acknowledged",
            "お客様側の設定事項(端末、VPDN終端装置、VPDN端末、認証識別装置の設定 第6条第2項)について"
            "お客様の確認を得て、確認済みにしてください。",
            "Have the customer acknowledge the setup duties of article 6(2).",
        )


# --- the units together --------------------------------------------------------------------------------


@rule("auth.client.per_ip", scope=AUTH_UNITS)
def client_ip_unique(c: Check, units: list[dict[str, Any]], p: str) -> None:
    """No two clients of the order share a terminal address."""
    seen: dict[int, str] = {}
    for i, unit in enumerate(units):
        for j, cl in enumerate(unit.get("clients") or ()):
            ip = cl.get("ip")
            a = address(str(ip)) if ip else None
            if not isinstance(a, int):
                continue
            q = f"/auth_units/{i}/clients/{j}/ip"
            if a in seen:
                c.report(
                    q,
                    f"IPアドレス {IPv4Address(a)} は {seen[a]} と同じです。"
                    "クライアントは1つの端末(IPアドレス)ごとに1契約です。"
                    "アドレスを直すか、重複した契約を外してください。",
                    f"IP address {IPv4Address(a)} is already registered ({seen[a]}): one contract per "
                    "terminal.",
                )
            else:
                seen[a] = q


@rule("auth.parent.monthly_fee_zero", ERROR, scope=AUTH_UNITS, tariff="auth", article="別紙1 2(1)")
def management_fee_zero(c: Check, units: list[dict[str, Any]], p: str) -> None:
    """The price book's monthly fee for the management contract is 0 yen (judged with a price book)."""
    book = c.price_book
    if book is None or not units:
        return
    fee = book.management_monthly_fee()
    if fee == 0:
        return
    for i, unit in enumerate(units):
        if unit.get("management"):
            c.report(
                f"/auth_units/{i}/management",
                f"価格表「{book.version}」のマネージメント月額費用が{fee:,}円になっています。"
                "規程上0円です。正しい価格表を使ってください。",
                f"Price book {book.version} charges {fee:,} yen a month for management; it must be 0.",
            )
