"""The PDF documents: 御見積書 (quote) and 申込書 (application form), with ReportLab, no Qt."""

from typing import Any

from configurator.documents import lazyregex

# before any module here imports ReportLab's platypus: two of its patterns compiled when first used
lazyregex.install()


def build_document(kind: str, order: dict[str, Any], options: Any, book: Any = None) -> bytes:
    """'quote' (御見積書) or 'form' (申込書) of an order — for the command line and the app alike."""
    if kind == "quote":
        from configurator.documents.quote import build_quote

        return build_quote(order, options, book)
    from configurator.documents.form import build_form

    return build_form(order, options)
