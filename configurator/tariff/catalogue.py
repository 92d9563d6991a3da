"""The catalogue: tariff facts of both services as data (resources/catalogue.json).

Everything the tariffs leave to 当社指定 (designated maximum of child sites, which device takes
which option, allowed device changes) is read from the data file, never written in code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from configurator.paths import resource

ROUTER = "router"
SWITCH = "switch"


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    role: str
    options: frozenset[str]


@dataclass(frozen=True, eq=False)
class Catalogue:
    data: dict[str, Any] = field(repr=False)

    # --- both -----------------------------------------------------------------------------
    @cached_property
    def version(self) -> str:
        return str(self.data["version"])

    def tariff(self, service: str) -> dict[str, Any]:
        t: dict[str, Any] = self.data["tariffs"][service]
        return t

    # --- vpn ------------------------------------------------------------------------------
    @cached_property
    def vpn(self) -> dict[str, Any]:
        v: dict[str, Any] = self.data["vpn"]
        return v

    @cached_property
    def auth(self) -> dict[str, Any]:
        a: dict[str, Any] = self.data["auth"]
        return a

    @cached_property
    def max_child_sites(self) -> int:
        return int(self.vpn["max_child_sites"]["value"])

    @cached_property
    def vpn_items(self) -> dict[str, dict[str, Any]]:
        items: dict[str, dict[str, Any]] = self.vpn["items"]
        return items

    def devices_per_site(self, item: str, parent: bool) -> int:
        entry = self.vpn_items[item]
        return int(entry["devices_at_parent"] if parent else entry["devices_at_child"])

    @cached_property
    def devices(self) -> dict[str, Device]:
        return {
            key: Device(key, str(v["name"]), str(v["role"]), frozenset(v.get("options", [])))
            for key, v in self.vpn["devices"].items()
        }

    def routers(self) -> list[str]:
        return list(self._routers)

    def switches(self) -> list[str]:
        return list(self._switches)

    @cached_property
    def _routers(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.devices.values() if d.role == ROUTER)

    @cached_property
    def _switches(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.devices.values() if d.role == SWITCH)

    def device_name(self, device_id: str | None) -> str:
        if device_id is None:
            return "(未選択)"
        d = self.devices.get(device_id)
        return d.name if d else str(device_id)

    def devices_taking(self, option: str) -> list[str]:
        return [d.id for d in self.devices.values() if d.role == ROUTER and option in d.options]

    @cached_property
    def vpn_options(self) -> dict[str, dict[str, Any]]:
        opts: dict[str, dict[str, Any]] = self.vpn["options"]
        return opts

    @cached_property
    def maintenance_types(self) -> dict[str, dict[str, Any]]:
        m: dict[str, dict[str, Any]] = self.vpn["maintenance_types"]
        return m

    @cached_property
    def term_years(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.vpn["term_years"]["values"])

    @cached_property
    def domestic_countries(self) -> frozenset[str]:
        return frozenset(self.vpn["countries"]["domestic"])

    @cached_property
    def connection_types(self) -> dict[str, dict[str, Any]]:
        c: dict[str, dict[str, Any]] = self.vpn["internet_connection_types"]
        return c

    # --- auth -----------------------------------------------------------------------------
    @cached_property
    def vpdn_items(self) -> dict[str, dict[str, Any]]:
        v: dict[str, dict[str, Any]] = self.auth["vpdn_items"]
        return v

    def auth_min_term_months(self, kind: str) -> int:
        return int(self.auth["kinds"][kind]["min_term_months"])

    @cached_property
    def load_balancing_min_terminators(self) -> int:
        return int(self.auth["options"]["load_balancing"]["min_terminators"])


def load_catalogue(path: Path | None = None) -> Catalogue:
    with open(path or resource("catalogue.json"), encoding="utf-8") as fh:
        return Catalogue(json.load(fh))


@cache
def catalogue() -> Catalogue:
    """The installed catalogue, read once."""
    return load_catalogue()
