"""Issue 22 item 5: a zoom step held the UI thread while every page in view was rendered again, with the
pages blank meanwhile. Now the old picture stays, scaled, until the new one is made, and the pages are
made again one per event-loop turn, those in view first."""

from __future__ import annotations

from typing import Any

from tests.ui.test_preview import previewed


def test_a_zoom_keeps_the_old_picture_scaled_until_the_new_one_is_made(qtbot: Any, window: Any) -> None:
    _wiz, preview = previewed(qtbot, window, "mixed.iij-order.json")
    first = preview._pages[0]
    qtbot.waitUntil(lambda: first.rendered_at == preview.scale(), timeout=10_000)
    old_width = first.pixmap().width()
    preview.zoom_in()
    # no blank page while the new picture is made: the old one fills the page's new, larger frame
    assert first.pixmap() is not None and first.pixmap().width() == old_width
    assert first.hasScaledContents() and first.width() > old_width / first.pixmap().devicePixelRatio()
    before = sum(1 for p in preview._pages if p.rendered_at == preview.scale())
    preview._render_visible()  # one turn of the event loop
    assert sum(1 for p in preview._pages if p.rendered_at == preview.scale()) == before + 1  # one page a turn
    assert first.rendered_at == preview.scale()  # the page in view first
    with qtbot.waitSignal(preview.rendered, timeout=10_000):
        pass
    assert abs(first.pixmap().width() / first.pixmap().devicePixelRatio() - first.width()) <= 2


def test_pictures_kept_at_a_high_zoom_stay_within_the_budget(qtbot: Any, window: Any) -> None:
    """Issue 22 item 1: an A4 page is 14 MB of picture at 200%; seven pages were kept rendered whatever
    the zoom, so memory after a day depended on the last zoom used."""
    from ui.preview import PICTURE_BUDGET_MB

    _wiz, preview = previewed(qtbot, window, "mixed.iij-order.json")
    assert len(preview._pages) >= 4
    with qtbot.waitSignal(preview.rendered, timeout=10_000):
        preview.set_zoom(200)
    held = [p.pixmap() for p in preview._pages if p.rendered_at]
    assert held and sum(px.width() * px.height() * 4 for px in held) <= PICTURE_BUDGET_MB * 2**20
    first = preview._pages[0]
    assert first.rendered_at == preview.scale()  # the page in view is there, at the new zoom
