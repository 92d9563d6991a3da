"""Choices with reasons: what the wizard greys out, and why."""

from __future__ import annotations

from typing import Any

import pytest

from configurator.tariff.choices import NoChoices, choices


def by_value(result: list[Any]) -> dict[Any, Any]:
    return {c.value: c for c in result}


def test_additional_license_is_disabled_on_an_891fj_citing_article_17(mixed: dict) -> None:
    mixed["vpn_networks"][0]["children"][0]["device"] = "c891fj"
    mixed["vpn_networks"][0]["children"][0]["options"]["additional_license"] = False
    result = by_value(choices(mixed, "/vpn_networks/0/children/0/options/additional_license"))
    assert result[False].allowed
    assert not result[True].allowed
    assert result[True].rule == "vpn.option.additional_license.device"
    assert result[True].citation == "第17条第2項第7号"
    assert "C1121-8P" in result[True].reason


def test_additional_license_is_allowed_on_a_c1121(mixed: dict) -> None:
    result = by_value(choices(mixed, "/vpn_networks/0/children/0/options/additional_license"))
    assert result[True].allowed


def test_switches_are_not_vpn_devices_but_are_private_switches(mixed: dict) -> None:
    devices = by_value(choices(mixed, "/vpn_networks/0/parent/device"))
    assert not devices["c1000_24t_4g_l"].allowed
    assert devices["c1000_24t_4g_l"].rule == "vpn.device.valid"
    assert devices["isr4351"].allowed
    switch = by_value(choices(mixed, "/vpn_networks/0/parent/options/private_switch"))
    assert switch[None].allowed and switch["c9300l_24t_4g_a"].allowed
    assert not switch["isr4351"].allowed
    assert switch["isr4351"].rule == "vpn.option.private_switch.device"


def test_changing_device_lists_the_options_it_would_break(mixed: dict) -> None:
    devices = by_value(
        choices(mixed, "/vpn_networks/0/children/0/device")
    )  # c1121_8p with additional license
    assert devices["isr4351"].allowed
    assert [i.rule for i in devices["isr4351"].consequences] == ["vpn.option.additional_license.device"]
    assert devices["c1121_8p"].consequences == ()


def test_sfp_counts_are_disabled_where_the_device_takes_none(mixed: dict) -> None:
    result = choices(mixed, "/vpn_networks/0/children/1/options/sfp_module")  # c891fj
    assert result[0].value == 0 and result[0].allowed
    assert all(not c.allowed and c.rule == "vpn.option.sfp_module.device" for c in result[1:])


def test_terms_and_maintenance(mixed: dict) -> None:
    assert [c.value for c in choices(mixed, "/vpn_networks/0/parent/term_years")] == [1, 3]
    maint = by_value(choices(mixed, "/vpn_networks/0/maintenance"))
    assert maint["type2"].allowed
    assert not maint["type1"].allowed and "平成22年" in maint["type1"].reason


def test_closed_monitoring_is_not_an_item_on_its_own(mixed: dict) -> None:
    items = by_value(choices(mixed, "/vpn_networks/0/item"))
    assert all(
        items[k].allowed for k in ("single_star_single_edge", "dual_star_dual_edge", "dual_star_single_edge")
    )
    assert not items["closed_monitoring"].allowed


def test_vpdn_items_under_the_large_scale_gateway(mixed: dict) -> None:
    mixed["auth_units"][0]["large_scale_private_gateway"] = True
    items = by_value(choices(mixed, "/auth_units/0/vpdns/0/item"))
    assert items["type_d"].allowed
    assert not items["type_i"].allowed and items["type_i"].rule == "auth.large_scale_gateway.type_i"
    assert items["type_i"].citation == "第13条第3項"
    assert not items["type_k"].allowed and items["type_k"].citation == "第13条第4項"


def test_load_balancing_needs_two_terminators(mixed: dict) -> None:
    mixed["auth_units"][0]["vpdns"][0]["terminators"] = ["192.0.2.20"]
    mixed["auth_units"][0]["vpdns"][0]["load_balancing"] = False
    lb = by_value(choices(mixed, "/auth_units/0/vpdns/0/load_balancing"))
    assert lb[False].allowed and not lb[True].allowed
    assert "2台以上" in lb[True].reason


def test_every_disallowed_choice_has_a_reason(mixed: dict) -> None:
    pointers = [
        "/vpn_networks/0/item",
        "/vpn_networks/0/maintenance",
        "/vpn_networks/0/parent/device",
        "/vpn_networks/0/parent/term_years",
        "/vpn_networks/0/parent/country",
        "/vpn_networks/0/parent/internet/provider",
        "/vpn_networks/0/parent/internet/connection",
        *[
            f"/vpn_networks/0/children/1/options/{k}"
            for k in (
                "onsite_installation",
                "cold_standby",
                "private_switch",
                "rack_mount_kit",
                "sfp_module",
                "vpn_module",
                "additional_license",
            )
        ],
        "/auth_units/0/vpdns/0/item",
        "/auth_units/0/vpdns/0/mobile/category",
        "/auth_units/0/vpdns/0/load_balancing",
        "/auth_units/0/large_scale_private_gateway",
    ]
    for ptr in pointers:
        result = choices(mixed, ptr)
        assert any(c.allowed for c in result), ptr  # never trapped
        for c in result:
            if not c.allowed:
                assert c.rule and c.reason and c.citation, (ptr, c)


def test_free_text_fields_have_no_choices(mixed: dict) -> None:
    with pytest.raises(NoChoices):
        choices(mixed, "/vpn_networks/0/parent/name")
    with pytest.raises(NoChoices):
        choices(mixed, "/customer/name")


def test_choices_do_not_change_the_order(mixed: dict) -> None:
    import copy

    before = copy.deepcopy(mixed)
    choices(mixed, "/vpn_networks/0/parent/device")
    choices(mixed, "/auth_units/0/vpdns/0/item")
    assert mixed == before
