"""The wizard's flow and the editing session, without Qt."""

from __future__ import annotations

import copy
from typing import Any

from configurator.session import flow
from configurator.session.order_session import OrderSession, new_network, new_order, new_site, new_unit
from configurator.store.drafts import DraftStore
from tests.conftest import example


def test_pages_follow_the_services_chosen() -> None:
    order = new_order("2026-11-22")
    ids = [p.id for p in flow.pages_for(order)]
    assert ids == ["customer", "services", "terms", "review", "export"]
    order["services"] = ["vpn"]
    assert [p.id for p in flow.pages_for(order)] == [
        "customer",
        "services",
        "vpn_topology",
        "vpn_devices",
        "vpn_options",
        "terms",
        "review",
        "export",
    ]
    order["services"] = ["auth"]
    assert "auth_units" in [p.id for p in flow.pages_for(order)]
    assert "vpn_topology" not in [p.id for p in flow.pages_for(order)]
    assert [p.id for p in flow.pages_for(example("mixed.iij-order.json"))] == list(flow.PAGE_IDS)


def test_next_and_previous() -> None:
    order = new_order("2026-11-22")
    order["services"] = ["auth"]
    assert flow.next_page(order, "services") == "auth_units"
    assert flow.next_page(order, "auth_units") == "terms"
    assert flow.previous_page(order, "terms") == "auth_units"
    assert flow.next_page(order, "export") is None
    assert flow.previous_page(order, "customer") is None


def test_only_the_services_page_blocks_next() -> None:
    order = new_order("2026-11-22")
    ok, why = flow.can_leave(order, "services")
    assert not ok and "サービス" in why
    order["services"] = ["vpn"]
    assert flow.can_leave(order, "services") == (True, "")
    assert flow.can_leave(order, "vpn_topology") == (True, "")  # errors never trap the user


def test_every_issue_has_a_page() -> None:
    from configurator.tariff.rules import validate

    broken = example("invalid/rule-errors.iij-order.json")
    by_page = flow.issues_by_page(validate(broken))
    assert [i.rule for i in by_page["vpn_devices"]] == ["vpn.maintenance.valid"]
    assert {i.rule for i in by_page["vpn_options"]} == {"vpn.option.additional_license.device"}
    assert {i.rule for i in by_page["vpn_topology"]} == {"vpn.lan.rfc1918", "vpn.lan.overlap"}
    assert {i.rule for i in by_page["auth_units"]} >= {"auth.option.load_balancing.scope"}
    assert flow.page_of("") == "services"
    assert flow.page_of("/customer/name") == "customer"
    assert flow.page_of("/vpn_networks/0/children/5/term_years") == "terms"


def test_session_edits_validate_live_and_undo_redo() -> None:
    s = OrderSession(example("mixed.iij-order.json"))
    assert s.issues == []
    s.set("/vpn_networks/0/children/0/device", "c891fj")
    assert [i.rule for i in s.issues] == ["vpn.option.additional_license.device"]
    assert s.issues_at("/vpn_networks/0/children/0")[0].rule == "vpn.option.additional_license.device"
    s.apply(s.issues[0].suggestions[0].patch)  # 修正案
    assert s.issues == []
    assert s.undo() and s.issues  # the repair undone
    assert s.undo() and s.issues == [] and s.get("/vpn_networks/0/children/0/device") == "c1121_8p"
    assert s.redo() and s.get("/vpn_networks/0/children/0/device") == "c891fj"
    assert s.redo() and s.issues == []
    assert not s.redo()


def test_undo_of_row_insert_and_remove() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    before = copy.deepcopy(s.doc)
    s.apply(
        [{"op": "add", "path": "/vpn_networks/0/children/-", "value": new_site("kobe", "神戸")}]
    )  # 拠点を追加
    assert len(s.get("/vpn_networks/0/children")) == 4
    s.apply([{"op": "remove", "path": "/vpn_networks/0/children/0"}])  # 拠点を削除
    assert s.get("/vpn_networks/0/children/0/id") == "nagoya"
    s.undo()
    s.undo()
    assert s.doc == before


def test_live_quote_follows_edits() -> None:
    s = OrderSession(example("vpn.iij-order.json"))
    first = s.quote().groups["initial"].total
    s.set("/vpn_networks/0/parent/options/onsite_installation", False)
    assert s.quote().groups["initial"].total < first


def test_new_order_builders_make_a_valid_order_when_filled(tmp_path: Any) -> None:
    order = new_order("2026-11-22")
    net = new_network("net-1", "本社VPN")
    net["item"] = "single_star_single_edge"
    net["parent"].update(device="isr4351", term_years=3, lan=["10.0.0.0/16"])
    child = new_site("c1", "支店")
    child.update(device="c1121_8p", term_years=1, lan=["10.1.0.0/24"])
    net["children"].append(child)
    order["vpn_networks"].append(net)
    unit = new_unit("unit-1")
    unit["management"]["realm"] = "example.jp"
    unit["vpdns"].append(
        {
            "id": "v1",
            "name": "m",
            "item": "type_d",
            "mobile": {"service": "type_d", "category": "I"},
            "terminators": ["192.0.2.1"],
            "load_balancing": False,
        }
    )
    unit["setup_acknowledged"] = True
    order["auth_units"].append(unit)
    s = OrderSession(order)
    assert s.issues == []
    with DraftStore.open(tmp_path) as store:
        first = s.save(store)
        s.set("/title", "新しい件名")
        second = s.save(store)
        assert (first.rev, second.rev) == (1, 2) and first.draft_id == second.draft_id
        assert store.load(second.draft_id)[1]["title"] == "新しい件名"


def test_export_notes_tell_what_the_documents_will_lack() -> None:
    from configurator.session.order_session import new_order

    order = new_order()
    assert [ptr for ptr, _text in flow.export_notes(order)] == ["/customer/name", "/title"]
    order["customer"]["contact"] = "山田 太郎"  # a named contact is an addressee (… 様)
    order["title"] = "拠点間VPN"
    assert flow.export_notes(order) == []
    order["customer"] = "壊れた値"  # a malformed draft is noted, not crashed on
    assert [ptr for ptr, _text in flow.export_notes(order)] == ["/customer/name"]


def test_order_summary_counts_what_a_revision_holds() -> None:
    from configurator.pricing.quote import price_order
    from configurator.session.order_session import order_summary
    from tests.conftest import example

    doc = example("mixed.iij-order.json")
    s = order_summary(doc)
    quote = price_order(doc)
    assert (s["networks"], s["sites"]) == (
        len(doc["vpn_networks"]),
        sum(1 + len(n["children"]) for n in doc["vpn_networks"]),
    )
    assert s["auth_units"] == len(doc["auth_units"]) and s["errors"] == 0
    assert (s["initial_total"], s["monthly_total"]) == (
        quote.groups["initial"].total,
        quote.groups["monthly"].total,
    )
    assert order_summary({"format": "iij-order/1", "customer": "壊れた"})["customer"] == ""


def test_undo_goes_back_as_far_as_the_setting_and_no_further(tmp_path: Any, monkeypatch: Any) -> None:
    """A day of edits keeps a bounded history: the last N edits can be taken back, the oldest are let go."""
    from configurator.store.settings import save_settings, undo_steps

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path))
    assert undo_steps() == 100
    save_settings({"undo_steps": 5})
    s = OrderSession(new_order(), undo_steps=undo_steps())
    for n in range(12):
        s.set("/title", f"件名{n}")
    assert len(s.undo_stack) == 5
    while s.undo():
        pass
    assert s.get("/title") == "件名6"  # five steps back from 件名11, and no further
    save_settings({"undo_steps": "many"})
    assert undo_steps() == 100  # a setting that is not a whole number is not used
