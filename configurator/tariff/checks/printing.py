"""What a document cannot print: a character of the order that no font here has (the PDF shows 〓 for
it). Not a tariff rule (tariff-rules.md lists those): a warning of validate and of an export, naming
the field and the character, so that nothing is dropped silently (issue 13 A).

The issues carry the rule id `document.unprintable`, outside the tariff rule registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from configurator.tariff.checks.registry import WARNING, Issue

if TYPE_CHECKING:
    from configurator.documents.coverage import Coverage

RULE_ID = "document.unprintable"


def unprintable_fields(
    document: Any, font_path: str | None = None, font_index: int = 0, source: str | bytes | None = None
) -> list[tuple[str, str]]:
    """(JSON pointer, character) of each character of the document's text that no font here prints,
    read from the fonts' own tables: no ReportLab (validate never loads it). The same walk and the
    same table as configurator.documents.common.unprintable_characters (documents/coverage.py).
    `source`: the JSON text the document was read from, if at hand (a first look at it is faster)."""
    return fields_outside(document, printable_table(font_path, font_index), source)


def printable_table(font_path: str | None = None, font_index: int = 0) -> Coverage | None:
    """What the documents print with the configured font (documents.fonts.printable_codes): None when
    only the CID font is found, which prints all. Looked up once by a caller walking many parts."""
    from configurator.documents.fonts import printable_codes

    return printable_codes(font_path, font_index)


def fields_outside(
    document: Any, codes: Coverage | None, source: str | bytes | None = None
) -> list[tuple[str, str]]:
    """unprintable_fields with the table already looked up (`printable_table`)."""
    from configurator.documents.coverage import unprintable_fields as walk

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
    return issues_outside(document, printable_table(font_path, font_index), prefix, source)


def issues_outside(
    document: Any, codes: Coverage | None, prefix: str = "", source: str | bytes | None = None
) -> list[Issue]:
    """unprintable_issues with the table already looked up (`printable_table`): a walk of many parts
    (configurator.session.livecheck, per site) looks the fonts up once, not once a part."""
    from configurator.documents.unprintable import texts_outside

    return [
        Issue(RULE_ID, WARNING, pointer, ja, en, "—", None)
        for pointer, ja, en in texts_outside(document, codes, prefix, source)
    ]
