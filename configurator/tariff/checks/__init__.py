"""The rules of both tariffs, one function each, in a registry by scope (see registry.py).

Importing this package declares every rule: `vpn` and `auth` for new orders, `order` for the whole
order and the order the scopes run in; the change and cancellation rules are declared by
configurator.lifecycle.rules in the same registry.
"""

from configurator.tariff.checks import order as _order  # noqa: F401 - declares every new-order rule
