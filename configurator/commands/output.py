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
    """Standard output of every command: through the same guard as emit()."""
    emit(text)


def json_out(obj: Any) -> None:
    out(json.dumps(obj, ensure_ascii=False, indent=2))


def emit(text: str) -> None:
    """Standard output, flushed at once: a full device or a failed pipe is told in one line (exit 2),
    not as an internal error, and nothing is left to fail again at exit."""
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        stdout_failed(exc)


def flush_stdout() -> None:
    """What is still buffered on standard output (argparse's help, text written before a command
    failed), written under the same guard: called by main() before it returns."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        stdout_failed(exc)
    except (AttributeError, ValueError):
        pass  # no standard output (pythonw) or already closed


def stdout_failed(exc: OSError) -> None:
    """Standard output could not be written: a KnownError (exit 2), with standard output pointed at
    the null device so that what is still buffered is not tried again at exit."""
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


def refuse_same_file(output: str | None, *inputs: str | None) -> None:
    """Refuse an output path that is one of the command's input files (by the file, not the spelling:
    a link or another path to it counts): the PDF or spreadsheet written over the order, or the order
    over the customer's PDF, would destroy what was read. Exit 2, nothing written."""
    import os

    if not output or output == "-":
        return
    for given in inputs:
        if not given or given == "-":
            continue
        try:
            same = os.path.samefile(given, output)
        except (OSError, ValueError):
            continue  # the output does not exist yet (or the input cannot be compared): not the same
        if same:
            raise KnownError(
                _(
                    '書き出し先 {output} は読み込むファイル {given} と同じです。上書きすると元のファイルが'
                    '失われるため、書き出し先に別の名前を指定してください。'
                ).format(output=output, given=given),
                f"The output {output} is the input file {given}: writing it would destroy what was read. "
                "Give another name for the output.",
            )
