"""What can go wrong with the draft store, told in words a user can act on (StoreError and its kinds),
and an SQLite error explained (explain)."""

from __future__ import annotations

from pathlib import Path

from configurator.errors import KnownError
from configurator.store.layout import list_backups


class StoreError(KnownError):
    """A problem with the draft store the user can act on."""


class NewerStore(StoreError):
    pass


class CorruptStore(StoreError):
    def __init__(self, message: str, moved_to: Path, backup: Path | None) -> None:
        super().__init__(message, "The draft database was damaged and has been moved aside.")
        self.moved_to = moved_to
        self.backup = backup


class DraftNotFound(StoreError):
    pass


class LostSaves(StoreError):
    """The store lost saves it had acknowledged: its -wal file is gone, or it is older than its
    newest backup. Nothing is changed; the message says how to get them back."""

    def __init__(self, message: str, message_en: str, backup: Path | None) -> None:
        super().__init__(message, message_en)
        self.backup = backup


def is_corruption(exc: Exception) -> bool:
    if isinstance(exc, UnicodeDecodeError):  # an error message from SQLite quoting damaged bytes
        return True
    text = str(exc).lower()
    return any(
        w in text for w in ("malformed", "not a database", "quick_check", "file is encrypted", "corrupt")
    )


def explain(exc: Exception, path: Path) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"下書きのデータベースが他のウィンドウかプロセスで使用中です({path})。"
            "しばらく待ってやり直してください。",
            "The draft database is busy in another window or process.",
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"下書きのデータベースに書き込めません(読み取り専用: {path})。"
            "フォルダの権限か保存先を確認してください。",
            "The draft database is read-only.",
        )
    if "full" in text:
        return StoreError(
            f"ディスクがいっぱいで保存できません({path})。空き容量を作ってから保存し直してください。"
            "保存前の内容は失われていません。",
            "The disk is full; nothing was saved.",
        )
    if "unable to open" in text:
        return StoreError(
            f"下書きのデータベースを開けません({path})。フォルダの場所と権限を確認してください。",
            "Cannot open the draft database.",
        )
    if is_corruption(exc):
        backups = list_backups(path.parent)
        offer = (
            "アプリを閉じて `iij-configurator drafts restore-backup` で最新のバックアップ "
            f"{backups[0].name} に"
            "戻せます(今のファイルは別名で残ります)。"
            if backups
            else "読める下書きを `drafts export` で書き出してください。"
        )
        return StoreError(
            f"下書きのデータベースが壊れています({exc})。{offer}",
            f"The draft database is damaged ({exc}); restore a backup with `drafts restore-backup`.",
        )
    if "disk i/o" in text:
        return StoreError(
            f"ディスクの読み書きに失敗しました({path})。ディスクの状態を確認してください。", "Disk I/O error."
        )
    return StoreError(f"下書きのデータベースでエラーが起きました({exc})。", str(exc))
