"""Issue #18: the quiet check of the site rules (configurator.tariff.checks.vpn.site_in_order) says in
one pass that a site of a valid order has nothing to report, so that the site rules need not run one
by one. It must never hide a finding: with it and without it (`thorough`), the same issues, and the
same error where a rule fails on a value of the wrong type."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.tariff.catalogue import catalogue
from configurator.tariff.checks import registry
from configurator.tariff.checks.form import form_filled
from configurator.tariff.checks.registry import ERROR, FORM, ORDER, SITE, Check, SiteMemo, check_scope
from configurator.tariff.checks.vpn import site_in_order, site_objects, sites_of
from configurator.tariff.rules import form_issues, validate
from tests.benchmarks.orders import big_order
from tests.test_rules_inline_visit import _documents

_MISSING = object()
P = "/vpn_networks/0"

_LANS = ["10.0.0.0/24", "10.0.0.1/24", "8.8.8.0/24", "fe80::/64", "bad", "172.16.0.0/12", "172.32.0.0/16",
         "192.168.1.0/24", "10.0.0.0/7", "10.0.0.0/255.255.255.0", "0.0.0.0/0", "", 5]
_INTERNET = st.one_of(
    st.sampled_from(
        [_MISSING, None, {}, "iij", {"provider": "iij"}, {"provider": "nobody"}, {"provider": None}]
    ),
    st.fixed_dictionaries(
        {"provider": st.just("other")},
        optional={
            "name": st.sampled_from(["○○光", "", "  ", None, 3]),
            "connection": st.sampled_from(["pppoe", "pppoe_dynamic", "static", "dhcp", "x", None]),
            "address": st.sampled_from(["203.0.113.1", "2001:db8::1", "x", "", None, "198.51.100.300", 7]),
        },
    ),
)
_OPTIONS = st.one_of(
    st.sampled_from([_MISSING, None, {}, [1]]),
    st.fixed_dictionaries(
        {},
        optional={
            "private_switch": st.sampled_from([None, "c1000_24t_4g_l", "isr4351", "nope", 3]),
            "rack_mount_kit": st.sampled_from([True, False]),
            "sfp_module": st.sampled_from([0, 2]),
            "vpn_module": st.sampled_from([True, False]),
            "additional_license": st.sampled_from([True, False, 1]),
            "onsite_installation": st.sampled_from([True, False]),
        },
    ),
)
_SITES = st.fixed_dictionaries(
    {
        "device": st.sampled_from(
            [_MISSING, "c1121_8p", "isr4351", "c891fj", "c892fsp", "asr1001x", "c1000_24t_4g_l", "nope", None,
             1]
        ),
        "term_years": st.sampled_from([_MISSING, 1, 3, 2, True, None, "1", 1.0]),
        "lan": st.one_of(st.sampled_from([_MISSING, None, "10.0.0.0/24"]), st.lists(st.sampled_from(_LANS),
                                                                                     max_size=3)),
        "country": st.sampled_from([_MISSING, "JP", "US", None]),
        "internet": _INTERNET,
        "options": _OPTIONS,
    }
).map(lambda site: {k: v for k, v in site.items() if v is not _MISSING})


def _outcome(site: dict[str, Any], thorough: bool) -> Any:
    try:
        return check_scope(SITE, site, "/vpn_networks/0/children/3", thorough=thorough)
    except Exception as exc:  # a rule failing on a value of the wrong type fails alike either way
        return type(exc)


def test_the_quiet_check_is_in_use_for_the_sites() -> None:
    assert registry.quiet_in_use(SITE) is site_in_order


@given(_SITES)
def test_a_site_has_the_same_findings_with_and_without_the_quiet_check(site: dict[str, Any]) -> None:
    quick = _outcome(site, thorough=False)
    assert quick == _outcome(site, thorough=True)
    if site_in_order(Check(catalogue()), site):
        assert quick == []


@pytest.mark.parametrize(
    ("key", "value", "at"),
    [
        ("device", "c1000_24t_4g_l", (0, 1)),
        ("term_years", True, (0, 1)),
        ("lan", ["10.0.0.0/24", "11.0.0.0/24"], (0, 1)),
        ("lan", ["10.0.0.0/24", "10.0.0.1/24"], (0, 1)),
        ("country", "US", (0, 1)),
        ("internet", {"provider": "other", "name": "○○光", "connection": "pppoe"}, (0, 1)),
        ("internet", {"provider": "other", "name": "x", "connection": "dhcp", "address": "::1"}, (0, 1)),
        ("internet", {"provider": "other", "name": " ", "connection": "dhcp"}, (0, 1)),
        ("options", {"private_switch": "isr4351"}, (0, 1)),
        ("options", {"additional_license": True}, (1, 2)),  # an ISR4351 and a C891FJ
        ("options", {"sfp_module": 2}, (0, 2)),  # a C1121-8P and a C891FJ
    ],
)
def test_each_kind_of_fault_reaches_the_rules(key: str, value: Any, at: tuple[int, int]) -> None:
    doc = big_order(4)  # sites: C1121-8P, ISR4351, C891FJ, C892FSP
    kids = doc["vpn_networks"][0]["children"]
    for k in at:
        kids[k][key] = copy.deepcopy(value)
    issues = validate(doc)
    assert check_scope(ORDER, doc, "") == check_scope(ORDER, doc, "", thorough=True)
    faulted = {int(i.path.split("/")[4]) for i in issues if i.severity == ERROR and "/children/" in i.path}
    assert faulted == set(at)
    check = Check(catalogue())
    assert [site_in_order(check, site) for site in kids] == [k not in at for k in range(4)]


def test_orders_have_the_same_findings_with_and_without_the_quiet_check() -> None:
    found = 0
    for doc in _documents():
        quick = check_scope(ORDER, doc, "")
        assert quick == check_scope(ORDER, doc, "", thorough=True)
        assert quick == check_scope(ORDER, doc, "", memo=SiteMemo())  # the wizard's path, run() per site
        found += len(quick)
    assert found > 40


def test_every_site_of_a_valid_order_is_quiet() -> None:
    doc = big_order(40, every_option=True)
    assert validate(doc) == []
    check = Check(catalogue())
    assert all(site_in_order(check, site) for site in doc["vpn_networks"][0]["children"])


def test_a_site_rule_the_quiet_check_not_told_of_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    def named(c: Check, site: dict[str, Any], p: str) -> None:
        if site.get("name") == "拠点00001":
            c.report(p + "/name", "テスト", "test")

    steps = [*registry._SCOPES[SITE], (registry.ALL_RULES["vpn.site.domestic"], named, None, None)]
    monkeypatch.setitem(registry._SCOPES, SITE, steps)
    registry._forget_plans()
    try:
        assert registry.quiet_in_use(SITE) is None
        doc = big_order(3)
        assert [i.path for i in check_scope(ORDER, doc, "")] == ["/vpn_networks/0/children/1/name"]
    finally:
        monkeypatch.undo()
        registry._forget_plans()
    assert registry.quiet_in_use(SITE) is site_in_order


# --- the form's checks (form_issues): one pass over the sites for all three --------------------------

_FILLED = st.sampled_from([_MISSING, "大阪支店", "", "   ", None, 3, ["x"]])
_POSTAL = st.sampled_from(
    [_MISSING, "530-0001", "5300001", "５３０－０００１", "12-345", "", " ", None, 5300001, 0, ["530-0001"]]
)
_FORM_SITES = st.fixed_dictionaries(
    {
        "id": st.just("s"),
        "name": _FILLED,
        "address": _FILLED,
        "lan": st.sampled_from(
            [_MISSING, None, [], ["10.0.0.0/24"], [""], ["", " 10.1.0.0/24"], [3], "10.0.0.0/24"]
        ),
        "postal_code": _POSTAL,
    }
).map(lambda site: {k: v for k, v in site.items() if v is not _MISSING})
_FORM_ORDERS = st.fixed_dictionaries(
    {
        "customer": st.one_of(
            st.sampled_from([_MISSING, None, "x"]),
            st.fixed_dictionaries(
                {}, optional={"address": _FILLED, "phone": _FILLED, "postal_code": _POSTAL}
            ),
        ),
        "vpn_networks": st.one_of(
            st.sampled_from([_MISSING, None, [], [None]]),
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "parent": st.one_of(st.none(), _FORM_SITES),
                        "children": st.one_of(
                            st.none(), st.lists(st.one_of(_FORM_SITES, st.none()), max_size=3)
                        ),
                    },
                ),
                max_size=2,
            ),
        ),
    }
).map(lambda order: {k: v for k, v in order.items() if v is not _MISSING})


def _form_outcome(order: dict[str, Any], thorough: bool) -> Any:
    try:
        return check_scope(FORM, order, "", thorough=thorough)
    except Exception as exc:
        return type(exc)


def test_the_quiet_check_is_in_use_for_the_form() -> None:
    assert registry.quiet_in_use(FORM) is form_filled


@given(_FORM_ORDERS)
def test_the_form_has_the_same_findings_with_and_without_the_quiet_check(order: dict[str, Any]) -> None:
    quick = _form_outcome(order, thorough=False)
    assert quick == _form_outcome(order, thorough=True)
    if form_filled(Check(catalogue()), order):
        assert quick == []


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("name", " ", "form.site.name"),
        ("address", None, "form.site.address"),
        ("lan", [" "], "form.site.lan"),
        ("postal_code", "12-345", "form.site.postal_code"),
    ],
)
def test_a_blank_on_the_last_site_reaches_the_form_checks(key: str, value: Any, rule: str) -> None:
    doc = big_order(30)
    assert form_issues(doc) == []
    doc["vpn_networks"][0]["children"][-1][key] = value
    assert [(i.rule, i.path) for i in form_issues(doc)] == [(rule, f"/vpn_networks/0/children/29/{key}")]
    assert form_issues(doc) == check_scope(FORM, doc, "", thorough=True)


_FIELD_VALUES = [_MISSING, None, "", " \u3000", 3, ["大阪"], "10.0.0.0/24", [""], [None], [], "12-345",
                 "530-0001", "５３００００１"]


@pytest.mark.parametrize("where", ["parent", "child", "customer"])
@pytest.mark.parametrize("value", _FIELD_VALUES)
@pytest.mark.parametrize("key", ["name", "address", "lan", "phone", "postal_code"])
def test_one_field_of_a_filled_order_either_way(key: str, value: Any, where: str) -> None:
    doc = big_order(3)
    net = doc["vpn_networks"][0]
    target = {"parent": net["parent"], "child": net["children"][1], "customer": doc["customer"]}[where]
    if value is _MISSING:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)
    assert form_issues(doc) == check_scope(FORM, doc, "", thorough=True)


@pytest.mark.parametrize("parent", [None, {}, {"id": "hq"}])
@pytest.mark.parametrize("children", [None, [], [{"id": "a"}, {"id": "b"}]])
def test_site_objects_are_the_sites_of_sites_of(parent: Any, children: Any) -> None:
    net: dict[str, Any] = {"parent": parent, "children": children}
    assert list(site_objects(net)) == [site for site, _p in sites_of(net, P)]
