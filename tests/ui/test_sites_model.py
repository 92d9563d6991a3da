"""The sites table keeps what it paints of a row (flags, text, tick, colours) across edits and works out
again, and repaints, only the rows an edit changed (ui/sites.py, OrderSession.changed_sites): after any
edit, undo or redo it must show what a model made afresh shows — never a stale row."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt

from configurator.session import edits
from configurator.session.order_session import OrderSession
from tests.benchmarks.orders import big_order

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


def shown(model: Any) -> list[Any]:
    """Every cell of the model as a view reads it."""
    out = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            out.append((r, c, model.flags(index), *(model.data(index, role) for role in ROLES)))
    return out


def _edit(rng: random.Random, s: OrderSession) -> None:
    """One edit of the kinds that change a row, another row (a LAN overlap, a duplicate id), the rows
    (a site added or removed) or nothing of the table (the customer)."""
    children = s.doc["vpn_networks"][0]["children"]
    site = f"/vpn_networks/0/children/{rng.randrange(len(children))}"
    roll = rng.random()
    if roll < 0.25:
        key = rng.choice(["onsite_installation", "cold_standby", "rack_mount_kit", "vpn_module"])
        s.set(f"{site}/options/{key}", rng.random() < 0.5)
    elif roll < 0.40:
        s.set(site + "/device", rng.choice([None, "c1121_8p", "isr4351", "c891fj", "asr1001x"]))
    elif roll < 0.52:
        s.set(site + "/lan", rng.choice([["10.0.0.0/24"], ["10.0.1.0/24"], [], ["192.168.1.0/24"]]))
    elif roll < 0.60:
        s.set(site + "/id", rng.choice(["site-00001", "site-00002", "dup"]))
    elif roll < 0.68:
        s.set(site + "/name", rng.choice(["", "大阪", "名古屋支店"]))
    elif roll < 0.72:
        s.set(f"{site}/options/sfp_module", rng.choice([0, 1, 3]))
    elif roll < 0.76:
        s.set("/customer/name", rng.choice(["", "株式会社サンプル"]))
    elif roll < 0.80:
        s.set("/vpn_networks/0/item", rng.choice([None, "type_a", "type_b"]))
    elif roll < 0.84:
        s.apply(*edits.add_child(s.doc, 0))
    elif roll < 0.88 and len(children) > 2:
        s.apply(*edits.remove_sites([site]))
    elif roll < 0.91:  # a site taken out and another put in earlier: the rows between move, not their count
        net = "/vpn_networks/0/children"
        j = rng.randrange(1, len(children))
        new = {**children[-1], "id": f"moved-{j}", "name": f"移設{j}"}
        s.apply([
            {"op": "remove", "path": f"{net}/{j}"},
            {"op": "add", "path": f"{net}/{j // 2}", "value": new},
        ])
    elif roll < 0.95:
        s.undo()
    else:
        s.redo()


def test_the_kept_rows_are_those_of_a_fresh_model_after_every_edit(qtbot: Any) -> None:
    from ui.sites import DEVICES, OPTIONS, TOPOLOGY, SitesModel

    for seed, columns in enumerate((OPTIONS, TOPOLOGY, DEVICES)):
        rng = random.Random(seed)
        s = OrderSession(big_order(30))
        kept = SitesModel(columns, lambda s=s: s)
        shown(kept)
        for step in range(100):
            _edit(rng, s)
            if step % 3 == 0:
                shown(kept)  # read before the page's refresh (a paint, a listener before it)
            kept.refresh()  # as the page does after an edit
            assert shown(kept) == shown(SitesModel(columns, lambda s=s: s)), f"seed {seed}, step {step}"


def test_an_edit_of_one_site_works_out_and_repaints_its_row_alone(qtbot: Any) -> None:
    from ui.sites import OPTIONS, SitesModel

    s = OrderSession(big_order(40))
    model = SitesModel(OPTIONS, lambda: s)
    shown(model)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_r: changed.append((a.row(), b.row())))
    kept = dict(model._cells)
    assert not s.get("/vpn_networks/0/children/7/options/cold_standby")
    s.set("/vpn_networks/0/children/7/options/cold_standby", True)
    model.refresh()
    assert changed == [(8, 8)]  # the parent is row 0
    shown(model)
    assert all(model._cells[r] is kept[r] for r in kept if r != 8) and model._cells[8] is not kept[8]

    # a LAN that overlaps an earlier site's: the finding is at the earlier site, another row
    changed.clear()
    s.set("/vpn_networks/0/children/20/lan", s.get("/vpn_networks/0/children/3/lan"))
    model.refresh()
    assert changed == [(4, 4), (21, 21)]
    assert [i.path for i in s.issues] == ["/vpn_networks/0/children/3/lan/0"]

    # one edit of several sites: a signal for each run of rows
    changed.clear()
    ptrs = [f"/vpn_networks/0/children/{k}/options/cold_standby" for k in (10, 11, 12, 30)]
    s.apply(*edits.bulk_set(ptrs, True))
    model.refresh()
    assert changed == [(11, 13), (31, 31)]


def test_a_finding_on_another_row_shows_there(qtbot: Any) -> None:
    from ui.sites import TOPOLOGY, SitesModel

    s = OrderSession(big_order(40))
    model = SitesModel(TOPOLOGY, lambda: s)
    shown(model)
    lan = model.index(4, [c.key for c in TOPOLOGY].index("/lan"))
    assert model.data(lan, Qt.ItemDataRole.BackgroundRole) is None
    s.set("/vpn_networks/0/children/20/lan", s.get("/vpn_networks/0/children/3/lan"))
    model.refresh()
    assert model.data(lan, Qt.ItemDataRole.BackgroundRole) is not None
    assert "重なっています" in model.data(lan, Qt.ItemDataRole.ToolTipRole)


def test_a_count_is_read_as_typed_and_never_becomes_nothing(qtbot: Any) -> None:
    """SFPモジュール(個): 「2個」 or 「２」 is 2; 「abc」 is no count and what was there stays (it was written
    as 0, the option gone without a word); an emptied cell is none."""
    from ui.sites import OPTIONS, SitesModel

    s = OrderSession(big_order(3))
    model = SitesModel(OPTIONS, lambda: s)
    shown(model)
    col = next(c for c, column in enumerate(model.columns) if column.key == "/options/sfp_module")
    ptr = "/vpn_networks/0/children/0/options/sfp_module"
    cell = model.index(1, col)  # the parent is row 0
    for typed, want in (("2個", 2), ("３", 3), (" 1 個 ", 1)):
        assert model.setData(cell, typed, Qt.ItemDataRole.EditRole)
        assert s.get(ptr) == want, typed
    said: list[str] = []
    model.refused.connect(said.append)
    assert not model.setData(cell, "abc", Qt.ItemDataRole.EditRole)
    assert s.get(ptr) == 1 and said and "「abc」は個数として読めません" in said[0]
    assert model.setData(cell, "", Qt.ItemDataRole.EditRole) and not s.get(ptr)


def test_a_control_character_typed_or_pasted_into_a_cell_is_refused_and_said(qtbot: Any) -> None:
    """A site name pasted from another program with a bell (U+0007) in it was kept as it was; the PDF then
    left it out without a word. It is refused, the cell keeps its value, and the reason is said."""
    from ui.sites import TOPOLOGY, SitesModel

    s = OrderSession(big_order(3))
    model = SitesModel(TOPOLOGY, lambda: s)
    shown(model)
    col = next(c for c, column in enumerate(model.columns) if column.key == "/name")
    ptr = "/vpn_networks/0/children/0/name"
    before = s.get(ptr)
    said: list[str] = []
    model.refused.connect(said.append)
    assert not model.setData(model.index(1, col), "大阪\x07支店", Qt.ItemDataRole.EditRole)
    assert s.get(ptr) == before and said and "U+0007" in said[0]
    assert model.setData(model.index(1, col), "大阪支店", Qt.ItemDataRole.EditRole)
    assert s.get(ptr) == "大阪支店"
