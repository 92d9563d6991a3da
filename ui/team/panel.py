"""The チーム tab of the start screen: the team's drafts with who and when and their approval state,
承認依頼 for a salesperson, and for an approver the approval queue (承認依頼 list, 承認 / 差戻し with a
comment). What it lists is the local copy from the last sync (configurator/team/local.py)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.store.drafts import local_time
from configurator.team.background import SyncOutcome
from configurator.team.local import TeamDraft
from configurator.text.i18n import N_, _, error_text
from ui.common import intro_label, pick_table
from ui.team.controller import TeamSync

#: approval states as the lists show them (configurator/team/local.py APPROVAL_LABELS, translated)
APPROVAL_TEXT = {
    "none": N_("—"),
    "requested": N_("承認依頼中"),
    "approved": N_("承認済"),
    "rejected": N_("差戻し"),
}
#: the kinds of member (configurator/team/schema.py)
KIND_TEXT = {
    "sales": N_("営業"),
    "approver": N_("承認者"),
    "manager": N_("マネージャー"),
    "admin": N_("管理者"),
}
#: the approval levels of configurator/team/approvals.py LEVEL_LABELS, translated
LEVEL_TEXT = {"approver": N_("承認者"), "manager": N_("マネージャー")}


#: the newest team drafts listed (a team's thousands stay searchable on the first tab)
LIST_LIMIT = 300


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a long comment is cut short in its column
            table.setItem(r, c, item)


class TeamPanel(QWidget):
    """`open_draft(id)` to open a draft in the wizard (the start screen's own signal is connected)."""

    open_draft = Signal(int)

    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.rows: list[TeamDraft] = []
        self.queue: list[TeamDraft] = []
        v = QVBoxLayout(self)
        self.who = QLabel()
        self.who.setWordWrap(True)
        v.addWidget(self.who)
        self.table = pick_table(
            [_('見積番号'), _('件名'), _('担当'), _('承認'), _('更新日時'), _('未送信'), _('承認のコメント')],
            _('チームの下書き'),
            (170, 240, 100, 150, 130, 60, 220),
        )
        self.table.horizontalHeader().setStretchLastSection(True)  # the comment takes the room left
        self.table.itemDoubleClicked.connect(lambda _i: self._open(self.table, self.rows))
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_btn = QPushButton(_('開く(&I)'))
        self.open_btn.setAccessibleName(_('選択したチームの下書きを開く'))
        self.open_btn.clicked.connect(lambda: self._open(self.table, self.rows))
        self.request_btn = QPushButton(_('承認依頼(&Q)…'))
        self.request_btn.setAccessibleName(_('選択した下書きの承認を依頼'))
        self.request_btn.clicked.connect(self.request_selected)
        for b in (self.open_btn, self.request_btn):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        # the approval queue (approvers only)
        self.queue_box = QWidget()
        q = QVBoxLayout(self.queue_box)
        q.setContentsMargins(0, 6, 0, 0)
        self.queue_title = QLabel()
        self.queue_title.setStyleSheet("font-weight: bold;")
        q.addWidget(self.queue_title)
        self.queue_table = pick_table(
            [_('見積番号'), _('件名'), _('依頼者'), _('必要な承認'), _('更新日時'), _('依頼のコメント')],
            _('承認依頼の一覧'),
            (170, 240, 100, 110, 130, 220),
        )
        self.queue_table.horizontalHeader().setStretchLastSection(True)
        for t in (self.table, self.queue_table):  # Tab leaves a list (it stepped from cell to cell)
            t.setTabKeyNavigation(False)
        self.queue_table.itemDoubleClicked.connect(lambda _i: self._open(self.queue_table, self.queue))
        q.addWidget(self.queue_table, 1)
        act = QHBoxLayout()
        comment_label = QLabel(_('コメント(&L)'))
        self.comment = QLineEdit()
        self.comment.setAccessibleName(_('承認・差戻しのコメント'))
        self.comment.setPlaceholderText(_('差戻しには必須(何を直せばよいか)'))
        comment_label.setBuddy(self.comment)
        self.approve_btn = QPushButton(_('承認(&P)'))
        self.approve_btn.setAccessibleName(_('選択した依頼を承認'))
        self.reject_btn = QPushButton(_('差戻し(&J)'))
        self.reject_btn.setAccessibleName(_('選択した依頼を差戻し'))
        self.approve_btn.clicked.connect(lambda: self.decide("approve"))
        self.reject_btn.clicked.connect(lambda: self.decide("reject"))
        act.addWidget(comment_label)
        act.addWidget(self.comment, 1)
        act.addWidget(self.approve_btn)
        act.addWidget(self.reject_btn)
        q.addLayout(act)
        v.addWidget(self.queue_box, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_('チームの操作の結果'))
        v.addWidget(self.message)
        team.changed.connect(self.reload)
        team.synced.connect(self._synced)
        self.request_dialog: RequestDialog | None = None
        self._pending: tuple[str, str] | None = None
        self.reload()

    def reload(self) -> None:
        picked = (self._picked(self.table, self.rows), self._picked(self.queue_table, self.queue))
        self._reload()
        # the same drafts stay selected: a row number now holds another draft when a sync brought a new
        # one above it (承認 then approved a request the approver had not picked)
        select = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        for table, rows, draft_id in (
            (self.table, self.rows, picked[0]),
            (self.queue_table, self.queue, picked[1]),
        ):
            table.clearSelection()
            table.setCurrentCell(-1, -1)
            for r, d in enumerate(rows):
                if d.draft_id == draft_id:
                    table.selectionModel().setCurrentIndex(table.model().index(r, 0), select)

    def _picked(self, table: QTableWidget, rows: list[TeamDraft]) -> int | None:
        d = self._selected(table, rows)
        return d.draft_id if d is not None else None

    def _reload(self) -> None:
        local = self.team.local
        if local is None:
            self.rows, self.queue = [], []
        else:
            try:
                self.rows = local.drafts(limit=LIST_LIMIT)
                self.queue = local.drafts("requested") if self.team.approver else []
            except Exception:  # the store is busy: the next change shows them
                return
        status = self.team.status
        if local is not None:
            me = local.display_name(status.get("role"))
            self.who.setText(
                _('チーム {team} ・ {name}({kind})').format(
                    team=status.get("team") or "-",
                    name=me or "-",
                    kind=_(KIND_TEXT.get(self.team.kind, self.team.kind)) if self.team.kind else "-",
                )
                if status.get("role")
                else _('まだチームと同期していません。ステータスバーの「今すぐ同期」で同期します。')
            )
        _fill(
            self.table,
            [
                [
                    d.number,
                    d.title,
                    local.display_name(d.owner) if local else d.owner,
                    self._approval(d),
                    local_time(d.updated_at) if d.updated_at else "",
                    str(d.unsent) if d.unsent else "",
                    d.approval_comment if d.approval != "none" else "",
                ]
                for d in self.rows
            ],
        )
        self.queue_box.setVisible(self.team.approver)
        self.queue_title.setText(_('承認依頼({n}件)').format(n=len(self.queue)))
        _fill(
            self.queue_table,
            [
                [
                    d.number,
                    d.title,
                    local.display_name(d.owner) if local else d.owner,
                    _(LEVEL_TEXT.get(d.approval_level or "approver", d.approval_level or "")),
                    local_time(d.updated_at) if d.updated_at else "",
                    d.approval_comment,
                ]
                for d in self.queue
            ],
        )
        busy = self.team.jobs.running("team")
        for b in (self.request_btn, self.approve_btn, self.reject_btn):
            b.setEnabled(not busy)

    def _approval(self, d: TeamDraft) -> str:
        """承認済 / 差戻し with who decided (承認依頼中 alone): the salesperson knows whom to ask."""
        text = _(APPROVAL_TEXT.get(d.approval, d.approval))
        local = self.team.local
        if d.approval in ("approved", "rejected") and d.approval_by and local is not None:
            return _('{state}({name})').format(state=text, name=local.display_name(d.approval_by))
        return text

    def _selected(self, table: QTableWidget, rows: list[TeamDraft]) -> TeamDraft | None:
        r = table.currentRow()
        return rows[r] if 0 <= r < len(rows) else None

    def _open(self, table: QTableWidget, rows: list[TeamDraft]) -> None:
        d = self._selected(table, rows)
        if d is not None:
            self.open_draft.emit(d.draft_id)

    def request_selected(self) -> None:
        d = self._selected(self.table, self.rows)
        if d is None:
            self.message.setText(_('承認を依頼する下書きを一覧で選んでください。'))
            return
        self.request_dialog = RequestDialog(self.team, d.draft_id, d.number, d.title, self)
        self.request_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time
        self.request_dialog.open()

    def decide(self, action: str) -> None:
        d = self._selected(self.queue_table, self.queue)
        if d is None:
            self.message.setText(_('承認依頼の一覧から下書きを選んでください。'))
            return
        comment = self.comment.text().strip()
        if action == "reject" and not comment:
            self.message.setText(_('差戻しにはコメントが必要です(何を直せばよいかを書いてください)。'))
            self.comment.setFocus()
            return
        if self.team.act(action, d.draft_id, comment, seen=d.approval_rev):
            self._pending = (action, d.number)
            self.message.setText(_('{number} を送信しています…').format(number=d.number))

    def _synced(self, outcome: SyncOutcome) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        action, number = pending
        if outcome.ok:
            done = _('{number} を承認しました。') if action == "approve" else _('{number} を差戻しました。')
            self.message.setText(done.format(number=number))
            self.comment.clear()
        elif outcome.offline:  # not kept for the next sync as a saved draft is: said, with what to do
            self.message.setText(
                _('{number} の承認・差戻しは送られていません。'
                  'サーバーにつながったら、もう一度押してください。').format(number=number)
                + "\n"
                + self.team.error
            )
        else:
            self.message.setText(error_text(outcome.error) if outcome.error is not None else self.team.error)


class RequestDialog(QDialog):
    """承認依頼 of one draft, with an optional comment for the approver. Window-modal (open())."""

    def __init__(
        self, team: TeamSync, draft_id: int, number: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.team = team
        self.draft_id = draft_id
        self.setWindowTitle(_('承認依頼'))
        self.resize(520, 220)
        v = QVBoxLayout(self)
        v.addWidget(
            intro_label(
                _('「{title}」({number})の最新の内容の承認をチームの承認者に依頼します。').format(
                    title=title, number=number
                )
            )
        )
        label = QLabel(_('承認者へのコメント(&C)'))
        self.comment = QLineEdit()
        self.comment.setAccessibleName(_('承認者へのコメント'))
        label.setBuddy(self.comment)
        v.addWidget(label)
        v.addWidget(self.comment)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_('承認依頼の結果'))
        v.addWidget(self.message)
        v.addStretch(1)
        buttons = QDialogButtonBox()
        self.send_btn = QPushButton(_('依頼する(&S)'))
        self.send_btn.setAccessibleName(_('承認を依頼する'))
        self.send_btn.setDefault(True)
        buttons.addButton(self.send_btn, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.send_btn.clicked.connect(self.send)
        v.addWidget(buttons)
        self._sent = False
        team.synced.connect(self._synced)

    def send(self) -> None:
        if self.team.act("submit", self.draft_id, self.comment.text().strip()):
            self._sent = True
            self.send_btn.setEnabled(False)
            self.message.setText(_('送信しています…'))
        else:
            self.message.setText(_('同期の途中です。終わってからもう一度押してください。'))

    def _synced(self, outcome: SyncOutcome) -> None:
        if not self._sent:
            return
        self._sent = False
        self.send_btn.setEnabled(True)
        if outcome.ok:
            self.message.setStyleSheet("")
            self.message.setText(
                _('承認を依頼しました(必要な承認: {level})。').format(
                    level=_(LEVEL_TEXT.get(outcome.message, LEVEL_TEXT["approver"]))
                )
            )
            self.send_btn.setEnabled(False)
        else:
            self.message.setStyleSheet("color: #b00020;")
            unsent = (
                _('承認依頼は送られていません。サーバーにつながったら、もう一度「依頼する」を押してください。')
                + "\n"
                if outcome.offline  # a request is not kept for the next sync as a saved draft is
                else ""
            )
            self.message.setText(unsent + self.team.error)
