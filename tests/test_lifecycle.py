"""Change and cancellation orders: vpn.change.* rules, dates and charges against hand-worked examples."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from configurator.documents.common import DocOptions
from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote, build_change_form
from configurator.documents.pdfimport import extract_document
from configurator.errors import MalformedOrder
from configurator.lifecycle import CHANGE_RULES, analyse_cancel, analyse_change, rule_ids
from tests.conftest import EXAMPLES, SHARED, example, run_cli
from tests.test_rules import _rule_table

D = dt.date


def change_doc() -> dict[str, Any]:
    return json.loads((EXAMPLES / "change.iij-change.json").read_text(encoding="utf-8"))


def cancel_doc() -> dict[str, Any]:
    return json.loads((EXAMPLES / "cancel.iij-cancel.json").read_text(encoding="utf-8"))


def rules_of(result: Any) -> list[tuple[str, str]]:
    return [(i.rule, i.path) for i in result.issues]


def _added_rules() -> dict[str, tuple[str, str]]:
    """The rules tariff-rules.md adds for change and cancellation orders in its bullet list
    ("- `id` (severity): ..."), new ids only; their citations are checked by their own tests."""
    text = (SHARED / "tariff-rules.md").read_text(encoding="utf-8")
    section = text.split("### Added for change and cancellation orders", 1)[-1].split("\n## ", 1)[0]
    return {
        m.group(1): (m.group(2), "")
        for m in re.finditer(r"^- `((?:auth|vpn)\.[\w.]+)` \((error|warning)\)", section, re.M)
    }


def test_every_rule_of_the_tariffs_is_now_implemented() -> None:
    table = {**_rule_table(), **_added_rules()}
    assert rule_ids() == set(table)
    for rid, (severity, citation) in table.items():
        if rid in CHANGE_RULES:
            assert CHANGE_RULES[rid][0] == severity
            if citation:  # the table's rows give one; the added rules' bullets do not
                assert CHANGE_RULES[rid][2] == citation


def test_the_example_change_is_valid_with_its_dates_and_fees() -> None:
    r = analyse_change(change_doc())
    assert r.valid, rules_of(r)
    nagoya = next(c for c in r.device_changes if c.site == "nagoya")
    assert (nagoya.before, nagoya.after, nagoya.devices, nagoya.fee) == ("c891fj", "c1121_8p", 1, 30000)
    assert (nagoya.new_term_start, nagoya.new_term_end) == (
        D(2026, 12, 1),
        D(2027, 11, 30),
    )  # 1 year (term_years 1)
    assert nagoya.return_deadline == D(2026, 12, 31)
    switch = next(c for c in r.device_changes if c.kind == "private_switch")
    assert switch.new_term_end == D(2027, 11, 30)  # a private switch change starts a new year (第17条第3項)
    assert [f["amount"] for f in r.settings_fees] == [5000, 10000]
    assert r.one_time_total == 30000 + 15000 + 5000 + 10000


def test_options_added_and_removed_in_a_change() -> None:
    """Added options are new option contracts (第17条第1項) with a year from the change date when they
    have a minimum term (第17条第3項) and their fees from the price book; a removed option is told to
    go on the cancellation form (第17条第4項). Figures from the sample price book."""
    doc = change_doc()
    kids = doc["proposed"]["vpn_networks"][0]["children"]
    kids[0]["options"]["additional_license"] = False  # osaka: take the license away
    kids[0]["options"]["private_switch"] = "c1000_24t_4g_l"  # osaka: add a switch (10,000 / 3,000 a month)
    kids[1]["options"]["additional_license"] = True  # nagoya, a C1121-8P after the change (5,000 / 2,000)
    kids[2]["options"]["sfp_module"] = 3  # fukuoka: 1 -> 3 modules (2 × 5,000 / 2 × 1,000)
    kids[2]["options"]["rack_mount_kit"] = True  # fukuoka: no minimum term (3,000 / 500)
    r = analyse_change(doc)
    assert r.valid, rules_of(r)
    added = {(c.site, c.option): c for c in r.options_added}
    assert set(added) == {
        ("osaka", "private_switch"),
        ("nagoya", "additional_license"),
        ("fukuoka", "sfp_module"),
        ("fukuoka", "rack_mount_kit"),
    }
    lic = added[("nagoya", "additional_license")]
    assert (lic.quantity, lic.term_start, lic.term_end, lic.initial_fee, lic.monthly_fee) == (
        1,
        D(2026, 12, 1),
        D(2027, 11, 30),
        5000,
        2000,
    )
    sfp = added[("fukuoka", "sfp_module")]
    assert (sfp.before, sfp.after, sfp.quantity, sfp.initial_fee, sfp.monthly_fee) == (1, 3, 2, 10000, 2000)
    rack = added[("fukuoka", "rack_mount_kit")]
    assert (rack.term_start, rack.term_end, rack.initial_fee) == (None, None, 3000)
    assert added[("osaka", "private_switch")].initial_fee == 10000
    assert r.initial_total == 5000 + 10000 + 3000 + 10000
    assert r.monthly_increase == 2000 + 2000 + 500 + 3000
    assert [(c.site, c.option, c.quantity) for c in r.options_removed] == [("osaka", "additional_license", 1)]
    assert (
        r.one_time_total == 30000 + 15000 + 5000 + 10000
    )  # option fees are initial and monthly, not one-time
    # options are contracts, not VPN settings: no settings change (and no 第10条 authority) for them alone
    assert not [s for s in r.settings_changes if s.site in ("nagoya", "fukuoka")]
    js = r.to_json()
    assert js["initial_total"] == 28000 and {c["action"] for c in js["option_changes"]} == {
        "added",
        "removed",
    }


def test_an_option_the_new_device_does_not_take_is_an_error() -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"][0]["children"][1]["options"]["vpn_module"] = True  # on a C1121-8P
    r = analyse_change(doc)
    assert (
        "vpn.option.vpn_module.device",
        "/proposed/vpn_networks/0/children/1/options/vpn_module",
    ) in rules_of(r)


def test_device_matrix_fires_for_a_pair_not_allowed_and_offers_the_allowed_ones() -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"][0]["children"][1]["device"] = "asr1001x"
    r = analyse_change(doc)
    issue = next(i for i in r.issues if i.rule == "vpn.change.device_matrix")
    assert issue.path == "/proposed/vpn_networks/0/children/1/device"
    assert [s.label for s in issue.suggestions] == ["Cisco C1121-8P にする", "Cisco ISR 4351 にする"]
    assert issue.citation == "第9条第1項, 別紙4"


def test_device_matrix_for_the_private_switch() -> None:
    doc = change_doc()
    doc["base"]["vpn_networks"][0]["children"][2]["options"]["private_switch"] = "c1000_48t_4g_l"
    doc["proposed"]["vpn_networks"][0]["children"][2]["options"]["private_switch"] = (
        "c1000_24t_4g_l"  # downgrade
    )
    assert (
        "vpn.change.device_matrix",
        "/proposed/vpn_networks/0/children/2/options/private_switch",
    ) in rules_of(analyse_change(doc))


@pytest.mark.parametrize(("key", "value"), [("item", "dual_star_dual_edge"), ("maintenance", "type1")])
def test_item_and_maintenance_are_immutable(key: str, value: str) -> None:
    doc = change_doc()
    doc["proposed"]["vpn_networks"][0][key] = value
    r = analyse_change(doc)
    assert ("vpn.change.immutable", f"/proposed/vpn_networks/0/{key}") in rules_of(r)
    fix = next(i for i in r.issues if i.rule == "vpn.change.immutable").suggestions[0]
    assert fix.patch[0]["value"] == doc["base"]["vpn_networks"][0][key]


def test_a_site_cannot_change_kind() -> None:
    doc = change_doc()
    net = doc["proposed"]["vpn_networks"][0]
    old_parent = net["parent"]
    net["parent"] = net["children"].pop(0)  # osaka becomes the parent
    net["children"].insert(0, old_parent)
    kinds = [p for r, p in rules_of(analyse_change(doc)) if r == "vpn.change.immutable"]
    assert "/proposed/vpn_networks/0/parent/id" in kinds and "/proposed/vpn_networks/0/children/0/id" in kinds


def test_child_settings_only_at_the_parent_contractors_request() -> None:
    doc = change_doc()
    doc["requested_by"] = "大阪支店の担当者"
    r = analyse_change(doc)
    assert ("vpn.change.authority", "/proposed/vpn_networks/0/children/0") in rules_of(r)
    doc["requested_by"] = "株式会社サンプル"
    assert not [x for x in rules_of(analyse_change(doc)) if x[0] == "vpn.change.authority"]


def test_new_term_after_a_change_on_a_leap_day() -> None:
    doc = change_doc()
    doc["change_date"] = "2028-02-29"
    doc["proposed"]["vpn_networks"][0]["children"][1]["term_years"] = 3
    nagoya = next(c for c in analyse_change(doc).device_changes if c.site == "nagoya")
    assert nagoya.new_term_end == D(2031, 2, 28)
    assert nagoya.return_deadline == D(2028, 3, 30)


def test_a_change_of_an_uncontracted_order_is_refused() -> None:
    doc = change_doc()
    doc["base"]["contracted"] = False
    with pytest.raises(MalformedOrder, match="契約済み"):
        analyse_change(doc)


# --- cancellation -----------------------------------------------------------------------------------


def test_the_example_cancellation() -> None:
    r = analyse_cancel(cancel_doc())
    assert r.effective_date == D(2027, 1, 31)  # the requested date is later than the 30th day (01-03)
    fukuoka = next(c for c in r.items if c.name == "福岡営業所")
    # billing start 2025-10-01, 3 years → term ends 2028-09-30; from 2027-01-31 that is 20 months
    assert (fukuoka.remaining_months, fukuoka.charge) == (20, 20 * 15000)
    assert fukuoka.return_deadline == D(2027, 3, 2)
    assert r.total_charge == 300000


def test_a_notice_whose_30_days_end_after_the_requested_date() -> None:
    doc = cancel_doc()
    doc["notice_date"], doc["requested_date"] = "2026-12-15", "2026-12-20"
    assert analyse_cancel(doc).effective_date == D(2027, 1, 14)


def test_the_auth_parent_cancels_every_child_on_the_same_day() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/auth_units/0/management"]
    doc["notice_date"], doc["requested_date"] = "2026-10-20", None
    r = analyse_cancel(doc)
    assert r.effective_date == D(2026, 11, 19)
    assert r.cascade == [
        "/auth_units/0/clients/0",
        "/auth_units/0/clients/1",
        "/auth_units/0/proxies/0",
        "/auth_units/0/vpdns/0",
    ]
    # children billed from 2026-10-15, one month → term ends 2026-11-14: past on 11-19, nothing to pay
    assert all(c.charge == 0 for c in r.items)
    doc["notice_date"] = "2026-10-10"  # effective 2026-11-09: inside the first month → one month each
    charged = {c.name: c.charge for c in analyse_cancel(doc).items}
    assert charged["モバイル閉域接続"] == 20000 and charged["モバイル閉域接続 負荷分散オプション"] == 5000
    assert charged["本社認証"] == 0  # the management contract has no minimum term and a 0-yen monthly fee


def test_leap_year_and_month_end_early_termination() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/0/children/1"]  # nagoya: billing 2024-02-29, 1 year, cold standby
    doc["notice_date"], doc["requested_date"] = "2024-12-01", None
    r = analyse_cancel(doc)
    assert r.effective_date == D(2024, 12, 31)
    by = {c.component: c for c in r.items}
    assert by["base"].remaining_months == 2  # term ends 2025-02-28
    assert (by["base"].charge, by["cold_standby"].charge) == (2 * 12000, 2 * 6000)


def test_a_requested_date_after_the_minimum_term_costs_nothing() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/0/children/1"]
    doc["notice_date"], doc["requested_date"] = "2024-12-01", "2025-03-01"
    assert analyse_cancel(doc).total_charge == 0


def test_cancelling_one_option() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/0/children/0/options/additional_license"]  # osaka, billing 2025-04-01
    doc["notice_date"], doc["requested_date"] = "2025-09-01", None
    r = analyse_cancel(doc)
    # effective 2025-10-01; the option's year ends 2026-03-31: October to March, 6 months
    assert r.effective_date == D(2025, 10, 1)
    assert [(c.component, c.remaining_months, c.charge) for c in r.items] == [
        ("additional_license", 6, 6 * 2000)
    ]


def test_what_a_cancellation_leaves_broken_is_shown() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/0/parent"]
    assert [i.rule for i in analyse_cancel(doc).issues] == ["vpn.parent.required"]
    doc["targets"] = ["/auth_units/0/proxies/0"]  # the VPDN still qualifies the unit
    assert analyse_cancel(doc).issues == []
    doc["targets"] = ["/auth_units/0/proxies/0", "/auth_units/0/vpdns/0"]  # a client alone does not
    assert [i.rule for i in analyse_cancel(doc).issues] == ["auth.child.combination"]


def test_unknown_targets_are_refused() -> None:
    doc = cancel_doc()
    doc["targets"] = ["/vpn_networks/5"]
    with pytest.raises(MalformedOrder, match="ありません"):
        analyse_cancel(doc)


# --- documents and command line --------------------------------------------------------------------


def test_documents_embed_their_order_and_say_what_they_must(tmp_path: Path) -> None:
    from tests.test_documents import pdftotext

    opts = DocOptions(issue_date=D(2026, 11, 22))
    change = analyse_change(change_doc())
    data = build_change_form(change, opts)
    text = pdftotext(data, tmp_path)
    assert "変更申込書" in text and "Cisco C1121-8P" in text and "60,000円" in text
    assert extract_document(data) == change_doc()
    cancel = analyse_cancel(cancel_doc())
    for build, words in (
        (build_cancel_form, ["解約申込書", "2027年1月31日", "親たる契約の解約による"]),
        (build_cancel_quote, ["解約に伴う費用のお見積り", "300,000円", "20か月"]),
    ):
        data = build(cancel, opts)
        text = pdftotext(data, tmp_path)
        for w in words:
            assert w in text, w
        assert extract_document(data) == cancel_doc()


def test_option_changes_on_the_change_form_and_the_command_line(tmp_path: Path) -> None:
    from tests.test_documents import pdftotext

    doc = change_doc()
    kids = doc["proposed"]["vpn_networks"][0]["children"]
    kids[1]["options"]["additional_license"] = True
    kids[0]["options"]["additional_license"] = False
    text = pdftotext(build_change_form(analyse_change(doc), DocOptions(issue_date=D(2026, 11, 22))), tmp_path)
    for words in (
        "オプションの追加",
        "追加ライセンスオプション",
        "2026年12月1日〜2027年11月30日",
        "月額の増加(税抜): 2,000円",
        "解約申込書でお申し込みください",
    ):
        assert words in text, words
    path = tmp_path / "c.iij-change.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run_cli("change", str(path))
    stdout = out.stdout.decode()
    assert out.returncode == 0, out.stderr.decode()
    assert "オプションの追加 名古屋営業所(nagoya): 追加ライセンスオプション ×1" in stdout
    assert "オプションの利用停止 大阪支店(osaka)" in stdout and "第17条第4項" in stdout
    js = json.loads(run_cli("change", str(path), "--json").stdout)
    assert [c["option"] for c in js["option_changes"] if c["action"] == "added"] == ["additional_license"]


def test_cli_exit_codes_and_draft(tmp_path: Path) -> None:
    r = run_cli("change", "--json", str(EXAMPLES / "change.iij-change.json"))
    assert r.returncode == 0 and json.loads(r.stdout)["one_time_total"] == 60000
    r = run_cli("cancel", "--json", str(EXAMPLES / "cancel.iij-cancel.json"))
    assert r.returncode == 0 and json.loads(r.stdout)["total_early_termination_charge"] == 300000
    bad = change_doc()
    bad["proposed"]["vpn_networks"][0]["maintenance"] = "type1"
    f = tmp_path / "bad.iij-change.json"
    f.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    assert run_cli("change", str(f)).returncode == 1
    out = tmp_path / "c.pdf"
    assert run_cli("change-form", str(f), "-o", str(out)).returncode == 1 and not out.exists()
    assert run_cli("change-form", str(f), "-o", str(out), "--draft").returncode == 0 and out.exists()
    r = run_cli("cancel", str(EXAMPLES / "vpn.iij-order.json"))
    assert r.returncode == 2 and "iij-cancel/1" in r.stderr.decode()
    r = run_cli("import", str(out))
    assert r.returncode == 0 and json.loads(r.stdout)["format"] == "iij-change/1"


def test_contracted_example_is_a_valid_order() -> None:
    from configurator.tariff.rules import validate

    assert validate(example("contracted.iij-order.json")) == []
    doc = copy.deepcopy(example("contracted.iij-order.json"))
    assert doc["contracted"] is True


def test_examples_match_their_published_schemas() -> None:
    import jsonschema
    from referencing import Registry, Resource

    schemas = {
        name: json.loads((EXAMPLES.parent / "schema" / name).read_text(encoding="utf-8"))
        for name in ("iij-order-1.schema.json", "iij-change-1.schema.json", "iij-cancel-1.schema.json")
    }
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    for name, schema_name in (
        ("change.iij-change.json", "iij-change-1.schema.json"),
        ("cancel.iij-cancel.json", "iij-cancel-1.schema.json"),
        ("contracted.iij-order.json", "iij-order-1.schema.json"),
    ):
        doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schemas[schema_name], registry=registry).validate(doc)
