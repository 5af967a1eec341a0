"""Reading and locating go by the parser's events: the same data as ruamel.yaml's safe loader builds
from the node graph, and the same positions as that graph gives, without holding it (some thirty
times the text)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from stdplan import yaml_source
from stdplan.dataset import DATA_MODELS
from stdplan.settings import shipped_data_dir
from stdplan.yaml_source import parse_text

SAME_AS_THE_SAFE_LOADER = [
    "a: 1\nb: 0o17\nc: 0x1F\nd: 1_000\ne: -3\nf: +4\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: 1e3\ne: 6.02e+23\n",
    "a: ~\nb: null\nc:\nd: Null\ne: ''\n",
    "a: true\nb: False\nc: yes\nd: on\n",
    "a: 2024-12-31\nb: 2024-12-31T10:00:00Z\nc: 2024-12-31 10:00:00+08:00\nd: '2024-12-31'\ne: 2025-04\n",
    "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n\nc: \"tab\\tand \\u00e9\"\nd: 'it''s'\n",
    "a: {}\nb: []\nc: {x: 1, y: [1, 2, {z: 3}]}\nd: [[], [[]]]\n",
    "1: one\n2.5: two\nnull: three\n2024-01-01: date\n'4': four\n",
    "- 1\n- - 2\n  - 3\n- a: b\n  c: d\n",
    "? complex key\n: value\n",
    "---\n任务: 中文：值\n...\n",
    "just one scalar\n",
    "---\n",
    # What the events cannot build alone is built from the node graph, as before.
    "a: &x [1, 2]\nb: *x\n",
    "a: !!str 1\nb: !!int '2'\n",
    "? [a, b]\n: c\n",
]


@pytest.mark.parametrize("text", SAME_AS_THE_SAFE_LOADER)
def test_the_data_is_the_safe_loaders(text):
    assert parse_text(Path("data.yaml"), text) == YAML(typ="safe").load(text)


@pytest.mark.parametrize("name", DATA_MODELS)
def test_the_shipped_data_is_the_safe_loaders(name):
    text = (shipped_data_dir() / name).read_text(encoding="utf-8")
    assert parse_text(Path(name), text) == YAML(typ="safe").load(text)


def test_a_large_file_is_read_without_its_node_graph():
    records = "".join(
        f"- number: {i}\n  title: 标准{i}的标题\n  date: 2025-01-{i % 28 + 1:02}\n  cities:\n  - 北京\n  - 武汉\n"
        for i in range(1, 5001)
    )
    text = f"items:\n{records}"
    tracemalloc.start()
    try:
        data = parse_text(Path("large.yaml"), text)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data["items"]) == 5000  # type: ignore[index]
    # Built from the node graph, the peak is some six times the data; from the events, little more.
    assert peak < 2 * held


def _paths(value: object, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path in the data, and beside each some that are not there."""
    found = [loc, (*loc, "absent"), (*loc, 99)]
    if isinstance(value, dict):
        found += [path for key, inner in value.items() for path in _paths(inner, (*loc, key))]
    if isinstance(value, list):
        found += [path for index, inner in enumerate(value) for path in _paths(inner, (*loc, index))]
    return found


WITHOUT_ALIASES = [
    *((shipped_data_dir() / name).read_text(encoding="utf-8") for name in DATA_MODELS),
    "a: {x: [1, {y: 2}], '': empty key}\n1: one\n'2': two\n? [k]\n: complex\nb:\n- - deep\n  - [z]\n",
]
# An alias on the way: its value stands where the anchor is (found in the node graph).
WITH_ALIASES = ["base: &b {x: 1, y: [2, 3]}\nother: *b\nlast: 4\n", "? &k key\n: 1\nthen: {*k : 2}\n"]


def _as_the_node_graph_says(text: str, position: yaml_source._Position, locs: list[tuple[str | int, ...]]) -> None:
    root = yaml_source._compose(text)
    for loc in locs:
        for key in (False, True):
            assert position(loc, key) == yaml_source._position(root, loc, key), (loc, key)


@pytest.mark.parametrize("text", WITHOUT_ALIASES + WITH_ALIASES)
def test_positions_are_the_node_graphs(text):
    locs = [*_paths(YAML(typ="safe").load(text)), ("then", "key"), (0,), ("1",), (1,)]
    _as_the_node_graph_says(text, yaml_source._positions(text, locs), locs)


@pytest.mark.parametrize("text", WITHOUT_ALIASES)
def test_text_only_the_python_parser_reads_is_located_in_its_events(text):
    locs = _paths(YAML(typ="safe").load(text))
    _as_the_node_graph_says(text, yaml_source._walk(text, locs, pure=True), locs)
