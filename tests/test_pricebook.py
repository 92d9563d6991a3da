"""Price books: a real one is checked row by row and accepted whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from configurator.errors import KnownError
from configurator.pricing.books import (
    FEES,
    PriceBookError,
    active_price_book,
    import_price_book,
    installed_price_books,
    parse_price_book,
    required_keys,
)
from configurator.store.settings import set_data_dir
from tests.conftest import ROOT, run_cli

SAMPLE = ROOT / "resources" / "pricebooks" / "sample.json"


def real_book() -> dict[str, Any]:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc.update(version="2026.12", name="2026年12月価格表", sample=False, effective_date="2026-12-01")
    return doc


@pytest.fixture
def data_dir(tmp_path: Path) -> Any:
    set_data_dir(tmp_path / "data")
    yield tmp_path / "data"
    set_data_dir(None)


def test_the_sample_book_is_complete_and_labelled() -> None:
    book = parse_price_book(json.loads(SAMPLE.read_text(encoding="utf-8")), "sample")
    assert book.sample and "サンプル価格" in book.label
    assert len(book.prices) == len(
        required_keys(__import__("configurator.tariff.catalogue").tariff.catalogue.catalogue())
    )
    assert book.management_monthly_fee() == 0


def test_every_fault_is_reported_by_row() -> None:
    doc = real_book()
    doc["rows"][0]["initial"] = -5
    doc["rows"][1]["monthly"] = 1200.5
    doc["rows"][2]["device"] = "c9999"
    doc["rows"][3]["initial"] = "3000"
    mgmt = next(i for i, r in enumerate(doc["rows"]) if r.get("kind") == "management")
    doc["rows"][mgmt]["monthly"] = 100
    missing = next(i for i, r in enumerate(doc["rows"]) if r.get("option") == "load_balancing")
    del doc["rows"][missing]
    with pytest.raises(PriceBookError) as info:
        parse_price_book(doc, "book.json")
    faults = info.value.faults
    text = "\n".join(faults)
    assert "1行目: initial -5 が負の金額です。" in text
    assert "2行目: monthly 1200.5 は円の整数ではありません。" in text
    assert "3行目: 機器種別 'c9999' は不明なIDです。" in text
    assert '4行目: initial "3000"' in text  # as written in the JSON file
    assert f"{mgmt + 1}行目: マネージメント(親たる契約)の月額費用は0円です" in text
    assert "価格がありません: 認証 負荷分散オプション" in text
    # each refused row told once: the price it would have given is not told again as missing
    assert len(faults) == 6 and text.count("価格がありません") == 1


def test_header_faults() -> None:
    doc = real_book()
    doc.update(currency="USD", tax_rate="0.08", effective_date="2026-02-30", version="")
    with pytest.raises(PriceBookError) as info:
        parse_price_book(doc, "x")
    text = "\n".join(info.value.faults)
    for words in ("JPY", "0.10", "存在しない日付", "version"):
        assert words in text


def test_import_installs_and_activates_and_list_shows_it(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "book.json"
    src.write_text(json.dumps(real_book(), ensure_ascii=False), encoding="utf-8")
    assert active_price_book().sample
    book = import_price_book(src)
    assert book.version == "2026.12"
    assert active_price_book().version == "2026.12"
    assert [b.version for b in installed_price_books()] == ["SAMPLE-2026.11", "2026.12"]
    assert (data_dir / "pricebooks" / "2026.12.json").read_bytes() == src.read_bytes()
    import_price_book(src)  # the same file again is fine


def test_a_bad_book_installs_nothing(data_dir: Path, tmp_path: Path) -> None:
    doc = real_book()
    doc["rows"][5]["initial"] = -1
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PriceBookError):
        import_price_book(src)
    assert not (data_dir / "pricebooks").exists()
    assert active_price_book().sample


def test_an_installed_version_never_changes(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "book.json"
    src.write_text(json.dumps(real_book()), encoding="utf-8")
    import_price_book(src)
    changed = real_book()
    changed["rows"][0]["initial"] += 1000
    src.write_text(json.dumps(changed), encoding="utf-8")
    with pytest.raises(KnownError, match="新しい版番号"):
        import_price_book(src)


def test_sample_books_cannot_be_imported(data_dir: Path) -> None:
    with pytest.raises(KnownError, match="サンプル"):
        import_price_book(SAMPLE)


def test_pricebook_cli(tmp_path: Path) -> None:
    env = {"IIJ_CONFIGURATOR_DATA": str(tmp_path / "data")}
    doc = real_book()
    doc["rows"][0]["initial"] = -5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    r = run_cli("pricebook", "import", str(bad), env=env)
    assert r.returncode == 2
    assert "1行目: initial -5 が負の金額です。" in r.stderr.decode()
    assert "何も取り込んでいません" in r.stderr.decode()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(real_book()), encoding="utf-8")
    r = run_cli("pricebook", "import", str(good), env=env)
    assert r.returncode == 0, r.stderr.decode()
    r = run_cli("pricebook", "list", env=env)
    assert "* 2026.12" in r.stdout.decode()
    assert "SAMPLE-2026.11" in r.stdout.decode()
    r = run_cli("price", "--json", str(ROOT / "resources/examples/auth.iij-order.json"), env=env)
    assert json.loads(r.stdout)["price_book"]["version"] == "2026.12"
    assert json.loads(r.stdout)["sample"] is False
    r = run_cli("pricebook", "use", "SAMPLE-2026.11", env=env)
    assert r.returncode == 0
    r = run_cli("pricebook", "use", "nope", env=env)
    assert r.returncode == 2


def _refused_lines(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(PriceBookError) as info:
        parse_price_book(doc, "book.json")
    return info.value.faults


@pytest.mark.parametrize(
    "row, change, says",
    [
        (0, {"initial": -5}, "1行目: initial -5 が負の金額です。0以上の円の整数にしてください。"),
        (3, {"initial": "3000"}, '4行目: initial "3000" は円の整数で書いてください'),
        (
            2,
            {"device": "c9999"},
            "3行目: 機器種別 'c9999' は不明なIDです。この行が「VPN 親拠点 シングルスター"
            "シングルエッジ Cisco ISR 4351」の価格なら、機器種別(device)を 'isr4351' にしてください。",
        ),
        (1, {"service": None}, "2行目: service(vpn か auth)がありません。この行が「VPN 親拠点"),
        (4, {"initial": None, "monthly": None}, "5行目: initial・monthly・one_time のいずれの金額も"),
    ],
)
def test_a_refused_row_is_reported_once_with_what_to_change(
    row: int, change: dict[str, Any], says: str
) -> None:
    """One bad row was reported twice: on its row, and again as 「価格がありません: …」 for the price it
    would have given (「2件の問題」 for one mistake)."""
    doc = real_book()
    doc["rows"][row].update(change)
    doc["rows"][row] = {k: v for k, v in doc["rows"][row].items() if v is not None}
    faults = _refused_lines(doc)
    assert len(faults) == 1 and faults[0].startswith(says), faults


def test_two_mistakes_in_one_row_are_one_line_and_a_duplicate_says_what_to_do() -> None:
    doc = real_book()
    doc["rows"][0].update(initial=-5, monthly=1200.5)
    doc["rows"].append(dict(doc["rows"][1]))
    faults = _refused_lines(doc)
    assert len(faults) == 2, faults
    assert faults[0].startswith("1行目: initial -5 が負の金額です。"), faults
    assert "monthly 1200.5 は円の整数" in faults[0]
    last = len(doc["rows"])
    assert faults[1].startswith(f"{last}行目: 2行目と同じ対象の価格が重複しています。どちらかの行を消す")


def test_an_unknown_id_that_fits_no_missing_price_lists_the_ids_to_use() -> None:
    doc = real_book()
    doc["rows"].append(dict(doc["rows"][0], device="c9999"))  # a row more: nothing is missing because of it
    (fault,) = _refused_lines(doc)
    last = len(doc["rows"])
    assert fault.startswith(f"{last}行目: 機器種別 'c9999' は不明なIDです。") and "isr4351" in fault


def test_pricebook_import_of_a_book_with_one_bad_row_tells_that_row_once(tmp_path: Path) -> None:
    doc = real_book()
    doc["rows"][2]["device"] = "c9999"
    for lang, head, row in (
        ("ja", "1件の問題", "  - 3行目: 機器種別 'c9999' は不明なIDです。"),
        ("en", "1 problem;", "  - row 3: unknown device id 'c9999'. If this row prices service=vpn,"),
    ):
        err = _import_told(tmp_path, doc, lang)  # exit 2, nothing installed
        assert head in err and err.count("\n  - ") == 1, err
        assert row in err and "isr4351" in err and "価格がありません" not in err, err


def _import_told(tmp_path: Path, doc: dict[str, Any], lang: str) -> str:
    src = tmp_path / "book.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run_cli(
        "--data-dir",
        str(tmp_path / "data"),
        "pricebook",
        "import",
        str(src),
        env={"IIJ_CONFIGURATOR_LANG": lang},
    )
    err = r.stderr.decode()
    assert r.returncode == 2 and "\n  - " in err, (r.returncode, err, r.stdout.decode())
    assert (
        not list((tmp_path / "data" / "pricebooks").glob("*.json")) if (tmp_path / "data").exists() else True
    )
    return err


def _misspell(doc: dict[str, Any], row: int, field: str, typo: str) -> dict[str, Any]:
    doc["rows"][row] = {typo if k == field else k: v for k, v in doc["rows"][row].items()}
    return doc


@pytest.mark.parametrize(
    "typo, ja, en",
    [
        (
            ("monthly", "montly"),
            "  - 3行目: 項目 'montly' はありません。'monthly' のことなら直してください。\n",
            "  - row 3: there is no field 'montly'; if you meant 'monthly', correct it.\n",
        ),
        (  # the row priced every device of its item (a row without a device serves them all)
            ("device", "devcie"),
            "  - 3行目: 項目 'devcie' はありません。'device' のことなら直してください。\n",
            "  - row 3: there is no field 'devcie'; if you meant 'device', correct it.\n",
        ),
    ],
)
def test_a_misspelt_field_of_a_row_is_refused_naming_the_field_meant(
    tmp_path: Path, typo: tuple[str, str], ja: str, en: str
) -> None:
    """A misspelt field was ignored: "montly" imported the row without its monthly fee (quoted as none),
    "devcie" made the row the price of every device. Told once, on its row (not again as a missing price)."""
    doc = _misspell(real_book(), 2, *typo)
    for lang, says, head in ((("ja", ja, "1件の問題")), ("en", en, "1 problem;")):
        err = _import_told(tmp_path, doc, lang)
        assert says in err and head in err and err.count("\n  - ") == 1, err


def test_a_field_the_format_does_not_have_lists_the_fields_and_a_repeat_is_to_delete() -> None:
    doc = real_book()
    doc["rows"][0]["xyzzy"] = 1
    doc["rows"][1]["monthy"] = doc["rows"][1]["monthly"]
    faults = _refused_lines(doc)
    assert faults == [
        "1行目: 項目 'xyzzy' はありません。使える項目: service, kind, item, device, option, charge, initial, "
        "monthly, one_time, unit, name。",
        "2行目: 項目 'monthy' はありません('monthly' は既にあります)。この項目を消してください。",
    ]


def test_an_unknown_key_of_the_book_is_refused(tmp_path: Path) -> None:
    """A misspelt key of the book itself was ignored (an "efective_date" beside the real one)."""
    doc = real_book()
    doc["efective_date"] = "2027-01-01"
    err = _import_told(tmp_path, doc, "ja")
    assert (
        "  - 価格表の項目 'efective_date' はありません('effective_date' は既にあります)。"
        "この項目を消してください。" in err
    )
    err = _import_told(tmp_path, doc, "en")
    assert "in the price book: there is no field 'efective_date' ('effective_date' is already given)" in err
    doc["effective_date"] = doc.pop("efective_date")
    doc["Note"] = doc.pop("note")
    (fault,) = _refused_lines(doc)  # told once: its value is read as the key it probably meant
    assert fault == "価格表の項目 'Note' はありません。'note' のことなら直してください。"


@pytest.mark.parametrize(
    "fees, ja, en",
    [
        (
            {"initial": 5000},
            "一時費用(charge)の金額は one_time に書いてください(initial は使われません)。",
            "a one-time charge is priced by one_time; write its fee there (initial is not used).",
        ),
        (
            {"one_time": 5000, "monthly": 100},
            "一時費用(charge)の行の monthly は使われません。消してください(金額は one_time)。",
            "monthly is not used on a one-time charge's row (its fee is one_time); delete it.",
        ),
    ],
)
def test_a_one_time_charge_without_its_one_time_fee_is_refused(
    tmp_path: Path, fees: dict[str, int], ja: str, en: str
) -> None:
    """A device change priced as "initial": 5000 was imported and quoted at 0 yen (a charge is priced by
    one_time alone, 別紙1 3(2)); a monthly fee beside it was never used."""
    doc = real_book()
    n = next(i for i, r in enumerate(doc["rows"]) if r.get("charge") == "device_change")
    doc["rows"][n] = {k: v for k, v in doc["rows"][n].items() if k not in FEES} | fees
    for lang, says in (("ja", f"  - {n + 1}行目: {ja}\n"), ("en", f"  - row {n + 1}: {en}\n")):
        err = _import_told(tmp_path, doc, lang)
        assert says in err and err.count("\n  - ") == 1, err


def test_a_row_without_any_fee_is_refused_saying_which_fee_to_add(tmp_path: Path) -> None:
    doc = real_book()
    doc["rows"][2] = {k: v for k, v in doc["rows"][2].items() if k not in FEES}
    n = next(i for i, r in enumerate(doc["rows"]) if r.get("charge") == "device_change")
    doc["rows"][n] = {k: v for k, v in doc["rows"][n].items() if k not in FEES}
    err = _import_told(tmp_path, doc, "ja")
    assert "  - 3行目: initial・monthly・one_time のいずれの金額もありません。" in err
    assert f"  - {n + 1}行目: 一時費用(charge)の金額 one_time がありません。円の整数を入れてください。" in err
    err = _import_told(tmp_path, doc, "en")
    assert f"  - row {n + 1}: the one-time charge has no one_time fee; give it in whole yen." in err


def test_a_book_installed_before_with_a_field_the_format_lacks_still_prices(
    data_dir: Path, tmp_path: Path
) -> None:
    """A book installed by a version that ignored unknown fields (a row "note", a "$schema") is read as it
    was then: after an update it neither turns damaged nor stops every quote; a corrected file of the same
    version replaces it (the installed copy is not the whole format), and importing it as it is is told."""
    from configurator.pricing.books import damaged_price_books, use_price_book

    doc = real_book()
    doc["$schema"] = "https://example.co.jp/pricebook.json"
    doc["rows"][0]["note"] = "2026年度の改定"
    installed = data_dir / "pricebooks" / f"{doc['version']}.json"
    installed.parent.mkdir(parents=True, exist_ok=True)
    installed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # as the old version left it
    use_price_book(doc["version"])
    assert damaged_price_books() == []
    assert active_price_book().version == doc["version"]  # quotes go on with it
    src = tmp_path / "book.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PriceBookError, match="note"):  # given to import: checked whole
        import_price_book(src)
    src.write_text(json.dumps(real_book(), ensure_ascii=False), encoding="utf-8")
    import_price_book(src)  # the corrected file of the same version takes its place
    assert "2026年度の改定" not in installed.read_text(encoding="utf-8")
