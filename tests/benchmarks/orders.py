"""Large orders for the benchmarks: one VPN network with N child sites, every option where allowed."""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import example

#: (postal code, address) of the distinct-address orders: a real list's sites are in different places
PLACES = [
    ("530-0001", "大阪府大阪市北区梅田{k}-{m}-1"),
    ("100-0005", "東京都千代田区丸の内{k}-{m}-3 丸の内ビル{k}階"),
    ("460-0008", "愛知県名古屋市中区栄{k}-{m}-8"),
    ("812-0011", "福岡県福岡市博多区博多駅前{k}-{m}-22 博多駅前第{k}ビル"),
    ("060-0005", "北海道札幌市中央区北五条西{k}-{m}"),
]


def big_order(children: int, every_option: bool = False, distinct: bool = False) -> dict[str, Any]:
    """One network of `children` sites. With `distinct`, every site has an address and a site name
    of its own (the default order repeats one address, which flatters anything that caches by text)."""
    doc = example("mixed.iij-order.json")
    net = doc["vpn_networks"][0]
    net["parent"]["lan"] = ["192.168.0.0/16"]
    template = net["children"][0]  # c1121_8p
    kids = []
    devices = ["c1121_8p", "isr4351", "c891fj", "c892fsp"]
    for k in range(children):
        c = copy.deepcopy(template)
        c["id"] = f"site-{k:05d}"
        c["name"] = f"拠点{k:05d}"
        c["lan"] = [f"10.{k // 256}.{k % 256}.0/24"]
        if distinct:
            code, place = PLACES[k % len(PLACES)]
            c["name"] = f"{place[:2]}第{k + 1}営業所"
            c["postal_code"] = code
            c["address"] = place.format(k=k // 50 + 1, m=k % 50 + 1)
        dev = devices[k % len(devices)]
        c["device"] = dev
        opts = c["options"]
        opts.update(
            onsite_installation=True,
            cold_standby=every_option,
            private_switch=None,
            rack_mount_kit=False,
            sfp_module=0,
            vpn_module=False,
            additional_license=False,
        )
        if dev == "c1121_8p":
            opts["additional_license"] = True
        if every_option:
            opts["private_switch"] = "c1000_24t_4g_l"
            if dev in ("isr4351", "c891fj", "c892fsp"):
                opts["rack_mount_kit"] = True
            if dev in ("isr4351", "c892fsp"):
                opts["sfp_module"] = 2
            if dev == "isr4351":
                opts["vpn_module"] = True
        if k % 3 == 0:
            c["internet"] = {
                "provider": "other",
                "name": "○○光",
                "connection": "pppoe",
                "address": f"203.0.{k // 256 % 256}.{k % 256}",
            }
        kids.append(c)
    net["children"] = kids
    return doc
