"""The warnings about characters no font here prints (the PDF shows 〓 for them), as texts: one per
field, in Japanese and English. validate's `document.unprintable` issues are made of them
(configurator.tariff.checks.printing); an export's warnings take them from here, without importing
the tariff's rules (the checks package declares every rule when imported: ~15 ms of a draft's PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from configurator.documents.coverage import Coverage


def unprintable_texts(
    document: Any,
    font_path: str | None = None,
    font_index: int = 0,
    prefix: str = "",
    source: str | bytes | None = None,
) -> list[tuple[str, str, str]]:
    """(JSON pointer, Japanese, English) for each field of `document` with characters no font prints,
    naming the characters. `prefix` is put before each JSON pointer (e.g. "/base" for the order inside a
    cancellation); `source` is the JSON text the document was read from, if at hand."""
    from configurator.documents.fonts import printable_codes

    return texts_outside(document, printable_codes(font_path, font_index), prefix, source)


def texts_outside(
    document: Any, codes: Coverage | None, prefix: str = "", source: str | bytes | None = None
) -> list[tuple[str, str, str]]:
    """unprintable_texts with the fonts' table already looked up (documents.fonts.printable_codes): a
    walk of many parts (configurator.session.livecheck, per site) looks the fonts up once."""
    from configurator.documents.coverage import unprintable_fields

    if codes is None:  # only the CID font: it prints all
        return []
    by_field: dict[str, list[str]] = {}
    for pointer, ch in unprintable_fields(document, codes, source):
        chars = by_field.setdefault(prefix + pointer, [])
        if ch not in chars:
            chars.append(ch)
    return [
        (
            pointer,
            f"{pointer} の文字 {'、'.join(f'「{ch}」(U+{ord(ch):04X})' for ch in chars)} は"
            "PDFのフォントにないため、書類には 〓 と印刷されます(注文データには正しく残ります)。"
            "別の字に置き換えるか、その字のあるフォントを設定してください。",
            f"{pointer}: the character(s) {', '.join(f'U+{ord(ch):04X}' for ch in chars)} are in no "
            "font of the PDF and print as 〓 (the order keeps them).",
        )
        for pointer, chars in by_field.items()
    ]
