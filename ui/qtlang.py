"""Qt's own dialogs (files, printing, progress) in the app's language.

qtbase_ja.qm (shipped in the PySide6 wheel, PySide6/Qt/translations) was loaded, yet the file dialog read
"Look in:" and "Files of type:": Qt's .ui form asks for "&Look in:" and "Files of &type:", with the
mnemonic, and the Japanese catalogue only has the plain "Look in:" and "Files of type:". MnemonicFallback
answers such strings from the plain translation with the mnemonic in the Japanese way ("アドレス(&L):").

Dates in the file dialog ("2 12 2026") come from QLocale.system(), which is the C locale on a machine
set to C or to English; the default locale is set to the app's language (Japanese: 2026/12/02) and the
file dialog shows its dates through that (ui.common.LocalDates)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LOCALES = {
    "ja": (QLocale.Language.Japanese, QLocale.Country.Japan),
    "en": (QLocale.Language.English, QLocale.Country.UnitedStates),
}

_installed: list[
    QTranslator
] = []  # kept here: a translator must outlive its use, and is replaced on a new call


class MnemonicFallback(QTranslator):
    """Translates "&Look in:" as the catalogue translates "Look in:", with the mnemonic letter added."""

    def __init__(self, base: QTranslator) -> None:
        super().__init__()
        self.base = base

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        """None when there is nothing to add: Qt then uses its source text. (An empty string would be
        taken as the translation: every Qt button without a catalogue entry went blank, all of them in
        English, whose qtbase_en catalogue is nearly empty.)"""
        if "&" not in source or "&&" in source:
            return None
        found = re.search(r"&(\w)", source)
        if found is None:
            return None
        plain = source.replace("&", "", 1)
        text = self.base.translate(context, plain, disambiguation, n)
        if not text:
            return None
        letter = found.group(1).upper()
        if text.endswith(":") or text.endswith(":"):
            return f"{text[:-1]}(&{letter}){text[-1]}"
        return f"{text}(&{letter})"


def install(lang: str) -> bool:
    """Qt's translations of `lang` and its locale (dates, numbers) for the whole app; True when Qt had a
    catalogue for it (English needs none)."""
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(old)
    _installed.clear()
    language, country = LOCALES.get(lang, LOCALES["ja"])
    QLocale.setDefault(QLocale(language, country))
    base = QTranslator()
    if not base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        return False
    fallback = MnemonicFallback(base)
    _installed.extend([base, fallback])
    QCoreApplication.installTranslator(fallback)
    QCoreApplication.installTranslator(base)  # installed last, asked first
    return True
