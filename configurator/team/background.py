"""Sync for the app: one call a worker thread can make (no Qt here), which never raises for a server
problem: it returns what the status bar shows (最終同期, 未送信 N件, offline) and the message to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from configurator.errors import KnownError
from configurator.store.drafts import DraftStore
from configurator.team.local import TeamLocal
from configurator.team.server import ServerUnreachable
from configurator.team.sync import SyncReport, sync


@dataclass
class SyncOutcome:
    ok: bool
    offline: bool
    message: str
    report: SyncReport | None
    #: TeamLocal.status(): last_sync, unsent, last_error, pricebook, awaiting_approval …
    status: dict[str, Any] = field(default_factory=dict)
    #: the problem itself, for the message in the UI's language (error_text)
    error: KnownError | None = None


def sync_now(dsn: str, folder: Path | str | None = None) -> SyncOutcome:
    """Open the draft store afresh (SQLite connections belong to one thread), sync, and tell the outcome.
    `dsn` may carry the password (from the system keyring); it is never stored."""
    with DraftStore.open(folder, maintenance=False) as store:
        try:
            report = sync(store, dsn)
            outcome = SyncOutcome(True, False, "\n".join(report.lines()), report)
        except ServerUnreachable as exc:
            outcome = SyncOutcome(False, True, exc.message, None, error=exc)
        except KnownError as exc:
            outcome = SyncOutcome(False, False, exc.message, None, error=exc)
        outcome.status = TeamLocal(store).status()
    return outcome


#: what the app can ask of the team besides a sync (configurator/team/approvals.py)
ACTIONS = ("submit", "approve", "reject")


def act_now(
    dsn: str,
    action: str,
    draft_id: int,
    comment: str = "",
    folder: Path | str | None = None,
    seen: str | None = None,
) -> SyncOutcome:
    """承認依頼 (submit), 承認 (approve) or 差戻し (reject) of a draft, from a worker thread: each syncs
    before and after, so the outcome carries the new status. Never raises for a server problem. After a
    submit, the outcome's message is the level the approval rules ask for (approver or manager). `seen`: the
    revision an approver decides on (approvals.approve)."""
    from configurator.team import approvals

    if action not in ACTIONS:
        raise ValueError(action)
    report = SyncReport()  # what the syncs before and after did (a conflict copy made is told)
    with DraftStore.open(folder, maintenance=False) as store:
        try:
            if action == "submit":
                message = approvals.submit(store, dsn, draft_id, comment, report=report)
            elif action == "approve":
                approvals.approve(store, dsn, draft_id, comment, seen=seen, report=report)
                message = ""
            else:
                approvals.reject(store, dsn, draft_id, comment, seen=seen, report=report)
                message = ""
            outcome = SyncOutcome(True, False, message, report)
        except ServerUnreachable as exc:
            outcome = SyncOutcome(False, True, exc.message, report, error=exc)
        except KnownError as exc:
            outcome = SyncOutcome(False, False, exc.message, report, error=exc)
        outcome.status = TeamLocal(store).status()
    return outcome
