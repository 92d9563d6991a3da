"""The details of an unexpected error are kept for the developers, and only the newest few."""

from __future__ import annotations

from pathlib import Path

from configurator.store.errorlog import KEEP_ERROR_LOGS, write_error_log
from configurator.store.settings import set_data_dir


def test_error_logs_are_kept_in_the_data_folder_and_rotated(tmp_path: Path) -> None:
    set_data_dir(tmp_path)
    try:
        paths = [write_error_log(f"記録 {n}") for n in range(KEEP_ERROR_LOGS + 5)]
        kept = sorted((tmp_path / "logs").glob("error-*.txt"))
        assert len(kept) == KEEP_ERROR_LOGS
        assert [str(p) for p in kept] == paths[-KEEP_ERROR_LOGS:]  # the newest are kept
        assert kept[-1].read_text(encoding="utf-8") == f"記録 {KEEP_ERROR_LOGS + 4}"
    finally:
        set_data_dir(None)


def test_a_log_that_cannot_be_written_is_no_second_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    set_data_dir(blocker)  # the data folder is a file: logs/ cannot be made
    try:
        assert write_error_log("記録") == ""
    finally:
        set_data_dir(None)
