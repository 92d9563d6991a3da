"""Issue #18: the LAN overlap rule (vpn.lan.overlap) sorts the subnets with their sites' numbers and makes
pointers only for what it reports. Its findings must be those of the plain sweep it replaced (kept here
as the reference): the same issues in the same order, with the same subnet named as the one overlapped,
also when a subnet is there twice (ordered, as always, by the sites' pointers as text: children/10
before children/2, the children before the parent)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.tariff.catalogue import catalogue
from configurator.tariff.checks.addresses import PRIVATE, subnet
from configurator.tariff.checks.registry import ALL_RULES, Check, Issue
from configurator.tariff.checks.vpn import lan_overlap, sites_of
from tests.benchmarks.orders import big_order

P = "/vpn_networks/0"


def reference(net: dict[str, Any], p: str) -> list[tuple[str, str, str]]:
    """The sweep as it was before issue #18's last change: (pointer, Japanese, English) of each finding."""
    out = []
    nets = []
    for site, sp in sites_of(net, p):
        for k, text in enumerate(site.get("lan") or ()):
            span = subnet(text)
            if type(span) is tuple and any(lo <= span[0] and span[1] <= hi for lo, hi in PRIVATE):
                nets.append((span[0], -span[1], span[2], sp, k))
    if len(nets) < 2:
        return []
    nets.sort()
    best_end, best_net, best_p, best_k = -nets[0][1], nets[0][2], nets[0][3], nets[0][4]
    for start, neg_end, n, sp, k in nets[1:]:
        end = -neg_end
        if start <= best_end:
            best_q = f"{best_p}/lan/{best_k}"
            out.append(
                (
                    f"{sp}/lan/{k}",
                    f"LANのサブネット {n} が {best_net}({best_q})と重なっています。"
                    "同じVPN網のLANは重ならないアドレスにしてください。",
                    f"LAN subnet {n} overlaps {best_net} ({best_q}); use non-overlapping subnets.",
                )
            )
        if end > best_end:
            best_end, best_net, best_p, best_k = end, n, sp, k
    return out


def found(net: dict[str, Any]) -> list[tuple[str, str, str]]:
    check = Check(catalogue())
    check.rule = ALL_RULES["vpn.lan.overlap"]
    lan_overlap(check, net, P)
    assert all(isinstance(i, Issue) and i.rule == "vpn.lan.overlap" for i in check.issues)
    return [(i.path, i.message, i.message_en) for i in check.issues]


def network(lans: list[list[str]], parent: bool = True) -> dict[str, Any]:
    net = copy.deepcopy(big_order(max(len(lans) - 1, 1))["vpn_networks"][0])
    sites = ([net["parent"]] if parent else []) + net["children"]
    if not parent:
        net["parent"] = None
    for site, lan in zip(sites, lans, strict=False):
        site["lan"] = lan
    return net


@pytest.mark.parametrize(
    ("lans", "paths"),
    [
        # next to each other (one ends where the next begins): nothing
        ([["10.0.0.0/24"], ["10.0.1.0/24"], ["10.0.2.0/23"]], []),
        # inside another at its first or its last address
        ([["10.0.0.0/23"], ["10.0.0.0/24"]], [f"{P}/children/0/lan/0"]),
        ([["10.0.1.255/32"], ["10.0.0.0/23"]], [f"{P}/parent/lan/0"]),
        # one wide subnet covering two later ones, which are reported against it
        (
            [["10.0.0.0/8"], ["10.1.0.0/16"], ["10.2.0.0/16"]],
            [f"{P}/children/0/lan/0", f"{P}/children/1/lan/0"],
        ),
        # the same subnet at the parent and a child: the child's pointer sorts first
        ([["10.0.0.0/24"], ["10.0.0.0/24"]], [f"{P}/parent/lan/0"]),
    ],
)
def test_crafted_overlaps(lans: list[list[str]], paths: list[str]) -> None:
    net = network(lans)
    assert [path for path, _ja, _en in found(net)] == paths
    assert found(net) == reference(net, P)


def test_the_same_subnet_at_children_2_and_10_is_ordered_as_text() -> None:
    lans = [[f"10.9.{k}.0/24"] for k in range(12)]
    lans[3] = lans[11] = ["10.200.0.0/24"]  # children 2 and 10
    net = network(lans)
    issues = found(net)
    assert [path for path, _ja, _en in issues] == [f"{P}/children/2/lan/0"]
    assert f"{P}/children/10/lan/0" in issues[0][1]
    assert issues == reference(net, P)


_TEXTS = st.sampled_from(
    ["10.0.0.0/24", "10.0.0.0/23", "10.0.1.0/24", "10.0.0.128/25", "10.0.0.0/8", "10.0.0.1/32",
     "10.0.1.255/32", "192.168.0.0/16", "192.168.1.0/24", "172.16.0.0/12", "8.8.8.0/24", "10.0.0.1/24", "bad",
     "fe80::/64"]
)


@given(st.lists(st.lists(_TEXTS, max_size=3), min_size=1, max_size=14), st.booleans())
def test_the_same_findings_as_the_plain_sweep(lans: list[list[str]], parent: bool) -> None:
    net = network(lans, parent)
    assert found(net) == reference(net, P)


def test_a_large_network_without_overlaps_reports_nothing() -> None:
    net = big_order(3000)["vpn_networks"][0]
    assert found(net) == [] == reference(net, P)
    net["children"][2999]["lan"] = ["192.168.7.0/24"]  # inside the parent's 192.168.0.0/16
    assert found(net) == reference(net, P) and len(found(net)) == 1
