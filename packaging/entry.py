"""Entry point of the frozen app: the same as `python -m configurator`."""

import sys

from configurator.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
