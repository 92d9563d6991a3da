"""The error log: details of unexpected errors (bugs) kept in the data folder for the developers."""

from __future__ import annotations

import os

from configurator.store.layout import jst_stamp
from configurator.store.settings import data_dir

#: How many error records are kept in the data folder's logs/ (the oldest are removed).
KEEP_ERROR_LOGS = 20


def write_error_log(text: str) -> str:
    """Keep the details of an unexpected error (a bug) in the data folder's logs/, for the developers;
    the path, or "" when even that cannot be written. Never raises: it runs while something is wrong."""
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{jst_stamp()}.txt"  # Japan time, as every name the app gives a file
        path.write_text(text, encoding="utf-8")
        logs = sorted(folder.glob("error-*.txt"))
        for old in logs[:-KEEP_ERROR_LOGS]:
            os.unlink(old)
        return str(path)
    except Exception:
        return ""


def keep_details(what: str, exc: BaseException) -> str:
    """Keep the details of a file the app could not read (the reader's own error, which a user is not
    shown: the message says the reason in plain words and what to do) in the error log; its path or ""."""
    import traceback

    return write_error_log(f"{what}\n\n" + "".join(traceback.format_exception(exc)))
