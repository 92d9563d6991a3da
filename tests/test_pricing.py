"""The quote calculation: device counts follow the item, totals add up to the yen, tax once per group."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from configurator.pricing.books import sample_price_book
from configurator.pricing.quote import price_order, tax_of
from tests.conftest import EXAMPLES, example, run_cli


def lines(quote: Any, group: str) -> dict[str, Any]:
    return {ln.name: ln for ln in quote.groups[group].lines}


@pytest.mark.parametrize(
    ("item", "parent_devices", "child_devices"),
    [("single_star_single_edge", 1, 1), ("dual_star_dual_edge", 2, 2), ("dual_star_single_edge", 2, 1)],
)
def test_device_counts_follow_the_item(item: str, parent_devices: int, child_devices: int) -> None:
    doc = example("vpn.iij-order.json")
    net = doc["vpn_networks"][0]
    net["item"] = item
    for c in net["children"]:
        c["device"] = "c1121_8p"
        c["term_years"] = 3
        c["options"] = {"additional_license": True}
    q = price_order(doc)
    ini = [ln for ln in q.groups["initial"].lines if ln.name.startswith(("親拠点", "子拠点"))]
    parent = next(ln for ln in ini if ln.name.startswith("親拠点"))
    child = next(ln for ln in ini if ln.name.startswith("子拠点"))
    assert parent.quantity == parent_devices
    assert child.quantity == 3 * child_devices  # three children, summed into one line
    lic = next(ln for ln in q.groups["monthly"].lines if ln.name.startswith("追加ライセンス"))
    assert lic.quantity == 3 * child_devices  # per device of each site


def test_totals_add_up_to_the_yen(mixed: dict) -> None:
    q = price_order(mixed)
    for g in q.groups.values():
        assert g.subtotal == sum(ln.quantity * ln.unit_price for ln in g.lines)
        assert g.tax == int(Decimal(g.subtotal) * Decimal("0.10"))
        assert g.total == g.subtotal + g.tax
        assert all(isinstance(v, int) for v in (g.subtotal, g.tax, g.total))
    assert q.groups["initial"].subtotal == 446000
    assert q.groups["monthly"].subtotal == 225200
    assert q.groups["one_time"].lines == []


def test_tax_is_computed_once_on_the_subtotal_and_rounded_down() -> None:
    assert tax_of(1005, Decimal("0.10")) == 100  # 100.5 → 100
    assert tax_of(999, Decimal("0.10")) == 99
    # per line rounding would give 3 × floor(33.3) = 99; once on the subtotal gives 100
    assert tax_of(333 * 3 + 1, Decimal("0.10")) == 100


def test_management_monthly_fee_shows_as_zero(auth_order: dict) -> None:
    monthly = lines(price_order(auth_order), "monthly")
    assert monthly["IIJ認証アウトソースサービス/マネージメント"].amount == 0


def test_auth_children_are_per_contract(auth_order: dict) -> None:
    ini = lines(price_order(auth_order), "initial")
    assert ini["IIJ認証アウトソースサービス/クライアント"].quantity == 2
    assert ini["IIJ認証アウトソースサービス/VPDN タイプD"].quantity == 1
    assert ini["負荷分散オプション"].quantity == 1


def test_closed_monitoring_is_priced_per_parent_device(vpn_order: dict) -> None:
    vpn_order["vpn_networks"][0]["closed_monitoring"] = {"enabled": True, "line": "閉域網 X-1"}
    q = price_order(vpn_order)
    cm = next(ln for ln in q.groups["monthly"].lines if ln.name.startswith("クローズドモニタリング"))
    assert cm.quantity == 2  # dual star: two devices at the parent
    assert any("クローズドモニタリング" in n for n in q.notes)


def test_onsite_installation_is_initial_only(vpn_order: dict) -> None:
    q = price_order(vpn_order)
    assert any(ln.name.startswith("オンサイト設置") for ln in q.groups["initial"].lines)
    assert not any(ln.name.startswith("オンサイト設置") for ln in q.groups["monthly"].lines)


def test_commitment_is_initial_plus_monthly_times_minimum_term(vpn_order: dict) -> None:
    net = vpn_order["vpn_networks"][0]
    net["children"] = net["children"][1:2]  # nagoya: c891fj, 1 year, cold standby
    net["parent"]["options"] = {}
    q = price_order(vpn_order)
    book = sample_price_book()
    base_parent = book.find(service="vpn", kind="parent_site", item="dual_star_single_edge", device="isr4351")
    base_child = book.find(service="vpn", kind="child_site", item="dual_star_single_edge", device="c891fj")
    cold = book.find(service="vpn", option="cold_standby", device="c891fj")
    assert base_parent and base_child and cold
    expected = (
        2 * (base_parent.initial + base_parent.monthly * 36)
        + (base_child.initial + base_child.monthly * 12)
        + (cold.initial + cold.monthly * 12)
    )
    assert q.commitment == expected


def test_sample_price_book_marks_the_quote(mixed: dict) -> None:
    q = price_order(mixed)
    assert q.sample and q.to_json()["sample"] is True
    assert "サンプル価格" in q.notes[0]
    assert q.to_json()["price_book"]["version"] == "SAMPLE-2026.11"


def test_what_cannot_be_priced_is_listed_not_guessed(vpn_order: dict) -> None:
    vpn_order["vpn_networks"][0]["children"][0]["device"] = None
    q = price_order(vpn_order)
    assert any("機器種別未選択" in u for u in q.unpriced)


def test_price_cli_text_and_json() -> None:
    r = run_cli("price", str(EXAMPLES / "mixed.iij-order.json"))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "■ 初期費用" in out and "サンプル価格" in out and "合計 490,600円" in out
    r = run_cli("price", "--json", str(EXAMPLES / "mixed.iij-order.json"))
    data = json.loads(r.stdout)
    assert data["groups"]["initial"]["total"] == 490600
    assert data["groups"]["monthly"]["total"] == 247720
    assert data["tax_rounding"] == "floor"


def test_price_cli_refuses_malformed_input() -> None:
    r = run_cli("price", str(EXAMPLES / "invalid" / "not-json.iij-order.json"))
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()


def test_quote_lines_follow_the_tariff_order() -> None:
    """別紙1 lists the base service before the options, and the options in the order of
    第17条第2項 (オンサイト設置, コールドスタンバイ, プライベートスイッチ, ラックマウントキット,
    SFPモジュール, VPNモジュール, 追加ライセンス); the auth tariff lists マネージメント, クライアント,
    VPDN, プロキシ (第2条) and then 負荷分散. The quote's lines follow that order, whatever order
    the sites met them in, in every fee group."""
    from tests.helpers.sized_orders import mixed_order

    q = price_order(mixed_order(10))
    option_order = ["オンサイト設置", "コールドスタンバイ", "プライベートスイッチ", "ラックマウントキット"]
    option_order += ["SFPモジュール", "VPNモジュール", "追加ライセンス"]
    auth_order = ["マネージメント", "クライアント", "VPDN", "プロキシ", "負荷分散"]

    def rank(ln: Any) -> tuple[int, int]:
        if ln.service == "vpn":
            for i, word in enumerate(option_order):
                if ln.name.startswith(word):
                    return (1, i)
            return (0, 0 if ln.name.startswith("親拠点") else 1)
        return (2, next(i for i, word in enumerate(auth_order) if word in ln.name))

    for group in ("initial", "monthly"):
        names = [ln.name for ln in q.groups[group].lines]
        ranks = [rank(ln) for ln in q.groups[group].lines]
        assert ranks == sorted(ranks), names
    # the sites of this order meet options in another order than the tariff's: the test tells
    assert len({rank(ln) for ln in q.groups["initial"].lines}) > 8
    # the base lines of one kind: by the catalogue's device order (第3条: 891FJ, 892FSP, ISR 4351, …)
    child = [ln.name for ln in q.groups["initial"].lines if ln.name.startswith("子拠点")]
    devices = ["891FJ", "892FSP", "ISR 4351", "ASR 1001-X", "C1121-8P"]
    at = [next(i for i, d in enumerate(devices) if d in name) for name in child]
    assert at == sorted(at), child
    # the commitment lines in the same order as the lines
    commit = [c["name"] for c in q.commitment_lines]
    assert commit == list(
        dict.fromkeys(ln.name for ln in q.groups["initial"].lines + q.groups["monthly"].lines)
    )
