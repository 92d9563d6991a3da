"""The network picture of the 申込書 as a reader checks it: a site's name is never broken inside a word
or before the number that ends it (it printed 「秋田サービスセンター」 over 「001」), and the count of
child sites of a dual star stands on the line down to them, not to the left of the parents' boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from configurator.documents.form import build_form
from tests.helpers.sized_orders import vpn_order
from tests.test_documents import opts, pdftotext


def _font() -> str:
    from configurator.documents.fonts import japanese_font

    return japanese_font(None, 0).name


def test_every_sample_site_name_is_whole_on_one_line_of_its_box() -> None:
    from configurator.documents.topology import _name_lines
    from tests.helpers.sized_orders import _site

    names = {_site(k)["name"] for k in range(1, 1000)}  # the sites of the 1,000-site order
    assert "秋田サービスセンター001" in names
    assert any(re.fullmatch(r"(鹿児島|和歌山|神奈川)サービスセンター\d{3}", n) for n in names)
    assert {n: _name_lines(n, _font()) for n in names} == {n: [n] for n in names}


def test_the_picture_of_the_10_site_form_prints_each_site_name_whole(tmp_path: Path) -> None:
    order = vpn_order(10)
    text = pdftotext(build_form(order, opts()), tmp_path).split("\f")[0]
    picture = text.split("拠点数・機器台数", 1)[1].split("拠点名・設置場所", 1)[0]
    lines = [line.strip() for line in picture.splitlines()]
    for site in order["vpn_networks"][0]["children"]:
        assert any(re.search(rf"(^|\s){site['name']}(\s|$)", line) for line in lines), (site["name"], lines)
    assert not any(re.match(r"^\d+(\s|$)", line) for line in lines), lines  # no number alone on a line


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("東京本社 第二データセンター", ["東京本社", "第二データセンター"]),
        ("大阪ロジスティクスセンター南港倉庫", ["大阪ロジスティクスセンター", "南港倉庫"]),
        ("札幌・すすきの営業所 駅前サテライトオフィス", ["札幌・すすきの営業所", "駅前サテライトオフィス"]),
        ("Tokyo Head Office Data Center 001", ["Tokyo Head Office Data", "Center 001"]),
    ],
)
def test_a_name_too_long_for_one_line_breaks_where_a_reader_breaks_it(name: str, lines: list[str]) -> None:
    """After a space or a separator, else between kanji and katakana; never inside a word."""
    from configurator.documents.topology import _name_lines

    assert _name_lines(name, _font()) == lines


def test_the_two_lines_of_a_name_are_set_in_one_size() -> None:
    from reportlab.graphics.shapes import String

    from configurator.documents.topology import network_drawing
    from configurator.tariff.catalogue import catalogue

    net = vpn_order(3)["vpn_networks"][0]
    net["children"][0]["name"] = "大阪ロジスティクスセンター南港倉庫"
    drawing = network_drawing(net, catalogue(), _font(), 510)
    sizes = {s.text: s.fontSize for s in drawing.contents if isinstance(s, String)}
    assert sizes["大阪ロジスティクスセンター"] == sizes["南港倉庫"]


def test_the_child_count_of_a_dual_star_is_on_the_trunk_under_the_parents() -> None:
    from reportlab.graphics.shapes import Rect, String

    from configurator.documents.topology import network_drawing
    from configurator.tariff.catalogue import catalogue

    net = vpn_order(10)["vpn_networks"][0]
    assert net["item"].startswith("dual_star")
    width = 510
    drawing = network_drawing(net, catalogue(), _font(), width)
    count = next(s for s in drawing.contents if isinstance(s, String) and s.text.startswith("子拠点 9拠点"))
    boxes = [s for s in drawing.contents if isinstance(s, Rect)]
    parents = [b for b in boxes if b.y == max(b.y for b in boxes)]
    children_top = max(b.y + b.height for b in boxes if b not in parents)
    assert len(parents) == 2
    assert children_top < count.y < min(b.y for b in parents) - 6.5  # between the parents and the children
    assert width / 2 < count.x < width / 2 + 10 and count.textAnchor == "start"  # beside the trunk
