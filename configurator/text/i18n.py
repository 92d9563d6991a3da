"""The user interface language: gettext catalogues in i18n/ (Babel), Japanese by default.

Source strings (msgids) are Japanese. English comes from i18n/en/LC_MESSAGES/messages.po, compiled
to .mo at install or build (`make i18n`). The language is $IIJ_CONFIGURATOR_LANG, else the
"language" setting ("ja", "en" or "system"), else the system locale; anything but English is Japanese.
Documents (quote, application form) stay Japanese whatever the UI language.

A translation whose {placeholders} differ from its source is never used (the source is shown).
"""

from __future__ import annotations

import gettext
import os
import re
import string
from typing import Any

from configurator.paths import i18n_dir

DOMAIN = "messages"
LANGUAGES = {"ja": "日本語", "en": "English"}
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "ja"


def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "ja"
    return "ja"


def install(language: str | None = None) -> str:
    """Load the catalogue of `language` (Japanese when none) and return the language in use. The
    language the user chose is store.settings.chosen_language()."""
    global _translation, _language
    lang = language or "ja"
    _language = lang if lang in LANGUAGES else "ja"
    _translation = gettext.translation(
        DOMAIN, localedir=str(i18n_dir()), languages=[_language], fallback=True
    )
    return _language


def current() -> str:
    return _language


def fields(text: str) -> set[str]:
    """The {placeholders} of a format string."""
    try:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return set(re.findall(r"\{([^{}]*)\}", text))


def _(msgid: str) -> str:
    """The translation of a Japanese source string (the source itself when none, or when unsafe)."""
    text = _translation.gettext(msgid)
    if text is not msgid and fields(text) != fields(msgid):
        return msgid
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """A count's text: English picks "1 site" or "3 sites" from the catalogue's plural forms; Japanese has
    one form (singular == plural as a rule). Unsafe like `_`: a translation whose {placeholders} differ
    from its source is never used."""
    text = _translation.ngettext(singular, plural, n)
    source = singular if n == 1 else plural
    if text not in (singular, plural) and fields(text) != fields(source):
        return source
    return text


def N_(msgid: str) -> str:
    return msgid


def pick(ja: str, en: str) -> str:
    """For texts the domain already carries in both languages (rule messages, catalogue names)."""
    return en if _language == "en" and en else ja


def issue_message(issue: Any) -> str:
    return pick(issue.message, issue.message_en)


def error_text(exc: Any) -> str:
    """A KnownError's message in the UI language, with the place (file, line, pointer) when it has one."""
    if _language != "en":
        return str(exc)
    where = exc.where() if hasattr(exc, "where") else ""
    text = getattr(exc, "message_en", "") or str(exc)
    return f"{where}: {text}" if where else text


def error_detail(exc: Any) -> str:
    """The technical reason behind a KnownError (SQLite's own words about a damaged file) as a line to show
    under its message, e.g. 「詳細: database disk image is malformed」; "" when it has none."""
    detail = getattr(exc, "detail", "")
    return _("詳細: {detail}").format(detail=detail) if detail else ""


def error_lines(exc: Any) -> str:
    """error_text and, on the next line, error_detail when there is one."""
    detail = error_detail(exc)
    return error_text(exc) + ("\n" + detail if detail else "")


def severity_label(issue: Any) -> str:
    return _(N_("エラー")) if issue.is_error else _(N_("警告"))
