"""Files written whole or not at all, and files moved aside (never overwritten, never deleted)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, fsync, rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def aside_name(path: Path, label: str, suffixes: Sequence[str] = ("",)) -> Path:
    """A name next to `path` that nothing has yet — `<name>.<label>-<date>-<time>-<microseconds>`, with
    `-2`, `-3`… when even that is taken — reserved by creating it (exclusively, 0600). Two moves
    within one second get two names: nothing moved aside is ever overwritten."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.name}.{label}-{stamp}" + (f"-{n}" if n > 1 else ""))
        if any(Path(f"{candidate}{s}").exists() for s in suffixes if s):
            continue
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(f"no free name for {path}.{label}-{stamp}")


def move_aside(path: Path, label: str, suffixes: Sequence[str] = ("",)) -> Path:
    """Move `path` (and `path`+suffix for each suffix, e.g. a database's -wal and -shm) to a new name
    from aside_name(); returns the new name of `path`. Only files that exist are moved."""
    target = aside_name(path, label, suffixes)
    moved_main = False
    for suffix in suffixes:
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.replace(src, Path(f"{target}{suffix}"))
            moved_main = moved_main or not suffix
    if not moved_main:
        with contextlib.suppress(OSError):
            target.unlink()
    return target
