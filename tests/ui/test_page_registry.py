"""One page registry: the wizard's pages come from the flow (configurator.session.flow), each drawn by the
widget registered for its id; an unknown id, a second widget for a page, or a page with none is an error."""

from __future__ import annotations

from typing import Any

import pytest

from configurator.session import flow
from tests.conftest import EXAMPLES


def test_every_flow_page_has_exactly_its_widget() -> None:
    from ui import pages

    pages.check_registry()
    for pid in flow.PAGE_IDS:
        assert pages.widget_class(pid).page_id == pid


def test_a_widget_for_a_page_the_flow_does_not_have_is_refused() -> None:
    from ui import pages

    with pytest.raises(LookupError, match="no page 'invoice'"):
        pages.register("invoice")


def test_a_second_widget_for_a_page_is_refused() -> None:
    from ui import pages

    with pytest.raises(LookupError, match="two widgets"):
        pages.register("review")(type("AnotherReview", (pages.WizardPage,), {}))
    assert pages.widget_class("review").__name__ == "ReviewPage"


def test_a_flow_page_without_a_widget_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import pages

    monkeypatch.setattr(flow, "PAGE_IDS", (*flow.PAGE_IDS, "invoice"))
    with pytest.raises(LookupError, match="without a widget: invoice"):
        pages.check_registry()


def test_the_wizard_shows_the_flow_pages_in_the_flow_order(qtbot: Any, window: Any) -> None:
    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    wiz = window.wizard
    assert list(wiz.pages) == list(flow.PAGE_IDS)
    # pages are built when first shown, the others while the app is idle (issue 22 item 5)
    qtbot.waitUntil(lambda: wiz.pages.built() == list(flow.PAGE_IDS))
    assert [wiz.stack.widget(i).page_id for i in range(wiz.stack.count())] == list(flow.PAGE_IDS)
    for pid, page in wiz.pages.items():
        assert page.findChild(type(wiz.status), "pageTitle").text() == flow.page(pid).title
