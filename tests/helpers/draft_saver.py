"""A separate process that saves a draft in a loop, printing each acknowledged revision.

usage: python draft_saver.py FOLDER DRAFT_ID MODE
  MODE "loop": save forever, printing "ack DRAFT REV" after each save returned.
  MODE "race N": print "ready", wait for a line on stdin, then try N saves starting from the
      revision read before "ready"; print "ok REV" or "conflict COPY_ID" for each.
  MODE "hold": keep the store open like the app does; print "ready", then save once for each line
      read on stdin, printing "ok REV" or "error MESSAGE"; stop at end of input.
  MODE "step": as "loop", but after each "ack" wait for a line on stdin before the next save (so a
      kill lands between saves, never inside one).
  MODE "reader-loop": as "loop", with a second connection holding a read transaction open from the
      start (so checkpoints cannot copy the saves into the database file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from configurator.store.drafts import DraftStore  # noqa: E402

EXAMPLE = json.loads((ROOT / "resources" / "examples" / "mixed.iij-order.json").read_text(encoding="utf-8"))


def main() -> None:
    folder, draft_id, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = DraftStore.open(folder, maintenance=False)
    info, doc = store.load(draft_id)
    base = info.rev
    if mode == "hold":
        print("ready", flush=True)
        for _line in sys.stdin:
            doc["title"] = f"保存中 {base + 1}"
            try:
                res = store.save(draft_id, doc, base)
            except Exception as exc:  # what the app would show
                print(f"error {type(exc).__name__}: {exc}", flush=True)
                continue
            base = res.rev
            print(f"ok {res.rev}", flush=True)
        store.close()
        return
    if mode == "reader-loop":
        import sqlite3

        reader = sqlite3.connect(str(Path(folder) / "drafts.sqlite3"), isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM revisions").fetchone()
        mode = "loop"
    if mode in ("loop", "step"):
        n = 0
        while True:
            n += 1
            doc["title"] = f"保存 {n}"
            doc["vpn_networks"][0]["parent"]["name"] = "本社" * (n % 50 + 1)
            res = store.save(draft_id, doc, base)
            assert not res.conflict
            base = res.rev
            print(f"ack {draft_id} {res.rev}", flush=True)
            if mode == "step":
                sys.stdin.readline()
    count = int(sys.argv[4])
    print("ready", flush=True)
    sys.stdin.readline()
    for k in range(count):
        doc["title"] = f"{sys.argv[5]} {k}"
        res = store.save(draft_id, doc, base)
        if res.conflict:
            print(f"conflict {res.draft_id}", flush=True)
            base = store.info(draft_id).rev
        else:
            base = res.rev
            print(f"ok {res.rev}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
