"""The rule engine: every rule of tariff-rules.md (but the vpn.change.* rules of change orders).

`validate(order)` reports every issue at once. Each issue carries its rule id, severity, the JSON
pointer of the field at fault, a Japanese message (and English) that says what to change, the
article it cites, and, where the repair is obvious, suggestions that can be applied as a patch.

The checks are written per scope (order, VPN network, site, auth unit) so that `choices` can ask
"what if this field had that value" of one scope without revalidating the whole order.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import AddressValueError, IPv4Address, IPv4Network, NetmaskValueError, ip_address, ip_network
from typing import Any

from configurator.gcpause import gc_paused
from configurator.tariff.catalogue import ROUTER, SWITCH, Catalogue, Device, catalogue
from configurator.text.i18n import N_

ERROR = "error"
WARNING = "warning"
#: Shown in place of an article for the rules no tariff article states (LAN overlap, empty order).
NO_ARTICLE = N_("条項なし(技術上・書式上の確認)")


def _ja_date(iso: Any) -> str:
    from configurator.text.jpformat import format_date_both

    return format_date_both(str(iso)) if iso else ""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    tariff: str | None  # "vpn", "auth" or None (whole order / technical rule)
    citation: str
    title: str
    title_en: str


def _r(rid: str, sev: str, tariff: str | None, cit: str, ja: str, en: str) -> Rule:
    return Rule(rid, sev, tariff, cit, ja, en)


#: Every rule this engine implements, keyed by the stable id of tariff-rules.md.
RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        # auth — IIJ認証アウトソースサービス
        _r("auth.parent.required", ERROR, "auth", "第5条第1項",
           "マネージメント(親たる契約)が必要", "a management (parent) contract is required"),
        _r("auth.child.combination", ERROR, "auth", "第5条第1項",
           "子たる契約はクライアントとプロキシの組合せ、またはVPDN", "children: client and proxy, or a VPDN"),
        _r("auth.vpdn.type_d.prerequisite", ERROR, "auth", "第3条, 第5条第2項",
           "タイプDはIIJモバイルサービス/タイプD(品目区分Ⅰ)が前提", "type D needs IIJ Mobile type D, category I"),
        _r("auth.vpdn.type_k.prerequisite", ERROR, "auth", "第3条, 第5条第3項",
           "タイプKはIIJモバイルサービス/タイプK(定額プラン等)が前提", "type K needs IIJ Mobile type K on a flat plan"),
        _r("auth.vpdn.type_i.prerequisite", ERROR, "auth", "第3条, 第5条第4項",
           "タイプIはIIJモバイルサービス/タイプI(ネットワークタイプ区分Ⅲ)が前提",
           "type I needs IIJ Mobile type I, network type III"),
        _r("auth.client.per_ip", ERROR, "auth", "第6条第1項",
           "クライアントは1契約につき1つのIPv4アドレス", "one IPv4 terminal address per client contract"),
        _r("auth.realm.required", ERROR, "auth", "第6条第2項第1号",
           "レルムの指定が必要", "a realm is required"),
        _r("auth.vpdn.terminator.required", ERROR, "auth", "第6条第2項第3号",
           "VPDNを終端する装置(LNS)の指定が必要", "a VPDN terminator (LNS) is required"),
        _r("auth.proxy.destination.required", ERROR, "auth", "第6条第2項第5号",
           "プロキシの転送先(認証識別装置)の指定が必要", "a proxy forwarding destination is required"),
        _r("auth.setup.acknowledged", WARNING, "auth", "第6条第2項, 第3項",
           "第6条第2項の設定事項の確認", "setup duties of article 6(2) acknowledged"),
        _r("auth.option.load_balancing.scope", ERROR, "auth", "第7条第2項第1号",
           "負荷分散オプションはVPDNで終端装置が2台以上", "load balancing: VPDN only, two or more terminators"),
        _r("auth.large_scale_gateway.type_i", ERROR, "auth", "第13条第3項",
           "タイプIと大規模プライベートゲートウェイは併用不可", "type I cannot be used with the large-scale gateway"),
        _r("auth.large_scale_gateway.type_k", ERROR, "auth", "第13条第4項",
           "タイプKと大規模プライベートゲートウェイは併用不可", "type K cannot be used with the large-scale gateway"),
        _r("auth.parent.monthly_fee_zero", ERROR, "auth", "別紙1 2(1)",
           "マネージメントの月額費用は0円", "the management contract's monthly fee is 0 yen"),
        # vpn — IIJマネージドVPN PROサービス
        _r("vpn.parent.required", ERROR, "vpn", "第1条, 第6条, 第8条第1項",
           "VPN網ごとに親拠点が1つ必要", "exactly one parent site per VPN network"),
        _r("vpn.child.required", ERROR, "vpn", "第1条, 第8条第1項",
           "子拠点が1つ以上必要", "at least one child site"),
        _r("vpn.child.max", ERROR, "vpn", "第1条",
           "子拠点は当社指定の数まで", "no more child sites than the designated maximum"),
        _r("vpn.item.valid", ERROR, "vpn", "第2条",
           "品目は3つの構成のいずれか", "the item is one of the three topologies"),
        _r("vpn.device.valid", ERROR, "vpn", "第3条, 第12条",
           "VPN機器は第3条のルーター", "the VPN device is a router type of article 3"),
        _r("vpn.maintenance.valid", ERROR, "vpn", "第4条, 附則 平成22年2月1日",
           "保守種別はタイプ2", "maintenance type is type 2"),
        _r("vpn.term.valid", ERROR, "vpn", "第5条第1項",
           "最低利用期間は1年または3年", "the minimum term is 1 or 3 years"),
        _r("vpn.ip.ipv4_only", ERROR, "vpn", "第7条第1項",
           "IPアドレスはIPv4", "addresses are IPv4"),
        _r("vpn.lan.rfc1918", ERROR, "vpn", "第22条第2項",
           "LANはRFC1918のプライベートアドレス", "LAN subnets are RFC 1918 private space"),
        _r("vpn.lan.overlap", ERROR, None, "—",
           "同じVPN網のLANは重複不可", "LAN subnets of one VPN network must not overlap"),
        _r("vpn.site.domestic", ERROR, "vpn", "第14条第1項第3号",
           "設置場所は日本国内", "the site is in Japan"),
        _r("vpn.environment.disclosure", ERROR, "vpn", "第8条第3項",
           "他社回線の通信環境の設定情報の開示", "disclose the settings of a non-IIJ connection"),
        _r("vpn.closed_monitoring.line", ERROR, "vpn", "第8条第2項第4号",
           "クローズドモニタリングには当社指定場所への回線が必要", "closed monitoring needs the line named"),
        _r("vpn.option.private_switch.device", ERROR, "vpn", "第17条第2項第3号",
           "プライベートスイッチはスイッチの機器種別", "the private switch is a switch device type"),
        _r("vpn.option.rack_mount_kit.device", ERROR, "vpn", "第17条第2項第4号",
           "ラックマウントキットは当社指定の機器のみ", "rack mount kit only on designated devices"),
        _r("vpn.option.sfp_module.device", ERROR, "vpn", "第17条第2項第5号",
           "SFPモジュールは当社指定の機器のみ", "SFP module only on designated devices"),
        _r("vpn.option.vpn_module.device", ERROR, "vpn", "第17条第2項第6号",
           "VPNモジュールは当社指定の機器のみ", "VPN module only on designated devices"),
        _r("vpn.option.additional_license.device", ERROR, "vpn", "第17条第2項第7号",
           "追加ライセンスはC1121-8Pのみ", "additional license only on C1121-8P"),
        _r("vpn.topology.parent_isolation", ERROR, "vpn", "第22条第3項",
           "親拠点の機器は他の親拠点と接続不可", "a parent never connects to another parent"),
        _r("vpn.topology.single_parent", ERROR, "vpn", "第22条第4項",
           "子拠点の親は1つ", "a child site belongs to exactly one parent"),
        # whole order
        _r("order.empty", ERROR, None, "—",
           "VPN網か認証の管理単位が1つ以上必要", "at least one VPN network or auth unit"),
    ]
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A repair the user can apply: a label and JSON-patch operations on the order."""

    label: str
    label_en: str
    patch: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "label_en": self.label_en, "patch": list(self.patch)}


@dataclass(frozen=True, slots=True)
class Issue:
    rule: str
    severity: str
    path: str
    message: str
    message_en: str
    citation: str
    tariff: str | None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def cite(self) -> str:
        """The citation with its tariff, e.g. '個別規程 IIJマネージドVPN PROサービス 第17条第2項第7号'."""
        from configurator.text.i18n import _, pick

        if not self.tariff:
            return _(NO_ARTICLE) if self.citation == "—" else self.citation
        t = catalogue().tariff(self.tariff)
        return f"{pick(t['title'], t['service_name_en'] + ' tariff')} {self.citation}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "citation": self.citation,
            "message_en": self.message_en,
            "tariff": self.tariff,
        }
        if self.suggestions:
            out["suggestions"] = [s.to_json() for s in self.suggestions]
        return out


@dataclass(slots=True)
class _Collector:
    issues: list[Issue] = field(default_factory=list)

    def add(self, rid: str, path: str, ja: str, en: str, suggestions: Iterable[Suggestion] = ()) -> None:
        rule = RULES[rid]
        self.issues.append(
            Issue(rid, rule.severity, path, ja, en, rule.citation, rule.tariff, tuple(suggestions))
        )


def _fix(label: str, label_en: str, *ops: tuple[str, str, Any]) -> Suggestion:
    return Suggestion(label, label_en, tuple({"op": op, "path": p, "value": v} for op, p, v in ops))


def _txt(v: Any) -> str:
    """A user value shown inside a message, shortened."""
    s = str(v)
    return s if len(s) <= 60 else s[:57] + "…"


# --- addresses ----------------------------------------------------------------------------------

#: RFC 1918 private space (第22条第2項) as (first, last) address integers.
_PRIVATE = tuple(
    (int(n.network_address), int(n.broadcast_address))
    for n in (IPv4Network("10.0.0.0/8"), IPv4Network("172.16.0.0/12"), IPv4Network("192.168.0.0/16"))
)

_inet_aton = socket.inet_aton
_inet_ntoa = socket.inet_ntoa
_from_bytes = int.from_bytes
#: Prefix length as written (canonical: no leading zeros or signs) → number of addresses.
_PREFIX_SIZE = {str(n): 1 << (32 - n) for n in range(33)}

#: A LAN subnet as (first address, last address, canonical text), all IPv4.
Span = tuple[int, int, str]


def _quad(text: str) -> int | None:
    """A canonical dotted quad (no leading zeros, as ipaddress accepts them) as an integer, else None.

    The C parser, and a check that printing it back gives the same text: faster than a regular
    expression, and as strict (inet_aton alone also takes '10.1' or '0x0a.0.0.1')."""
    try:
        raw = _inet_aton(text)
    except (OSError, ValueError):
        return None
    return _from_bytes(raw, "big") if _inet_ntoa(raw) == text else None


@lru_cache(maxsize=1 << 16)
def _subnet(text: str) -> Span | str:
    """An IPv4 subnet as a Span, or the reason it is not one: 'ipv6', 'host_bits' or 'invalid'.

    Canonical dotted quads take a fast path (this runs once per site on every edit); anything else
    is judged by the standard library's ipaddress, which the fast path agrees with.
    """
    addr, _sep, plen = text.partition("/")
    size = _PREFIX_SIZE.get(plen)
    start = _quad(addr) if size else None
    if start is not None and size:
        if start & (size - 1):
            return "host_bits"
        return (start, start + size - 1, text)
    try:
        net = ip_network(text, strict=True)
    except ValueError:
        try:
            net = ip_network(text, strict=False)
        except ValueError:
            return "invalid"
        return "ipv6" if net.version == 6 else "host_bits"
    if not isinstance(net, IPv4Network):
        return "ipv6"
    return (int(net.network_address), int(net.broadcast_address), str(net))


@lru_cache(maxsize=1 << 16)
def _address(text: str) -> int | str:
    """An IPv4 address as an integer, or the reason it is not one: 'ipv6' or 'invalid'."""
    n = _quad(text)
    if n is not None:
        return n
    try:
        addr = ip_address(text.strip())
    except (ValueError, AddressValueError, NetmaskValueError):
        return "invalid"
    return int(addr) if isinstance(addr, IPv4Address) else "ipv6"


def _is_private(span: Span) -> bool:
    start, end = span[0], span[1]
    for lo, hi in _PRIVATE:  # noqa: SIM110 - a plain loop: this runs once per LAN subnet
        if lo <= start and end <= hi:
            return True
    return False


_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def is_realm(text: str) -> bool:
    """A realm in domain-name syntax: labels of letters, digits and hyphens, at least two labels."""
    if not text or len(text) > 253 or text != text.strip():
        return False
    labels = text.rstrip(".").split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and not labels[-1].isdigit()


# --- VPN sites ----------------------------------------------------------------------------------


#: A LAN subnet found at a site, ready to sort: (first address, -last address, text, site pointer, index).
LanEntry = tuple[int, int, str, str, int]


def check_site(
    c: _Collector, site: dict[str, Any], p: str, cat: Catalogue, nets: list[LanEntry] | None = None
) -> list[LanEntry]:
    """The rules of one site (device, term, addresses, country, environment, options).

    Appends the site's valid LAN subnets to `nets` (for the network's overlap check) and returns it.
    """
    devices = cat.devices
    dev_id = site.get("device")
    dev = devices.get(dev_id) if isinstance(dev_id, str) else None
    routers = None
    if dev is None or dev.role != ROUTER:
        routers = "、".join(devices[r].name for r in cat.routers())
        if dev_id is None:
            c.add("vpn.device.valid", p + "/device",
                  f"機器種別を選んでください({routers})。",
                  "Choose the device type.")
        elif dev is not None and dev.role == SWITCH:
            c.add("vpn.device.valid", p + "/device",
                  f"{dev.name} はスイッチでVPNを終端できません。VPN機器にはルーター({routers})を選んでください。"
                  "スイッチはプライベートスイッチオプションで追加できます。",
                  f"{dev.name} is a switch. Choose a router; switches come with the private switch option.")
        else:
            c.add("vpn.device.valid", p + "/device",
                  f"機器種別「{_txt(dev_id)}」は第3条にありません。{routers} から選んでください。",
                  f"Device type {_txt(dev_id)!r} is not in article 3. Choose a router from the catalogue.")
        dev = None

    term = site.get("term_years")
    terms = cat.term_years
    if term not in terms or isinstance(term, bool):
        c.add("vpn.term.valid", p + "/term_years",
              "最低利用期間を選んでください(1年または3年)。" if term is None
              else f"最低利用期間 {_txt(term)}年 は選べません。1年または3年にしてください。",
              "Choose a minimum term of 1 or 3 years.",
              [_fix(f"{t}年にする", f"Set {t} year(s)", ("replace", p + "/term_years", t)) for t in terms])

    if nets is None:
        nets = []
    for k, text in enumerate(site.get("lan") or ()):
        net = _subnet(text)
        if isinstance(net, tuple) and _is_private(net):
            nets.append((net[0], -net[1], net[2], p, k))
            continue
        q = f"{p}/lan/{k}"
        if isinstance(net, tuple):
            c.add("vpn.lan.rfc1918", q,
                  f"LANのサブネット {net[2]} はプライベートアドレスではありません。"
                  "10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 の範囲にしてください。",
                  f"LAN subnet {net[2]} is not RFC 1918 private space (10/8, 172.16/12, 192.168/16).")
        elif net == "ipv6":
            c.add("vpn.ip.ipv4_only", q,
                  f"{_txt(text)} はIPv6です。このサービスはIPv4のみです。IPv4のサブネットにしてください。",
                  f"{_txt(text)} is IPv6; only IPv4 is available.")
        elif net == "host_bits":
            c.add("vpn.ip.ipv4_only", q,
                  f"{_txt(text)} はネットワークアドレスではありません。"
                  f"{ip_network(text, strict=False)} のように書いてください。",
                  f"{_txt(text)} has host bits set; write {ip_network(text, strict=False)}.",
                  [_fix(f"{ip_network(text, strict=False)} にする", "Use the network address",
                        ("replace", q, str(ip_network(text, strict=False))))])
        else:
            c.add("vpn.ip.ipv4_only", q,
                  f"「{_txt(text)}」はIPv4のサブネットではありません。10.1.0.0/24 のように書いてください。",
                  f"{_txt(text)!r} is not an IPv4 subnet; write e.g. 10.1.0.0/24.")

    country = site.get("country", "JP")
    if country not in cat.domestic_countries:
        c.add("vpn.site.domestic", p + "/country",
              "VPN機器は日本国外で使用できません。設置場所を日本国内(JP)にしてください。",
              "VPN devices may not be used outside Japan; the site must be in Japan (JP).",
              [_fix("国をJP(日本)にする", "Set country to JP", ("replace", p + "/country", "JP"))])

    inet = site.get("internet")
    if not inet or inet.get("provider") != "iij":
        _check_internet(c, inet, p + "/internet", cat)

    opts = site.get("options")
    # the option rules run only where something could be wrong: a private switch to check, or an
    # option the device does not take
    if opts:
        check = opts.get("private_switch") is not None or dev is None
        if not check and dev is not None:
            for key in _not_taken(dev):
                if opts.get(key):
                    check = True
                    break
        if check:
            _check_options(c, opts, p + "/options", dev, cat, p)
    return nets


def _check_internet(c: _Collector, inet: Any, p: str, cat: Catalogue) -> None:
    if not inet or not inet.get("provider"):
        c.add("vpn.environment.disclosure", p,
              "インターネット接続を指定してください(IIJのサービスか、他社回線ならその接続情報)。",
              "Give the internet connection: IIJ, or the settings of another provider.")
        return
    provider = inet.get("provider")
    if provider == "iij":
        return
    if provider != "other":
        c.add("vpn.environment.disclosure", p + "/provider",
              f"接続事業者の区分「{_txt(provider)}」は不明です。iij(IIJ)か other(他社)にしてください。",
              f"Unknown provider kind {_txt(provider)!r}: use iij or other.")
        return
    missing = []
    if not (inet.get("name") or "").strip():
        missing.append(("name", "回線・事業者名", "provider name"))
    conn = inet.get("connection")
    ctypes = cat.connection_types
    if conn not in ctypes:
        missing.append(("connection", "接続方式(" + "・".join(v["name"] for v in ctypes.values()) + ")",
                        "connection type"))
    addr = inet.get("address")
    need_addr = conn in ctypes and ctypes[conn]["address_required"]
    if addr:
        a = _address(str(addr))
        if a == "ipv6":
            c.add("vpn.ip.ipv4_only", p + "/address",
                  f"{_txt(addr)} はIPv6です。IPv4アドレスにしてください。", f"{_txt(addr)} is IPv6; use IPv4.")
        elif a == "invalid":
            c.add("vpn.environment.disclosure", p + "/address",
                  f"「{_txt(addr)}」はIPv4アドレスではありません。203.0.113.10 のように書いてください。",
                  f"{_txt(addr)!r} is not an IPv4 address.")
    elif need_addr:
        missing.append(("address", "固定IPアドレス", "static address"))
    for key, ja, en in missing:
        c.add("vpn.environment.disclosure", f"{p}/{key}",
              f"他社回線の場合は通信環境の設定情報の開示が必要です。{ja}を入力してください。",
              f"A non-IIJ connection must disclose its settings: enter the {en}.")


_DEVICE_OPTIONS = ("rack_mount_kit", "sfp_module", "vpn_module", "additional_license")


@lru_cache(maxsize=64)
def _not_taken(dev: Device) -> tuple[str, ...]:
    """The device options a device does not take (第17条第2項)."""
    return tuple(k for k in _DEVICE_OPTIONS if k not in dev.options)


def _check_options(c: _Collector, opts: dict[str, Any], p: str, dev: Any, cat: Catalogue, site_p: str) -> None:
    sw = opts.get("private_switch")
    devices = cat.devices
    if sw is not None:
        sw_dev = devices.get(sw) if isinstance(sw, str) else None
        if sw_dev is None or sw_dev.role != SWITCH:
            names = "、".join(devices[s].name for s in cat.switches())
            c.add("vpn.option.private_switch.device", p + "/private_switch",
                  f"プライベートスイッチには「{_txt(sw)}」は選べません。スイッチ({names})から選んでください。",
                  f"The private switch must be a switch device type, not {_txt(sw)!r}.",
                  [_fix(f"{devices[s].name} にする", f"Use {devices[s].name}",
                        ("replace", p + "/private_switch", s)) for s in cat.switches()[:1]]
                  + [_fix("プライベートスイッチを外す", "Remove the private switch",
                          ("replace", p + "/private_switch", None))])
    if dev is None:
        return  # the device error is reported; options are judged once a router is chosen
    options = cat.vpn_options
    for key in _DEVICE_OPTIONS:
        val = opts.get(key)
        if not val:
            continue
        if key in dev.options:
            continue
        name = options[key]["name"]
        takers = [devices[d].name for d in cat.devices_taking(key)]
        off: Any = 0 if options[key]["value"] == "count" else False
        sugg = [_fix(f"{name}を外す", f"Remove the {options[key]['name_en'].lower()}", ("replace", f"{p}/{key}", off))]
        for d in cat.devices_taking(key):
            if len(takers) == 1:
                sugg.append(_fix(f"機器を {devices[d].name} に変更する", f"Change the device to {devices[d].name}",
                                 ("replace", site_p + "/device", d)))
        if key == "additional_license":
            ja = f"追加ライセンスは機器種別C1121-8Pだけのオプションです。{dev.name} では外すか、機器をC1121-8Pにしてください。"
        else:
            ja = f"{name}は {dev.name} では使えません(当社指定の機器: {'、'.join(takers)})。外すか機器を変更してください。"
        c.add(f"vpn.option.{key}.device", f"{p}/{key}", ja,
              f"The {options[key]['name_en'].lower()} is not available on {dev.name}"
              f" (designated: {', '.join(takers)}). Remove it or change the device.",
              sugg)


# --- VPN networks -------------------------------------------------------------------------------


def check_network_fields(c: _Collector, net: dict[str, Any], p: str, cat: Catalogue) -> None:
    """The network's own fields: item, closed monitoring, maintenance, parent/children presence."""
    items = cat.vpn_items
    item = net.get("item")
    if item not in items:
        names = "、".join(v["name"] for v in items.values())
        cm_id = cat.vpn["closed_monitoring"]["id"]
        if item == cm_id:
            c.add("vpn.item.valid", p + "/item",
                  f"クローズドモニタリングは単独では選べません。{names} のいずれかに重ねて利用してください。",
                  "Closed monitoring is taken on top of one of the three topologies; choose one of them.",
                  [_fix(f"{v['name']}+クローズドモニタリングにする", f"{v['name_en']} with closed monitoring",
                        ("replace", p + "/item", k), ("replace", p + "/closed_monitoring/enabled", True))
                   for k, v in items.items()])
        elif item is None:
            c.add("vpn.item.valid", p + "/item", f"品目を選んでください({names})。", "Choose the item (topology).")
        else:
            c.add("vpn.item.valid", p + "/item",
                  f"品目「{_txt(item)}」は第2条にありません。{names} から選んでください。",
                  f"Item {_txt(item)!r} is not in article 2.")
    cm = net.get("closed_monitoring") or {}
    if cm.get("enabled") and not (cm.get("line") or "").strip():
        c.add("vpn.closed_monitoring.line", p + "/closed_monitoring/line",
              "クローズドモニタリングには当社が指定する場所と通信するための回線が必要です。"
              "お客様が用意する回線(回線種別・回線ID等)を入力してください。",
              "Closed monitoring needs the customer's line to the designated location: name it.",
              [_fix("クローズドモニタリングをやめる", "Turn closed monitoring off",
                    ("replace", p + "/closed_monitoring/enabled", False))])
    maint = net.get("maintenance")
    mtypes = cat.maintenance_types
    if maint is None or not mtypes.get(maint, {}).get("available"):
        avail = [k for k, v in mtypes.items() if v.get("available")]
        if maint is None:
            ja = "保守種別を選んでください(" + "・".join(mtypes[k]["name"] for k in avail) + ")。"
        elif maint in mtypes:
            ja = (f"保守種別{mtypes[maint]['name']}は{_ja_date(mtypes[maint].get('abolished'))}に廃止されました。"
                  + "・".join(mtypes[k]["name"] for k in avail) + "にしてください。")
        else:
            ja = f"保守種別「{_txt(maint)}」はありません。" + "・".join(mtypes[k]["name"] for k in avail) + "にしてください。"
        c.add("vpn.maintenance.valid", p + "/maintenance", ja, "The maintenance type must be type 2.",
              [_fix(f"{mtypes[k]['name']}にする", f"Set {mtypes[k]['name_en']}", ("replace", p + "/maintenance", k))
               for k in avail])
    if not net.get("parent"):
        c.add("vpn.parent.required", p + "/parent",
              "親拠点がありません。VPN網ごとに親拠点(主たる拠点)を1つ指定してください。",
              "Add the parent site: each VPN network has exactly one.")
    children = net.get("children") or []
    if not children:
        c.add("vpn.child.required", p + "/children",
              "子拠点がありません。子拠点を1つ以上追加してください。", "Add at least one child site.")
    elif len(children) > cat.max_child_sites:
        c.add("vpn.child.max", p + "/children",
              f"子拠点が{len(children):,}拠点あります。1つのVPN網の子拠点は当社指定の{cat.max_child_sites:,}拠点までです。"
              "VPN網を分けてください。",
              f"{len(children):,} child sites exceed the designated maximum of {cat.max_child_sites:,}."
              " Split the network.")


def check_network(c: _Collector, net: dict[str, Any], p: str, cat: Catalogue) -> None:
    check_network_fields(c, net, p, cat)
    nets: list[LanEntry] = []
    parent = net.get("parent")
    if parent:
        check_site(c, parent, p + "/parent", cat, nets)
    for j, child in enumerate(net.get("children") or ()):
        check_site(c, child, f"{p}/children/{j}", cat, nets)
    _check_overlap(c, nets)


def _check_overlap(c: _Collector, nets: list[LanEntry]) -> None:
    """Overlapping LAN subnets in one network, in O(n log n): sort by start (widest first), then
    sweep, remembering the subnet that reaches furthest so far."""
    if len(nets) < 2:
        return
    nets.sort()
    best_end, best_net, best_p, best_k = -nets[0][1], nets[0][2], nets[0][3], nets[0][4]
    for start, neg_end, n, sp, k in nets[1:]:
        end = -neg_end
        if start <= best_end:
            q = f"{sp}/lan/{k}"
            best_q = f"{best_p}/lan/{best_k}"
            c.add("vpn.lan.overlap", q,
                  f"LANのサブネット {n} が {best_net}({best_q})と重なっています。"
                  "同じVPN網のLANは重ならないアドレスにしてください。",
                  f"LAN subnet {n} overlaps {best_net} ({best_q}); use non-overlapping subnets.")
        if end > best_end:
            best_end, best_net, best_p, best_k = end, n, sp, k


def _check_topology(c: _Collector, networks: list[dict[str, Any]]) -> None:
    parents: dict[str, int] = {}
    for i, net in enumerate(networks):
        parent = net.get("parent")
        if parent:
            sid = parent["id"]
            if sid in parents:
                first = f"/vpn_networks/{parents[sid]}/parent/id"
                c.add("vpn.topology.parent_isolation", f"/vpn_networks/{i}/parent/id",
                      f"拠点「{_txt(sid)}」は {first} でも親拠点です。親拠点の機器は他の親拠点の機器とVPN接続できません。"
                      "別の拠点を親拠点にしてください。",
                      f"Site {_txt(sid)!r} is already a parent ({first}); parents never connect.")
            else:
                parents[sid] = i
    children: dict[str, tuple[int, int]] = {}
    for i, net in enumerate(networks):
        for j, child in enumerate(net.get("children") or ()):
            sid = child["id"]
            if sid in parents:
                first = f"/vpn_networks/{parents[sid]}/parent/id"
                c.add("vpn.topology.parent_isolation", f"/vpn_networks/{i}/children/{j}/id",
                      f"拠点「{_txt(sid)}」は {first} で親拠点です。子拠点にすると2つの親拠点が接続されます。"
                      "この子拠点を外してください。",
                      f"Site {_txt(sid)!r} is a parent elsewhere ({first}); this would link two parents.",
                      [_fix("この子拠点を外す", "Remove this child site",
                            ("remove", f"/vpn_networks/{i}/children/{j}", None))])
            elif sid in children:
                first = "/vpn_networks/{}/children/{}/id".format(*children[sid])
                c.add("vpn.topology.single_parent", f"/vpn_networks/{i}/children/{j}/id",
                      f"子拠点「{_txt(sid)}」は {first} でも子拠点です。子拠点は1つの親拠点にだけ接続できます。"
                      "どちらかのVPN網から外してください。",
                      f"Child site {_txt(sid)!r} already belongs to another parent ({first}).",
                      [_fix("この子拠点を外す", "Remove this child site",
                            ("remove", f"/vpn_networks/{i}/children/{j}", None))])
            else:
                children[sid] = (i, j)


# --- auth units ---------------------------------------------------------------------------------


def check_unit(c: _Collector, unit: dict[str, Any], p: str, cat: Catalogue) -> None:
    mgmt = unit.get("management")
    if not mgmt:
        c.add("auth.parent.required", p + "/management",
              "マネージメント(親たる契約)がありません。管理単位ごとにマネージメントを1つ指定してください。",
              "Add the management (parent) contract of this unit.")
    else:
        realm = mgmt.get("realm")
        if not realm or not str(realm).strip():
            c.add("auth.realm.required", p + "/management/realm",
                  "レルムを入力してください(例: example.co.jp)。", "Enter the realm (e.g. example.co.jp).")
        elif not is_realm(str(realm)):
            c.add("auth.realm.required", p + "/management/realm",
                  f"レルム「{_txt(realm)}」はドメイン名の形式ではありません。example.co.jp のように入力してください。",
                  f"Realm {_txt(realm)!r} is not in domain-name syntax.")

    clients = unit.get("clients") or []
    proxies = unit.get("proxies") or []
    vpdns = unit.get("vpdns") or []
    valid_vpdn = [v for v in vpdns if v.get("item") in cat.vpdn_items]
    if not valid_vpdn and not (clients and proxies):
        if clients and not proxies:
            ja = "クライアントだけでは利用できません。プロキシを追加するか、VPDNを追加してください。"
        elif proxies and not clients:
            ja = "プロキシだけでは利用できません。クライアントを追加するか、VPDNを追加してください。"
        else:
            ja = "子たる契約がありません。クライアントとプロキシの組合せ、またはVPDNを追加してください。"
        c.add("auth.child.combination", p, ja,
              "Children must include a client and a proxy, or at least one VPDN.")

    for j, cl in enumerate(clients):
        q = f"{p}/clients/{j}/ip"
        ip = cl.get("ip")
        if not ip:
            c.add("auth.client.per_ip", q, "端末のIPアドレス(IPv4)を1つ入力してください。",
                  "Enter the terminal's IPv4 address.")
            continue
        a = _address(str(ip))
        if isinstance(a, str):
            if a == "ipv6":
                ja = f"{_txt(ip)} はIPv6です。IPv4アドレスを1つ入力してください。"
            elif any(sep in str(ip) for sep in ",; \t"):
                ja = f"「{_txt(ip)}」には複数のアドレスがあります。クライアントは1つのIPアドレスごとに1契約です。分けて登録してください。"
            else:
                ja = f"「{_txt(ip)}」はIPv4アドレスではありません。198.51.100.10 のように入力してください。"
            c.add("auth.client.per_ip", q, ja, f"{_txt(ip)!r}: one IPv4 address per client contract.")

    for j, px in enumerate(proxies):
        q = f"{p}/proxies/{j}/destinations"
        dests = px.get("destinations") or []
        if not dests:
            c.add("auth.proxy.destination.required", q,
                  "転送先となるお客様の認証識別装置(RADIUSサーバー)のアドレスを入力してください。",
                  "Enter the forwarding destination (the customer's RADIUS server).")
        for k, d in enumerate(dests):
            a = _address(str(d))
            if isinstance(a, str):
                c.add("auth.proxy.destination.required", f"{q}/{k}",
                      f"転送先「{_txt(d)}」はIPv4アドレスではありません。192.0.2.10 のように入力してください。",
                      f"Destination {_txt(d)!r} is not an IPv4 address.")
        if px.get("load_balancing"):
            _lb_scope(c, f"{p}/proxies/{j}/load_balancing", "プロキシ")
    for j, cl in enumerate(clients):
        if cl.get("load_balancing"):
            _lb_scope(c, f"{p}/clients/{j}/load_balancing", "クライアント")
    if unit.get("load_balancing"):
        _lb_scope(c, f"{p}/load_balancing", "管理単位")

    gateway = bool(unit.get("large_scale_private_gateway"))
    items = cat.vpdn_items
    mobile_values = cat.auth["mobile_values"]
    for j, v in enumerate(vpdns):
        q = f"{p}/vpdns/{j}"
        item = v.get("item")
        spec = items.get(item) if isinstance(item, str) else None
        if spec is None:
            names = "・".join(i["name"] for i in items.values())
            c.add("auth.child.combination", q + "/item",
                  f"VPDNの品目を選んでください({names})。品目のないVPDNは契約できません。",
                  "Choose the VPDN item (type D, K or I).")
        else:
            mobile = v.get("mobile") or {}
            field_name = spec["requirement_field"]
            allowed = spec["allowed"]
            shown = "・".join(mobile_values[field_name].get(a, a) for a in allowed)
            if mobile.get("service") != spec["mobile_service"] or mobile.get(field_name) not in allowed:
                c.add(f"auth.vpdn.{item}.prerequisite", q + "/mobile",
                      f"{spec['name']}を利用するには{spec['mobile_service_name']}({spec['requirement_label']}が{shown})の"
                      f"ご契約が必要です。ご契約内容を入力するか、品目を変更してください。",
                      f"{spec['name_en']} needs {spec['mobile_service_name_en']} ({field_name}: {', '.join(allowed)}).")
            if gateway and not spec["large_scale_gateway_allowed"]:
                c.add(f"auth.large_scale_gateway.{item}", q + "/item",
                      f"{spec['name']}はIIJモバイル大規模プライベートゲートウェイサービスと併用できません"
                      f"({spec['large_scale_gateway_citation']})。品目をタイプDにするか、大規模プライベートゲートウェイの利用をご確認ください。",
                      f"{spec['name_en']} cannot be combined with the large-scale private gateway.")
        terms = v.get("terminators") or []
        if not terms:
            c.add("auth.vpdn.terminator.required", q + "/terminators",
                  "VPDNを終端する装置(LNS)のIPアドレスを1つ以上入力してください。",
                  "Enter at least one VPDN terminator (LNS) address.")
        for k, t in enumerate(terms):
            if isinstance(_address(str(t)), str):
                c.add("auth.vpdn.terminator.required", f"{q}/terminators/{k}",
                      f"終端装置「{_txt(t)}」はIPv4アドレスではありません。192.0.2.20 のように入力してください。",
                      f"Terminator {_txt(t)!r} is not an IPv4 address.")
        need = cat.load_balancing_min_terminators
        if v.get("load_balancing") and len(terms) < need:
            c.add("auth.option.load_balancing.scope", q + "/load_balancing",
                  f"負荷分散オプションには終端装置(LNS)が{need}台以上必要です(現在{len(terms)}台)。"
                  "終端装置を追加するか、負荷分散を外してください。",
                  f"Load balancing needs {need} or more terminators (now {len(terms)}).",
                  [_fix("負荷分散を外す", "Remove load balancing", ("replace", q + "/load_balancing", False))])

    if not unit.get("setup_acknowledged"):
        c.add("auth.setup.acknowledged", p + "/setup_acknowledged",
              "お客様側の設定事項(端末、VPDN終端装置、VPDN端末、認証識別装置の設定 第6条第2項)について"
              "お客様の確認を得て、確認済みにしてください。",
              "Have the customer acknowledge the setup duties of article 6(2).")


def _lb_scope(c: _Collector, q: str, where: str) -> None:
    c.add("auth.option.load_balancing.scope", q,
          f"負荷分散オプションはVPDNだけのオプションです。{where}では外してください。",
          "Load balancing is only available on a VPDN child.",
          [_fix("負荷分散を外す", "Remove load balancing", ("replace", q, False))])


def _check_client_ips(c: _Collector, units: list[dict[str, Any]]) -> None:
    seen: dict[int, str] = {}
    for i, unit in enumerate(units):
        for j, cl in enumerate(unit.get("clients") or ()):
            ip = cl.get("ip")
            a = _address(str(ip)) if ip else None
            if isinstance(a, int):
                q = f"/auth_units/{i}/clients/{j}/ip"
                if a in seen:
                    c.add("auth.client.per_ip", q,
                          f"IPアドレス {IPv4Address(a)} は {seen[a]} と同じです。クライアントは1つの端末(IPアドレス)ごとに1契約です。"
                          "アドレスを直すか、重複した契約を外してください。",
                          f"IP address {IPv4Address(a)} is already registered ({seen[a]}): one contract per terminal.")
                else:
                    seen[a] = q


# --- the whole order ----------------------------------------------------------------------------


def validate(order: dict[str, Any], price_book: Any = None, cat: Catalogue | None = None) -> list[Issue]:
    """Every issue of the order, in document order. `price_book` enables the price-book rules.

    Validation makes no reference cycles, so the cyclic garbage collector is paused while it runs:
    otherwise a full collection over a 10,000-site document, triggered by the small tuples made
    here, can double the time of one validation (measured: tests/benchmarks).
    """
    with gc_paused():
        return _validate(order, price_book, cat or catalogue())


def _validate(order: dict[str, Any], price_book: Any, cat: Catalogue) -> list[Issue]:
    c = _Collector()
    networks = order.get("vpn_networks") or []
    units = order.get("auth_units") or []
    if not networks and not units:
        c.add("order.empty", "",
              "注文が空です。VPN網(マネージドVPN PRO)か認証の管理単位(認証アウトソース)を追加してください。",
              "The order is empty: add a VPN network or an authentication unit.")
    for i, net in enumerate(networks):
        check_network(c, net, f"/vpn_networks/{i}", cat)
    _check_topology(c, networks)
    for i, unit in enumerate(units):
        check_unit(c, unit, f"/auth_units/{i}", cat)
    _check_client_ips(c, units)
    if price_book is not None and units:
        fee = price_book.management_monthly_fee()
        if fee != 0:
            for i, unit in enumerate(units):
                if unit.get("management"):
                    c.add("auth.parent.monthly_fee_zero", f"/auth_units/{i}/management",
                          f"価格表「{price_book.version}」のマネージメント月額費用が{fee:,}円になっています。"
                          "規程上0円です。正しい価格表を使ってください。",
                          f"Price book {price_book.version} charges {fee:,} yen a month for management; it must be 0.")
    return c.issues


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == ERROR for i in issues)
