"""The draft store's files in the data folder: the database and its journals, the lock, the backups
folder, the schema version; the backups found there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

#: Japan time: what the app prints and puts in the names of the files it makes (backups, files moved
#: aside, error logs), whatever the computer's own time zone
JST = ZoneInfo("Asia/Tokyo")


def jst_stamp() -> str:
    """The time now in Japan, for a file name: 20261204-091530-123456 (sorts as it happened). Names made
    before this (files moved aside and error logs carried the computer's own time) have the same form: they
    are still found, and sort among these in the order they were made unless the computer was set to a zone
    ahead of Japan's (they then sort later, by that difference, than names made after them)."""
    return dt.datetime.now(JST).strftime("%Y%m%d-%H%M%S-%f")

DB_NAME = "drafts.sqlite3"


#: the database file and the files SQLite keeps beside it: they move together
DB_SUFFIXES = ("", "-wal", "-shm")


#: suffix of the checked copy of a backup a restore is about to put in place
RESTORING = ".restoring"


#: an empty SQLite file whose locks say who has the store open (see exclusive())
LOCK_NAME = "drafts.lock"


#: the folder of the per-draft lock files: a draft open in a window holds its file's lock (draftlock.py)
OPEN_DIR = "open"


#: how long opening waits for a restore to finish
LOCK_WAIT_S = 2.0


BACKUP_DIR = "backups"


BACKUPS_KEPT = 7


#: a backup also while the app keeps saving, at most this often (besides the daily one at opening)
BACKUP_EVERY_S = 3600


#: app_state key: how many writes the store has had; a backup holds its count at the time
SEQ_KEY = "commit_seq"


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    d = Path(folder) / BACKUP_DIR
    if not d.is_dir():
        return []
    return sorted(d.glob("drafts-*.sqlite3"), key=lambda p: p.name, reverse=True)


SCHEMA_VERSION = 1
