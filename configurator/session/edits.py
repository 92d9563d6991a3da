"""The wizard's edit commands as plain functions: each takes the order (and what the user chose) and
returns the JSON-patch operations with the step the undo history tells (configurator.session.steps).
Nothing here edits the order: the UI applies the result with
``session.apply(*edits.add_network(session.doc))``, so each command can be tested without Qt
(tests/test_edits.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol

from configurator.order.patch import get
from configurator.order.places import field_names
from configurator.session.order_session import (
    SITE_ID_PREFIX,
    all_ids,
    default_network_name,
    new_network,
    new_site,
    new_unit,
    unique_id,
)
from configurator.session.steps import Step, change

Op = dict[str, Any]


class Patch(NamedTuple):
    """Operations to apply as one undoable edit, and what it does; ``session.apply(*patch)``."""

    ops: list[Op]
    step: Step


class Repair(Protocol):
    """A rule's suggested repair (configurator.tariff.rules.Suggestion)."""

    @property
    def label(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def patch(self) -> tuple[Op, ...]: ...


# --- services -------------------------------------------------------------------------------------


def service_key(service: str) -> str:
    """The part of the order a service's content lives in."""
    return "vpn_networks" if service == "vpn" else "auth_units"


def set_service(doc: dict[str, Any], service: str, on: bool) -> Patch:
    """Choose a service (with a first network or auth unit when it has none yet), or drop it and its
    content."""
    chosen = list(doc.get("services") or [])
    key = service_key(service)
    ops: list[Op] = []
    if on:
        if service not in chosen:
            ops.append({"op": "replace", "path": "/services", "value": [*chosen, service]})
        if not doc.get(key):
            first = new_network("net-1", default_network_name(1)) if service == "vpn" else new_unit("unit-1")
            ops.append({"op": "replace", "path": f"/{key}", "value": [first]})
    else:
        ops.append({"op": "replace", "path": "/services", "value": [c for c in chosen if c != service]})
        ops.append({"op": "replace", "path": f"/{key}", "value": []})
    return Patch(ops, Step("services"))


# --- VPN networks and sites -----------------------------------------------------------------------


def add_network(doc: dict[str, Any]) -> Patch:
    ops, _net = _new_network(doc)
    return Patch(ops, Step("add_network"))


def _new_network(doc: dict[str, Any]) -> tuple[list[Op], int]:
    """The operations appending a new network to the order (making the list if it has none), and its index."""
    nets = doc.get("vpn_networks")
    ops: list[Op] = []
    if not isinstance(nets, list):
        nets = []
        ops.append({"op": "replace", "path": "/vpn_networks", "value": []})
    net_id = unique_id(all_ids(doc), "net-")
    name = default_network_name(len(nets) + 1)  # data, Japanese in any UI language
    ops.append({"op": "add", "path": "/vpn_networks/-", "value": new_network(net_id, name)})
    return ops, len(nets)


def _network(doc: dict[str, Any], net: int) -> tuple[list[Op], int]:
    """Network `net` if the order has it; otherwise (the only network was just removed, or a stale index) a
    new
    network is made for what is being added: the operations that make it, and the index to add to. So adding
    sites never fails in the core (issue 22 item 3)."""
    nets = doc.get("vpn_networks")
    if isinstance(nets, list) and 0 <= net < len(nets):
        return [], net
    return _new_network(doc)


def remove_network(index: int, doc: dict[str, Any] | None = None) -> Patch:
    """Remove network `index`; given the order, an index it does not have removes nothing (an empty patch)."""
    if doc is not None and not 0 <= index < len(doc.get("vpn_networks") or []):
        return Patch([], Step("remove_network"))
    return Patch([{"op": "remove", "path": f"/vpn_networks/{index}"}], Step("remove_network"))


def add_child(doc: dict[str, Any], net: int) -> Patch:
    """A blank child site with a fresh id at the end of network `net` (a new network if there is none)."""
    ops, net = _network(doc, net)
    ids = all_ids(doc) | {op["value"]["id"] for op in ops if op["op"] == "add"}
    sid = unique_id(ids, SITE_ID_PREFIX)
    ops.append({"op": "add", "path": f"/vpn_networks/{net}/children/-", "value": new_site(sid, "")})
    return Patch(ops, Step("add_site"))


def add_sites(net: int, sites: list[dict[str, Any]], doc: dict[str, Any] | None = None) -> Patch:
    """Sites read from a pasted table or a spreadsheet, appended to network `net`; given the order, a network
    it does not have is made first."""
    ops: list[Op] = []
    if doc is not None and sites:
        ops, net = _network(doc, net)
    ops += [{"op": "add", "path": f"/vpn_networks/{net}/children/-", "value": site} for site in sites]
    return Patch(ops, Step("add_sites", len(sites)))


def is_blank_site(site: Any) -> bool:
    """A child site nothing was entered into: as 子拠点を追加 made it, whatever its id."""
    return isinstance(site, dict) and site == new_site(str(site.get("id", "")), "")


def paste_sites(doc: dict[str, Any], net: int, targets: Iterable[str], sites: list[dict[str, Any]]) -> Patch:
    """Pasted sites into network `net`: the first ones fill the blank child sites at `targets` (the
    selected empty rows, in order), the rest are appended; one undo step. A target that is no longer a
    blank child site is skipped; a blank left unfilled whose id a pasted site took gets a fresh one."""
    slots = [p for p in targets if "/children/" in p and is_blank_site(get(doc, p))]
    filled = list(zip(slots, sites, strict=False))
    ops: list[Op] = [{"op": "replace", "path": p, "value": site} for p, site in filled]
    taken = {str(site.get("id", "")) for site in sites}
    ids = all_ids(doc) | taken
    for p in slots[len(filled) :]:
        if get(doc, p).get("id") in taken:
            fresh = unique_id(ids, "site-")
            ids.add(fresh)
            ops.append({"op": "replace", "path": p + "/id", "value": fresh})
    rest = sites[len(filled) :]
    if rest:
        more, net = _network(doc, net)
        ops += more
        ops += [{"op": "add", "path": f"/vpn_networks/{net}/children/-", "value": site} for site in rest]
    return Patch(ops, Step("paste_sites", len(sites)))


def duplicate_sites(doc: dict[str, Any], net: int, ptrs: Iterable[str]) -> Patch:
    """Copies of the sites at `ptrs` appended to network `net`: each with a fresh id and no LAN (a LAN
    is unique to its site). Pointers to nothing (a stale selection) are skipped."""
    ids = all_ids(doc)
    sites: list[dict[str, Any]] = []
    for p in ptrs:
        found = get(doc, p)
        if not isinstance(found, dict):
            continue
        site = json.loads(json.dumps(found))
        site["id"] = unique_id(ids, f"{site.get('id') or 'site'}-copy")
        ids.add(site["id"])
        site["lan"] = []
        sites.append(site)
    ops, net = _network(doc, net) if sites else ([], net)
    ops += [{"op": "add", "path": f"/vpn_networks/{net}/children/-", "value": site} for site in sites]
    return Patch(ops, Step("duplicate_sites", len(sites)))


def remove_paths(ptrs: Iterable[str], step: Step) -> Patch:
    """Remove the elements at `ptrs`, the highest index first so the pointers stay right."""

    def key(p: str) -> list[Any]:
        return [int(x) if x.isdigit() else x for x in p.split("/")]

    return Patch([{"op": "remove", "path": p} for p in sorted(ptrs, key=key, reverse=True)], step)


def remove_sites(ptrs: Iterable[str]) -> Patch:
    ptrs = list(ptrs)
    return remove_paths(ptrs, Step("remove_sites", len(ptrs)))


def remove_auth_children(unit_ptr: str, key: str, rows: Iterable[int]) -> Patch:
    """Remove the clients, proxies or VPDNs (`key`) at `rows` of the auth unit at `unit_ptr`."""
    rows = sorted(set(rows))
    step = Step("remove_contracts", len(rows), field_names(f"{unit_ptr}/{key}/0"))
    return remove_paths([f"{unit_ptr}/{key}/{r}" for r in rows], step)


def bulk_set(ptrs: Iterable[str], value: Any) -> Patch:
    """One value into many fields (the selected sites' device or term): the field changed in so many rows."""
    ptrs = list(ptrs)
    return Patch([{"op": "replace", "path": p, "value": value} for p in ptrs], change(ptrs))


def set_devices(site_ptrs: Iterable[str], device: str) -> Patch:
    return bulk_set([p + "/device" for p in site_ptrs], device)


def set_terms(site_ptrs: Iterable[str], years: int) -> Patch:
    return bulk_set([p + "/term_years" for p in site_ptrs], years)


def refusal(choice: Any) -> str:
    """Why a choice is refused, in the UI language, with the article as its tooltip gives it."""
    from configurator.text.i18n import pick
    from configurator.text.jpformat import article_en

    reason = pick(choice.reason or "", choice.reason_en or "")
    if not choice.citation:
        return reason
    return reason + pick(f"({choice.citation})", f" ({article_en(choice.citation)})")


def bulk_option(
    doc: dict[str, Any], site_ptrs: Iterable[str], option: str, value: Any
) -> tuple[Patch, list[str]]:
    """Set an option (its key, or its pointer under a site) on many sites; sites whose device does not
    take it are skipped, and said why, as "site: reason"."""
    from configurator.tariff.choices import option_choice

    key = option.rsplit("/", 1)[-1]
    ops: list[Op] = []
    skipped: list[str] = []
    for ptr in site_ptrs:
        site = get(doc, ptr) or {}
        choice = option_choice(site.get("device"), key, value)
        if value and not choice.allowed:
            skipped.append(f"{site.get('name') or site.get('id')}: {refusal(choice)}")
            continue
        ops.append({"op": "replace", "path": f"{ptr}/options/{key}", "value": value})
    return Patch(ops, change([op["path"] for op in ops]) if ops else Step("edit", 0)), skipped


# --- authentication -------------------------------------------------------------------------------

#: the id prefix of a new contract of each kind under an auth unit
AUTH_CHILD_PREFIX = {"clients": "cl-", "proxies": "px-", "vpdns": "vp-"}


def _new_unit(doc: dict[str, Any]) -> tuple[list[Op], int]:
    units = doc.get("auth_units")
    ops: list[Op] = []
    if not isinstance(units, list):
        units = []
        ops.append({"op": "replace", "path": "/auth_units", "value": []})
    ops.append({"op": "add", "path": "/auth_units/-", "value": new_unit(unique_id(all_ids(doc), "unit-"))})
    return ops, len(units)


def add_unit(doc: dict[str, Any]) -> Patch:
    return Patch(_new_unit(doc)[0], Step("add_unit"))


def remove_unit(index: int, doc: dict[str, Any]) -> Patch:
    """Remove auth unit `index` with its clients, proxies and VPDNs; an index the order does not have
    removes nothing (an empty patch)."""
    if not 0 <= index < len(doc.get("auth_units") or []):
        return Patch([], Step("remove_unit"))
    return Patch([{"op": "remove", "path": f"/auth_units/{index}"}], Step("remove_unit"))


def add_auth_child(doc: dict[str, Any], unit: int, key: str) -> Patch:
    """A blank client, proxy or VPDN contract (`key`: clients, proxies, vpdns) in auth unit `unit` (a new
    unit if the order has not that one)."""
    prefix = AUTH_CHILD_PREFIX[key]
    ops: list[Op] = []
    units = doc.get("auth_units")
    if not (isinstance(units, list) and 0 <= unit < len(units)):
        ops, unit = _new_unit(doc)
    value: dict[str, Any] = {"id": unique_id(all_ids(doc), prefix), "name": ""}
    if key == "clients":
        value["ip"] = ""
    elif key == "proxies":
        value["destinations"] = []
    else:
        value.update(item=None, mobile=None, terminators=[], load_balancing=False)
    ops.append({"op": "add", "path": f"/auth_units/{unit}/{key}/-", "value": value})
    return Patch(ops, Step("add_contract", 1, field_names(f"/auth_units/{unit}/{key}/0")))


def duplicate_auth_children(doc: dict[str, Any], unit: int, key: str, rows: Iterable[int]) -> Patch:
    """Copies of the clients, proxies or VPDNs (`key`) at `rows` of auth unit `unit`, appended to the same
    list: each with a fresh id; a client's copy without its address (one contract per terminal). Rows
    that are not there (a stale selection) are skipped."""
    found = get(doc, f"/auth_units/{unit}/{key}") if unit >= 0 else None
    children = found if isinstance(found, list) else []
    ids = all_ids(doc)
    ops: list[Op] = []
    for r in sorted(set(rows)):
        if not 0 <= r < len(children) or not isinstance(children[r], dict):
            continue
        copy = json.loads(json.dumps(children[r]))
        copy["id"] = unique_id(ids, f"{copy.get('id') or AUTH_CHILD_PREFIX[key].rstrip('-')}-copy")
        ids.add(copy["id"])
        if key == "clients":
            copy["ip"] = ""
        ops.append({"op": "add", "path": f"/auth_units/{unit}/{key}/-", "value": copy})
    return Patch(ops, Step("duplicate_contracts", len(ops), field_names(f"/auth_units/{unit}/{key}/0")))


def set_vpdn_item(doc: dict[str, Any], item_ptr: str, item: str | None) -> Patch:
    """Choosing a VPDN item also names the IIJモバイル service it needs (its class still to choose)."""
    from configurator.tariff.catalogue import catalogue

    ops: list[Op] = [{"op": "replace", "path": item_ptr, "value": item}]
    spec = catalogue().vpdn_items.get(item or "")
    if spec:
        base = item_ptr.rsplit("/", 1)[0]
        mobile = dict(get(doc, base + "/mobile") or {})
        if mobile.get("service") != spec["mobile_service"]:
            mobile = {"service": spec["mobile_service"]}
        ops.append({"op": "replace", "path": base + "/mobile", "value": mobile})
    return Patch(ops, change([item_ptr]))


# --- repairs --------------------------------------------------------------------------------------


def apply_suggestion(suggestion: Repair) -> Patch:
    """A rule's repair, as the review page offers it."""
    return Patch(list(suggestion.patch), Step("repair", detail=(suggestion.label, suggestion.label_en)))
