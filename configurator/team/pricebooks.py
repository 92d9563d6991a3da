"""Team price books: an admin publishes a checked price book once; every client pulls it on sync and
the latest published version is the team's active one (quotes record the version they were priced with:
iij_team.revisions.pricebook, from the locally active version when the revision was staged)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from configurator.team.schema import open_team
from configurator.team.server import TeamError, server_errors


def publish(dsn: str, path: str | os.PathLike[str]) -> str:
    """Check the price book like `pricebook import` does, then publish it for the team; returns the
    version."""
    from configurator.pricing.books import read_price_book

    book = read_price_book(path)
    if book.sample:
        raise TeamError(
            "サンプル価格表は公開できません。当社の正式な価格表(\"sample\": false)を指定してください。",
            "A sample price book cannot be published.",
        )
    content = Path(path).read_text(encoding="utf-8")
    conn = open_team(dsn)
    try:
        with server_errors(dsn):
            row = conn.execute(
                "SELECT content::text FROM iij_team.pricebooks WHERE version = %s", [book.version]
            ).fetchone()
            if row is not None:
                conn.rollback()
                if row[0] == content:
                    return book.version
                raise TeamError(
                    f"版「{book.version}」の価格表は既に公開されていて、内容が異なります。"
                    "新しい版番号を付けてください。",
                    f"Version {book.version} is already published with other content.",
                )
            conn.execute(
                "INSERT INTO iij_team.pricebooks(version, content) VALUES (%s, %s)", [book.version, content]
            )
            conn.commit()
    finally:
        conn.close()
    return book.version


def install(version: str, content: str | None, activate: bool) -> None:
    """Install a pulled price book locally (idempotent) and optionally make it the active one."""
    from configurator.pricing.books import import_price_book, use_price_book

    if content is not None:
        fd, tmp = tempfile.mkstemp(suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(content)
            import_price_book(tmp, activate=False)
        finally:
            Path(tmp).unlink(missing_ok=True)
    if activate:
        use_price_book(version)
