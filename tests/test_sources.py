"""The shipped data says what the two published documents say, character for character."""

from __future__ import annotations

import pytest

import source_text
from stdplan.checks import split_unit_cell
from stdplan.loading import load_dataset
from stdplan.settings import shipped_data_dir


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(shipped_data_dir())


def test_items_match_the_notice(dataset):
    published = source_text.national_items()
    assert len(published) == 104
    assert [(i.number, i.title, i.scope, i.section, i.subsection) for i in dataset.national.items] == [
        (i.number, i.title, i.scope, i.section, i.subsection) for i in published
    ]


def test_sections_and_subsections_match_the_notice(dataset):
    assert {
        s.number: (s.title, {sub.number: sub.title for sub in s.subsections}) for s in dataset.national.sections
    } == source_text.national_sections()


def test_document_facts_appear_in_the_notice(dataset):
    text = "".join(source_text.national_lines())
    document = dataset.national.document
    # The printed title is broken over lines; joined, it must contain ours verbatim.
    assert document.title in text
    for words in (document.number, document.opinions_title, document.list_title, *document.issuers):
        assert words in text
    assert "2024年12月31日" in text
    assert document.date.isoformat() == "2024-12-31"


def test_the_pilots_the_list_addresses_are_in_the_provinces_it_is_sent_to(dataset):
    """The notice goes to the governments of the 11 provinces hosting the pilots there were on its date;
    the nine made pilots later (batch 4, 2025-04-11) are in none of its words."""
    addressees = next(line for line in source_text.national_lines() if "人民政府，" in line)
    provinces = addressees.split("人民政府，")[0].split("、")
    addressed = [pilot for pilot in dataset.national.pilots if pilot.name in dataset.addressed_pilots]
    assert [pilot.province for pilot in addressed] == provinces
    later = [pilot.name for pilot in dataset.national.pilots if pilot.name not in dataset.addressed_pilots]
    assert later == ["大连", "宁波", "厦门", "青岛", "深圳", "合肥", "福州", "西安", "苏州"]
    text = "".join(source_text.national_lines())
    assert not [name for name in later if name in text]


def test_tasks_match_the_plans_table(dataset):
    published = source_text.wuhan_tasks()
    assert len(published) == 17
    assert [(t.number, t.title, t.scope, t.lead_text, t.responsible_text, t.category) for t in dataset.plan.tasks] == [
        (t.number, t.title, t.scope, t.lead_text, t.responsible_text, t.category) for t in published
    ]


def test_categories_and_notes_match_the_plan(dataset):
    assert {c.number: c.title for c in dataset.plan.categories} == source_text.wuhan_categories()
    assert dataset.plan.plan.notes == source_text.wuhan_notes()


def test_plan_words_appear_in_the_plan(dataset):
    text = source_text.wuhan_text()
    plan = dataset.plan
    assert plan.plan.title in text.replace("\n", "")
    assert f"（{plan.plan.status}）" in text
    assert plan.plan.task_list_title in text.replace("\n", "")
    for phase in plan.phases:
        assert phase.name in text
        assert f"完成时限：{phase.deadline_text}" in text
        assert phase.content in text
    for target in plan.targets:
        assert target.text in text


def test_every_unit_is_named_in_the_plan(dataset):
    text = source_text.wuhan_text()
    for unit in dataset.units.units:
        assert unit.name in text


def test_every_unit_the_table_names_is_listed(dataset):
    in_table = {
        name
        for t in source_text.wuhan_tasks()
        for cell in (t.lead_text, t.responsible_text)
        for name in split_unit_cell(cell)[0]
    }
    assert {name for name in in_table if dataset.unit_names.resolve(name) is None} == set()


def test_tasks_are_the_national_items_that_apply_to_wuhan(dataset):
    assert [t.national_item for t in dataset.plan.tasks] == [*range(1, 8), *range(73, 78), 97, 98, 100, 103, 104]


def test_the_c_parser_is_installed_and_reads_the_data():
    """ruamel.yaml 0.19 no longer installs its C extension itself; without it reading is 3.5x slower."""
    from ruamel.yaml import YAML

    from stdplan import yaml_source

    assert yaml_source.fast_parser_available()
    assert YAML(typ="safe").Parser.__module__.startswith("ruamel.yaml.clib")
    assert yaml_source._fast_yaml().Parser.__module__.startswith("ruamel.yaml.clib")
