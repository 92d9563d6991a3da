"""The whole order: its own rule, and the order in which the scopes run over it — the VPN networks
(each with its sites), their topology, the auth units, then the units together."""

from __future__ import annotations

from typing import Any

from configurator.tariff.checks import auth as _auth  # noqa: F401 - declares the auth rules
from configurator.tariff.checks import vpn as _vpn  # noqa: F401 - declares the vpn rules
from configurator.tariff.checks.registry import (
    AUTH_UNITS,
    ERROR,
    ORDER,
    TOPOLOGY,
    UNIT,
    VPN_NETWORK,
    Check,
    rule,
    visit,
)


@rule("order.empty", ERROR, scope=ORDER, tariff=None, article="—")
def order_empty(c: Check, order: dict[str, Any], p: str) -> None:
    """The order has at least one VPN network or one auth unit."""
    if not order.get("vpn_networks") and not order.get("auth_units"):
        c.report(
            "",
            "注文が空です。VPN網(マネージドVPN PRO)か認証の管理単位(認証アウトソース)を追加してください。",
            "The order is empty: add a VPN network or an authentication unit.",
        )


visit(
    ORDER,
    VPN_NETWORK,
    lambda order, p: ((net, f"/vpn_networks/{i}") for i, net in enumerate(order.get("vpn_networks") or ())),
)
visit(ORDER, TOPOLOGY, lambda order, p: ((order.get("vpn_networks") or [], "/vpn_networks"),))
visit(
    ORDER,
    UNIT,
    lambda order, p: ((unit, f"/auth_units/{i}") for i, unit in enumerate(order.get("auth_units") or ())),
)
visit(ORDER, AUTH_UNITS, lambda order, p: ((order.get("auth_units") or [], "/auth_units"),))
