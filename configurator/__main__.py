"""The launcher: the desktop app when started without arguments, else the headless command line.

It is the one module of configurator/ that may start the app: it sits above both the core
(configurator.cli, which never imports Qt or ui/) and the desktop app (ui.app).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from ui.app import run  # the desktop app; Qt is imported only here

        return run()
    from configurator.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
