"""The archival form of every document: PDF/A-3b with the order attached as its source.

ReportLab lays the pages out, attaches the order and writes the archival record with them, in one pass
(write_archival, called by the page canvas when it saves):

- an sRGB OutputIntent (resources/sRGB.icc, an ICC v4 profile made by LittleCMS with a fixed date);
- XMP metadata: dc:title, dc:creator (the issuer), dc:description, pdfaid part 3 conformance B,
  xmp:CreateDate/ModifyDate/MetadataDate = the document date (so the bytes stay deterministic), and
  the 電子帳簿保存法 search keys 取引年月日, 取引金額, 取引先 in the app's own namespace;
- the document information dictionary in step with the XMP (Title, Author = the issuer, Subject);
- /Lang ja-JP, PDF 1.7;
- the order as an associated file: /AF in the catalog and on its file specification,
  /AFRelationship /Source, /Subtype /application#2Fjson, Flate-compressed, /Params with /Size,
  /CheckSum (MD5) and /ModDate.

Until issue #18 pikepdf rewrote ReportLab's file to add these: its import alone cost ~30 ms of the
~300 ms a 10-site 御見積書 takes; the pages' content is the same either way. The app no longer
imports pikepdf; the tests read the records back with it.

A document printed with the non-embedded CID fallback font cannot be PDF/A: it is written without
the pdfaid claim (everything else the same). No PDF/A validator (veraPDF) is available offline here:
tests/test_documents_pdfa.py checks these structures with pikepdf, and qpdf --check when qpdf is
installed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from configurator.paths import resource

#: The app's XMP namespace for the 電子帳簿保存法 search keys.
EBOOK_NS = "https://iij-configurator.invalid/ns/ebook/1.0/"
EBOOK_PREFIX = "iijebook"
JST = dt.timezone(dt.timedelta(hours=9))


@dataclass
class Archival:
    """What the archival record says of a document besides its pages."""

    title: str
    author: str  # the issuer (company), never the app
    subject: str
    keywords: str
    creator: str  # the app (xmp:CreatorTool)
    date: dt.date  # the document date: CreateDate, ModifyDate, 取引年月日
    attachment_name: str
    embeddable: bool = True  # every font embedded (else no PDF/A claim)
    search_keys: dict[str, str] = field(default_factory=dict)  # 取引年月日, 取引金額, 取引先


def _pdf_date(d: dt.date) -> str:
    return f"D:{d:%Y%m%d}000000+09'00'"


def _xmp_date(d: dt.date) -> str:
    return dt.datetime(d.year, d.month, d.day, tzinfo=JST).isoformat()


def search_keys(date: dt.date, amount: int | Decimal | None, counterparty: str) -> dict[str, str]:
    """The 電子帳簿保存法 search keys of a document: 取引年月日 (YYYY-MM-DD), 取引金額 (yen, 税込), 取引先."""
    keys = {"取引年月日": date.isoformat(), "取引先": counterparty.strip()}
    if amount is not None:
        keys["取引金額"] = str(int(amount))
    return keys


def suggested_file_name(kind_title: str, keys: dict[str, str]) -> str:
    """A file name made of the search keys, e.g. 20261202_株式会社サンプル_181500_御見積書.pdf: what a
    save dialog proposes so that the file is found by date, counterparty and amount."""
    bad = '\\/:*?"<>|\n\r\t'
    party = "".join("_" if ch in bad else ch for ch in keys.get("取引先", "")).strip(" .")[:40]
    parts = [keys.get("取引年月日", "").replace("-", ""), party, keys.get("取引金額", ""), kind_title]
    return "_".join(p for p in parts if p) + ".pdf"


#: the PDF version the archival record declares (PDF/A-3 is based on PDF 1.7)
PDF_VERSION = (1, 7)
PRODUCER_SUFFIX = " (ReportLab)"


def write_archival(doc: Any, order: bytes, info: Archival) -> None:
    """Add the archival record to ReportLab's document `doc` (the canvas's PDFDocument, before it is
    written; the canvas declares PDF_VERSION): the order `order` as the associated source file, the
    OutputIntent, the XMP metadata, /Lang and the document information. Deterministic: every date is
    the document's."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFText

    date = PDFString(_pdf_date(info.date))
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": "/application#2Fjson",  # the name application/json, written as is
                "Filter": PDFName("FlateDecode"),
                "Params": PDFDictionary(
                    {"Size": len(order), "CheckSum": PDFText(hashlib.md5(order).digest()), "ModDate": date}
                ),
            }
        ),
        content=_deflate(order),
    )
    file_ref = doc.Reference(stream)
    spec = doc.Reference(
        PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(info.attachment_name),
                "UF": PDFString(info.attachment_name),
                "Desc": PDFString("IIJ order document (iij-order/1)"),
                "AFRelationship": PDFName("Source"),
                "EF": PDFDictionary({"F": file_ref, "UF": file_ref}),
            }
        )
    )
    profile = PDFStream(
        PDFDictionary({"N": 3, "Filter": PDFName("FlateDecode")}),
        content=_deflate(resource("sRGB.icc").read_bytes()),
    )
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "RegistryName": PDFString("http://www.color.org"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    producer = info.creator + PRODUCER_SUFFIX
    metadata = PDFStream(  # left readable: no filter
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        content=xmp_packet(info, producer),
    )
    cat = doc.Catalog
    # the catalog writes only the keys it knows: these two are added for this document alone
    cat.__NoDefault__ = [*cat.__NoDefault__, "OutputIntents", "AF"]
    cat.Names = PDFDictionary(
        {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(info.attachment_name), spec])})}
    )
    cat.AF = PDFArray([spec])
    cat.OutputIntents = PDFArray([intent])
    cat.Metadata = metadata
    cat.Lang = PDFString("ja-JP")
    doc.info = _info(info, producer, date)


def _info(info: Archival, producer: str, date: Any) -> Any:
    """The document information dictionary: each entry has its XMP twin (no /Trapped; no /Author
    without an issuer). ReportLab's PDFInfo gives the file's /ID from the same title, author, subject
    and keywords."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString

    class ArchivalInfo(PDFInfo):  # type: ignore[misc]
        def format(self, document: Any) -> bytes:
            entries = {
                "Title": PDFString(self.title),
                "Subject": PDFString(self.subject),
                "Keywords": PDFString(self.keywords),
                "Creator": PDFString(self.creator),
                "Producer": PDFString(self.producer),
                "CreationDate": date,
                "ModDate": date,
            }
            if self.author:
                entries["Author"] = PDFString(self.author)
            out: bytes = PDFDictionary(entries).format(document)
            return out

    record = ArchivalInfo()
    record.title, record.author, record.subject = info.title, info.author, info.subject
    record.keywords, record.creator, record.producer = info.keywords, info.creator, producer
    return record


def _deflate(raw: bytes) -> bytes:
    import zlib

    return zlib.compress(raw)


NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    EBOOK_PREFIX: EBOOK_NS,
}


def xmp_packet(info: Archival, producer: str) -> bytes:
    """The XMP metadata: Dublin Core, XMP basic, Adobe PDF, the PDF/A identification, the search keys
    and, as PDF/A asks for a property outside the predefined schemas, the extension schema that
    describes them. Written as text: the same text as ElementTree.tostring wrote it (each namespace
    used declared on the root, by prefix), without importing ElementTree (tests/test_documents_pdfa.py
    checks it against ElementTree)."""
    used: set[str] = set()
    parts: list[str] = []

    def el(name: str, text: str | None = None, attrs: str = "") -> None:
        """An element with text (or empty): <name attrs>text</name>."""
        used.add(name.split(":")[0])
        parts.append(f"<{name}{attrs}>{_xml_text(text)}</{name}>" if text else f"<{name}{attrs} />")

    def start(name: str, attrs: str = "") -> None:
        used.add(name.split(":")[0])
        parts.append(f"<{name}{attrs}>")

    def end(name: str) -> None:
        parts.append(f"</{name}>")

    def alt(name: str, text: str) -> None:
        start(name)
        start("rdf:Alt")
        el("rdf:li", text, ' xml:lang="x-default"')
        end("rdf:Alt")
        end(name)

    resource = ' rdf:parseType="Resource"'
    when = _xmp_date(info.date)
    start("rdf:RDF")
    start("rdf:Description", ' rdf:about=""')
    alt("dc:title", info.title)
    if info.author:
        start("dc:creator")
        start("rdf:Seq")
        el("rdf:li", info.author)
        end("rdf:Seq")
        end("dc:creator")
    alt("dc:description", info.subject)
    el("pdf:Keywords", info.keywords)
    el("pdf:Producer", producer)
    el("xmp:CreatorTool", info.creator)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        el(name, when)
    if info.embeddable:
        el("pdfaid:part", "3")
        el("pdfaid:conformance", "B")
    for key, value in info.search_keys.items():
        el(f"{EBOOK_PREFIX}:{_EBOOK_FIELDS[key]}", value)
    if info.search_keys:
        start("pdfaExtension:schemas")
        start("rdf:Bag")
        start("rdf:li", resource)
        el("pdfaSchema:schema", "電子帳簿保存法の検索項目 (IIJ order configurator)")
        el("pdfaSchema:namespaceURI", EBOOK_NS)
        el("pdfaSchema:prefix", EBOOK_PREFIX)
        start("pdfaSchema:property")
        start("rdf:Seq")
        for key, local in _EBOOK_FIELDS.items():
            start("rdf:li", resource)
            el("pdfaProperty:name", local)
            el("pdfaProperty:valueType", "Text")
            el("pdfaProperty:category", "external")
            el("pdfaProperty:description", key)
            end("rdf:li")
        end("rdf:Seq")
        end("pdfaSchema:property")
        end("rdf:li")
        end("rdf:Bag")
        end("pdfaExtension:schemas")
    end("rdf:Description")
    end("rdf:RDF")
    used.add("x")
    declared = "".join(f' xmlns:{prefix}="{NS[prefix]}"' for prefix in sorted(used))
    body = f"<x:xmpmeta{declared}>" + "".join(parts) + "</x:xmpmeta>"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + '\n<?xpacket end="r"?>'
    ).encode("utf-8")


def _xml_text(text: str | None) -> str:
    """Element text escaped as ElementTree escapes it (&, <, >)."""
    if not text:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: XMP property names (ASCII, as XML requires) of the search keys.
_EBOOK_FIELDS = {"取引年月日": "TransactionDate", "取引金額": "TransactionAmount", "取引先": "Counterparty"}


def read_search_keys(data: bytes) -> dict[str, Any]:
    """The search keys an archival PDF carries in its XMP (for tests and the import)."""
    import xml.etree.ElementTree as ET

    from pypdf import PdfReader

    root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"].get_object()
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    return {
        key: el.text
        for key, name in _EBOOK_FIELDS.items()
        if (el := xmp.find(f".//{{{EBOOK_NS}}}{name}")) is not None
    }
