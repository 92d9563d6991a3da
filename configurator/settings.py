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

from configurator.order import atomic_write

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


def load_settings() -> dict[str, Any]:
    try:
        with open(settings_path(), encoding="utf-8") as fh:
            data = json.load(fh)
            return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _readable(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return isinstance(json.load(fh), dict)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False


def save_settings(settings: dict[str, Any]) -> None:
    """Write the settings atomically. A settings file that cannot be read (a hand edit gone wrong) is
    moved aside as settings.json.unreadable-<time> first, never overwritten: what was in it can be
    copied back by hand."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not _readable(path):
        import datetime as dt

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path.replace(path.with_name(f"{path.name}.unreadable-{stamp}"))
    atomic_write(path, (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
