"""The launcher: the desktop app when started without arguments or with one file to open, else the
headless command line.

It is the one module of configurator/ that may start the app: it sits above both the core
(configurator.cli, which never imports Qt or ui/) and the desktop app (ui.app).
`iij-configurator FILE` opens an order file (.iij-order.json) or a PDF this app made in the app;
`iij-configurator-gui [FILE]` (gui-scripts: no console window on Windows) always starts the app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_USAGE = 2
EXIT_BUG = 70
#: What the app opens when given as the one argument.
OPENABLE = (".json", ".pdf")


def _file_to_open(args: Sequence[str]) -> str | None:
    """The one argument when it names a file for the app rather than a subcommand."""
    if len(args) != 1 or args[0].startswith("-"):
        return None
    arg = args[0]
    if not (os.path.isfile(arg) or arg.lower().endswith(OPENABLE)):
        return None
    from configurator.cli import COMMANDS

    return None if arg in COMMANDS else arg


def _say(text: str) -> None:
    if sys.stderr is not None:  # None under pythonw (the gui-scripts entry on Windows)
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


def start_app(path: str | None = None) -> int:
    """The desktop app, opening `path` when given. An error nothing else caught is kept in the data
    folder's logs/ and told with the log's path, never as a traceback."""
    from configurator.store.settings import chosen_language
    from configurator.text import i18n

    i18n.install(chosen_language())
    _ = i18n._
    if path is not None and not os.path.isfile(path):
        _say(_('エラー: ファイル {path} が見つかりません。パスを確かめてください。').format(path=path))
        return EXIT_USAGE
    try:
        from ui.app import run  # the desktop app; Qt is imported only here

        return run(open_file=path)
    except KeyboardInterrupt:
        return 130
    except Exception:
        import traceback

        from configurator.store.errorlog import write_error_log

        log = write_error_log(traceback.format_exc())
        _say(_('予期しないエラーでアプリを起動できませんでした(アプリの不具合です)。') + (
            _('詳しい記録: {path}(開発担当へのご連絡に添えてください)').format(path=log) if log else ""))
        return EXIT_BUG


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return start_app()
    path = _file_to_open(args)
    if path is not None:
        return start_app(path)
    from configurator.cli import main as cli_main

    return cli_main(args)


def gui_main() -> int:
    """The gui-scripts entry point: the app, with the one file given on the command line if any."""
    args = sys.argv[1:]
    return start_app(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
