"""The interface's languages: hepkit writes its own words (headings, buttons, dose words) in English
and reads every other language from a gettext catalog, hepkit/locale/LANG.po.

Catalogs are read as .po text (Babel compiles them in memory), so a translator edits one plain
file and there is no compiled .mo to keep in step.
"""
from __future__ import annotations

import functools
import io
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"  # the language hepkit's own words are written in


@functools.lru_cache(maxsize=256)  # Babel takes ~15 µs to parse one; every patient's sheet asks
def known_locale(code: str) -> Locale | None:
    """The CLDR locale of a language code such as `es`, `es_MX` or `es-MX`, or None."""
    try:
        return Locale.parse(str(code).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def catalog_languages() -> list[str]:
    """The languages hepkit's interface can be written in: English and each catalog's."""
    return [SOURCE_LANGUAGE, *sorted(p.stem for p in LOCALE_DIR.glob("*.po"))]


def interface_language(code: str) -> str | None:
    """The catalog that speaks `code` (es_MX is spoken by es), or None when there is none."""
    locale = known_locale(code)
    if locale is None:
        return None
    for name in (str(locale), locale.language):
        if name in catalog_languages():
            return name
    return None


@functools.lru_cache(maxsize=16)
def translations(code: str) -> NullTranslations:
    """gettext and ngettext for a language; English (and a language with no catalog) as written."""
    name = interface_language(code)
    if name is None or name == SOURCE_LANGUAGE:
        return NullTranslations()
    with open(LOCALE_DIR / f"{name}.po", "rb") as po:
        catalog = read_po(po, locale=name)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, so they fall back to English
    compiled.seek(0)
    return Translations(compiled)


def html_lang(code: str) -> str:
    """A language code as <html lang> wants it: es_MX → es-MX."""
    return str(code).replace("_", "-")


def language_name(code: str) -> str:
    """'es' → 'Spanish', as the physio reads it in a message."""
    locale = known_locale(code)
    return locale.english_name if locale else code


def own_name(code: str) -> str:
    """A language in its own words, as a link to a page in it reads: es → Español."""
    locale = known_locale(code)
    name = locale.get_display_name(locale) if locale else code
    return name[:1].upper() + name[1:]


def catalog_coverage(code: str) -> tuple[int, int]:
    """(interface words translated, all of them) for a catalog: every message of hepkit.pot that
    LANG.po gives a non-fuzzy translation."""
    with open(LOCALE_DIR / "hepkit.pot", "rb") as pot:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    name = interface_language(code)
    if name == SOURCE_LANGUAGE:
        return len(wanted), len(wanted)
    if name is None:
        return 0, len(wanted)
    with open(LOCALE_DIR / f"{name}.po", "rb") as po:
        done = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po, locale=name)
                if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}
    return len(wanted & done), len(wanted)
