"""Cross-record checks, called on the core directly: each edit must give its problem at its line."""

from __future__ import annotations

import pytest

from conftest import edit, without_batches
from stdplan.i18n import ENGLISH
from stdplan.loading import check_directory


def problems_at(data_dir):
    return {(p.file.name, p.line, p.column, p.code): ENGLISH.say(p.message) for p in check_directory(data_dir).problems}


@pytest.mark.parametrize(
    ("file", "old", "new", "line_offset", "column", "code", "message"),
    [
        (
            "tasks.yaml",
            "    title: 社会治理评价标准",
            "    title: 社会治理评价",
            0,
            12,
            "title-mismatch",
            "title differs from national item 77's, which reads '社会治理评价标准'",
        ),
        (
            "tasks.yaml",
            "    scope: 有关试点示范省市",
            "    scope: 各试点示范省市",
            0,
            12,
            "scope-mismatch",
            "scope differs from national item 100's, which reads '有关试点示范省市'",
        ),
        (
            "national_list.yaml",
            "    cities: [北京, 上海, 重庆, 南京]",
            "    cities: [北京, 上海, 重庆]",
            0,
            13,
            "scope-mismatch",
            "cities should be [北京, 上海, 重庆, 南京]: the pilots the scope '北京、上海、重庆、南京' names",
        ),
        (
            "national_list.yaml",
            "    open_to: relevant",
            "    open_to: willing",
            0,
            14,
            "scope-mismatch",
            "open_to should be relevant for the scope '有关试点示范省市'",
        ),
        (
            "national_list.yaml",
            "  - number: 50\n",
            "  - number: 150\n",
            0,
            13,
            "number-order",
            "number 150 is out of order: 50 should come here, numbered without gaps",
        ),
        (
            "national_list.yaml",
            "    subsection: 七\n",
            "    subsection: 九\n",
            0,
            17,
            "unknown-subsection",
            "section 三 has no sub-section 九",
        ),
        (
            "tasks.yaml",
            "    deadline: 2025-12",
            "    deadline: 2025-06",
            0,
            15,
            "deadline-order",
            "deadline 2025-06 is not after the previous phase's (2025-08)",
        ),
        (
            "tasks.yaml",
            "    minimum: 60",
            "    minimum: 66",
            0,
            14,
            "target-text-mismatch",
            "minimum 66 does not appear in the target's text '力争新增参与制修订行业标准60项以上。'",
        ),
        (
            "tasks.yaml",
            "    builds_on: [8, 9, 10, 11, 12]",
            "    builds_on: [8, 9, 10, 11, 15]",
            0,
            31,
            "unknown-task",
            "builds_on names task 15, which is not another task",
        ),
        (
            "tasks.yaml",
            "    category: 四\n    scope: 重庆",
            "    category: 五\n    scope: 重庆",
            0,
            15,
            "unknown-category",
            "category 五 does not exist",
        ),
        (
            "tasks.yaml",
            '    lead: [市商务局]\n    responsible: []\n    lead_text: 市商务局\n    responsible_text: "-"\n'
            "  - number: 17",
            '    lead: [市商务局]\n    responsible: []\n    lead_text: 市商务局\n    responsible_text: "-"\n'
            "    co_lead: true\n  - number: 17",
            4,
            14,
            "co-lead-alone",
            "co_lead needs at least two lead units",
        ),
        (
            "tasks.yaml",
            "  city: 武汉",
            "  city: Wuhan",
            0,
            9,
            "city-alias",
            "'Wuhan' is another name of the city 武汉; write 武汉",
        ),
        (
            "tasks.yaml",
            "  guidance_unit: 市市场监管局",
            "  guidance_unit: 市市场监督管理局",
            0,
            18,
            "unit-alias",
            "'市市场监督管理局' is another name of the unit 市市场监管局; write 市市场监管局",
        ),
        (
            "tasks.yaml",
            "    responsible: [市经信局]",
            "    responsible: [市统计局]",
            0,
            18,
            "cell-mismatch",
            "responsible [市统计局] does not match responsible_text '市经信局', which names [市经信局]",
        ),
        (
            "tasks.yaml",
            "    open_ended: true\n    co_lead: true  # note 2\n  - number: 13",
            "    co_lead: true  # note 2\n  - number: 13",
            -2,
            16,
            "cell-mismatch",
            "open_ended should be true: the lead_text ends in …等(相关)行业主管部门",
        ),
        (
            "units.yaml",
            "    aliases: [市投促局, 市政务服务局]",
            "    aliases: [市投促局, 市商务局]",
            0,
            21,
            "duplicate-name",
            "'市商务局' already names 市商务局; a name means one thing",
        ),
        (
            "national_list.yaml",
            "    aliases: [深圳市]\n    batch: 4\n",
            "    aliases: [深圳市]\n    batch: 5\n",
            1,
            12,
            "unknown-batch",
            "batch 5 does not exist: the batches are 1, 2, 3, 4",
        ),
        (
            "national_list.yaml",
            "    aliases: [深圳市]\n    batch: 4\n",
            "    aliases: [深圳市]\n",
            -3,
            5,
            "missing-batch",
            "the pilot has no batch: the file records batches 1, 2, 3, 4",
        ),
        (
            "national_list.yaml",
            "    document: 商资函〔2025〕84号\n",
            "    document: 商资函〔2025〕84号\n  - number: 4\n    date: 2025-04-11\n    title: 又一批\n",
            1,
            13,
            "duplicate-number",
            "number 4 is used twice (first at line 40)",
        ),
        (
            "national_list.yaml",
            "    scope: 广州及其他有意愿的试点示范省市\n    cities: [广州]",
            "    scope: 广州及其他有意愿的试点示范省市\n    cities: [广州, 深圳]",
            1,
            18,
            "later-pilot",
            "深圳 became a pilot on 2025-04-11, after this list of 2024-12-31: the list cannot name it",
        ),
    ],
)
def test_cross_check(data_dir, file, old, new, line_offset, column, code, message):
    line = edit(data_dir / file, old, new) + line_offset
    assert problems_at(data_dir) == {(file, line, column, code): message}


def test_shipped_data_has_no_problems(data_dir):
    assert check_directory(data_dir).problems == []


def test_data_from_before_batches_were_recorded_stays_valid(data_dir):
    """Earlier versions of a data repository, written before stdplan recorded the pilots' batches,
    are still data (diff and history compare them): without batches, the 11 pilots of the list."""
    national = data_dir / "national_list.yaml"
    national.write_text(without_batches(national.read_text(encoding="utf-8")), encoding="utf-8")
    checked = check_directory(data_dir)
    assert checked.problems == []
    assert len(checked.dataset.addressed_pilots) == 11


def test_a_scope_naming_a_pilot_made_after_the_list_names_none(data_dir):
    """深圳 in a scope is no pilot of the list: the cities it names are the list's pilots only."""
    line = edit(data_dir / "national_list.yaml", "    scope: 杭州\n", "    scope: 杭州、深圳\n") + 1
    problems = problems_at(data_dir)
    assert problems == {}, problems  # cities [杭州] is what the scope names of the list's pilots
    edit(
        data_dir / "national_list.yaml",
        "    scope: 杭州、深圳\n    cities: [杭州]",
        "    scope: 杭州、深圳\n    cities: [杭州, 深圳]",
    )
    assert problems_at(data_dir) == {
        ("national_list.yaml", line, 18, "later-pilot"): (
            "深圳 became a pilot on 2025-04-11, after this list of 2024-12-31: the list cannot name it"
        )
    }
