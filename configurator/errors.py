"""Errors that are told to the user (KnownError) as opposed to bugs."""

from __future__ import annotations


class KnownError(Exception):
    """A problem the user can fix: carries a Japanese message (and English) that says what to change."""

    exit_code = 2
    #: the technical reason behind the message (e.g. SQLite's own English words), for a detail line or the
    #: log, never the message itself; "" when there is none
    detail = ""

    def __init__(self, message: str, message_en: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.detail = detail


class MalformedOrder(KnownError):
    """The input is not a readable iij-order document. `pointer` names the place, `line` the line."""

    def __init__(
        self,
        message: str,
        message_en: str = "",
        *,
        pointer: str | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message, message_en)
        self.pointer = pointer
        self.line = line
        self.source = source

    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(self.source)
        if self.line is not None:
            from configurator.text.i18n import current

            parts.append(f"line {self.line}" if current() == "en" else f"{self.line}行目")
        if self.pointer is not None:
            parts.append(self.pointer or "/")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message
