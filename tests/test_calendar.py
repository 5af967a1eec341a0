"""stdplan calendar: the plan's deadlines as an iCalendar file, read back with another library (vobject),
the same bytes from the same data, UIDs that say what an event is, one unit's calendar, planned dates."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import vobject

from conftest import drop_last_task, edit, usage_error
from stdplan.deadlines import deadlines
from stdplan.loading import load_records
from stdplan.settings import shipped_data_dir

DEADLINE = datetime.date(2025, 8, 31)  # every task is due by phase 二, 2025年8月
PHASE_DAYS = {"一": datetime.date(2025, 4, 30), "二": DEADLINE, "三": datetime.date(2025, 12, 31)}
POLICE_TASKS = {9, 10, 11, 12, 15}  # 市公安局 leads or is responsible for these


def written(cli, tmp_path: Path, *args: str, name: str = "时间节点.ics") -> bytes:
    target = tmp_path / name
    result = cli("calendar", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {target}\n"
    return target.read_bytes()


def events(content: bytes) -> list:
    """The file's events as an independent reader sees them."""
    calendar = vobject.readOne(content.decode("utf-8"))
    return list(calendar.contents.get("vevent", []))


def by_summary(content: bytes) -> dict[str, object]:
    return {event.summary.value: event for event in events(content)}


# --- the core -------------------------------------------------------------------------------------


def test_the_dates_are_the_phases_and_every_tasks_deadline():
    found = deadlines(load_records(shipped_data_dir()))
    assert [d.kind for d in found].count("phase") == 3
    assert {d.number: d.day for d in found if d.kind == "phase"} == PHASE_DAYS
    tasks = [d for d in found if d.kind == "task"]
    assert [d.number for d in tasks] == list(range(1, 18))
    assert {d.day for d in tasks} == {DEADLINE}
    assert [d.day for d in found] == sorted(d.day for d in found)
    assert len({d.key for d in found}) == len(found)


def test_a_unit_keeps_the_phases_and_its_own_tasks():
    found = deadlines(load_records(shipped_data_dir()), "武汉市公安局")
    assert {d.number for d in found if d.kind == "task"} == POLICE_TASKS
    assert [d.kind for d in found].count("phase") == 3


# --- the file, read by another library --------------------------------------------------------------


def test_every_deadline_is_an_all_day_event_in_chinese(cli, tmp_path):
    """In Chinese whatever the terminal speaks (the tests run in English), the data's words as written."""
    content = written(cli, tmp_path)
    found = events(content)
    assert len(found) == 3 + 17
    summaries = by_summary(content)
    assert set(summaries) >= {"阶段一 统筹部署阶段 完成时限", "任务9 户政、车驾管等相关领域服务标准 完成时限"}
    task_11 = summaries["任务11 产业园区、校园、医院等重点场所安全防范标准 完成时限"]
    assert task_11.description.value == (
        "牵头单位：市经信局、市教育局、市卫健委\n责任单位：市公安局\n完成时限：2025年8月（阶段二 重点推进阶段）"
    )
    phase_3 = summaries["阶段三 深化完善阶段 完成时限"]
    assert phase_3.description.value == (
        "总结商贸、文旅等领域标准化经验，形成可复制的案例成果并向全国推广。\n完成时限：2025年12月"
    )
    for event in found:
        start, end = event.dtstart.value, event.dtend.value
        assert type(start) is datetime.date, event.summary.value  # a date, not a time: all day
        assert end == start + datetime.timedelta(days=1)
    assert {e.dtstart.value for e in found if e.summary.value.startswith("任务")} == {DEADLINE}
    assert content.count(b"DTSTART;VALUE=DATE:") == 20
    calendar = vobject.readOne(content.decode("utf-8"))
    assert calendar.contents["x-wr-calname"][0].value == "武汉市推进服务业扩大开放标准化建设实施方案时间节点"
    assert calendar.method.value == "PUBLISH"
    assert calendar.version.value == "2.0"


def test_each_event_reminds_a_week_before(cli, tmp_path):
    for event in events(written(cli, tmp_path)):
        alarm = event.valarm
        assert alarm.trigger.value == datetime.timedelta(days=-7)
        assert alarm.action.value == "DISPLAY"
        assert alarm.description.value == "还有一周：" + event.summary.value


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters(cli, tmp_path):
    content = written(cli, tmp_path)
    assert content.endswith(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    lines = content.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) > 70 for line in lines)  # long Chinese lines were folded, near the limit
    for line in lines:
        line.decode("utf-8")  # a fold inside a character would leave half of it on each line


def test_two_runs_give_the_same_bytes(cli, tmp_path):
    first = written(cli, tmp_path, name="a.ics")
    assert written(cli, tmp_path, name="b.ics") == first
    stamps = {event.dtstamp.value for event in events(first)}
    assert stamps == {datetime.datetime(2024, 12, 31, tzinfo=datetime.UTC)}  # the notice's date: nothing newer


def test_a_uid_says_which_event_it_is_not_where_it_stands(cli, tmp_path, data_dir):
    """Same event, same UID: not a counter that shifts when a task goes (or comes)."""
    uids = {e.summary.value: e.uid.value for e in events(written(cli, tmp_path, name="a.ics"))}
    assert len(set(uids.values())) == len(uids)
    assert uids["任务9 户政、车驾管等相关领域服务标准 完成时限"].startswith("task-9-")
    drop_last_task(data_dir)
    fewer = {e.summary.value: e.uid.value for e in events(written(cli, tmp_path, "--data", str(data_dir)))}
    assert len(fewer) == len(uids) - 1
    assert fewer.items() <= uids.items()


def test_without_output_the_calendar_goes_to_stdout_byte_for_byte(cli, tmp_path):
    """As a process (CliRunner's text output turns CRLF into LF): `stdplan calendar > 时间节点.ics`."""
    env = {key: value for key, value in os.environ.items() if key != "STDPLAN_DATA"}
    result = subprocess.run(
        [sys.executable, "-m", "stdplan", "calendar"], capture_output=True, cwd=tmp_path, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout == written(cli, tmp_path)


# --- one unit ---------------------------------------------------------------------------------------


def test_unit_narrows_to_its_tasks_and_keeps_the_phases(cli, tmp_path):
    content = written(cli, tmp_path, "--unit", "公安局")
    summaries = by_summary(content)
    tasks = {int(s.removeprefix("任务").split()[0]) for s in summaries if s.startswith("任务")}
    assert tasks == POLICE_TASKS
    assert sum(s.startswith("阶段") for s in summaries) == 3
    whole = {e.uid.value for e in events(written(cli, tmp_path, name="all.ics"))}
    assert {e.uid.value for e in events(content)} < whole  # the same events as in the whole calendar
    name = vobject.readOne(content.decode("utf-8")).contents["x-wr-calname"][0].value
    assert name == "武汉市推进服务业扩大开放标准化建设实施方案时间节点（市公安局）"


def test_an_unknown_unit_is_a_usage_error(cli, tmp_path, chinese):
    result = cli("calendar", "--unit", "市公安句", "-o", str(tmp_path / "x.ics"))
    assert result.exit_code == 2
    assert "未知单位“市公安句”，是否要找 市公安局？" in usage_error(result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.ics").exists()


# --- planned dates of standards ---------------------------------------------------------------------


def test_planned_stages_not_yet_reached_are_events(cli, tmp_path, data_dir):
    data = ("--data", str(data_dir))
    add = cli(
        "standard", "add", "9", "--level", "地方标准", "--title", "户政服务规范", "--date", "2025-03-01",
        "--planned", "报批=2025-10-31", "--planned", "起草=2025-05-15", *data,
    )  # fmt: skip
    assert add.exit_code == 0, add.stderr
    planned = by_summary(written(cli, tmp_path, *data, name="a.ics"))
    drafting, approval = planned["标准 起草：户政服务规范（任务9）"], planned["标准 报批：户政服务规范（任务9）"]
    assert drafting.dtstart.value == datetime.date(2025, 5, 15)
    assert approval.dtstart.value == datetime.date(2025, 10, 31)
    assert approval.description.value == "标准类别：地方标准\n牵头单位：市公安局\n责任单位：-"
    assert len(planned) == 20 + 2
    # Once 起草 is reached, its plan is history: no event; the 报批 event keeps its UID, its stamp moves on.
    assert cli("standard", "advance", "9", "1", "--date", "2025-05-20", *data).exit_code == 0
    after = by_summary(written(cli, tmp_path, *data, name="b.ics"))
    assert "标准 起草：户政服务规范（任务9）" not in after
    still = after["标准 报批：户政服务规范（任务9）"]
    assert still.uid.value == approval.uid.value
    assert still.dtstamp.value == datetime.datetime(2025, 5, 20, tzinfo=datetime.UTC)
    # A standard planned for an earlier task comes before it in the file: task 9's keeps its UID.
    add = cli(
        "standard", "add", "3", "--level", "地方标准", "--title", "报废机动车破碎技术规范", "--date", "2025-03-01",
        "--planned", "报批=2025-09-30", *data,
    )  # fmt: skip
    assert add.exit_code == 0, add.stderr
    more = by_summary(written(cli, tmp_path, *data, name="c.ics"))
    assert more["标准 报批：户政服务规范（任务9）"].uid.value == approval.uid.value
    # Another unit's calendar has no event of task 9's standard.
    theirs = by_summary(written(cli, tmp_path, "--unit", "市商务局", *data))
    assert [s for s in theirs if s.startswith("标准")] == ["标准 报批：报废机动车破碎技术规范（任务3）"]


# --- the file written, and what is refused ----------------------------------------------------------


def test_an_existing_file_is_kept_unless_forced(cli, tmp_path):
    target = tmp_path / "时间节点.ics"
    target.write_text("mine", encoding="utf-8")
    refused = cli("calendar", "-o", str(target))
    assert refused.exit_code == 2
    assert "exists: give --force to replace it" in usage_error(refused.stderr)
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("calendar", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("name", ["时间节点.txt", "时间节点"])
def test_the_output_is_an_ics_file(cli, tmp_path, name):
    result = cli("calendar", "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert "calendar writes an iCalendar file: give --output FILE.ics" in usage_error(result.stderr)


def test_invalid_data_gives_no_calendar(cli, tmp_path, data_dir):
    edit(data_dir / "tasks.yaml", "deadline: 2025-04", "deadline: 2025-13")
    result = cli("calendar", "--data", str(data_dir), "-o", str(tmp_path / "x.ics"))
    assert result.exit_code == 1
    assert "tasks.yaml" in result.stderr
    assert not (tmp_path / "x.ics").exists()
