"""Issue 16: the change and cancellation clauses that were missing or too narrow, from the tariff text
(VPN 第10条, 第14条第3項, 第16条第2項, 第18条, 第20条, 第8条第1項; 認証 第8条, 第10条)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from configurator.errors import MalformedOrder
from configurator.lifecycle import analyse_cancel, analyse_change, cancel_texts, change_texts
from configurator.pricing.books import Price, sample_price_book
from tests.conftest import EXAMPLES

D = dt.date


@pytest.fixture(autouse=True)
def japanese() -> None:
    """The texts are read in Japanese, whatever language an earlier test left installed."""
    from configurator.text import i18n

    i18n.install("ja")


def change_doc() -> dict[str, Any]:
    return json.loads((EXAMPLES / "change.iij-change.json").read_text(encoding="utf-8"))


def cancel_doc() -> dict[str, Any]:
    return json.loads((EXAMPLES / "cancel.iij-cancel.json").read_text(encoding="utf-8"))


def issues(result: Any, rule: str) -> list[Any]:
    return [i for i in result.issues if i.rule == rule]


# --- 1. VPN 第10条第1項・第3項: the parent's own settings too, on the parent contractor's instruction ---


def test_parent_settings_changed_at_a_childs_request_are_refused() -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"][0]["parent"]["lan"].append("10.9.0.0/24")
    doc["requested_by"] = "大阪支店の担当者"
    [issue] = [
        i
        for i in issues(analyse_change(doc), "vpn.change.authority")
        if i.path == "/proposed/vpn_networks/0/parent"
    ]
    assert issue.is_error and issue.citation == "第10条第1項, 第2項"
    assert "親拠点「本社」の設定変更も" in issue.message and "第10条第1項・第3項" in issue.message
    assert "株式会社サンプル" in issue.message and "大阪支店の担当者" in issue.message


def test_parent_settings_changed_at_the_parent_contractors_request_are_accepted() -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"][0]["parent"]["lan"].append("10.9.0.0/24")
    r = analyse_change(doc)  # requested_by 株式会社サンプル, the parent's contractor
    assert r.valid and not issues(r, "vpn.change.authority")
    assert "hq" in [s.site for s in r.settings_changes]


# --- 2. 第18条・第20条・第14条第3項: a contract ends by a cancellation order, not by leaving it out -----


def test_a_child_site_left_out_of_a_change_is_refused_pointing_to_the_cancellation() -> None:
    doc = change_doc()
    kids = doc["proposed"]["vpn_networks"][0]["children"]
    kids.pop(2)  # fukuoka
    doc["settings_jobs"] = []
    r = analyse_change(doc)
    assert not r.valid
    [issue] = issues(r, "vpn.change.removal")
    assert issue.path == "/proposed/vpn_networks/0/children"
    assert issue.citation == "第18条, 第20条, 第14条第3項"
    assert "福岡営業所" in issue.message and "解約申込" in issue.message
    assert issue.suggestions[0].patch[0] == {
        "op": "add",
        "path": "/proposed/vpn_networks/0/children/-",
        "value": doc["base"]["vpn_networks"][0]["children"][2],
    }


def test_a_whole_network_left_out_is_refused_once() -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"] = []
    doc["settings_jobs"] = []
    found = issues(analyse_change(doc), "vpn.change.removal")
    assert [i.path for i in found] == ["/proposed/vpn_networks"]


def test_a_change_that_keeps_every_site_has_no_removal() -> None:
    assert not issues(analyse_change(change_doc()), "vpn.change.removal")


# --- 7. the auth tariff has no change article ----------------------------------------------------------


def test_a_change_that_touches_an_auth_contract_is_refused_naming_it() -> None:
    doc = change_doc()
    doc["proposed"]["auth_units"][0]["clients"][0]["ip"] = "198.51.100.99"
    r = analyse_change(doc)
    [issue] = issues(r, "auth.change.unsupported")
    assert not r.valid and issue.path == "/proposed/auth_units/0" and issue.tariff == "auth"
    assert "クライアント「cl-1」(変更)" in issue.message
    assert "変更の定めがありません" in issue.message and "解約申込" in issue.message


def test_removing_an_auth_child_in_a_change_is_refused_too() -> None:
    doc = change_doc()
    doc["proposed"]["auth_units"][0]["proxies"] = []
    [issue] = issues(analyse_change(doc), "auth.change.unsupported")
    assert "プロキシ「px-1」(削除)" in issue.message


def test_a_new_auth_unit_in_a_change_is_a_new_application_not_a_change() -> None:
    doc = change_doc()
    unit = json.loads(json.dumps(doc["proposed"]["auth_units"][0]))
    unit["id"] = "unit-new"
    for key in ("clients", "proxies", "vpdns"):
        for child in unit[key]:
            child["id"] += "-new"
    for j, cl in enumerate(unit["clients"]):
        cl["ip"] = f"203.0.113.{j + 1}"
    doc["proposed"]["auth_units"].append(unit)
    assert not issues(analyse_change(doc), "auth.change.unsupported")


# --- 3. VPN 第8条第1項: the network left by a cancellation keeps a child -----------------------------


def test_cancelling_every_child_site_leaves_the_network_without_a_child() -> None:
    doc = cancel_doc()
    n = len(doc["base"]["vpn_networks"][0]["children"])
    doc["targets"] = [f"/vpn_networks/0/children/{j}" for j in range(n)]
    r = analyse_cancel(doc)
    assert not r.valid
    [issue] = [i for i in r.issues if i.rule == "vpn.child.required"]
    assert issue.citation == "第1条, 第8条第1項"


def test_cancelling_the_whole_network_is_fine() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/0"]
    assert not [i for i in analyse_cancel(doc).issues if i.rule.startswith("vpn.")]


# --- 4. VPN 第20条第1項, 認証 第10条第1項: no charge under 一般規程第28条第2項・第3項 ----------------------


def test_the_exemption_waives_the_contracts_charge_citing_the_article() -> None:
    plain = analyse_cancel(cancel_doc())
    assert plain.total_charge > 0 and plain.exemption is None
    doc = cancel_doc()
    doc["exemption"] = "general_28_2"
    r = analyse_cancel(doc)
    for c in r.items:
        if c.component == "base":
            assert c.charge == 0 and c.exemption and c.exemption.startswith("一般規程第28条第2項")
    site = next(c for c in r.items if c.pointer == "/vpn_networks/0/children/2" and c.component == "base")
    assert site.exemption == "一般規程第28条第2項(VPN 第20条第1項)"
    mgmt_children = [c for c in r.items if c.pointer.startswith("/auth_units/") and c.component == "base"]
    assert mgmt_children and all(c.exemption.endswith("(AUTH 第10条第1項)") for c in mgmt_children)
    js = r.to_json()
    assert js["exemption"] == "general_28_2"
    assert any("一般規程第28条第2項による解除" in line for line in cancel_texts(r))


def test_options_ending_early_stay_charged_under_the_exemption() -> None:
    """The exception is written in 第20条第1項 only; 第2項 (options) has none."""
    doc = cancel_doc()
    doc["exemption"] = "general_28_3"
    r = analyse_cancel(doc)
    plain = {(c.pointer, c.component): c.charge for c in analyse_cancel(cancel_doc()).items}
    for c in r.items:
        if c.component != "base":
            assert c.charge == plain[(c.pointer, c.component)] and c.exemption is None


def test_an_unknown_exemption_is_a_malformed_order() -> None:
    doc = cancel_doc()
    doc["exemption"] = "customer_asked"
    with pytest.raises(MalformedOrder) as err:
        analyse_cancel(doc)
    assert err.value.pointer == "/exemption"


# --- 5. VPN 第16条第2項: a device not returned by the 第14条第3項 deadline is charged as lost ----------


def test_the_lost_device_consequence_is_stated_beside_the_deadlines() -> None:
    r = analyse_cancel(cancel_doc())
    assert any("亡失負担金" in line and "第16条第2項" in line for line in cancel_texts(r))
    assert "第16条第2項" in r.to_json()["lost_device_notice"]
    assert any("第16条第2項" in line for line in change_texts(analyse_change(change_doc())))


def test_an_unreturned_device_without_a_price_is_to_be_confirmed() -> None:
    doc = cancel_doc()
    doc["unreturned"] = ["/vpn_networks/0/children/2"]
    r = analyse_cancel(doc)
    [lost] = r.lost_devices
    assert lost.charge is None and lost.return_deadline == next(
        c.return_deadline for c in r.items if c.pointer == "/vpn_networks/0/children/2"
    )
    assert any("亡失負担金" in line and "要確認" in line for line in cancel_texts(r))


def test_an_unreturned_device_is_charged_from_the_price_book() -> None:
    book = sample_price_book()
    key = ("vpn", None, None, None, None, "lost_device")
    book = dataclasses.replace(
        book, prices={**book.prices, key: Price(None, None, 80000, "台", "亡失負担金", 1)}
    )
    doc = cancel_doc()
    doc["unreturned"] = ["/vpn_networks/0/children/2"]
    r = analyse_cancel(doc, book)
    assert [d.charge for d in r.lost_devices] == [80000]
    assert r.to_json()["lost_devices"][0]["charge"] == 80000


def test_an_unreturned_site_must_be_one_cancelled() -> None:
    doc = cancel_doc()
    doc["unreturned"] = ["/vpn_networks/0/children/0"]
    with pytest.raises(MalformedOrder):
        analyse_cancel(doc)


# --- 6. VPN 第10条第4項: the parent contract's contractor pays the settings change --------------------


def test_the_settings_fee_payer_is_the_parent_contractor() -> None:
    r = analyse_change(change_doc())
    assert [f["payer"] for f in r.settings_fees] == ["株式会社サンプル", "株式会社サンプル"]
    assert "設定変更費用の支払者: 株式会社サンプル(親たる契約の契約者、第10条第4項)" in change_texts(r)


# --- the change report names sites as the user knows them (拠点名 and 拠点番号), not by internal ids ----


def _site(order: dict[str, Any], sid: str) -> dict[str, Any]:
    net = order["vpn_networks"][0]
    return next(s for s in [net["parent"], *net["children"]] if s["id"] == sid)


def test_the_change_report_names_each_site_by_its_name_and_number() -> None:
    doc = change_doc()
    _site(doc["proposed"], "osaka")["options"]["cold_standby"] = True  # an option added at 大阪支店
    lines = change_texts(analyse_change(doc))
    assert any(line.startswith("機器種別の変更 名古屋営業所(nagoya): Cisco 891FJ → ") for line in lines)
    assert "設定の変更 大阪支店(osaka): LAN" in lines
    assert any(line.startswith("設定変更作業 大阪支店(osaka) 10:00〜11:00") for line in lines)
    assert any(line.startswith("オプションの追加 大阪支店(osaka): コールドスタンバイ") for line in lines)
    # an id the app made (site-N) means nothing to the user: the name alone; no name: the id it has
    for order in (doc["base"], doc["proposed"]):
        _site(order, "nagoya")["id"] = "site-0003"
        _site(order, "fukuoka")["name"] = ""
    lines = change_texts(analyse_change(doc))
    assert any(line.startswith("機器種別の変更 名古屋営業所: ") for line in lines)
    assert any(line.startswith("機器種別の変更 fukuoka: ") for line in lines)
    assert not any("site-0003" in line for line in lines)
