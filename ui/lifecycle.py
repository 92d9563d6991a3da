"""契約・変更・解約: mark a draft as contracted, prepare a change order, prepare a cancellation order.

Every rule, date and charge comes from configurator.lifecycle; this screen only shows them."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator import lifecycle
from configurator.catalogue import catalogue
from configurator.errors import KnownError
from configurator.jpformat import format_date, format_yen, today_tokyo
from configurator.order import get
from ui.common import ask_save_file, confirm


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
        back = QPushButton("スタート画面へ(&H)")
        back.setAccessibleName("スタート画面へ戻る")
        back.clicked.connect(self.back.emit)
        top.addWidget(self.title, 1)
        top.addWidget(back)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("契約・変更・解約")
        layout.addWidget(self.tabs, 1)
        self._build_contract_tab()
        self._build_change_tab()
        self._build_cancel_tab()

    # --- opening ----------------------------------------------------------------------------------

    def open_draft(self, draft_id: int) -> None:
        info, doc = self.store.load(draft_id)
        self.draft_id = draft_id
        self.base = doc
        self.proposed = json.loads(json.dumps(doc))
        self.title.setText(f"契約・変更・解約: {info.title}({info.quote_number})")
        self._fill_contracts()
        self._fill_change()
        self._fill_cancel()
        contracted = bool(doc.get("contracted"))
        self.tabs.setTabEnabled(1, contracted)
        self.tabs.setTabEnabled(2, contracted)
        self.tabs.setCurrentIndex(1 if contracted else 0)
        self.message.setText("" if contracted else
                             "この注文はまだ契約済みではありません。「契約情報」で課金開始日を入れて契約済みにすると、変更と解約を準備できます。")

    # --- contract information ------------------------------------------------------------------------

    def _build_contract_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.start_all = _line("すべての契約の課金開始日", today_tokyo().isoformat(), "YYYY-MM-DD")
        self.contractor = _line("契約者", "", "株式会社サンプル")
        form.addRow("課金開始日(未入力の契約)(&S)", self.start_all)
        form.addRow("契約者(&C)", self.contractor)
        v.addLayout(form)
        self.contract_table = QTableWidget(0, 3)
        self.contract_table.setHorizontalHeaderLabels(["契約", "課金開始日", "契約者(VPN拠点)"])
        self.contract_table.setAccessibleName("契約の一覧")
        self.contract_table.setColumnWidth(0, 360)
        self.contract_table.setColumnWidth(1, 140)
        self.contract_table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.contract_table, 1)
        save = QPushButton("契約済みとして保存(&K)")
        save.setAccessibleName("契約済みとして保存")
        save.clicked.connect(self.save_contracted)
        v.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(tab, "契約情報")

    def _fill_contracts(self) -> None:
        rows = [r for r in lifecycle.contracts_of(self.base) if r.kind != "network"]
        self.contract_table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            item = QTableWidgetItem(("　" * r.depth) + r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.pointer)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.contract_table.setItem(n, 0, item)
            self.contract_table.setItem(n, 1, QTableWidgetItem(str(get(self.base, r.pointer + "/billing_start") or "")))
            who = QTableWidgetItem(str(get(self.base, r.pointer + "/contractor") or "") if r.kind == "site" else "")
            if r.kind != "site":
                who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.contract_table.setItem(n, 2, who)

    def save_contracted(self) -> None:
        from configurator.calc import CalcError, parse_date
        from configurator.order import apply_patch

        try:
            default = parse_date(self.start_all.text(), "課金開始日").isoformat()
            ops = []
            for n in range(self.contract_table.rowCount()):
                ptr = self.contract_table.item(n, 0).data(Qt.ItemDataRole.UserRole)
                text = self.contract_table.item(n, 1).text().strip()
                if text:
                    ops.append({"op": "replace", "path": ptr + "/billing_start",
                                "value": parse_date(text, f"{self.contract_table.item(n, 0).text().strip()} の課金開始日").isoformat()})
                who = self.contract_table.item(n, 2).text().strip()
                if who:
                    ops.append({"op": "replace", "path": ptr + "/contractor", "value": who})
        except CalcError as exc:
            self.message.setText(exc.message)
            return
        doc = lifecycle.mark_contracted(apply_patch(self.base, ops), default, self.contractor.text().strip() or None)
        info = self.store.info(self.draft_id)
        result = self.store.save(self.draft_id, doc, info.rev, note="契約済みにしました")
        self.open_draft(result.draft_id)
        self.message.setText(result.message or "契約済みとして保存しました。変更と解約を準備できます。")

    # --- change ----------------------------------------------------------------------------------

    def _build_change_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.requested_by = _line("変更の申込者", "", "親拠点の契約者")
        self.change_date = _line("変更日", today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested_by.editingFinished.connect(self.recompute_change)
        self.change_date.editingFinished.connect(self.recompute_change)
        form.addRow("申込者(&R)", self.requested_by)
        form.addRow("変更日(新しい機器の課金開始日)(&D)", self.change_date)
        v.addLayout(form)
        self.change_table = QTableWidget(0, 5)
        self.change_table.setHorizontalHeaderLabels(["拠点", "現在のVPN機器", "変更後のVPN機器", "プライベートスイッチ(変更後)", "LAN(変更後)"])
        self.change_table.setAccessibleName("拠点ごとの変更")
        for c, w in enumerate((170, 150, 220, 240, 220)):
            self.change_table.setColumnWidth(c, w)
        self.change_table.itemChanged.connect(self._lan_edited)
        v.addWidget(self.change_table, 1)
        jobs_row = QHBoxLayout()
        jobs_label = QLabel("設定変更作業(拠点・開始・終了 HH:MM)")
        add_job = QPushButton("作業を追加(&J)")
        add_job.setAccessibleName("設定変更作業を追加")
        add_job.clicked.connect(lambda: self.add_job())
        jobs_row.addWidget(jobs_label)
        jobs_row.addWidget(add_job)
        jobs_row.addStretch(1)
        v.addLayout(jobs_row)
        self.jobs = QTableWidget(0, 3)
        self.jobs.setHorizontalHeaderLabels(["拠点ID", "開始", "終了"])
        self.jobs.setAccessibleName("設定変更作業")
        self.jobs.setMaximumHeight(110)
        self.jobs.itemChanged.connect(lambda _i: self.recompute_change())
        v.addWidget(self.jobs)
        self.change_report = QTextBrowser()
        self.change_report.setAccessibleName("変更の確認結果")
        v.addWidget(self.change_report, 1)
        row = QHBoxLayout()
        pdf = QPushButton("変更申込書PDFを保存(&P)…")
        pdf.setAccessibleName("変更申込書PDFを保存")
        pdf.clicked.connect(lambda: self.export("change-form"))
        save = QPushButton("変更申込ファイルを保存…")
        save.setAccessibleName("変更申込ファイルを保存")
        save.clicked.connect(self.save_change_file)
        row.addWidget(pdf)
        row.addWidget(save)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(tab, "変更")
        self._filling = False

    def _sites(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for i, net in enumerate(self.proposed.get("vpn_networks") or []):
            if net.get("parent"):
                out.append((f"/vpn_networks/{i}/parent", net["parent"]))
            out.extend((f"/vpn_networks/{i}/children/{j}", c) for j, c in enumerate(net.get("children") or []))
        return out

    def _fill_change(self) -> None:
        cat = catalogue()
        self._filling = True
        sites = self._sites()
        self.change_table.setRowCount(len(sites))
        for n, (ptr, site) in enumerate(sites):
            before = get(self.base, ptr) or {}
            name = QTableWidgetItem(str(site.get("name") or site.get("id")))
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.change_table.setItem(n, 0, name)
            cur = QTableWidgetItem(cat.device_name(before.get("device")))
            cur.setFlags(cur.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.change_table.setItem(n, 1, cur)
            self.change_table.setCellWidget(n, 2, self._device_combo(ptr + "/device", before.get("device"), "router",
                                                                     site.get("device")))
            old_sw = (before.get("options") or {}).get("private_switch")
            if old_sw:
                self.change_table.setCellWidget(n, 3, self._device_combo(ptr + "/options/private_switch", old_sw,
                                                                         "switch", (site.get("options") or {}).get("private_switch")))
            else:
                none = QTableWidgetItem("(なし)")
                none.setFlags(none.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.change_table.setItem(n, 3, none)
            lan = QTableWidgetItem(", ".join(site.get("lan") or []))
            lan.setData(Qt.ItemDataRole.UserRole, ptr + "/lan")
            self.change_table.setItem(n, 4, lan)
        self._filling = False
        self.recompute_change()

    def _device_combo(self, ptr: str, before: Any, role: str, current: Any) -> QComboBox:
        cat = catalogue()
        combo = QComboBox()
        combo.setAccessibleName("変更後の機器種別")
        model = combo.model()
        for dev, allowed, reason in lifecycle.device_change_choices(before, role):
            combo.addItem(cat.device_name(dev) + ("(変更なし)" if dev == before else ""), dev)
            item = model.item(combo.count() - 1)
            if not allowed:
                item.setEnabled(False)
                item.setToolTip(reason)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.activated.connect(lambda _i, p=ptr, cb=combo: self._set(p, cb.currentData()))
        return combo

    def _set(self, ptr: str, value: Any) -> None:
        from configurator.order import apply_in_place

        apply_in_place(self.proposed, [{"op": "replace", "path": ptr, "value": value}])
        self.recompute_change()

    def _lan_edited(self, item: QTableWidgetItem) -> None:
        ptr = item.data(Qt.ItemDataRole.UserRole)
        if self._filling or not ptr:
            return
        self._set(ptr, [p.strip() for p in item.text().replace("、", ",").split(",") if p.strip()])

    def change_document(self) -> dict[str, Any]:
        return {"format": lifecycle.CHANGE_FORMAT, "title": f"{self.base.get('title') or ''} 変更",
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
            r = lifecycle.analyse_change(self.change_document(), self.price_book)
        except KnownError as exc:
            self.change_report.setPlainText(exc.message)
            self.change_result = None
            return
        self.change_result = r
        cat = catalogue()
        lines = []
        for c in r.device_changes:
            lines.append(f"機器種別の変更 {c.site}: {cat.device_name(c.before)} → {cat.device_name(c.after)}(×{c.devices}台)"
                         f" 新しい最低利用期間 {format_date(c.new_term_start) if c.new_term_start else '—'}〜"
                         f"{format_date(c.new_term_end) if c.new_term_end else '—'}、旧機器の返還期限 "
                         f"{format_date(c.return_deadline) if c.return_deadline else '—'}、一時費用 "
                         f"{format_yen(c.fee) if c.fee is not None else '—'}")
        for s in r.settings_changes:
            lines.append(f"設定の変更 {s.site}: " + "、".join(lifecycle.FIELD_LABELS.get(f, f) for f in s.fields))
        for f in r.settings_fees:
            lines.append(f"設定変更作業 {f['site']} {f['start']}〜{f['end']}(×{f['devices']}台、"
                         f"{'営業時間内' if f['inside_business_hours'] else '営業時間外'}): {format_yen(f['amount'])}")
        lines.append(f"一時費用の合計(税抜): {format_yen(r.one_time_total)}")
        for i in r.issues:
            lines.append(f"{'エラー' if i.is_error else '警告'}: {i.message}({i.cite()})")
        if not r.device_changes and not r.settings_changes and not r.settings_fees:
            lines.insert(0, "変更はまだありません。表で変更後の機器やLANを選んでください。")
        self.change_report.setPlainText("\n".join(lines))
        self.changed.emit()

    def save_change_file(self, path: str | None = None) -> None:
        path = path or ask_save_file(self, "変更申込ファイルを保存", "change.iij-change.json", "変更申込 (*.iij-change.json)")
        if path:
            from configurator.order import atomic_write

            atomic_write(path, (json.dumps(self.change_document(), ensure_ascii=False, indent=2) + "\n").encode())
            self.message.setText(f"保存しました: {path}")

    # --- cancellation ------------------------------------------------------------------------------

    def _build_cancel_tab(self) -> None:
        tab = QWidget()
        v = QVBoxLayout(tab)
        form = QFormLayout()
        self.notice = _line("解約申込書の到達日", today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested = _line("ご指定の解除日", "", "YYYY-MM-DD(なければ空欄)")
        self.notice.editingFinished.connect(self.recompute_cancel)
        self.requested.editingFinished.connect(self.recompute_cancel)
        form.addRow("解約申込書の到達日(&A)", self.notice)
        form.addRow("ご指定の解除日(&Q)", self.requested)
        v.addLayout(form)
        self.targets = QTreeWidget()
        self.targets.setHeaderLabels(["解約する契約・オプション(チェック)"])
        self.targets.setAccessibleName("解約する契約")
        self.targets.itemChanged.connect(lambda *_: self.recompute_cancel())
        v.addWidget(self.targets, 1)
        self.cancel_report = QTextBrowser()
        self.cancel_report.setAccessibleName("解約の確認結果")
        v.addWidget(self.cancel_report, 1)
        row = QHBoxLayout()
        form_btn = QPushButton("解約申込書PDFを保存(&F)…")
        form_btn.setAccessibleName("解約申込書PDFを保存")
        form_btn.clicked.connect(lambda: self.export("cancel-form"))
        quote_btn = QPushButton("解約費用の見積PDFを保存(&M)…")
        quote_btn.setAccessibleName("解約費用の見積PDFを保存")
        quote_btn.clicked.connect(lambda: self.export("cancel-quote"))
        row.addWidget(form_btn)
        row.addWidget(quote_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.tabs.addTab(tab, "解約")

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
        return {"format": lifecycle.CANCEL_FORMAT, "title": f"{self.base.get('title') or ''} 解約",
                "notice_date": self.notice.text().strip(), "requested_date": self.requested.text().strip() or None,
                "base": self.base, "targets": self.checked_targets()}

    def recompute_cancel(self) -> None:
        if not self.base.get("contracted"):
            return
        doc = self.cancel_document()
        if not doc["targets"]:
            self.cancel_result = None
            self.cancel_report.setPlainText("解約する契約・オプションにチェックを付けてください。")
            return
        try:
            r = lifecycle.analyse_cancel(doc, self.price_book)
        except KnownError as exc:
            self.cancel_result = None
            self.cancel_report.setPlainText(exc.message)
            return
        self.cancel_result = r
        lines = [f"解除の効力が生じる日: {format_date(r.effective_date)}"]
        cascade = [c.name for c in r.items if c.reason == "cascade" and c.component == "base"]
        if cascade:
            lines.append("マネージメントを解約すると、次の子たる契約も同じ日に解除されます: " + "、".join(cascade))
        for c in r.items:
            lines.append(f"・{c.name}: 残余 {c.remaining_months}か月、解除調定金 {format_yen(c.charge)}"
                         + (f"、機器の返還期限 {format_date(c.return_deadline)}" if c.return_deadline else ""))
        lines.append(f"最低利用期間内解除調定金の合計(税抜): {format_yen(r.total_charge)}")
        for i in r.issues:
            lines.append(f"ご注意: {i.message}")
        self.cancel_report.setPlainText("\n".join(lines))
        self.changed.emit()

    # --- documents --------------------------------------------------------------------------------

    def export(self, kind: str, path: str | None = None) -> None:
        from configurator.documents import lifecycle_docs
        from configurator.documents.common import DocOptions, Issuer, write_pdf

        result = self.change_result if kind == "change-form" else self.cancel_result
        label = {"change-form": "変更申込書", "cancel-form": "解約申込書", "cancel-quote": "解約費用の見積"}[kind]
        if result is None:
            self.message.setText(f"{label}を作る前に、内容を入力してください。")
            return
        if not result.valid:
            self.message.setText(f"規程上のエラーがあるため{label}は作成できません。確認結果を見て直してください。")
            return
        if kind != "change-form" and result.cascade and not confirm(
                self, "子たる契約も解除されます", "マネージメントの解約により、子たる契約もすべて同じ日に解除されます。よろしいですか?"):
            return
        path = path or ask_save_file(self, f"{label}PDFを保存", f"{label}.pdf", "PDF (*.pdf)")
        if not path:
            return
        info = self.store.info(self.draft_id)
        options = DocOptions(issue_date=today_tokyo(), number=info.quote_number, issuer=Issuer.load())
        try:
            if kind == "change-form":
                data = lifecycle_docs.build_change_form(result, options)
            elif kind == "cancel-form":
                data = lifecycle_docs.build_cancel_form(result, options)
            else:
                data = lifecycle_docs.build_cancel_quote(result, options)
            write_pdf(path, data)
        except KnownError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(f"{label}を保存しました: {path}")
        self.exported.emit(kind, path)
