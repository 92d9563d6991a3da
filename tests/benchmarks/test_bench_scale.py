"""An order of 10 VPN networks with 1,000 child sites each (10,000 sites) end to end in the wizard
(issue 18): 1,000 rows pasted into each network, the order checked (確認), one cell edited, both PDFs
exported (見積書 and 申込書). Prints the time of each step and the peak memory of the process (psutil
RSS, sampled every 10 ms on a thread). Run on demand with `make bench`; nothing here is asserted but
that each step did what a user would check (the rows are there, the PDFs are written)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from configurator.session.order_session import OrderSession
from tests.conftest import example

NETWORKS = 10
SITES = 1000


class PeakRss:
    """The highest RSS of this process while it runs, sampled on a thread."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def _rows(net: int) -> str:
    """1,000 child sites as a spreadsheet copies them: tab-separated, a header row first."""
    lines = ["拠点ID\t拠点名\t郵便番号\t住所\tLAN\t機器\t期間"]
    for k in range(SITES):
        lines.append(
            f"n{net}-s{k:04d}\t拠点{net}-{k:04d}\t100-0001\t東京都千代田区千代田1-{k + 1}\t"
            f"10.{net * 4 + k // 256}.{k % 256}.0/24\tC1121-8P\t3"
        )
    return "\n".join(lines) + "\n"


def _order() -> dict[str, Any]:
    """The mixed example's first network ten times over, each with its parent and no child yet."""
    import copy

    doc = example("mixed.iij-order.json")
    first = doc["vpn_networks"][0]
    nets = []
    for n in range(NETWORKS):
        net = copy.deepcopy(first)
        net["id"], net["name"], net["children"] = f"net{n}", f"VPN網{n}", []
        net["parent"]["id"] = f"net{n}-hq"
        net["parent"]["lan"] = [f"172.16.{n}.0/24"]
        nets.append(net)
    doc["vpn_networks"] = nets
    return doc


def test_10_networks_of_1000_sites_end_to_end(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from tests.conftest import write_issuer
    from ui.app import make_window

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(write_issuer(tmp_path / "data")))

    times: dict[str, float] = {}
    cpu: dict[str, float] = {}  # the process's CPU time of each step (this machine's 2 cores are shared)
    after: dict[str, int] = {}  # the peak RSS when each step ended: which step makes the peak

    def step(name: str, fn: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        QApplication.processEvents()
        times[name], cpu[name] = time.perf_counter() - t, time.process_time() - c
        after[name] = rss.peak
        return out

    with PeakRss() as rss:
        start_rss = rss.peak
        window = make_window()
        qtbot.addWidget(window)
        window.resize(1280, 820)
        window.show()
        wiz = window._ensure_wizard()
        wiz.open_session(OrderSession(_order(), price_book=wiz.price_book))
        window.stack.setCurrentWidget(wiz)
        wiz.show_page("vpn_topology")
        topo = wiz.pages["vpn_topology"]
        pastes = []
        for n in range(NETWORKS):
            topo.picker.combo.setCurrentIndex(n)
            QGuiApplication.clipboard().setText(_rows(n))

            def paste() -> None:
                dialog = topo.paste()
                assert dialog is not None
                dialog.add_button.click()

            step(f"paste 1,000 rows into network {n + 1}", paste)
            after.pop(f"paste 1,000 rows into network {n + 1}")
            pastes.append(
                (
                    times.pop(f"paste 1,000 rows into network {n + 1}"),
                    cpu.pop(f"paste 1,000 rows into network {n + 1}"),
                )
            )
            assert topo.model.rowCount() == SITES + 1  # the parent and the pasted rows
        times["paste 1,000 rows (median of 10)"] = sorted(w for w, _c in pastes)[len(pastes) // 2]
        cpu["paste 1,000 rows (median of 10)"] = sorted(c for _w, c in pastes)[len(pastes) // 2]
        times["paste 1,000 rows (the 10th)"], cpu["paste 1,000 rows (the 10th)"] = pastes[-1]
        after["paste 1,000 rows (the 10th)"] = rss.peak
        doc = wiz.session.doc
        assert sum(len(n["children"]) for n in doc["vpn_networks"]) == NETWORKS * SITES
        step("確認 (review page)", lambda: wiz.show_page("review"))
        errors = [i for i in wiz.session.issues if i.is_error]
        assert not errors, errors[:3]
        step("オプション page", lambda: wiz.show_page("vpn_options"))
        page = wiz.pages["vpn_options"]
        page.picker.combo.setCurrentIndex(9)
        col = next(c for c, column in enumerate(page.model.columns) if column.key == "/options/cold_standby")
        edits = []
        for k in range(11):
            value = Qt.CheckState.Checked if k % 2 == 0 else Qt.CheckState.Unchecked
            t, c = time.perf_counter(), time.process_time()
            page.model.setData(page.model.index(500, col), value.value, Qt.ItemDataRole.CheckStateRole)
            page.table.viewport().repaint()
            QApplication.processEvents()
            edits.append((time.perf_counter() - t, time.process_time() - c))
        times["one cell edit (median of 11)"] = sorted(w for w, _c in edits)[len(edits) // 2]
        after["one cell edit (median of 11)"] = rss.peak
        cpu["one cell edit (median of 11)"] = sorted(c for _w, c in edits)[len(edits) // 2]
        assert wiz.session.get("/vpn_networks/9/children/499/options/cold_standby") is True
        wiz.show_page("export")
        for kind, label in (("quote", "見積書"), ("form", "申込書")):
            path = tmp_path / f"{kind}.pdf"
            t, c = time.perf_counter(), time.process_time()
            with qtbot.waitSignal(wiz.exported, timeout=600_000) as blocker:
                wiz.export_pdf(kind, str(path))
            times[f"export {label} PDF"] = time.perf_counter() - t
            cpu[f"export {label} PDF"] = time.process_time() - c
            after[f"export {label} PDF"] = rss.peak
            assert blocker.args == [kind, str(path), ""] and path.read_bytes().startswith(b"%PDF")
            times[f"{label} size (MB)"] = path.stat().st_size / 1e6
        wiz.autosave_timer.stop()
        wiz.preview_timer.stop()
    print(f"\n10 networks x 1,000 sites in the wizard ({NETWORKS * SITES:,} sites):")
    for name, seconds in times.items():
        if name in cpu:
            peak = f", peak RSS so far {after[name] / 2**20:.0f} MB" if name in after else ""
            print(f"  {name}: {seconds:.2f} s (CPU {cpu[name]:.2f} s{peak})")
        else:
            print(f"  {name}: {seconds:.2f}")
    print(f"  peak RSS {rss.peak / 2**20:.0f} MB (at the start {start_rss / 2**20:.0f} MB)")
