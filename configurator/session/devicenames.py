"""Device names as a salesperson types them (８９１ＦＪ, Cisco　891FJ, シスコ891FJ, C892FSP-K9, C1121) →
the catalogue's device id. The spellings are data: resources/device-aliases.json."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from configurator.paths import resource
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.text.i18n import _, pick


class UnknownDevice(ValueError):
    pass


@cache
def alias_data() -> dict[str, Any]:
    with open(resource("device-aliases.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


_SQUASH = re.compile(r"[\s\-‐‑–—―−ー_./・]+")


def _squash(text: str) -> str:
    """NFKC, upper case, without spaces, hyphens, dots and slashes."""
    return _SQUASH.sub("", unicodedata.normalize("NFKC", text)).upper()


@cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = alias_data()
    return (
        tuple(sorted((_squash(x) for x in data["ignore_prefixes"]), key=len, reverse=True)),
        tuple(sorted((_squash(x) for x in data["ignore_suffixes"]), key=len, reverse=True)),
    )


def device_key(text: str) -> str:
    """A typed device name as it is compared: squashed, without the maker's and series' prefixes
    (Cisco Catalyst …) and one suffix (-K9)."""
    t = _squash(text)
    prefixes, suffixes = _affixes()
    stripped = True
    while stripped:
        stripped = False
        for p in prefixes:
            if t.startswith(p) and len(t) > len(p):
                t, stripped = t[len(p) :], True
                break
    for s in suffixes:
        if t.endswith(s) and len(t) > len(s):
            t = t[: -len(s)]
            break
    return t


@cache
def _table(cat: Catalogue) -> dict[str, set[str]]:
    data = alias_data()
    table: dict[str, set[str]] = {}
    for dev in cat.devices.values():
        for spelling in (dev.id, dev.name, *data["aliases"].get(dev.id, ())):
            table.setdefault(device_key(spelling), set()).add(dev.id)
    return table


def device_id(text: str, cat: Catalogue | None = None) -> str | None:
    """The catalogue id of a typed device name; None for an empty cell. Raises UnknownDevice (Japanese
    message naming the devices that can be typed) for a name that is not in the catalogue or is ambiguous."""
    if not (text or "").strip():
        return None
    return _device_id(text, cat or catalogue())


@lru_cache(maxsize=1024)
def _device_id(text: str, cat: Catalogue) -> str:
    """(a sheet names few devices in many rows: each spelling is looked up once)"""
    ids = _table(cat).get(device_key(text))
    if ids and len(ids) == 1:
        return next(iter(ids))
    sep = pick("、", ", ")  # the message in the UI's language (a raised error is never kept by the cache)
    if ids:
        names = sep.join(cat.device_name(i) for i in sorted(ids))
        raise UnknownDevice(_('機器「{text}」はどれか決まりません({names})').format(text=text, names=names))
    names = sep.join(d.name for d in cat.devices.values())
    raise UnknownDevice(
        _('機器「{text}」は機器種別にありません(使える機器: {names})').format(text=text, names=names)
    )
