"""What change and cancellation orders share: their formats, the envelope around the contracted order,
dates read from the document, and the sites of an order by id.

A contracted order is an iij-order/1 document with `"contracted": true` and, on each contract, its
billing start date (課金開始日, `billing_start`); a site may name its contractor (`contractor`) and the
billing start of each option (`options_billing_start`); a VPDN the billing start of its load balancing
(`load_balancing_billing_start`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from configurator.errors import MalformedOrder
from configurator.order.document import check as check_order
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue
from configurator.tariff.rules import Issue, Suggestion

CHANGE_FORMAT = "iij-change/1"
CANCEL_FORMAT = "iij-cancel/1"


def read_date(doc: dict[str, Any], key: str, where: str, where_en: str = "") -> dt.date | None:
    """The date at `doc[key]`, None when absent; a malformed date is a malformed document, told with
    `where` in Japanese and `where_en` (else the key) in English."""
    value = doc.get(key)
    if value in (None, ""):
        return None
    try:
        return calc.parse_date(str(value), where)
    except calc.CalcError as exc:
        en = f"The {where_en or key} {str(value)!r} is not a real date in YYYY-MM-DD (e.g. 2026-11-22)."
        raise MalformedOrder(exc.message, en, pointer=f"/{key}") from None


def check_envelope(doc: Any, fmt: str, source: str | None, schema: bool = True) -> dict[str, Any]:
    """The document if it has format `fmt` and a contracted order as "base", else MalformedOrder."""
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise MalformedOrder(
            f'"format" が "{fmt}" ではありません。',
            f'"format" must be "{fmt}".',
            pointer="/format",
            source=source,
        )
    base = doc.get("base")
    if not isinstance(base, dict):
        raise MalformedOrder(
            "契約中の注文 \"base\" がありません。",
            '"base" (the contracted order) is missing.',
            pointer="/base",
            source=source,
        )
    if schema:
        check_order(base, source=source)
    if not base.get("contracted"):
        raise MalformedOrder(
            "\"base\" は契約済みの注文ではありません(\"contracted\": true と課金開始日が必要です)。",
            "The base order is not marked as contracted.",
            pointer="/base/contracted",
            source=source,
        )
    return doc


@dataclass(frozen=True)
class SiteAt:
    """A VPN site where it stands in an order."""

    pointer: str
    site: dict[str, Any]
    network: dict[str, Any]
    kind: str  # "parent_site" or "child_site"


def sites_by_id(order: dict[str, Any]) -> dict[str, SiteAt]:
    """Every VPN site of an order by id, in document order."""
    out: dict[str, SiteAt] = {}
    for i, net in enumerate(order.get("vpn_networks") or []):
        if net.get("parent"):
            out[net["parent"]["id"]] = SiteAt(f"/vpn_networks/{i}/parent", net["parent"], net, "parent_site")
        for j, child in enumerate(net.get("children") or []):
            out[child["id"]] = SiteAt(f"/vpn_networks/{i}/children/{j}", child, net, "child_site")
    return out


def devices_at(site: SiteAt, cat: Catalogue, default: int = 0) -> int:
    """The VPN devices of a site, from its network's item (第2条); `default` without a known item."""
    item = site.network.get("item")
    if item not in cat.vpn_items:
        return default
    return cat.devices_per_site(item, parent=site.kind == "parent_site")


def device_pairs(cat: Catalogue, role: str) -> set[tuple[str, str]]:
    """The device type changes the company allows (別紙4) for routers or switches."""
    return {(a, b) for a, b in cat.vpn["device_change_pairs"][role]}


def under(prefix: str, issue: Issue) -> Issue:
    """An issue of an order embedded at `prefix` (e.g. "/proposed"), its path and patches moved under it."""
    return Issue(
        issue.rule,
        issue.severity,
        prefix + issue.path,
        issue.message,
        issue.message_en,
        issue.citation,
        issue.tariff,
        tuple(
            Suggestion(s.label, s.label_en, tuple({**op, "path": prefix + op["path"]} for op in s.patch))
            for s in issue.suggestions
        ),
    )
