"""One test per rule: the rule fires on a broken order, and its valid neighbour does not fire it."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.order.patch import apply_patch
from configurator.pricing.books import Price, sample_price_book
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.rules import RULES, check_scope, has_errors, validate
from tests.conftest import SHARED, clone, example

Doc = dict[str, Any]
Mut = Callable[[Doc], None]


def net(d: Doc) -> Doc:
    return d["vpn_networks"][0]


def hq(d: Doc) -> Doc:
    return net(d)["parent"]


def child(d: Doc, j: int = 0) -> Doc:
    return net(d)["children"][j]


def unit(d: Doc) -> Doc:
    return d["auth_units"][0]


def vpdn(d: Doc) -> Doc:
    return unit(d)["vpdns"][0]


def _set(fn: Callable[[Doc], Doc], key: str, value: Any) -> Mut:
    def mut(d: Doc) -> None:
        fn(d)[key] = value

    return mut


def _seq(*muts: Mut) -> Mut:
    def mut(d: Doc) -> None:
        for m in muts:
            m(d)

    return mut


def _opt(fn: Callable[[Doc], Doc], key: str, value: Any) -> Mut:
    def mut(d: Doc) -> None:
        fn(d)["options"][key] = value

    return mut


def _second_network(parent_id: str, child_id: str) -> Mut:
    def mut(d: Doc) -> None:
        n2 = clone(net(d))
        n2["id"] = "net-2"
        n2["parent"]["id"] = parent_id
        n2["parent"]["lan"] = ["172.16.0.0/16"]
        n2["children"] = [clone(child(d))]
        n2["children"][0]["id"] = child_id
        d["vpn_networks"].append(n2)

    return mut


def _lb_on_proxy(d: Doc) -> None:
    unit(d)["proxies"][0]["load_balancing"] = True


# rule id -> (path the issue must name, breaking mutation, valid neighbour mutation)
CASES: dict[str, tuple[str, Mut, Mut]] = {
    "auth.parent.required": (
        "/auth_units/0/management",
        _set(unit, "management", None),
        _set(unit, "management", {"name": "x", "realm": "example.jp"}),
    ),
    "auth.child.combination": (
        "/auth_units/0",
        _seq(_set(unit, "proxies", []), _set(unit, "vpdns", [])),
        _set(unit, "vpdns", []),
    ),
    "auth.vpdn.type_d.prerequisite": (
        "/auth_units/0/vpdns/0/mobile",
        _set(vpdn, "mobile", {"service": "type_d", "category": "II"}),
        _set(vpdn, "mobile", {"service": "type_d", "category": "I"}),
    ),
    "auth.vpdn.type_k.prerequisite": (
        "/auth_units/0/vpdns/0/mobile",
        _seq(
            _set(vpdn, "item", "type_k"), _set(vpdn, "mobile", {"service": "type_k", "plan": "pay_per_use"})
        ),
        _seq(
            _set(vpdn, "item", "type_k"),
            _set(vpdn, "mobile", {"service": "type_k", "plan": "packet_share_l"}),
        ),
    ),
    "auth.vpdn.type_i.prerequisite": (
        "/auth_units/0/vpdns/0/mobile",
        _seq(_set(vpdn, "item", "type_i"), _set(vpdn, "mobile", {"service": "type_i", "network_type": "II"})),
        _seq(
            _set(vpdn, "item", "type_i"), _set(vpdn, "mobile", {"service": "type_i", "network_type": "III"})
        ),
    ),
    "auth.client.per_ip": (
        "/auth_units/0/clients/1/ip",
        lambda d: unit(d)["clients"][1].update(ip="198.51.100.10"),
        lambda d: unit(d)["clients"][1].update(ip="198.51.100.12"),
    ),
    "auth.realm.required": (
        "/auth_units/0/management/realm",
        lambda d: unit(d)["management"].update(realm="example"),
        lambda d: unit(d)["management"].update(realm="corp.example.jp"),
    ),
    "auth.vpdn.terminator.required": (
        "/auth_units/0/vpdns/0/terminators",
        _seq(_set(vpdn, "terminators", []), _set(vpdn, "load_balancing", False)),
        _seq(_set(vpdn, "terminators", ["192.0.2.20"]), _set(vpdn, "load_balancing", False)),
    ),
    "auth.proxy.destination.required": (
        "/auth_units/0/proxies/0/destinations",
        lambda d: unit(d)["proxies"][0].update(destinations=[]),
        lambda d: unit(d)["proxies"][0].update(destinations=["192.0.2.99"]),
    ),
    "auth.setup.acknowledged": (
        "/auth_units/0/setup_acknowledged",
        _set(unit, "setup_acknowledged", False),
        _set(unit, "setup_acknowledged", True),
    ),
    "auth.option.load_balancing.scope": (
        "/auth_units/0/vpdns/0/load_balancing",
        _set(vpdn, "terminators", ["192.0.2.20"]),
        _set(vpdn, "terminators", ["192.0.2.20", "192.0.2.30"]),
    ),
    "auth.large_scale_gateway.type_i": (
        "/auth_units/0/vpdns/0/item",
        _seq(
            _set(vpdn, "item", "type_i"),
            _set(vpdn, "mobile", {"service": "type_i", "network_type": "III"}),
            _set(unit, "large_scale_private_gateway", True),
        ),
        _seq(
            _set(vpdn, "item", "type_i"),
            _set(vpdn, "mobile", {"service": "type_i", "network_type": "III"}),
            _set(unit, "large_scale_private_gateway", False),
        ),
    ),
    "auth.large_scale_gateway.type_k": (
        "/auth_units/0/vpdns/0/item",
        _seq(
            _set(vpdn, "item", "type_k"),
            _set(vpdn, "mobile", {"service": "type_k", "plan": "flat"}),
            _set(unit, "large_scale_private_gateway", True),
        ),
        _seq(_set(vpdn, "item", "type_d"), _set(unit, "large_scale_private_gateway", True)),
    ),
    "vpn.parent.required": ("/vpn_networks/0/parent", _set(net, "parent", None), lambda d: None),
    "vpn.child.required": (
        "/vpn_networks/0/children",
        _set(net, "children", []),
        lambda d: net(d).update(children=net(d)["children"][:1]),
    ),
    "vpn.item.valid": (
        "/vpn_networks/0/item",
        _set(net, "item", "closed_monitoring"),
        _seq(
            _set(net, "item", "single_star_single_edge"),
            _set(net, "closed_monitoring", {"enabled": True, "line": "閉域網 回線ID X-1"}),
        ),
    ),
    "vpn.device.valid": (
        "/vpn_networks/0/children/1/device",
        _set(lambda d: child(d, 1), "device", "c1000_24t_4g_l"),
        _set(lambda d: child(d, 1), "device", "c892fsp"),
    ),
    "vpn.maintenance.valid": (
        "/vpn_networks/0/maintenance",
        _set(net, "maintenance", "type1"),
        _set(net, "maintenance", "type2"),
    ),
    "vpn.term.valid": (
        "/vpn_networks/0/parent/term_years",
        _set(hq, "term_years", 2),
        _set(hq, "term_years", 1),
    ),
    "vpn.ip.ipv4_only": (
        "/vpn_networks/0/children/0/lan/0",
        _set(child, "lan", ["fd00:1::/64"]),
        _set(child, "lan", ["10.9.0.0/24"]),
    ),
    "vpn.lan.rfc1918": (
        "/vpn_networks/0/children/0/lan/0",
        _set(child, "lan", ["172.32.0.0/24"]),
        _set(child, "lan", ["172.31.255.0/24"]),
    ),
    "vpn.lan.overlap": (
        "/vpn_networks/0/children/0/lan/0",
        _set(child, "lan", ["10.0.255.0/24"]),
        _set(child, "lan", ["10.1.0.0/24"]),
    ),
    "vpn.site.domestic": (
        "/vpn_networks/0/children/0/country",
        _set(child, "country", "US"),
        _set(child, "country", "JP"),
    ),
    "vpn.environment.disclosure": (
        "/vpn_networks/0/children/1/internet/name",
        _set(
            lambda d: child(d, 1),
            "internet",
            {"provider": "other", "connection": "pppoe", "address": "203.0.113.10"},
        ),
        _set(lambda d: child(d, 1), "internet", {"provider": "other", "name": "△△光", "connection": "dhcp"}),
    ),
    "vpn.closed_monitoring.line": (
        "/vpn_networks/0/closed_monitoring/line",
        _set(net, "closed_monitoring", {"enabled": True, "line": " "}),
        _set(net, "closed_monitoring", {"enabled": True, "line": "閉域網 回線ID X-1"}),
    ),
    "vpn.option.private_switch.device": (
        "/vpn_networks/0/parent/options/private_switch",
        _opt(hq, "private_switch", "isr4351"),
        _opt(hq, "private_switch", "c1000_48t_4g_l"),
    ),
    "vpn.option.rack_mount_kit.device": (
        "/vpn_networks/0/children/0/options/rack_mount_kit",
        _opt(child, "rack_mount_kit", True),
        _seq(
            _opt(child, "rack_mount_kit", True),
            _opt(child, "additional_license", False),
            _set(child, "device", "c891fj"),
        ),
    ),
    "vpn.option.sfp_module.device": (
        "/vpn_networks/0/children/1/options/sfp_module",
        _opt(lambda d: child(d, 1), "sfp_module", 2),
        _seq(_opt(lambda d: child(d, 1), "sfp_module", 2), _set(lambda d: child(d, 1), "device", "c892fsp")),
    ),
    "vpn.option.vpn_module.device": (
        "/vpn_networks/0/children/1/options/vpn_module",
        _opt(lambda d: child(d, 1), "vpn_module", True),
        _seq(
            _opt(lambda d: child(d, 1), "vpn_module", True), _set(lambda d: child(d, 1), "device", "asr1001x")
        ),
    ),
    "vpn.option.additional_license.device": (
        "/vpn_networks/0/children/0/options/additional_license",
        _set(child, "device", "c891fj"),
        _set(child, "device", "c1121_8p"),
    ),
    "vpn.topology.parent_isolation": (
        "/vpn_networks/1/parent/id",
        _second_network("hq", "kobe"),
        _second_network("dc2", "kobe"),
    ),
    "vpn.topology.single_parent": (
        "/vpn_networks/1/children/0/id",
        _second_network("dc2", "osaka"),
        _second_network("dc2", "kobe"),
    ),
    "order.empty": (
        "",
        lambda d: d.update(vpn_networks=[], auth_units=[]),
        lambda d: d.update(vpn_networks=[]),
    ),
}


def _ids(issues: list[Any], rule: str) -> list[str]:
    return [i.path for i in issues if i.rule == rule]


def test_examples_are_valid() -> None:
    for name in ("vpn.iij-order.json", "auth.iij-order.json", "mixed.iij-order.json"):
        issues = validate(example(name), price_book=sample_price_book())
        assert issues == [], (name, issues)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_and_neighbour_does_not(rule: str) -> None:
    path, bad, good = CASES[rule]
    broken = example("mixed.iij-order.json")
    bad(broken)
    issues = validate(broken)
    assert path in _ids(issues, rule), [(i.rule, i.path) for i in issues]
    found = next(i for i in issues if i.rule == rule and i.path == path)
    assert found.severity == RULES[rule].severity
    assert found.citation == RULES[rule].citation
    assert found.message and found.message != found.message_en
    fixed = example("mixed.iij-order.json")
    good(fixed)
    assert _ids(validate(fixed), rule) == []


def test_child_max_uses_the_designated_number_from_the_catalogue() -> None:
    data = clone(catalogue().data)
    data["vpn"]["max_child_sites"]["value"] = 3
    small = Catalogue(data)
    doc = example("vpn.iij-order.json")
    assert len(net(doc)["children"]) == 3
    assert _ids(validate(doc, cat=small), "vpn.child.max") == []
    extra = clone(child(doc))
    extra["id"] = "sendai"
    extra["lan"] = ["10.4.0.0/24"]
    net(doc)["children"].append(extra)
    assert _ids(validate(doc, cat=small), "vpn.child.max") == ["/vpn_networks/0/children"]
    assert _ids(validate(doc), "vpn.child.max") == []  # the shipped catalogue designates more


def test_management_monthly_fee_must_be_zero_in_the_price_book() -> None:
    book = sample_price_book()
    key = ("auth", "management", None, None, None, None)
    wrong = dataclasses.replace(book, prices={**book.prices, key: Price(20000, 500, None, "契約", None, 1)})
    doc = example("auth.iij-order.json")
    assert _ids(validate(doc, price_book=wrong), "auth.parent.monthly_fee_zero") == [
        "/auth_units/0/management"
    ]
    assert _ids(validate(doc, price_book=book), "auth.parent.monthly_fee_zero") == []


def _rule_table() -> dict[str, tuple[str, str]]:
    path = SHARED / "tariff-rules.md"
    if not path.exists():
        pytest.skip(f"{path} is not beside the checkout")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(
            r"^\| ((?:auth|vpn|order)\.[\w.]+) \| (error|warning) \|(?:[^|]*\|){1}\s*([^|]*?)\s*\|?$", line
        )
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
        else:
            m = re.match(r"^\| ((?:auth|vpn|order)\.[\w.]+) \| (error|warning) \|", line)
            if m:
                out[m.group(1)] = (m.group(2), "")
    return out


def test_every_rule_of_the_catalogue_is_implemented_and_none_invented() -> None:
    table = _rule_table()
    expected = {rid for rid in table if not rid.startswith("vpn.change.")}
    assert len(expected) == 35
    assert set(RULES) == expected
    for rid, (severity, citation) in table.items():
        if rid in RULES:
            assert RULES[rid].severity == severity, rid
            if citation and citation != "—":
                assert RULES[rid].citation == citation, rid


def test_every_rule_has_a_firing_test() -> None:
    covered = set(CASES) | {"vpn.child.max", "auth.parent.monthly_fee_zero"}
    assert covered == set(RULES)


def test_all_issues_are_reported_at_once() -> None:
    doc = example("invalid/rule-errors.iij-order.json")
    rules = {i.rule for i in validate(doc)}
    assert {
        "vpn.maintenance.valid",
        "vpn.option.additional_license.device",
        "vpn.lan.rfc1918",
        "vpn.lan.overlap",
        "auth.vpdn.type_k.prerequisite",
        "auth.option.load_balancing.scope",
        "auth.setup.acknowledged",
    } <= rules


def test_warning_alone_does_not_make_the_order_invalid(mixed: Doc) -> None:
    unit(mixed)["setup_acknowledged"] = False
    issues = validate(mixed)
    assert [i.rule for i in issues] == ["auth.setup.acknowledged"]
    assert not has_errors(issues)


@pytest.mark.parametrize(
    ("bad", "rule"),
    [
        ("10.0.0.1/16", "vpn.ip.ipv4_only"),  # host bits
        ("10.0.0.0/33", "vpn.ip.ipv4_only"),
        ("支店LAN", "vpn.ip.ipv4_only"),
        ("192.169.0.0/24", "vpn.lan.rfc1918"),
        ("11.0.0.0/8", "vpn.lan.rfc1918"),
        ("10.0.0.0/7", "vpn.lan.rfc1918"),  # wider than 10/8
    ],
)
def test_lan_boundaries(bad: str, rule: str, vpn_order: Doc) -> None:
    child(vpn_order)["lan"] = [bad]
    assert _ids(validate(vpn_order), rule) == ["/vpn_networks/0/children/0/lan/0"]


@pytest.mark.parametrize("ok", ["10.255.255.0/24", "172.16.0.0/12", "192.168.255.0/24", "192.168.0.0/16"])
def test_private_space_edges_are_accepted(ok: str, vpn_order: Doc) -> None:
    for c in net(vpn_order)["children"]:
        c["lan"] = []
    hq(vpn_order)["lan"] = [ok]
    assert validate(vpn_order) == []


def test_overlap_is_found_between_any_two_sites_not_just_neighbours(vpn_order: Doc) -> None:
    net(vpn_order)["children"][2]["lan"] = ["10.1.0.128/25"]  # inside osaka's 10.1.0.0/24
    issues = [i for i in validate(vpn_order) if i.rule == "vpn.lan.overlap"]
    assert len(issues) == 1
    assert "10.1.0.0/24" in issues[0].message


def test_the_same_lan_in_two_networks_is_not_an_overlap(mixed: Doc) -> None:
    _second_network("dc2", "kobe")(mixed)
    mixed["vpn_networks"][1]["children"][0]["lan"] = ["10.1.0.0/24"]  # same as net-1's osaka
    assert _ids(validate(mixed), "vpn.lan.overlap") == []


@pytest.mark.parametrize("ip", ["2001:db8::1", "198.51.100.10, 198.51.100.11", "198.51.100.300", ""])
def test_client_needs_exactly_one_ipv4_address(ip: str, auth_order: Doc) -> None:
    unit(auth_order)["clients"][0]["ip"] = ip
    assert _ids(validate(auth_order), "auth.client.per_ip") == ["/auth_units/0/clients/0/ip"]


def test_suggestions_repair_the_issue(mixed: Doc) -> None:
    child(mixed)["device"] = "c891fj"
    issue = next(i for i in validate(mixed) if i.rule == "vpn.option.additional_license.device")
    labels = [s.label for s in issue.suggestions]
    assert labels == ["追加ライセンスオプションを外す", "機器を Cisco C1121-8P に変更する"]
    for s in issue.suggestions:
        assert validate(apply_patch(mixed, s.patch)) == []


def test_term_suggestions_offer_one_and_three_years(mixed: Doc) -> None:
    hq(mixed)["term_years"] = 5
    issue = next(i for i in validate(mixed) if i.rule == "vpn.term.valid")
    assert [s.label for s in issue.suggestions] == ["1年にする", "3年にする"]
    assert validate(apply_patch(mixed, issue.suggestions[1].patch)) == []


def test_closed_monitoring_as_item_is_repaired_on_top_of_a_topology(mixed: Doc) -> None:
    net(mixed)["item"] = "closed_monitoring"
    net(mixed)["closed_monitoring"] = {"enabled": False, "line": "閉域網 回線ID X-1"}
    issue = next(i for i in validate(mixed) if i.rule == "vpn.item.valid")
    fixed = apply_patch(mixed, issue.suggestions[0].patch)
    assert net(fixed)["closed_monitoring"]["enabled"] is True
    assert validate(fixed) == []


def test_abolished_maintenance_message_names_the_date(mixed: Doc) -> None:
    net(mixed)["maintenance"] = "type1"
    issue = next(i for i in validate(mixed) if i.rule == "vpn.maintenance.valid")
    assert "平成22年2月1日" in issue.message
    assert issue.cite().startswith("個別規程 IIJマネージドVPN PROサービス")


def test_user_text_in_messages_is_shortened(mixed: Doc) -> None:
    child(mixed)["device"] = "x" * 500
    issue = next(i for i in validate(mixed) if i.rule == "vpn.device.valid")
    assert len(issue.message) < 200


def test_validation_does_not_change_the_order(mixed: Doc) -> None:
    before = clone(mixed)
    child(mixed)["device"] = "c891fj"
    before_bad = clone(mixed)
    validate(mixed)
    assert mixed == before_bad
    assert before != mixed


_piece = st.one_of(
    st.integers(0, 300).map(str), st.sampled_from(["00", "010", "0x1", " 1", "1 ", "", "-1", "１"])
)
_quad_text = st.lists(_piece, min_size=1, max_size=5).map(".".join)


@given(_quad_text, st.one_of(st.integers(-1, 40).map(str), st.sampled_from(["024", "+8", "", " 24"])))
def test_the_fast_address_parsing_agrees_with_the_standard_library(quad: str, plen: str) -> None:
    """Addresses and subnets are parsed by a fast path; the verdict must be the stdlib's."""
    from ipaddress import IPv4Address, IPv4Network, ip_address, ip_network

    from configurator.tariff.rules import _address, _subnet

    text = f"{quad}/{plen}"
    try:
        net = ip_network(text, strict=True)
        expected: object = (
            (int(net.network_address), int(net.broadcast_address)) if isinstance(net, IPv4Network) else "ipv6"
        )
    except ValueError:
        try:
            ip_network(text, strict=False)
            expected = "host_bits"
        except ValueError:
            expected = "invalid"
    got = _subnet(text)
    assert (got[:2] if isinstance(got, tuple) else got) == expected
    try:
        addr = ip_address(quad.strip())
        expected_addr: object = int(addr) if isinstance(addr, IPv4Address) else "ipv6"
    except ValueError:
        expected_addr = "invalid"
    assert _address(quad) == expected_addr


def test_the_registry_declares_each_rule_once_with_its_article_and_a_docstring() -> None:
    """A rule is one function declared with its id, severity, scope and article (the registry)."""
    from configurator.tariff.checks import registry

    for rid, r in registry.ALL_RULES.items():
        assert r.scopes and r.severity in (registry.ERROR, registry.WARNING) and r.citation, rid
    for scope in registry.scopes():
        for step in registry._SCOPES[scope]:
            fn = step[1]
            if fn is not None:
                assert (fn.__doc__ or "").strip(), f"{scope}: {fn.__name__} says no rule"
    with pytest.raises(ValueError):
        registry.rule(
            "vpn.term.valid", registry.WARNING, scope=registry.SITE, tariff="vpn", article="第5条第1項"
        )
    with pytest.raises(ValueError):
        registry.rule("vpn.not.declared", scope=registry.SITE)


def test_one_scope_can_be_checked_alone() -> None:
    from configurator.tariff.checks.registry import SITE

    site = {
        "id": "s",
        "device": "c891fj",
        "term_years": 2,
        "lan": ["8.8.8.0/24"],
        "internet": {"provider": "iij"},
    }
    issues = check_scope(SITE, site, "/vpn_networks/0/parent")
    assert [(i.rule, i.path) for i in issues] == [
        ("vpn.term.valid", "/vpn_networks/0/parent/term_years"),
        ("vpn.lan.rfc1918", "/vpn_networks/0/parent/lan/0"),
    ]


def test_topology_issues_keep_their_order_parents_first(mixed: dict) -> None:
    """The two topology rules read the parents first, then the children in document order."""
    net = mixed["vpn_networks"][0]
    second = copy.deepcopy(net)
    second["id"] = "net-2"
    second["children"] = [copy.deepcopy(net["children"][1])]  # nagoya again: a second parent for it
    second["children"][0]["lan"] = ["10.200.0.0/24"]
    third = copy.deepcopy(second)
    third["id"] = "net-3"
    third["parent"]["id"] = "osaka"  # a parent that is a child elsewhere
    third["parent"]["lan"] = ["10.201.0.0/16"]
    third["children"][0]["lan"] = ["10.202.0.0/24"]
    mixed["vpn_networks"] += [second, third]
    got = [(i.rule, i.path) for i in validate(mixed) if i.rule.startswith("vpn.topology.")]
    assert got == [
        ("vpn.topology.parent_isolation", "/vpn_networks/1/parent/id"),
        ("vpn.topology.parent_isolation", "/vpn_networks/0/children/0/id"),
        ("vpn.topology.single_parent", "/vpn_networks/1/children/0/id"),
        ("vpn.topology.single_parent", "/vpn_networks/2/children/0/id"),
    ]


# --- what the application form needs filled in (issue 14 defect 13): not tariff rules, same registry -----

FORM_CASES: dict[str, tuple[str, Mut, Mut]] = {
    "form.site.name": (
        "/vpn_networks/0/children/0/name",
        _set(child, "name", "  "),
        _set(child, "name", "大阪支店"),
    ),
    "form.site.address": (
        "/vpn_networks/0/parent/address",
        _set(hq, "address", ""),
        _set(hq, "address", "東京都千代田区千代田1-1"),
    ),
    "form.site.lan": (
        "/vpn_networks/0/children/0/lan",
        _set(child, "lan", []),
        _set(child, "lan", ["10.1.0.0/24"]),
    ),
    "form.site.postal_code": (
        "/vpn_networks/0/children/0/postal_code",
        _set(child, "postal_code", "12-345"),
        _set(child, "postal_code", "530-0001"),
    ),
    "form.customer.postal_code": (
        "/customer/postal_code",
        lambda d: d["customer"].update(postal_code="100-00012"),
        lambda d: d["customer"].update(postal_code="１００－０００１"),  # full width, as documents print it
    ),
    "form.customer.address": (
        "/customer/address",
        lambda d: d["customer"].pop("address"),
        lambda d: d["customer"].update(address="東京都千代田区千代田1-1"),
    ),
    "form.customer.phone": (
        "/customer/phone",
        lambda d: d["customer"].update(phone=""),
        lambda d: d["customer"].update(phone="03-1234-5678"),
    ),
}


@pytest.mark.parametrize("rule", sorted(FORM_CASES))
def test_form_rule_fires_and_neighbour_does_not(rule: str) -> None:
    from configurator.tariff.rules import FORM_RULES, form_issues

    path, bad, good = FORM_CASES[rule]
    broken = example("mixed.iij-order.json")
    bad(broken)
    issues = form_issues(broken)
    assert [(i.rule, i.path) for i in issues] == [(rule, path)]
    assert issues[0].severity == FORM_RULES[rule].severity
    assert issues[0].message and issues[0].message != issues[0].message_en
    assert _ids(validate(broken), rule) == []  # not a tariff rule: the order stays valid
    fixed = example("mixed.iij-order.json")
    bad(fixed)
    good(fixed)
    assert form_issues(fixed) == []


@pytest.mark.parametrize("code", ["12-345", "123456", "1000-001", "100-00012", "abc1000001", "〒〒100-0001"])
def test_a_postal_code_not_7_digits_is_an_error_of_the_form_at_its_cell(code: str) -> None:
    """The new-user walk: a 郵便番号 「12-345」 pasted in was imported and nothing flagged it (エラー 0件)
    while the 申込書 printed 〒12-345."""
    from configurator.tariff.rules import form_issues

    doc = example("mixed.iij-order.json")
    site = doc["vpn_networks"][0]["children"][0]
    site["name"], site["postal_code"] = "大阪支店", code
    issues = form_issues(doc)
    assert [(i.rule, i.severity, i.path) for i in issues] == [
        ("form.site.postal_code", "error", "/vpn_networks/0/children/0/postal_code")
    ]
    assert issues[0].message == f"拠点「大阪支店」の郵便番号「{code}」は7桁(例: 530-0001)で入力してください。"
    assert "7 digits" in issues[0].message_en and code in issues[0].message_en


@pytest.mark.parametrize(
    "code", ["530-0001", "5300001", "５３０－０００１", "〒530-0001", "530ー0001", "", None]
)
def test_a_postal_code_printed_whole_or_left_blank_is_not_flagged(code: str | None) -> None:
    from configurator.tariff.rules import form_issues

    doc = example("mixed.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["postal_code"] = code
    doc["customer"]["postal_code"] = code
    assert form_issues(doc) == []


def test_every_form_rule_has_a_firing_test() -> None:
    from configurator.tariff.rules import FORM_RULES

    assert set(FORM_CASES) == set(FORM_RULES)
    assert not set(FORM_RULES) & set(RULES)
