"""Words for people, said later: what the core means, in a form any language can render.

The core never chooses a language. It says `Message("unknown unit '{name}'", name=name)`: the
English template is the gettext msgid, the values fill it in. Where output is made, `i18n.say`
translates the template and each value that is itself a Message (`i18n.ENGLISH.say` says it in
English). This module imports nothing of stdplan's: every other one may use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class Message:
    """An English template (the catalog's msgid) with its named values."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: Any) -> None:
        self.template = template
        self.values = values

    def fill(self, **values: Any) -> Message:
        """The same words with (more) values: for templates chosen from a table."""
        return Message(self.template, **{**self.values, **values})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.values) == (other.template, other.values)

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.values!r})"


class Label(NamedTuple):
    """A code said as its vocabulary shows it (level national → 国家标准), inside a message."""

    vocabulary: str
    code: str | None


def either(words: Sequence[object]) -> object:
    """'A', 'A or B', 'A, B or C': one of several, in the words of the language it is said in."""
    if len(words) == 1:
        return words[0]
    return Message("{some} or {last}", some=tuple(words[:-1]), last=words[-1])


Text = str | Message  # what the core hands over for people to read
