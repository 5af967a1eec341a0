"""Change over time (issue 15): diff between versions, a task's history, the meeting paper's changes.

Every test runs real git in a temporary repository: three commits on known days by known authors,
and an edit not yet committed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import usage_error, without_batches
from stdplan.changes import compare
from stdplan.loading import load_records
from stdplan.settings import shipped_data_dir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TASK_9_LEAD = "    lead: [市公安局]\n"
TASK_9_LEAD_TEXT = "    lead_text: 市公安局\n    responsible_text"


def git(repository: Path, *arguments: str, when: str | None = None, author: str = "张三") -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "someone@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "someone@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when:
        environment |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", *arguments], cwd=repository, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path, cli: Callable[..., object]) -> Path:
    """A data repository: the shipped data on 2025-05-01; progress on task 9 on 2025-06-01; task 9's
    status and a second lead on 2025-07-01; and, not committed, progress on task 3."""
    top = tmp_path / "repo"
    data = top / "data"
    shutil.copytree(shipped_data_dir(), data)
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "首批数据", when="2025-05-01T09:00:00+08:00")
    assert (
        cli("progress", "add", "9", "--note", "完成户政服务调研", "--date", "2025-05-28", "--data", str(data)).exit_code
        == 0
    )
    git(top, "commit", "-q", "-am", "任务9进展", when="2025-06-01T10:00:00+08:00", author="李四")
    tasks = data / "tasks.yaml"
    replace_in(tasks, TASK_9_LEAD, "    lead: [市公安局, 市教育局]\n    status: 推进中\n")
    replace_in(tasks, TASK_9_LEAD_TEXT, "    lead_text: 市公安局、市教育局\n    responsible_text")
    git(top, "commit", "-q", "-am", "任务9状态与牵头单位", when="2025-07-01T11:00:00+08:00", author="王五")
    assert (
        cli("progress", "add", "3", "--note", "起草标准文本", "--date", "2025-07-10", "--data", str(data)).exit_code
        == 0
    )
    return data


def changes_of(cli: Callable[..., object], *arguments: str) -> list[dict[str, object]]:
    result = cli("diff", *arguments, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def what(changes: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(c["record"], c["number"], c["change"], c["field"]) for c in changes]


def test_diff_between_two_commits_shows_exactly_what_they_changed(repository, cli):
    changes = changes_of(cli, "HEAD~2", "HEAD", "--data", str(repository))
    assert what(changes) == [
        ("task", 9, "changed", "lead"),
        ("task", 9, "changed", "lead_text"),
        ("task", 9, "changed", "status"),
        ("progress", 9, "added", None),
    ]
    lead, _, status, progress = changes
    assert (lead["old"], lead["new"]) == (["市公安局"], ["市公安局", "市教育局"])
    assert (status["old"], status["new"]) == (None, "in_progress")  # codes in JSON, whatever the file said
    assert progress["new"] == {"date": "2025-05-28", "note": "完成户政服务调研", "by": None}
    assert all(c["file"] == "tasks.yaml" and c["name"] == "户政、车驾管等相关领域服务标准" for c in changes[:3])


def test_diff_with_no_versions_shows_the_edit_not_committed(repository, cli):
    changes = changes_of(cli, "--data", str(repository))
    assert what(changes) == [("progress", 3, "added", None)]
    assert changes[0]["new"]["note"] == "起草标准文本"


def test_diff_since_a_day_starts_from_the_last_commit_made_by_its_end(repository, cli):
    # 2025-06-15: the commit of 2025-06-01 is the last by then; the July commit and the edit follow.
    since_june = changes_of(cli, "--since", "2025-06-15", "--data", str(repository))
    assert what(since_june) == [  # in the order of the file: task 3 before task 9
        ("progress", 3, "added", None),
        ("task", 9, "changed", "lead"),
        ("task", 9, "changed", "lead_text"),
        ("task", 9, "changed", "status"),
    ]
    # On the day of a commit, that commit is included in the past: only later changes are shown.
    assert what(changes_of(cli, "--since", "2025-07-01", "--data", str(repository))) == [("progress", 3, "added", None)]
    result = cli("diff", "--since", "2025-04-30", "--data", str(repository))
    assert result.exit_code == 2
    assert usage_error(result.stderr) == (
        "no commit in the data's git repository was made on or before 2025-04-30: the first is of 2025-05-01"
    )


def test_diff_since_reads_the_day_in_the_commits_own_time_zone(repository, cli):
    # 2025-07-01T11:00+08:00 is 03:00 UTC on the same day; a commit at 01:00+08:00 on 2 July is still
    # 1 July in UTC, and 2 July where it was made.
    (repository / "units.yaml").write_bytes((repository / "units.yaml").read_bytes() + b"# note\n")
    git(repository.parent, "commit", "-q", "-am", "注释", when="2025-07-02T01:00:00+08:00")
    on_first = changes_of(cli, "--since", "2025-07-01", "--data", str(repository))
    assert what(on_first) == [("progress", 3, "added", None)]  # a comment is no change to the data


def test_diff_of_two_folders_needs_no_git(tmp_path, cli):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(shipped_data_dir(), old)
    shutil.copytree(shipped_data_dir(), new)
    replace_in(new / "tasks.yaml", TASK_9_LEAD, "    lead: [市公安局]\n    status: 已完成\n")
    no_git = tmp_path / "empty-path"
    no_git.mkdir()
    result = cli("diff", str(old), str(new), "--format", "json", env={"PATH": str(no_git)})
    assert result.exit_code == 0, result.stderr
    assert what(json.loads(result.stdout)) == [("task", 9, "changed", "status")]
    # A revision, though, needs git: said plainly, exit 2.
    result = cli("diff", "HEAD", str(new), "--data", str(new), env={"PATH": str(no_git)})
    assert result.exit_code == 2
    assert "comparing versions needs git, which is not installed" in usage_error(result.stderr)


def test_an_unknown_revision_is_a_usage_error(repository, cli, tmp_path):
    result = cli("diff", "no-such-branch", "--data", str(repository))
    assert result.exit_code == 2
    assert usage_error(result.stderr) == "no commit 'no-such-branch' in the data's git repository"
    assert "Traceback" not in result.stderr
    # A revision that looks like an option is a revision, not an option to git.
    written = tmp_path / "written"
    result = cli("diff", "--data", str(repository), "--", f"--output={written}")
    assert result.exit_code == 2
    assert not written.exists()


def test_a_data_folder_outside_git_is_said_so(tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    for asked in (("diff",), ("history", "9")):
        result = cli(*asked, "--data", str(data))
        assert result.exit_code == 2
        assert f"the data folder {data} is not in a git repository, which keeps" in usage_error(result.stderr)


def test_a_version_with_invalid_data_is_reported_not_compared(repository, cli):
    replace_in(repository / "tasks.yaml", "    lead: [市公安局, 市教育局]\n", "    lead: [市不存在局]\n")
    git(repository.parent, "commit", "-q", "-am", "写错了", when="2025-08-01T09:00:00+08:00")
    commit = git(repository.parent, "rev-parse", "--short=7", "HEAD").strip()
    result = cli("diff", "HEAD", "HEAD~1", "--data", str(repository))
    assert result.exit_code == 1
    assert f"the data in commit {commit} is invalid" in result.stderr
    assert f"{commit}:data/tasks.yaml:" in result.stderr  # git's name for the file, and the line


def test_history_lists_the_commits_that_changed_a_task_newest_first(repository, cli):
    result = cli("history", "9", "--data", str(repository), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    commits = [(row["date"], row["author"], row["subject"]) for row in rows]
    assert list(dict.fromkeys(commits)) == [
        ("2025-07-01", "王五", "任务9状态与牵头单位"),
        ("2025-06-01", "李四", "任务9进展"),
        ("2025-05-01", "张三", "首批数据"),
    ]
    assert [(row["record"], row["change"], row["field"]) for row in rows] == [
        ("task", "changed", "lead"),
        ("task", "changed", "lead_text"),
        ("task", "changed", "status"),
        ("progress", "added", None),
        ("task", "added", None),
    ]
    assert rows[0]["committed"] == "2025-07-01T11:00:00+08:00"
    assert all(len(row["commit"]) == 7 for row in rows)


def test_history_of_a_task_no_commit_changed_after_the_first(repository, cli):
    result = cli("history", "1", "--data", str(repository), "--format", "json")
    assert [(row["subject"], row["change"]) for row in json.loads(result.stdout)] == [("首批数据", "added")]


def test_history_passes_over_a_commit_whose_data_was_invalid(repository, cli):
    tasks = repository / "tasks.yaml"
    replace_in(tasks, "    status: 推进中\n", "    status: 做完了\n")
    git(repository.parent, "commit", "-q", "-am", "写错了", when="2025-08-01T09:00:00+08:00")
    broken = git(repository.parent, "rev-parse", "--short=7", "HEAD").strip()
    replace_in(tasks, "    status: 做完了\n", "    status: 已完成\n")
    git(repository.parent, "commit", "-q", "-am", "改正", when="2025-08-02T09:00:00+08:00")
    result = cli("history", "9", "--data", str(repository), "--format", "json")
    assert result.exit_code == 0
    first = json.loads(result.stdout)[0]
    # The fix is compared with the last valid version: in_progress → done, in one step.
    assert (first["subject"], first["field"], first["old"], first["new"]) == ("改正", "status", "in_progress", "done")
    assert broken in result.stderr


def test_changes_are_said_in_words_in_a_table(repository, cli, chinese):
    result = cli("diff", "HEAD~2", "HEAD", "--data", str(repository))
    assert result.exit_code == 0
    flat = result.stdout.replace(" ", "").replace("\n", "")
    for words in ("修改", "状态", "未填报", "推进中", "新增", "进展", "牵头单位"):
        assert words in flat
    assert "in_progress" not in flat
    assert "changed" not in flat
    assert "共 4 处变化" in result.stderr


def test_the_meeting_paper_lists_the_changes_since_the_last_meeting(repository, cli, tmp_path):
    result = cli("brief", "meeting", "--since", "2025-06-15", "--date", "2025-07-15", "--data", str(repository))
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("## 自上次会议以来的变化", 1)[1]
    assert "2025年6月15日以来，数据共有4处变化" in section
    assert "| 任务9　户政、车驾管等相关领域服务标准 | 修改状态 | 未填报 | 推进中 |" in section
    assert "| 任务9　户政、车驾管等相关领域服务标准 | 修改牵头单位 | 市公安局 | 市公安局、市教育局 |" in section
    assert "| 任务3 | 新增进展 | — | 日期：2025-07-10；" in section
    # One unit's paper: the changes to its own tasks only.
    unit = cli("brief", "meeting", "--unit", "市教育局", "--since", "2025-06-15", "--data", str(repository))
    unit_section = unit.stdout.split("## 自上次会议以来的变化", 1)[1]
    assert "任务9" in unit_section
    assert "任务3" not in unit_section
    # Without --since, no such section; and only the meeting paper takes it.
    assert "自上次会议以来的变化" not in cli("brief", "meeting", "--data", str(repository)).stdout
    # Refused before git is asked: no commit is that old, and the kind is what is said.
    refused = cli("brief", "overview", "--since", "2000-01-01", "--data", str(repository))
    assert usage_error(refused.stderr) == "only the meeting paper lists the changes since a day"
    docx = tmp_path / "meeting.docx"
    assert cli("brief", "meeting", "--since", "2025-06-15", "-o", str(docx), "--data", str(repository)).exit_code == 0
    from docx import Document

    texts = [paragraph.text for paragraph in Document(str(docx)).paragraphs]
    assert "自上次会议以来的变化" in texts


def test_compare_matches_records_by_number_not_by_place():
    records = load_records(shipped_data_dir())
    moved = json.loads(json.dumps(records.plan))
    moved["tasks"].reverse()
    from stdplan.records import Records

    files = {"national_list.yaml": json.dumps(records.national), "units.yaml": json.dumps(records.units)}
    reordered = Records(files | {"tasks.yaml": json.dumps(moved)}, json.dumps(records.fields))
    assert compare(records, reordered) == []
    assert compare(records, records) == []


def signed(repository: Path) -> None:
    """HEAD made into a commit with a signature header (whose checking would run gpg.program)."""
    top = repository.parent
    body = git(top, "cat-file", "commit", "HEAD")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n"
    header, _, message = body.partition("\n\n")
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=top,
        input=f"{header}\n{signature}\n{message}",
        capture_output=True,
        text=True,
        check=True,
    )
    git(top, "update-ref", "refs/heads/main", done.stdout.strip())


def test_nothing_the_repository_configures_is_run(repository, cli, tmp_path):
    marker = tmp_path / "ran"
    program = tmp_path / "program"
    program.write_text(f"#!/bin/sh\ntouch {marker}\necho 'gpg: Signature made' >&2\n")
    program.chmod(0o755)
    signed(repository)
    top = repository.parent
    for key, value in (
        ("log.showSignature", "true"),
        ("gpg.program", str(program)),
        ("core.fsmonitor", str(program)),
        ("core.pager", str(program)),
        ("core.sshCommand", str(program)),
    ):
        git(top, "config", key, value)
    assert what(changes_of(cli, "--since", "2025-07-15", "--data", str(repository))) == [("progress", 3, "added", None)]
    result = cli("history", "9", "--data", str(repository), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["subject"] == "任务9状态与牵头单位"
    assert not marker.exists()


def test_git_variables_of_the_environment_do_not_move_it_to_another_repository(repository, cli, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    environment = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other)}
    changes = json.loads(
        cli("diff", "HEAD~2", "HEAD", "--data", str(repository), "--format", "json", env=environment).stdout
    )
    assert len(changes) == 4


def test_history_shows_each_change_once_across_a_merge(repository, cli):
    top = repository.parent
    git(top, "commit", "-q", "-am", "任务3进展", when="2025-07-02T09:00:00+08:00")
    git(top, "checkout", "-q", "-b", "side", "HEAD~2")
    replace_in(repository / "units.yaml", "  - name: 市商务局\n", "  - name: 市商务局\n    aliases: [商务局]\n")
    added = cli("progress", "add", "9", "--note", "分支上的进展", "--date", "2025-06-20", "--data", str(repository))
    assert added.exit_code == 0
    git(top, "commit", "-q", "-am", "分支", when="2025-06-20T09:00:00+08:00")
    git(top, "checkout", "-q", "main")
    git(top, "merge", "-q", "--no-edit", "side", when="2025-07-05T09:00:00+08:00")
    rows = json.loads(cli("history", "9", "--data", str(repository), "--format", "json").stdout)
    notes = [row["new"]["note"] for row in rows if row["record"] == "progress"]
    assert notes.count("分支上的进展") == 1


def test_names_from_git_cannot_drive_the_terminal(repository, cli):
    replace_in(repository / "tasks.yaml", "    status: 推进中\n", "    status: 已完成\n")
    git(repository.parent, "commit", "-q", "-am", "完成\x1b[2J", author="ev\x1b]0;PWN\x07il")
    assert "\x1b" not in cli("history", "9", "--data", str(repository)).stdout
    rows = json.loads(cli("history", "9", "--data", str(repository), "--format", "json").stdout)
    assert (rows[0]["author"], rows[0]["subject"]) == ("ev\\x1b]0;PWN\\x07il", "完成\\x1b[2J")


def test_versions_that_name_nothing_are_usage_errors(repository, cli, tmp_path):
    for old, new in (("^HEAD", "HEAD"), ("HEAD", ""), ("", "HEAD"), ("HEAD^{tree}", "HEAD")):
        result = cli("diff", "--data", str(repository), "--", old, new)
        assert result.exit_code == 2, (old, new)
    result = cli("diff", "HEAD", "--since", "2025-06-15", "--data", str(repository))
    assert usage_error(result.stderr) == "give the earlier version or --since, not both"
    result = cli("history", "999", "--data", str(repository))
    assert result.exit_code == 2
    assert usage_error(result.stderr) == "no task 999 in any version of the data"
    # A folder mistyped, where the data is not in git: said as what it is.
    outside = tmp_path / "outside"
    shutil.copytree(shipped_data_dir(), outside)
    result = cli("diff", str(outside), str(tmp_path / "typo"), "--data", str(outside))
    assert result.exit_code == 2
    assert "is no folder, and no git revision either" in usage_error(result.stderr)


def test_a_repository_without_commits_is_said_so(tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    git(tmp_path, "init", "-q")
    for asked in (("diff", "--since", "2025-01-01"), ("history", "9")):
        result = cli(*asked, "--data", str(data))
        assert result.exit_code == 2
        assert usage_error(result.stderr) == "the data's git repository has no commit yet"


def test_the_unit_that_lost_a_task_still_sees_what_happened_to_it(repository, cli):
    # Since 2025-06-15, task 9 got 市教育局 as a second lead; take 市公安局 off it now.
    replace_in(repository / "tasks.yaml", "    lead: [市公安局, 市教育局]\n", "    lead: [市教育局]\n")
    replace_in(repository / "tasks.yaml", "    lead_text: 市公安局、市教育局\n", "    lead_text: 市教育局\n")
    paper = cli("brief", "meeting", "--unit", "市公安局", "--since", "2025-06-15", "--data", str(repository))
    assert paper.exit_code == 0, paper.stderr
    section = paper.stdout.split("## 自上次会议以来的变化", 1)[1]
    assert "| 修改牵头单位 | 市公安局 | 市教育局 |" in section


def test_data_from_before_an_upgrade_of_stdplan_is_compared(tmp_path, cli):
    """A repository whose history began before stdplan recorded the pilots' batches: the old
    versions are still valid data, and the upgrade shows as the batches and the 9 pilots added."""
    top = tmp_path / "repo"
    data = top / "data"
    shutil.copytree(shipped_data_dir(), data)
    national = data / "national_list.yaml"
    shipped = national.read_text(encoding="utf-8")
    national.write_text(without_batches(shipped), encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "旧格式", when="2025-03-01T09:00:00+08:00")
    national.write_text(shipped, encoding="utf-8")
    changes = changes_of(cli, "--data", str(data))
    added = [(c["record"], c["number"]) for c in changes if c["change"] == "added"]
    later = ["大连", "宁波", "厦门", "青岛", "深圳", "合肥", "福州", "西安", "苏州"]
    assert added == [*(("batch", n) for n in (1, 2, 3, 4)), *(("pilot", name) for name in later)]
    assert {(c["record"], c["field"]) for c in changes if c["change"] == "changed"} == {("pilot", "batch")}


def test_a_city_handout_of_data_from_before_batches(tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    national = data / "national_list.yaml"
    national.write_text(without_batches(national.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("brief", "city", "北京", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert "北京承担26项任务" in result.stdout
