"""Orders of any size for looking at the documents (tools/render_all.py) and for testing their look:
VPN-only, auth-only and mixed orders of N sites, and change and cancellation orders on a contract of N
sites. A VPN order of N sites is one network of a parent and N-1 children spread over the 47
prefectures, with every device and a varied set of options (from none to every option its device
takes); an auth order of N is N clients, proxies and VPDNs over units of 50."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "examples"


#: (prefecture, postal code, the rest of an address): one a prefecture, as a nationwide customer has
PLACES = [
    ("北海道", "060-0001", "札幌市中央区北一条西2-1"),
    ("青森県", "030-0801", "青森市新町1-2-3"),
    ("岩手県", "020-0021", "盛岡市中央通1-7-25"),
    ("宮城県", "980-0021", "仙台市青葉区中央1-1-1"),
    ("秋田県", "010-0001", "秋田市中通2-3-8"),
    ("山形県", "990-0039", "山形市香澄町1-1-1"),
    ("福島県", "960-8031", "福島市栄町1-1"),
    ("茨城県", "310-0015", "水戸市宮町1-1-1"),
    ("栃木県", "320-0026", "宇都宮市馬場通り1-1-1"),
    ("群馬県", "371-0023", "前橋市本町2-2-12"),
    ("埼玉県", "330-0063", "さいたま市浦和区高砂1-1-1"),
    ("千葉県", "260-0028", "千葉市中央区新町1000"),
    ("東京都", "163-0401", "新宿区西新宿2-1-1"),
    ("神奈川県", "220-0011", "横浜市西区高島2-19-12"),
    ("新潟県", "950-0086", "新潟市中央区花園1-1-1"),
    ("富山県", "930-0003", "富山市桜町1-1-61"),
    ("石川県", "920-0853", "金沢市本町2-15-1"),
    ("福井県", "910-0006", "福井市中央1-2-1"),
    ("山梨県", "400-0031", "甲府市丸の内1-1-8"),
    ("長野県", "380-0823", "長野市南千歳1-22-6"),
    ("岐阜県", "500-8856", "岐阜市橋本町1-10-1"),
    ("静岡県", "420-0851", "静岡市葵区黒金町55"),
    ("愛知県", "450-0002", "名古屋市中村区名駅1-1-1"),
    ("三重県", "514-0009", "津市羽所町700"),
    ("滋賀県", "520-0055", "大津市春日町1-3"),
    ("京都府", "600-8216", "京都市下京区東塩小路町721-1"),
    ("大阪府", "530-0001", "大阪市北区梅田1-1-1"),
    ("兵庫県", "650-0021", "神戸市中央区三宮町1-1-1"),
    ("奈良県", "630-8115", "奈良市大宮町1-1-1"),
    ("和歌山県", "640-8331", "和歌山市美園町5-1-2"),
    ("鳥取県", "680-0835", "鳥取市東品治町111"),
    ("島根県", "690-0003", "松江市朝日町472"),
    ("岡山県", "700-0024", "岡山市北区駅元町1-1"),
    ("広島県", "732-0822", "広島市南区松原町2-37"),
    ("山口県", "753-0043", "山口市宮島町1-1"),
    ("徳島県", "770-0831", "徳島市寺島本町西1-61"),
    ("香川県", "760-0011", "高松市浜ノ町1-20"),
    ("愛媛県", "790-0878", "松山市勝山町1-19"),
    ("高知県", "780-0051", "高知市愛宕町1-1-1"),
    ("福岡県", "812-0011", "福岡市博多区博多駅前1-1-1"),
    ("佐賀県", "840-0801", "佐賀市駅前中央1-1-1"),
    ("長崎県", "850-0058", "長崎市尾上町1-1"),
    ("熊本県", "860-0047", "熊本市西区春日3-15-1"),
    ("大分県", "870-0831", "大分市要町1-1"),
    ("宮崎県", "880-0811", "宮崎市錦町1-10"),
    ("鹿児島県", "890-0053", "鹿児島市中央町1-1"),
    ("沖縄県", "900-0015", "那覇市久茂地1-1-1"),
]
DEVICES = ["c1121_8p", "isr4351", "c891fj", "c892fsp"]
BRANCH = ["支店", "営業所", "出張所", "物流センター", "サービスセンター"]


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _site(k: int) -> dict[str, Any]:
    """The k-th child site: a prefecture, a device and a set of options that vary along k, from none
    to every option its device takes (the longest option list a 申込書 prints)."""
    pref, postal, rest = PLACES[k % len(PLACES)]
    dev = DEVICES[k % len(DEVICES)]
    every = k % 5 == 0
    options = {
        "onsite_installation": k % 2 == 0,
        "cold_standby": every or k % 7 == 0,
        "private_switch": ("c1000_48t_4g_l" if k % 10 == 0 else "c1000_24t_4g_l") if every else None,
        "rack_mount_kit": every and dev in ("isr4351", "c891fj", "c892fsp"),
        "sfp_module": 2 if every and dev in ("isr4351", "c892fsp") else 0,
        "vpn_module": every and dev == "isr4351",
        "additional_license": dev == "c1121_8p",
    }
    site: dict[str, Any] = {
        "id": f"site-{k:05d}",
        "name": f"{pref.removesuffix('県').removesuffix('府').removesuffix('都')}{BRANCH[k % len(BRANCH)]}"
        f"{k // len(PLACES) + 1:03d}",
        "postal_code": postal,
        "address": f"{pref}{rest}",
        "country": "JP",
        "device": dev,
        "term_years": 3 if k % 4 else 1,
        "lan": [f"10.{k // 256}.{k % 256}.0/24"]
        + ([f"172.{16 + k // 256}.{k % 256}.0/24"] if k % 6 == 0 else []),
        "internet": {"provider": "iij"},
        "options": options,
    }
    if k % 3 == 0:
        site["internet"] = {
            "provider": "other",
            "name": "フレッツ光クロス",
            "connection": "pppoe",
            "address": f"203.0.{k // 256 % 256}.{k % 256}",
        }
    return site


def vpn_order(sites: int) -> dict[str, Any]:
    """One VPN network: the example's parent and sites - 1 children (one at least: a network without a
    child is not an order the tariff takes, so the smallest order, of size 1, is a parent and a child)."""
    doc = example("mixed.iij-order.json")
    doc["title"] = f"株式会社サンプル様 全国{max(2, sites):,}拠点 拠点間VPN"
    doc["auth_units"] = []
    net = doc["vpn_networks"][0]
    net["parent"]["lan"] = ["192.168.0.0/16"]
    net["children"] = [_site(k) for k in range(1, max(2, sites))]
    return doc


def auth_units(count: int) -> list[dict[str, Any]]:
    """`count` child contracts (clients, proxies and VPDNs) over units of at most 50 each."""
    base = example("auth.iij-order.json")["auth_units"][0]
    units = []
    per_unit = 50
    for u in range(max(1, -(-count // per_unit))):
        unit = copy.deepcopy(base)
        unit["id"] = f"unit-{u + 1}"
        unit["management"] = {"name": f"認証管理単位{u + 1:02d}", "realm": f"u{u + 1}.example.co.jp"}
        n = min(per_unit, count - u * per_unit)
        proxies = max(1, n // 5)  # clients alone are not a unit the tariff takes
        clients = n - proxies - n // 10
        unit["clients"] = [
            {"id": f"cl-{u}-{k}", "name": f"RADIUSクライアント{u + 1}-{k + 1}", "ip": f"198.51.{u}.{k + 1}"}
            for k in range(max(1, clients))
        ]
        unit["proxies"] = [
            {
                "id": f"px-{u}-{k}",
                "name": f"社内RADIUSへの転送{k + 1}",
                "destinations": [f"192.0.{u}.{k + 1}"],
            }
            for k in range(proxies)
        ]
        vpdn = copy.deepcopy(base["vpdns"][0])
        unit["vpdns"] = [
            {
                **vpdn,
                "id": f"vp-{u}-{k}",
                "name": f"モバイル閉域接続{k + 1}",
                "terminators": [f"192.0.{100 + u}.{2 * k + 1}", f"192.0.{100 + u}.{2 * k + 2}"],
            }
            for k in range(n // 10)
        ]
        units.append(unit)
    return units


def auth_order(count: int) -> dict[str, Any]:
    doc = example("auth.iij-order.json")
    doc["title"] = f"株式会社サンプル様 認証アウトソース({count:,}契約)"
    doc["auth_units"] = auth_units(count)
    return doc


def mixed_order(sites: int) -> dict[str, Any]:
    doc = vpn_order(sites)
    doc["title"] = f"株式会社サンプル様 全国{max(2, sites):,}拠点 拠点間VPNと認証"
    doc["auth_units"] = example("mixed.iij-order.json")["auth_units"]
    return doc


def contracted(sites: int) -> dict[str, Any]:
    """The mixed order of `sites` as a contract: contractor and billing start on every site and option."""
    doc = mixed_order(sites)
    doc["title"] = f"株式会社サンプル様 契約中({max(2, sites):,}拠点)"
    doc["contracted"] = True
    doc["auth_units"] = example("contracted.iij-order.json")["auth_units"]
    net = doc["vpn_networks"][0]
    for k, site in enumerate([net["parent"], *net["children"]]):
        start = "2024-02-29" if k % 4 == 3 else "2025-04-01"
        site["contractor"] = "株式会社サンプル"
        site["billing_start"] = start
        site["options_billing_start"] = {key: start for key, value in site["options"].items() if value}
    return doc


def change_order(sites: int) -> dict[str, Any]:
    """A change on the contract: every 10th c891fj becomes a C1121-8P, every 7th site gains a LAN (a
    settings change) and every 9th site a cold standby; settings work at two sites, one after hours."""
    base = contracted(sites)
    proposed = copy.deepcopy(base)
    children = proposed["vpn_networks"][0]["children"]
    for k, site in enumerate(children, start=1):
        if site["device"] == "c891fj" and k % 10 == 2:
            site["device"] = "c1121_8p"
            site["options"].update(rack_mount_kit=False, sfp_module=0, additional_license=True)
        if k % 7 == 0:
            site["lan"] = [*site["lan"], f"10.{200 + k // 256}.{k % 256}.0/24"]
        if k % 9 == 0 and not site["options"]["cold_standby"]:
            site["options"]["cold_standby"] = True
    if len(children) < 7:  # a small contract: its first child gains a LAN all the same
        children[0]["lan"] = [*children[0]["lan"], "10.200.1.0/24"]
    jobs = [{"site": children[0]["id"], "start": "10:00", "end": "11:00"}]
    if len(children) > 6:
        jobs.append({"site": children[6]["id"], "start": "18:30", "end": "19:30"})
    return {
        "format": "iij-change/1",
        "title": f"機器の変更と設定の変更({max(2, sites):,}拠点の契約)",
        "requested_by": "株式会社サンプル",
        # applied for on the documents' date (render_all: 2026-12-02): the 変更申込書 prints this 申込日 as
        # its only date, and one a week before the form was made read as a wrong 作成日
        "request_date": "2026-12-02",
        "change_date": "2026-12-15",
        "settings_jobs": jobs,
        "base": base,
        "proposed": proposed,
    }


def cancel_order(sites: int) -> dict[str, Any]:
    """A cancellation of about a tenth of the sites (at least 2) and an option, one device recorded as
    not returned, and the auth management (its children cascade)."""
    base = contracted(sites)
    children = base["vpn_networks"][0]["children"]
    if len(children) < 2:  # the smallest contract (a parent and its one child): an option and the auth
        targets = ["/vpn_networks/0/parent/options/private_switch", "/auth_units/0/management"]
        return {
            "format": "iij-cancel/1",
            "title": "オプションと認証の解約(最小の契約)",
            "notice_date": "2026-12-04",
            "requested_date": "2027-01-31",
            "targets": targets,
            "unreturned": [],
            "base": base,
        }
    picked = list(range(0, len(children), 10))[: max(2, len(children) // 10)]
    targets = [f"/vpn_networks/0/children/{k}" for k in picked]
    kept = children[picked[0] + 1]  # an option of a site that stays
    option = next(
        key for key in ("cold_standby", "additional_license", "onsite_installation") if kept["options"][key]
    )
    targets.append(f"/vpn_networks/0/children/{picked[0] + 1}/options/{option}")
    targets.append("/auth_units/0/management")
    return {
        "format": "iij-cancel/1",
        "title": f"拠点の一部と認証の解約({max(2, sites):,}拠点の契約)",
        "notice_date": "2026-12-04",  # after the documents' date (render_all: 2026-12-02), never before
        "requested_date": "2027-01-31",
        "targets": targets,
        "unreturned": targets[:1],
        "base": base,
    }


def orders(sizes: list[int]) -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (kind of document it feeds: order / change / cancel, document)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for n in sizes:
        out[f"vpn-{n}"] = ("order", vpn_order(n))
        out[f"mixed-{n}"] = ("order", mixed_order(n))
        out[f"auth-{n}"] = ("order", auth_order(n))
        out[f"change-{n}"] = ("change", change_order(n))
        out[f"cancel-{n}"] = ("cancel", cancel_order(n))
    return out
