"""Where the app finds its data files (resources/) and gettext catalogues (i18n/).

Installed from a wheel, both are inside the package (configurator/resources/, configurator/i18n/,
put there by the build hook in setup.py) and found with importlib.resources. In a checkout
(editable install, tests) they are the top-level resources/ and i18n/; in the PyInstaller bundle,
beside the executable's modules. $IIJ_CONFIGURATOR_RESOURCES overrides resources/.

importlib.resources is imported only when the package is not a folder of files (a zip): its import
costs ~8 ms of every command, and for a package in a folder it gives the folder beside this file.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


@cache
def _packaged(name: str) -> Path | None:
    """configurator/<name> inside the installed package, when the wheel put it there."""
    if _PACKAGE.is_dir():  # installed as files: importlib.resources would give this folder
        here = _PACKAGE / name
        return here if here.is_dir() else None
    from importlib import resources as importlib_resources

    try:
        folder = importlib_resources.files("configurator") / name
    except (ModuleNotFoundError, TypeError):
        return None
    # A package installed on a file system gives a pathlib.Path; ReportLab, gettext and open() need one.
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    return None


def resources_dir() -> Path:
    """The resources/ folder: $IIJ_CONFIGURATOR_RESOURCES, the frozen bundle, the installed package,
    or the checkout."""
    env = os.environ.get("IIJ_CONFIGURATOR_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return _packaged("resources") or _CHECKOUT / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def i18n_dir() -> Path:
    """The gettext catalogues (<lang>/LC_MESSAGES/messages.mo, compiled from the .po files)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "i18n"
    return _packaged("i18n") or _CHECKOUT / "i18n"
