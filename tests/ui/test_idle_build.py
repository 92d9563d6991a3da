"""Issue 22 item 5: the first 新しい注文 of the day built the whole wizard (nine pages) and warmed every
cache on the UI thread, ~500 ms of a frozen window. Now each page is built when first needed and the
others one at a time while the app is idle, and the start screen prepares the rest in the background."""

from __future__ import annotations

from typing import Any

from configurator.session import flow


def test_the_first_order_builds_only_the_page_it_shows_then_the_rest_when_idle(
    qtbot: Any, window: Any
) -> None:
    window.start.new_btn.click()
    wiz = window.wizard
    assert window.stack.currentWidget() is wiz and wiz.stack.currentWidget() is wiz.pages["customer"]
    assert wiz.pages.built() == ["customer"]  # nothing else held the click up
    assert wiz.pages.get("export") is None  # asking whether a page is there does not build it
    qtbot.waitUntil(lambda: wiz.pages.built() == list(flow.PAGE_IDS), timeout=10_000)
    assert [wiz.stack.widget(i) for i in range(wiz.stack.count())] == list(wiz.pages.values())
    assert wiz.stack.currentWidget() is wiz.pages["customer"]  # the pages built meanwhile stay out of view
    wiz.show_page("export")
    assert wiz.stack.currentWidget() is wiz.pages["export"]


def test_the_start_screen_prepares_the_wizard_while_the_user_reads_it(qtbot: Any, window: Any) -> None:
    window.prepare_when_idle(0)
    qtbot.waitUntil(
        lambda: window.wizard is not None and window.wizard.pages.built() == list(flow.PAGE_IDS),
        timeout=20_000,
    )
    assert window.stack.currentWidget() is window.start  # still the start screen: nothing was opened
    assert window.wizard.session is None
    window.start.new_btn.click()
    wiz = window.wizard
    assert window.stack.currentWidget() is wiz and wiz.current == "customer"
    assert wiz.session is not None and wiz.session.doc.get("title", "") == ""


def test_once_the_wizard_is_built_the_collector_no_longer_walks_it(qtbot: Any, window: Any) -> None:
    """What the app keeps for good (its modules, the built pages) is left out of later full collections
    (gc.freeze once the last page is built): a full collection on the UI thread took 30-80 ms, the
    slowest steps of a day's random actions (issue 22 item 5)."""
    import gc

    gc.unfreeze()
    window.prepare_when_idle(0)
    qtbot.waitUntil(
        lambda: window.wizard is not None and window.wizard.pages.built() == list(flow.PAGE_IDS),
        timeout=20_000,
    )
    pages = list(window.wizard.pages.values())
    assert gc.get_freeze_count() > 10_000
    tracked = {id(o) for o in gc.get_objects()}  # the generations the collector walks
    assert not any(id(p) in tracked for p in pages)
    gc.unfreeze()  # the next tests start as the app does
