"""Getting the order back from a PDF this app made (`iij-configurator import FILE.pdf`).

A PDF is accepted only when it was written by this app (its Creator), holds the embedded order
document, the SHA-256 in its Keywords matches that document, and it was not saved again after
(one revision: a PDF editor's incremental save adds another). The office re-keys nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

from configurator.documents.common import ATTACHMENT_NAME, CREATOR, KEYWORD_PREFIX
from configurator.errors import KnownError
from configurator.order.document import parse

MAX_PDF_BYTES = 200 * 1024 * 1024


class NotOurPdf(KnownError):
    pass


def read_pdf(path: str | os.PathLike[str]) -> bytes:
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except FileNotFoundError:
        raise NotOurPdf(f"ファイル {name} が見つかりません。", f"{name} not found.") from None
    except OSError as exc:
        raise NotOurPdf(f"ファイル {name} を読めません({exc.strerror})。", f"Cannot read {name}.") from None
    if len(data) > MAX_PDF_BYTES:
        raise NotOurPdf(f"{name} は大きすぎます。", f"{name} is too large.")
    return data


def extract_order(data: bytes, source: str = "PDF") -> dict[str, Any]:
    """The order document embedded in a quote or application form this app made."""
    return parse(extract_attachment(data, source), source=f"{source} の埋め込みデータ")


def extract_document(data: bytes, source: str = "PDF") -> dict[str, Any]:
    """Whatever document this app embedded: an order, a change order or a cancellation order."""
    import json

    raw = extract_attachment(data, source)
    doc = json.loads(raw.decode("utf-8"))
    if isinstance(doc, dict) and doc.get("format") in ("iij-change/1", "iij-cancel/1"):
        return dict(doc)
    return parse(raw, source=f"{source} の埋め込みデータ")


def extract_attachment(data: bytes, source: str = "PDF") -> bytes:
    if not data.startswith(b"%PDF-"):
        raise NotOurPdf(
            f"{source} はPDFではありません。このアプリで作った見積書か申込書のPDFを指定してください。",
            f"{source} is not a PDF.",
        )
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        meta: Any = reader.metadata or {}
        creator = str(meta.get("/Creator") or "")
        keywords = str(meta.get("/Keywords") or "")
        attachments = reader.attachments
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        if data.count(b"%%EOF") > 1:  # a revision appended by another program that left it unreadable
            raise NotOurPdf(
                f"{source} は作成後に別のソフトで変更されています。元のPDFを使ってください。",
                f"{source} was changed after it was made.",
            ) from None
        raise NotOurPdf(
            f"{source} はPDFとして読めません({type(exc).__name__})。"
            "ファイルが壊れていないか確認してください。",
            f"{source} cannot be read as a PDF.",
        ) from None
    if creator != CREATOR or KEYWORD_PREFIX not in keywords:
        raise NotOurPdf(
            f"{source} はこのアプリで作ったPDFではありません。注文データを取り出せません。",
            f"{source} was not made by this app.",
        )
    files = attachments.get(ATTACHMENT_NAME)
    if not files:
        raise NotOurPdf(f"{source} に注文データが埋め込まれていません。", f"{source} has no embedded order.")
    if data.count(b"%%EOF") != 1:
        raise NotOurPdf(
            f"{source} は作成後に別のソフトで変更されています。元のPDFを使ってください。",
            f"{source} was changed after it was made.",
        )
    embedded = files[0]
    expected = keywords.split(KEYWORD_PREFIX, 1)[1].split()[0]
    if hashlib.sha256(embedded).hexdigest() != expected:
        raise NotOurPdf(
            f"{source} の注文データが作成時から変わっています(改ざんまたは破損)。元のPDFを使ってください。",
            f"The order embedded in {source} does not match its checksum.",
        )
    return bytes(embedded)
