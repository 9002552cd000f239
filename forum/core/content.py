"""Text people write: its original language, its translations, and safe Markdown.

Every user-written field records the language it was written in and may carry translations
added later. A reader sees their language when it exists, otherwise the original with a note
saying which language it is in. Serbian written in Cyrillic is shown in Latin to Latin readers;
Latin is never converted to Cyrillic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import nh3
from markupsafe import Markup
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.i18n import LANGUAGES, current_language, html_lang
from forum.i18n.serbian import to_latin

SERBIAN = {"sr", "sr_Latn"}

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
                "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@dataclass(frozen=True)
class LocalizedText:
    """What a reader is shown of one field: the text, its language, and whether to say so."""

    text: str
    language: str
    other_language: bool

    @property
    def html_lang(self) -> str:
        return html_lang(self.language)


class Multilingual:
    """Mixin: `language` of the original, `translations` = {language: {field: text}}."""

    __multilingual__: tuple[str, ...] = ()

    language: Mapped[str] = mapped_column(String(8), default="en")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    def translation(self, language: str, field: str) -> str | None:
        return ((self.translations or {}).get(language) or {}).get(field) or None

    def set_translation(self, language: str, **fields: str) -> None:
        """Store a translation (a new dict, so the change is seen); empty fields remove it."""
        translations = {lang: dict(values) for lang, values in (self.translations or {}).items()}
        values = translations.setdefault(language, {})
        for field, text in fields.items():
            if field not in self.__multilingual__:
                raise KeyError(field)
            if text and text.strip():
                values[field] = text.strip()
            else:
                values.pop(field, None)
        if not values:
            translations.pop(language)
        self.translations = translations

    def localized(self, field: str, reader: str | None = None) -> LocalizedText:
        reader = reader or current_language()
        original = getattr(self, field) or ""
        if reader == self.language:
            return LocalizedText(original, self.language, False)
        translated = self.translation(reader, field)
        if translated:
            return LocalizedText(translated, reader, False)
        if reader in SERBIAN:
            return self._serbian(field, reader, original)
        return LocalizedText(original, self.language, True)

    def _serbian(self, field: str, reader: str, original: str) -> LocalizedText:
        cyrillic = original if self.language == "sr" else self.translation("sr", field)
        if reader == "sr_Latn" and cyrillic:
            return LocalizedText(to_latin(cyrillic), "sr_Latn", False)
        latin = original if self.language == "sr_Latn" else self.translation("sr_Latn", field)
        if latin:
            return LocalizedText(latin, "sr_Latn", False)
        return LocalizedText(original, self.language, self.language not in SERBIAN)

    def available_languages(self) -> list[str]:
        return [self.language, *sorted(set(self.translations or {}) - {self.language})]


def render_markdown(text: str | None) -> Markup:
    """Markdown rendered to HTML, then sanitised: no scripts, styles, images or event handlers."""
    return Markup(_sanitised_html(text)) if text else Markup("")  # noqa: S704 - sanitised


@lru_cache(maxsize=2048)
def _sanitised_html(text: str) -> str:
    import markdown as markdown_lib  # loaded by the first text with Markdown

    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    safe = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
    return safe


def language_choices() -> list[tuple[str, str]]:
    """(code, name in itself) for every interface language, for 'written in' selects."""
    return [(code, lang.endonym) for code, lang in LANGUAGES.items()]
