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


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def create_private(path: Path) -> None:
    """Create `path` empty, readable by its owner only, unless it exists (customer data: the draft
    store, its backups). Folders and files that exist are tightened by make_private()."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


def make_private(folder: Path) -> None:
    """The data folder 0700, and the draft store's files in it and in its backups/ 0600: a folder made
    by an earlier version (0755, files 0644) is tightened. Only on POSIX (on Windows a user's data
    folder is private by its ACL), and only what the user owns."""
    if os.name != "posix" or not folder.is_dir():
        return
    uid = os.getuid()

    def tighten(path: Path, mode: int) -> None:
        with contextlib.suppress(OSError):
            st = path.lstat()
            if st.st_uid == uid and st.st_mode & 0o777 & ~mode:
                path.chmod(mode)

    tighten(folder, PRIVATE_FOLDER)
    for path in folder.iterdir():
        if path.name.startswith("drafts") and path.is_file() and not path.is_symlink():
            tighten(path, PRIVATE_FILE)
    backups = folder / "backups"
    if backups.is_dir() and not backups.is_symlink():
        tighten(backups, PRIVATE_FOLDER)
        for path in backups.iterdir():
            if path.is_file() and not path.is_symlink():
                tighten(path, PRIVATE_FILE)


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
