"""Desktop integration on Linux (freedesktop.org): the menu entry, the icon and the order file type.

`iij-configurator desktop install` copies resources/desktop/ and the icon into the user's data folder
($XDG_DATA_HOME, else ~/.local/share) — nothing system-wide, no root — with Exec pointing at this
installation; `desktop uninstall` removes exactly those files. Both refresh the MIME and desktop
databases when their tools (shared-mime-info, desktop-file-utils) are there.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from configurator.errors import KnownError
from configurator.paths import resource
from configurator.store.files import atomic_write

NAME = "iij-configurator"


class DesktopError(KnownError):
    pass


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def targets(home: Path | None = None) -> dict[str, Path]:
    home = home or data_home()
    return {
        "desktop": home / "applications" / f"{NAME}.desktop",
        "icon": home / "icons" / "hicolor" / "256x256" / "apps" / f"{NAME}.png",
        "mime": home / "mime" / "packages" / f"{NAME}.xml",
    }


def launcher_command() -> str:
    """How the menu entry starts this installation: the installed script beside the interpreter, else
    `python -m configurator` (a checkout). Quoted for the Exec key."""
    script = Path(sys.executable).with_name(NAME)
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m configurator"


def desktop_entry() -> str:
    text = resource("desktop", f"{NAME}.desktop").read_text(encoding="utf-8")
    return text.replace(f"Exec={NAME} %f", f"Exec={launcher_command()} %f")


def _refresh(home: Path) -> None:
    for tool, folder in (
        ("update-mime-database", home / "mime"),
        ("update-desktop-database", home / "applications"),
    ):
        if shutil.which(tool) and folder.is_dir():
            subprocess.run([tool, str(folder)], capture_output=True, check=False, timeout=120)


def _linux_only() -> None:
    if not sys.platform.startswith("linux"):
        raise DesktopError(
            "デスクトップへの登録は Linux だけで使えます(Windows・macOS ではインストーラを使ってください)。",
            "Desktop integration is for Linux only.",
        )


def install(home: Path | None = None) -> list[Path]:
    """Write the menu entry, the icon and the MIME type for the user; the paths written."""
    _linux_only()
    home = home or data_home()
    paths = targets(home)
    try:
        for path in paths.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(paths["desktop"], desktop_entry().encode("utf-8"))
        atomic_write(paths["icon"], resource("icons", f"{NAME}.png").read_bytes())
        atomic_write(paths["mime"], resource("desktop", f"{NAME}-mime.xml").read_bytes())
    except OSError as exc:
        raise DesktopError(
            f"デスクトップへの登録に失敗しました: {exc}", f"Could not install the desktop files: {exc}"
        ) from None
    _refresh(home)
    return list(paths.values())


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install() wrote; the paths removed."""
    _linux_only()
    home = home or data_home()
    removed = []
    for path in targets(home).values():
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise DesktopError(f"{path} を削除できません: {exc}", f"Cannot remove {path}: {exc}") from None
    _refresh(home)
    return removed
