"""The wizard's pages, each built when it is first needed, and the others one at a time while the app is
idle (issue 22 item 5: building all nine at once held the UI thread for the first 新しい注文).

`pages[id]` builds the page if it is not built yet; iterating, `items()` and `values()` go over every
flow page (building them). `get(id)` only gives a page already built, else None: a page not built yet
has nothing to show, to save or to mark out of date, and asking must not build it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer

from configurator.session import flow

Page = TypeVar("Page")

IDLE_MS = 30  # between two pages built in the background: user input in between is served first


class LazyPages(Mapping[str, Page]):
    def __init__(self, build: Callable[[str], Page], ids: tuple[str, ...] | None = None) -> None:
        self._build = build
        self._ids = tuple(ids if ids is not None else flow.PAGE_IDS)
        self._built: dict[str, Page] = {}
        self._timer: QTimer | None = None

    def __getitem__(self, page_id: str) -> Page:
        page = self._built.get(page_id)
        if page is None:
            if page_id not in self._ids:
                raise KeyError(page_id)
            page = self._built[page_id] = self._build(page_id)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, page_id: object) -> bool:
        return page_id in self._ids

    def get(self, page_id: str, default: Any = None) -> Any:
        """The page if it is built, else `default` (never builds one)."""
        return self._built.get(page_id, default)

    def built(self) -> list[str]:
        """The ids of the pages built so far, in the flow's order."""
        return [pid for pid in self._ids if pid in self._built]

    def build_rest_when_idle(self, parent: QObject, interval_ms: int = IDLE_MS) -> None:
        """Build the pages not built yet, one per timer tick (a few ms to a few tens of ms each)."""
        if self._timer is None:
            self._timer = QTimer(parent)
            self._timer.setSingleShot(True)
            self._timer.setInterval(interval_ms)
            self._timer.timeout.connect(self._build_next)
        self._timer.start()

    def _build_next(self) -> None:
        rest = [pid for pid in self._ids if pid not in self._built]
        if rest:
            self[rest[0]]
        if len(rest) > 1 and self._timer is not None:
            self._timer.start()
        elif len(rest) == 1:  # the last page built: what the app keeps for good is made
            from configurator.gcpause import keep_out_of_collections

            keep_out_of_collections()
