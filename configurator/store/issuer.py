"""The issuer block of the quote (発行元): company, address, phone, person in charge, 適格請求書発行事業者
登録番号 and an optional company seal (角印).

The company default ships in resources/issuer.json; each salesperson keeps their own block in the
settings file of the data folder ("issuer"), edited in the app (ファイル → 発行元の設定) and checked
here before it is stored. A seal image is copied into the data folder, so moving or deleting the
original later does not break the next quote.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from configurator.errors import KnownError
from configurator.paths import resource

#: The largest seal image accepted (a seal is a small picture; a photo of 20 MB is a mistake).
MAX_SEAL_BYTES = 5 * 1024 * 1024
SEAL_SUFFIXES = (".png", ".jpg", ".jpeg")
FIELDS = ("company", "address", "phone", "person", "registration_number", "seal_image")
#: each field's name in a message (Japanese, English), as the issuer dialog labels it
FIELD_NAMES = {
    "company": ("会社名", "company name"),
    "address": ("住所", "address"),
    "phone": ("電話番号", "phone number"),
    "person": ("担当者", "contact person"),
    "registration_number": ("登録番号", "registration number"),
    "seal_image": ("角印の画像", "seal image"),
}


def registration_number_ok(number: str) -> bool:
    """適格請求書発行事業者登録番号: 'T' + 13 digits whose first digit is the check digit
    (the 法人番号 scheme: 9 − (Σ Pn×Qn mod 9), Pn the n-th digit from the right of the other 12,
    Qn 1 for odd n and 2 for even n)."""
    if len(number) != 14 or number[0] != "T" or not (number[1:].isascii() and number[1:].isdigit()):
        return False
    digits = number[1:]
    base = digits[1:]
    total = sum(int(d) * (1 if n % 2 == 1 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(digits[0]) == 9 - total % 9


def normalise_registration_number(text: str) -> str:
    """How people write it → T + 13 digits: full-width letters and digits, a lower-case t, spaces and
    hyphens (T1-2345-6789-0123) are accepted."""
    t = unicodedata.normalize("NFKC", text).strip().upper()
    for ch in (" ", "-", "‐", "−", "ー"):
        t = t.replace(ch, "")
    return t


@dataclass(frozen=True)
class Issuer:
    company: str = ""
    address: str = ""
    phone: str = ""
    person: str = ""
    registration_number: str = ""
    seal_image: str = ""

    @classmethod
    def load(cls, override: dict[str, Any] | None = None) -> Issuer:
        """The issuer for a document: the shipped default, the user's settings, `override`; checked."""
        issuer = cls._merged(override, strict=True)
        issuer.check()
        return issuer

    @classmethod
    def load_unchecked(cls) -> Issuer:
        """What is stored, as well as it can be read, for the settings dialog to show and mend."""
        return cls._merged(None, strict=False)

    @classmethod
    def _merged(cls, override: dict[str, Any] | None, strict: bool) -> Issuer:
        with open(resource("issuer.json"), encoding="utf-8") as fh:
            data = json.load(fh)
        from configurator.store.settings import load_settings

        stored = load_settings(strict=strict).get("issuer")
        data.update(stored if isinstance(stored, dict) else {})
        data.update(override or {})
        return cls(**{k: str(data.get(k) or "") for k in FIELDS})

    def check(self) -> None:
        if self.registration_number and not registration_number_ok(self.registration_number):
            raise KnownError(
                f"適格請求書発行事業者登録番号「{self.registration_number}」が正しくありません。"
                "T と13桁の数字で、先頭の数字がチェックデジットと一致する番号を"
                "「ファイル → 発行元(自社)の設定」で設定してください。",
                "The invoice registration number must be T + 13 digits with a valid check digit.",
            )
        if self.seal_image and not Path(self.seal_image).is_file():
            raise KnownError(
                f"角印の画像 {self.seal_image} が見つかりません。"
                "「ファイル → 発行元(自社)の設定」で選び直すか、使わない設定にしてください。",
                "The company seal image was not found.",
            )


def _check_seal(path: Path) -> None:
    if path.suffix.lower() not in SEAL_SUFFIXES:
        raise KnownError(
            f"角印の画像はPNGかJPEGにしてください({path.name})。",
            f"The seal image must be a PNG or JPEG file ({path.name}).",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KnownError(
            f"角印の画像 {path} を読めません({exc.strerror})。",
            f"Cannot read the seal image {path} ({exc.strerror}).",
        ) from exc
    if size > MAX_SEAL_BYTES:
        raise KnownError(
            f"角印の画像が大きすぎます({size // 1024:,} KB)。5 MB以下の画像にしてください。",
            f"The seal image is too large ({size // 1024:,} KB); use one of at most 5 MB.",
        )
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(str(path)).getSize()
    except Exception as exc:  # whatever the image library raises on a file that is not an image
        raise KnownError(
            f"角印の画像 {path.name} を画像として読めません。PNGかJPEGの画像を選んでください。",
            f"{path.name} cannot be read as an image; choose a PNG or JPEG image.",
        ) from exc
    if width < 16 or height < 16:
        raise KnownError(
            "角印の画像が小さすぎます。16×16ピクセル以上の画像にしてください。",
            "The seal image is too small; use at least 16×16 pixels.",
        )


def save_issuer(values: dict[str, str]) -> Issuer:
    """Check and store the user's issuer block; returns what was stored.

    Nothing is written when anything is wrong: every fault is a KnownError that says what to change.
    """
    from configurator.store.settings import check_data_dir, load_settings, save_settings

    v = {k: str(values.get(k) or "").strip() for k in FIELDS}
    from configurator.text.jpinput import control_character

    for key in FIELDS:  # pasted from another program, unseen in the field: it was kept, the PDF left it out
        code = control_character(v[key])
        if code:
            ja, en = FIELD_NAMES[key]
            raise KnownError(
                f"{ja}に制御文字(U+{code})が含まれています(別のプログラムから貼り付けたときなど)。"
                "この欄を入力し直してください。",
                f"The {en} holds a control character (U+{code}), e.g. pasted from another program. "
                "Enter the field again.",
            )
    if not v["company"]:
        raise KnownError("発行元の会社名を入力してください。", "Enter the issuing company's name.")
    v["registration_number"] = normalise_registration_number(v["registration_number"])
    if v["registration_number"] and not registration_number_ok(v["registration_number"]):
        raise KnownError(
            f"登録番号「{v['registration_number']}」が正しくありません。T と13桁の数字で入力してください"
            "(先頭の数字はチェックデジットです。国税庁の公表サイトで確認できます)。",
            "The registration number must be T + 13 digits with a valid check digit.",
        )
    from configurator.text.jpinput import phone_problem

    problem = phone_problem(v["phone"])
    if problem:
        raise KnownError(problem, problem)
    seal = v["seal_image"]
    if seal:
        src = Path(seal)
        _check_seal(src)
        folder = check_data_dir()
        dest = folder / ("seal" + src.suffix.lower())
        if src.resolve() != dest.resolve():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            try:
                shutil.copyfile(src, tmp)
                tmp.replace(dest)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise KnownError(
                    f"角印の画像をデータフォルダにコピーできません({exc.strerror})。",
                    f"Cannot copy the seal image into the data folder ({exc.strerror}).",
                ) from exc
        v["seal_image"] = str(dest)
    issuer = Issuer(**v)
    settings = load_settings()
    settings["issuer"] = asdict(issuer)
    save_settings(settings)
    return issuer
