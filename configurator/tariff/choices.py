"""Choices with reasons: for a field of an order, which values are allowed now and why not the others.

The answer is derived from the rule engine itself: each candidate value is put into a copy of the
field's scope (site, network or auth unit) and that scope's rules are run. An issue at the field
itself makes the value disallowed (its rule and message are the reason); issues it would raise
elsewhere are listed as consequences, so the user sees them before choosing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from configurator.order.patch import apply_patch, get
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.checks.registry import NETWORK, SITE, UNIT
from configurator.tariff.rules import Issue, check_scope


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str
    allowed: bool
    rule: str | None = None
    reason: str | None = None
    reason_en: str | None = None
    citation: str | None = None
    consequences: tuple[Issue, ...] = field(default=())
    label_en: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.label,
            "allowed": self.allowed,
            "rule": self.rule,
            "reason": self.reason,
            "citation": self.citation,
            "consequences": [i.to_json() for i in self.consequences],
        }


class NoChoices(KeyError):
    """The field is free text or unknown: it has no list of choices."""


class NoPlace(NoChoices):
    """The field would have choices, but the order has no such site, network or unit (`scope`)."""

    def __init__(self, pointer: str, scope: str) -> None:
        super().__init__(pointer)
        self.scope = scope


_SITE = re.compile(r"^(/vpn_networks/\d+/(?:parent|children/\d+))(/.+)$")
_NET = re.compile(r"^(/vpn_networks/\d+)(/item|/maintenance|/closed_monitoring/enabled)$")
_UNIT = re.compile(r"^(/auth_units/\d+)(/.+)$")


def choices(order: dict[str, Any], ptr: str, cat: Catalogue | None = None) -> list[Choice]:
    """The choices of the field at JSON pointer `ptr`, each allowed or with its rule and reason."""
    cat = cat or catalogue()
    m = _SITE.match(ptr)
    if m:
        return _scoped(
            order,
            m.group(1),
            m.group(2),
            _site_candidates(cat, m.group(2), get(order, m.group(1))),
            SITE,
            cat,
        )
    m = _NET.match(ptr)
    if m:
        return _scoped(order, m.group(1), m.group(2), _net_candidates(cat, m.group(2)), NETWORK, cat)
    m = _UNIT.match(ptr)
    if m:
        unit = get(order, m.group(1))
        return _scoped(order, m.group(1), m.group(2), _unit_candidates(cat, m.group(2), unit), UNIT, cat)
    raise NoChoices(ptr)


def _scoped(
    order: dict[str, Any],
    scope_ptr: str,
    rel: str,
    candidates: list[tuple[Any, ...]],
    scope_name: str,
    cat: Catalogue,
) -> list[Choice]:
    scope = get(order, scope_ptr)
    if not isinstance(scope, dict):
        raise NoPlace(scope_ptr + rel, scope_ptr)
    field_ptr = scope_ptr + rel
    before = {(i.rule, i.path) for i in check_scope(scope_name, scope, scope_ptr, cat)}
    trials = []
    for value, label, *rest in candidates:
        trial = apply_patch(scope, [{"op": "replace", "path": rel, "value": value}])
        trials.append(
            (value, label, rest[0] if rest else label, check_scope(scope_name, trial, scope_ptr, cat))
        )
    # An issue is a consequence of a value unless it stands whatever the value: present now and with
    # every candidate. So the value in place carries the rules it breaks, as any other value does.
    regardless = set(before)
    for *_v, issues in trials:
        regardless &= {(i.rule, i.path) for i in issues}
    out = []
    for value, label, label_en, issues in trials:
        at_field = [
            i for i in issues if i.is_error and (i.path == field_ptr or i.path.startswith(field_ptr + "/"))
        ]
        others = tuple(i for i in issues if i not in at_field and (i.rule, i.path) not in regardless)
        if at_field:
            first = at_field[0]
            out.append(
                Choice(
                    value,
                    label,
                    False,
                    first.rule,
                    first.message,
                    first.message_en,
                    first.citation,
                    others,
                    label_en,
                )
            )
        else:
            out.append(Choice(value, label, True, consequences=others, label_en=label_en))
    return out


def _site_candidates(cat: Catalogue, rel: str, site: Any) -> list[tuple[Any, ...]]:
    devices = cat.devices
    if rel == "/device":
        return [(d.id, d.name) for d in devices.values()]
    if rel == "/term_years":
        return [(t, f"{t}年", f"{t} year{'s' if t > 1 else ''}") for t in cat.term_years]
    if rel == "/country":
        return [("JP", "日本", "Japan")]
    if rel == "/internet/provider":
        return [("iij", "IIJのサービス", "IIJ service"), ("other", "他社の回線", "Another provider")]
    if rel == "/internet/connection":
        return [(k, v["name"], v.get("name_en", v["name"])) for k, v in cat.connection_types.items()]
    if rel == "/options/private_switch":
        return [(None, "なし", "None")] + [(d.id, d.name) for d in devices.values()]
    if rel.startswith("/options/"):
        key = rel.split("/")[2]
        spec = cat.vpn_options.get(key)
        if spec is None:
            raise NoChoices(rel)
        if spec["value"] == "count":
            return [(n, f"{n}個", str(n)) for n in range(int(spec.get("ui_max_count", 8)) + 1)]
        return [(False, "なし", "No"), (True, "あり", "Yes")]
    raise NoChoices(rel)


def _net_candidates(cat: Catalogue, rel: str) -> list[tuple[Any, ...]]:
    if rel == "/item":
        cm = cat.vpn["closed_monitoring"]
        return [(k, v["name"], v["name_en"]) for k, v in cat.vpn_items.items()] + [
            (cm["id"], cm["name"], cm["name_en"])
        ]
    if rel == "/maintenance":
        return [(k, v["name"], v["name_en"]) for k, v in cat.maintenance_types.items()]
    return [(False, "なし", "No"), (True, "あり", "Yes")]


def _unit_candidates(cat: Catalogue, rel: str, unit: Any) -> list[tuple[Any, ...]]:
    if re.fullmatch(r"/vpdns/\d+/item", rel):
        return [(k, v["name"], v["name_en"]) for k, v in cat.vpdn_items.items()]
    m = re.fullmatch(r"/vpdns/\d+/mobile/(service|category|plan|network_type)", rel)
    if m:
        key = m.group(1)
        if key == "service":
            return [(v["mobile_service"], v["mobile_service_name"]) for v in cat.vpdn_items.values()]
        return list(cat.auth["mobile_values"][key].items())
    if re.fullmatch(r"/vpdns/\d+/load_balancing", rel) or rel in (
        "/large_scale_private_gateway",
        "/setup_acknowledged",
    ):
        return [(False, "なし", "No"), (True, "あり", "Yes")]
    raise NoChoices(rel)


@lru_cache(maxsize=1024)
def option_choice(device: str | None, option: str, value: Any = True) -> Choice:
    """Whether `option` may take `value` on a site with `device` (the rule engine's own answer, cached
    per device): for fast greying out of option cells in a table of hundreds of sites."""
    site = {
        "id": "probe",
        "device": device,
        "term_years": 1,
        "country": "JP",
        "internet": {"provider": "iij"},
        "options": {option: value},
    }
    doc = {"vpn_networks": [{"id": "n", "parent": site, "children": []}]}
    result = choices(doc, f"/vpn_networks/0/parent/options/{option}")
    for c in result:
        if c.value == value:
            return c
    return Choice(value, str(value), False, None, "選べない値です。", "Not a choice.", None)
