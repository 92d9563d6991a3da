"""Two regular expressions ReportLab compiles when imported, compiled when first used instead (issue #18).

reportlab.platypus.paragraph compiles `uri_pat` (a URL, case-insensitive over U+00A1-U+FFFF) and
reportlab.lib.textsplit `rx` (U+2E80-U+FFFF) at import: about 30 ms of a process's CPU, the most of
any part of making a 10-site 御見積書 after Python itself. The first only checks a link's target in
<a href> markup and the second only serves textsplit.cjkwrap; the app uses neither (user text is
never markup: documents.common). install() puts a finder first on sys.meta_path that, while one of
those two modules is executed, hands out for a pattern with a range up to U+FFFF a LazyPattern that
compiles it on first use. Every other pattern, and every pattern of any other module or thread, is
compiled as before. When ReportLab is found some other way (a frozen bundle's own importer), or
another version no longer has these patterns, nothing changes but the time.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: the modules whose wide patterns are compiled on first use
MODULES = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit"})
#: a pattern is compiled on first use when its text has this (the end of a range over the whole BMP)
WIDE = "\uffff"

#: how many of MODULES are being executed (one may import the other, threads may import both)
_depth = 0
_lock = threading.Lock()


class LazyPattern:
    """A compiled regular expression that is compiled on first use: every attribute is the
    compiled pattern's (match, sub, pattern, flags...)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _COMPILE(*self._source)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


_COMPILE = re.compile


def _compile(pattern: Any, flags: int = 0) -> Any:
    """re.compile while one of MODULES is executed: its wide patterns lazily, anything else now."""
    caller = sys._getframe(1).f_globals.get("__name__")
    if caller in MODULES and isinstance(pattern, str) and WIDE in pattern:
        return LazyPattern(pattern, int(flags))
    return _COMPILE(pattern, flags)


class _Loader:
    """The module's own loader, executing it with _compile as re.compile."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        global _depth
        with _lock:  # never held while the module runs (it imports other modules)
            _depth += 1
            re.compile = _compile
        try:
            self._loader.exec_module(module)
        finally:
            with _lock:
                _depth -= 1
                if not _depth:
                    re.compile = _COMPILE

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class _Finder:
    """First on sys.meta_path: finds MODULES with the finders after it and wraps their loader."""

    @classmethod
    def find_spec(
        cls, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name not in MODULES:
            return None
        for finder in sys.meta_path:
            if finder is cls or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(name, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _Loader(spec.loader)  # type: ignore[assignment]
            return spec
        return None


def install() -> None:
    """Put the finder first on sys.meta_path (once); the modules already imported stay as they are."""
    if _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)
