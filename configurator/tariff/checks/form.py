"""What the application form (申込書) needs filled in beyond the tariffs: a name, an installation address
and a LAN for every VPN site, and the contractor's address and phone.

These are not articles of the tariffs, so they are not in validate() nor in tariff-rules.md: their ids
start "form.", they cite no article, and form_issues() runs them (the wizard shows them beside the
rule findings, `validate` prints them). A site without a name, address or LAN is an error of the form
(it cannot be processed); a customer without address or phone a warning (a quote can go out, the form
needs them before it is sent). A postal code (郵便番号) of a site or of the customer that is not 7 digits
(NNN-NNNN) is an error: the form would print it as it is ("〒12-345") and could not be accepted; an
empty one is left for handwriting. An error of the form stops an issued 申込書 as a rule error does
(configurator.tariff.rules.issue_stoppers: the command line and the wizard), not a 下書き nor the quote;
a warning stops nothing (a blank is left for handwriting)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from configurator.tariff.checks.registry import ERROR, FORM, WARNING, Check, quiet, rule, shown
from configurator.text.jpinput import postal_code_whole


def _blank(value: Any) -> bool:
    return not (isinstance(value, str) and value.strip())


def _sites(order: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int, int | None]]:
    """Every VPN site with its network's index and its index among the children (None: the parent);
    the pointer is made by _at only for a site reported (5,000 sites: 15,000 strings not made)."""
    for i, net in enumerate(order.get("vpn_networks") or ()):
        if not isinstance(net, dict):
            continue
        if isinstance(net.get("parent"), dict):
            yield net["parent"], i, None
        for j, child in enumerate(net.get("children") or ()):
            if isinstance(child, dict):
                yield child, i, j


def _at(i: int, j: int | None) -> str:
    return f"/vpn_networks/{i}/parent" if j is None else f"/vpn_networks/{i}/children/{j}"


def _customer(order: dict[str, Any]) -> dict[str, Any]:
    customer = order.get("customer")
    return customer if isinstance(customer, dict) else {}


@rule("form.site.name", ERROR, scope=FORM, tariff=None, article="—")
def site_name(c: Check, order: dict[str, Any], p: str) -> None:
    """Every VPN site has a name (拠点名): the form lists the sites by it."""
    for site, i, j in _sites(order):
        if _blank(site.get("name")):
            c.report(
                _at(i, j) + "/name",
                "拠点名が空です。申込書は拠点を名前で記載します。拠点名を入力してください。",
                "The site has no name; the application form lists every site by its name. Enter one.",
            )


@rule("form.site.address", ERROR, scope=FORM, tariff=None, article="—")
def site_address(c: Check, order: dict[str, Any], p: str) -> None:
    """Every VPN site has its installation address (設置場所の住所)."""
    for site, i, j in _sites(order):
        if _blank(site.get("address")):
            c.report(
                _at(i, j) + "/address",
                "設置場所の住所が空です。申込書には機器を設置する住所が必要です。",
                "The installation address is empty; the application form needs where the device goes.",
            )


@rule("form.site.lan", ERROR, scope=FORM, tariff=None, article="—")
def site_lan(c: Check, order: dict[str, Any], p: str) -> None:
    """Every VPN site has at least one LAN subnet (the VPN routes between the sites' LANs)."""
    for site, i, j in _sites(order):
        lan = site.get("lan")
        if not isinstance(lan, list) or not [x for x in lan if not _blank(x)]:
            c.report(
                _at(i, j) + "/lan",
                "LANが空です。拠点のLAN(例: 10.1.0.0/24)を1つ以上入力してください。",
                "The site has no LAN; enter at least one subnet (e.g. 10.1.0.0/24).",
            )


#: a postal code as the app stores it (NNN-NNNN): the quiet check's fast path, no normalising
_WHOLE = re.compile(r"\d{3}-\d{4}", re.ASCII)


def _postal_at_fault(value: Any) -> bool:
    """A postal code the form cannot print as 〒NNN-NNNN; an empty one (or none) is not at fault."""
    if value is None or (type(value) is str and not value.strip()):
        return False
    return not (type(value) is str and postal_code_whole(value))


_POSTAL_EXAMPLE = "530-0001"


@rule("form.site.postal_code", ERROR, scope=FORM, tariff=None, article="—")
def site_postal_code(c: Check, order: dict[str, Any], p: str) -> None:
    """A VPN site's postal code, when given, is 7 digits (NNN-NNNN): the form prints it after 〒."""
    for site, i, j in _sites(order):
        code = site.get("postal_code")
        if _postal_at_fault(code):
            name = next((shown(v) for v in (site.get("name"), site.get("id")) if not _blank(v)), "")
            c.report(
                _at(i, j) + "/postal_code",
                (f"拠点「{name}」の" if name else "拠点の")
                + f"郵便番号「{shown(code)}」は7桁(例: {_POSTAL_EXAMPLE})で入力してください。",
                f"The postal code 「{shown(code)}」 of site " + (f"「{name}」 " if name else "")
                + f"must be 7 digits (e.g. {_POSTAL_EXAMPLE}); correct it.",
            )


@rule("form.customer.postal_code", ERROR, scope=FORM, tariff=None, article="—")
def customer_postal_code(c: Check, order: dict[str, Any], p: str) -> None:
    """The customer's postal code, when given, is 7 digits (NNN-NNNN): the form prints it after 〒."""
    code = _customer(order).get("postal_code")
    if _postal_at_fault(code):
        c.report(
            "/customer/postal_code",
            f"お客様の郵便番号「{shown(code)}」は7桁(例: {_POSTAL_EXAMPLE})で入力してください。",
            f"The customer's postal code 「{shown(code)}」 must be 7 digits (e.g. {_POSTAL_EXAMPLE}); "
            "correct it.",
        )


@rule("form.customer.address", WARNING, scope=FORM, tariff=None, article="—")
def customer_address(c: Check, order: dict[str, Any], p: str) -> None:
    """The customer (contractor) has an address: the application form asks for it."""
    if _blank(_customer(order).get("address")):
        c.report(
            "/customer/address",
            "お客様の住所が空です。申込書を送る前に入力してください。",
            "The customer's address is empty; the application form needs it before it is sent.",
        )


@rule("form.customer.phone", WARNING, scope=FORM, tariff=None, article="—")
def customer_phone(c: Check, order: dict[str, Any], p: str) -> None:
    """The customer (contractor) has a phone number: the application form asks for it."""
    if _blank(_customer(order).get("phone")):
        c.report(
            "/customer/phone",
            "お客様の電話番号が空です。申込書を送る前に入力してください。",
            "The customer's phone number is empty; the application form needs it before it is sent.",
        )


@quiet(
    FORM,
    covers=(
        site_name, site_address, site_lan, site_postal_code, customer_postal_code, customer_address,
        customer_phone,
    ),
)
def form_filled(c: Check, order: Any) -> bool:
    """True only when none of the checks above reports anything: every site has a name, an address and
    a LAN, the customer an address and a phone, and every postal code given is 7 digits; one pass over
    the sites instead of one per check."""
    if not isinstance(order, dict):
        return False
    customer = _customer(order)
    if _blank(customer.get("address")) or _blank(customer.get("phone")):
        return False
    if _postal_at_fault(customer.get("postal_code")):
        return False
    for site, _i, _j in _sites(order):
        name, address, lan = site.get("name"), site.get("address"), site.get("lan")
        if not (type(name) is str and name.strip() and type(address) is str and address.strip()):
            return False
        code = site.get("postal_code")
        if code is not None and not (type(code) is str and _WHOLE.fullmatch(code)) and _postal_at_fault(code):
            return False
        if type(lan) is not list:
            return False
        for text in lan:
            if type(text) is str and text.strip():
                break
        else:
            return False
    return True
