"""The issuer block a salesperson sets up once: checked, normalised, stored; nothing stored when wrong."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from configurator.errors import KnownError
from configurator.store.issuer import Issuer, normalise_registration_number, save_issuer
from configurator.store.settings import set_data_dir

VALID = "T7000012050002"  # 国税庁's own 法人番号 with T


@pytest.fixture
def data(tmp_path: Path) -> Any:
    d = tmp_path / "data"
    set_data_dir(d)
    yield d
    set_data_dir(None)


def _png(path: Path, size: int = 64) -> Path:
    from PIL import Image

    Image.new("RGB", (size, size), (200, 30, 30)).save(path)
    return path


def test_how_people_write_the_number_is_accepted() -> None:
    for written in (
        "T7000012050002",
        "t7000012050002",
        "Ｔ７００００１２０５０００２",
        "T7-0000-1205-0002",
        " T 7000 0120 50002 ",
    ):
        assert normalise_registration_number(written) == VALID


def test_saved_issuer_is_what_the_next_quote_uses(data: Path, tmp_path: Path) -> None:
    seal = _png(tmp_path / "seal-original.PNG")
    stored = save_issuer(
        {
            "company": " 株式会社サンプル販売 ",
            "address": "東京都千代田区1-1",
            "phone": "０３-１２３４-５６７８",
            "person": "営業部 佐藤",
            "registration_number": "Ｔ７０００-０１２０-５０００２",
            "seal_image": str(seal),
        }
    )
    assert stored.company == "株式会社サンプル販売"
    assert stored.registration_number == VALID
    assert Path(stored.seal_image).parent == data  # copied into the data folder
    seal.unlink()  # the original may go away: the quote still has its seal
    loaded = Issuer.load()
    assert loaded == stored
    settings = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert settings["issuer"]["person"] == "営業部 佐藤"

    from configurator.documents import build_document
    from configurator.documents.common import DocOptions
    from tests.conftest import example

    pdf = tmp_path / "q.pdf"
    pdf.write_bytes(
        build_document(
            "quote",
            example("vpn.iij-order.json"),
            DocOptions(issue_date=dt.date(2026, 11, 22), issuer=loaded),
            None,
        )
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "株式会社サンプル販売" in text and "営業部 佐藤" in text and VALID in text
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) >= 3  # header, rule, and the seal


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"company": "", "person": "佐藤"}, "会社名"),
        ({"company": "株式会社サンプル販売", "registration_number": "T8000012050002"}, "登録番号"),
        ({"company": "株式会社サンプル販売", "registration_number": "1234"}, "登録番号"),
        ({"company": "株式会社サンプル販売", "phone": "12345"}, "電話番号"),
    ],
)
def test_a_wrong_value_stores_nothing(data: Path, values: dict[str, str], says: str) -> None:
    save_issuer({"company": "株式会社まえの値", "person": "前任"})
    before = (data / "settings.json").read_bytes()
    with pytest.raises(KnownError) as err:
        save_issuer(values)
    assert says in str(err.value)
    assert (data / "settings.json").read_bytes() == before


def test_a_seal_that_is_not_an_image_is_refused(data: Path, tmp_path: Path) -> None:
    fake = tmp_path / "seal.png"
    fake.write_bytes(b"this is not a picture")
    with pytest.raises(KnownError, match="画像として読めません"):
        save_issuer({"company": "株式会社サンプル販売", "seal_image": str(fake)})
    with pytest.raises(KnownError, match="PNGかJPEG"):
        save_issuer({"company": "株式会社サンプル販売", "seal_image": str(tmp_path / "seal.gif")})
    with pytest.raises(KnownError, match="小さすぎ"):
        save_issuer({"company": "株式会社サンプル販売", "seal_image": str(_png(tmp_path / "tiny.png", 4))})
    assert not (data / "settings.json").exists()
    assert not list(data.glob("seal*")) if data.exists() else True


def test_an_unreadable_settings_file_is_kept_aside_not_overwritten(data: Path) -> None:
    data.mkdir(parents=True)
    broken = '{"issuer": {"company": "株式会社手で直した", }'  # a trailing comma: not JSON
    (data / "settings.json").write_text(broken, encoding="utf-8")
    save_issuer({"company": "株式会社サンプル販売"})
    kept = list(data.glob("settings.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == broken
    assert (
        json.loads((data / "settings.json").read_text(encoding="utf-8"))["issuer"]["company"]
        == "株式会社サンプル販売"
    )


def test_a_document_is_not_made_with_an_issuer_that_cannot_be_read(data: Path) -> None:
    """An unreadable settings file must not silently put the default issuer on a customer's quote."""
    from tests.conftest import EXAMPLES, run_cli

    data.mkdir(parents=True)
    (data / "settings.json").write_text("{壊れた", encoding="utf-8")
    out = run_cli(
        "quote",
        str(EXAMPLES / "vpn.iij-order.json"),
        "-o",
        str(data / "q.pdf"),
        env={"IIJ_CONFIGURATOR_DATA": str(data)},
    )
    assert out.returncode == 2
    message = out.stderr.decode()
    assert "設定ファイル" in message and "発行元(自社)の設定" in message and "Traceback" not in message
    assert not (data / "q.pdf").exists()
    assert (
        Issuer.load_unchecked().company == "株式会社インターネットイニシアティブ"
    )  # the dialog can still open
