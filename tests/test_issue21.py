"""Issue 21: load balancing counts distinct terminators (認証 第7条第2項第1号), and `choices` judges the
value in place like any other value (its consequences are the rules it breaks)."""

from __future__ import annotations

from typing import Any

import pytest

from configurator.tariff.choices import choices
from configurator.tariff.rules import validate


def by_value(result: list[Any]) -> dict[Any, Any]:
    return {c.value: c for c in result}


def _lb_issues(doc: dict[str, Any]) -> list[Any]:
    return [i for i in validate(doc) if i.rule == "auth.option.load_balancing.scope"]


# --- 第7条第2項第1号: load balancing spreads a VPDN over two or more terminating devices ---------

def test_one_terminator_listed_twice_is_one_device(mixed: dict) -> None:
    vpdn = mixed["auth_units"][0]["vpdns"][0]
    vpdn["terminators"] = ["61.200.10.30", "61.200.10.30"]
    vpdn["load_balancing"] = True
    [issue] = _lb_issues(mixed)
    assert issue.path == "/auth_units/0/vpdns/0/load_balancing"
    assert issue.citation == "第7条第2項第1号" and issue.is_error
    assert "現在1台" in issue.message
    assert "2番目「61.200.10.30」は1番目と同じ装置です" in issue.message  # which entry repeats
    assert "Terminator 2 (61.200.10.30) is terminator 1 again" in issue.message_en
    assert issue.suggestions[0].patch[0] == {"op": "replace", "path": "/auth_units/0/vpdns/0/load_balancing",
                                             "value": False}


def test_the_same_address_written_differently_is_the_same_device(mixed: dict) -> None:
    vpdn = mixed["auth_units"][0]["vpdns"][0]
    vpdn["terminators"] = ["61.200.10.30", " 61.200.10.30"]
    vpdn["load_balancing"] = True
    [issue] = _lb_issues(mixed)
    assert "現在1台" in issue.message


@pytest.mark.parametrize("terms", [["61.200.10.30", "61.200.10.31"],
                                   ["61.200.10.30", "61.200.10.31", "61.200.10.30"]])
def test_two_distinct_terminators_are_enough(mixed: dict, terms: list[str]) -> None:
    vpdn = mixed["auth_units"][0]["vpdns"][0]
    vpdn["terminators"] = terms
    vpdn["load_balancing"] = True
    assert _lb_issues(mixed) == []


def test_a_repeat_without_load_balancing_is_no_load_balancing_issue(mixed: dict) -> None:
    vpdn = mixed["auth_units"][0]["vpdns"][0]
    vpdn["terminators"] = ["61.200.10.30", "61.200.10.30"]
    vpdn["load_balancing"] = False
    assert _lb_issues(mixed) == []


def test_choices_on_load_balancing_count_distinct_terminators(mixed: dict) -> None:
    vpdn = mixed["auth_units"][0]["vpdns"][0]
    vpdn["terminators"] = ["61.200.10.30", "61.200.10.30"]
    vpdn["load_balancing"] = False
    lb = by_value(choices(mixed, "/auth_units/0/vpdns/0/load_balancing"))
    assert lb[False].allowed and not lb[True].allowed
    assert lb[True].citation == "第7条第2項第1号" and "同じ装置" in lb[True].reason


# --- the value in place carries the rules it breaks ---------------------------------------------------

def test_current_vpdn_item_carries_its_prerequisite(mixed: dict) -> None:
    """認証 第5条第2項: type D needs IIJ Mobile type D of category I; the order has category II."""
    mixed["auth_units"][0]["vpdns"][0]["mobile"] = {"service": "type_d", "category": "II"}
    assert "auth.vpdn.type_d.prerequisite" in {i.rule for i in validate(mixed)}
    items = by_value(choices(mixed, "/auth_units/0/vpdns/0/item"))
    current = items["type_d"]
    assert [i.rule for i in current.consequences] == ["auth.vpdn.type_d.prerequisite"]
    assert current.consequences[0].citation == "第3条, 第5条第2項"
    assert current.consequences[0].path == "/auth_units/0/vpdns/0/mobile"
    assert [i.rule for i in items["type_k"].consequences] == ["auth.vpdn.type_k.prerequisite"]


def test_current_device_carries_the_option_it_does_not_take(mixed: dict) -> None:
    """VPN 第17条第2項第4号: the rack mount kit only on designated devices; C1121-8P is not one."""
    mixed["vpn_networks"][0]["children"][0]["options"]["rack_mount_kit"] = True  # a C1121-8P
    assert "vpn.option.rack_mount_kit.device" in {i.rule for i in validate(mixed)}
    devices = by_value(choices(mixed, "/vpn_networks/0/children/0/device"))
    current = devices["c1121_8p"]
    assert current.allowed
    assert [i.rule for i in current.consequences] == ["vpn.option.rack_mount_kit.device"]
    assert current.consequences[0].citation == "第17条第2項第4号"
    # a router that takes the kit does not break it (it breaks the additional license instead)
    assert "vpn.option.rack_mount_kit.device" not in {i.rule for i in devices["isr4351"].consequences}


def test_a_problem_no_value_of_the_field_changes_is_nobodys_consequence(mixed: dict) -> None:
    mixed["auth_units"][0]["setup_acknowledged"] = False
    mixed["auth_units"][0]["vpdns"][0]["mobile"] = {"service": "type_d", "category": "II"}
    for c in choices(mixed, "/auth_units/0/vpdns/0/item"):
        assert "auth.setup.acknowledged" not in {i.rule for i in c.consequences}


def test_a_clean_current_value_has_no_consequence(mixed: dict) -> None:
    assert by_value(choices(mixed, "/auth_units/0/vpdns/0/item"))["type_d"].consequences == ()
    assert by_value(choices(mixed, "/vpn_networks/0/children/0/device"))["c1121_8p"].consequences == ()
