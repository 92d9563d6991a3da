"""One export path for every PDF the tool makes, used by the command line, the wizard and the contract
screen alike: the options from the settings, the build, the atomic write.

- options(): DocOptions with what the user configured (settings.json: "pdf_font", "pdf_font_index",
  "date_style": "wareki") and the issuer; a caller's explicit choice (--font, --wareki, the export
  page's 和暦 box) wins over the settings, as on the command line.
- build(): any of the five kinds. "quote" and "form" take an order (dict); "change-form",
  "cancel-form" and "cancel-quote" take the analysed change or cancellation
  (configurator.lifecycle.analyse_change / analyse_cancel).
- export(): build, then write the file whole or not at all (common.write_pdf).
- A quote (御見積書, 解約に伴う費用のお見積り) is issued only with its issuer set: without it, build()
  refuses with a KnownError saying what to set, unless the options make a draft (--draft).
- warnings(): what to tell the user after an export: the font not embedded, and each character no font
  prints, with its field (the PDF shows 〓 for it); warning_texts() the same in Japanese and English,
  shortened_texts() the long texts the document just built moved whole to its appendix (別添).

No Qt here: the app runs export() on a worker thread through ui/jobs.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import Any

from configurator.documents.common import DocOptions, write_pdf

ORDER_KINDS = ("quote", "form")
LIFECYCLE_KINDS = ("change-form", "cancel-form", "cancel-quote")
KINDS = ORDER_KINDS + LIFECYCLE_KINDS
#: the kinds that are quotes: never issued without the issuer (unless a draft)
QUOTE_KINDS = ("quote", "cancel-quote")


def options(
    *,
    issue_date: dt.date | None = None,
    draft: bool = False,
    wareki: bool = False,
    number: str = "",
    font_path: str | None = None,
    settings: dict[str, Any] | None = None,
    approval: tuple[str, str] | None = None,
) -> DocOptions:
    """The options of a document: the issue date (today in Japan unless given), the draft mark, the quote
    number, the issuer (checked: a KnownError says what to fix), and the font and date style of the
    settings. `wareki=True` or `font_path` are the caller's own choice and win over the settings.
    `approval` (approver, YYYY-MM-DD) prints 承認済 on a quote: the caller passes it when the draft's
    revision is approved (configurator.team.local.TeamLocal.approval_stamp)."""
    from configurator.store.issuer import Issuer
    from configurator.store.settings import load_settings
    from configurator.text.jpformat import today_tokyo

    s = load_settings() if settings is None else settings
    return DocOptions(
        issue_date=issue_date or today_tokyo(),
        draft=draft,
        wareki=wareki or s.get("date_style") == "wareki",
        number=number,
        issuer=Issuer.load(),
        font_path=font_path or s.get("pdf_font") or None,
        font_index=_int(s.get("pdf_font_index")),
        approval=approval,
    )


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def build(kind: str, subject: Any, opts: DocOptions, book: Any = None) -> bytes:
    """The PDF's bytes. `subject` is the order for "quote" and "form", the analysed change or
    cancellation for the others; `book` the price book of a quote (the active one when None).
    A quote without its issuer is refused (KnownError saying what to set) unless a draft."""
    if kind in QUOTE_KINDS:
        opts = dataclasses.replace(opts, require_issuer=True)
    if kind in ORDER_KINDS:
        from configurator.documents import build_document

        return build_document(kind, subject, opts, book)
    if kind in LIFECYCLE_KINDS:
        from configurator.documents.lifecycle_docs import build_lifecycle_document
        from configurator.lifecycle.dates import check_date_order

        if not opts.draft:  # 申込日 <= 到達日 <= 効力発生日, or the document is not made
            check_date_order(kind, subject, opts.issue_date)

        return build_lifecycle_document(kind, subject, opts)
    raise ValueError(f"unknown document kind {kind!r}; one of {', '.join(KINDS)}")


def export(
    kind: str, subject: Any, path: str | os.PathLike[str], opts: DocOptions, book: Any = None
) -> bytes:
    """Build and write to `path` atomically (no half-written file); returns the bytes written."""
    data = build(kind, subject, opts, book)
    write_pdf(path, data)
    return data


def font_warning(opts: DocOptions) -> str | None:
    """What to tell the user about the font the documents will use (not embedded), or None."""
    from configurator.documents.fonts import japanese_font

    return japanese_font(opts.font_path, opts.font_index).warning


def warnings(kind: str, subject: Any, opts: DocOptions) -> list[str]:
    """What to tell the user about a document just made, in Japanese: the font not embedded, and each
    field with characters no font prints (shown as 〓), naming the field and the character."""
    return [ja for ja, _en in warning_texts(kind, subject, opts)]


#: FontChoice.warning in English (the app shows the warnings in its own language)
FONT_WARNING_EN = (
    "No Japanese TrueType font was found, so a standard font that is not embedded was used: the document "
    "may look different elsewhere. Install fonts-ipaexfont or choose a font in the settings."
)


def warning_texts(kind: str, subject: Any, opts: DocOptions) -> list[tuple[str, str]]:
    """warnings() as (Japanese, English) pairs, for the app to show in the language of its user."""
    from configurator.documents.unprintable import unprintable_texts

    out = [(w, FONT_WARNING_EN)] if (w := font_warning(opts)) else []
    if kind in ORDER_KINDS:
        document, prefix = subject, ""
    else:
        from configurator.lifecycle.dates import (
            CANCELLATION_DATE,
            CHANGE_BEFORE_BILLING_START,
            date_problem_texts,
        )

        document, prefix = getattr(subject, "document", subject), ""
        if hasattr(subject, "document"):
            out.extend(date_problem_texts(kind, subject, opts.issue_date))
            # a ご指定の解除日 that does not take effect (and the date that does), a 変更日 before the
            # contract's billing start (one before the 申込日 is among date_problem_texts)
            told = {"cancel-form": CANCELLATION_DATE, "change-form": CHANGE_BEFORE_BILLING_START}.get(kind)
            out.extend((i.message, i.message_en) for i in subject.issues if i.rule == told)
    texts = unprintable_texts(document, opts.font_path, opts.font_index, prefix)
    out.extend((ja, en) for _pointer, ja, en in texts)
    return out


def shortened_texts() -> list[tuple[str, str]]:
    """What the document built last on this thread shortened (cut with "…(全文は別添N)" where it stands and
    printed whole in its appendix), as (Japanese, English) pairs: call it right after build() or
    export(), on the same thread (the appendix is collected per thread, documents.common)."""
    from configurator.documents.common import current_appendix

    return [
        (
            f"「{label}」は長いため書類の中では省略し、全文を巻末の別添{n}に載せました。",
            f"「{label}」 is too long for its place: the document shortens it and prints it whole in "
            f"appendix 別添{n} at the end.",
        )
        for n, (label, _text) in enumerate(current_appendix().entries, start=1)
    ]
