"""The table of a VPN network's sites: parent first, then the children. One model, with a column set
per page (addresses and lines; devices; options; terms)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from configurator.session.order_session import OrderSession
from configurator.tariff.catalogue import catalogue
from configurator.tariff.choices import Choice, option_choice
from configurator.text import jpinput
from configurator.text.i18n import N_, _, pick
from configurator.text.jpformat import article_en
from ui.common import DISABLED_FG, ERROR_BG, PROVIDERS, WARNING_BG, combo_item, fill_choices, issue_text

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # pointer under the site, e.g. "/name"
    title: str
    kind: str = "text"  # text | list | choice | bool | count | kind | readonly
    width: int = 110
    header: str = ""  # a shorter, two-line header where the title is long (the title is its tooltip)


TOPOLOGY = (
    Column("", N_("区分"), "kind", 44),
    Column("/id", N_("拠点ID"), "text", 90),
    Column("/name", N_("拠点名"), "text", 130),
    Column("/postal_code", N_("郵便番号"), "text", 80),
    Column("/address", N_("設置場所の住所"), "text", 230),
    Column("/lan", N_("LAN(カンマ区切り)"), "list", 170),
    Column("/internet/provider", N_("インターネット接続"), "choice", 120),
    Column("/internet/name", N_("他社回線名"), "text", 110),
    Column("/internet/connection", N_("接続方式"), "choice", 120),
    Column("/internet/address", N_("固定IPアドレス"), "text", 120),
)
DEVICES = (Column("", N_("区分"), "kind", 44), Column("/name", N_("拠点名"), "readonly", 160),
           Column("/device", N_("VPN機器"), "choice", 220))
OPTIONS = (
    Column("", N_("区分"), "kind", 44),
    Column("/name", N_("拠点名"), "readonly", 120),
    Column("/device", N_("VPN機器"), "readonly", 130),
    Column("/options/onsite_installation", N_("オンサイト設置"), "bool", 72, N_("オンサイト\n設置")),
    Column("/options/cold_standby", N_("コールドスタンバイ"), "bool", 80, N_("コールド\nスタンバイ")),
    Column("/options/private_switch", N_("プライベートスイッチ"), "choice", 205,
           N_("プライベート\nスイッチ")),
    Column("/options/rack_mount_kit", N_("ラックマウントキット"), "bool", 90, N_("ラックマウント\nキット")),
    Column("/options/sfp_module", N_("SFPモジュール(個)"), "count", 92, N_("SFPモジュール\n(個)")),
    Column("/options/vpn_module", N_("VPNモジュール"), "bool", 80, N_("VPN\nモジュール")),
    Column("/options/additional_license", N_("追加ライセンス"), "bool", 72, N_("追加\nライセンス")),
)
TERMS = (Column("", N_("区分"), "kind", 44), Column("/name", N_("拠点名"), "readonly", 180),
         Column("/device", N_("VPN機器"), "readonly", 160),
         Column("/term_years", N_("最低利用期間"), "choice", 120))


#: a column's key split into the fields it walks down from its site ("/internet/name" → internet, name)
_PARTS: dict[str, list[str]] = {}
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECK_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_EDIT_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsEditable
_ANSWERED_ROLES = frozenset(int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole))
#: the roles a view paints a cell with, kept per row (SitesModel._row): where each is in a kept cell,
#: after its flags
_KEPT = {int(Qt.ItemDataRole.DisplayRole): 1, int(Qt.ItemDataRole.EditRole): 1,
         int(Qt.ItemDataRole.CheckStateRole): 2, int(Qt.ItemDataRole.BackgroundRole): 3,
         int(Qt.ItemDataRole.ForegroundRole): 4}
_PAINTED = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole)
#: a cell as kept: flags, text, tick, background, foreground
_Cell = tuple[Qt.ItemFlag, Any, Any, Any, Any]


class SitesModel(QAbstractTableModel):
    """The sites of one network, a row each. What a view paints of a row (flags, text, tick, colours) is
    worked out when first asked and kept across edits: after one, only the rows of the sites it wrote in
    or whose findings changed (OrderSession.changed_sites) are worked out again, and only they are
    repainted; a view asks each cell in sight for seven roles on every repaint."""

    #: what was typed into a cell and not taken, and why (the cell keeps its value): the page says it
    refused = Signal(str)

    def __init__(self, columns: tuple[Column, ...], session: Callable[[], OrderSession | None]) -> None:
        super().__init__()
        self.columns = columns
        self._session = session
        self.network = 0
        self._rows: list[str] = []
        self._row_of: dict[str, int] = {}
        self._cached_of: OrderSession | None = None  # the session and version _cached_sites are of
        self._cached_version = -1
        self._cached_sites: dict[str, dict[str, Any]] = {}
        self._cells: dict[int, list[_Cell]] = {}  # the rows worked out, as of _cells_of at _cells_version
        self._cells_of: OrderSession | None = None
        self._cells_version = -1
        self._unshown: set[int] | None = set()  # rows dropped since the last refresh (None: all)
        self.reload()

    # --- rows -----------------------------------------------------------------------------------
    @property
    def session(self) -> OrderSession | None:
        return self._session()

    @property
    def live(self) -> OrderSession:
        """The session, when the table has rows (it has none without one)."""
        s = self._session()
        assert s is not None
        return s

    def reload(self) -> None:
        self.beginResetModel()
        self._set_rows(self._compute_rows())
        self.endResetModel()

    def _set_rows(self, rows: list[str]) -> None:
        self._rows = rows
        self._row_of = {ptr: n for n, ptr in enumerate(rows)}
        self._cells.clear()
        self._cells_of, self._unshown = None, set()

    def _compute_rows(self) -> list[str]:
        s = self.session
        if s is None:
            return []
        nets = s.doc.get("vpn_networks") or []
        if not (0 <= self.network < len(nets)):
            return []
        base = f"/vpn_networks/{self.network}"
        net = nets[self.network]
        rows = [base + "/parent"] if net.get("parent") else []
        rows.extend(f"{base}/children/{j}" for j in range(len(net.get("children") or [])))
        return rows

    def refresh(self) -> None:
        """After an edit: a new row set resets the model, otherwise the rows that changed repaint."""
        rows = self._compute_rows()
        if rows != self._rows:
            self.beginResetModel()
            self._set_rows(rows)
            self.endResetModel()
            return
        if not rows:
            return
        if self._session() is not None:
            self._sync()
        dropped, self._unshown = self._unshown, set()
        last = len(self.columns) - 1
        if dropped is None:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, last))
            return
        runs: list[list[int]] = []  # consecutive rows, one signal a run
        for n in sorted(dropped):
            if runs and runs[-1][1] == n - 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        for first, end in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def _sync(self) -> None:
        """Forget the kept rows the session's edits since they were worked out may have changed."""
        s = self.live
        if self._cells_of is s and self._cells_version == s.version:
            return
        changed = s.changed_sites(self._cells_version) if self._cells_of is s else None
        reset = self._cells_of is None  # nothing shown since the model was reset
        self._cells_of, self._cells_version = s, s.version
        if changed is None:
            self._cells.clear()
            if not reset:
                self._unshown = None
            return
        for ptr in changed:
            n = self._row_of.get(ptr)
            if n is not None:
                self._cells.pop(n, None)
                if self._unshown is not None:
                    self._unshown.add(n)

    def _row(self, row: int) -> list[_Cell]:
        """What a view paints of each cell of a row, worked out when first asked (see the class)."""
        s = self._session()
        if s is None:  # no order: as before, nothing kept
            return [(self._flags(row, c), *(self._role(row, c, role) for role in _PAINTED))
                    for c in range(len(self.columns))]
        if s is not self._cells_of or s.version != self._cells_version:
            self._sync()
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = [
                (self._flags(row, c), *(self._role(row, c, role) for role in _PAINTED))
                for c in range(len(self.columns))
            ]
        return cells

    def site_pointer(self, row: int) -> str:
        return self._rows[row]

    def row_of(self, ptr: str) -> int:
        for r, base in enumerate(self._rows):
            if ptr == base or ptr.startswith(base + "/"):
                return r
        return -1

    def column_of(self, ptr: str) -> int:
        row = self.row_of(ptr)
        if row < 0:
            return -1
        rel = ptr[len(self._rows[row]):]
        best = 0
        for c, col in enumerate(self.columns):
            if col.key and (rel == col.key or rel.startswith(col.key + "/")):
                best = c
        return best

    # --- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                col = self.columns[section]
                return _(col.header or col.title)
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].title)
        return None

    def _site(self, row: int) -> dict[str, Any]:
        """The site of a row. A view asks each cell in sight for seven roles on every repaint: the sites are
        looked up once per version of the order (OrderSession.version moves on with every edit), not
        by their pointers each time."""
        s = self.live
        if self._cached_of is not s or self._cached_version != s.version:
            self._cached_of, self._cached_version, self._cached_sites = s, s.version, {}
        ptr = self._rows[row]
        site = self._cached_sites.get(ptr)
        if site is None:
            found = s.get(ptr)
            site = self._cached_sites[ptr] = found if isinstance(found, dict) else {}
        return site

    def _value(self, row: int, col: Column) -> Any:
        if not col.key:
            return None
        value: Any = self._site(row)
        for part in _PARTS.get(col.key) or _PARTS.setdefault(col.key, col.key.split("/")[1:]):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def _option_state(self, row: int, col: Column, value: Any = True) -> Choice:
        key = col.key.rsplit("/", 1)[1]
        return option_choice(self._site(row).get("device"), key, value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return self._flags(index.row(), index.column())  # as ever (not a row: nothing kept)
        return self._row(index.row())[index.column()][0]

    def _flags(self, row: int, c: int) -> Qt.ItemFlag:
        col = self.columns[c]
        if col.kind in ("kind", "readonly"):
            return _BASE_FLAGS
        if col.kind == "bool":
            if not self._value(row, col) and not self._option_state(row, col).allowed:
                return Qt.ItemFlag.ItemIsSelectable  # greyed out; its tooltip says why
            return _CHECK_FLAGS
        if col.key.startswith("/internet/") and col.key != "/internet/provider":
            inet = self._site(row).get("internet")
            if not isinstance(inet, dict) or inet.get("provider") != "other":
                return _BASE_FLAGS
        return _EDIT_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # a view asks each visible cell for seven roles on every repaint; answer the unused ones first
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        slot = _KEPT.get(role)
        if slot is not None:
            return self._row(index.row())[index.column()][slot]
        return self._role(index.row(), index.column(), role)  # a tooltip, the accessible text: when asked

    def _role(self, row: int, c: int, role: int) -> Any:
        col = self.columns[c]
        ptr = self._rows[row] + col.key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col.kind == "kind":
                return _('親') if self._rows[row].endswith("/parent") else _('子')
            value = self._value(row, col)
            if col.kind == "bool":
                return None
            if col.kind == "list":
                return ", ".join(value or [])
            if col.key == "/device" or col.key == "/options/private_switch":
                if value:
                    return catalogue().device_name(value)
                return _('(選んでください)') if col.key == "/device" else _('なし')
            if col.key == "/term_years":
                if not value:
                    return _('(選んでください)')
                return _('1年') if value == 1 else _('{value}年').format(value=value)
            if col.key == "/internet/provider":
                return _(PROVIDERS[value]) if value in PROVIDERS else _('(選んでください)')
            if col.key == "/internet/connection":
                return catalogue().connection_types.get(value or "", {}).get("name", "")
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "bool":
            return Qt.CheckState.Checked if self._value(row, col) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and col.key:
            issues = [*self.live.issues_at(ptr), *self.live.form_issues_at(ptr)]
            if issues:
                return ERROR_BG if any(i.is_error for i in issues) else WARNING_BG
        if (role == Qt.ItemDataRole.ForegroundRole and col.kind == "bool"
                and not self._option_state(row, col).allowed):
            return DISABLED_FG
        if role == Qt.ItemDataRole.ToolTipRole and col.key:
            issues = [*self.live.issues_at(ptr), *self.live.form_issues_at(ptr)]
            if issues:
                return issue_text(issues)
            if col.kind == "bool":
                state = self._option_state(row, col)
                if not state.allowed:
                    reason = pick(state.reason or '', state.reason_en or '')
                    return _('選べません: {reason}({citation})').format(
                        reason=reason, citation=pick(state.citation or "", article_en(state.citation or "")))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(col.title)}: {self._role(row, c, Qt.ItemDataRole.DisplayRole)}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = self.columns[index.column()]
        ptr = self._rows[index.row()] + col.key
        if col.kind == "bool" and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.live.set(ptr, checked)
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        refusal = jpinput.control_refusal(str(value)) if col.kind in ("text", "list") else None
        if refusal is not None:  # pasted from another program: never kept silently, never dropped silently
            self.refused.emit(refusal)
            return False
        if col.kind == "list":
            value = [p.strip() for p in str(value).replace(_('、'), ",").split(",") if p.strip()]
        elif col.kind == "count":
            counted = jpinput.count(str(value))
            if counted is None:  # 「abc」 is not a count: what was there stays (it became 0, the option gone)
                said = _('「{typed}」は個数として読めません。数字で入力してください(例: 2)。')
                self.refused.emit(said.format(typed=value))
                return False
            value = counted
        elif col.kind == "text":
            value = str(value)
        self.live.set(ptr, value)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the engine's choices for 'choice' columns: disallowed values greyed out with
    their reason as tooltip."""

    def __init__(self, model: SitesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        col = self.model.columns[index.column()]
        if col.kind != "choice":
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(_(col.title))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        col = self.model.columns[index.column()]
        if col.kind != "choice" or not isinstance(editor, QComboBox):
            super().setEditorData(editor, index)
            return
        ptr = self.model.site_pointer(index.row()) + col.key
        fill_choices(editor, self.model.live.doc, ptr, self.model.live.get(ptr))
        editor.showPopup() if editor.isVisible() else None

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        col = self.model.columns[index.column()]
        if col.kind != "choice" or not isinstance(editor, QComboBox):
            super().setModelData(editor, model, index)
            return
        item = combo_item(editor, editor.currentIndex())
        if item is not None and not item.isEnabled():
            return
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
