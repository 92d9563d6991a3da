"""The base of the wizard's pages, and the registry that ties each page widget to its flow page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from configurator.session import flow
from configurator.session.edits import Patch
from configurator.session.order_session import OrderSession
from configurator.text.i18n import _
from ui.common import Binder


class Wizard(Protocol):
    """What a page asks of the wizard (ui.wizard.WizardView): the session, navigation, the edits that
    change the page list, and the export page's commands. A page applies the other edits itself."""

    @property
    def session(self) -> OrderSession | None: ...
    @property
    def issuer_requested(self) -> SignalInstance: ...
    @property
    def approval_requested(self) -> SignalInstance: ...
    def approvals(self) -> bool: ...
    def go_to_pointer(self, ptr: str) -> None: ...
    def quote_number(self) -> str: ...
    def set_service(self, service: str, on: bool) -> None: ...
    def add_child(self, net: int) -> None: ...
    def add_auth_child(self, unit: int, key: str) -> None: ...
    def export_pdf(self, kind: str, path: str | None = None) -> None: ...
    def save_order_file(self, path: str | None = None) -> None: ...
    def print_documents(self) -> None: ...
    def preview(self) -> None: ...
    def preview_draft(self) -> None: ...


@dataclass(frozen=True)
class RowAction:
    """A row command of the 編集 menu (行の追加・複製・削除) on the page's current table: what it does, or,
    when it cannot apply, None and why not (the menu shows the reason)."""

    run: Callable[[], object] | None
    why_not: str = ""


#: the 編集 menu's row commands, in its order
ROW_ACTIONS = ("add", "duplicate", "remove")


class WizardPage(QWidget):
    page_id = ""  # set by @register
    #: what the row commands can do changed (the current table, its selection, its rows)
    rows_changed = Signal()

    def __init__(self, wizard: Wizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.binder = Binder(lambda: self.wizard.session)
        info = flow.page(self.page_id)
        self.layout_ = QVBoxLayout(self)
        title = QLabel(_(info.title))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.layout_.addWidget(title)
        self.helptext = helptext = QLabel(_(info.help))
        helptext.setWordWrap(True)
        helptext.setStyleSheet("color: #444;")
        self.layout_.addWidget(helptext)

    @property
    def session(self) -> OrderSession:
        """The session being edited (a page is only shown, and only edits, while there is one)."""
        s = self.wizard.session
        assert s is not None
        return s

    def apply(self, patch: Patch, refresh: bool = False) -> None:
        """Apply an edit command (configurator.session.edits) as one undo step, then `refresh` the page
        if asked; an edit with no operations (nothing selected) leaves no step."""
        if patch.ops:
            self.session.apply(*patch)
            if refresh:
                self.refresh()

    def refresh(self) -> None:
        """Put the document's values into the widgets (on entering the page, after undo)."""
        self.binder.refresh()

    def after_undo(self) -> None:
        """After an undo or redo (the page is refreshed too): messages about the undone edit go."""

    def on_changed(self) -> None:
        """After any edit: show the new issues (widgets keep what the user is typing)."""
        self.binder.show_issues()

    def row_actions(self) -> dict[str, RowAction]:
        """行の追加・複製・削除 on the current table of the page (ROW_ACTIONS); a page without a table of
        rows has none, and says so."""
        why = _('このページには行を追加・複製・削除する表がありません。')
        return {key: RowAction(None, why) for key in ROW_ACTIONS}

    def focus_first(self) -> None:
        """The focus in the page's first field, so the first keystrokes of a new order go somewhere."""
        for _p, w, _kind, _issue in self.binder.fields:
            if w.isVisibleTo(self) and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                w.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def focus_pointer(self, ptr: str) -> None:
        for p, w, _kind, _issue in self.binder.fields:
            if p() == ptr:
                w.setFocus()
                return


# --- the page registry: the widget of each flow page, by its id -------------------------------------

_WIDGETS: dict[str, type[WizardPage]] = {}
PageClass = TypeVar("PageClass", bound=type[WizardPage])


def register(page_id: str) -> Callable[[PageClass], PageClass]:
    """Class decorator: the widget of the flow page `page_id` (configurator.session.flow.PAGES). An id
    the flow does not have, or a second widget for one page, is an error as the module is imported."""
    if page_id not in flow.PAGE_IDS:
        raise LookupError(f"no page {page_id!r} in the flow (configurator.session.flow.PAGES)")

    def decorate(cls: PageClass) -> PageClass:
        if page_id in _WIDGETS:
            first = _WIDGETS[page_id].__name__
            raise LookupError(f"page {page_id!r} has two widgets: {first}, {cls.__name__}")
        cls.page_id = page_id
        _WIDGETS[page_id] = cls
        return cls

    return decorate


def widget_class(page_id: str) -> type[WizardPage]:
    """The widget class of a flow page."""
    return _WIDGETS[page_id]


def check_registry() -> None:
    """Every flow page has its widget (called once all the page modules are imported)."""
    missing = [pid for pid in flow.PAGE_IDS if pid not in _WIDGETS]
    if missing:
        raise LookupError(f"flow pages without a widget: {', '.join(missing)}")



