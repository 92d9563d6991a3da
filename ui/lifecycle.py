"""契約・変更・解約: mark a draft as contracted, prepare a change order, prepare a cancellation order.

Every rule, date and charge comes configurator.lifecycle; this screen only shows them."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.lifecycle import orders as lifecycle
from configurator.order.patch import get
from configurator.tariff.catalogue import catalogue
from configurator.text.i18n import _, error_text, issue_message, pick, severity_label
from configurator.text.jpformat import today_tokyo
from ui.common import ask_save_file, confirm
from ui.jobs import Jobs

INTERNET_COL = 5  # the column of the internet connection; the options follow it
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "device", "switch" or "count": which editor the cell takes
BEFORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the device before the change


class _ChangeDelegate(QStyledItemDelegate):
    """Makes the editor of a change-table cell only when it is edited: a combo of the allowed devices
    (the others greyed out with the reason) or a count."""

    def __init__(self, view: LifecycleView) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:
        item = self.view.change_table.itemFromIndex(index)
        kind = item.data(KIND_ROLE) if item is not None else None
        if kind in ("device", "switch"):
            combo = QComboBox(parent)
            combo.setAccessibleName(_('変更後の機器種別') if kind == "device" else _('変更後のプライベートスイッチ'))
            model = combo.model()
            for value, label, allowed, reason in self.view.device_choices(item):
                combo.addItem(label, value)
                if not allowed:
                    model.item(combo.count() - 1).setEnabled(False)
                    model.item(combo.count() - 1).setToolTip(reason)
            combo.activated.connect(lambda _i, cb=combo: self._chosen(cb))
            return combo
        if kind == "count":
            spin = QSpinBox(parent)
            spin.setRange(0, int(catalogue().vpn_options["sfp_module"].get("ui_max_count", 8)))
            spin.setAccessibleName(str(item.data(Qt.ItemDataRole.AccessibleTextRole)))
            return spin
        return super().createEditor(parent, option, index)

    def _chosen(self, combo: QComboBox) -> None:
        """A choice in the list is the edit: commit it and close the list."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Any) -> None:
        item = self.view.change_table.itemFromIndex(index)
        current = get(self.view.proposed, str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(current), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(current) if isinstance(current, int) and not isinstance(current, bool) else 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:
        item = self.view.change_table.itemFromIndex(index)
        ptr = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""
        if isinstance(editor, QComboBox):
            if editor.currentData() != get(self.view.proposed, ptr):
                self.view._set(ptr, editor.currentData())
        elif isinstance(editor, QSpinBox):
            if editor.value() != get(self.view.proposed, ptr):
                self.view._set(ptr, editor.value())
        else:
            super().setModelData(editor, model, index)


def _line(name: str, text: str = "", hint: str = "") -> QLineEdit:
    w = QLineEdit(text)
    w.setAccessibleName(name)
    w.setPlaceholderText(hint)
    return w


class LifecycleView(QWidget):
    back = Signal()
    changed = Signal()  # the analysis was recomputed
    exported = Signal(str, str)  # kind, path

    def __init__(self, store: Any, price_book: Any) -> None:
        super().__init__()
        self.store = store
        self.price_book = price_book
        self.draft_id: int | None = None
        self.base: dict[str, Any] = {}
        self.proposed: dict[str, Any] = {}
        self.change_result: Any = None
        self.cancel_result: Any = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        back = QPushButton(_('スタート画面へ(&H)'))
        back.setAccessibleName(_('スタート画面へ戻る'))
        back.clicked.connect(self.back.emit)
        top.addWidget(self.title, 1)
        top.addWidget(back)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_('契約・変更・解約'))
        layout.addWidget(self.tabs, 1)
        self._build_contract_tab()
        self._build_change_tab()
        self._build_cancel_tab()
        self.background = Jobs(self)  # the PDFs are built off the UI thread (ui/jobs.py)

    # --- opening ----------------------------------------------------------------------------------

    def open_draft(self, draft_id: int) -> None:
        info, doc = self.store.load(draft_id)
        self.draft_id = draft_id
        self.base = doc
        self.proposed = json.loads(json.dumps(doc))
        self.title.setText(_('契約・変更・解約: {title}({quote_number})').format(title=info.title, quote_number=info.quote_number))
        self._fill_contracts()
        self._fill_change()
        self._fill_cancel()
        contracted = bool(doc.get("contracted"))
        self.tabs.setTabEnabled(1, contracted)
        self.tabs.setTabEnabled(2, contracted)
        self.tabs.setCurrentIndex(1 if contracted else 0)
        self.message.setText("" if contracted else
                             _('この注文はまだ契約済みではありません。「契約情報」で課金開始日を入れて契約済みにすると、変更と解約を準備できます。'))

    # --- contract information ------------------------------------------------------------------------

    def _build_contract_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.start_all = _line(_('すべての契約の課金開始日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.contractor = _line(_('契約者'), "", _('株式会社サンプル'))
        form.addRow(_('課金開始日(未入力の契約)(&S)'), self.start_all)
        form.addRow(_('契約者(&C)'), self.contractor)
        v.addLayout(form)
        self.contract_table = QTableWidget(0, 3)
        self.contract_table.setHorizontalHeaderLabels([_('契約'), _('課金開始日'), _('契約者(VPN拠点)')])
        self.contract_table.setAccessibleName(_('契約の一覧'))
        self.contract_table.setColumnWidth(0, 360)
        self.contract_table.setColumnWidth(1, 140)
        self.contract_table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.contract_table, 1)
        save = QPushButton(_('契約済みとして保存(&K)'))
        save.setAccessibleName(_('契約済みとして保存'))
        save.clicked.connect(self.save_contracted)
        v.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(tab, _('契約情報'))

    def _fill_contracts(self) -> None:
        rows = [r for r in lifecycle.contracts_of(self.base) if r.kind != "network"]
        self.contract_table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            item = QTableWidgetItem((_('\u3000') * r.depth) + r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.pointer)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.contract_table.setItem(n, 0, item)
            self.contract_table.setItem(n, 1, QTableWidgetItem(str(get(self.base, r.pointer + "/billing_start") or "")))
            who = QTableWidgetItem(str(get(self.base, r.pointer + "/contractor") or "") if r.kind == "site" else "")
            if r.kind != "site":
                who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.contract_table.setItem(n, 2, who)

    def save_contracted(self) -> None:
        from configurator.order.patch import apply_patch
        from configurator.tariff.calc import CalcError, parse_date

        try:
            default = parse_date(self.start_all.text(), _('課金開始日')).isoformat()
            ops = []
            for n in range(self.contract_table.rowCount()):
                ptr = self.contract_table.item(n, 0).data(Qt.ItemDataRole.UserRole)
                text = self.contract_table.item(n, 1).text().strip()
                if text:
                    ops.append({"op": "replace", "path": ptr + "/billing_start",
                                "value": parse_date(text, _('{v0} の課金開始日').format(v0=self.contract_table.item(n, 0).text().strip())).isoformat()})
                who = self.contract_table.item(n, 2).text().strip()
                if who:
                    ops.append({"op": "replace", "path": ptr + "/contractor", "value": who})
        except CalcError as exc:
            self.message.setText(error_text(exc))
            return
        doc = lifecycle.mark_contracted(apply_patch(self.base, ops), default, self.contractor.text().strip() or None)
        info = self.store.info(self.draft_id)
        result = self.store.save(self.draft_id, doc, info.rev, note=_('契約済みにしました'))
        self.open_draft(result.draft_id)
        self.message.setText(result.message or _('契約済みとして保存しました。変更と解約を準備できます。'))

    # --- change ----------------------------------------------------------------------------------

    def _build_change_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.requested_by = _line(_('変更の申込者'), "", _('親拠点の契約者'))
        self.change_date = _line(_('変更日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested_by.editingFinished.connect(self.recompute_change)
        self.change_date.editingFinished.connect(self.recompute_change)
        form.addRow(_('申込者(&R)'), self.requested_by)
        form.addRow(_('変更日(新しい機器の課金開始日)(&D)'), self.change_date)
        v.addLayout(form)
        cat = catalogue()
        #: the option columns after the fixed ones: (option id, header); the private switch has its own
        from ui.sites import OPTIONS

        short = {c.key.rsplit("/", 1)[-1]: _(c.header or c.title) for c in OPTIONS if c.key.startswith("/options/")}
        self.option_columns = [(k, short.get(k) or pick(spec["name"], spec["name_en"]))
                               for k, spec in cat.vpn_options.items() if k != "private_switch"]
        headers = [_('拠点'), _('現在のVPN機器'), _('変更後のVPN機器'), _('プライベートスイッチ(変更後)'), _('LAN(変更後)'),
                   _('インターネット接続(変更後)')]
        hint = QLabel(_('変更後の機器・スイッチ・LAN・インターネット接続・SFPモジュールの数はセルをダブルクリック(またはF2)で変更し、オプションはチェックで付け外しします。'
                        '選べない機器やオプションは灰色で、マウスを乗せると理由が出ます。'))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        v.addWidget(hint)
        self.change_table = QTableWidget(0, len(headers) + len(self.option_columns))
        self.change_table.setHorizontalHeaderLabels(headers + [h for _k, h in self.option_columns])
        self.change_table.setAccessibleName(_('拠点ごとの変更'))
        self.change_table.setItemDelegate(_ChangeDelegate(self))
        self.change_table.itemDoubleClicked.connect(self._double_clicked)
        self._row_of: dict[str, int] = {}
        for c, w in enumerate((130, 130, 200, 230, 170, 200) + (90,) * len(self.option_columns)):
            self.change_table.setColumnWidth(c, w)
        self.change_table.itemChanged.connect(self._lan_edited)
        v.addWidget(self.change_table, 1)
        jobs_row = QHBoxLayout()
        jobs_label = QLabel(_('設定変更作業(拠点・開始・終了 HH:MM)'))
        add_job = QPushButton(_('作業を追加(&J)'))
        add_job.setAccessibleName(_('設定変更作業を追加'))
        add_job.clicked.connect(lambda: self.add_job())
        jobs_row.addWidget(jobs_label)
        jobs_row.addWidget(add_job)
        jobs_row.addStretch(1)
        v.addLayout(jobs_row)
        self.jobs = QTableWidget(0, 3)
        self.jobs.setHorizontalHeaderLabels([_('拠点ID'), _('開始'), _('終了')])
        self.jobs.setAccessibleName(_('設定変更作業'))
        self.jobs.setMaximumHeight(110)
        self.jobs.itemChanged.connect(lambda _i: self.recompute_change())
        v.addWidget(self.jobs)
        self.change_report = QTextBrowser()
        self.change_report.setAccessibleName(_('変更の確認結果'))
        v.addWidget(self.change_report, 1)
        row = QHBoxLayout()
        pdf = QPushButton(_('変更申込書PDFを保存(&P)…'))
        pdf.setAccessibleName(_('変更申込書PDFを保存'))
        pdf.clicked.connect(lambda: self.export("change-form"))
        save = QPushButton(_('変更申込ファイルを保存…'))
        save.setAccessibleName(_('変更申込ファイルを保存'))
        save.clicked.connect(self.save_change_file)
        row.addWidget(pdf)
        row.addWidget(save)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(tab, _('変更'))
        self._filling = False

    def _sites(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for i, net in enumerate(self.proposed.get("vpn_networks") or []):
            if net.get("parent"):
                out.append((f"/vpn_networks/{i}/parent", net["parent"]))
            out.extend((f"/vpn_networks/{i}/children/{j}", c) for j, c in enumerate(net.get("children") or []))
        return out

    def _fill_change(self) -> None:
        """One row a site: plain items only (a combo or spin box is made by the delegate when a cell
        is edited), so a 1,000-site contract opens at once."""
        self._filling = True
        sites = self._sites()
        self.change_table.setRowCount(len(sites))
        self._row_of = {ptr: n for n, (ptr, _site) in enumerate(sites)}
        for n, (ptr, site) in enumerate(sites):
            self._fill_row(n, ptr, site)
        self._filling = False
        self.recompute_change()

    def _fill_row(self, n: int, ptr: str, site: dict[str, Any]) -> None:
        cat = catalogue()
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = fixed | Qt.ItemFlag.ItemIsEditable
        before = get(self.base, ptr) or {}

        def put(col: int, text: str, flags: Qt.ItemFlag, key: str = "", kind: str = "", before_value: Any = None,
                tip: str = "") -> QTableWidgetItem:
            item = QTableWidgetItem(text)
            item.setFlags(flags)
            if key:
                item.setData(Qt.ItemDataRole.UserRole, ptr + key)
                item.setData(KIND_ROLE, kind)
                item.setData(BEFORE_ROLE, before_value)
            if tip:
                item.setToolTip(tip)
            self.change_table.setItem(n, col, item)
            return item

        put(0, str(site.get("name") or site.get("id")), fixed)
        put(1, cat.device_name(before.get("device")), fixed)
        device = site.get("device")
        put(2, cat.device_name(device) + (_('(変更なし)') if device == before.get("device") else ""), editable,
            "/device", "device", before.get("device"), _('ダブルクリックで変更後の機器を選びます'))
        old_sw = (before.get("options") or {}).get("private_switch")
        new_sw = (site.get("options") or {}).get("private_switch")
        sw_text = cat.device_name(new_sw) if new_sw else _('(なし)')
        put(3, sw_text + (_('(変更なし)') if old_sw and new_sw == old_sw else ""), editable,
            "/options/private_switch", "switch", old_sw, _('ダブルクリックで選びます(スイッチがない拠点には追加できます)'))
        lan = put(4, ", ".join(site.get("lan") or []), editable)
        lan.setData(Qt.ItemDataRole.UserRole, ptr + "/lan")
        from ui.internet import internet_text

        put(INTERNET_COL, internet_text(site.get("internet")), fixed, "/internet", "internet",
            tip=_('ダブルクリックで変更します'))
        for c, (key, header) in enumerate(self.option_columns, start=INTERNET_COL + 1):
            self._option_cell(n, c, ptr, site, key, header)

    def device_choices(self, item: QTableWidgetItem) -> list[tuple[Any, str, bool, str]]:
        """(value, label, allowed, reason) for a device or switch cell: the pairs of the catalogue
        (greyed out with the reason), or any switch where the site had none."""
        cat = catalogue()
        before = item.data(BEFORE_ROLE)
        if item.data(KIND_ROLE) == "device":
            return [(dev, cat.device_name(dev) + (_('(変更なし)') if dev == before else ""), allowed, reason)
                    for dev, allowed, reason in lifecycle.device_change_choices(before, "router")]
        if before:
            return [(dev, cat.device_name(dev) + (_('(変更なし)') if dev == before else ""), allowed, reason)
                    for dev, allowed, reason in lifecycle.device_change_choices(before, "switch")]
        return [(None, _('(なし)'), True, "")] + [(dev, cat.device_name(dev), True, "") for dev in cat.switches()]

    def _option_cell(self, row: int, col: int, ptr: str, site: dict[str, Any], key: str, header: str) -> None:
        """An option of the site after the change: ticked or counted; greyed out with the reason where
        the device after the change does not take it."""
        from configurator.tariff.choices import option_choice

        value = (site.get("options") or {}).get(key)
        device = site.get("device") if isinstance(site.get("device"), str) else None
        item = QTableWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, f"{ptr}/options/{key}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, header)
        choice = option_choice(device, key, 1 if key == "sfp_module" else True)
        enabled = choice.allowed or bool(value)
        if key == "sfp_module":
            item.setText(str(int(value) if isinstance(value, int) and not isinstance(value, bool) else 0))
            item.setData(KIND_ROLE, "count")
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
                                                          if enabled else Qt.ItemFlag.NoItemFlags))
        else:
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | (Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                                                          if enabled else Qt.ItemFlag.NoItemFlags))
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        if not enabled:
            item.setToolTip(f"{pick(choice.reason or '', choice.reason_en or '')}({choice.citation or ''})")
        self.change_table.setItem(row, col, item)

    def _double_clicked(self, item: QTableWidgetItem) -> None:
        if item.data(KIND_ROLE) == "internet":
            self.edit_internet(item.row())

    def edit_internet(self, row: int) -> Any:
        """The internet connection of a site after the change, in a small dialog; returns the dialog."""
        from ui.internet import InternetDialog

        ptr = self.change_table.item(row, INTERNET_COL).data(Qt.ItemDataRole.UserRole)
        site_ptr = ptr.removesuffix("/internet")
        site = get(self.proposed, site_ptr) or {}
        dialog = InternetDialog(str(site.get("name") or site.get("id")), site.get("internet"), self)
        dialog.chosen.connect(lambda value, p=ptr: self._set(p, value))
        dialog.open()  # window-modal, returns at once
        self.internet_dialog = dialog
        return dialog

    def _set(self, ptr: str, value: Any, redraw: bool = True) -> None:
        """Change the proposed order and judge it again. `redraw=False` when the cell already shows the
        value (a tick or a typed LAN): its item must not be replaced while it is reporting its change."""
        from configurator.order.patch import apply_in_place

        apply_in_place(self.proposed, [{"op": "replace", "path": ptr, "value": value}])
        # the row shows the new value (and, after a device change, which options the new device takes)
        site_ptr = ptr.split("/options/")[0].removesuffix("/device").removesuffix("/lan").removesuffix("/internet")
        n = self._row_of.get(site_ptr)
        if n is not None and redraw:
            self._filling = True
            self._fill_row(n, site_ptr, get(self.proposed, site_ptr) or {})
            self._filling = False
        self.recompute_change()

    def _lan_edited(self, item: QTableWidgetItem) -> None:
        ptr = item.data(Qt.ItemDataRole.UserRole)
        if self._filling or not ptr:
            return
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            self._set(ptr, item.checkState() == Qt.CheckState.Checked, redraw=False)
            return
        if item.data(KIND_ROLE) in ("device", "switch", "count", "internet"):
            return  # set by the delegate or the dialog through _set
        self._set(ptr, [p.strip() for p in item.text().replace(_('、'), ",").split(",") if p.strip()], redraw=False)

    def change_document(self) -> dict[str, Any]:
        return {"format": lifecycle.CHANGE_FORMAT, "title": _('{v0} 変更').format(v0=self.base.get('title') or ''),
                "requested_by": self.requested_by.text().strip(), "request_date": today_tokyo().isoformat(),
                "change_date": self.change_date.text().strip(), "base": self.base, "proposed": self.proposed,
                "settings_jobs": self._jobs()}

    def add_job(self, site: str = "", start: str = "10:00", end: str = "11:00") -> None:
        sites = self._sites()
        self.jobs.blockSignals(True)
        r = self.jobs.rowCount()
        self.jobs.insertRow(r)
        for c, text in enumerate((site or (str(sites[0][1].get("id")) if sites else ""), start, end)):
            self.jobs.setItem(r, c, QTableWidgetItem(text))
        self.jobs.blockSignals(False)
        self.recompute_change()

    def _jobs(self) -> list[dict[str, str]]:
        out = []
        for r in range(self.jobs.rowCount()):
            cells = [self.jobs.item(r, c).text().strip() if self.jobs.item(r, c) else "" for c in range(3)]
            if any(cells):
                out.append({"site": cells[0], "start": cells[1], "end": cells[2]})
        return out

    def recompute_change(self) -> None:
        if not self.base.get("contracted"):
            return
        try:
            r = lifecycle.analyse_change(self.change_document(), self.price_book, schema=False)
        except KnownError as exc:
            self.change_report.setPlainText(error_text(exc))
            self.change_result = None
            return
        self.change_result = r
        lines = lifecycle.change_texts(r)
        for i in r.issues:
            lines.append(f"{severity_label(i)}: {issue_message(i)}({i.cite()})")
        if not r.device_changes and not r.settings_changes and not r.settings_fees and not r.option_changes:
            lines.insert(0, _('変更はまだありません。表で変更後の機器やLANを選んでください。'))
        self.change_report.setPlainText("\n".join(lines))
        self.changed.emit()

    def save_change_file(self, path: str | None = None) -> None:
        path = path or ask_save_file(self, _('変更申込ファイルを保存'), "change.iij-change.json", _('変更申込 (*.iij-change.json)'))
        if path:
            from configurator.store.files import atomic_write

            atomic_write(path, (json.dumps(self.change_document(), ensure_ascii=False, indent=2) + "\n").encode())
            self.message.setText(_('保存しました: {path}').format(path=path))

    # --- cancellation ------------------------------------------------------------------------------

    def _build_cancel_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.notice = _line(_('解約申込書の到達日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested = _line(_('ご指定の解除日'), "", _('YYYY-MM-DD(なければ空欄)'))
        self.notice.editingFinished.connect(self.recompute_cancel)
        self.requested.editingFinished.connect(self.recompute_cancel)
        form.addRow(_('解約申込書の到達日(&A)'), self.notice)
        form.addRow(_('ご指定の解除日(&Q)'), self.requested)
        v.addLayout(form)
        self.targets = QTreeWidget()
        self.targets.setHeaderLabels([_('解約する契約・オプション(チェック)')])
        self.targets.setAccessibleName(_('解約する契約'))
        self.targets.itemChanged.connect(lambda *_: self.recompute_cancel())
        v.addWidget(self.targets, 1)
        self.cancel_report = QTextBrowser()
        self.cancel_report.setAccessibleName(_('解約の確認結果'))
        v.addWidget(self.cancel_report, 1)
        row = QHBoxLayout()
        form_btn = QPushButton(_('解約申込書PDFを保存(&F)…'))
        form_btn.setAccessibleName(_('解約申込書PDFを保存'))
        form_btn.clicked.connect(lambda: self.export("cancel-form"))
        quote_btn = QPushButton(_('解約費用の見積PDFを保存(&M)…'))
        quote_btn.setAccessibleName(_('解約費用の見積PDFを保存'))
        quote_btn.clicked.connect(lambda: self.export("cancel-quote"))
        row.addWidget(form_btn)
        row.addWidget(quote_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(tab, _('解約'))

    def _fill_cancel(self) -> None:
        self.targets.blockSignals(True)
        self.targets.clear()
        parent: QTreeWidgetItem | None = None
        for r in lifecycle.contracts_of(self.base):
            item = QTreeWidgetItem([r.label])
            item.setData(0, Qt.ItemDataRole.UserRole, r.pointer)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            if r.depth == 0 or parent is None:
                self.targets.addTopLevelItem(item)
                parent = item
            else:
                parent.addChild(item)
            for ptr, label in r.options:
                opt = QTreeWidgetItem([label])
                opt.setData(0, Qt.ItemDataRole.UserRole, ptr)
                opt.setCheckState(0, Qt.CheckState.Unchecked)
                item.addChild(opt)
        self.targets.expandAll()
        self.targets.blockSignals(False)
        self.recompute_cancel()

    def checked_targets(self) -> list[str]:
        out: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(item.data(0, Qt.ItemDataRole.UserRole))
                return  # a whole contract includes what is under it
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.targets.topLevelItemCount()):
            walk(self.targets.topLevelItem(k))
        return out

    def set_target(self, pointer: str, checked: bool = True) -> None:
        def walk(item: QTreeWidgetItem) -> None:
            if item.data(0, Qt.ItemDataRole.UserRole) == pointer:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.targets.topLevelItemCount()):
            walk(self.targets.topLevelItem(k))

    def cancel_document(self) -> dict[str, Any]:
        return {"format": lifecycle.CANCEL_FORMAT, "title": _('{v0} 解約').format(v0=self.base.get('title') or ''),
                "notice_date": self.notice.text().strip(), "requested_date": self.requested.text().strip() or None,
                "base": self.base, "targets": self.checked_targets()}

    def recompute_cancel(self) -> None:
        if not self.base.get("contracted"):
            return
        doc = self.cancel_document()
        if not doc["targets"]:
            self.cancel_result = None
            self.cancel_report.setPlainText(_('解約する契約・オプションにチェックを付けてください。'))
            return
        try:
            r = lifecycle.analyse_cancel(doc, self.price_book, schema=False)
        except KnownError as exc:
            self.cancel_result = None
            self.cancel_report.setPlainText(error_text(exc))
            return
        self.cancel_result = r
        lines = lifecycle.cancel_texts(r)
        for i in r.issues:
            lines.append(_('ご注意: {message}').format(message=issue_message(i)))
        self.cancel_report.setPlainText("\n".join(lines))
        self.changed.emit()

    # --- documents --------------------------------------------------------------------------------

    def export(self, kind: str, path: str | None = None) -> None:
        from configurator.documents import export

        result = self.change_result if kind == "change-form" else self.cancel_result
        label = {"change-form": _('変更申込書'), "cancel-form": _('解約申込書'), "cancel-quote": _('解約費用の見積')}[kind]
        if result is None:
            self.message.setText(_('{label}を作る前に、内容を入力してください。').format(label=label))
            return
        if not result.valid:
            self.message.setText(_('規程上のエラーがあるため{label}は作成できません。確認結果を見て直してください。').format(label=label))
            return
        if kind != "change-form" and result.cascade and not confirm(
                self, _('子たる契約も解除されます'), _('マネージメントの解約により、子たる契約もすべて同じ日に解除されます。よろしいですか?')):
            return
        path = path or ask_save_file(self, _('{label}PDFを保存').format(label=label), f"{label}.pdf", "PDF (*.pdf)")
        if not path:
            return
        info = self.store.info(self.draft_id)
        try:
            options = export.options(number=info.quote_number)
        except KnownError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(_('{label}を作成しています…').format(label=label))
        target = path
        self.background.run(lambda: export.export(kind, result, target, options),
                      success=lambda _data: self._exported(kind, label, target),
                      failure=self.message.setText, name=f"export-{kind}")

    def _exported(self, kind: str, label: str, path: str) -> None:
        self.message.setText(_('{label}を保存しました: {path}').format(label=label, path=path))
        self.exported.emit(kind, path)
