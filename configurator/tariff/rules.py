"""The rule engine: every rule of tariff-rules.md, run over an order.

`validate(order)` reports every issue at once. Each issue carries its rule id, severity, the JSON
pointer of the field at fault, a Japanese message (and English) that says what to change, the
article it cites, and, where the repair is obvious, suggestions that can be applied as a patch.

The rules themselves are functions in configurator.tariff.checks, declared in a registry by scope
(order, VPN network, site, LAN subnet, auth unit, proxy, VPDN; change and cancellation orders), so
that `choices` can ask "what if this field had that value" of one scope (`check_scope`) without
revalidating the whole order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from configurator.gcpause import gc_paused
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.checks import form as _form  # noqa: F401 - declares what the form needs filled in
from configurator.tariff.checks import order as _order  # noqa: F401 - declares every new-order rule
from configurator.tariff.checks.addresses import address as _address
from configurator.tariff.checks.addresses import is_realm
from configurator.tariff.checks.addresses import subnet as _subnet
from configurator.tariff.checks.registry import (
    ALL_RULES,
    CANCEL,
    CHANGE,
    CHANGE_SITE,
    ERROR,
    FORM,
    FORM_RULES,
    NO_ARTICLE,
    ORDER,
    WARNING,
    Issue,
    Rule,
    Suggestion,
    check_scope,
    rule,
)

__all__ = ["ERROR", "FORM_RULES", "NO_ARTICLE", "RULES", "WARNING", "Issue", "Rule", "Suggestion", "_address",
           "_subnet", "check_scope", "form_issues", "has_errors", "is_realm", "rule", "validate"]

#: The rules of new orders (every rule of tariff-rules.md but those of change and cancellation orders),
#: keyed by their stable ids.
RULES: dict[str, Rule] = {
    rid: r for rid, r in ALL_RULES.items() if not set(r.scopes) & {CHANGE, CHANGE_SITE, CANCEL}
}


def validate(
    order: dict[str, Any],
    price_book: Any = None,
    cat: Catalogue | None = None,
    source: str | bytes | None = None,
) -> list[Issue]:
    """Every issue of the order, in document order. `price_book` enables the price-book rules.
    `source`, the JSON text the order was just read from (the command line has it), spares the check
    of printable characters writing the order out again for its first look.

    Validation makes no reference cycles, so the cyclic garbage collector is paused while it runs:
    otherwise a full collection over a 10,000-site document, triggered by the small tuples made
    here, can double the time of one validation (measured: tests/benchmarks).
    """
    from configurator.tariff.checks.printing import unprintable_issues

    with gc_paused():
        issues = check_scope(ORDER, order, "", cat or catalogue(), price_book)
        return issues + unprintable_issues(order, source=source)


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == ERROR for i in issues)


def form_issues(order: dict[str, Any], cat: Catalogue | None = None) -> list[Issue]:
    """What the application form needs filled in and the order lacks (configurator.tariff.checks.form):
    not tariff rules, so apart from validate() and never making the order invalid."""
    return check_scope(FORM, order, "", cat=cat)


#: the documents an error of the application form (form.*: a site without a name, address or LAN, a
#: postal code that is not 7 digits) stops from being issued: the 申込書 could not be accepted
FORM_CHECKED_KINDS = ("form",)


def issue_stoppers(kind: str, issues: Iterable[Issue], form: Iterable[Issue] = ()) -> list[Issue]:
    """What stops document `kind` ("quote", "form") from being issued (made other than as a 下書き): the
    order's rule errors (`issues`, validate()), and for the 申込書 the errors of the form (`form`,
    form_issues()). The command line and the wizard both ask this; a draft is made whatever it says."""
    stoppers = [i for i in issues if i.severity == ERROR]
    if kind in FORM_CHECKED_KINDS:
        stoppers += [i for i in form if i.severity == ERROR]
    return stoppers
