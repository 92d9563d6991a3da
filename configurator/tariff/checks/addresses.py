"""Addresses as the rules read them: IPv4 subnets and addresses (fast paths, cached) and realms."""

from __future__ import annotations

import re
import socket
from functools import lru_cache
from ipaddress import AddressValueError, IPv4Address, IPv4Network, NetmaskValueError, ip_address, ip_network

#: RFC 1918 private space (第22条第2項) as (first, last) address integers.
PRIVATE = tuple(
    (int(n.network_address), int(n.broadcast_address))
    for n in (IPv4Network("10.0.0.0/8"), IPv4Network("172.16.0.0/12"), IPv4Network("192.168.0.0/16"))
)

_inet_aton = socket.inet_aton
_inet_ntoa = socket.inet_ntoa
_from_bytes = int.from_bytes
#: Prefix length as written (canonical: no leading zeros or signs) → number of addresses.
_PREFIX_SIZE = {str(n): 1 << (32 - n) for n in range(33)}

#: A LAN subnet as (first address, last address, canonical text), all IPv4.
Span = tuple[int, int, str]


def _quad(text: str) -> int | None:
    """A canonical dotted quad (no leading zeros, as ipaddress accepts them) as an integer, else None.

    The C parser, and a check that printing it back gives the same text: faster than a regular
    expression, and as strict (inet_aton alone also takes '10.1' or '0x0a.0.0.1')."""
    try:
        raw = _inet_aton(text)
    except (OSError, ValueError):
        return None
    return _from_bytes(raw, "big") if _inet_ntoa(raw) == text else None


@lru_cache(maxsize=1 << 16)
def subnet(text: str) -> Span | str:
    """An IPv4 subnet as a Span, or the reason it is not one: 'ipv6', 'host_bits' or 'invalid'.

    Canonical dotted quads take a fast path (this runs once per site on every edit); anything else
    is judged by the standard library's ipaddress, which the fast path agrees with.
    """
    addr, _sep, plen = text.partition("/")
    size = _PREFIX_SIZE.get(plen)
    start = _quad(addr) if size else None
    if start is not None and size:
        if start & (size - 1):
            return "host_bits"
        return (start, start + size - 1, text)
    try:
        net = ip_network(text, strict=True)
    except ValueError:
        try:
            net = ip_network(text, strict=False)
        except ValueError:
            return "invalid"
        return "ipv6" if net.version == 6 else "host_bits"
    if not isinstance(net, IPv4Network):
        return "ipv6"
    return (int(net.network_address), int(net.broadcast_address), str(net))


@lru_cache(maxsize=1 << 16)
def address(text: str) -> int | str:
    """An IPv4 address as an integer, or the reason it is not one: 'ipv6' or 'invalid'."""
    n = _quad(text)
    if n is not None:
        return n
    try:
        addr = ip_address(text.strip())
    except (ValueError, AddressValueError, NetmaskValueError):
        return "invalid"
    return int(addr) if isinstance(addr, IPv4Address) else "ipv6"


def is_private(span: Span) -> bool:
    start, end = span[0], span[1]
    for lo, hi in PRIVATE:  # noqa: SIM110 - a plain loop: this runs once per LAN subnet
        if lo <= start and end <= hi:
            return True
    return False


_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def is_realm(text: str) -> bool:
    """A realm in domain-name syntax: labels of letters, digits and hyphens, at least two labels."""
    if not text or len(text) > 253 or text != text.strip():
        return False
    labels = text.rstrip(".").split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and not labels[-1].isdigit()

