"""The team command line (issue 19, part 7): init, sync, status, submit, approve, reject, pricebook publish.
Server errors are a Japanese message and exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.team import schema
from tests.conftest import ROOT, run_cli
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db


def _cli(data: Path, *args: str) -> tuple[int, str, str]:
    proc = run_cli("--data-dir", str(data), *args, env={"IIJ_CONFIGURATOR_DATA": str(data)})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def _order(tmp_path: Path, title: str) -> Path:
    doc = json.loads((ROOT / "resources" / "examples" / "mixed.iij-order.json").read_text(encoding="utf-8"))
    doc["title"] = title
    path = tmp_path / "order.iij-order.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_team_commands_end_to_end(team_db: TeamDb, tmp_path: Path) -> None:
    alice = team_db.member("alice", "east", "sales", "佐藤")
    carol = team_db.member("carol", "east", "approver", "高橋")
    admin = team_db.member("root_e", "east", "admin")
    a, c = tmp_path / "a", tmp_path / "c"
    rc, out, err = _cli(a, "team", "init", team_db.owner_dsn)
    assert (rc, out.strip()) == (0, f"チームのデータベースは最新の形式 {schema.SCHEMA_VERSION} です。"), err
    rc, out, err = _cli(a, "team", "sync", "--dsn", alice)
    assert rc == 0 and "送信 0件" in out, err
    assert _cli(a, "drafts", "import", str(_order(tmp_path, "CLIの案件")))[0] == 0
    rc, out, _err = _cli(a, "team", "status", "--json")
    status = json.loads(out)
    assert (status["unsent"], status["team"], status["role"]) == (1, "east", "alice")
    rc, out, err = _cli(a, "team", "submit", "1")  # the DSN of the last sync is remembered (without password)
    assert rc == 0 and "承認を依頼しました" in out, err
    assert _cli(c, "team", "sync", "--dsn", carol)[0] == 0
    rc, out, _err = _cli(c, "team", "status")
    assert "承認待ち: 1件" in out and "CLIの案件" in out
    draft_id = json.loads(_cli(c, "team", "status", "--json")[1])["approval_queue"][0]["id"]
    rc, out, err = _cli(a, "team", "approve", "1")  # a salesperson may not
    assert rc == 2 and "権限がありません" in err and "Traceback" not in err
    rc, out, err = _cli(c, "team", "reject", str(draft_id), "--comment", "数量を確認")
    assert rc == 0 and "差戻しました" in out, err
    book = json.loads((ROOT / "resources" / "pricebooks" / "sample.json").read_text(encoding="utf-8"))
    book.update(version="2027.01", sample=False)
    (tmp_path / "book.json").write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    rc, out, err = _cli(a, "team", "pricebook", "publish", str(tmp_path / "book.json"))
    assert rc == 2 and "権限がありません" in err
    rc, out, err = _cli(
        tmp_path / "adm", "team", "pricebook", "publish", str(tmp_path / "book.json"), "--dsn", admin
    )
    assert rc == 0 and "2027.01" in out, err
    rc, out, err = _cli(a, "team", "sync")
    assert rc == 0 and "有効な価格表: 版 2027.01" in out, err
    assert "* 2027.01" in _cli(a, "pricebook", "list")[1]


@pytest.mark.parametrize("case", ["newer", "unreachable", "no-schema"])
def test_server_errors_exit_2_in_japanese(team_db: TeamDb, tmp_path: Path, case: str) -> None:
    alice = team_db.member("alice", "east", "sales")
    if case == "newer":
        with team_db.owner() as conn:
            conn.execute("UPDATE iij_team.meta SET value = '999' WHERE key = 'schema_version'")
        rc, _out, err = _cli(tmp_path, "team", "init", team_db.owner_dsn)
        assert rc == 2 and "新しい版のアプリ" in err
        rc, _out, err = _cli(tmp_path, "team", "sync", "--dsn", alice)
        assert rc == 2 and "アプリを更新してください" in err
    elif case == "unreachable":
        rc, _out, err = _cli(
            tmp_path, "team", "sync", "--dsn", f"host=127.0.0.1 port={pg._free_port()} dbname=x user=x"
        )
        assert rc == 2 and "接続できません" in err
    else:
        rc, _out, err = _cli(tmp_path, "team", "sync", "--dsn", team_db.server.dsn(user="alice"))
        assert rc == 2 and "team init" in err
    assert "Traceback" not in err


def test_approve_with_the_revision_seen_sends_nothing_when_the_draft_changed(
    team_db: TeamDb, tmp_path: Path
) -> None:
    """`team approve ID` approved whatever the draft held after its sync: content changed after the
    approver read `team status` was approved unseen. With `--rev N` (the rev `team status` lists) nothing
    is sent unless the draft is still that revision."""
    from configurator.store.drafts import DraftStore

    alice = team_db.member("alice", "east", "sales", "佐藤")
    carol = team_db.member("carol", "east", "approver", "高橋")
    a, c = tmp_path / "a", tmp_path / "c"
    assert _cli(a, "team", "sync", "--dsn", alice)[0] == 0
    assert _cli(a, "drafts", "import", str(_order(tmp_path, "数量変更の案件")))[0] == 0
    assert _cli(a, "team", "submit", "1")[0] == 0
    assert _cli(c, "team", "sync", "--dsn", carol)[0] == 0
    rc, out, _err = _cli(c, "team", "status")
    assert "rev 1" in out and "数量変更の案件" in out
    queued = json.loads(_cli(c, "team", "status", "--json")[1])["approval_queue"][0]
    seen = queued["rev"]
    with DraftStore.open(a) as store:  # the salesperson changes the order and asks again
        info, doc = store.load(1)
        store.save(1, {**doc, "title": "数量変更の案件(台数を増やした)"}, info.rev)
    assert _cli(a, "team", "sync")[0] == 0
    assert _cli(a, "team", "submit", "1")[0] == 0
    rc, out, err = _cli(c, "team", "approve", str(queued["id"]), "--rev", str(seen))
    assert rc == 2 and "内容が変わっています" in err and "Traceback" not in err, (out, err)
    rc, out, _err = _cli(c, "team", "status", "--json")
    now = json.loads(out)["approval_queue"][0]
    assert now["approval"] == "requested" and now["rev"] == seen + 1  # not approved; the new one is asked
    rc, out, err = _cli(c, "team", "approve", str(queued["id"]), "--rev", "99")
    assert rc == 2 and "リビジョン 99 はチームにありません" in err
    rc, out, err = _cli(c, "team", "approve", str(queued["id"]), "--rev", str(now["rev"]))
    assert rc == 0 and "承認しました" in out, err
