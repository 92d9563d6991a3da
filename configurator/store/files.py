"""Files written whole or not at all, and files moved aside (never overwritten, never deleted)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from configurator.errors import KnownError
from configurator.store.layout import jst_stamp


class WriteError(KnownError, OSError):
    """A file could not be written: told in words (a KnownError, exit 2), and still an OSError for
    callers that handle those — its strerror is the short reason, for a caller that words its own."""

    def __init__(self, message: str, message_en: str = "", reason: str = "", denied: bool = False) -> None:
        super().__init__(message, message_en)
        self.strerror = reason or message
        #: refused by the system's permissions, or (Windows) the file is open in another program
        self.denied = denied


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: read once at import, while nothing else runs: os.umask can only be read by setting it
_UMASK = _current_umask()


def _write_error(path: Path, exc: OSError) -> WriteError:
    if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return WriteError(
            f"ディスクがいっぱいで {path} に保存できません。空き容量を作ってからやり直してください"
            "(書きかけのファイルは残していません)。",
            f"The disk is full; {path} was not written.",
            "ディスクがいっぱいです",
        )
    if isinstance(exc, PermissionError):
        return WriteError(
            f"{path} に書き込む権限がありません。別の場所を指定してください。",
            f"No permission to write {path}.",
            "書き込む権限がありません",
            denied=True,
        )
    return WriteError(
        f"{path} に保存できません({exc.strerror or exc})。保存先を確認してください。",
        f"Cannot write {path} ({exc.strerror or exc}).",
    )


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, fsync, rename.

    A symbolic link is followed: its target is replaced (atomically) and the link stays. A folder,
    a device, a pipe or any other special file is refused, never replaced. A new file gets the
    mode the user's umask gives any saved file; a file replaced keeps its mode. Every failure is a
    WriteError that says what to change."""
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _write_error(given, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(
            f"{given} はフォルダです。保存するファイルの名前を指定してください。",
            f"{given} is a folder; give a file name.",
            "フォルダです",
        )
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteError(
            f"{given} は通常のファイルではありません(デバイスやパイプなど)。置き換えずに中止しました。"
            "通常のファイルの名前を指定してください。",
            f"{given} is not a regular file (a device or a pipe); it was left alone.",
            "通常のファイルではありません(デバイスやパイプなど)。置き換えていません",
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(
            f"{given} に保存できません: フォルダ {folder} がありません。フォルダを作るか、"
            "別の場所を指定してください。",
            f"Cannot write {given}: the folder {folder} does not exist.",
            "フォルダがありません",
        )
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_UMASK
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _write_error(given, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _write_error(given, exc) from None
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


def make_private(folder: Path, folder_too: bool = True) -> None:
    """The data folder 0700 (unless not `folder_too`), and the draft store's files in it and in its
    backups/ 0600: a folder made by an earlier version (0755, files 0644) is tightened. Only on POSIX
    modes (on Windows a user's data folder is private by its ACL), and only what the owner of the data
    folder owns (the folder the app made for its user; no process-uid call, which Windows lacks)."""
    if os.name != "posix" or not folder.is_dir():
        return
    uid = folder.stat().st_uid

    def tighten(path: Path, mode: int) -> None:
        with contextlib.suppress(OSError):
            st = path.lstat()
            if st.st_uid == uid and st.st_mode & 0o777 & ~mode:
                path.chmod(mode)

    if folder_too:
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
    stamp = jst_stamp()  # Japan time, as the backups' names (it was the computer's own)
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
