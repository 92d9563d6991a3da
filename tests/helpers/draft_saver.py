"""A separate process that saves a draft in a loop, printing each acknowledged revision.

usage: python draft_saver.py FOLDER DRAFT_ID MODE
  MODE "loop": save forever, printing "ack DRAFT REV" after each save returned.
  MODE "race N": print "ready", wait for a line on stdin, then try N saves starting from the
      revision read before "ready"; print "ok REV" or "conflict COPY_ID" for each.
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
    if mode == "loop":
        n = 0
        while True:
            n += 1
            doc["title"] = f"保存 {n}"
            doc["vpn_networks"][0]["parent"]["name"] = "本社" * (n % 50 + 1)
            res = store.save(draft_id, doc, base)
            assert not res.conflict
            base = res.rev
            print(f"ack {draft_id} {res.rev}", flush=True)
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
