"""Approvals, as in the CPQ tools sales teams use: 承認依頼 (request) -> 承認 (approve) or 差戻し (reject,
with a comment) by an approver of the same team.

The server decides (schema.py, trigger approvals_apply): only the draft's head revision can be put up or
approved; the level needed comes from the approval rules (data in iij_team.approval_rules: a fact of the
quote, a threshold and the level, e.g. commitment > 5,000,000 yen needs a manager); revisions never
change, so the approved one is frozen; any new revision ends the approval and needs a new one.

The facts are computed here from the draft's head, priced with the active (team) price book:
commitment (最低利用期間の総額, 税抜), and each group's subtotal (e.g. monthly, initial).
"""

from __future__ import annotations

from typing import Any

from configurator.errors import KnownError
from configurator.store.drafts import DraftStore
from configurator.team.local import TeamLocal
from configurator.team.schema import open_team
from configurator.team.server import TeamError, server_errors
from configurator.team.sync import SyncReport, sync

ACTION_LABELS = {"request": "承認依頼", "approve": "承認", "reject": "差戻し"}
LEVEL_LABELS = {"approver": "承認者", "manager": "マネージャー"}


def quote_facts(doc: dict[str, Any]) -> dict[str, int]:
    """What approval rules can test, from the order priced with the active price book (int yen)."""
    from configurator.pricing.books import active_price_book
    from configurator.pricing.quote import price_order

    try:
        quote = price_order(doc, active_price_book())
    except KnownError as exc:
        raise TeamError(
            f"見積を計算できないため承認依頼できません: {exc.message}", "The quote cannot be priced."
        ) from None
    facts = {"commitment": int(quote.commitment)}
    for key, group in quote.groups.items():
        facts[key] = int(group.subtotal)
    discount = doc.get("discount_percent")
    if isinstance(discount, int):
        facts["discount_percent"] = discount
    return facts


def _head(local: TeamLocal, draft_id: int) -> tuple[str, str]:
    """(draft uuid, head revision uuid) of a draft whose head is on the server."""
    row = local.conn.execute(
        "SELECT td.uuid, t.uuid, t.pushed, d.number FROM drafts d JOIN team_drafts td ON td.draft_id = d.id "
        "LEFT JOIN team_revs t ON t.draft_id = d.id AND t.rev = d.rev WHERE d.id = ?",
        [draft_id],
    ).fetchone()
    if row is None or row[1] is None or not row[2]:
        raise TeamError(
            f"下書き ID {draft_id} の最新の内容はまだチームに送信されていません。"
            "同期してからやり直してください。",
            "The draft's head is not on the server yet.",
        )
    return str(row[0]), str(row[1])


class ChangedSinceSeen(TeamError):
    """The draft changed after the approver saw it: nothing was approved or rejected."""


def _rev_no(local: TeamLocal, rev_uuid: str) -> str:
    row = local.conn.execute("SELECT rev FROM team_revs WHERE uuid = ?", [rev_uuid]).fetchone()
    return str(row[0]) if row else "?"


def revision_seen(store: DraftStore, draft_id: int, rev: int) -> str:
    """The team's id (uuid) of revision `rev` of the draft: what an approver looked at (`drafts history`,
    `team status`), for `seen`. TeamError when that revision is not on the team's server."""
    info = store.info(draft_id)  # a missing draft is told by the store
    row = (
        TeamLocal(store)
        .conn.execute("SELECT uuid FROM team_revs WHERE draft_id = ? AND rev = ?", [draft_id, rev])
        .fetchone()
    )
    if row is None:
        raise TeamError(
            f"下書き {info.number} のリビジョン {rev} はチームにありません。"
            "`team status` の承認待ちの一覧にあるリビジョンを指定してください。",
            f"Revision {rev} of quote {info.number} is not on the team server; give the revision "
            "`team status` lists.",
        )
    return str(row[0])


def _act(
    store: DraftStore,
    dsn: str,
    draft_id: int,
    action: str,
    comment: str,
    facts: dict[str, int] | None = None,
    seen: str | None = None,
    report: SyncReport | None = None,
) -> None:
    """`seen`: the revision (uuid) the user looked at; when the draft's head is another one after the sync
    (the salesperson changed it and asked again meanwhile), nothing is sent: ChangedSinceSeen. `report`: what
    the two syncs did (the conflict copies they made), for the app."""
    import json

    local = TeamLocal(store)
    info = store.info(draft_id)  # a missing draft is told by the store
    sync(store, dsn, report=report)
    draft_uuid, head = _head(local, draft_id)
    if seen is not None and head != seen:
        was, now = _rev_no(local, seen), _rev_no(local, head)
        verb_ja, verb_en = ("承認", "approved") if action == "approve" else ("差戻し", "rejected")
        raise ChangedSinceSeen(
            f"下書き {info.number} は、あなたが承認依頼の一覧で見た後に内容が変わっています"
            f"(リビジョン {was} → {now})。見ていない内容を{verb_ja}しないよう、何も送っていません。"
            "一覧を新しくしたので、下書きを開いて今の内容を確かめてから、もう一度操作してください。",
            f"Quote {info.number} changed after you saw it in the approval queue (revision {was} -> {now}). "
            f"Nothing was {verb_en}: open the draft, check what it says now, then decide again.",
        )
    conn = open_team(dsn)
    try:
        with server_errors(dsn):
            conn.execute(
                "INSERT INTO iij_team.approvals(draft_id, revision_id, action, comment, facts) "
                "VALUES (%s, %s, %s, %s, %s::jsonb)",
                [draft_uuid, head, action, comment, json.dumps(facts or {})],
            )
            conn.commit()
    finally:
        conn.close()
    sync(store, dsn, report=report)


def submit(
    store: DraftStore, dsn: str, draft_id: int, comment: str = "", report: SyncReport | None = None
) -> str:
    """承認依頼 for the draft's head; returns the level the rules ask for (approver or manager)."""
    _info, doc = store.load(draft_id)
    _act(store, dsn, draft_id, "request", comment, quote_facts(doc), report=report)
    level = (
        TeamLocal(store)
        .conn.execute("SELECT approval_level FROM team_drafts WHERE draft_id = ?", [draft_id])
        .fetchone()[0]
    )
    return str(level or "approver")


def approve(
    store: DraftStore,
    dsn: str,
    draft_id: int,
    comment: str = "",
    seen: str | None = None,
    report: SyncReport | None = None,
) -> None:
    """承認 of the draft's head; with `seen`, only when the head is still that revision."""
    _act(store, dsn, draft_id, "approve", comment, seen=seen, report=report)


def reject(
    store: DraftStore,
    dsn: str,
    draft_id: int,
    comment: str,
    seen: str | None = None,
    report: SyncReport | None = None,
) -> None:
    if not comment.strip():
        raise TeamError(
            "差戻しにはコメントが必要です(何を直せばよいかを書いてください)。", "A rejection needs a comment."
        )
    _act(store, dsn, draft_id, "reject", comment, seen=seen, report=report)


def history(store: DraftStore, draft_id: int) -> list[dict[str, Any]]:
    """The approval history of a draft, oldest first (from the last sync)."""
    local = TeamLocal(store)
    draft = local.draft(draft_id)
    return [
        {
            "action": a,
            "label": ACTION_LABELS.get(a, a),
            "actor": local.get(f"member:{actor}") or actor,
            "comment": c,
            "level": lv,
            "at": at,
        }
        for a, actor, c, lv, at in local.conn.execute(
            "SELECT action, actor, comment, level, at FROM team_approvals WHERE draft_uuid = ? ORDER BY at",
            [draft.uuid],
        )
    ]
