"""Whole-process timings for the benchmarks: commands run in turn (so that a change of the machine's
load hits them alike), medians of wall time and, where the platform reports it, of CPU time."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def load() -> str:
    """The load average, to print beside a figure measured on a shared machine."""
    if not hasattr(os, "getloadavg"):
        return "load average not available"
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}), {os.cpu_count()} cores"


def run_once(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[float, float | None, int]:
    """(wall seconds, CPU seconds or None, exit code) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu: float | None = usage.ru_utime + usage.ru_stime
    else:
        proc.wait()
        cpu = None
    return time.perf_counter() - start, cpu, proc.returncode


def medians(
    cmds: Mapping[str, Sequence[str]], cwd: Path, env: Mapping[str, str], rounds: int = 9
) -> dict[str, tuple[float, float | None, set[int]]]:
    """{name: (median wall s, median CPU s or None, exit codes)}, the commands taking turns, after one
    warm-up round."""
    runs: dict[str, list[tuple[float, float | None, int]]] = {name: [] for name in cmds}
    for n in range(rounds + 1):
        for name, cmd in cmds.items():
            result = run_once(cmd, cwd, env)
            if n:
                runs[name].append(result)
    out = {}
    for name, results in runs.items():
        cpus = [c for _w, c, _r in results if c is not None]
        out[name] = (
            statistics.median(w for w, _c, _r in results),
            statistics.median(cpus) if cpus else None,
            {r for _w, _c, r in results},
        )
    return out


def describe(name: str, wall: float, cpu: float | None) -> str:
    return f"{name}: {wall * 1000:.0f} ms" + (f" (CPU {cpu * 1000:.0f} ms)" if cpu is not None else "")
