"""Issue 14 defect 5: findings name the site (拠点名, row) and the field, not JSON pointers; --json keeps
them."""

from __future__ import annotations

import json
from pathlib import Path

from configurator.order.places import describe, name_pointers
from tests.conftest import EXAMPLES, example, run_cli


def test_a_pointer_is_told_as_the_site_row_and_field() -> None:
    doc = example("vpn.iij-order.json")
    assert (
        describe(doc, "/vpn_networks/0/parent/lan/0")
        == "VPN網「本社-支店VPN」 1行目の拠点「本社」の「LAN」(1件目)"
    )
    assert (
        describe(doc, "/vpn_networks/0/children/0/device")
        == "VPN網「本社-支店VPN」 2行目の拠点「大阪支店」の「VPN機器」"
    )
    assert describe(doc, "/customer/phone") == "お客様情報の「電話番号」"
    assert (
        name_pointers(doc, "SFP(/vpn_networks/0/parent)") == "SFP(VPN網「本社-支店VPN」 1行目の拠点「本社」)"
    )


def test_validate_names_places_and_json_keeps_pointers(tmp_path: Path) -> None:
    doc = example("vpn.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["lan"] = ["10.1.0.1/24"]
    path = tmp_path / "o.iij-order.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    human = run_cli("validate", str(path)).stdout.decode()
    assert "2行目の拠点「大阪支店」の「LAN」(1件目)" in human
    assert "/vpn_networks/" not in human
    english = run_cli("validate", str(path), env={"IIJ_CONFIGURATOR_LANG": "en"}).stdout.decode()
    assert "VPN network 本社-支店VPN, row 2 (site 大阪支店): LAN #1" in english
    assert "/vpn_networks/" not in english
    data = json.loads(run_cli("validate", "--json", str(path)).stdout)
    assert "/vpn_networks/0/children/0/lan/0" in [i["path"] for i in data["issues"]]
    assert (EXAMPLES / "vpn.iij-order.json").exists()


def test_validate_tells_what_the_form_lacks_without_failing(tmp_path: Path) -> None:
    doc = example("vpn.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["name"] = ""
    doc["customer"]["phone"] = ""
    path = tmp_path / "o.iij-order.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run_cli("validate", str(path))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "申込書に必要な記入が2件足りません" in out and "2行目の拠点「(拠点名なし)」" in out
    data = json.loads(run_cli("validate", "--json", str(path)).stdout)
    assert data["valid"] and [i["rule"] for i in data["form_issues"]] == [
        "form.site.name",
        "form.customer.phone",
    ]
