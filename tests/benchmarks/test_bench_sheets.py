"""Site-list import and export speed (issue 20): a realistic 1,000-row sheet typed the way salespeople
type (full-width IDs and LAN addresses, devices from an IME, postal codes with 〒 and ー, terms in months),
read as CP932 CSV with CRLF and as .xlsx; openpyxl's read-only reader alongside, the measurement behind
choosing python-calamine. Medians via `make bench`."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from configurator.session.sheets import read_site_bytes, sites_xlsx
from configurator.session.sitecsv import parse_rows

HEADER = ["ＩＤ", "拠点名", "〒", "住所", "LANアドレス", "機種", "契約期間", "備考"]
DEVICES = ["８９１ＦＪ", "Cisco　891FJ", "シスコ891FJ", "C892FSP-K9", "C1121", "ISR 4351"]
POSTALS = ["〒〒020-0021", "１００－０００５", "1000005", "100ー0005", "530-0001"]
TERMS = ["36ヶ月", "3年", "１年", "12か月", 3]


def rows(n: int = 1000) -> list[list[Any]]:
    out: list[list[Any]] = [HEADER]
    for k in range(n):
        out.append(
            [
                f"Ｓ{k:04d}",
                f"大阪支店{k}",
                POSTALS[k % 5],
                "大阪府大阪市北区梅田1-1-1 大阪駅前第1ビル",
                f"１０．{k // 256}．{k % 256}．０／２４、172.16.{k % 256}.0/24",
                DEVICES[k % 6],
                TERMS[k % 5],
                "メモ",
            ]
        )
    return out


@pytest.fixture(scope="module")
def csv_bytes() -> bytes:
    return "".join(
        ",".join(f'"{c}"' if isinstance(c, str) and "," in c else str(c) for c in r) + "\r\n" for r in rows()
    ).encode("cp932")


@pytest.fixture(scope="module")
def xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    for r in rows():
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_1000_rows_csv_cp932(benchmark: Any, csv_bytes: bytes) -> None:
    result = benchmark(read_site_bytes, csv_bytes, "sites.csv")
    assert len(result.sites) == 1000 and not result.errors


def test_import_1000_rows_xlsx_calamine(benchmark: Any, xlsx_bytes: bytes) -> None:
    result = benchmark(read_site_bytes, xlsx_bytes, "sites.xlsx")
    assert len(result.sites) == 1000 and not result.errors


def test_import_1000_rows_xlsx_openpyxl_for_comparison(benchmark: Any, xlsx_bytes: bytes) -> None:
    def read() -> Any:
        wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes), read_only=True, data_only=True)
        cells = [(n, list(r)) for n, r in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)]
        wb.close()
        return parse_rows(cells)

    result = benchmark.pedantic(read, rounds=10, iterations=1)
    assert len(result.sites) == 1000


def test_export_1000_sites_xlsx(benchmark: Any, xlsx_bytes: bytes) -> None:
    sites = read_site_bytes(xlsx_bytes, "sites.xlsx").sites
    data = benchmark.pedantic(sites_xlsx, args=(sites,), rounds=10, iterations=1)
    assert len(read_site_bytes(data, "out.xlsx").sites) == 1000
