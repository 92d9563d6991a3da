"""Getting the order back from a PDF this app made (`iij-configurator import FILE.pdf`).

What is verified is the integrity of the order, not who made or last saved the PDF: the PDF must
hold the embedded document (order.iij-order.json) and the SHA-256 this app wrote in its Keywords,
and the document must match that checksum. A PDF the customer signed, annotated or saved again with
another program still gives its order back when the checksum holds (that program changed the pages,
not the order); a document that does not match its checksum is refused. The checksum is no
signature: anyone can write a new document with a new checksum, so the document is then checked as
strictly as a file given on the command line (the one guarded loader, the schema, a change or
cancellation order's envelope) before anything is written. The office re-keys nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

from configurator.documents.common import ATTACHMENT_NAME, KEYWORD_PREFIX
from configurator.errors import KnownError
from configurator.order.document import check, load_json, parse

MAX_PDF_BYTES = 200 * 1024 * 1024


class NotOurPdf(KnownError):
    pass


def read_pdf(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a PDF ('-': standard input); a larger file is refused from its size, unread."""
    from configurator.store.reading import read_limited

    return read_limited(
        path,
        MAX_PDF_BYTES,
        expect=(
            "このアプリで作った見積書・申込書などのPDF",
            "a quote, form or other PDF this app made",
        ),
        error=NotOurPdf,
        head=_refuse_not_pdf,
    )[0]


def _refuse_not_pdf(data: bytes, source: str) -> None:
    if not data.startswith(b"%PDF-"):
        raise NotOurPdf(
            f"{source} はPDFではありません。このアプリで作った見積書か申込書のPDFを指定してください。",
            f"{source} is not a PDF. Give a quote or form PDF this app made.",
        )


def extract_order(data: bytes, source: str = "PDF") -> dict[str, Any]:
    """The order document embedded in a quote or application form this app made."""
    return parse(extract_attachment(data, source), source=f"{source} の埋め込みデータ")


def extract_document(data: bytes, source: str = "PDF") -> dict[str, Any]:
    """Whatever document this app embedded: an order, a change order or a cancellation order, checked
    as strictly as the same document given as a file (MalformedOrder, exit 2, when it is not sound)."""
    from configurator.lifecycle.common import CANCEL_FORMAT, CHANGE_FORMAT

    raw = extract_attachment(data, source)
    label = f"{source} の埋め込みデータ"
    doc = load_json(raw, source=label, what="注文データ")
    if isinstance(doc, dict) and doc.get("format") in (CHANGE_FORMAT, CANCEL_FORMAT):
        from configurator.lifecycle import analyse_cancel, analyse_change

        analyse = analyse_change if doc["format"] == CHANGE_FORMAT else analyse_cancel
        analyse(doc, source=label)  # the checks of `change FILE` / `cancel FILE`: envelope, schema, dates
        return dict(doc)
    return check(doc, source=label)


def extract_attachment(data: bytes, source: str = "PDF") -> bytes:
    _refuse_not_pdf(data, source)
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    # pypdf tells what it repairs ("EOF marker not found") through logging, which without a handler
    # printed it in English on standard error beside the message below: for the developers only
    quiet = logging.getLogger("pypdf")
    if not quiet.handlers:
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
    try:
        reader = PdfReader(io.BytesIO(data))
        meta: Any = reader.metadata or {}
        keywords = str(meta.get("/Keywords") or "")
        files = reader.attachments.get(ATTACHMENT_NAME)  # decompressed here (LimitReachedError)
    except LimitReachedError:
        raise NotOurPdf(
            f"{source} の埋め込みデータが大きすぎます(展開すると上限を超えます)。元のPDFを使ってください。",
            f"The data embedded in {source} is too large when decompressed.",
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, OSError) as exc:
        if data.count(b"%%EOF") > 1:  # a revision appended by another program that left it unreadable
            raise NotOurPdf(
                f"{source} は作成後に別のソフトで変更されています。元のPDFを使ってください。",
                f"{source} was changed after it was made.",
            ) from None
        from configurator.store.errorlog import keep_details

        keep_details(f"PDFとして読めないファイル: {source}", exc)  # the reader's words are for the developers
        raise NotOurPdf(
            f"{source} はPDFとして読めません(ファイルが壊れているか、途中までしかありません)。"
            "元のPDFをもう一度保存し直すか、注文ファイル(.iij-order.json)を開いてください。",
            f"{source} cannot be read as a PDF (the file is damaged or incomplete). Save the original PDF "
            "again, or open the order file (.iij-order.json) instead.",
        ) from None
    if KEYWORD_PREFIX not in keywords:  # the checksum this app writes; another program may rename Creator
        raise NotOurPdf(
            f"{source} はこのアプリで作ったPDFではありません。注文データを取り出せません。"
            "このアプリで作った見積書・申込書などのPDFか、注文ファイル(.iij-order.json)を指定してください。",
            f"{source} was not made by this app. Give a PDF this app made, or the order file "
            "(.iij-order.json).",
        )
    if not files:
        raise NotOurPdf(f"{source} に注文データが埋め込まれていません。", f"{source} has no embedded order.")
    embedded = files[0]
    expected = (keywords.split(KEYWORD_PREFIX, 1)[1].split() or [""])[0]
    if not isinstance(embedded, bytes) or hashlib.sha256(embedded).hexdigest() != expected:
        raise NotOurPdf(
            f"{source} の注文データが作成時から変わっています(改ざんまたは破損)。元のPDFを使ってください。",
            f"The order embedded in {source} does not match its checksum.",
        )
    return bytes(embedded)
