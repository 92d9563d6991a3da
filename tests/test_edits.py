"""The wizard's edit commands without Qt: each is applied to a session as the wizard applies it, and
judged on the order a user would then see, and on undo giving the order back."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from configurator.session import edits
from configurator.session.order_session import OrderSession, all_ids, new_order, new_site, unique_id
from configurator.session.steps import Step
from configurator.tariff.rules import validate
from tests.conftest import example


def run(s: OrderSession, patch: edits.Patch) -> None:
    s.apply(*patch)
    assert s.undo_stack[-1].step == patch.step


def undoes(s: OrderSession, before: dict[str, Any]) -> bool:
    s.undo()
    return s.doc == before


def test_unique_id_takes_the_first_free_number() -> None:
    assert unique_id(set(), "net-") == "net-1"
    assert unique_id({"net-1", "net-2", "net-4"}, "net-") == "net-3"
    ids = all_ids(example("mixed.iij-order.json"))
    assert ids >= {"net-1", "hq", "osaka", "unit-1", "cl-1", "vp-1"}


def test_choosing_a_service_adds_its_first_part_and_dropping_it_removes_its_content() -> None:
    s = OrderSession(new_order("2026-11-22"))
    before = copy.deepcopy(s.doc)
    run(s, edits.set_service(s.doc, "vpn", True))
    assert s.doc["services"] == ["vpn"]
    assert [n["id"] for n in s.doc["vpn_networks"]] == ["net-1"]
    net = s.doc["vpn_networks"][0]
    assert net["name"] == "VPN網1" and net["parent"]["id"] == "net-1-hq"
    run(s, edits.set_service(s.doc, "auth", True))
    assert s.doc["services"] == ["vpn", "auth"] and [u["id"] for u in s.doc["auth_units"]] == ["unit-1"]
    run(s, edits.set_service(s.doc, "vpn", False))
    assert s.doc["services"] == ["auth"] and s.doc["vpn_networks"] == []
    s.undo()
    s.undo()
    assert undoes(s, before)


def test_choosing_a_service_again_keeps_what_is_there() -> None:
    doc = example("vpn.iij-order.json")
    patch = edits.set_service(doc, "vpn", True)
    assert patch.ops == [{"op": "replace", "path": "/services", "value": ["vpn"]}]


def test_a_new_network_gets_a_fresh_id_and_a_numbered_name() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    run(s, edits.add_network(s.doc))
    net = s.doc["vpn_networks"][1]
    assert (net["id"], net["name"], net["parent"]["id"]) == ("net-2", "VPN網2", "net-2-hq")
    assert undoes(s, before)


def test_removing_a_network() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    run(s, edits.add_network(s.doc))
    run(s, edits.remove_network(0))
    assert [n["id"] for n in s.doc["vpn_networks"]] == ["net-2"]


def test_a_new_child_site_is_blank_with_a_fresh_id() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    run(s, edits.add_child(s.doc, 0))
    run(s, edits.add_child(s.doc, 0))
    children = s.doc["vpn_networks"][0]["children"]
    assert [c["id"] for c in children[-2:]] == ["site-1", "site-2"]
    assert children[-1]["name"] == "" and children[-1]["device"] is None
    s.undo()
    assert undoes(s, before)


def test_sites_from_a_table_are_appended_in_one_step() -> None:
    from configurator.session.order_session import new_site

    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    patch = edits.add_sites(0, [new_site("kobe", "神戸"), new_site("sendai", "仙台")])
    assert patch.step == Step("add_sites", 2)
    run(s, patch)
    assert [c["id"] for c in s.doc["vpn_networks"][0]["children"]] == [
        "osaka",
        "nagoya",
        "fukuoka",
        "kobe",
        "sendai",
    ]
    assert undoes(s, before)


def test_a_duplicated_site_gets_a_fresh_unique_id_and_no_lan() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    ptrs = ["/vpn_networks/0/children/0", "/vpn_networks/0/children/0", "/vpn_networks/0/parent"]
    run(s, edits.duplicate_sites(s.doc, 0, ptrs))
    copies = s.doc["vpn_networks"][0]["children"][3:]
    assert [c["id"] for c in copies] == ["osaka-copy1", "osaka-copy2", "hq-copy1"]
    assert all(c["lan"] == [] for c in copies)
    assert copies[0]["device"] == "c1121_8p" and copies[0]["options"]["additional_license"] is True
    assert len(all_ids(s.doc)) == len(all_ids(before)) + 3  # every id still unique
    assert s.doc["vpn_networks"][0]["children"][0]["lan"] == ["10.1.0.0/24"]  # the original keeps its LAN
    assert undoes(s, before)
    assert edits.duplicate_sites(s.doc, 0, []).ops == []


def test_pasted_sites_fill_blank_rows_first_then_are_appended_in_one_step() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    for _n in range(2):
        run(s, edits.add_child(s.doc, 0))
    before = copy.deepcopy(s.doc)
    # osaka (not blank) and the two blank rows are the targets: osaka is left alone
    targets = ["/vpn_networks/0/children/0", "/vpn_networks/0/children/3", "/vpn_networks/0/children/4"]
    patch = edits.paste_sites(
        s.doc, 0, targets, [new_site("kobe", "神戸"), new_site("nara", "奈良"), new_site("kyoto", "京都")]
    )
    run(s, patch)
    ids = [c["id"] for c in s.doc["vpn_networks"][0]["children"]]
    assert ids == ["osaka", "nagoya", "fukuoka", "kobe", "nara", "kyoto"]
    assert s.doc["vpn_networks"][0]["children"][0] == before["vpn_networks"][0]["children"][0]
    assert undoes(s, before)
    assert edits.is_blank_site(new_site("x")) and not edits.is_blank_site(new_site("x", "名前"))


def test_duplicated_auth_contracts_get_fresh_ids_and_a_client_no_address() -> None:
    s = OrderSession(example("auth.iij-order.json"))
    before = copy.deepcopy(s.doc)
    run(s, edits.duplicate_auth_children(s.doc, 0, "clients", [0, 0, 9]))
    clients = s.doc["auth_units"][0]["clients"]
    assert len(clients) == len(before["auth_units"][0]["clients"]) + 1  # row 9 is not there
    assert clients[-1]["name"] == clients[0]["name"] and clients[-1]["ip"] == ""
    assert len(all_ids(s.doc)) == len(all_ids(before)) + 1
    assert undoes(s, before)
    run(s, edits.duplicate_auth_children(s.doc, 0, "vpdns", [0]))
    vpdns = s.doc["auth_units"][0]["vpdns"]
    assert vpdns[-1]["terminators"] == vpdns[0]["terminators"] and vpdns[-1]["id"] != vpdns[0]["id"]


def test_removing_sites_takes_the_highest_index_first() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    run(s, edits.remove_sites(["/vpn_networks/0/children/0", "/vpn_networks/0/children/2"]))
    assert [c["id"] for c in s.doc["vpn_networks"][0]["children"]] == ["nagoya"]
    assert undoes(s, before)


def test_remove_paths_orders_numbers_as_numbers() -> None:
    ptrs = [f"/auth_units/0/clients/{i}" for i in (2, 10, 1)]
    assert [op["path"] for op in edits.remove_paths(ptrs, Step("remove_sites", 3)).ops] == [
        "/auth_units/0/clients/10",
        "/auth_units/0/clients/2",
        "/auth_units/0/clients/1",
    ]


def test_bulk_device_and_term() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    sites = ["/vpn_networks/0/children/0", "/vpn_networks/0/children/1"]
    run(s, edits.set_devices(sites, "c1121_8p"))
    run(s, edits.set_terms(sites, 1))
    assert [(c["device"], c["term_years"]) for c in s.doc["vpn_networks"][0]["children"][:2]] == [
        ("c1121_8p", 1),
        ("c1121_8p", 1),
    ]
    assert s.doc["vpn_networks"][0]["children"][2]["device"] == "c892fsp"
    s.undo()
    assert undoes(s, before)
    assert edits.bulk_set([], 3).ops == []


def test_a_bulk_option_skips_the_sites_whose_device_does_not_take_it() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    sites = ["/vpn_networks/0/children/0", "/vpn_networks/0/children/1"]
    patch, skipped = edits.bulk_option(s.doc, sites, "/options/additional_license", True)
    assert len(skipped) == 1 and skipped[0].startswith("名古屋営業所: ") and "C1121-8P" in skipped[0]
    run(s, patch)
    children = s.doc["vpn_networks"][0]["children"]
    assert [c["options"]["additional_license"] for c in children] == [True, False, False]
    # removing is always allowed
    patch, skipped = edits.bulk_option(s.doc, sites, "additional_license", False)
    assert skipped == [] and len(patch.ops) == 2
    assert undoes(s, before)


def test_a_new_auth_unit_and_contracts_of_each_kind() -> None:
    s = OrderSession(example("auth.iij-order.json"))
    before = copy.deepcopy(s.doc)
    run(s, edits.add_unit(s.doc))
    assert s.doc["auth_units"][1]["id"] == "unit-2"
    run(s, edits.add_auth_child(s.doc, 1, "clients"))
    run(s, edits.add_auth_child(s.doc, 1, "proxies"))
    run(s, edits.add_auth_child(s.doc, 1, "vpdns"))
    unit = s.doc["auth_units"][1]
    assert unit["clients"] == [{"id": "cl-3", "name": "", "ip": ""}]
    assert unit["proxies"] == [{"id": "px-2", "name": "", "destinations": []}]
    assert unit["vpdns"] == [
        {"id": "vp-2", "name": "", "item": None, "mobile": None, "terminators": [], "load_balancing": False}
    ]
    for _ in range(3):
        s.undo()
    assert undoes(s, before)
    with pytest.raises(KeyError):
        edits.add_auth_child(s.doc, 0, "nonsense")


def test_a_vpdn_item_names_the_mobile_service_it_needs() -> None:
    s = OrderSession(example("auth.iij-order.json"))
    ptr = "/auth_units/0/vpdns/0/item"
    run(s, edits.set_vpdn_item(s.doc, ptr, "type_d"))  # the same item: the chosen class stays
    assert s.get("/auth_units/0/vpdns/0/mobile") == {"service": "type_d", "category": "I"}
    run(s, edits.set_vpdn_item(s.doc, ptr, "type_k"))
    assert s.get("/auth_units/0/vpdns/0/mobile") == {"service": "type_k"}  # its plan still to choose
    assert s.undo() and s.get("/auth_units/0/vpdns/0/mobile") == {"service": "type_d", "category": "I"}
    assert edits.set_vpdn_item(s.doc, ptr, None).ops == [{"op": "replace", "path": ptr, "value": None}]


def test_a_suggested_repair_is_one_edit() -> None:
    doc = example("vpn.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["device"] = "c891fj"  # does not take the additional licence
    s = OrderSession(doc)
    issue = next(i for i in validate(s.doc) if i.suggestions)
    before = copy.deepcopy(s.doc)
    patch = edits.apply_suggestion(issue.suggestions[0])
    assert patch.step.detail == (issue.suggestions[0].label, issue.suggestions[0].label_en)
    run(s, patch)
    assert issue.rule not in [i.rule for i in s.issues]
    assert undoes(s, before)


def test_adding_sites_after_the_only_network_was_removed_makes_a_network_instead_of_failing() -> None:
    """Issue 22 item 3: このVPN網を削除 on the only network, then 子拠点を追加, 表から貼り付け,
    CSVから取り込み."""
    s = OrderSession(example("vpn.iij-order.json"))
    for _ in range(len(s.doc["vpn_networks"])):
        run(s, edits.remove_network(0))
    assert s.doc["vpn_networks"] == []
    before = copy.deepcopy(s.doc)
    run(s, edits.add_child(s.doc, 0))
    assert [len(n["children"]) for n in s.doc["vpn_networks"]] == [1]
    assert s.doc["vpn_networks"][0]["name"] == "VPN網1"
    assert undoes(s, before)
    run(s, edits.add_sites(0, [new_site("kobe", "神戸"), new_site("sendai", "仙台")], s.doc))
    assert [c["id"] for c in s.doc["vpn_networks"][0]["children"]] == ["kobe", "sendai"]
    assert undoes(s, before)
    # a stale network index (the picker showed a network since removed) goes to a new network too
    run(s, edits.add_network(s.doc))
    run(s, edits.add_child(s.doc, 5))
    assert [len(n["children"]) for n in s.doc["vpn_networks"]] == [0, 1]


def test_edits_on_what_the_order_no_longer_has_change_nothing_or_make_it() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    nets = len(s.doc["vpn_networks"])
    assert edits.remove_network(nets, s.doc).ops == []  # nothing to remove: no undo step either
    assert (
        edits.duplicate_sites(s.doc, 0, ["/vpn_networks/0/children/99", "/vpn_networks/7/parent"]).ops == []
    )
    doc: dict[str, Any] = {"services": ["vpn"]}  # an order with no network list at all
    t = OrderSession(doc)
    run(t, edits.add_network(t.doc))
    run(t, edits.add_child(t.doc, 0))
    assert len(t.doc["vpn_networks"][0]["children"]) == 1
    run(t, edits.add_auth_child(t.doc, 3, "clients"))  # no auth unit 3: one is made for the client
    assert [len(u["clients"]) for u in t.doc["auth_units"]] == [1]
    run(t, edits.add_unit(t.doc))
    assert len(t.doc["auth_units"]) == 2


def test_names_the_app_gives_are_japanese_data_in_an_english_ui() -> None:
    """The new-user walk in English: 「VPN網 1: VPN network 1」「親拠点 Parent site」 printed in the Japanese
    documents. The names the app makes are order data: Japanese whatever the UI language."""
    from configurator.text import i18n

    i18n.install("en")
    try:
        s = OrderSession(new_order("2026-11-22"))
        run(s, edits.set_service(s.doc, "vpn", True))
        run(s, edits.add_network(s.doc))
        nets = s.doc["vpn_networks"]
        assert [n["name"] for n in nets] == ["VPN網1", "VPN網2"]
        assert [n["parent"]["name"] for n in nets] == ["親拠点", "親拠点"]
    finally:
        i18n.install("ja")
