"""The wizard: a list of pages on the left (with their issue counts), the page, Back and Next.

The flow (which pages, in which order) comes from configurator.session.flow; every edit goes through the
OrderSession; autosave writes to the draft store a moment after each edit, on every page change
and on close."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.session import edits, flow
from configurator.session.order_session import EDITING_KEY, OrderSession
from configurator.store.draftlock import DraftHold, DraftOpenElsewhere
from configurator.store.drafts import is_contracted
from configurator.text import i18n
from configurator.text.i18n import _, error_text, pick
from ui import common, pages
from ui.common import count_text, inform
from ui.lazypages import LazyPages
from ui.wizard_output import WizardOutput

AUTOSAVE_MS = 1500


class _StatusBox(QWidget):
    """Holds the status line at its place in the layout, as wide as the row gives it. The line's new text
    after every edit lays out the box alone, not the whole window (a QLabel's setText asks its parent's
    layout again, and through it the page stack's: about 2 ms an edit on a 1,000-site order, for
    nothing, since the line keeps its size)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        label.setParent(self)
        self.setFixedHeight(label.maximumHeight())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)


class WizardView(WizardOutput):
    """The pages, the page list, Back/Next and autosave; the signals exported, previewed, printed,
    issuer_requested, session_changed and page_changed, and the output slots, are WizardOutput's."""

    saved = Signal(object)  # SaveResult
    lifecycle_requested = Signal(int)  # a contracted order's banner: 契約・変更・解約 of this draft

    def __init__(self, store: Any, price_book: Any = None) -> None:
        super().__init__()
        self.store = store
        self.price_book = price_book
        self.session: OrderSession | None = None
        #: the lock on the draft being edited (store.hold): no other window opens, trashes or deletes it
        self.hold: DraftHold | None = None
        self.current = "customer"
        self.last_message = ""
        outer = QVBoxLayout(self)
        from ui.contract.banner import ContractedBanner

        self.contracted_banner = ContractedBanner()  # a contracted order: shown read-only
        self.contracted_banner.lifecycle_requested.connect(
            lambda: self.session is not None
            and self.session.draft_id is not None
            and self.lifecycle_requested.emit(self.session.draft_id)
        )
        self.contracted_banner.copy_requested.connect(self.copy_as_new_order)
        outer.addWidget(self.contracted_banner)
        self.nav = QListWidget()
        self._nav_language = ""
        self.nav.setAccessibleName(_('ページ一覧'))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentItemChanged.connect(self._nav_clicked)
        self.stack = QStackedWidget()
        # the page list as narrow as its widest label allows (_fit_nav), the page the rest: a plain row,
        # not a splitter (a fixed-width list in a splitter left an empty band of about 40 px beside it)
        row = QHBoxLayout()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        outer.addLayout(row, 1)
        # every flow page, by the widget registered for its id (ui.pages.register), built when first
        # needed; the others one at a time while the app is idle (ui/lazypages.py)
        self.pages: LazyPages[pages.WizardPage] = LazyPages(self._build_page)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setAccessibleName(_('状態'))
        self.status.setWordWrap(True)
        # two lines always: the buttons beside and the page above keep their place as messages come and go
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        status_box = _StatusBox(self.status)
        self.back_btn = QPushButton(_('戻る(&B)'))
        self.back_btn.setAccessibleName(_('戻る'))
        self.next_btn = QPushButton(_('次へ(&N)'))
        self.next_btn.setAccessibleName(_('次へ'))
        self.next_btn.setDefault(True)
        self.back_btn.clicked.connect(self.back)
        self.next_btn.clicked.connect(self.next)
        bottom.addWidget(status_box, 1)
        bottom.addWidget(self.back_btn)
        bottom.addWidget(self.next_btn)
        outer.addLayout(bottom)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        for seq, slot in (
            (QKeySequence.StandardKey.Undo, self.undo),
            (QKeySequence.StandardKey.Redo, self.redo),
            (QKeySequence("Ctrl+Y"), self.redo),
            (QKeySequence.StandardKey.Save, self.autosave),
        ):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._init_output()  # export, preview, print (ui/wizard_output.py)
        self.pages.build_rest_when_idle(self)

    def _build_page(self, page_id: str) -> pages.WizardPage:
        page = pages.widget_class(page_id)(self)
        before = flow.PAGE_IDS[: flow.PAGE_IDS.index(page_id)]
        self.stack.insertWidget(len([pid for pid in self.pages.built() if pid in before]), page)  # flow order
        page.binder.typed = self._typed
        page.rows_changed.connect(lambda p=page: self._keep_read_only(p))
        return page

    # --- session ------------------------------------------------------------------------------

    def open_session(self, session: OrderSession, hold: DraftHold | None = None) -> None:
        """Edit `session`; `hold` is the lock its draft was opened with (else it is taken here: a draft this
        window made, which no other window has)."""
        self.session = session
        if hold is not None:
            self.let_go()
            self.hold = hold
        self.keep_hold()
        self.last_message = ""  # "…に保存しました" was about the order before
        session.listeners.append(lambda _s: self._on_session_changed())
        if session.draft_id is not None:
            self.store.set_state(EDITING_KEY, str(session.draft_id))
        # a contracted order changes only by a change order: shown read-only, with the way to it
        status = self.store.info(session.draft_id).status if session.draft_id is not None else ""
        session.read_only = is_contracted(session.doc, status)
        self.contracted_banner.setVisible(session.read_only)
        self.current = "customer"
        self._rebuild_nav()
        self.show_page("customer")
        self._preview_out_of_date()  # another order: the preview shown is not of it

    def focus_first_field(self) -> None:
        """The focus in the first field of the page shown (a new order's 件名, a draft's page's first)."""
        page = self.pages.get(self.current)
        if page is not None:
            page.focus_first()

    def _on_session_changed(self) -> None:
        page = self.pages.get(self.current)
        if page is not None:
            page.on_changed()
        self._update_nav_counts()
        self._update_status()
        self.autosave_timer.start()
        self.session_changed.emit()

    def undo(self) -> None:
        """元に戻す: the last edit taken back; the status line says which."""
        step = self.session.undo_step if self.session else None
        if self.session and step and self.session.undo():
            self.pages[self.current].refresh()
            self.pages[self.current].after_undo()
            self.last_message = _('元に戻しました: {step}').format(step=common.step_text(step))
            self._update_status()

    def redo(self) -> None:
        """やり直し: the edit last taken back made again; the status line says which."""
        step = self.session.redo_step if self.session else None
        if self.session and step and self.session.redo():
            self.pages[self.current].refresh()
            self.pages[self.current].after_undo()
            self.last_message = _('やり直しました: {step}').format(step=common.step_text(step))
            self._update_status()

    # --- navigation -----------------------------------------------------------------------------

    def _rebuild_nav(self) -> None:
        assert self.session is not None
        self.nav.blockSignals(True)
        self.nav.clear()
        for p in flow.pages_for(self.session.doc):
            item = QListWidgetItem(_(p.title))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self._update_nav_counts()
        self._fit_nav()

    def _update_nav_counts(self) -> None:
        if self.session is None:
            return
        by_page = flow.issues_by_page(self.session.all_issues)
        relabelled = False
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            pid = item.data(Qt.ItemDataRole.UserRole)
            issues = by_page.get(pid, [])
            n = flow.count_issues(issues)
            title = _(flow.page(pid).title)
            marks = " ".join(
                m for m in (f"⚠{n.errors}" if n.errors else "", f"△{n.warnings}" if n.warnings else "") if m
            )
            text = f"{title}  {marks}" if marks else title
            if item.text() != text:
                item.setText(text)
                relabelled = True
            item.setToolTip(count_text(n) if issues else _('問題はありません'))
            if pid == self.current:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        if relabelled:  # the width follows the labels (most edits change no count)
            self._fit_nav()

    def _fit_nav(self) -> None:
        """The page list as wide as the widest page title with room for the widest marks ("⚠99 △99") at its
        font, in the language in use: fitted once, so marks coming and going never move the page beside it
        under the mouse; wider only when a label really needs more (⚠100), never narrower again."""
        fm = self.nav.fontMetrics()
        room = max(fm.horizontalAdvance(f"{_(p.title)}  ⚠99 △99") for p in flow.PAGES) + 8
        if self.nav.count():
            room = max(room, self.nav.sizeHintForColumn(0))
        width = max(150, room + 2 * self.nav.frameWidth() + 12)
        if width > self.nav.minimumWidth() or self._nav_language != i18n.current():
            self._nav_language = i18n.current()
            self.nav.setFixedWidth(width)

    def _nav_clicked(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is not None:
            self.show_page(item.data(Qt.ItemDataRole.UserRole))

    def show_page(self, page_id: str) -> None:
        if self.session is None:
            return
        if page_id != self.current:
            self.autosave()
        self.current = page_id
        page = self.pages[page_id]
        self.stack.setCurrentWidget(page)
        page.refresh()
        self._keep_read_only(page)
        ids = [p.id for p in flow.pages_for(self.session.doc)]
        self.back_btn.setEnabled(ids.index(page_id) > 0 if page_id in ids else False)
        self.next_btn.setEnabled(flow.next_page(self.session.doc, page_id) is not None)
        self._update_nav_counts()
        self._fit_nav()
        self._update_status()
        self._tab_in_reading_order(page)
        self.page_changed.emit(page_id)

    def _tab_in_reading_order(self, page: pages.WizardPage) -> None:
        """Tab goes through the banner, the page top to bottom, then the page list, 戻る and 次へ: the order
        the controls were made in had e.g. the VPN網 list and the sites table after 次へ."""
        banner = [self.contracted_banner.lifecycle, self.contracted_banner.copy]
        chain = [*banner, *common.reading_order(page), self.nav, self.back_btn, self.next_btn]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _keep_read_only(self, page: pages.WizardPage) -> None:
        """A contracted order's pages read-only (but the export page: the quote can be printed again): they
        scroll, select and copy, and nothing on them edits. Again whenever the page's rows or selection
        change (what it enables then)."""
        read_only = self.session is not None and self.session.read_only and page.page_id != "export"
        if read_only or page.property("readOnlyShown"):
            page.setProperty("readOnlyShown", read_only or None)
            common.set_read_only(page, read_only)
            if not read_only:
                page.rows_changed.emit()  # its buttons as its rows and selection allow

    def next(self) -> bool:
        if self.session is None:
            return False
        ok, why = flow.can_leave(self.session.doc, self.current)
        if not ok:
            self.status.setText(_(why))
            return False
        nxt = flow.next_page(self.session.doc, self.current)
        if nxt:
            self.show_page(nxt)
            return True
        return False

    def back(self) -> None:
        if self.session is None:
            return
        prev = flow.previous_page(self.session.doc, self.current)
        if prev:
            self.show_page(prev)

    def go_to_pointer(self, ptr: str) -> None:
        target = flow.page_of(ptr)
        self.show_page(target)
        self.pages[target].focus_pointer(ptr)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            view = QApplication.focusWidget()
            if isinstance(view, QAbstractItemView):
                # Enter in a list or table edits its cell there (as F2 does), never 次へ as well
                index = view.currentIndex()
                if (
                    view.state() != QAbstractItemView.State.EditingState
                    and index.isValid()
                    and index.flags() & Qt.ItemFlag.ItemIsEditable
                ):
                    view.edit(index)
                return
            page = self.pages.get(self.current)
            if page is not None and page.binder.told:
                page.binder.told = False  # the field's message is read first; Enter again goes on
                return
            self.next()
            return
        super().keyPressEvent(event)

    def _update_status(self) -> None:
        s = self.session
        if s is None:
            return
        from configurator.text.jpformat import display_yen_mark

        q = s.totals()  # the totals of the quote, for less work than the itemised quote
        # the findings the page list marks, the application form's among them: the same numbers
        counts = count_text(flow.count_issues(s.all_issues))
        text = _('{counts}  |  初期費用 {v2}  月額 {v3}(税込{v4})').format(
            counts=counts,
            v2=display_yen_mark(q.groups['initial'].total),
            v3=display_yen_mark(q.groups['monthly'].total),
            v4=_('・サンプル価格') if q.sample else '',
        )
        if self.last_message:
            text += f"  |  {self.last_message}"
        self.status.setText(text)

    # --- saving -------------------------------------------------------------------------------

    def _typed(self) -> None:
        """A keystroke in a text field: save 1.5 s after the last one, whether or not the field is left."""
        if self.session is not None:
            self.autosave_timer.start()

    def autosave(self) -> None:
        s = self.session
        if s is None or self.store is None:
            return
        page = self.pages.get(self.current)
        if page is not None:
            page.binder.flush()  # what is being typed, even with the focus still in the field
        if not s.dirty:
            return
        self.autosave_timer.stop()
        try:
            result = s.save(self.store)
        except KnownError as exc:
            self.last_message = _('保存できませんでした: {message}').format(message=error_text(exc))
            self._update_status()
            return
        self.store.set_state(EDITING_KEY, str(s.draft_id))
        self.keep_hold()
        info = self.store.info(s.draft_id)
        # a conflict copy, a draft taken back out of the trash or made anew after another window: said
        told = pick(result.message, result.message_en)
        saved = _('{quote_number} に保存しました').format(quote_number=info.number)  # no R: 版 counts issues
        self.last_message = told or saved
        if result.conflict:
            inform(self, _('ほかのウィンドウで更新されていました'), told)
        elif result.recreated:
            inform(self, _('ほかのウィンドウで削除されていました'), told)
        self._update_status()
        self.saved.emit(result)

    def copy_as_new_order(self) -> None:
        """A contracted order copied as a new order for the same customer (without the contract's record),
        opened for editing; the contracted one stays as it is."""
        s = self.session
        if s is None or s.draft_id is None:
            return
        try:
            result = self.store.duplicate(s.draft_id, new_order=True)
            info, doc = self.store.load(result.draft_id)
        except KnownError as exc:
            self.status.setText(error_text(exc))
            return
        self.open_session(
            OrderSession(doc, info.id, info.rev, price_book=self.price_book, undo_steps=s.undo_steps)
        )
        self.last_message = _('新しい注文 {number} として複製しました。').format(number=info.number)
        self._update_status()

    def close_session(self) -> None:
        """On a clean close: save, forget the crash-recovery marker, and let other windows have the draft."""
        self.autosave()
        if self.store is not None:
            self.store.set_state(EDITING_KEY, None)
        self.let_go()

    def keep_hold(self) -> None:
        """The lock follows the draft the session saves to: taken for a new order's first save, moved to a
        conflict copy or to the draft made anew after a deletion elsewhere."""
        s = self.session
        wanted = s.draft_id if s is not None else None
        if self.hold is not None and self.hold.draft_id == wanted:
            return
        self.let_go()
        if wanted is None or self.store is None:
            return
        try:
            self.hold = self.store.hold(wanted, owner=self)
        except (DraftOpenElsewhere, KnownError):  # a draft this window made: not had by another; or gone
            self.hold = None

    def let_go(self) -> None:
        """The draft's lock released (the draft closed, another opened, the window closed)."""
        if self.hold is not None:
            self.hold.release()
            self.hold = None

    # --- edits: the commands are in configurator.session.edits; a page applies most itself ----------

    def _session(self) -> OrderSession:
        assert self.session is not None
        return self.session

    def set_service(self, service: str, on: bool) -> None:
        """Choose or drop a service: the page list follows."""
        s = self._session()
        if (
            not on
            and s.doc.get(edits.service_key(service))
            and not common.confirm(
                self, _('サービスを外す'), _('このサービスの入力内容を削除しますか?(元に戻すで戻せます)')
            )
        ):
            self.pages["services"].refresh()
            return
        s.apply(*edits.set_service(s.doc, service, on))
        self._rebuild_nav()
        self.pages["services"].refresh()

    def add_child(self, net: int) -> None:
        s = self._session()
        s.apply(*edits.add_child(s.doc, net))

    def add_auth_child(self, unit: int, key: str) -> None:
        s = self._session()
        if unit >= 0:
            s.apply(*edits.add_auth_child(s.doc, unit, key))

    def bulk_set(self, ptrs: list[str], value: Any) -> None:
        if ptrs:
            self._session().apply(*edits.bulk_set(ptrs, value))

    def set_price_book(self, book: Any) -> None:
        self.price_book = book
        if self.session is not None:
            self.session.price_book = book
            self.session.revalidate()  # prices, and the price-book rules, with the new book
