"""Files read whole up to a limit: one reader for every file or standard input ('-') the app takes in
(orders, change and cancellation orders, price books, PDFs, site lists).

A regular file larger than the limit is refused from its size alone, before a byte of it is read; a
folder, a missing file, a file the user may not read and a closed standard input are each told in
words that say what to change (KnownError, exit 2), never with the system's English reason alone."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from typing import BinaryIO

from configurator.errors import KnownError

#: The name given for standard input in messages (Japanese, English).
STDIN_LABEL = ("標準入力", "standard input")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}"


def _reason(exc: OSError) -> tuple[str, str]:
    """A failed read's reason in words (Japanese, English), for the cases a user meets."""
    if exc.errno == errno.EIO:
        return "読み込み中に入出力エラーが起きました。媒体やネットワークの接続を確認してください", "I/O error"
    if exc.errno in (errno.ENAMETOOLONG,):
        return "パスが長すぎます", "the path is too long"
    return (exc.strerror or str(exc)), (exc.strerror or str(exc))


def _read(stream: BinaryIO, limit: int, head: Callable[[bytes, str], None] | None, label: str) -> bytes:
    if head is None:
        return stream.read(limit + 1)
    first = stream.read(min(HEAD_BYTES, limit + 1))
    head(first, label)
    return first + stream.read(limit + 1 - len(first))


#: How many bytes `head` of read_limited is given.
HEAD_BYTES = 1024


def read_limited(
    source: str | os.PathLike[str],
    limit: int,
    *,
    expect: tuple[str, str],
    what: tuple[str, str] = ("ファイル", "the file"),
    error: type[KnownError] = KnownError,
    stdin: BinaryIO | None = None,
    head: Callable[[bytes, str], None] | None = None,
) -> tuple[bytes, str]:
    """The bytes of `source` (a path, or '-' for standard input) and the name to show for it.

    `expect` names what should have been given ("注文ファイル(.iij-order.json)", "an order file"),
    `what` how to call the file in a message ("価格表", "the price book"); every refusal is `error`.
    `head`, given the first bytes and the name, may refuse them before the rest is read (a file that
    is not a PDF is told before 200 MB of it are read)."""
    name = os.fspath(source)
    what_ja, what_en = what
    expect_ja, expect_en = expect
    if name == "-":
        stream = stdin
        if stream is None:
            std = sys.stdin
            stream = getattr(std, "buffer", None) if std is not None else None
        if stream is None:
            raise error(
                f"標準入力がありません(閉じています)。{expect_ja}のパスを指定するか、"
                "パイプやリダイレクト(< ファイル)で内容を渡してください。",
                f"Standard input is closed. Give the path of {expect_en}, or pipe it in (< FILE).",
            )
        try:
            data = _read(stream, limit, head, STDIN_LABEL[0])
        except (OSError, ValueError) as exc:
            reason = _reason(exc) if isinstance(exc, OSError) else ("閉じています", "it is closed")
            raise error(
                f"標準入力を読めません({reason[0]})。{expect_ja}のパスを指定してください。",
                f"Cannot read standard input ({reason[1]}). Give the path of {expect_en}.",
            ) from None
        label = STDIN_LABEL[0]
        big = False
    else:
        label = name
        if os.path.isdir(name):  # before open(): Windows refuses a folder with "permission denied"
            raise error(
                f"{name} はフォルダです。{expect_ja}を指定してください。",
                f"{name} is a folder. Give {expect_en}.",
            )
        try:
            fh = open(name, "rb")  # noqa: SIM115 - closed below, after the size is known
        except FileNotFoundError:
            raise error(
                f"{what_ja} {name} が見つかりません。パスを確認してください。",
                f"Cannot read {what_en} {name} (not found). Check the path.",
            ) from None
        except PermissionError:
            raise error(
                f"{what_ja} {name} を読む権限がありません。ファイルの権限を確認するか、"
                "読める場所にコピーしてから指定してください。",
                f"No permission to read {name}. Check its permissions, or copy it somewhere you can read.",
            ) from None
        except OSError as exc:
            ja, en = _reason(exc)
            raise error(f"{what_ja} {name} を読めません({ja})。", f"Cannot read {name} ({en}).") from None
        with fh:
            try:
                st = os.fstat(fh.fileno())
                # a regular file too large is refused from its size: nothing of it is read
                big = stat.S_ISREG(st.st_mode) and st.st_size > limit
                data = b"" if big else _read(fh, limit, head, label)
            except OSError as exc:
                ja, en = _reason(exc)
                raise error(f"{what_ja} {name} を読めません({ja})。", f"Cannot read {name} ({en}).") from None
    if len(data) > limit or big:
        raise error(
            f"{label} は大きすぎます({_mb(limit)} MB まで)。{expect_ja}か確認してください。",
            f"{label} is too large (limit {_mb(limit)} MB). Check that it is {expect_en}.",
        )
    return data, label
