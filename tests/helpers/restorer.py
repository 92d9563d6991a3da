"""A separate process that restores the newest backup in a loop, printing "restored" after each, or
"refused" when another process has the store (another restorer, the app).

usage: python restorer.py FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from configurator.store.backups import restore_backup  # noqa: E402
from configurator.store.faults import StoreError  # noqa: E402


def main() -> None:
    while True:
        try:
            restore_backup(sys.argv[1])
        except StoreError:
            print("refused", flush=True)
            continue
        print("restored", flush=True)


if __name__ == "__main__":
    main()
