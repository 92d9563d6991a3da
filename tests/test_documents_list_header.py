"""A long list's column header: printed once at the list's start and again at the top of each page it
continues on, never mid-page. The lists were tables of form.CHUNK_ROWS rows, each with its header: the
1,000-site 申込書 printed the site list's header in the middle of a page every 30 rows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from configurator.documents.form import CHUNK_ROWS, build_form
from tests.benchmarks.orders import big_order
from tests.test_documents import opts, pages


def _rows_under_one_header(
    texts: list[str], is_header: Any, row_key: Any, above: int = 0, caption: str = ""
) -> list[str]:
    """The rows of the list in page order (each row's key, from row_key(line), None on other lines),
    checking that every page holding rows has the header exactly once, before its first row, and that
    a page continuing the list starts with it (the line is_header finds has `above` lines of the
    header above it), after the list's `caption` when it has one."""
    rows: list[str] = []
    for n, page in enumerate(texts, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        at = [k for k, line in enumerate(lines) if row_key(line) is not None]
        headers = [k for k, line in enumerate(lines) if is_header(line)]
        if not at:
            assert not headers, (n, page[:600])
            continue
        assert len(headers) == 1, (n, headers, page[:3000])
        assert headers[0] < at[0], (n, page[:600])
        if rows:  # the list continues from the page before: its header is the page's first line
            assert headers[0] == above + bool(caption), (n, page[:600])
            if caption:  # after the caption that says whose rows these are
                assert lines[0].strip() == caption, (n, page[:600])
        rows += [row_key(lines[k]) for k in at]
    return rows


def test_the_site_list_header_is_at_the_top_of_each_page_never_mid_page(tmp_path: Path) -> None:
    texts = pages(build_form(big_order(1000), opts()), tmp_path)

    def key(line: str) -> str | None:
        m = re.match(r"\s*(\d+)\s+(親|子)(\s|$)", line)
        return m.group(1) if m else None

    caption = "VPN網 1「本社-支店VPN」の拠点一覧(続き)"
    rows = _rows_under_one_header(texts, lambda line: "拠点名・設置場所" in line, key, caption=caption)
    assert rows == [str(n) for n in range(1, 1002)]  # the parent and the 1,000 sites, each once, in order


def test_the_cancellation_list_header_is_at_the_top_of_each_page_never_mid_page(tmp_path: Path) -> None:
    from configurator.documents.lifecycle_docs import build_cancel_form
    from configurator.lifecycle import analyse_cancel
    from tests.helpers.sized_orders import cancel_order

    cancel = analyse_cancel(cancel_order(1000))
    texts = pages(build_cancel_form(cancel, opts()), tmp_path)

    def key(line: str) -> str | None:
        m = re.match(r"\s*(\S+(?: \S+)?)\s{2,}(ご指定|\S+)\s+\d{4}年", line)
        return m.group(1) if m else None

    rows = _rows_under_one_header(texts, lambda line: "解約する契約・オプション" in line, key)
    names = [item.name for item in cancel.items]
    assert len(rows) == len(names) > 2 * CHUNK_ROWS
    assert rows == names


def test_the_change_list_header_is_at_the_top_of_each_page_never_mid_page(tmp_path: Path) -> None:
    from configurator.documents.lifecycle_docs import build_change_form
    from configurator.lifecycle import analyse_change
    from tests.helpers.sized_orders import change_order

    change = analyse_change(change_order(1000))
    texts = pages(build_change_form(change, opts()), tmp_path)
    device_pages = [p for p in texts if "Cisco 891FJ" in p]

    def key(line: str) -> str | None:
        m = re.match(r"\s*(\S+)\s+VPN機器\s+Cisco 891FJ", line)
        return m.group(1) if m else None

    header = re.compile(r"変更前\s+変更後")  # under 「新しい 旧機器の」, the header's first line
    rows = _rows_under_one_header(device_pages, header.search, key, above=1)
    assert len(rows) == len(change.device_changes) > CHUNK_ROWS  # two tables and more
    assert len(set(rows)) == len(rows)


def test_the_cancellation_quote_list_header_is_at_the_top_of_each_page_never_mid_page(tmp_path: Path) -> None:
    from configurator.documents.lifecycle_docs import build_cancel_quote
    from configurator.lifecycle import analyse_cancel
    from tests.helpers.sized_orders import cancel_order

    cancel = analyse_cancel(cancel_order(1000))
    texts = pages(build_cancel_quote(cancel, opts()), tmp_path)

    def key(line: str) -> str | None:
        m = re.match(r"(\S+(?: \S+)?)\s+[\d,]+円\s+\d{4}年", line.strip())
        return m.group(1) if m else None

    header = re.compile(r"^\s*契約・オプション\s+月額費用")
    rows = _rows_under_one_header(texts, header.search, key)
    assert rows == [item.name for item in cancel.items]
    assert len(rows) > 2 * CHUNK_ROWS


def test_a_client_list_has_its_header_under_its_title_or_at_a_page_top(tmp_path: Path) -> None:
    """The auth 申込書's client lists (35 clients a unit: two tables) printed the header again above
    the 31st client, mid-page. At a page's top, it is under the caption of the list it continues."""
    from tests.helpers.sized_orders import auth_order

    texts = pages(build_form(auth_order(300), opts()), tmp_path)
    clients = []
    for n, page in enumerate(texts, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for k, line in enumerate(lines):
            if re.match(r"No\s+名称\s+端末のIPアドレス", line):
                unit = len(clients) // 35 + 1  # the unit of the client under it
                caption = f"管理単位 {unit}「認証管理単位{unit:02d}」のクライアント(続き)"
                at_top = k == 1 and lines[0] == caption
                assert at_top or lines[k - 1] == "クライアント(端末ごとに1契約)", (n, lines[: k + 1])
            m = re.match(r"\d+\s+(RADIUSクライアント\d+-\d+)\s", line)
            if m:
                clients.append(m.group(1))
    assert clients == [f"RADIUSクライアント{u}-{k}" for u in range(1, 7) for k in range(1, 36)]
