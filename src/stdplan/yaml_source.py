"""Parsing one YAML data file's text safely, and finding where a value stands in it.

Reading takes the fast road: libyaml's C parser (ruamel.yaml.clib), its events built straight into
plain data. Line and column are needed only to report a problem, so they are looked for only then
(`locate`), in the same parser's events; the node graph that would keep them all is some thirty
times the text. Text with anchors, aliases or tags is built from the node graph, which is guarded
first; a file the fast road refuses is read again by the round-trip parser, whose errors say most
precisely what is wrong.

Everything that can go wrong while reading becomes a `Problem`; nothing here raises for bad input.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from itertools import accumulate
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, CParser
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from stdplan.messages import Message, Text
from stdplan.problems import Finding, LineOf, Location, Problem
from stdplan.source_file import line_and_column

_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Aliases may repeat a value now and then; a document that grows by more than this through them is
# refused before anything is built from it (the "billion laughs" attack).
_ALIAS_GROWTH_ALLOWED = 10_000


class _Refused(Exception):
    def __init__(self, node: Node, code: str, message: Message) -> None:
        super().__init__(message.template)
        self.node, self.code, self.message = node, code, message


class _GuardedConstructor(RoundTripConstructor):
    """Looks at the whole node graph before building anything from it, and says which value could
    not be built."""

    def construct_document(self, node: Any) -> Any:
        _refuse_unsafe_nodes(node)
        return super().construct_document(node)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
        # What the constructors raise for text that is not the value its tag (or its look) says:
        # int("abc"), 30 February, a year 0, more digits than Python converts, a bool table's KeyError,
        # a timestamp's "failed to construct".
        except (ValueError, OverflowError, KeyError, IndexError, ConstructorError) as error:
            if isinstance(error, ConstructorError) and not isinstance(node, ScalarNode):
                raise  # a list or mapping under a scalar's tag: said as YAML syntax
            raise _Refused(node, "wrong-value", _unbuildable(node)) from None
        if isinstance(value, int) and _too_long(value):  # 0x… and 0b… numbers are built at any length
            raise _Refused(node, "wrong-value", _TOO_LONG.fill(count=len(node.value)))
        return value


def _too_long(number: int) -> bool:
    """Whether the number has more digits than Python writes out (str() would raise)."""
    return _digit_limit() > 0 and number.bit_length() * math.log10(2) >= _digit_limit()


def _digit_limit() -> int:
    """How many digits Python converts; 0 (PYTHONINTMAXSTRDIGITS=0) means no limit."""
    return sys.get_int_max_str_digits()


_TOO_LONG = Message("a number {count} characters long is too long to read")
_NOT_A = {
    "int": Message("'{value}' is not a whole number"),
    "float": Message("'{value}' is not a number"),
    "bool": Message("'{value}' is neither true nor false"),
    "timestamp": Message("'{value}' is not a date that exists"),
}
_LONGEST_SHOWN = 40  # characters of a value quoted in a problem


def _unbuildable(node: Node) -> Message:
    kind = node.tag.rsplit(":", 1)[-1]
    text = str(node.value)
    if kind == "int" and 0 < _digit_limit() < len(text):
        return _TOO_LONG.fill(count=len(text))
    shown = text if len(text) <= _LONGEST_SHOWN else text[:_LONGEST_SHOWN] + "…"
    return _NOT_A.get(kind, Message("'{value}' cannot be read as {tag}")).fill(value=shown, tag=f"!!{kind}")


class _GuardedSafeConstructor(SafeConstructor):
    """The same look first, for the fast road's plain data."""

    def construct_document(self, node: Any) -> Any:
        _refuse_unsafe_nodes(node)
        return super().construct_document(node)


def _refuse_unsafe_nodes(root: Node) -> None:
    """Refuses tags other than YAML's core ones (never constructed) and alias bombs.

    Aliases share one node object, so counting each node once gives the document's real size and
    counting through aliases gives the size it would expand to.
    """
    expanded: dict[int, int] = {}
    most_repeated: Node | None = None

    def size(node: Node) -> int:
        nonlocal most_repeated
        if id(node) in expanded:
            if most_repeated is None or expanded[id(node)] > expanded[id(most_repeated)]:
                most_repeated = node
            return expanded[id(node)]
        if node.tag == _MERGE_TAG:
            raise _Refused(node, "merge-key", Message("merge keys (<<) are not supported: write the keys out"))
        if node.tag not in _CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                node,
                "tag",
                Message("the tag {tag} is not allowed: data files hold plain text, numbers and lists", tag=tag),
            )
        expanded[id(node)] = 0  # a node that contains itself counts as nothing more
        total = 1
        if isinstance(node, MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        expanded[id(node)] = total
        return total

    total = size(root)
    if most_repeated is not None and total > 2 * len(expanded) + _ALIAS_GROWTH_ALLOWED:
        raise _Refused(
            most_repeated,
            "alias-bomb",
            Message(
                "aliases (*) would expand this file to {total} values; refused as a possible alias bomb",
                total=f"{total:,}",
            ),
        )


def _new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _GuardedConstructor
    return yaml


def fast_parser_available() -> bool:
    """Whether libyaml's C parser is installed: without it "safe" loading silently runs in Python."""
    return CParser is not None


def _fast_yaml(*, pure: bool = False) -> YAML:
    yaml = YAML(typ="safe", pure=pure or not fast_parser_available())
    yaml.Constructor = _GuardedSafeConstructor
    return yaml


class _NotPlain(Exception):
    """The text holds what only the node graph can build, or judge: left to it."""


_STR_TAG = "tag:yaml.org,2002:str"
# What plain scalars resolve to and are built as here; anything else (a merge key <<, say) is
# left to the guarded node graph.
_PLAIN_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_NO_KEY = object()  # a mapping waiting for its next key


def _load_plain(text: str) -> object:
    """The data of one document without anchors, aliases or tags, built as the parser's events come:
    the same data as the safe constructor builds from the node graph, without ever holding that graph.

    Raises _NotPlain for the rest (and for duplicate keys, keys that are not scalars, more than one
    document), and the parser's errors for text that is not YAML.
    """
    loader, _ = _fast_yaml().get_constructor_parser(text)  # with the C parser, one object parses and builds
    build = loader.yaml_constructors
    open_collections: list[Any] = []
    pending_keys: list[Any] = []  # one per open mapping
    data: object = None
    documents = 0
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            tag = str(loader.resolve(ScalarNode, event.value, event.implicit))
            if tag == _STR_TAG:
                value = event.value
            elif tag in _PLAIN_SCALAR_TAGS:
                value = build[tag](loader, ScalarNode(tag, event.value, event.start_mark, event.end_mark))
            else:
                raise _NotPlain
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            if kind is MappingStartEvent:
                open_collections.append({})
                pending_keys.append(_NO_KEY)
            else:
                open_collections.append([])
            continue
        elif kind is MappingEndEvent:
            pending_keys.pop()
            value = open_collections.pop()
        elif kind is SequenceEndEvent:
            value = open_collections.pop()
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
            continue
        elif kind is AliasEvent:
            raise _NotPlain
        elif kind is StreamEndEvent:
            return data
        else:
            continue  # the stream's start, a document's end
        if not open_collections:
            data = value
        elif type(parent := open_collections[-1]) is list:
            parent.append(value)
        elif (key := pending_keys[-1]) is _NO_KEY:
            if isinstance(value, dict | list):
                raise _NotPlain
            pending_keys[-1] = value
        else:
            if key in parent:
                raise _NotPlain
            parent[key] = value
            pending_keys[-1] = _NO_KEY


def _load_fast(text: str) -> object:
    """The data by the fast road: straight from the events when it can, else from the node graph."""
    if fast_parser_available():
        with suppress(_NotPlain):
            return _load_plain(text)
    return _fast_yaml().load(text)


# libyaml's composer recurses in C: a document nested some ten thousand levels deep crashes the
# process instead of raising. Text that might nest deeper than this takes the careful road, which
# says "nested too deeply". Data files nest four levels.
_FAST_DEPTH_LIMIT = 500
# Block nesting needs either deep indentation or a chain of "- - - …" markers on one line.
# (The chain's first two markers are spelt out: the search then skips ordinary lines fast.)
_DEEP_INDENT = re.compile(rf"^[ \t]{{{_FAST_DEPTH_LIMIT}}}", re.MULTILINE)
_MARKER_CHAIN = re.compile(rf"[-?][ \t]+[-?][ \t]+(?:[-?][ \t]+){{{_FAST_DEPTH_LIMIT // 5 - 2}}}")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _might_nest_deeply(text: str) -> bool:
    """An upper bound on nesting, cheap enough to run on every file (brackets in strings count too)."""
    if _DEEP_INDENT.search(text) or _MARKER_CHAIN.search(text):
        return True
    brackets = _NOT_BRACKET.sub("", text)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0) > _FAST_DEPTH_LIMIT


# The shortest run of digits that can make a number too long to write out (3,573 hexadecimal
# digits); with underscores or in other bases it is longer. Text with one takes the careful road.
_LONG_DIGITS = re.compile(r"[0-9A-Fa-f_]{3000,}")


def _compose(text: str) -> Node:
    """The node graph of text that has been read: with the C parser, or the Python one that read it."""
    try:
        return _fast_yaml().compose(text)
    except YAMLError:
        return _fast_yaml(pure=True).compose(text)


def locate(path: Path, text: str, findings: Sequence[Finding]) -> list[Problem]:
    """Each finding about the text read from `path` as a Problem at its line and column, in order."""
    position = _positions(text, [loc for f in findings for loc in (f.loc, *_lines_named(f.message).values())])
    problems = []
    for finding in findings:
        line, column = position(finding.loc, finding.key)
        message = finding.message
        if named := _lines_named(message):
            message = message.fill(**{name: position(loc, False)[0] for name, loc in named.items()})
        problems.append(Problem(path, line, column, finding.code, message))
    return problems


def _lines_named(message: Message) -> dict[str, Location]:
    """The values of the message that stand for the line of another value (LineOf), by name."""
    return {name: value.loc for name, value in message.values.items() if isinstance(value, LineOf)}


_Position = Callable[[Location, bool], tuple[int, int]]


def _positions(text: str, locs: Sequence[Location]) -> _Position:
    """Where the values at `locs` stand in text that has been read: found in one pass over the
    parser's events, as the node graph (some thirty times the text) would say, without composing it
    unless an alias stands on the way to one of them."""
    try:
        try:
            return _walk(text, locs, pure=False)
        except YAMLError:
            return _walk(text, locs, pure=True)  # text only the Python parser reads, which read it
    except _NotPlain:
        return functools.partial(_position, _compose(text))


def _walk(text: str, locs: Iterable[Location], *, pure: bool) -> _Position:
    wanted = _Wanted.tree(locs)
    _find(wanted, _fast_yaml(pure=pure).get_constructor_parser(text)[1])
    return wanted.position


def _position(root: Node, loc: Location, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value at `loc`, or of the nearest enclosing one that exists.

    With `key`, the position of the last key itself (for unknown or renamed keys).
    """
    node = root
    mark = node.start_mark
    for depth, part in enumerate(loc):
        if node.id == "mapping":
            found = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if found is None:
                break
            key_node, node = found
            mark = key_node.start_mark if key and depth == len(loc) - 1 else node.start_mark
        elif node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


class _Wanted:
    """One step on the paths whose positions are wanted, and where it was found: `_position`'s
    walk over the node graph, taken once for all the paths while the events pass."""

    __slots__ = ("by_index", "by_key", "children", "key_mark", "value_mark")

    def __init__(self) -> None:
        self.children: dict[str | int, _Wanted] = {}
        self.by_key: dict[str, list[_Wanted]] = {}  # the children a mapping's key names, by its text
        self.by_index: dict[int, _Wanted] = {}  # the children a list's item names, by its position
        self.value_mark: Any = None
        self.key_mark: Any = None

    @classmethod
    def tree(cls, locs: Iterable[Location]) -> _Wanted:
        root = cls()
        for loc in locs:
            step = root
            for part in loc:
                if part not in step.children:
                    child = step.children[part] = cls()
                    step.by_key.setdefault(str(part), []).append(child)
                    if isinstance(part, int) and part >= 0:
                        step.by_index[part] = child
                step = step.children[part]
        return root

    def position(self, loc: Location, key: bool = False) -> tuple[int, int]:
        """As `_position` says it."""
        step, mark = self, self.value_mark
        for depth, part in enumerate(loc):
            step = step.children[part]
            if step.value_mark is None:
                break
            at_key = key and depth == len(loc) - 1 and step.key_mark is not None
            mark = step.key_mark if at_key else step.value_mark
        return mark.line + 1, mark.column + 1


class _Open:
    """A collection the walk is inside, and the wanted steps it stands for."""

    __slots__ = ("index", "is_mapping", "named", "steps")

    def __init__(self, is_mapping: bool, steps: list[_Wanted]) -> None:
        self.is_mapping = is_mapping
        self.steps = steps
        self.index = 0  # of the next item, in a list
        self.named: list[_Wanted] | None = None  # in a mapping, between a key and its value: the steps it named


_NODE_EVENTS = frozenset({ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent})


def _find(root: _Wanted, parser: Any) -> None:
    """Marks each wanted step found in the parser's events with where its value (and key) starts.

    Raises _NotPlain at an alias on a wanted path: its value stands where its anchor is.
    """
    open_collections: list[_Open] = []
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            open_collections.pop()
            continue
        if kind is StreamEndEvent:
            return
        if kind not in _NODE_EVENTS:
            continue  # the stream's start, a document's start or end
        is_key = False
        if not open_collections:
            steps = [root]
        elif not (parent := open_collections[-1]).is_mapping:
            steps = [step.by_index[parent.index] for step in parent.steps if parent.index in step.by_index]
            parent.index += 1
        elif parent.named is None:  # a key: nothing is wanted inside it, but its text may name steps
            is_key, steps = True, []
            by_text = event.value if kind is ScalarEvent else None  # a key that is a collection names nothing
            parent.named = [named for step in parent.steps for named in step.by_key.get(by_text, ())]
            for named in parent.named:
                named.key_mark = named.key_mark or event.start_mark
        else:
            steps, parent.named = parent.named, None
        if kind is AliasEvent:
            if steps or (is_key and parent.steps):
                raise _NotPlain
            continue
        for step in steps:
            step.value_mark = step.value_mark or event.start_mark
        if kind is not ScalarEvent:
            open_collections.append(_Open(kind is MappingStartEvent, steps))


# Line breaks to YAML readers (YAML 1.1's, which ruamel.yaml and libyaml keep), not to most editors:
# lines would be counted differently, and a NEL inside a value is read as a space.
_YAML_ONLY_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def parse_text(path: Path, text: str) -> object | Problem:
    """The plain data (dicts, lists, scalars) of YAML text that came from `path`, or the Problem
    that keeps it from being read."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Problem(path, 1, 1, "empty", Message("the file is empty"))
    if found := _YAML_ONLY_LINE_BREAK.search(text):
        line, column = line_and_column(text, found.start())
        return Problem(
            path,
            line,
            column,
            "bad-character",
            Message(
                "the character {character} is a line break to YAML but not to most editors; remove it",
                character=f"U+{ord(found.group()):04X}",
            ),
        )
    if not _might_nest_deeply(text) and not _LONG_DIGITS.search(text):
        with suppress(Exception):  # whatever the fast road refuses, the careful one explains
            return _load_fast(text)
    try:
        tree = _new_yaml().load(text)
    except _Refused as refused:
        mark = refused.node.start_mark
        return Problem(path, mark.line + 1, mark.column + 1, refused.code, refused.message)
    except MarkedYAMLError as error:
        return _syntax_problem(path, error)
    except ReaderError as error:
        line, column = line_and_column(text, error.position)
        return Problem(
            path,
            line,
            column,
            "bad-character",
            Message("the character {character} is not allowed in a YAML file", character=f"U+{error.character:04X}"),
        )
    except YAMLError as error:
        return Problem(
            path, 1, 1, "yaml-syntax", Message("not valid YAML: {detail}", detail=str(error).splitlines()[0])
        )
    except RecursionError:
        return Problem(path, 1, 1, "too-deep", Message("the file is nested too deeply to read"))
    return tree


def _syntax_problem(path: Path, error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "not valid YAML"
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else ""
        return Problem(
            path, line, column, "duplicate-key", Message("the key '{key}' appears twice in the same mapping", key=key)
        )
    if "'\\t'" in problem:
        return Problem(
            path, line, column, "tab", Message("a tab character is used for indentation; indent with spaces")
        )
    # The context ("while parsing a flow sequence") often starts on the line the user broke.
    context = error.context_mark
    started: Text = ""
    if error.context and context:
        started = Message(" ({context} that starts at line {line})", context=error.context, line=context.line + 1)
    return Problem(
        path,
        line,
        column,
        "yaml-syntax",
        Message("YAML syntax error: {problem}{started}", problem=problem, started=started),
    )
