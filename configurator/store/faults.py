"""What can go wrong with the draft store, told in words a user can act on (StoreError and its kinds),
and an SQLite error explained (explain)."""

from __future__ import annotations

from pathlib import Path

from configurator.errors import KnownError
from configurator.store.layout import LOCK_NAME, list_backups


class StoreError(KnownError):
    """A problem with the draft store the user can act on."""


class NewerStore(StoreError):
    pass


class CorruptStore(StoreError):
    """The store was found damaged when opened and moved aside (never deleted); `backup` is the newest one.
    The message says what happened and what to do in plain words; SQLite's own reason is `detail`."""

    def __init__(
        self,
        message: str,
        moved_to: Path,
        backup: Path | None,
        message_en: str = "",
        detail: str = "",
        happened: tuple[str, str] = ("", ""),
    ) -> None:
        super().__init__(message, message_en or "The draft database was damaged and moved aside.", detail)
        self.moved_to = moved_to
        self.backup = backup
        #: what happened alone (Japanese, English), without the command that restores the backup: the app
        #: asks whether to restore it instead
        self.happened = happened


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


def damage_reason(exc: Exception) -> tuple[str, str]:
    """What SQLite's words about a damaged file mean, in Japanese and English, for the message (SQLite's
    own words go to the detail line: sqlite_detail)."""
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return (
            "ファイルの先頭が壊れているか、下書きのデータベースではないファイルに置き換わっています",
            "its beginning is damaged, or another file has taken its place",
        )
    return ("ファイルの中身の一部が壊れています", "part of its content is damaged")


def sqlite_detail(exc: Exception) -> str:
    """SQLite's own reason (English, technical), kept for the detail line and the developers."""
    return f"SQLite: {' '.join(str(exc).split())}"[:400]


def restore_offer(folder: Path) -> tuple[str, str]:
    """What to do about a damaged store: restore the newest backup, or export what can be read."""
    backups = list_backups(folder)
    if backups:
        return (
            "アプリを閉じてから `iij-configurator drafts restore-backup` を実行すると、最新のバックアップ "
            f"{backups[0].name} に戻せます(今のファイルは別名で残ります)。",
            "Close the app and run `iij-configurator drafts restore-backup` to go back to the newest backup "
            f"{backups[0].name} (the current file is kept under another name).",
        )
    return (
        "バックアップはありません。読める下書きを `iij-configurator drafts export` で書き出してください。",
        "There is no backup. Export the drafts that can still be read with `iij-configurator drafts export`.",
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
    if is_corruption(exc) and path.name == LOCK_NAME:  # no drafts in it: a backup would not mend it
        return StoreError(
            f"ロック用のファイル {path} が壊れています(下書きは入っていません)。アプリとコマンドをすべて"
            "閉じてから、このファイルを削除して開き直してください(次に開くときに作り直されます)。",
            f"The lock file {path} is damaged (it holds no drafts). Close the app and every command, delete "
            "this file and open again (it is made anew).",
            sqlite_detail(exc),
        )
    if is_corruption(exc):
        (why, why_en), (offer, offer_en) = damage_reason(exc), restore_offer(path.parent)
        return StoreError(
            f"下書きのデータベース({path.name})が壊れていて読み書きできません({why})。{offer}",
            f"The draft database ({path.name}) is damaged and cannot be read or written ({why_en}). "
            + offer_en,
            sqlite_detail(exc),
        )
    if "disk i/o" in text:
        return StoreError(
            f"ディスクの読み書きに失敗しました({path})。ディスクの状態を確認してください。", "Disk I/O error."
        )
    return StoreError(f"下書きのデータベースでエラーが起きました({exc})。", str(exc))
