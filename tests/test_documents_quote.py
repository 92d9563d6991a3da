"""御見積書 to Japanese business standard: one headline amount, aligned columns, a subheading per
service, no empty fee table, no token broken across lines, no quote issued without its issuer."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from configurator.documents.common import DocOptions
from configurator.documents.quote import build_quote
from configurator.errors import KnownError
from configurator.store.issuer import Issuer
from tests.conftest import example
from tests.test_documents import ISSUER, pdftotext

DAY = dt.date(2026, 11, 22)


def opts(**kw: object) -> DocOptions:
    return DocOptions(issue_date=DAY, number="Q-2026-000123-R2", issuer=kw.pop("issuer", ISSUER), **kw)  # type: ignore[arg-type]


def words(data: bytes, tmp_path: Path) -> list[tuple[str, float, float, int]]:
    """(word, xMin, xMax, page) of every word, from pdftotext -bbox."""
    f = tmp_path / "b.pdf"
    f.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(f), "-"], capture_output=True, check=True
    ).stdout.decode()
    out = []
    for page, chunk in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', chunk
        ):
            out.append((m.group(3), float(m.group(1)), float(m.group(2)), page))
    return out


def test_one_headline_amount_with_its_breakdown(tmp_path: Path) -> None:
    text = pdftotext(build_quote(example("mixed.iij-order.json"), opts()), tmp_path)
    first = text.split("\f")[0]
    assert "御見積金額(税込)" in first
    assert "738,320円" in first  # 初期費用 490,600 + 月額費用 1か月分 247,720, both 税込
    assert "初期費用 合計(税込) 490,600円" in first and "月額費用 合計(税込) 247,720円" in first


def test_no_table_for_a_fee_without_lines(tmp_path: Path) -> None:
    text = pdftotext(build_quote(example("auth.iij-order.json"), opts()), tmp_path)
    assert "一時費用" not in text  # the old quote printed a 一時費用 table of 0円
    assert "■ 初期費用" in text and "■ 月額費用" in text


def test_a_mixed_order_has_a_subheading_per_service(tmp_path: Path) -> None:
    first = pdftotext(build_quote(example("mixed.iij-order.json"), opts()), tmp_path).split("\f")[0]
    lines = [ln.strip() for ln in first.splitlines() if ln.strip()]
    vpn, auth = lines.index("IIJマネージドVPN PROサービス"), lines.index("IIJ認証アウトソースサービス")
    assert vpn < auth
    assert "親拠点" in lines[vpn + 1] and "IIJ認証アウトソースサービス/マネージメント" in lines[auth + 1]
    single = pdftotext(build_quote(example("auth.iij-order.json"), opts()), tmp_path)
    assert "IIJ認証アウトソースサービス" not in [ln.strip() for ln in single.splitlines()]


def test_amount_headers_are_right_aligned_like_their_columns(tmp_path: Path) -> None:
    ws = words(build_quote(example("auth.iij-order.json"), opts()), tmp_path)
    header_right = next(x1 for w, x0, x1, p in ws if w == "金額" and p == 1)
    amount_right = max(x1 for w, x0, x1, p in ws if w == "20,000円" and p == 1)
    price_header = next(x1 for w, x0, x1, p in ws if w == "単価" and p == 1)
    assert abs(header_right - amount_right) < 2
    assert price_header > amount_right - 80  # 単価 sits at the right of its column, not at its left


@pytest.mark.parametrize("sites", [None, 300])
def test_the_minimum_term_is_never_broken_across_lines(sites: int | None, tmp_path: Path) -> None:
    from tests.benchmarks.orders import big_order

    doc = example("mixed.iij-order.json") if sites is None else big_order(sites)
    text = pdftotext(build_quote(doc, opts()), tmp_path)
    assert "(最低利用期間3年)" in text
    assert not re.search(r"\((最低利用期?|最低利?|最)\s*\n", text)
    for line in text.splitlines():
        if "(最低利" in line:
            assert re.search(r"\(最低利用期間\d年\)", line), line


def test_a_quote_is_not_issued_without_its_issuer(tmp_path: Path) -> None:
    doc = example("auth.iij-order.json")
    with pytest.raises(KnownError) as err:
        build_quote(
            doc, opts(issuer=Issuer(company="株式会社インターネットイニシアティブ"), require_issuer=True)
        )
    assert "発行元" in err.value.message and "住所" in err.value.message and "登録番号" in err.value.message
    assert "--draft" in err.value.message and "会社名" not in err.value.message
    draft = build_quote(doc, opts(issuer=Issuer(), require_issuer=True, draft=True))
    assert "下書き" in pdftotext(draft, tmp_path)
    assert build_quote(doc, opts(require_issuer=True))  # a complete issuer: issued
