"""The rules of change orders (変更申込: VPN 第9条・第10条, contracts ended only by cancellation, auth
contracts not changed), declared in the one rule registry with
scope CHANGE (the whole change order) and CHANGE_SITE (one contracted site: before and after).

A rule is given the change order (or a `SitePair`) and a Check whose `context` holds the two orders
("base", "proposed") and who asks for the change ("requested_by").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from configurator.lifecycle.common import SiteAt, device_pairs, sites_by_id
from configurator.tariff.checks.registry import (
    ALL_RULES,
    CANCEL,
    CHANGE,
    CHANGE_SITE,
    ERROR,
    Check,
    fix,
    rule,
    visit,
)


@dataclass(frozen=True)
class SitePair:
    """A contracted site in a change order: as contracted (`before`) and as proposed (`after`)."""

    id: str
    before: SiteAt
    after: SiteAt

    @property
    def pointer(self) -> str:
        return "/proposed" + self.after.pointer

    @property
    def label(self) -> str:
        return str(self.after.site.get("name") or self.id)


def site_pairs(doc: dict[str, Any], p: str = "") -> list[tuple[SitePair, str]]:
    """The contracted sites still in the proposed order, in its document order (new sites are new
    contracts, judged by the new-order rules)."""
    before = sites_by_id(doc["base"])
    out = []
    for sid, after in sites_by_id(doc["proposed"]).items():
        if sid in before:
            pair = SitePair(sid, before[sid], after)
            out.append((pair, pair.pointer))
    return out


@rule("vpn.change.immutable", ERROR, scope=CHANGE, tariff="vpn", article="第9条第2項")
def network_immutable(c: Check, doc: dict[str, Any], p: str) -> None:
    """The item and maintenance type of a contracted network cannot be changed."""
    base_nets = {n["id"]: n for n in doc["base"].get("vpn_networks") or []}
    for i, net in enumerate(doc["proposed"].get("vpn_networks") or []):
        old = base_nets.get(net["id"])
        if old is None:
            continue
        for key, label in (("item", "品目"), ("maintenance", "保守種別")):
            if old.get(key) != net.get(key):
                q = f"/proposed/vpn_networks/{i}/{key}"
                c.report(
                    q,
                    f"契約中のVPN網の{label}は変更できません(「{old.get(key)}」→「{net.get(key)}」)。"
                    f"{label}を変えるには解約して新しく申し込んでください。",
                    f"The {key} of a contracted network cannot be changed.",
                    [fix(f"{label}を元に戻す", f"Restore the {key}", ("replace", q, old.get(key)))],
                )


visit(CHANGE, CHANGE_SITE, site_pairs)


@rule("vpn.change.immutable", scope=CHANGE_SITE)
def site_kind_immutable(c: Check, pair: SitePair, p: str) -> None:
    """The kind (parent or child) of a contracted site cannot be changed."""
    if pair.before.kind != pair.after.kind:
        c.report(
            p + "/id",
            f"拠点「{pair.label}」の種類(親拠点/子拠点)は変更できません。解約して新しく申し込んでください。",
            "The kind (parent/child) of a contracted site cannot be changed.",
        )


@rule("vpn.change.device_matrix", ERROR, scope=CHANGE_SITE, tariff="vpn", article="第9条第1項, 別紙4")
def device_matrix(c: Check, pair: SitePair, p: str) -> None:
    """A device type change is only between the pairs the company allows (別紙4)."""
    cat = c.cat
    old, new = pair.before.site.get("device"), pair.after.site.get("device")
    if old == new:
        return
    pairs = device_pairs(cat, "router")
    if (str(old), str(new)) in pairs:
        return
    allowed = sorted(b for a, b in pairs if a == old)
    names = "、".join(cat.device_name(a) for a in allowed) or "なし"
    c.report(
        p + "/device",
        f"{cat.device_name(old)} から {cat.device_name(new)} への機器種別の変更はできません(変更できる機器種"
        f"別: {names})。",
        "This device type change is not among the allowed pairs (別紙4).",
        [
            fix(f"{cat.device_name(a)} にする", f"Use {cat.device_name(a)}", ("replace", p + "/device", a))
            for a in allowed
        ],
    )


@rule("vpn.change.device_matrix", scope=CHANGE_SITE)
def switch_matrix(c: Check, pair: SitePair, p: str) -> None:
    """A private switch's device change is only between the pairs the company allows (別紙4)."""
    cat = c.cat
    old = (pair.before.site.get("options") or {}).get("private_switch")
    new = (pair.after.site.get("options") or {}).get("private_switch")
    if old and new and old != new and (old, new) not in device_pairs(cat, "switch"):
        c.report(
            p + "/options/private_switch",
            f"プライベートスイッチを {cat.device_name(old)} から {cat.device_name(new)} "
            "に変更することはできません。",
            "This private switch change is not among the allowed pairs (別紙4).",
        )


#: site fields whose change is a settings change (第10条) rather than a device change (第9条); options
#: are contracts of their own (第17条): added ones are new option contracts, removed ones are cancelled
SETTINGS_FIELDS = ("lan", "internet", "name", "address", "postal_code")


def settings_changed(pair: SitePair) -> list[str]:
    """The settings fields (第10条) that differ between the contracted and the proposed site."""
    old, new = pair.before.site, pair.after.site
    return [f for f in SETTINGS_FIELDS if old.get(f) != new.get(f)]


@rule("vpn.change.authority", ERROR, scope=CHANGE_SITE, tariff="vpn", article="第10条第1項, 第2項")
def authority(c: Check, pair: SitePair, p: str) -> None:
    """Settings of the parent site and of every child site in its VPN change only at the request of the
    parent contract's contractor, on whose instruction the work is done (第10条第1項・第2項・第3項)."""
    if not settings_changed(pair):
        return
    requested_by = str(c.context.get("requested_by") or "").strip()
    parent_contractor = str((pair.before.network.get("parent") or {}).get("contractor") or "").strip()
    if requested_by and (not parent_contractor or requested_by == parent_contractor):
        return
    who = (
        f"({parent_contractor or '未記入'})からのお申し込みに限られます(申込者: {requested_by or '未記入'})。"
    )
    if pair.after.kind == "child_site":
        c.report(
            p,
            f"子拠点「{pair.label}」の設定変更は、親拠点の契約者{who}親拠点の契約者の名前で申し込んでくださ"
            "い。",
            "Settings of a child site can be changed only at the parent contractor's request.",
        )
    else:
        c.report(
            p,
            f"親拠点「{pair.label}」の設定変更も、親たる契約の契約者{who}作業は親たる契約の契約者の指示で行"
            "います"
            "(第10条第1項・第3項)。親拠点の契約者の名前で申し込んでください。",
            "Settings of the parent site too can be changed only at the parent contractor's request"
            " (article 10(1), (3)).",
        )


CANCELLATION = ("解約申込(解約)で手続きしてください(解除の効力 第18条、最低利用期間内解除調定金 第20条、"
                "機器の返還 第14条第3項)。")


@rule("vpn.change.removal", ERROR, scope=CHANGE, tariff="vpn", article="第18条, 第20条, 第14条第3項")
def removal(c: Check, doc: dict[str, Any], p: str) -> None:
    """A change order cannot end a contract by leaving a contracted network or site out of the proposed
    order: a contract ends only by a cancellation order, with its effective date, charge and device return."""
    proposed_nets = {n.get("id"): i for i, n in enumerate(doc["proposed"].get("vpn_networks") or [])}
    after = sites_by_id(doc["proposed"])
    for i, net in enumerate(doc["base"].get("vpn_networks") or []):
        name = net.get("name") or net.get("id")
        if net.get("id") not in proposed_nets:
            c.report(
                "/proposed/vpn_networks",
                f"契約中のVPN網「{name}」が変更後の注文にありません。"
                f"契約は変更申込では終了できません。{CANCELLATION}",
                f"The contracted VPN network {name!r} is missing from the proposed order: a contract ends "
                "only"
                " by a cancellation order.",
                [fix("VPN網を元に戻す", "Restore the network", ("add", "/proposed/vpn_networks/-", net))],
            )
            continue
        j = proposed_nets[net.get("id")]
        gone = [(f"/base/vpn_networks/{i}/parent", net["parent"])] if net.get("parent") else []
        gone += [
            (f"/base/vpn_networks/{i}/children/{k}", ch) for k, ch in enumerate(net.get("children") or [])
        ]
        for ptr, site in gone:
            if site["id"] in after:
                continue
            kind = "親拠点" if ptr.endswith("/parent") else "子拠点"
            label = site.get("name") or site["id"]
            where = f"/proposed/vpn_networks/{j}/" + ("parent" if kind == "親拠点" else "children")
            target = where if kind == "親拠点" else where + "/-"
            c.report(
                where,
                f"契約中の{kind}「{label}」({ptr})が変更後の注文にありません。"
                "契約は変更申込では終了できません。"
                f"{CANCELLATION}",
                f"The contracted site {label!r} ({ptr}) is missing from the proposed order: a contract ends"
                " only by a cancellation order.",
                [
                    fix(
                        "拠点を元に戻す",
                        "Restore the site",
                        ("add" if kind == "子拠点" else "replace", target, site),
                    )
                ],
            )


def _auth_contracts(unit: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """An auth unit's contracts by (kind, id): its management and every child contract."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    if unit.get("management"):
        out[("management", str(unit.get("id")))] = {
            **unit["management"],
            **{k: v for k, v in unit.items() if k not in ("management", "clients", "proxies", "vpdns")},
        }
    for key, kind in (("clients", "client"), ("proxies", "proxy"), ("vpdns", "vpdn")):
        for child in unit.get(key) or []:
            out[(kind, str(child.get("id")))] = child
    return out


_AUTH_KIND = {"management": "マネージメント", "client": "クライアント", "proxy": "プロキシ", "vpdn": "VPDN"}


@rule("auth.change.unsupported", ERROR, scope=CHANGE, tariff="auth", article="第8条第1項")
def auth_change_unsupported(c: Check, doc: dict[str, Any], p: str) -> None:
    """The auth tariff has no change article: auth contracts change by a new application and a
    cancellation, so a change order that touches an auth unit is refused, naming the contracts."""
    base_units = {u.get("id"): u for u in doc["base"].get("auth_units") or []}
    proposed = doc["proposed"].get("auth_units") or []
    seen = set()
    for i, unit in enumerate(proposed):
        seen.add(unit.get("id"))
        old = base_units.get(unit.get("id"))
        if old is None or old == unit:
            continue  # a new unit is a new application, judged by the new-order rules
        before, after = _auth_contracts(old), _auth_contracts(unit)
        touched = [(k, "変更" if k in after else "削除") for k in before if before[k] != after.get(k)]
        touched += [(k, "追加") for k in after if k not in before]
        _report_auth(c, f"/proposed/auth_units/{i}", unit, touched)
    for uid, old in base_units.items():
        if uid not in seen:
            _report_auth(c, "/proposed/auth_units", old, [(k, "削除") for k in _auth_contracts(old)])


def _report_auth(
    c: Check, path: str, unit: dict[str, Any], touched: list[tuple[tuple[str, str], str]]
) -> None:
    what = "、".join(f"{_AUTH_KIND[kind]}「{cid}」({how})" for (kind, cid), how in touched)
    what_en = ", ".join(f"{kind} {cid}" for (kind, cid), _how in touched)
    c.report(
        path,
        f"認証の管理単位「{unit.get('id')}」の契約は変更申込では変更できません(認証アウトソースサービスの個"
        "別規程には"
        f"契約内容の変更の定めがありません)。対象: {what}。新しい契約は新規の申込で、やめる契約は解約申込"
        "(解約、第8条)で手続きし、この変更申込からは認証の変更を外してください。",
        f"Auth unit {unit.get('id')}: the auth tariff has no contract change; apply anew and cancel instead"
        f" ({what_en}).",
    )


def lifecycle_rules() -> dict[str, Any]:
    """The rules only change and cancellation orders have, from the registry."""
    return {rid: r for rid, r in ALL_RULES.items() if set(r.scopes) <= {CHANGE, CHANGE_SITE, CANCEL}}


#: The change rules as (severity, tariff, article), by id.
CHANGE_RULES = {rid: (r.severity, r.tariff, r.citation) for rid, r in lifecycle_rules().items()}


def rule_ids() -> set[str]:
    """Every rule id judged by new orders and change orders together."""
    return set(ALL_RULES)
