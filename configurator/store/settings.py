"""Where the user's data lives: drafts, installed price books, settings.

The folder is platformdirs' user data dir for "iij-configurator" (on Linux
~/.local/share/iij-configurator), unless $IIJ_CONFIGURATOR_DATA or the --data-dir option names
another one (tests, and users who keep their data elsewhere).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from configurator.errors import KnownError
from configurator.store.faults import StoreError
from configurator.store.files import WriteError, atomic_write, move_aside
from configurator.text import i18n

APP_NAME = "iij-configurator"
ENV_DATA = "IIJ_CONFIGURATOR_DATA"
_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    global _override
    _override = Path(path) if path else None


def data_dir() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env)
    return default_data_dir()


def default_data_dir() -> Path:
    """The user's data folder when neither --data-dir nor $IIJ_CONFIGURATOR_DATA names one."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class DataFolderError(WriteError, StoreError):
    """The data folder cannot be used (a file, a folder that cannot be made or written): says which
    setting named it and what to change. A KnownError (exit 2), a StoreError (the draft store's callers)
    and an OSError (callers that handle those)."""


def _os_reason(exc: OSError) -> tuple[str, str]:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "権限がありません", "permission denied"
    if exc.errno == errno.EROFS:
        return "読み取り専用のドライブです", "the drive is read-only"
    if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return "ディスクがいっぱいです", "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "名前が長すぎます", "the name is too long"
    if exc.errno == errno.ENOTDIR:
        return "途中にフォルダではなくファイルがあります", "a file, not a folder, is on its way"
    return "ファイルやフォルダを作れません", exc.strerror or str(exc)


def _problem(folder: Path, write: bool) -> tuple[str, str] | None:
    """Why `folder` cannot be the data folder (Japanese, English), or None. With `write`, the folder is
    made if missing and a file is made and removed in it (the portable test: os.access is wrong on Windows
    for a folder marked read-only, which can still be written); without, a folder not there yet is fine
    (nothing is in it) and only a file in its place or on its way is refused."""
    try:
        st: os.stat_result | None = os.stat(folder)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # ENOTDIR: a file on its way (Windows says "not found": found below)
        st = None
        if exc.errno != errno.ENOTDIR:
            return _os_reason(exc)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        return "フォルダではなくファイルです", "it is a file, not a folder"
    if st is None:
        for above in folder.parents:
            if os.path.lexists(above):
                if not above.is_dir():
                    return (
                        f"途中の {above} がフォルダではなくファイルのため作れません",
                        f"it cannot be made: {above} on its way is a file, not a folder",
                    )
                break
        if not write:
            return None
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            ja, en = _os_reason(exc)
            return f"作れません: {ja}", f"it cannot be made: {en}"
    if write:
        try:
            fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        except OSError as exc:
            ja, en = _os_reason(exc)
            return f"書き込めません: {ja}", f"it cannot be written: {en}"
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None


def check_folder(folder: Path, write: bool = True) -> Path:
    """`folder` as a data folder, made when missing (with `write`), or DataFolderError saying which setting
    to change when it is the configured one (data_dir())."""
    problem = _problem(folder, write)
    if problem is None:
        return folder
    ja, en = problem
    env = os.environ.get(ENV_DATA)
    configured = Path(folder) == data_dir()
    how = ("--data-dir" if _override is not None else ENV_DATA if env else "") if configured else ""
    if not configured:
        fix = ("別のフォルダを指定してください。", "Give another folder.")
    elif _override is not None:
        fix = (
            "--data-dir に書き込めるフォルダを指定してください。",
            "Give --data-dir a folder you can write.",
        )
    elif env:
        fix = (
            f"環境変数 {ENV_DATA} を書き込めるフォルダに変えるか、{ENV_DATA} を外して既定のフォルダ"
            f"({default_data_dir()})を使ってください。",
            f"Set the environment variable {ENV_DATA} to a folder you can write, or unset it to use the "
            f"default folder ({default_data_dir()}).",
        )
    else:
        fix = (
            f"環境変数 {ENV_DATA} か --data-dir で、書き込めるフォルダを指定してください。",
            f"Name a folder you can write with the environment variable {ENV_DATA} or --data-dir.",
        )
    named, named_en = (f"({how} で指定)", f" (set by {how})") if how else ("", "")
    raise DataFolderError(
        f"データフォルダ {folder}{named}は使えません({ja})。{fix[0]}",
        f"The data folder {folder}{named_en} cannot be used ({en}). {fix[1]}",
        ja,
        denied="権限" in ja,
    )


def check_data_dir(write: bool = True) -> Path:
    """The data folder (data_dir()), checked: see check_folder. A command that needs the folder asks here
    first; one that needs nothing of it (validate, calc…) never does, so a bad setting does not stop it."""
    return check_folder(data_dir(), write)


def settings_path() -> Path:
    return data_dir() / "settings.json"


def load_settings(strict: bool = False) -> dict[str, Any]:
    """The settings; {} when there are none. An unreadable file counts as none, unless `strict`
    (what goes on a customer's document must not silently fall back to defaults): then it is a
    KnownError that says where the file is and how to replace it."""
    if strict:  # a data folder that is a file: said as such, not as an unreadable settings file in it
        check_data_dir(write=False)
    path = settings_path()
    try:
        data = _read(path)
        if isinstance(data, dict):
            return data
        problem = "JSONのオブジェクトではありません"
    except FileNotFoundError:
        return {}
    except (OSError, KnownError) as exc:
        problem = exc.message if isinstance(exc, KnownError) else str(exc)
    if strict:
        raise KnownError(
            f"設定ファイル {path} を読めません({problem})。手で直すか、アプリの「ファイル → 発行元(自社)"
            "の設定」で"
            "保存し直してください(読めないファイルは別名で残ります)。",
            f"Cannot read the settings file {path} ({problem}). Fix it, or save the issuer settings again "
            "in the"
            " app (the unreadable file is kept under another name).",
        )
    return {}


def _read(path: Path) -> Any:
    """The settings file through the app's one guarded JSON loader (nesting, numbers, text checked)."""
    from configurator.order.document import load_json

    with open(path, "rb") as fh:
        raw = fh.read(1024 * 1024 + 1)
    if len(raw) > 1024 * 1024:
        raise KnownError("1 MB を超えています", "larger than 1 MB")
    return load_json(raw, source=str(path), what="設定ファイル(settings.json)")


def _readable(path: Path) -> bool:
    try:
        return isinstance(_read(path), dict)
    except FileNotFoundError:
        return True
    except (OSError, KnownError):
        return False


def settings_readable() -> bool:
    return _readable(settings_path())


def save_settings(settings: dict[str, Any]) -> None:
    """Write the settings atomically. A settings file that cannot be read (a hand edit gone wrong) is
    moved aside as settings.json.unreadable-<time> first, never overwritten: what was in it can be
    copied back by hand. Saves the user did not ask for (the window's size) check settings_readable()
    first and leave such a file alone."""
    check_data_dir()
    path = settings_path()
    if not _readable(path):
        move_aside(path, "unreadable")
    atomic_write(path, (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def chosen_language() -> str:
    env = os.environ.get("IIJ_CONFIGURATOR_LANG")
    if env in i18n.LANGUAGES:
        return env
    setting = load_settings().get("language") or "system"
    return setting if setting in i18n.LANGUAGES else i18n.system_language()


def undo_steps(default: int = 100) -> int:
    """How many edits 元に戻す can take back: the "undo_steps" setting (1 to 10,000), else `default`."""
    value = load_settings().get("undo_steps")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10_000:
        return value
    return default
