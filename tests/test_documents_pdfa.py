"""The archival record (issue 13 F): every document is PDF/A-3b with the order attached as its
source, the issuer as its author and the 電子帳簿保存法 search keys in its XMP; deterministic, and
`import` still gives the order back exactly.

No PDF/A validator (veraPDF) is available offline: these tests check the structures PDF/A-3b asks
for with pikepdf, and the file with qpdf's checker (pikepdf's Pdf.check_pdf_syntax)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from configurator.documents.common import DocOptions
from configurator.documents.form import build_form
from configurator.documents.lifecycle_docs import build_cancel_quote, build_change_form
from configurator.documents.pdfa import EBOOK_NS, read_search_keys, suggested_file_name
from configurator.documents.pdfimport import extract_document, extract_order
from configurator.documents.quote import build_quote
from configurator.lifecycle import analyse_cancel, analyse_change
from tests.conftest import example
from tests.test_documents import ISSUER

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (a dependency in pyproject) is not installed here")

DAY = dt.date(2026, 11, 22)
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def opts(**kw: Any) -> DocOptions:
    return DocOptions(issue_date=kw.pop("issue_date", DAY), number="Q-2026-000123-R2", issuer=ISSUER, **kw)


def all_kinds() -> dict[str, bytes]:
    order = example("mixed.iij-order.json")
    cancel = analyse_cancel(example("cancel.iij-cancel.json"))
    return {
        "quote": build_quote(order, opts()),
        "form": build_form(order, opts()),
        "change-form": build_change_form(analyse_change(example("change.iij-change.json")), opts()),
        "cancel-quote": build_cancel_quote(cancel, opts()),
    }


@pytest.fixture(scope="module")
def kinds() -> dict[str, bytes]:
    return all_kinds()


def xmp(pdf: Any) -> ET.Element:
    return ET.fromstring(pdf.Root.Metadata.read_bytes())


def test_every_document_claims_pdfa3b_with_an_srgb_output_intent(kinds: dict[str, bytes]) -> None:
    for kind, data in kinds.items():
        with pikepdf.open(io.BytesIO(data)) as pdf:
            check = (
                getattr(pdf, "check_pdf_syntax", None) or pdf.check
            )  # qpdf --check (pikepdf 10 renamed it)
            assert check() == [], kind
            meta = xmp(pdf)
            assert meta.findtext(".//pdfaid:part", namespaces=NS) == "3"
            assert meta.findtext(".//pdfaid:conformance", namespaces=NS) == "B"
            assert "/Filter" not in pdf.Root.Metadata.stream_dict  # XMP readable as is
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
            profile = intent.DestOutputProfile
            assert (
                profile.N == 3
                and profile.read_bytes()[36:40] == b"acsp"
                and profile.read_bytes()[16:20] == b"RGB "
            )
            assert str(pdf.Root.Lang) == "ja-JP"
            assert pdf.pdf_version >= "1.7"


def test_title_author_subject_and_dates_agree_in_info_and_xmp(kinds: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(kinds["quote"])) as pdf:
        info, meta = pdf.docinfo, xmp(pdf)
        assert str(info.Author) == "株式会社インターネットイニシアティブ"  # the issuer, not the app
        assert meta.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == str(info.Author)
        assert meta.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == str(info.Title)
        assert str(info.Title).startswith("御見積書")
        assert meta.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == str(info.Subject)
        assert meta.findtext(".//xmp:CreateDate", namespaces=NS) == "2026-11-22T00:00:00+09:00"
        assert str(info.CreationDate) == "D:20261122000000+09'00'" == str(info.ModDate)
        assert meta.findtext(".//pdf:Keywords", namespaces=NS) == str(info.Keywords)
        assert meta.findtext(".//pdf:Producer", namespaces=NS) == str(info.Producer)
        assert meta.findtext(".//xmp:CreatorTool", namespaces=NS) == str(info.Creator)
        assert "/Trapped" not in info


def test_the_order_is_an_associated_source_file_compressed_with_its_checksum(kinds: dict[str, bytes]) -> None:
    order = example("mixed.iij-order.json")
    raw = json.dumps(order, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    for kind in ("quote", "form"):
        data = kinds[kind]
        assert b"application#232Fjson" not in data  # no longer double-escaped
        with pikepdf.open(io.BytesIO(data)) as pdf:
            spec = pdf.Root.AF[0]
            assert spec.AFRelationship == "/Source" and str(spec.F) == "order.iij-order.json"
            stream = spec.EF.F
            assert stream.Subtype == "/application/json"  # written /application#2Fjson
            assert stream.stream_dict.Filter == "/FlateDecode"
            assert len(stream.read_raw_bytes()) < len(raw) / 2
            assert stream.read_bytes() == raw
            assert int(stream.Params.Size) == len(raw)
            assert bytes(stream.Params.CheckSum) == hashlib.md5(raw).digest()
        assert extract_order(data) == order  # import gives the order back exactly


def test_the_form_is_much_smaller_than_before_for_a_thousand_sites() -> None:
    from tests.benchmarks.orders import big_order

    order = big_order(1000)
    data = build_form(order, opts())
    raw = len(json.dumps(order, ensure_ascii=False, indent=2).encode("utf-8"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.Root.AF[0].EF.F.read_raw_bytes()) < raw / 4
    assert extract_order(data) == order


def test_the_search_keys_are_in_the_xmp(kinds: dict[str, bytes]) -> None:
    assert read_search_keys(kinds["quote"]) == {
        "取引年月日": "2026-11-22",
        "取引金額": "738320",
        "取引先": "株式会社サンプル",
    }
    assert read_search_keys(kinds["form"]) == {"取引年月日": "2026-11-22", "取引先": "株式会社サンプル"}
    keys = read_search_keys(kinds["cancel-quote"])
    assert keys["取引先"] == "株式会社サンプル" and int(keys["取引金額"]) >= 0
    with pikepdf.open(io.BytesIO(kinds["quote"])) as pdf:  # described by a PDF/A extension schema
        text = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert f"<pdfaSchema:namespaceURI>{EBOOK_NS}</pdfaSchema:namespaceURI>" in text
        for name in ("TransactionDate", "TransactionAmount", "Counterparty"):
            assert f"<pdfaProperty:name>{name}</pdfaProperty:name>" in text


def test_a_file_name_made_of_the_search_keys() -> None:
    keys = {"取引年月日": "2026-12-02", "取引先": "株式会社サンプル", "取引金額": "181500"}
    assert suggested_file_name("御見積書", keys) == "20261202_株式会社サンプル_181500_御見積書.pdf"
    assert (
        suggested_file_name("利用申込書", {"取引年月日": "2026-12-02", "取引先": 'A/B:"C"'})
        == "20261202_A_B__C__利用申込書.pdf"
    )


def test_archival_output_is_deterministic_and_dated_by_the_document(kinds: dict[str, bytes]) -> None:
    again = all_kinds()
    for kind, data in kinds.items():
        assert again[kind] == data, kind
    other = build_quote(example("mixed.iij-order.json"), opts(issue_date=dt.date(2026, 11, 23)))
    assert read_search_keys(other)["取引年月日"] == "2026-11-23"


def test_change_documents_round_trip(kinds: dict[str, bytes], tmp_path: Path) -> None:
    assert extract_document(kinds["change-form"]) == example("change.iij-change.json")


def _xmp_by_elementtree(info: Any, producer: str) -> bytes:
    """The XMP as pdfa.xmp_packet wrote it with ElementTree until issue #18: the oracle of its text."""
    from configurator.documents.pdfa import _EBOOK_FIELDS, EBOOK_PREFIX, NS, _xmp_date

    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{NS[prefix]}}}{local}"

    def sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
        el = ET.SubElement(parent, q(name))
        if text is not None:
            el.text = text
        return el

    def alt(parent: ET.Element, name: str, text: str) -> None:
        li = sub(sub(sub(parent, name), "rdf:Alt"), "rdf:li", text)
        li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")

    top = ET.Element(q("x:xmpmeta"))
    d = sub(sub(top, "rdf:RDF"), "rdf:Description")
    d.set(q("rdf:about"), "")
    when = _xmp_date(info.date)
    alt(d, "dc:title", info.title)
    if info.author:
        sub(sub(sub(d, "dc:creator"), "rdf:Seq"), "rdf:li", info.author)
    alt(d, "dc:description", info.subject)
    sub(d, "pdf:Keywords", info.keywords)
    sub(d, "pdf:Producer", producer)
    sub(d, "xmp:CreatorTool", info.creator)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        sub(d, name, when)
    if info.embeddable:
        sub(d, "pdfaid:part", "3")
        sub(d, "pdfaid:conformance", "B")
    for key, value in info.search_keys.items():
        sub(d, f"{EBOOK_PREFIX}:{_EBOOK_FIELDS[key]}", value)
    if info.search_keys:
        schema = sub(sub(sub(d, "pdfaExtension:schemas"), "rdf:Bag"), "rdf:li")
        schema.set(q("rdf:parseType"), "Resource")
        sub(schema, "pdfaSchema:schema", "電子帳簿保存法の検索項目 (IIJ order configurator)")
        sub(schema, "pdfaSchema:namespaceURI", EBOOK_NS)
        sub(schema, "pdfaSchema:prefix", EBOOK_PREFIX)
        seq = sub(sub(schema, "pdfaSchema:property"), "rdf:Seq")
        for key, local in _EBOOK_FIELDS.items():
            prop = sub(seq, "rdf:li")
            prop.set(q("rdf:parseType"), "Resource")
            sub(prop, "pdfaProperty:name", local)
            sub(prop, "pdfaProperty:valueType", "Text")
            sub(prop, "pdfaProperty:category", "external")
            sub(prop, "pdfaProperty:description", key)
    body = ET.tostring(top, encoding="unicode")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + '\n<?xpacket end="r"?>'
    ).encode("utf-8")


TEXT = hs.text(hs.characters(blacklist_categories=("Cs", "Cc")) | hs.sampled_from("&<>\"'\n\t"), max_size=12)


@given(
    title=TEXT,
    author=TEXT,
    subject=TEXT,
    keywords=TEXT,
    embeddable=hs.booleans(),
    keys=hs.dictionaries(hs.sampled_from(["取引年月日", "取引金額", "取引先"]), TEXT),
)
def test_the_xmp_is_the_text_elementtree_wrote(
    title: str, author: str, subject: str, keywords: str, embeddable: bool, keys: dict[str, str]
) -> None:
    from configurator.documents.pdfa import Archival, xmp_packet

    info = Archival(
        title=title,
        author=author,
        subject=subject,
        keywords=keywords,
        creator="IIJ order configurator",
        date=DAY,
        attachment_name="order.iij-order.json",
        embeddable=embeddable,
        search_keys=keys,
    )
    assert xmp_packet(info, "P & <ReportLab>") == _xmp_by_elementtree(info, "P & <ReportLab>")
