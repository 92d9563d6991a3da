"""Where the app finds its data files (resources/) in a checkout, an install and a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder: $IIJ_CONFIGURATOR_RESOURCES, the frozen bundle, or the checkout."""
    env = os.environ.get("IIJ_CONFIGURATOR_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def i18n_dir() -> Path:
    """The gettext catalogues (i18n/<lang>/LC_MESSAGES/messages.mo, compiled from the .po files)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "i18n"
    return Path(__file__).resolve().parent.parent / "i18n"
