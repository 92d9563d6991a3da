"""The rules of IIJマネージドVPN PROサービス (tariff-rules.md, "vpn") for a new order: a network's own
fields, each site, each LAN subnet, the LANs of one network together, and the networks' topology.

The order of the declarations is the order of the issues: a network's fields, then its sites in
document order (device, term, LAN, country, internet connection, options), then LAN overlaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from ipaddress import ip_network
from itertools import islice
from typing import Any

from configurator.tariff.catalogue import ROUTER, SWITCH, Device
from configurator.tariff.checks.addresses import PRIVATE, address, is_private, subnet
from configurator.tariff.checks.registry import (
    ERROR,
    LAN,
    NETWORK,
    OPTIONS,
    SITE,
    TOPOLOGY,
    VPN_NETWORK,
    Check,
    Issue,
    RuleFn,
    fix,
    quiet,
    rule,
    shown,
    sort_scope,
    visit,
)


def _ja_date(iso: Any) -> str:
    from configurator.text.jpformat import format_date_both

    return format_date_both(str(iso)) if iso else ""


# --- a network's own fields --------------------------------------------------------------------------


@rule("vpn.item.valid", ERROR, scope=NETWORK, tariff="vpn", article="第2条")
def item_valid(c: Check, net: dict[str, Any], p: str) -> None:
    """The item is one of the three topologies; closed monitoring only on top of one."""
    items = c.cat.vpn_items
    item = net.get("item")
    if item in items:
        return
    names = "、".join(v["name"] for v in items.values())
    if item == c.cat.vpn["closed_monitoring"]["id"]:
        c.report(
            p + "/item",
            f"クローズドモニタリングは単独では選べません。{names} のいずれかに重ねて利用してください。",
            "Closed monitoring is taken on top of one of the three topologies; choose one of them.",
            [
                fix(
                    f"{v['name']}+クローズドモニタリングにする",
                    f"{v['name_en']} with closed monitoring",
                    ("replace", p + "/item", k),
                    ("replace", p + "/closed_monitoring/enabled", True),
                )
                for k, v in items.items()
            ],
        )
    elif item is None:
        c.report(p + "/item", f"品目を選んでください({names})。", "Choose the item (topology).")
    else:
        c.report(
            p + "/item",
            f"品目「{shown(item)}」は第2条にありません。{names} から選んでください。",
            f"Item {shown(item)!r} is not in article 2.",
        )


@rule("vpn.closed_monitoring.line", ERROR, scope=NETWORK, tariff="vpn", article="第8条第2項第4号")
def closed_monitoring_line(c: Check, net: dict[str, Any], p: str) -> None:
    """Closed monitoring names the customer's line to the company's designated location."""
    cm = net.get("closed_monitoring") or {}
    if cm.get("enabled") and not (cm.get("line") or "").strip():
        c.report(
            p + "/closed_monitoring/line",
            "クローズドモニタリングには当社が指定する場所と通信するための回線が必要です。"
            "お客様が用意する回線(回線種別・回線ID等)を入力してください。",
            "Closed monitoring needs the customer's line to the designated location: name it.",
            [
                fix(
                    "クローズドモニタリングをやめる",
                    "Turn closed monitoring off",
                    ("replace", p + "/closed_monitoring/enabled", False),
                )
            ],
        )


@rule("vpn.maintenance.valid", ERROR, scope=NETWORK, tariff="vpn", article="第4条, 附則 平成22年2月1日")
def maintenance_valid(c: Check, net: dict[str, Any], p: str) -> None:
    """The maintenance type is type 2 (type 1 was abolished on 2010-02-01)."""
    maint = net.get("maintenance")
    mtypes = c.cat.maintenance_types
    if maint is not None and mtypes.get(maint, {}).get("available"):
        return
    avail = [k for k, v in mtypes.items() if v.get("available")]
    names = "・".join(mtypes[k]["name"] for k in avail)
    if maint is None:
        ja = f"保守種別を選んでください({names})。"
    elif maint in mtypes:
        ja = (
            f"保守種別{mtypes[maint]['name']}は{_ja_date(mtypes[maint].get('abolished'))}に廃止されました"
            f"。{names}にしてください。"
        )
    else:
        ja = f"保守種別「{shown(maint)}」はありません。{names}にしてください。"
    c.report(
        p + "/maintenance",
        ja,
        "The maintenance type must be type 2.",
        [
            fix(
                f"{mtypes[k]['name']}にする",
                f"Set {mtypes[k]['name_en']}",
                ("replace", p + "/maintenance", k),
            )
            for k in avail
        ],
    )


@rule("vpn.parent.required", ERROR, scope=NETWORK, tariff="vpn", article="第1条, 第6条, 第8条第1項")
def parent_required(c: Check, net: dict[str, Any], p: str) -> None:
    """Exactly one parent site per VPN network."""
    if not net.get("parent"):
        c.report(
            p + "/parent",
            "親拠点がありません。VPN網ごとに親拠点(主たる拠点)を1つ指定してください。",
            "Add the parent site: each VPN network has exactly one.",
        )


@rule("vpn.child.required", ERROR, scope=NETWORK, tariff="vpn", article="第1条, 第8条第1項")
def child_required(c: Check, net: dict[str, Any], p: str) -> None:
    """At least one child site."""
    if not net.get("children"):
        c.report(
            p + "/children",
            "子拠点がありません。子拠点を1つ以上追加してください。",
            "Add at least one child site.",
        )


@rule("vpn.child.max", ERROR, scope=NETWORK, tariff="vpn", article="第1条")
def child_max(c: Check, net: dict[str, Any], p: str) -> None:
    """No more child sites than the catalogue's designated maximum."""
    n, most = len(net.get("children") or ()), c.cat.max_child_sites
    if n > most:
        c.report(
            p + "/children",
            f"子拠点が{n:,}拠点あります。1つのVPN網の子拠点は当社指定の{most:,}拠点までです。"
            "VPN網を分けてください。",
            f"{n:,} child sites exceed the designated maximum of {most:,}. Split the network.",
        )


# --- a site --------------------------------------------------------------------------------------------


def router_of(c: Check, site: dict[str, Any]) -> Device | None:
    """The site's device if it is a router of the catalogue, else None."""
    dev_id = site.get("device")
    dev = c.cat.devices.get(dev_id) if isinstance(dev_id, str) else None
    return dev if dev is not None and dev.role == ROUTER else None


@rule("vpn.device.valid", ERROR, scope=SITE, tariff="vpn", article="第3条, 第12条")
def device_valid(c: Check, site: dict[str, Any], p: str) -> None:
    """Every site's VPN device is a router type of 第3条 from the catalogue."""
    devices = c.cat.devices
    dev_id = site.get("device")
    dev = devices.get(dev_id) if isinstance(dev_id, str) else None
    if dev is not None and dev.role == ROUTER:
        return
    routers = "、".join(devices[r].name for r in c.cat.routers())
    if dev_id is None:
        c.report(p + "/device", f"機器種別を選んでください({routers})。", "Choose the device type.")
    elif dev is not None and dev.role == SWITCH:
        c.report(
            p + "/device",
            f"{dev.name} はスイッチでVPNを終端できません。VPN機器にはルーター({routers})を選んでください。"
            "スイッチはプライベートスイッチオプションで追加できます。",
            f"{dev.name} is a switch. Choose a router; switches come with the private switch option.",
        )
    else:
        c.report(
            p + "/device",
            f"機器種別「{shown(dev_id)}」は第3条にありません。{routers} から選んでください。",
            f"Device type {shown(dev_id)!r} is not in article 3. Choose a router from the catalogue.",
        )


@rule("vpn.term.valid", ERROR, scope=SITE, tariff="vpn", article="第5条第1項")
def term_valid(c: Check, site: dict[str, Any], p: str) -> None:
    """Each contract's minimum term is 1 or 3 years."""
    term = site.get("term_years")
    terms = c.cat.term_years
    if term in terms and not isinstance(term, bool):
        return
    c.report(
        p + "/term_years",
        "最低利用期間を選んでください(1年または3年)。"
        if term is None
        else f"最低利用期間 {shown(term)}年 は選べません。1年または3年にしてください。",
        "Choose a minimum term of 1 or 3 years.",
        [
            fix(
                f"{t}年にする",
                f"Set {t} year" if t == 1 else f"Set {t} years",
                ("replace", p + "/term_years", t),
            )
            for t in terms
        ],
    )


def _lans(site: dict[str, Any], p: str) -> Iterator[tuple[str, str]]:
    for k, text in enumerate(site.get("lan") or ()):
        yield text, f"{p}/lan/{k}"


visit(SITE, LAN, _lans)


@rule("vpn.lan.rfc1918", ERROR, scope=LAN, tariff="vpn", article="第22条第2項")
def lan_rfc1918(c: Check, text: str, q: str) -> None:
    """Every LAN subnet lies inside RFC 1918 space (10/8, 172.16/12, 192.168/16)."""
    net = subnet(text)
    if isinstance(net, tuple) and not is_private(net):
        c.report(
            q,
            f"LANのサブネット {net[2]} はプライベートアドレスではありません。"
            "10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 の範囲にしてください。",
            f"LAN subnet {net[2]} is not RFC 1918 private space (10/8, 172.16/12, 192.168/16).",
        )


@rule("vpn.ip.ipv4_only", ERROR, scope=LAN, tariff="vpn", article="第7条第1項")
def lan_ipv4_only(c: Check, text: str, q: str) -> None:
    """Every LAN subnet is an IPv4 subnet (written as its network address)."""
    net = subnet(text)
    if isinstance(net, tuple):
        return
    if net == "ipv6":
        c.report(
            q,
            f"{shown(text)} はIPv6です。このサービスはIPv4のみです。IPv4のサブネットにしてください。",
            f"{shown(text)} is IPv6; only IPv4 is available.",
        )
    elif net == "host_bits":
        network = ip_network(text, strict=False)
        c.report(
            q,
            f"{shown(text)} はネットワークアドレスではありません。{network} のように書いてください。",
            f"{shown(text)} has host bits set; write {network}.",
            [fix(f"{network} にする", "Use the network address", ("replace", q, str(network)))],
        )
    else:
        c.report(
            q,
            f"「{shown(text)}」はIPv4のサブネットではありません。10.1.0.0/24 のように書いてください。",
            f"{shown(text)!r} is not an IPv4 subnet; write e.g. 10.1.0.0/24.",
        )


@rule("vpn.site.domestic", ERROR, scope=SITE, tariff="vpn", article="第14条第1項第3号")
def site_domestic(c: Check, site: dict[str, Any], p: str) -> None:
    """Every site (device installation address) is in Japan; no country means Japan."""
    if site.get("country", "JP") not in c.cat.domestic_countries:
        c.report(
            p + "/country",
            "VPN機器は日本国外で使用できません。設置場所を日本国内(JP)にしてください。",
            "VPN devices may not be used outside Japan; the site must be in Japan (JP).",
            [fix("国をJP(日本)にする", "Set country to JP", ("replace", p + "/country", "JP"))],
        )


@rule("vpn.ip.ipv4_only", scope=SITE)
def internet_ipv4_only(c: Check, site: dict[str, Any], p: str) -> None:
    """A non-IIJ connection's address is IPv4."""
    inet = site.get("internet")
    if not inet or inet.get("provider") != "other":
        return
    addr = inet.get("address")
    if addr and address(str(addr)) == "ipv6":
        c.report(
            p + "/internet/address",
            f"{shown(addr)} はIPv6です。IPv4アドレスにしてください。",
            f"{shown(addr)} is IPv6; use IPv4.",
        )


@rule("vpn.environment.disclosure", ERROR, scope=SITE, tariff="vpn", article="第8条第3項")
def environment_disclosure(c: Check, site: dict[str, Any], p: str) -> None:
    """A connection that is not an IIJ service discloses its settings (provider, connection type, address)."""
    inet = site.get("internet")
    q = p + "/internet"
    if inet and inet.get("provider") == "iij":
        return
    if not inet or not inet.get("provider"):
        c.report(
            q,
            "インターネット接続を指定してください(IIJのサービスか、他社回線ならその接続情報)。",
            "Give the internet connection: IIJ, or the settings of another provider.",
        )
        return
    provider = inet.get("provider")
    if provider != "other":
        c.report(
            q + "/provider",
            f"接続事業者の区分「{shown(provider)}」は不明です。iij(IIJ)か other(他社)にしてください。",
            f"Unknown provider kind {shown(provider)!r}: use iij or other.",
        )
        return
    missing = []
    if not (inet.get("name") or "").strip():
        missing.append(("name", "回線・事業者名", "provider name"))
    conn = inet.get("connection")
    ctypes = c.cat.connection_types
    if conn not in ctypes:
        missing.append(
            (
                "connection",
                "接続方式(" + "・".join(v["name"] for v in ctypes.values()) + ")",
                "connection type",
            )
        )
    addr = inet.get("address")
    if addr:
        if address(str(addr)) == "invalid":
            c.report(
                q + "/address",
                f"「{shown(addr)}」はIPv4アドレスではありません。203.0.113.10 のように書いてください。",
                f"{shown(addr)!r} is not an IPv4 address.",
            )
    elif conn in ctypes and ctypes[conn]["address_required"]:
        missing.append(("address", "固定IPアドレス", "static address"))
    for key, ja, en in missing:
        c.report(
            f"{q}/{key}",
            f"他社回線の場合は通信環境の設定情報の開示が必要です。{ja}を入力してください。",
            f"A non-IIJ connection must disclose its settings: enter the {en}.",
        )


#: The options only some devices take (第17条第2項第4号〜第7号), each its own rule.
DEVICE_OPTIONS = {
    "rack_mount_kit": "第17条第2項第4号",
    "sfp_module": "第17条第2項第5号",
    "vpn_module": "第17条第2項第6号",
    "additional_license": "第17条第2項第7号",
}


def _with_options(site: dict[str, Any], p: str) -> tuple[tuple[dict[str, Any], str], ...]:
    """The site, if it has a private switch or a device option set (most sites have neither)."""
    opts = site.get("options")
    if not opts:
        return ()
    if opts.get("private_switch") is not None:
        return ((site, p),)
    for key in DEVICE_OPTIONS:  # a plain loop: this runs once per site
        if opts.get(key):
            return ((site, p),)
    return ()


visit(SITE, OPTIONS, _with_options)


@rule("vpn.option.private_switch.device", ERROR, scope=OPTIONS, tariff="vpn", article="第17条第2項第3号")
def private_switch_device(c: Check, site: dict[str, Any], p: str) -> None:
    """The private switch option names a switch device type from the catalogue."""
    sw = (site.get("options") or {}).get("private_switch")
    if sw is None:
        return
    devices = c.cat.devices
    sw_dev = devices.get(sw) if isinstance(sw, str) else None
    if sw_dev is not None and sw_dev.role == SWITCH:
        return
    q = p + "/options/private_switch"
    switches = c.cat.switches()
    names = "、".join(devices[s].name for s in switches)
    c.report(
        q,
        f"プライベートスイッチには「{shown(sw)}」は選べません。スイッチ({names})から選んでください。",
        f"The private switch must be a switch device type, not {shown(sw)!r}.",
        [fix(f"{devices[s].name} にする", f"Use {devices[s].name}", ("replace", q, s)) for s in switches[:1]]
        + [fix("プライベートスイッチを外す", "Remove the private switch", ("replace", q, None))],
    )


def _not_taken(dev: Device) -> frozenset[str]:
    """The device options a device does not take (第17条第2項)."""
    return _not_taken_of(dev.options)


@lru_cache(maxsize=64)
def _not_taken_of(options: frozenset[str]) -> frozenset[str]:
    """Cached by the device's options (a frozenset keeps its hash; a Device would hash all its fields)."""
    return frozenset(k for k in DEVICE_OPTIONS if k not in options)


def _device_option_rule(key: str, article: str) -> RuleFn:
    @rule(f"vpn.option.{key}.device", ERROR, scope=OPTIONS, tariff="vpn", article=article)
    def option_device(c: Check, site: dict[str, Any], p: str) -> None:
        """The option only on the devices the catalogue designates (the additional license: C1121-8P)."""
        opts = site.get("options")
        if not opts or not opts.get(key):
            return
        dev = router_of(c, site)
        if dev is None or key not in _not_taken(dev):
            return  # without a router the device error is reported; options are judged once one is chosen
        cat = c.cat
        spec = cat.vpn_options[key]
        name = spec["name"]
        takers = cat.devices_taking(key)
        taker_names = [cat.devices[d].name for d in takers]
        off: Any = 0 if spec["value"] == "count" else False
        q = f"{p}/options/{key}"
        sugg = [fix(f"{name}を外す", f"Remove the {spec['name_en'].lower()}", ("replace", q, off))]
        if len(takers) == 1:
            sugg.append(
                fix(
                    f"機器を {taker_names[0]} に変更する",
                    f"Change the device to {taker_names[0]}",
                    ("replace", p + "/device", takers[0]),
                )
            )
        if key == "additional_license":
            ja = (
                f"追加ライセンスは機器種別C1121-8Pだけのオプションです。{dev.name} では外すか、"
                "機器をC1121-8Pにしてください。"
            )
        else:
            ja = (
                f"{name}は {dev.name} では使えません(当社指定の機器: {'、'.join(taker_names)})。"
                "外すか機器を変更してください。"
            )
        c.report(
            q,
            ja,
            f"The {spec['name_en'].lower()} is not available on {dev.name}"
            f" (designated: {', '.join(taker_names)}). Remove it or change the device.",
            sugg,
        )

    return option_device


_OPTION_RULES = tuple(_device_option_rule(_key, _article) for _key, _article in DEVICE_OPTIONS.items())


@quiet(
    SITE,
    covers=(
        device_valid,
        term_valid,
        lan_rfc1918,
        lan_ipv4_only,
        site_domestic,
        internet_ipv4_only,
        environment_disclosure,
        private_switch_device,
        *_OPTION_RULES,
    ),
)
def site_in_order(c: Check, site: Any) -> bool:
    """True only when none of the site rules above reports anything: one pass over the site for what a
    site of a valid order has (a router, a term, private IPv4 LANs, Japan, a disclosed connection,
    options its device takes). Anything else, or any value of an unexpected type, is False, and the
    rules then run one by one (they find what to say)."""
    if type(site) is not dict:
        return False
    cat = c.cat
    get = site.get
    dev_id = get("device")
    dev = cat.devices.get(dev_id) if type(dev_id) is str else None
    if dev is None or dev.role != ROUTER:
        return False
    term = get("term_years")
    if type(term) is not int or term not in cat.term_years:
        return False
    lan = get("lan")
    if lan:
        if type(lan) is not list:
            return False
        (lo1, hi1), (lo2, hi2), (lo3, hi3) = PRIVATE
        for text in lan:
            span = subnet(text) if type(text) is str else None
            if type(span) is not tuple:
                return False
            start, end = span[0], span[1]
            if (lo1 <= start and end <= hi1) or (lo2 <= start and end <= hi2):
                continue
            if not (lo3 <= start and end <= hi3):  # is_private(span), inlined
                return False
    country = get("country", "JP")
    if type(country) is not str or country not in cat.domestic_countries:
        return False
    inet = get("internet")
    if type(inet) is not dict:
        return False
    provider = inet.get("provider")
    if provider == "other":
        name = inet.get("name")
        conn = inet.get("connection")
        ctypes = cat.connection_types
        if type(name) is not str or not name.strip() or type(conn) is not str or conn not in ctypes:
            return False
        addr = inet.get("address")
        if addr:
            if type(addr) is not str or type(address(addr)) is not int:
                return False
        elif ctypes[conn]["address_required"]:
            return False
    elif provider != "iij":
        return False
    opts = get("options")
    if opts:
        if type(opts) is not dict:
            return False
        sw = opts.get("private_switch")
        if sw is not None:
            sw_dev = cat.devices.get(sw) if type(sw) is str else None
            if sw_dev is None or sw_dev.role != SWITCH:
                return False
        for key in _not_taken_of(dev.options):
            if opts.get(key):
                return False
    return True


# --- a network with its sites --------------------------------------------------------------------------


def sites_of(net: dict[str, Any], p: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The network's sites in document order: the parent, then the children."""
    parent = net.get("parent")
    if parent:
        yield parent, p + "/parent"
    for j, child in enumerate(net.get("children") or ()):
        yield child, f"{p}/children/{j}"


def site_objects(net: dict[str, Any]) -> tuple[Any, ...] | list[Any]:
    """The sites of sites_of(), without their pointers."""
    parent = net.get("parent")
    children = net.get("children") or ()
    return (parent, *children) if parent else children


visit(VPN_NETWORK, NETWORK, lambda net, p: ((net, p),))
visit(VPN_NETWORK, SITE, sites_of, objects=site_objects)


#: A private LAN subnet of a network, as the overlap check sorts them: (first address, minus the last
#: address, canonical text, its site: number in site_objects() or pointer, index in the site's LAN list).
_Lan = tuple[int, int, str, Any, int]


def _private_lans(net: dict[str, Any]) -> list[_Lan]:
    lans: list[_Lan] = []
    append = lans.append
    (lo1, hi1), (lo2, hi2), (lo3, hi3) = PRIVATE
    for n, site in enumerate(site_objects(net)):
        for k, text in enumerate(site.get("lan") or ()):
            span = subnet(text)  # cached: judged already by the LAN rules
            if type(span) is tuple:
                start, end = span[0], span[1]
                if (
                    (lo1 <= start and end <= hi1)
                    or (lo2 <= start and end <= hi2)
                    or (lo3 <= start and end <= hi3)
                ):
                    append((start, -end, span[2], n, k))
    return lans


def _overlapping(lans: list[_Lan], twins: bool) -> list[tuple[_Lan, _Lan]] | None:
    """Each subnet of the sorted `lans` that overlaps one before it, with the one before it that reaches
    furthest. None, unless `twins`, when two subnets are the same (their order is then their pointers')."""
    found: list[tuple[_Lan, _Lan]] = []
    best = prev = lans[0]
    best_end = -best[1]
    for lan in islice(lans, 1, None):
        start = lan[0]
        if start <= best_end:
            if not twins and start == prev[0] and lan[1] == prev[1]:
                return None
            found.append((lan, best))
        end = -lan[1]
        if end > best_end:
            best, best_end = lan, end
        prev = lan
    return found


@rule("vpn.lan.overlap", ERROR, scope=VPN_NETWORK, tariff=None, article="—")
def lan_overlap(c: Check, net: dict[str, Any], p: str) -> None:
    """No two LAN subnets of one VPN network overlap (routing would be ambiguous; technical rule, no article).

    In O(n log n): sort by start (widest first; the same subnet twice: by the sites' pointers as text),
    then sweep, remembering the subnet that reaches furthest so far. The pointers are made only for the
    subnets reported, or when a subnet is there twice."""
    lans = _private_lans(net)
    if len(lans) < 2:
        return
    first = 1 if net.get("parent") else 0

    def site_at(where: Any) -> str:
        if type(where) is str:
            return where
        return p + "/parent" if where < first else f"{p}/children/{where - first}"

    lans.sort()
    found = _overlapping(lans, twins=False)
    if found is None:
        lans = sorted((start, neg_end, n, site_at(where), k) for start, neg_end, n, where, k in lans)
        found = _overlapping(lans, twins=True) or []
    for (_start, _end, n, where, k), (_bstart, _bend, best_net, best_where, best_k) in found:
        best_q = f"{site_at(best_where)}/lan/{best_k}"
        c.report(
            f"{site_at(where)}/lan/{k}",
            f"LANのサブネット {n} が {best_net}({best_q})と重なっています。"
            "同じVPN網のLANは重ならないアドレスにしてください。",
            f"LAN subnet {n} overlaps {best_net} ({best_q}); use non-overlapping subnets.",
        )


# --- the networks together -------------------------------------------------------------------------


def _parents(networks: list[dict[str, Any]]) -> dict[str, int]:
    """Each parent site id with the first network where it is the parent."""
    parents: dict[str, int] = {}
    for i, net in enumerate(networks):
        parent = net.get("parent")
        if parent:
            parents.setdefault(parent["id"], i)
    return parents


def _children(networks: list[dict[str, Any]]) -> Iterator[tuple[int, int, str]]:
    for i, net in enumerate(networks):
        for j, child in enumerate(net.get("children") or ()):
            yield i, j, child["id"]


def _child_ids(networks: list[dict[str, Any]]) -> list[str]:
    """Every child site id of the networks, for the checks of the usual case (no id repeats) in C."""
    return [child["id"] for net in networks for child in net.get("children") or ()]


def _remove_child(i: int, j: int) -> list[Any]:
    return [
        fix("この子拠点を外す", "Remove this child site", ("remove", f"/vpn_networks/{i}/children/{j}", None))
    ]


@rule("vpn.topology.parent_isolation", ERROR, scope=TOPOLOGY, tariff="vpn", article="第22条第3項")
def parent_isolation(c: Check, networks: list[dict[str, Any]], p: str) -> None:
    """A parent's devices never connect to another parent's: no site is the parent of two networks,
    nor a child where it is a parent."""
    parents = _parents(networks)
    for i, net in enumerate(networks):
        parent = net.get("parent")
        if parent and parents[parent["id"]] != i:
            sid = parent["id"]
            first = f"/vpn_networks/{parents[sid]}/parent/id"
            c.report(
                f"/vpn_networks/{i}/parent/id",
                f"拠点「{shown(sid)}」は {first} でも親拠点です。"
                "親拠点の機器は他の親拠点の機器とVPN接続できません。"
                "別の拠点を親拠点にしてください。",
                f"Site {shown(sid)!r} is already a parent ({first}); parents never connect.",
            )
    if parents.keys().isdisjoint(_child_ids(networks)):
        return
    for i, j, sid in _children(networks):
        if sid in parents:
            first = f"/vpn_networks/{parents[sid]}/parent/id"
            c.report(
                f"/vpn_networks/{i}/children/{j}/id",
                f"拠点「{shown(sid)}」は {first} で親拠点です。子拠点にすると2つの親拠点が接続されます。"
                "この子拠点を外してください。",
                f"Site {shown(sid)!r} is a parent elsewhere ({first}); this would link two parents.",
                _remove_child(i, j),
            )


@rule("vpn.topology.single_parent", ERROR, scope=TOPOLOGY, tariff="vpn", article="第22条第4項")
def single_parent(c: Check, networks: list[dict[str, Any]], p: str) -> None:
    """A child site belongs to exactly one parent."""
    ids = _child_ids(networks)
    if len(set(ids)) == len(ids):  # no child id twice: nothing to report
        return
    parents = _parents(networks)
    children: dict[str, tuple[int, int]] = {}
    for i, j, sid in _children(networks):
        if sid in parents:
            continue
        if sid in children:
            first = "/vpn_networks/{}/children/{}/id".format(*children[sid])
            c.report(
                f"/vpn_networks/{i}/children/{j}/id",
                f"子拠点「{shown(sid)}」は {first} でも子拠点です。子拠点は1つの親拠点にだけ接続できます。"
                "どちらかのVPN網から外してください。",
                f"Child site {shown(sid)!r} already belongs to another parent ({first}).",
                _remove_child(i, j),
            )
        else:
            children[sid] = (i, j)


def _topology_order(issue: Issue) -> tuple[int, ...]:
    """The parents first, then the children in document order (how the two rules read the networks)."""
    parts = issue.path.split("/")  # "", "vpn_networks", i, "parent" | "children", [j,] "id"
    return (0, int(parts[2])) if parts[3] == "parent" else (1, int(parts[2]), int(parts[4]))


sort_scope(TOPOLOGY, _topology_order)
