"""Issue #18: the documents against a peer, whole process, measured in one run.

- 申込書 for 1,000 sites (`configurator form`) vs WeasyPrint rendering the same 明細 table (the form's
  site list as HTML + CSS, tests/benchmarks/peer.py) of the same order: target <= 0.10x;
- 御見積書 for 10 sites (`configurator quote`) vs WeasyPrint rendering that table of the same 10-site
  order: target <= 0.25x.

Each process is started ROUNDS times; the medians of wall time and of CPU time (user + system, from
getrusage: steadier than wall time on a machine shared with other work) are printed with their ratios.
Nothing is asserted on time. WeasyPrint is the "bench" extra (`make bench` installs it; it needs Pango:
Debian libpango-1.0-0 libpangoft2-1.0-0); without it this benchmark is skipped, and says so."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.orders import big_order
from tests.benchmarks.peer import site_table_html
from tests.conftest import ROOT

ROUNDS = int(os.environ.get("IIJ_BENCH_ROUNDS", "5"))


def _weasyprint_missing() -> str | None:
    probe = subprocess.run(
        [sys.executable, "-c", "import weasyprint"], capture_output=True, text=True, check=False
    )
    if probe.returncode == 0:
        return None
    last = (probe.stderr.strip().splitlines() or ["not importable"])[-1]
    return f"weasyprint is not usable here ({last}): pip install -e '.[bench]' (and Pango), or make bench"


def _medians(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(median wall s, median CPU s) of ROUNDS runs of `cmd`, after one warm-up run (file cache)."""
    walls, cpus = [], []
    for n in range(ROUNDS + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if n:
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


@pytest.mark.parametrize(("kind", "sites", "target"), [("form", 1000, 0.10), ("quote", 10, 0.25)])
def test_document_vs_weasyprint(kind: str, sites: int, target: float, tmp_path: Path) -> None:
    missing = _weasyprint_missing()
    if missing:
        print(f"\nSKIPPED {kind} {sites} sites vs WeasyPrint: {missing}")
        pytest.skip(missing)
    order = big_order(sites, every_option=True)
    order_file = tmp_path / f"{sites}.iij-order.json"
    order_file.write_text(json.dumps(order, ensure_ascii=False), encoding="utf-8")
    html = tmp_path / f"{sites}.html"
    html.write_text(site_table_html(order), encoding="utf-8")
    env = {**os.environ, "IIJ_CONFIGURATOR_DATA": str(tmp_path / "data")}
    ours = [
        sys.executable,
        "-m",
        "configurator",
        kind,
        "--draft",
        str(order_file),
        "-o",
        str(tmp_path / "a.pdf"),
    ]
    peer = [sys.executable, "-m", "weasyprint", str(html), str(tmp_path / "b.pdf")]
    our_wall, our_cpu = _medians(ours, env)
    peer_wall, peer_cpu = _medians(peer, env)
    name = {"form": "申込書", "quote": "御見積書"}[kind]
    print(
        f"\n{name} {sites:,} sites, whole process, median of {ROUNDS}:"
        f" wall {our_wall:.3f} s vs WeasyPrint {peer_wall:.3f} s = {our_wall / peer_wall:.3f}x;"
        f" CPU {our_cpu:.3f} s vs {peer_cpu:.3f} s = {our_cpu / peer_cpu:.3f}x (target <= {target}x)"
    )
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")
