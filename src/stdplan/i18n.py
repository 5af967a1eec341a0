"""The user's language: chosen once per process, spoken from gettext catalogs.

Catalogs are `locale/<lang>/LC_MESSAGES/stdplan.po`, compiled to `.mo` when the package is built
(hatch_build.py). English is the language of the source, so it needs no catalog. The core hands
over Messages and codes; this is the one place they become words: `say` for messages, `label` for
a code of a vocabulary, `field` for a column heading.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path
from typing import Any

from stdplan import vocabulary as vocabularies
from stdplan.messages import Label, Message
from stdplan.settings import Language, language

DOMAIN = "stdplan"
LOCALE_DIR = Path(__file__).parent / "locale"
_GETTEXT_NAMES: dict[Language, str] = {"zh": "zh_CN", "en": "en"}
# A task whose status nobody has reported: one wording everywhere it is shown.
NOT_REPORTED = Message("not reported")


class Speaker:
    """Says messages, codes and field names in one language."""

    def __init__(self, translations: gettext.NullTranslations) -> None:
        self._translations = translations

    def gettext(self, text: str) -> str:
        return self._translations.gettext(text)

    def say(self, text: object) -> str:
        """A Message in this language; any other value as it is written (data is never translated)."""
        if not isinstance(text, Message):
            return self._value(text)
        template = self._translations.gettext(text.template)
        return template.format(**{name: self._value(value) for name, value in text.values.items()})

    def _value(self, value: Any) -> str:
        if isinstance(value, Message):
            return self.say(value)
        if isinstance(value, Label):
            return self.label(value.vocabulary, value.code)
        if isinstance(value, tuple | list):
            return self.mark(", ").join(self._value(inner) for inner in value)
        return writable(str(value))

    def label(self, vocabulary: str, code: str | None) -> str:
        """How a code is shown: 国家标准 for level national (the code itself in English)."""
        shown_as = vocabularies.shown_as(vocabulary)
        if code is None:
            return self.say(NOT_REPORTED) if shown_as == "status" else ""
        return self._translations.pgettext(shown_as, code)

    def mark(self, punctuation: str) -> str:
        """Punctuation between words: ', ' '; ' ': ' in English are 、；： in Chinese."""
        return self._translations.pgettext("punctuation", punctuation)

    def yes_no(self, value: bool) -> str:
        return self._translations.pgettext("boolean", "yes" if value else "no")

    def field(self, name: str) -> str:
        """A column heading: the documents' word for the field (title is 任务内容), its name in English."""
        return self._translations.pgettext("field", name)


def writable(text: str) -> str:
    """Text a UTF-8 stream can take. A lone surrogate, which a file name's byte that is not UTF-8 (as
    Python keeps it) or a YAML escape such as "\\ud800" leaves in a value, is shown as its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _translations(code: Language) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[_GETTEXT_NAMES[code]])


ENGLISH = Speaker(gettext.NullTranslations())
_current: Speaker | None = None


def use(code: Language) -> Speaker:
    """Speak `code` from now on, Typer's own words (panel titles, Error) included."""
    global _current
    _current = Speaker(_translations(code))
    # Typer asks the stdlib's gettext for its few translatable words, which reads the domain and
    # the LANGUAGE variable: point both at our catalog and our choice.
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _GETTEXT_NAMES[code]
    return _current


def speaker() -> Speaker:
    """The process's speaker, chosen from the environment on first use."""
    return _current or use(language())


@functools.cache
def handout_speaker() -> Speaker:
    """Handouts are Chinese documents, whatever language the terminal speaks."""
    return Speaker(_translations("zh"))


def _(text: str) -> str:
    """A text written in the code (help, headings), said in the user's language."""
    return speaker().gettext(text)


def say(text: object) -> str:
    return speaker().say(text)
