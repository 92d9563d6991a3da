"""What a document cannot print: a character of the order that no font here has (the PDF shows 〓 for
it). Not a tariff rule (tariff-rules.md lists those): a warning of validate and of an export, naming
the field and the character, so that nothing is dropped silently (issue 13 A).

The issues carry the rule id `document.unprintable`, outside the tariff rule registry."""

from __future__ import annotations

from typing import Any

from configurator.tariff.checks.registry import WARNING, Issue

RULE_ID = "document.unprintable"


def unprintable_fields(
    document: Any, font_path: str | None = None, font_index: int = 0, source: str | bytes | None = None
) -> list[tuple[str, str]]:
    """(JSON pointer, character) of each character of the document's text that no font here prints,
    read from the fonts' own tables: no ReportLab (validate never loads it). The same walk and the
    same table as configurator.documents.common.unprintable_characters (documents/coverage.py).
    `source`: the JSON text the document was read from, if at hand (a first look at it is faster)."""
    from configurator.documents.coverage import unprintable_fields as walk
    from configurator.documents.fonts import printable_codes

    codes = printable_codes(font_path, font_index)
    return [] if codes is None else walk(document, codes, source)  # None: only the CID font, it prints all


def unprintable_issues(
    document: Any,
    font_path: str | None = None,
    font_index: int = 0,
    prefix: str = "",
    source: str | bytes | None = None,
) -> list[Issue]:
    """One warning per field of `document` with characters no font prints, naming field and characters.
    `prefix` is put before each JSON pointer (e.g. "/base" for the order inside a cancellation)."""
    from configurator.documents.unprintable import unprintable_texts

    return [
        Issue(RULE_ID, WARNING, pointer, ja, en, "—", None)
        for pointer, ja, en in unprintable_texts(document, font_path, font_index, prefix, source)
    ]
