"""Issue 16 items 4-6 on the PDFs: the exemption (一般規程第28条第2項・第3項) with 0 yen and its article,
the 亡失負担金 beside the return deadlines and the devices not returned, and who pays the settings change
fee (VPN 第10条第4項) on the change and cancellation documents."""

from __future__ import annotations

import re
from pathlib import Path

from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote, build_change_form
from configurator.lifecycle import analyse_cancel, analyse_change
from tests.conftest import example
from tests.test_documents import opts, pdftotext


def flat(data: bytes, tmp_path: Path) -> str:
    return re.sub(r"\s+", "", pdftotext(data, tmp_path))


def test_an_exempted_cancellation_shows_0_yen_with_the_article(tmp_path: Path) -> None:
    doc = example("cancel.iij-cancel.json")
    doc["exemption"] = "general_28_2"
    result = analyse_cancel(doc)
    form = flat(build_cancel_form(result, opts()), tmp_path)
    assert "最低利用期間内解除調定金の免除" in form
    assert "一般規程第28条第2項による解除のため、契約の最低利用期間内解除調定金は0円です" in form
    assert "一般規程第28条第2項(VPN第20条第1項)" in form and "0円" in form
    quote = flat(build_cancel_quote(result, opts()), tmp_path)
    assert "免除:一般規程第28条第2項" in quote and "(VPN第20条第1項)" in quote
    plain = flat(build_cancel_quote(analyse_cancel(example("cancel.iij-cancel.json")), opts()), tmp_path)
    assert "免除" not in plain.replace("いただきません", "")  # no exemption stated: none printed


def test_the_lost_device_charge_beside_the_deadlines_and_for_a_device_not_returned(tmp_path: Path) -> None:
    doc = example("cancel.iij-cancel.json")
    result = analyse_cancel(doc)
    assert any(c.return_deadline for c in result.items)
    form = flat(build_cancel_form(result, opts()), tmp_path)
    assert "機器の返還期限について:返還期限までに返還されないVPN機器等は亡失品として扱われ" in form
    assert "第16条第2項" in form
    doc["unreturned"] = [doc["targets"][0]]
    result = analyse_cancel(doc)
    form = flat(build_cancel_form(result, opts()), tmp_path)
    assert "返還されていない機器の亡失負担金(第14条第3項・第16条第2項)" in form
    assert "当社が別途示します(要確認)" in form  # the sample price book has no price for it
    quote = flat(build_cancel_quote(result, opts()), tmp_path)
    assert "■亡失負担金" in quote and "要確認" in quote and "御見積金額に含みません" in quote


def test_the_change_form_says_who_pays_the_settings_change_fee(tmp_path: Path) -> None:
    result = analyse_change(example("change.iij-change.json"))
    assert result.settings_fees
    text = flat(build_change_form(result, opts()), tmp_path)
    payer = result.settings_fees[0]["payer"] or "親たる契約の契約者"
    assert "お支払い(第10条第4項)" in text
    assert f"設定変更作業の費用は、親たる契約の契約者({payer})にお支払いいただきます(第10条第4項)" in text
    if any(c.return_deadline for c in result.device_changes):
        assert "旧機器の返還期限について:返還期限までに返還されないVPN機器等は亡失品" in text
