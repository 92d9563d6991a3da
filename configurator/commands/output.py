"""What every command writes: exit codes, text and JSON on standard output."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any

from configurator.errors import KnownError
from configurator.text.i18n import _

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_BUG = 70


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def json_out(obj: Any) -> None:
    out(json.dumps(obj, ensure_ascii=False, indent=2))


def emit(text: str) -> None:
    """Standard output for the drafts commands, flushed at once: a full device or a failed pipe is told
    in one line (exit 2), not as an internal error, and nothing is left to fail again at exit."""
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        import errno
        import os

        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere
        full = exc.errno == errno.ENOSPC
        raise KnownError(
            _(
                '標準出力に書き込めません({reason})。出力先を変えるか、-o でファイルに書き出してください。'
            ).format(reason=_('ディスクがいっぱいです') if full else (exc.strerror or str(exc))),
            f"Cannot write to standard output ({'the disk is full' if full else exc.strerror or exc}).",
        ) from None


def emit_json(obj: Any) -> None:
    emit(json.dumps(obj, ensure_ascii=False, indent=2))


def price_book(args: argparse.Namespace) -> Any:
    from configurator.pricing.books import active_price_book, read_price_book

    return read_price_book(args.price_book) if args.price_book else active_price_book()
