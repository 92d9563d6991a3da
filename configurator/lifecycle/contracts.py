"""The contracts of an order, as the change and cancellation screens offer them: every contract with the
options that can be cancelled alone, the device changes allowed, and an order marked as contracted."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from configurator.lifecycle.common import device_pairs
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.text.i18n import _, pick


@dataclass(frozen=True)
class ContractRow:
    pointer: str
    label: str
    kind: str  # "site", "management", "client", "proxy", "vpdn"
    depth: int
    options: tuple[tuple[str, str], ...]  # (pointer, label) of the options with a fee of their own


def contracts_of(order: dict[str, Any], cat: Catalogue | None = None) -> list[ContractRow]:
    """Every contract of an order, in document order, with the options that can be cancelled alone."""
    cat = cat or catalogue()
    out: list[ContractRow] = []
    kinds_vpn = cat.vpn["kinds"]
    option_labels = [
        (k, pick(spec["name"], spec["name_en"] + " option")) for k, spec in cat.vpn_options.items()
    ]
    for i, net in enumerate(order.get("vpn_networks") or []):
        out.append(
            ContractRow(
                f"/vpn_networks/{i}",
                f"{pick('VPN網', 'VPN network')} {net.get('name') or net.get('id')}",
                "network",
                0,
                (),
            )
        )
        parent_label = pick(kinds_vpn["parent_site"]["name"], kinds_vpn["parent_site"]["name_en"])
        child_label = pick(kinds_vpn["child_site"]["name"], kinds_vpn["child_site"]["name_en"])
        sites = (
            [(f"/vpn_networks/{i}/parent", net["parent"], parent_label)] if net.get("parent") else []
        ) + [
            (f"/vpn_networks/{i}/children/{j}", c, child_label)
            for j, c in enumerate(net.get("children") or [])
        ]
        for ptr, site, kind_label in sites:
            site_opts = site.get("options") or {}
            opts = tuple((f"{ptr}/options/{k}", label) for k, label in option_labels if site_opts.get(k))
            out.append(
                ContractRow(ptr, f"{kind_label} {site.get('name') or site.get('id')}", "site", 1, opts)
            )
    kinds = cat.auth["kinds"]
    for i, unit in enumerate(order.get("auth_units") or []):
        m = unit.get("management") or {}
        out.append(
            ContractRow(
                f"/auth_units/{i}/management",
                f"{pick(kinds['management']['short'], kinds['management']['name_en'])} "
                f"{m.get('name') or unit.get('id')}",
                "management",
                0,
                (),
            )
        )
        for key, kind in (("clients", "client"), ("proxies", "proxy"), ("vpdns", "vpdn")):
            for j, child in enumerate(unit.get(key) or []):
                ptr = f"/auth_units/{i}/{key}/{j}"
                lb = cat.auth["options"]["load_balancing"]
                opts = (
                    ((f"{ptr}/load_balancing", pick(lb["name"], lb["name_en"] + " option")),)
                    if child.get("load_balancing")
                    else ()
                )
                out.append(
                    ContractRow(
                        ptr,
                        f"{pick(kinds[kind]['short'], kinds[kind]['name_en'])} "
                        f"{child.get('name') or child.get('id')}",
                        kind,
                        1,
                        opts,
                    )
                )
    return out


def device_change_choices(
    before: str | None, role: str, cat: Catalogue | None = None
) -> list[tuple[str, bool, str]]:
    """Each device of `role` a contracted device could become: (device, allowed, reason)."""
    cat = cat or catalogue()
    pairs = device_pairs(cat, role)
    cite = cat.vpn["device_change_pairs"]["citation"]
    out = []
    for dev in cat.routers() if role == "router" else cat.switches():
        if dev == before or (str(before), dev) in pairs:
            out.append((dev, True, ""))
        else:
            out.append(
                (
                    dev,
                    False,
                    pick(
                        f"{cat.device_name(before)} から {cat.device_name(dev)} "
                        f"への変更は当社が定める範囲外です({cite})。",
                        f"A change from {cat.device_name(before)} to {cat.device_name(dev)} is outside the "
                        f"pairs the company allows ({cite}).",
                    ),
                )
            )
    return out


def mark_contracted(
    order: dict[str, Any], billing_start: str, contractor: str | None = None
) -> dict[str, Any]:
    """A copy of the order marked as contracted, every contract (and option) without a billing start
    given `billing_start`."""
    doc = copy.deepcopy(order)
    doc["contracted"] = True
    doc.setdefault("contracted_at", billing_start)
    if contractor:  # the contract's 契約者: the 申込者 a change or cancellation form names (applicant_of)
        doc["contractor"] = contractor
    for net in doc.get("vpn_networks") or []:
        for site in ([net["parent"]] if net.get("parent") else []) + list(net.get("children") or []):
            site.setdefault("billing_start", billing_start)
            if contractor and not site.get("contractor"):
                site["contractor"] = contractor
            starts = site.setdefault("options_billing_start", {})
            for k, v in (site.get("options") or {}).items():
                if v:
                    starts.setdefault(k, site["billing_start"])
    for unit in doc.get("auth_units") or []:
        if unit.get("management"):
            unit["management"].setdefault("billing_start", billing_start)
        for key in ("clients", "proxies", "vpdns"):
            for child in unit.get(key) or []:
                child.setdefault("billing_start", billing_start)
                if child.get("load_balancing"):
                    child.setdefault("load_balancing_billing_start", child["billing_start"])
    return doc


def applicant_of(order: dict[str, Any]) -> str:
    """Who applies for a change or cancellation of a contracted order when the user names no one: the
    contract's 契約者 as entered when it was marked contracted, else the contractor of its VPN parent
    contracts when they are one and the same; "" when the order names none."""
    named = str(order.get("contractor") or "").strip()
    if named:
        return named
    parents = {
        str((net.get("parent") or {}).get("contractor") or "").strip()
        for net in order.get("vpn_networks") or []
        if net.get("parent")
    }
    parents.discard("")
    return parents.pop() if len(parents) == 1 else ""


def site_addition_note() -> str:
    """Why a change order adds no site, and how one is added: each site is a contract of its own (VPN 第6条:
    one child contract per child site) and a change order changes only device types (第9条), so a site
    is added by a new application — an order made from a copy of the contracted one."""
    return _('拠点の追加は新しい注文として申し込みます(注文を複製して作成)。') + _(
        '拠点ごとに一つの契約を結び(個別規程 第6条)、変更申込で変えられるのは機器種別などに限られるため'
        '(第9条)、変更申込では拠点を追加できません。'
    )
