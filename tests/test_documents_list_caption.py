"""What a reader sees of a list that is empty or that runs over pages: an empty list reads 「なし」 from
its first column (it printed 「なし」 under the second heading, beside an empty 拠点 cell), and a page
that continues a list says whose rows it holds (a reader who opened page 27 of a 1,000-contract auth
申込書 saw RADIUS clients under a bare header and could not tell which 管理単位 they were)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from configurator.documents.form import build_form
from tests.test_documents import opts, pages

_CAPTION = re.compile(r"^管理単位 (\d+)「認証管理単位(\d+)」の(クライアント|プロキシ|VPDN)\(続き\)$")
_HEADERS = {
    "クライアント": re.compile(r"^No\s+名称\s+端末のIPアドレス$"),
    "プロキシ": re.compile(r"^No\s+名称\s+転送先"),
    "VPDN": re.compile(r"^No\s+名称\s+品目\s+IIJモバイルサービスのご契約"),
}


def test_every_page_continuing_an_auth_list_names_its_unit(tmp_path: Path) -> None:
    from tests.helpers.sized_orders import auth_order

    texts = pages(build_form(auth_order(1000), opts()), tmp_path)
    continued = 0
    for n, page in enumerate(texts, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if any(h.match(lines[0]) for h in _HEADERS.values()):  # a header at the top, under no caption
            raise AssertionError((n, lines[:3]))
        m = _CAPTION.match(lines[0])
        if not m:
            continue
        continued += 1
        unit, kind = int(m.group(1)), m.group(3)
        assert int(m.group(2)) == unit, (n, lines[0])
        assert _HEADERS[kind].match(lines[1]), (n, lines[:3])  # the caption, then the list's header
        if kind == "クライアント":  # the rows under it are that unit's clients
            first = re.match(r"\d+\s+RADIUSクライアント(\d+)-\d+\s", lines[2])
            assert first and int(first.group(1)) == unit, (n, lines[:3])
    assert continued >= 20, continued  # the clients of 20 units, each over a page break


def test_every_page_of_the_auth_lists_starts_with_the_unit_its_rows_belong_to(tmp_path: Path) -> None:
    """A list that starts at the top of a page (its unit's heading on the page before: 「プロキシ」 alone
    at the top of page 5) is under 「管理単位 N「名前」(続き)」; a continued one under its caption."""
    from tests.helpers.sized_orders import auth_order

    texts = pages(build_form(auth_order(1000), opts()), tmp_path)
    named = re.compile(
        r"^管理単位 (\d+)(「認証管理単位(\d+)」(\(続き\)|の(クライアント|プロキシ|VPDN)\(続き\))|: .+)$"
    )
    for n, page in enumerate(texts[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        rows = [line for line in lines if re.match(r"\d+\s+\S", line)]
        if not rows:
            continue
        m = named.match(lines[0])
        assert m, (n, lines[:3])
        assert m.group(3) is None or int(m.group(3)) == int(m.group(1)), (n, lines[0])
        if m.group(4) == "(続き)":
            assert lines[1] in ("クライアント(端末ごとに1契約)", "プロキシ", "VPDN"), (n, lines[:3])
        client = re.match(r"\d+\s+RADIUSクライアント(\d+)-\d+\s", rows[0])
        if client and not m.group(2).startswith(":"):  # the clients under the caption are its unit's
            assert int(client.group(1)) == int(m.group(1)), (n, lines[:3])
    # which lists start at a page's top depends on the layout (none here since the continued lists'
    # captions went into the top margin); test_a_continued_site_list_names_its_network has one for sure


def test_a_continued_site_list_names_its_network(tmp_path: Path) -> None:
    from tests.helpers.sized_orders import vpn_order

    order = vpn_order(300)
    order["vpn_networks"][0]["name"] = "全国<b>拠点</b>網"  # user text: printed as typed, never markup
    texts = pages(build_form(order, opts()), tmp_path)
    tops = [p.strip().splitlines()[0].strip() for p in texts if "拠点名・設置場所" in p]
    assert len(tops) > 5
    # the list starts at the top of page 2 (the picture fills page 1): under its section, continued
    assert tops[0] == "VPN網 1「全国<b>拠点</b>網」(続き)"
    assert tops[1:] == ["VPN網 1「全国<b>拠点</b>網」の拠点一覧(続き)"] * (len(tops) - 1)


def _rows_under(text: str, title: str) -> list[str]:
    """The lines of the list headed by the paragraph starting with `title` (layout text), up to the
    next blank-separated paragraph."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(title))
    out = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        out.append(line)
    return out


def test_an_empty_change_list_reads_なし_from_its_first_column(tmp_path: Path) -> None:
    from configurator.documents.lifecycle_docs import build_change_form
    from configurator.lifecycle import analyse_change
    from tests.helpers.sized_orders import change_order
    from tests.test_documents import pdftotext

    doc = change_order(1)
    doc["proposed"] = copy.deepcopy(doc["base"])  # no device or settings changed
    doc["settings_jobs"] = []
    text = pdftotext(build_change_form(analyse_change(doc), opts()), tmp_path)
    for title in ("機器種別の変更(", "設定の変更(", "設定変更作業の費用("):
        rows = _rows_under(text, title)
        assert "なし" in rows, (title, rows)  # at the line's start: in the first column, alone
        assert not any(re.match(r"\s+なし", line) for line in rows), (title, rows)


def test_an_empty_list_of_the_form_reads_なし_from_its_first_column(tmp_path: Path) -> None:
    from tests.helpers.sized_orders import auth_order
    from tests.test_documents import pdftotext

    order = auth_order(10)
    order["auth_units"][0]["proxies"] = []
    text = pdftotext(build_form(order, opts()), tmp_path)
    rows = _rows_under(text, "プロキシ")
    assert re.match(r"No\s+名称\s+転送先", rows[0]) and rows[1:] == ["なし"], rows
