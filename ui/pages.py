"""The wizard's pages. Each page edits the order through the session and shows what the domain derives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.session import edits, flow
from configurator.session.sitecsv import parse_sites
from configurator.text.i18n import _, error_text, issue_message, pick, severity_label
from ui.common import Binder, IssueLabel, ask_open_file, confirm, fill_choices, issue_text
from ui.sites import DEVICES, OPTIONS, TERMS, TOPOLOGY, ChoiceDelegate, Column, SitesModel


class WizardPage(QWidget):
    page_id = ""  # set by @register

    def __init__(self, wizard: Any) -> None:
        super().__init__()
        self.wizard = wizard
        self.binder = Binder(lambda: self.wizard.session)
        info = flow.page(self.page_id)
        self.layout_ = QVBoxLayout(self)
        title = QLabel(_(info.title))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.layout_.addWidget(title)
        helptext = QLabel(_(info.help))
        helptext.setWordWrap(True)
        helptext.setStyleSheet("color: #444;")
        self.layout_.addWidget(helptext)

    @property
    def session(self) -> Any:
        return self.wizard.session

    def refresh(self) -> None:
        """Put the document's values into the widgets (on entering the page, after undo)."""
        self.binder.refresh()

    def on_changed(self) -> None:
        """After any edit: show the new issues (widgets keep what the user is typing)."""
        self.binder.show_issues()

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
            raise LookupError(f"page {page_id!r} has two widgets: {_WIDGETS[page_id].__name__}, {cls.__name__}")
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


def _form_row(form: QFormLayout, label: str, widget: QWidget, issue: IssueLabel, accessible: str) -> None:
    lab = QLabel(label)
    lab.setBuddy(widget)
    widget.setAccessibleName(accessible)
    box = QVBoxLayout()
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(issue)
    form.addRow(lab, box)


# --- customer -------------------------------------------------------------------------------------


@register("customer")
class CustomerPage(WizardPage):

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        self.layout_.addLayout(form)
        fields = [
            ("/title", _('件名(&T)'), _('件名'), _('例: 株式会社サンプル様 拠点間VPN')),
            ("/customer/name", _('お客様名(&N)'), _('お客様名'), _('会社名、または個人のお名前')),
            ("/customer/name_kana", _('フリガナ(&K)'), _('お客様名のフリガナ'), _('カブシキガイシャサンプル')),
            ("/customer/department", _('部署(&D)'), _('部署'), _('情報システム部')),
            ("/customer/contact", _('ご担当者(&C)'), _('ご担当者'), _('山田 太郎')),
            ("/customer/contact_kana", _('ご担当者フリガナ'), _('ご担当者のフリガナ'), _('ヤマダ タロウ')),
            ("/customer/email", _('メール(&E)'), _('メールアドレス'), "yamada@example.co.jp"),
            ("/customer/phone", _('電話(&P)'), _('電話番号'), "03-1234-5678"),
            ("/customer/postal_code", _('郵便番号(&Z)'), _('郵便番号'), "100-0001"),
            ("/customer/address", _('住所(&A)'), _('住所'), _('東京都千代田区千代田1-1')),
        ]
        self.kind = self.binder.choice(lambda: None)  # placeholder replaced below
        self.binder.fields.pop()
        self.helpers: dict[str, HelperRow] = {}
        for ptr, label, acc, hint in fields:
            issue = IssueLabel()
            w = self.binder.line(lambda p=ptr: p, issue, hint)
            _form_row(form, label, w, issue, acc)
            if ptr in HelperRow.FIELDS:
                helper = HelperRow(self, ptr, w)
                self.helpers[ptr] = helper
                form.addRow("", helper)
            if ptr == "/customer/name":
                self.kind = QComboBox()
                self.kind.addItem(_('法人・団体(宛名に「御中」)'), "company")
                self.kind.addItem(_('個人(宛名に「様」)'), "person")
                self.kind.activated.connect(lambda i: self.session.set("/customer/kind", self.kind.itemData(i)))
                lab = QLabel(_('宛名の区分(&U)'))
                lab.setBuddy(self.kind)
                self.kind.setAccessibleName(_('宛名の区分'))
                form.addRow(lab, self.kind)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        kind = self.session.get("/customer/kind") or "company"
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        for helper in self.helpers.values():
            helper.update_from(self.session.get(helper.ptr) or "")


class HelperRow(QWidget):
    """A suggestion from the Japanese input helpers beside a field: it is applied only when the
    user presses its button, never by itself."""

    FIELDS = ("/customer/postal_code", "/customer/name_kana", "/customer/contact_kana", "/customer/phone",
              "/customer/email")

    def __init__(self, page: CustomerPage, ptr: str, field: QLineEdit) -> None:
        super().__init__()
        self.page, self.ptr, self.field = page, ptr, field
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setStyleSheet("color: #1f5f8b;")
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.apply)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.target: tuple[str, str] | None = None
        field.editingFinished.connect(lambda: self.update_from(field.text()))
        self.hide()

    def update_from(self, value: str) -> None:
        from configurator.text import jpinput

        self.target = None
        message = ""
        if self.ptr == "/customer/postal_code":
            s = jpinput.address_for(value)
            current = self.page.session.get("/customer/address") or ""
            if s and s.value and not current.startswith(s.value):
                message, self.target = s.message, ("/customer/address", s.value)
                self.button.setText(_('この住所を入れる(&J)'))
        elif self.ptr.endswith("_kana"):
            s = jpinput.kana_suggestion(value)
            if s:
                message, self.target = s.message, (self.ptr, s.value)
                self.button.setText(_('全角カタカナにする'))
        elif self.ptr == "/customer/phone":
            message = jpinput.phone_problem(value) or ""
        elif self.ptr == "/customer/email":
            message = jpinput.email_problem(value) or ""
        self.text.setText(message)
        self.button.setVisible(self.target is not None)
        self.button.setAccessibleName(self.button.text().replace("(&J)", "") + f": {message}")
        self.setVisible(bool(message))

    def apply(self) -> None:
        if self.target is None:
            return
        ptr, value = self.target
        if ptr == "/customer/address" and self.page.session.get(ptr):
            from ui.common import confirm as ask

            if not ask(self, _('住所を置き換える'), _('入力済みの住所を「{value}」に置き換えますか?').format(value=value)):
                return
        self.page.session.set(ptr, value, _('入力補助'))
        self.page.refresh()


# --- services -------------------------------------------------------------------------------------


@register("services")
class ServicesPage(WizardPage):

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        from configurator.tariff.catalogue import catalogue

        cat = catalogue()
        vpn_name = pick(cat.tariff("vpn")["service_name"], cat.tariff("vpn")["service_name_en"])
        auth_name = pick(cat.tariff("auth")["service_name"], cat.tariff("auth")["service_name_en"])
        self.vpn = QCheckBox(f"{vpn_name}(&V)")
        self.vpn.setAccessibleName(vpn_name)
        self.auth = QCheckBox(f"{auth_name}(&A)")
        self.auth.setAccessibleName(auth_name)
        for box, text in ((self.vpn, _('拠点間をVPNで結びます。親拠点1つと子拠点で1つのVPN網を作ります。')),
                          (self.auth, _('RADIUS認証とモバイルの閉域接続(VPDN)を提供します。'))):
            self.layout_.addWidget(box)
            label = QLabel(text)
            label.setStyleSheet("color: #555; margin-left: 24px;")
            self.layout_.addWidget(label)
        self.vpn.clicked.connect(lambda checked: self.wizard.set_service("vpn", checked))
        self.auth.clicked.connect(lambda checked: self.wizard.set_service("auth", checked))
        self.issue = IssueLabel()
        self.layout_.addWidget(self.issue)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        services = flow.services_of(self.session.doc)
        self.vpn.setChecked("vpn" in services)
        self.auth.setChecked("auth" in services)
        self.on_changed()

    def on_changed(self) -> None:
        self.issue.show_issues([i for i in self.session.issues if i.path == ""])


# --- VPN pages ------------------------------------------------------------------------------------


class NetworkPicker(QWidget):
    changed = Signal(int)

    def __init__(self, wizard: Any, editable: bool) -> None:
        super().__init__()
        self.wizard = wizard
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_('VPN網(&W)'))
        self.combo = QComboBox()
        self.combo.setAccessibleName(_('VPN網'))
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(lambda i: self.changed.emit(max(i, 0)))
        if editable:
            add = QPushButton(_('VPN網を追加'))
            add.setAccessibleName(_('VPN網を追加'))
            add.clicked.connect(self.wizard.add_network)
            remove = QPushButton(_('このVPN網を削除'))
            remove.setAccessibleName(_('このVPN網を削除'))
            remove.clicked.connect(lambda: self.wizard.remove_network(self.combo.currentIndex()))
            row.addWidget(add)
            row.addWidget(remove)

    def refresh(self) -> None:
        nets = self.wizard.session.doc.get("vpn_networks") or []
        current = self.combo.currentIndex()
        self.combo.blockSignals(True)
        self.combo.clear()
        for i, n in enumerate(nets, start=1):
            self.combo.addItem(_('{i}. {v1}(子拠点 {v2})').format(i=i, v1=n.get('name') or n.get('id'), v2=len(n.get('children') or [])))
        self.combo.setCurrentIndex(min(max(current, 0), len(nets) - 1))
        self.combo.blockSignals(False)

    @property
    def index(self) -> int:
        return max(self.combo.currentIndex(), 0)


class SitesPage(WizardPage):
    columns: tuple[Column, ...] = ()
    editable_networks = False

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.picker = NetworkPicker(wizard, self.editable_networks)
        self.layout_.addWidget(self.picker)
        self.top = QVBoxLayout()
        self.layout_.addLayout(self.top)
        self.model = SitesModel(self.columns, wizard)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAccessibleName(_('拠点の一覧'))
        self.table.verticalHeader().setDefaultSectionSize(24)
        for c, col in enumerate(self.columns):
            self.table.setColumnWidth(c, col.width)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.buttons = QHBoxLayout()
        self.layout_.addLayout(self.buttons)
        hint = QLabel(_("表のセルはダブルクリックするか、選んで入力を始めると編集できます。選べない値は灰色で、マウスを乗せると理由が出ます。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.layout_.addWidget(hint)
        self.layout_.addWidget(self.table, 1)
        self.cell_issue = IssueLabel()
        self.layout_.addWidget(self.cell_issue)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_cell_issue())
        self.picker.changed.connect(self._network_changed)

    def _network_changed(self, index: int) -> None:
        self.model.network = index
        self.model.reload()
        self.binder.refresh()

    def net_ptr(self) -> str | None:
        nets = self.session.doc.get("vpn_networks") or []
        return f"/vpn_networks/{self.picker.index}" if nets else None

    def refresh(self) -> None:
        self.picker.refresh()
        self.model.network = self.picker.index
        self.model.reload()
        super().refresh()

    def on_changed(self) -> None:
        super().on_changed()
        self.model.refresh()
        self._show_cell_issue()

    def _show_cell_issue(self) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= self.model.rowCount():
            self.cell_issue.show_issues([])
            return
        col = self.model.columns[idx.column()]
        ptr = self.model.site_pointer(idx.row()) + col.key
        self.cell_issue.show_issues(self.session.issues_at(ptr) if col.key else [])

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()}) or (
            [self.table.currentIndex().row()] if self.table.currentIndex().isValid() else [])

    def focus_pointer(self, ptr: str) -> None:
        net = ptr.split("/")[2] if ptr.startswith("/vpn_networks/") else None
        if net is not None and net.isdigit() and int(net) != self.picker.index:
            self.picker.combo.setCurrentIndex(int(net))
        row = self.model.row_of(ptr)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, self.model.column_of(ptr)))
            self.table.scrollTo(self.table.currentIndex())
            self.table.setFocus()
        else:
            super().focus_pointer(ptr)


@register("vpn_topology")
class VpnTopologyPage(SitesPage):
    columns = TOPOLOGY
    editable_networks = True

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        issue = IssueLabel()
        self.name = self.binder.line(lambda: self._p("/name"), issue, _('例: 本社-支店VPN'))
        _form_row(form, _('VPN網の名前(&M)'), self.name, issue, _('VPN網の名前'))
        self.net_issue = IssueLabel()
        form.addRow(self.net_issue)
        self.top.addLayout(form)
        for text, slot, name in ((_('子拠点を追加(&D)'), self.add_child, _('子拠点を追加')),
                                 (_('選択した拠点を複製'), self.duplicate, _('選択した拠点を複製')),
                                 (_('選択した子拠点を削除'), self.remove, _('選択した子拠点を削除')),
                                 (_('表から貼り付け'), self.paste, _('表から貼り付け')),
                                 (_('CSVから取り込み(&I)…'), self.import_csv, _('CSVから取り込み'))):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.table)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste)
        self.import_errors = QListWidget()
        self.import_errors.setAccessibleName(_('取り込めなかった行'))
        self.import_errors.setMaximumHeight(90)
        self.import_errors.hide()
        self.layout_.addWidget(self.import_errors)

    def _p(self, rel: str) -> str | None:
        base = self.net_ptr()
        return base + rel if base else None

    def on_changed(self) -> None:
        super().on_changed()
        base = self.net_ptr()
        if base:
            self.net_issue.show_issues([i for i in self.session.issues
                                        if i.path in (base + "/parent", base + "/children")])
        self.picker.refresh()

    def add_child(self) -> None:
        self.wizard.add_child(self.picker.index)
        self.table.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 2))
        self.table.setFocus()

    def duplicate(self) -> None:
        self.wizard.duplicate_sites(self.picker.index, [self.model.site_pointer(r) for r in self.selected_rows()])

    def remove(self) -> None:
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        ptrs = [p for p in ptrs if "/children/" in p]
        if ptrs and confirm(self, _('子拠点の削除'), _('選択した子拠点 {v0}件を削除しますか?(元に戻すで戻せます)').format(v0=len(ptrs))):
            self.wizard.remove_sites(ptrs)

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.add_rows(parse_sites(text, self.wizard.site_ids(), tab="\t" in text))

    def import_csv(self) -> None:
        path = ask_open_file(self, _('拠点のCSVを取り込む'), "CSV (*.csv *.txt)")
        if not path:
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read(20 * 1024 * 1024)
            self.add_rows(parse_sites(data, self.wizard.site_ids()))
        except (OSError, ValueError) as exc:
            self.show_import_errors([_('読み込めません: {exc}').format(exc=exc)])

    def add_rows(self, result: Any) -> None:
        if result.sites:
            self.wizard.add_sites(self.picker.index, result.sites)
        self.show_import_errors(([_('{v0}拠点を追加しました。').format(v0=len(result.sites))] if result.sites else []) + result.errors)

    def show_import_errors(self, lines: list[str]) -> None:
        self.import_errors.clear()
        self.import_errors.addItems(lines)
        self.import_errors.setVisible(bool(lines))


@register("vpn_devices")
class VpnDevicesPage(SitesPage):
    columns = DEVICES

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        for rel, label, acc in (("/item", _('品目(&I)'), _('品目')), ("/maintenance", _('保守種別(&M)'), _('保守種別'))):
            issue = IssueLabel()
            w = self.binder.choice(lambda r=rel: self._p(r), issue)
            _form_row(form, label, w, issue, acc)
        issue = IssueLabel()
        self.cm = self.binder.check(lambda: self._p("/closed_monitoring/enabled"), _('クローズドモニタリングを利用する(&C)'), issue)
        self.cm.setAccessibleName(_('クローズドモニタリング'))
        form.addRow(self.cm)
        line_issue = IssueLabel()
        line = self.binder.line(lambda: self._p("/closed_monitoring/line"), line_issue, _('当社指定場所への回線(回線種別・回線ID)'))
        _form_row(form, _('閉域網回線(&L)'), line, line_issue, _('クローズドモニタリングの回線'))
        self.top.addLayout(form)
        self.bulk = QComboBox()
        self.bulk.setMinimumWidth(220)
        self.bulk.setAccessibleName(_('選択した拠点の機器'))
        bulk_label = QLabel(_('選択した拠点の機器をまとめて(&B)'))
        bulk_label.setBuddy(self.bulk)
        apply = QPushButton(_('設定'))
        apply.setAccessibleName(_('選択した拠点に機器を設定'))
        apply.clicked.connect(self.apply_bulk)
        self.buttons.addWidget(bulk_label)
        self.buttons.addWidget(self.bulk)
        self.buttons.addWidget(apply)
        self.buttons.addStretch(1)

    def _p(self, rel: str) -> str | None:
        base = self.net_ptr()
        return base + rel if base else None

    def refresh(self) -> None:
        super().refresh()
        base = self.net_ptr()
        if base and self.model.rowCount():
            fill_choices(self.bulk, self.session.doc, self.model.site_pointer(0) + "/device", None)

    def apply_bulk(self) -> None:
        value = self.bulk.currentData()
        if value is None:
            return
        self.wizard.apply_if_any(edits.set_devices([self.model.site_pointer(r) for r in self.selected_rows()], value))


@register("vpn_options")
class VpnOptionsPage(SitesPage):
    columns = OPTIONS

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.bulk_option = QComboBox()
        self.bulk_option.setAccessibleName(_('まとめて設定するオプション'))
        for col in OPTIONS:
            if col.kind == "bool":
                self.bulk_option.addItem(_(col.title), col.key)
        label = QLabel(_('選択した拠点に(&B)'))
        label.setBuddy(self.bulk_option)
        on = QPushButton(_('付ける'))
        on.setAccessibleName(_('選択した拠点にオプションを付ける'))
        off = QPushButton(_('外す'))
        off.setAccessibleName(_('選択した拠点のオプションを外す'))
        on.clicked.connect(lambda: self.apply_bulk(True))
        off.clicked.connect(lambda: self.apply_bulk(False))
        self.bulk_result = QLabel()
        self.bulk_result.setWordWrap(True)
        for w in (label, self.bulk_option, on, off):
            self.buttons.addWidget(w)
        self.buttons.addStretch(1)
        self.top.addWidget(self.bulk_result)

    def apply_bulk(self, value: bool) -> None:
        key = self.bulk_option.currentData()
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        skipped = self.wizard.bulk_option(ptrs, key, value)
        self.bulk_result.setText(
            _('{v0}拠点に設定しました。').format(v0=len(ptrs) - len(skipped)) + (_(' {v0}拠点は機器が対応しないため設定していません: ').format(v0=len(skipped))
                                                       + skipped[0] if skipped else ""))


@register("terms")
class TermsPage(SitesPage):
    columns = TERMS

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        issue = IssueLabel()
        self.tariff_date = self.binder.line(lambda: "/tariff_date", issue, "YYYY-MM-DD")
        _form_row(form, _('適用日(&D)'), self.tariff_date, issue, _('規程と価格表の適用日'))
        self.top.addLayout(form)
        self.auth_note = QLabel()
        self.auth_note.setWordWrap(True)
        self.top.addWidget(self.auth_note)
        for years in (1, 3):
            b = QPushButton(_('選択した拠点を{years}年に').format(years=years))
            b.setAccessibleName(_('選択した拠点の最低利用期間を{years}年にする').format(years=years))
            b.clicked.connect(lambda _=False, y=years: self.wizard.apply_if_any(
                edits.set_terms([self.model.site_pointer(r) for r in self.selected_rows()], y)))
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        vpn = bool(self.session.doc.get("vpn_networks"))
        self.table.setVisible(vpn)
        self.picker.setVisible(vpn)
        self.auth_note.setText(self.wizard.auth_terms_text() if self.session.doc.get("auth_units") else "")


# --- auth -----------------------------------------------------------------------------------------


@register("auth_units")
class AuthUnitsPage(WizardPage):

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        row = QHBoxLayout()
        label = QLabel(_('管理単位(&U)'))
        self.units = QComboBox()
        self.units.setAccessibleName(_('管理単位'))
        label.setBuddy(self.units)
        add = QPushButton(_('管理単位を追加'))
        add.setAccessibleName(_('管理単位を追加'))
        add.clicked.connect(self.wizard.add_unit)
        row.addWidget(label)
        row.addWidget(self.units, 1)
        row.addWidget(add)
        self.layout_.addLayout(row)
        self.units.currentIndexChanged.connect(lambda _i: self.refresh_tables())
        form = QFormLayout()
        for rel, lab, acc, hint in (("/management/name", _('マネージメントの名前(&M)'), _('マネージメントの名前'), _('本社認証')),
                                    ("/management/realm", _('レルム(&R)'), _('レルム'), "example.co.jp")):
            issue = IssueLabel()
            w = self.binder.line(lambda r=rel: self._p(r), issue, hint)
            _form_row(form, lab, w, issue, acc)
        issue = IssueLabel()
        gw = self.binder.check(lambda: self._p("/large_scale_private_gateway"),
                               _('IIJモバイル大規模プライベートゲートウェイサービスも利用している(&G)'), issue)
        gw.setAccessibleName(_('大規模プライベートゲートウェイ併用'))
        form.addRow(gw)
        form.addRow(issue)
        issue2 = IssueLabel()
        ack = self.binder.check(lambda: self._p("/setup_acknowledged"),
                                _('お客様側の設定事項(端末・VPDN終端装置・認証識別装置の設定)を説明し、了承を得た(&S)'), issue2)
        ack.setAccessibleName(_('設定事項の了承'))
        form.addRow(ack)
        form.addRow(issue2)
        self.unit_issue = IssueLabel()
        form.addRow(self.unit_issue)
        self.layout_.addLayout(form)
        self.tables: dict[str, QTableWidget] = {}
        specs = {
            "clients": (_('クライアント(端末ごとに1契約)'), [_('名称'), _('端末のIPアドレス')]),
            "proxies": (_('プロキシ'), [_('名称'), _('転送先(カンマ区切り)')]),
            "vpdns": ("VPDN", [_('名称'), _('品目'), _('モバイルの契約区分'), _('終端装置(カンマ区切り)'), _('負荷分散')]),
        }
        for key, (title, headers) in specs.items():
            box = QGroupBox(title)
            v = QVBoxLayout(box)
            t = QTableWidget(0, len(headers))
            t.setHorizontalHeaderLabels(headers)
            t.setAccessibleName(title)
            for c, width in enumerate({"clients": [260, 240], "proxies": [260, 300],
                                       "vpdns": [200, 110, 200, 260, 90]}[key]):
                t.setColumnWidth(c, width)
            t.itemChanged.connect(lambda item, k=key: self._cell_edited(k, item))
            v.addWidget(t)
            h = QHBoxLayout()
            b = QPushButton(_('{v0}を追加').format(v0=title.split('(')[0]))
            b.setAccessibleName(_('{v0}を追加').format(v0=title.split('(')[0]))
            b.clicked.connect(lambda _=False, k=key: self.wizard.add_auth_child(self.units.currentIndex(), k))
            r = QPushButton(_('選択行を削除'))
            r.setAccessibleName(_('{v0}の選択行を削除').format(v0=title.split('(')[0]))
            r.clicked.connect(lambda _=False, k=key: self._remove_rows(k))
            h.addWidget(b)
            h.addWidget(r)
            h.addStretch(1)
            v.addLayout(h)
            self.layout_.addWidget(box, 1)
            self.tables[key] = t
        self._loading = False

    def _p(self, rel: str) -> str | None:
        units = self.session.doc.get("auth_units") or []
        i = max(self.units.currentIndex(), 0)
        return f"/auth_units/{i}{rel}" if units else None

    def refresh(self) -> None:
        units = self.session.doc.get("auth_units") or []
        current = self.units.currentIndex()
        self.units.blockSignals(True)
        self.units.clear()
        for i, u in enumerate(units, start=1):
            self.units.addItem(f"{i}. {(u.get('management') or {}).get('name') or u.get('id')}")
        self.units.setCurrentIndex(min(max(current, 0), len(units) - 1))
        self.units.blockSignals(False)
        super().refresh()
        self.refresh_tables()

    def on_changed(self) -> None:
        super().on_changed()
        self.refresh_tables()

    def refresh_tables(self) -> None:
        base = self._p("")
        self.binder.refresh() if not self._loading else None
        if base is None:
            return
        unit = self.session.get(base) or {}
        self.unit_issue.show_issues([i for i in self.session.issues if i.path == base])
        self._loading = True
        try:
            for key, t in self.tables.items():
                rows = unit.get(key) or []
                t.setRowCount(len(rows))
                for r, child in enumerate(rows):
                    values = self._row_values(key, child)
                    for c, value in enumerate(values):
                        ptr = f"{base}/{key}/{r}{self._col_ptr(key, c)}"
                        if key == "vpdns" and c == 2:
                            from configurator.session.order_session import vpdn_class_pointer

                            ptr = vpdn_class_pointer(self.session.doc, f"{base}/{key}/{r}") or ""
                        if key == "vpdns" and c in (1, 2, 4):
                            self._combo_cell(t, r, c, ptr, key)
                            continue
                        item = t.item(r, c)
                        if item is None:
                            item = QTableWidgetItem()
                            t.setItem(r, c, item)
                        if item.text() != value:
                            item.setText(value)
                        issues = self.session.issues_at(ptr)
                        item.setToolTip(issue_text(issues))
                        item.setBackground(Qt.GlobalColor.transparent)
                        if issues:
                            from ui.common import ERROR_BG

                            item.setBackground(ERROR_BG)
        finally:
            self._loading = False

    def _combo_cell(self, t: QTableWidget, r: int, c: int, ptr: str, key: str) -> None:
        combo = t.cellWidget(r, c)
        if not isinstance(combo, QComboBox):
            combo = QComboBox()
            combo.setAccessibleName(t.horizontalHeaderItem(c).text())
            combo.activated.connect(lambda i, cb=combo: self._combo_changed(cb))
            t.setCellWidget(r, c, combo)
        combo.setProperty("ptr", ptr)
        combo.setEnabled(bool(ptr))
        if not ptr:
            combo.clear()
            combo.addItem(_('(先に品目を選んでください)'))
            return
        fill_choices(combo, self.session.doc, ptr, self.session.get(ptr))
        issues = self.session.issues_at(ptr)
        combo.setToolTip(issue_text(issues))
        combo.setStyleSheet("background: #fde2e4;" if issues else "")

    def _combo_changed(self, combo: QComboBox) -> None:
        ptr = combo.property("ptr")
        item = combo.model().item(combo.currentIndex())
        if item is not None and not item.isEnabled():
            return
        value = combo.currentData()
        if ptr.endswith("/item"):
            self.wizard.set_vpdn_item(ptr, value)
        else:
            self.session.set(ptr, value)

    def _col_ptr(self, key: str, c: int) -> str:
        cols = {"clients": ["/name", "/ip"], "proxies": ["/name", "/destinations"],
                "vpdns": ["/name", "/item", "/mobile", "/terminators", "/load_balancing"]}[key]
        return cols[c]

    def _row_values(self, key: str, child: dict[str, Any]) -> list[str]:
        if key == "clients":
            return [child.get("name") or "", child.get("ip") or ""]
        if key == "proxies":
            return [child.get("name") or "", ", ".join(child.get("destinations") or [])]
        return [child.get("name") or "", "", "", ", ".join(child.get("terminators") or []), ""]

    def _cell_edited(self, key: str, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        base = self._p("")
        if base is None:
            return
        r, c = item.row(), item.column()
        rel = self._col_ptr(key, c)
        text = item.text().strip()
        value: Any = text
        if rel in ("/destinations", "/terminators"):
            value = [p.strip() for p in text.replace(_('、'), ",").split(",") if p.strip()]
        self.session.set(f"{base}/{key}/{r}{rel}", value)

    def _remove_rows(self, key: str) -> None:
        base = self._p("")
        rows = sorted({i.row() for i in self.tables[key].selectedIndexes()}, reverse=True)
        if base and rows:
            self.wizard.remove_paths([f"{base}/{key}/{r}" for r in rows], _('削除'))

    def focus_pointer(self, ptr: str) -> None:
        parts = ptr.split("/")
        if len(parts) > 2 and parts[2].isdigit():
            self.units.setCurrentIndex(int(parts[2]))
        if len(parts) > 4 and parts[3] in self.tables and parts[4].isdigit():
            t = self.tables[parts[3]]
            t.setCurrentCell(int(parts[4]), 0)
            t.setFocus()
            return
        super().focus_pointer(ptr)


# --- review ---------------------------------------------------------------------------------------


@register("review")
class ReviewPage(WizardPage):

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_('問題'), _('根拠')])
        self.tree.setColumnWidth(0, 560)
        self.tree.setAccessibleName(_('確認結果の一覧'))
        self.tree.itemActivated.connect(self._go)
        self.tree.currentItemChanged.connect(lambda *_: self._show_fixes())
        self.layout_.addWidget(self.tree, 2)
        self.fixes = QHBoxLayout()
        self.layout_.addLayout(self.fixes)
        self.totals = QTableWidget(0, 4)
        self.totals.setHorizontalHeaderLabels([_('区分'), _('小計'), _('消費税'), _('合計')])
        self.totals.setAccessibleName(_('見積の合計'))
        self.totals.horizontalHeader().setStretchLastSection(True)
        self.layout_.addWidget(self.totals, 1)
        self.price_note = QLabel()
        self.price_note.setWordWrap(True)
        self.layout_.addWidget(self.price_note)

    def refresh(self) -> None:
        self.on_changed()

    def on_changed(self) -> None:
        s = self.session
        errors = sum(1 for i in s.issues if i.is_error)
        warnings = len(s.issues) - errors
        self.summary.setText(
            _('問題はありません。見積書・申込書を出力できます。') if not s.issues else
            _('エラー {errors}件、警告 {warnings}件。').format(errors=errors, warnings=warnings) + (pick("", " ") + _('エラーを直すまで見積書・申込書は出力できません(下書きとしては出力・保存できます)。')
                                                    if errors else ""))
        self.tree.clear()
        for page_id, issues in flow.issues_by_page(s.issues).items():
            if not issues:
                continue
            top = QTreeWidgetItem([_('{title}({v1}件)').format(title=_(flow.page(page_id).title), v1=len(issues)), ""])
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(top)
            for issue in issues:
                item = QTreeWidgetItem([f"{severity_label(issue)}: {issue_message(issue)}", issue.cite()])
                item.setData(0, Qt.ItemDataRole.UserRole, issue)
                item.setToolTip(0, _('{message}\n{v1}\n({rule} {path})\nEnter またはダブルクリックで入力欄へ移動').format(message=issue_message(issue), v1=issue.cite(), rule=issue.rule, path=issue.path))
                top.addChild(item)
            top.setExpanded(True)
        self._show_fixes()
        self._show_totals()

    def _show_totals(self) -> None:
        from configurator.text.jpformat import display_yen as format_yen

        q = self.session.quote()
        groups = list(q.groups.values())
        self.totals.setRowCount(len(groups) + 1)
        for r, g in enumerate(groups):
            for c, text in enumerate([_(g.label), format_yen(g.subtotal), format_yen(g.tax), format_yen(g.total)]):
                self.totals.setItem(r, c, QTableWidgetItem(text))
        self.totals.setItem(len(groups), 0, QTableWidgetItem(_('最低利用期間の総額(税抜)')))
        self.totals.setItem(len(groups), 3, QTableWidgetItem(format_yen(q.commitment)))
        notes = [_('価格表: {label}').format(label=q.price_book.label), *(_(n) for n in q.notes)]
        if q.unpriced:
            notes.append(pick("価格を付けられない項目: " + "、".join(q.unpriced[:5]),
                              f"Items that could not be priced: {len(q.unpriced)} (choose their item and device)"))
        self.price_note.setText("\n".join(notes))

    def _show_fixes(self) -> None:
        while self.fixes.count():
            w = self.fixes.takeAt(0).widget()
            if w:
                w.deleteLater()
        item = self.tree.currentItem()
        issue = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if issue is None:
            return
        go = QPushButton(_('入力欄へ移動(&G)'))
        go.setAccessibleName(_('入力欄へ移動'))
        go.clicked.connect(lambda: self.wizard.go_to_pointer(issue.path))
        self.fixes.addWidget(go)
        for s in issue.suggestions:
            b = QPushButton(_('修正案: {label}').format(label=pick(s.label, s.label_en)))
            b.setAccessibleName(_('修正案: {label}').format(label=pick(s.label, s.label_en)))
            b.clicked.connect(lambda _=False, sug=s: self.wizard.apply_suggestion(sug))
            self.fixes.addWidget(b)
        self.fixes.addStretch(1)

    def _go(self, item: QTreeWidgetItem) -> None:
        issue = item.data(0, Qt.ItemDataRole.UserRole)
        if issue is not None:
            self.wizard.go_to_pointer(issue.path)


# --- export ---------------------------------------------------------------------------------------


@register("export")
class ExportPage(WizardPage):

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.state)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setReadOnly(True)
        self.number.setAccessibleName(_('見積番号'))
        form.addRow(_('見積番号'), self.number)
        self.wareki = QCheckBox(_('日付を和暦で表示する(&W)'))
        self.wareki.setAccessibleName(_('日付を和暦で表示'))
        form.addRow(self.wareki)
        self.draft = QCheckBox(_('エラーがあっても下書きとして出力する(&R)'))
        self.draft.setAccessibleName(_('下書きとして出力'))
        form.addRow(self.draft)
        issuer_row = QHBoxLayout()
        self.issuer = QLabel()
        self.issuer.setWordWrap(True)
        self.issuer.setAccessibleName(_('発行元'))
        self.issuer_btn = QPushButton(_('発行元の設定(&I)…'))
        self.issuer_btn.setAccessibleName(_('発行元の設定'))
        self.issuer_btn.clicked.connect(self.wizard.issuer_requested)
        issuer_row.addWidget(self.issuer, 1)
        issuer_row.addWidget(self.issuer_btn)
        form.addRow(_('発行元'), issuer_row)
        self.layout_.addLayout(form)
        row = QHBoxLayout()
        self.quote_btn = QPushButton(_('見積書PDFを保存(&Q)…'))
        self.form_btn = QPushButton(_('申込書PDFを保存(&F)…'))
        self.order_btn = QPushButton(_('注文ファイルを保存(&S)…'))
        self.print_btn = QPushButton(_('印刷(&P)…'))
        self.preview_btn = QPushButton(_('プレビューを更新(&V)'))
        for b in (self.quote_btn, self.form_btn, self.order_btn, self.print_btn, self.preview_btn):
            b.setAccessibleName(b.text().split("(")[0])
            row.addWidget(b)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.quote_btn.clicked.connect(lambda: self.wizard.export_pdf("quote"))
        self.form_btn.clicked.connect(lambda: self.wizard.export_pdf("form"))
        self.order_btn.clicked.connect(self.wizard.save_order_file)
        self.print_btn.clicked.connect(self.wizard.print_documents)
        self.preview_btn.clicked.connect(self.wizard.preview)
        self.draft.toggled.connect(lambda _checked: self.on_changed())
        from ui.preview import PdfPreview

        self.preview = PdfPreview()
        self.layout_.addWidget(self.preview, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.layout_.addWidget(self.message)

    def refresh(self) -> None:
        self.number.setText(self.wizard.quote_number())
        self.show_issuer()
        self.on_changed()

    def show_issuer(self) -> None:
        """Who the quote will say issued it, so a salesperson sees a missing name before printing."""
        from configurator.store.issuer import Issuer

        try:
            iss = Issuer.load()
        except KnownError as exc:
            self.issuer.setStyleSheet("color: #b00020;")
            self.issuer.setText(error_text(exc))
            return
        parts = [iss.company or _('(会社名なし)'),
                 _('担当 {person}').format(person=iss.person) if iss.person else _('担当者が未設定です'),
                 _('登録番号 {number}').format(number=iss.registration_number) if iss.registration_number else "",
                 _('角印あり') if iss.seal_image else ""]
        self.issuer.setStyleSheet("" if iss.person else "color: #8a5a00;")
        self.issuer.setText(_('、').join(p for p in parts if p))

    def on_changed(self) -> None:
        s = self.session
        errors = [i for i in s.issues if i.is_error]
        blocked = bool(errors) and not self.draft.isChecked()
        for b in (self.quote_btn, self.form_btn, self.print_btn):
            b.setEnabled(not blocked)
            b.setToolTip(_('エラーが{v0}件あるため出力できません。「確認」で直すか、下書きとして出力してください。').format(v0=len(errors))
                         if blocked else "")
        state = (_('エラーが{v0}件あります。見積書・申込書は下書きとしてだけ出力できます。注文ファイルはいつでも保存できます。').format(v0=len(errors))
                 if errors else _('規程の確認は済んでいます。見積書・申込書を出力できます。'))
        notes = [text for _ptr, text in flow.export_notes(s.doc)]
        self.state.setText("\n".join([state, *notes]))
        self.state.setStyleSheet("color: #8a5a00;" if notes and not errors else "")


check_registry()
