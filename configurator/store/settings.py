"""Where the user's data lives: drafts, installed price books, settings.

The folder is platformdirs' user data dir for "iij-configurator" (on Linux
~/.local/share/iij-configurator), unless $IIJ_CONFIGURATOR_DATA or the --data-dir option names
another one (tests, and users who keep their data elsewhere).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from configurator.errors import KnownError
from configurator.store.files import atomic_write, move_aside
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
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return data_dir() / "settings.json"


def load_settings(strict: bool = False) -> dict[str, Any]:
    """The settings; {} when there are none. An unreadable file counts as none, unless `strict`
    (what goes on a customer's document must not silently fall back to defaults): then it is a
    KnownError that says where the file is and how to replace it."""
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
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
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
