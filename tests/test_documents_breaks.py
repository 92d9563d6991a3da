"""A list broken by a page as a Japanese office expects it, in every document kind: at least
KEEP_HEAD rows under the header at the page's foot (never one row orphaned there, else the list starts
on the next page, with its title), the list's last KEEP_TAIL rows together on the next page (never
one row widowed at its top), and the totals (小計・合計) on the page of the last line items.

Each list is printed with the number of rows that fills its first page exactly (found from a long
list), one fewer, and one and two more; the rows are counted on each page of the text pdftotext
extracts."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from configurator.documents.form import KEEP_HEAD, KEEP_TAIL, build_form
from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote, build_change_form
from configurator.documents.quote import build_quote
from configurator.lifecycle import analyse_cancel, analyse_change
from tests.conftest import example
from tests.helpers.sized_orders import vpn_order
from tests.test_documents import opts, pages


def _per_page(texts: list[str], row: str) -> list[int]:
    """The rows of a list (lines that `row` matches) on each page."""
    return [len(re.findall(row, page, re.M)) for page in texts]


def _broken_well(counts: list[int], what: str) -> None:
    """On consecutive pages; when on more than one, at least KEEP_HEAD rows on the first and KEEP_TAIL
    on the last."""
    used = [n for n, c in enumerate(counts) if c]
    assert used == list(range(used[0], used[-1] + 1)), (what, counts)
    if len(used) > 1:
        assert counts[used[0]] >= KEEP_HEAD and counts[used[-1]] >= KEEP_TAIL, (what, counts)


def _around_the_page_edge(build: Callable[[int], bytes], row: str, tmp_path: Path) -> dict[int, list[int]]:
    """The rows on each page of the list, printed with R - 1, R, R + 1 and R + 2 rows, where R is the
    rows that fill the list's first page (as many as a long list puts there)."""
    long = [c for c in _per_page(pages(build(60), tmp_path), row) if c]
    assert len(long) > 1 and long[0] >= 10, long  # a long list continues on the next page
    fill = long[0]
    out = {n: _per_page(pages(build(n), tmp_path), row) for n in (fill - 1, fill, fill + 1, fill + 2)}
    for n, counts in out.items():
        assert sum(counts) == n, (n, counts)
        _broken_well(counts, f"{n} rows")
    return {n: [c for c in counts if c] for n, counts in out.items()}


def _expect_at_the_edge(found: dict[int, list[int]]) -> None:
    """R - 1 and R rows on one page; R + 1 and R + 2 broken with KEEP_TAIL rows on the next (one row
    alone there before)."""
    fill = min(found) + 1
    assert found[fill - 1] == [fill - 1] and found[fill] == [fill], found
    assert found[fill + 1] == [fill + 1 - KEEP_TAIL, KEEP_TAIL], found
    assert found[fill + 2] == [fill + 2 - KEEP_TAIL, KEEP_TAIL], found


# --- 申込書 -----------------------------------------------------------------------------------------


def _auth_form(clients: int) -> bytes:
    doc = example("auth.iij-order.json")
    doc["auth_units"][0]["clients"] = [
        {"id": f"cl-{k}", "name": f"端末{k + 1}", "ip": f"198.51.100.{k + 1}"} for k in range(clients)
    ]
    return build_form(doc, opts())


def test_the_form_s_client_list_keeps_its_last_rows_together(tmp_path: Path) -> None:
    _expect_at_the_edge(_around_the_page_edge(_auth_form, r"^\s*\d+\s+端末\d+\s", tmp_path))


def _vpn_form(children: int, title_lines: int) -> bytes:
    doc = example("vpn.iij-order.json")
    net = doc["vpn_networks"][0]
    child = net["children"][0]
    net["children"] = [
        {**copy.deepcopy(child), "id": f"s{k}", "name": f"支店{k + 1}", "lan": [f"10.{k + 10}.0.0/24"]}
        for k in range(children)
    ]
    doc["title"] = "\n".join(f"件名{k + 1}" for k in range(title_lines))  # moves the site list down
    # a single star: the picture as high as the sweep of 件名 lines below was measured on (a dual star's
    # is 12 pt higher since its children's count stands on the trunk: the list starts lower)
    net["item"] = "single_star_single_edge"
    return build_form(doc, opts())


def test_the_form_s_site_list_never_leaves_one_site_at_a_page_foot_or_top(tmp_path: Path) -> None:
    """The site list (its rows three lines high) as each longer 件名 moves it down the page: its start
    (12 sites) and its end (4 sites) cross the page's foot."""
    site = r"^\s*\d+\s+(?:親|子)\s"
    starts, ends = set(), set()
    for lines in range(0, 12):
        if lines < 4:
            counts = _per_page(pages(_vpn_form(12, lines), tmp_path), site)
            _broken_well(counts, f"12 sites, 件名 {lines} lines")
            starts.add(tuple(c for c in counts if c))
        counts = _per_page(pages(_vpn_form(4, lines), tmp_path), site)
        _broken_well(counts, f"4 sites, 件名 {lines} lines")
        ends.add(tuple(c for c in counts if c))
    # the edges were crossed: the list began at page 1's foot and on page 2 (one row at the foot
    # before), and ended across the page's foot and all on page 2 (one row alone on page 2 before)
    assert (13,) in starts and any(len(s) == 2 for s in starts), starts
    assert (5,) in ends and any(len(e) == 2 for e in ends), ends


# --- 変更申込書, 解約申込書, 解約に伴う費用のお見積り -------------------------------------------------


def _many_sites(order: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """`count` child sites like the first, without options (one row each in the lists)."""
    child = order["vpn_networks"][0]["children"][0]
    sites = []
    for k in range(count):
        site = copy.deepcopy(child)
        site.update(id=f"b{k}", name=f"拠点{k + 1}", lan=[f"10.{k + 10}.0.0/24"])
        site.update(options={}, options_billing_start={})
        sites.append(site)
    return sites


def _settings_change(sites: int) -> bytes:
    doc = example("change.iij-change.json")
    doc["base"]["vpn_networks"][0]["children"] = _many_sites(doc["base"], sites)
    doc["proposed"] = copy.deepcopy(doc["base"])
    doc["settings_jobs"] = []
    for k, site in enumerate(doc["proposed"]["vpn_networks"][0]["children"]):
        site["lan"] = [*site["lan"], f"10.{k + 100}.0.0/24"]  # a settings change at every site
    return build_change_form(analyse_change(doc), opts())


def test_the_change_form_s_lists_keep_their_last_rows_together(tmp_path: Path) -> None:
    _expect_at_the_edge(_around_the_page_edge(_settings_change, r"^\s*拠点\d+\s+LAN\s*$", tmp_path))


def _cancellation(sites: int) -> Any:
    doc = example("cancel.iij-cancel.json")
    doc["base"]["vpn_networks"][0]["children"] = _many_sites(doc["base"], sites)
    doc["targets"] = [f"/vpn_networks/0/children/{k}" for k in range(sites)]
    return analyse_cancel(doc)


def test_the_cancellation_form_s_signature_box_keeps_the_list_s_last_rows_only(tmp_path: Path) -> None:
    """The signature box after the list keeps its last KEEP_TAIL rows on its page, not the whole list:
    the rest of the list stays on page 1 (a list of 30 rows or fewer all went to page 2 before)."""
    texts_of: dict[int, list[str]] = {}

    def build(sites: int) -> bytes:
        data = build_cancel_form(_cancellation(sites), opts())
        texts_of[sites] = pages(data, tmp_path)
        return data

    found = _around_the_page_edge(build, r"^\s*拠点\d+\s+ご指定\s", tmp_path)
    # the page is full before the box has room under the list: the list's last rows go with the box
    assert all(counts == [n - KEEP_TAIL, KEEP_TAIL] for n, counts in found.items()), found
    for sites in found:
        assert "申込者の確認" in texts_of[sites][1] and "拠点1 " in texts_of[sites][0], sites


def test_the_cancellation_quote_keeps_its_totals_with_the_last_rows(tmp_path: Path) -> None:
    row = r"^\s*拠点\d+\s+[\d,]+円\s"
    texts_of: dict[int, list[str]] = {}

    def build(sites: int) -> bytes:
        data = build_cancel_quote(_cancellation(sites), opts())
        texts_of[sites] = pages(data, tmp_path)
        return data

    found = _around_the_page_edge(build, row, tmp_path)
    for sites, texts in texts_of.items():
        total = [n for n, page in enumerate(texts) if "最低利用期間内解除調定金 合計(税込)" in page]
        last = max(n for n, c in enumerate(_per_page(texts, row)) if c)
        assert total == [last], (sites, total, last)  # never the totals alone on the next page
        assert _per_page(texts, row)[last] >= min(sites, KEEP_TAIL), sites
    assert any(len(counts) == 2 for counts in found.values()), found  # the edge was crossed


# --- 御見積書 ---------------------------------------------------------------------------------------


def _fee_tables(texts: list[str]) -> list[tuple[str, list[int], int]]:
    """Each fee table of a quote: its heading, its line items on each page and the page of its 合計."""
    out: list[tuple[str, list[int], int]] = []
    for n, page in enumerate(texts):
        for line in page.splitlines():
            if re.match(r"\s*■ ", line):
                out.append((line.strip(), [0] * len(texts), -1))
            elif out and re.match(r"\s*\d+\s{2,}\S", line):
                out[-1][1][n] += 1
            elif out and re.match(r"\s*合計\s", line) and out[-1][2] < 0:
                out[-1] = (out[-1][0], out[-1][1], n)
    return out


def test_the_quote_s_fee_tables_break_with_rows_on_both_sides_and_totals_with_the_last(
    tmp_path: Path,
) -> None:
    broken = 0
    for sites in range(3, 8):
        for lines in (1, 4):
            order = vpn_order(sites)
            order["title"] = "\n".join(f"件名{k + 1}" for k in range(lines))
            for heading, counts, total in _fee_tables(pages(build_quote(order, opts()), tmp_path)):
                _broken_well(counts, f"{sites} sites, {heading}")
                assert total == max(n for n, c in enumerate(counts) if c), (sites, heading, counts, total)
                broken += sum(1 for c in counts if c) > 1
    assert broken  # some table was broken by a page
