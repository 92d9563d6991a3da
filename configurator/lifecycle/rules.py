"""The rules of change orders (変更申込, VPN 第9条・第10条), declared in the one rule registry with
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
                c.report(q, f"契約中のVPN網の{label}は変更できません(「{old.get(key)}」→「{net.get(key)}」)。"
                            f"{label}を変えるには解約して新しく申し込んでください。",
                         f"The {key} of a contracted network cannot be changed.",
                         [fix(f"{label}を元に戻す", f"Restore the {key}", ("replace", q, old.get(key)))])


visit(CHANGE, CHANGE_SITE, site_pairs)


@rule("vpn.change.immutable", scope=CHANGE_SITE)
def site_kind_immutable(c: Check, pair: SitePair, p: str) -> None:
    """The kind (parent or child) of a contracted site cannot be changed."""
    if pair.before.kind != pair.after.kind:
        c.report(p + "/id", f"拠点「{pair.label}」の種類(親拠点/子拠点)は変更できません。解約して新しく申し込んでください。",
                 "The kind (parent/child) of a contracted site cannot be changed.")


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
    c.report(p + "/device",
             f"{cat.device_name(old)} から {cat.device_name(new)} への機器種別の変更はできません(変更できる機器種別: {names})。",
             "This device type change is not among the allowed pairs (別紙4).",
             [fix(f"{cat.device_name(a)} にする", f"Use {cat.device_name(a)}", ("replace", p + "/device", a))
              for a in allowed])


@rule("vpn.change.device_matrix", scope=CHANGE_SITE)
def switch_matrix(c: Check, pair: SitePair, p: str) -> None:
    """A private switch's device change is only between the pairs the company allows (別紙4)."""
    cat = c.cat
    old = (pair.before.site.get("options") or {}).get("private_switch")
    new = (pair.after.site.get("options") or {}).get("private_switch")
    if old and new and old != new and (old, new) not in device_pairs(cat, "switch"):
        c.report(p + "/options/private_switch",
                 f"プライベートスイッチを {cat.device_name(old)} から {cat.device_name(new)} に変更することはできません。",
                 "This private switch change is not among the allowed pairs (別紙4).")


#: site fields whose change is a settings change (第10条) rather than a device change (第9条); options
#: are contracts of their own (第17条): added ones are new option contracts, removed ones are cancelled
SETTINGS_FIELDS = ("lan", "internet", "name", "address", "postal_code")


def settings_changed(pair: SitePair) -> list[str]:
    """The settings fields (第10条) that differ between the contracted and the proposed site."""
    old, new = pair.before.site, pair.after.site
    return [f for f in SETTINGS_FIELDS if old.get(f) != new.get(f)]


@rule("vpn.change.authority", ERROR, scope=CHANGE_SITE, tariff="vpn", article="第10条第1項, 第2項")
def authority(c: Check, pair: SitePair, p: str) -> None:
    """Settings of a child site change only at the request of the parent contract's contractor."""
    if pair.after.kind != "child_site" or not settings_changed(pair):
        return
    requested_by = str(c.context.get("requested_by") or "").strip()
    parent_contractor = str((pair.before.network.get("parent") or {}).get("contractor") or "").strip()
    if not requested_by or (parent_contractor and requested_by != parent_contractor):
        c.report(p, f"子拠点「{pair.label}」の設定変更は、親拠点の契約者({parent_contractor or '未記入'})からのお申し込みに"
                    f"限られます(申込者: {requested_by or '未記入'})。親拠点の契約者の名前で申し込んでください。",
                 "Settings of a child site can be changed only at the parent contractor's request.")


def lifecycle_rules() -> dict[str, Any]:
    """The rules of change and cancellation orders, from the registry."""
    return {rid: r for rid, r in ALL_RULES.items() if set(r.scopes) & {CHANGE, CHANGE_SITE, CANCEL}}


#: The change rules as (severity, tariff, article), by id.
CHANGE_RULES = {rid: (r.severity, r.tariff, r.citation) for rid, r in lifecycle_rules().items()}


def rule_ids() -> set[str]:
    """Every rule id judged by new orders and change orders together."""
    return set(ALL_RULES)
