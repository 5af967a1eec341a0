"""Recording progress: edits that change only what they must, refusals that change nothing, and what
the recorded progress says (status, overdue, targets)."""

from __future__ import annotations

import datetime
import difflib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AFTER_AN_EDIT, edit, names_in, usage_error
from stdplan import atomic, editing
from stdplan.editing import add_progress
from stdplan.loading import check_directory, load_dataset
from stdplan.problems import UsageError
from test_installed import STDPLAN

NEXT_TASK = "  - number: 10\n"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


@pytest.fixture
def commented(data_dir):
    """The data, with a comment and a blank line between tasks 9 and 10 and a quoted value in task 9."""
    edit(data_dir / "tasks.yaml", NEXT_TASK, "\n  # 第二组：安全防范\n" + NEXT_TASK)
    edit(data_dir / "tasks.yaml", "    lead_text: 市公安局\n", "    lead_text: '市公安局'  # as printed\n")
    return data_dir


def test_an_edit_adds_its_lines_and_changes_nothing_else(cli, commented):
    tasks = commented / "tasks.yaml"
    before = tasks.read_text(encoding="utf-8")
    result = cli(
        "progress", "add", "9", "--date", "2025-09-01", "--note", "完成草案: 第1稿", "--by", "武汉市公安局",
        "--status", "推进中", "--data", str(commented),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "task 9: progress of 2025-09-01 added (1 in all, status in_progress)\n"
    after = tasks.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == []
    assert added == [
        "    status: in_progress",
        "    progress:",
        "      - date: 2025-09-01",
        "        note: '完成草案: 第1稿'",
        "        by: 市公安局",
    ]
    # The new lines sit at the end of task 9, above the blank line and comment that open task 10.
    assert "        by: 市公安局\n\n  # 第二组：安全防范\n  - number: 10\n" in after


def test_standards_are_added_and_moved_on_in_place(cli, commented):
    tasks = commented / "tasks.yaml"
    before = tasks.read_text(encoding="utf-8")
    data = ("--data", str(commented))
    add = cli("standard", "add", "9", "--level", "local", "--title", "户政服务规范", "--date", "2025-03-01", *data)
    assert add.stdout == "task 9: standard 1 added at 立项\n"
    advance = cli("standard", "advance", "9", "1", "--date", "2025-06-01", *data)
    assert advance.stdout == "task 9: standard 1 now at 起草\n"
    removed, added = changed_lines(before, tasks.read_text(encoding="utf-8"))
    assert removed == []
    assert added == [
        "    standards:",
        "      - level: local",
        "        title: 户政服务规范",
        "        stages:",
        "          立项: 2025-03-01",
        "          起草: 2025-06-01",
    ]


def test_a_standard_is_added_with_the_days_its_later_stages_are_planned_for(cli, commented):
    tasks = commented / "tasks.yaml"
    before = tasks.read_text(encoding="utf-8")
    add = cli(
        "standard", "add", "9", "--level", "local", "--title", "户政服务规范", "--date", "2025-03-01",
        "--planned", "报批=2025-10-31", "--planned", "起草=2025-05-15", "--data", str(commented),
    )  # fmt: skip
    assert add.stdout == "task 9: standard 1 added at 立项\n"
    removed, added = changed_lines(before, tasks.read_text(encoding="utf-8"))
    assert removed == []
    assert added == [
        "    standards:",
        "      - level: local",
        "        title: 户政服务规范",
        "        stages:",
        "          立项: 2025-03-01",
        "        planned:",  # in the stages' order, whatever the order typed
        "          起草: 2025-05-15",
        "          报批: 2025-10-31",
    ]


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("progress", "add", "18", "--date", "2025-09-01", "--note", "x"), 2, "no task 18: the plan has tasks 1–17"),
        (("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--by", "市公安句"), 2,
         "unknown unit '市公安句' — did you mean 市公安局?"),
        (("progress", "add", "9", "--date", "2025-13-01", "--note", "x"), 2,
         "'2025-13-01' is not a date written like 2025-09-01"),
        (("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--status", "finished"), 2,
         "'finished' is not one of: not_started, in_progress, done, paused"),
        (("standard", "advance", "9", "1"), 2, "task 9 has no standards yet: add one first"),
        (("standard", "add", "9", "--level", "city", "--title", "x"), 2, "'city' is not one of"),
        (("standard", "add", "9", "--level", "local", "--title", "x", "--stage", "审查",
          "--planned", "起草=2025-09-30"), 2, "the planned stage 起草 is not after 审查"),
        (("standard", "add", "9", "--level", "local", "--title", "x", "--planned", "报批=2025-09-30",
          "--planned", "approval=2025-10-30"), 2, "'approval' is not one of: 立项"),
        (("standard", "add", "9", "--level", "local", "--title", "x", "--planned", "报批 2025-09-30"), 2,
         "'报批 2025-09-30' is not a stage and a date written like 报批=2025-10-31"),
        (("standard", "add", "9", "--level", "local", "--title", "x", "--planned", "报批=2025-09-30",
          "--planned", "报批=2025-10-30"), 2, "the planned stage 报批 is given twice"),
    ],
)  # fmt: skip
def test_a_wrong_request_is_refused_and_the_file_is_unchanged(cli, commented, args, exit_code, message):
    before = (commented / "tasks.yaml").read_bytes()
    result = cli(*args, "--data", str(commented))
    assert result.exit_code == exit_code
    assert message in usage_error(result.stderr)
    assert (commented / "tasks.yaml").read_bytes() == before


def test_a_wrong_value_is_told_as_its_option(cli, commented):
    before = (commented / "tasks.yaml").read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "", "--data", str(commented))
    assert result.exit_code == 2
    assert "--note: must not be empty" in usage_error(result.stderr)
    assert (commented / "tasks.yaml").read_bytes() == before


def test_an_edit_that_would_make_the_data_invalid_is_refused_with_its_problem(cli, commented):
    data = ("--data", str(commented))
    assert cli("standard", "add", "9", "--level", "local", "--title", "x", "--date", "2025-03-01", *data).exit_code == 0
    before = (commented / "tasks.yaml").read_bytes()
    result = cli("standard", "advance", "9", "1", "--date", "2025-01-01", *data)  # before its 立项
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "the edit would leave the data invalid:"
    assert "起草 on 2025-01-01 comes before 立项 on 2025-03-01" in lines[1]
    assert lines[-1] == "refused: the file is unchanged"
    assert (commented / "tasks.yaml").read_bytes() == before


def test_the_shipped_data_is_not_edited(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x")
    assert result.exit_code == 2
    assert "the data shipped with stdplan is not edited" in usage_error(result.stderr)


def test_a_crash_between_writing_and_renaming_leaves_the_old_file(commented, monkeypatch):
    tasks = commented / "tasks.yaml"
    before = tasks.read_bytes()

    def crash(*_):
        raise KeyboardInterrupt  # the process dies where the new file would replace the old

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        add_progress(commented, 9, date=datetime.date(2025, 9, 1), note="x")
    assert tasks.read_bytes() == before
    assert check_directory(commented).dataset is not None
    assert names_in(commented) == AFTER_AN_EDIT


@pytest.mark.skipif(STDPLAN is None, reason="the stdplan command is not installed")
def test_sixteen_people_adding_at_once_all_keep_their_entry(commented):
    processes = [
        subprocess.Popen(
            [STDPLAN, "progress", "add", "9", "--date", "2025-09-01", "--note", f"第{n}条", "--data", str(commented)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(16)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    task = load_dataset(commented).plan.tasks[8]
    assert sorted(entry.note for entry in task.progress) == sorted(f"第{n}条" for n in range(16))
    assert names_in(commented) == AFTER_AN_EDIT


# --- what the recorded progress says ----------------------------------------------------------------


@pytest.fixture
def progressed(cli, data_dir):
    """Task 9 done, task 10 under way; four standards at known stages and dates."""
    data = ("--data", str(data_dir))
    for args in (
        ("progress", "add", "9", "--date", "2025-08-20", "--note", "标准已发布", "--status", "done"),
        ("progress", "add", "10", "--date", "2025-08-25", "--note", "征求意见中", "--status", "in_progress"),
        ("standard", "add", "9", "--level", "local", "--title", "户政服务规范", "--date", "2025-03-01"),
        ("standard", "advance", "9", "1", "--date", "2025-05-01"),
        ("standard", "add", "10", "--level", "local", "--title", "网络安全备案指南", "--stage", "审查",
         "--date", "2025-07-01"),
        ("standard", "advance", "10", "1", "--date", "2025-08-01"),
        ("standard", "advance", "10", "1", "--date", "2025-10-01"),  # 发布 only after the day asked about
        ("standard", "add", "1", "--level", "national", "--title", "智慧旅游服务规范", "--date", "2025-06-01"),
        ("standard", "add", "13", "--level", "group", "--title", "养老服务评价", "--date", "2025-12-01"),
    ):  # fmt: skip
        result = cli(*args, *data)
        assert result.exit_code == 0, result.stderr
    return data_dir


def test_overdue_lists_the_tasks_not_done_after_the_deadline(cli, progressed, chinese):
    late = json.loads(cli("overdue", "--as-of", "2025-09-01", "-f", "json", "--data", str(progressed)).stdout)
    assert [task["number"] for task in late] == [n for n in range(1, 18) if n != 9]
    ten = late[8]
    assert (ten["status"], ten["deadline"], ten["days_late"]) == ("in_progress", "2025-08-31", 1)
    assert ten["latest_progress"] == {"date": "2025-08-25", "note": "征求意见中", "by": None}
    assert json.loads(cli("overdue", "--as-of", "2025-08-31", "-f", "json", "--data", str(progressed)).stdout) == []
    table = cli("overdue", "--as-of", "2025-09-01", "--data", str(progressed)).stdout
    assert "推进中" in table
    assert "未填报" in table  # no status recorded: one wording everywhere
    assert "not_started" not in table


def test_targets_count_standards_by_the_stage_reached_on_the_day(cli, progressed, chinese):
    rows = json.loads(cli("targets", "--as-of", "2025-09-01", "-f", "json", "--data", str(progressed)).stdout)
    by_level = {row["level"]: row for row in rows}
    assert by_level["local"]["counted"] == 2
    assert (by_level["local"]["起草"], by_level["local"]["报批"], by_level["local"]["发布"]) == (1, 1, 0)
    assert (by_level["local"]["gap"], by_level["local"]["progress"]) == (8, 0.2)
    assert (by_level["national"]["counted"], by_level["group"]["counted"]) == (1, 0)
    later = json.loads(cli("targets", "--as-of", "2025-12-31", "-f", "json", "--data", str(progressed)).stdout)
    assert {row["level"]: row["发布"] for row in later}["local"] == 1
    table = cli("targets", "--as-of", "2025-09-01", "--data", str(progressed)).stdout
    assert "地方标准" in table
    assert "██░░░░░░░░ 20%" in table


def test_status_filters_and_json(cli, progressed):
    data = ("--data", str(progressed))
    done = json.loads(cli("tasks", "--status", "已完成", "-f", "json", *data).stdout)
    assert [task["number"] for task in done] == [9]
    assert done[0]["status"] == "done"
    assert done[0]["progress"] == [{"date": "2025-08-20", "note": "标准已发布", "by": None}]
    assert json.loads(cli("tasks", "--status", "not_started", "-f", "json", *data).stdout) == []
    not_reported = json.loads(cli("tasks", "--status", "未填报", "-f", "json", *data).stdout)
    assert len(not_reported) == 15
    assert {task["status"] for task in not_reported} == {None}  # JSON says no status was recorded


def test_handouts_show_status_and_the_targets(cli, progressed):
    overview = cli("brief", "overview", "--date", "2025-09-01", "--data", str(progressed)).stdout
    assert "| 9 | 户政、车驾管等相关领域服务标准 | 市公安局 | \\- | 第74项（地方标准） | 已完成 |" in overview
    assert "| 地方标准 | 10项以上 | 2项 | 0项 | 8项 | 力争新发布地方标准10项以上。 |" in overview
    unit = cli("brief", "unit", "市公安局", "--data", str(progressed)).stdout
    assert "| 10 | 网络安全等级保护备案管理、境外非政府组织的境内管理等方面相关管理标准 | 牵头 |" in unit
    assert "推进中 |" in unit
    assert "- 第10项（2025-08-25）：征求意见中" in unit
    wuhan = cli("brief", "city", "武汉", "--data", str(progressed)).stdout
    assert "| 74 | 户政、车驾管等相关领域服务标准 | 各试点示范省市 | 9 | 已完成 |" in wuhan


def test_status_may_be_written_in_chinese(cli, data_dir):
    edit(data_dir / "tasks.yaml", "    lead_text: 市公安局\n", "    lead_text: 市公安局\n    status: 暂缓\n")
    result = cli("tasks", "--national", "74", "-f", "json", "--data", str(data_dir))
    assert json.loads(result.stdout)[0]["status"] == "paused"


def test_stages_out_of_order_are_a_problem_at_their_line(cli, data_dir):
    line = edit(
        data_dir / "tasks.yaml",
        "    lead_text: 市公安局\n",
        "    lead_text: 市公安局\n    standards:\n      - level: local\n        title: x\n"
        "        stages:\n          立项: 2025-05-01\n          起草: 2025-04-01\n",
    )
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert f"tasks.yaml:{line + 6}:15: 起草 on 2025-04-01 comes before 立项 on 2025-05-01" in result.stdout


def test_the_lock_is_beside_the_data_and_git_ignored(commented):
    assert editing.lock_path(commented / "tasks.yaml").parent == commented  # not in anyone's TMPDIR
    add_progress(commented, 9, date=datetime.date(2025, 9, 1), note="x")
    assert names_in(commented) == AFTER_AN_EDIT
    checkout = Path(__file__).parent.parent
    if not (shutil.which("git") and (checkout / ".git").exists()):
        pytest.skip("not in a git checkout: whether git ignores the lock is not seen here")
    for leftover in (".tasks.yaml.stdplan-lock", ".tasks.yaml.k3j_x9ab.stdplan-partial"):
        ignored = subprocess.run(["git", "check-ignore", "-q", f"data/{leftover}"], cwd=checkout, check=False)
        assert ignored.returncode == 0, leftover


def test_an_edit_waits_for_another_and_gives_up_clearly(commented, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(editing, "LOCK_TIMEOUT_SECONDS", 0.2)
    before = (commented / "tasks.yaml").read_bytes()
    with FileLock(editing.lock_path(commented / "tasks.yaml")), pytest.raises(UsageError, match="locked by another"):
        add_progress(commented, 9, date=datetime.date(2025, 9, 1), note="x")
    assert (commented / "tasks.yaml").read_bytes() == before


def reindented(text: str) -> str:
    yaml = editing._round_trip_yaml((2, 2, 0))
    buffer = io.StringIO()
    yaml.dump(yaml.load(text), buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "layout",
    [
        lambda text: "\ufeff" + text,  # a byte-order mark, as Windows editors write
        lambda text: text.replace("\n", "\r\n"),  # CRLF line ends
        reindented,  # lists not indented under their key
    ],
    ids=["bom", "crlf", "indent"],
)
def test_an_edit_keeps_the_files_own_layout(cli, data_dir, layout):
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(layout(tasks.read_text(encoding="utf-8")).encode("utf-8"))
    before = tasks.read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    after = tasks.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\r\n") == (after.count(b"\n") if b"\r\n" in before else 0)
    removed, added = changed_lines(before.decode("utf-8-sig"), after.decode("utf-8-sig"))
    assert removed == []
    assert len(added) == 3


def test_a_layout_that_cannot_be_kept_is_refused(cli, data_dir):
    tasks = data_dir / "tasks.yaml"
    tasks.write_text("---\n" + tasks.read_text(encoding="utf-8") + "...\n", encoding="utf-8")
    before = tasks.read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "laid out in a way an automatic edit cannot keep" in usage_error(result.stderr)
    assert tasks.read_bytes() == before


def test_control_characters_are_refused_in_options_and_in_the_file(cli, data_dir):
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "a\x07b", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "--note: holds the control character U+0007 at position 2, which Word, Excel and XML do not keep" in (
        usage_error(result.stderr)
    )
    line = edit(data_dir / "tasks.yaml", "    lead_text: 市公安局\n", '    lead_text: "市公\\a安局"\n')
    checked = cli("validate", "--data", str(data_dir))
    assert checked.exit_code == 1
    assert f"tasks.yaml:{line}:16: lead_text: holds the control character U+0007 at position 3" in checked.stdout


def test_the_latest_progress_is_the_latest_by_date(cli, data_dir):
    data = ("--data", str(data_dir))
    for day, note in (("2025-08-20", "newer"), ("2025-08-01", "reported late")):
        assert cli("progress", "add", "10", "--date", day, "--note", note, *data).exit_code == 0
    late = json.loads(cli("overdue", "--as-of", "2025-09-01", "-f", "json", *data).stdout)
    assert next(task for task in late if task["number"] == 10)["latest_progress"]["note"] == "newer"
    assert "- 第10项（2025-08-20）：newer" in cli("brief", "unit", "市公安局", *data).stdout
