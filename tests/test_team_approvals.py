"""Approvals and team price books (issue 19, parts 4 and 5): two salespeople, an approver, a manager."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.team import approvals, pricebooks
from configurator.team.local import TeamLocal
from configurator.team.server import PermissionDenied, TeamError
from configurator.team.sync import sync
from tests.conftest import ROOT
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db


_store = pg.local_store
_doc = pg.titled_order


def test_request_approve_edit_and_reject(team_db: TeamDb, tmp_path: Path) -> None:
    alice = team_db.member("alice", "east", "sales", "佐藤")
    bob = team_db.member("bob", "east", "sales", "鈴木")
    carol = team_db.member("carol", "east", "approver", "高橋課長")
    west = team_db.member("walter", "west", "approver", "西")
    with (
        _store(tmp_path / "a") as a,
        _store(tmp_path / "b") as b,
        _store(tmp_path / "c") as c,
        _store(tmp_path / "w") as w,
    ):
        for s, dsn in ((a, alice), (b, bob), (c, carol), (w, west)):
            sync(s, dsn)
        res = TeamLocal(a).create_draft(_doc("本社VPN"))
        assert approvals.submit(a, alice, res.draft_id, "ご確認ください") == "approver"
        assert a.info(res.draft_id).status == "approval_requested"
        # the approval queue of the approver
        sync(c, carol)
        (queued,) = TeamLocal(c).drafts("requested")
        assert (queued.title, queued.owner, queued.approval_label) == ("本社VPN", "alice", "承認依頼中")
        # a salesperson can't approve; an approver of another team doesn't even see it
        sync(b, bob)
        with pytest.raises(PermissionDenied):
            approvals.approve(b, bob, TeamLocal(b).drafts()[0].draft_id)
        assert TeamLocal(w).drafts() == []
        approvals.approve(c, carol, queued.draft_id, "OK")
        sync(a, alice)
        assert a.info(res.draft_id).status == "approved"
        stamp = TeamLocal(a).approval_stamp(res.draft_id)
        assert stamp is not None and stamp[0] == "高橋課長" and len(stamp[1]) == 10
        assert a.history(res.draft_id)[0]["issued"]  # the approved revision is kept for good
        # an edit after approval is a new revision that needs approval again
        a.save(res.draft_id, _doc("本社VPN 変更"), 1)
        sync(a, alice)
        assert TeamLocal(a).approval_stamp(res.draft_id) is None
        assert a.info(res.draft_id).status == "drafting"
        with team_db.owner() as conn:
            assert conn.execute("SELECT approval, status FROM iij_team.drafts").fetchone() == (
                "none",
                "drafting",
            )
        approvals.submit(a, alice, res.draft_id)
        with pytest.raises(TeamError) as err:
            approvals.reject(c, carol, queued.draft_id, "  ")
        assert "コメント" in err.value.message
        approvals.reject(c, carol, queued.draft_id, "値引きの根拠を追記してください")
        sync(a, alice)
        mine = TeamLocal(a).draft(res.draft_id)
        assert (mine.approval_label, mine.approval_comment) == ("差戻し", "値引きの根拠を追記してください")
        assert a.info(res.draft_id).status == "drafting"
        assert [h["label"] for h in approvals.history(a, res.draft_id)] == [
            "承認依頼",
            "承認",
            "承認依頼",
            "差戻し",
        ]


def test_approval_rules_are_data(team_db: TeamDb, tmp_path: Path) -> None:
    alice = team_db.member("alice", "east", "sales")
    carol = team_db.member("carol", "east", "approver")
    dave = team_db.member("dave", "east", "manager", "部長")
    with team_db.owner() as conn:
        conn.execute(
            "INSERT INTO iij_team.approval_rules(fact, op, threshold, level, label) "
            "VALUES ('commitment', '>', 1000000, 'manager', '総額100万円超はマネージャー承認')"
        )
    with _store(tmp_path / "a") as a, _store(tmp_path / "c") as c, _store(tmp_path / "d") as d:
        for s, dsn in ((a, alice), (c, carol), (d, dave)):
            sync(s, dsn)
        res = TeamLocal(a).create_draft(_doc("大型案件"))
        facts = approvals.quote_facts(a.load(res.draft_id)[1])
        assert facts["commitment"] > 1000000
        assert approvals.submit(a, alice, res.draft_id) == "manager"
        sync(c, carol)
        with pytest.raises(PermissionDenied) as err:
            approvals.approve(c, carol, TeamLocal(c).drafts("requested")[0].draft_id)
        assert "manager" in err.value.message
        sync(d, dave)
        approvals.approve(d, dave, TeamLocal(d).drafts("requested")[0].draft_id)
        sync(a, alice)
        assert TeamLocal(a).approval_stamp(res.draft_id) is not None


def _book(tmp_path: Path, version: str) -> Path:
    doc = json.loads((ROOT / "resources" / "pricebooks" / "sample.json").read_text(encoding="utf-8"))
    doc.update(version=version, name="東日本営業部 価格表", sample=False)
    path = tmp_path / f"{version}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_price_books_published_by_an_admin_reach_every_client(team_db: TeamDb, tmp_path: Path) -> None:
    from configurator.pricing.books import active_version

    alice = team_db.member("alice", "east", "sales")
    admin = team_db.member("root_e", "east", "admin")
    with pytest.raises(PermissionDenied):
        pricebooks.publish(alice, _book(tmp_path, "2027.01"))
    assert pricebooks.publish(admin, _book(tmp_path, "2027.01")) == "2027.01"
    assert pricebooks.publish(admin, _book(tmp_path, "2027.01")) == "2027.01"  # the same again: nothing new
    with _store(tmp_path / "a") as a:
        report = sync(a, alice)
        assert report.pricebooks == ["2027.01"] and active_version() == "2027.01"
        res = TeamLocal(a).create_draft(_doc("価格表の記録"))
        sync(a, alice)
        pricebooks.publish(admin, _book(tmp_path, "2027.04"))
        assert sync(a, alice).active_pricebook == "2027.04" and active_version() == "2027.04"
        assert TeamLocal(a).status()["pricebook"] == "2027.04"
    with team_db.owner() as conn:  # each quote records the version it was priced with
        assert conn.execute("SELECT pricebook FROM iij_team.revisions").fetchall() == [("2027.01",)]
    assert res.rev == 1
