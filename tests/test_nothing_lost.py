"""Nothing lost, nothing wrong: a damaged cache, several editors on one data folder, files that are
not plain files and an edit killed half-way never cost a record or a right answer."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AFTER_AN_EDIT, names_in, usage_error
from stdplan import atomic, cache, editing, source_file
from stdplan.editing import add_progress
from stdplan.loading import check_directory, load, load_dataset
from stdplan.problems import UsageError
from stdplan.settings import shipped_data_dir
from test_installed import STDPLAN

installed = pytest.mark.skipif(STDPLAN is None, reason="the stdplan command is not installed")


def leads_of_9(cli, data_dir: Path) -> list[str]:
    result = cli("show", "task", "9", "-f", "json", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["lead"]


def the_entry(private_cache: Path) -> Path:
    (entry,) = private_cache.glob("*.json")
    return entry


def forge(entry: Path, old: str, new: str, *, reseal: bool) -> None:
    """Changes the entry's payload; with `reseal`, also its digest, as a careful forger would."""
    header, payload = entry.read_bytes().split(b"\n", 1)
    changed = payload.replace(old.encode(), new.encode())
    assert changed != payload
    if reseal:
        fields = json.loads(header)
        fields["payload_sha256"] = hashlib.sha256(changed).hexdigest()
        header = json.dumps(fields, ensure_ascii=False).encode()
    entry.write_bytes(header + b"\n" + changed)


# --- the cache proves what it serves ---------------------------------------------------------------


def test_a_changed_payload_under_the_same_header_is_not_served(cli, data_dir, private_cache):
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    entry = the_entry(private_cache)
    stored = entry.read_bytes()
    forge(entry, '"市公安局"', '"市商务局"', reseal=False)
    assert leads_of_9(cli, data_dir) == ["市公安局"]  # read afresh
    assert entry.read_bytes() == stored  # and the entry made whole again


def test_an_edit_never_reads_the_cache(cli, data_dir, private_cache):
    """Even an entry that passes every check of the cache (resealed) cannot steer an edit."""
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    forge(the_entry(private_cache), '"number":9,', '"number":99,', reseal=True)
    forge(the_entry(private_cache), '"number":10,', '"number":9,', reseal=True)
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "第9项的进展", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    tasks = {task.number: task for task in check_directory(data_dir).dataset.plan.tasks}
    assert [entry.note for entry in tasks[9].progress] == ["第9项的进展"]
    assert tasks[10].progress == []


@pytest.mark.parametrize("kind", ["directory", "fifo", "file"])
def test_a_cache_place_that_is_not_a_usable_folder_means_no_cache(cli, data_dir, private_cache, monkeypatch, kind):
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    entry = the_entry(private_cache)
    entry.unlink()
    if kind == "directory":
        entry.mkdir()
    elif kind == "fifo":
        os.mkfifo(entry)  # reading it would wait for ever
    else:
        monkeypatch.setenv("STDPLAN_CACHE_DIR", str(data_dir / "units.yaml"))
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    assert leads_of_9(cli, data_dir) == ["市公安局"]


# --- several editors on one data folder ---------------------------------------------------------------


@installed
def test_editors_with_different_temporary_directories_all_keep_their_entries(data_dir, tmp_path):
    """Two accounts, say, each with a TMPDIR of its own, editing one shared folder at once."""
    processes = []
    for n in range(12):
        own_tmp = tmp_path / f"tmp{n % 2}"
        own_tmp.mkdir(exist_ok=True)
        command = [STDPLAN, "progress", "add", "9", "--date", "2025-09-01", "--note", f"第{n}条"]
        env = {**os.environ, "TMPDIR": str(own_tmp), "STDPLAN_CACHE_DIR": str(own_tmp / "cache")}
        processes.append(
            subprocess.Popen(
                [*command, "--data", str(data_dir)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        )
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    notes = [entry.note for entry in load_dataset(data_dir).plan.tasks[8].progress]
    assert sorted(notes) == sorted(f"第{n}条" for n in range(12))
    assert names_in(data_dir) == AFTER_AN_EDIT


def test_a_change_made_during_the_edit_is_seen_right_before_the_rename(cli, data_dir, monkeypatch):
    """Someone saves tasks.yaml by hand after the edit read it, while the new file is being written."""
    tasks = data_dir / "tasks.yaml"
    by_hand = tasks.read_bytes() + b"# saved by hand\n"
    chmod = atomic.os.chmod

    def someone_saves(path, mode):
        chmod(path, mode)
        tasks.write_bytes(by_hand)

    monkeypatch.setattr(atomic.os, "chmod", someone_saves)
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "was changed by someone else meanwhile; nothing was written" in usage_error(result.stderr)
    assert tasks.read_bytes() == by_hand
    assert names_in(data_dir) == AFTER_AN_EDIT


def test_a_lock_that_cannot_be_made_is_a_clear_refusal(cli, data_dir):
    editing.lock_path(data_dir / "tasks.yaml").mkdir()  # in the way, as a folder one cannot open
    before = (data_dir / "tasks.yaml").read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "cannot take the lock" in usage_error(result.stderr)
    assert ".tasks.yaml.stdplan-lock" in usage_error(result.stderr).replace(" ", "")  # named, so it can be seen to
    assert (data_dir / "tasks.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "mixed",
    [
        lambda text: text.replace("\n", "\r\n", 5),  # CRLF for the first lines only
        lambda text: text.replace("\n", "\r\n").replace("\r\n", "\n", 1),
        lambda text: text.replace("\n", "\r"),  # CR alone, as very old editors wrote
    ],
    ids=["mostly-lf", "mostly-crlf", "cr"],
)
def test_an_edit_does_not_normalise_mixed_line_endings(cli, data_dir, mixed):
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(mixed(tasks.read_text(encoding="utf-8")).encode("utf-8"))
    before = tasks.read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "line endings" in usage_error(result.stderr)
    assert tasks.read_bytes() == before


# --- files that are not plain files ------------------------------------------------------------------


def test_an_edit_writes_through_a_linked_data_file(cli, data_dir, tmp_path):
    real = tmp_path / "shared" / "tasks.yaml"
    real.parent.mkdir()
    (data_dir / "tasks.yaml").rename(real)
    (data_dir / "tasks.yaml").symlink_to(real)
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "经链接写入", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert (data_dir / "tasks.yaml").is_symlink()
    assert "经链接写入" in real.read_text(encoding="utf-8")
    assert names_in(real.parent) == [".tasks.yaml.stdplan-lock", "tasks.yaml"]  # one lock, wherever from


def test_an_output_link_is_written_through_and_other_kinds_are_refused(cli, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli("tasks", "-o", str(link)).exit_code == 2  # it exists: --force first
    assert cli("tasks", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))[0]["number"] == 1
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null"), tmp_path):
        result = cli("items", "-o", str(target), "-f", "csv", "--force")
        assert result.exit_code == 2
        assert "is not a regular file" in usage_error(result.stderr)
    assert fifo.is_fifo()


def test_a_loop_of_links_as_output_is_refused(cli, tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    result = cli("tasks", "-o", str(loop), "--force")
    assert result.exit_code == 2
    assert "the links point at each other in a loop" in usage_error(result.stderr)
    assert loop.is_symlink()


@installed
@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_a_data_file_that_is_not_a_plain_file_is_refused_at_once(data_dir, kind):
    tasks = data_dir / "tasks.yaml"
    tasks.unlink()
    if kind == "fifo":
        os.mkfifo(tasks)  # nobody writes: reading would wait for ever
    elif kind == "zero":
        tasks.symlink_to("/dev/zero")  # reading would never end
    else:
        tasks.mkdir()
    result = subprocess.run(
        [STDPLAN, "validate", "--data", str(data_dir)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "tasks.yaml: not a regular file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_data_file_over_the_size_limit_is_refused(cli, data_dir, monkeypatch):
    monkeypatch.setattr(source_file, "MAX_FILE_BYTES", 4096)
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert "tasks.yaml: the file is larger than" in result.stdout
    assert "units.yaml:" not in result.stdout  # 3.5 KB: within the limit


def test_a_loop_of_links_as_data_folder_is_a_usage_error(cli, tmp_path):
    loop = tmp_path / "data"
    loop.symlink_to(loop)
    result = cli("validate", "--data", str(loop))
    assert result.exit_code == 2
    assert "the links point at each other in a loop" in usage_error(result.stderr)


# --- an edit killed half-way -----------------------------------------------------------------------

KILLED_BEFORE_THE_RENAME = """
import os, signal, sys
from stdplan import atomic
atomic.os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL)
from stdplan.cli import app
sys.argv[0] = "stdplan"
app()
"""


@installed
def test_an_edit_killed_before_its_rename_leaves_the_data_and_its_leftover_is_cleaned_up(data_dir):
    tasks = data_dir / "tasks.yaml"
    before = tasks.read_bytes()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_THE_RENAME, "progress", "add", "9", "--date", "2025-09-01",
         "--note", "被中断", "--data", str(data_dir)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert tasks.read_bytes() == before
    leftovers = [name for name in names_in(data_dir) if name not in AFTER_AN_EDIT]
    assert leftovers, "the kill came too late to test anything"
    assert all(name.startswith(".tasks.yaml.") for name in leftovers)  # hidden, never *.yaml
    assert not any(name.endswith((".yaml", ".yml")) for name in leftovers)
    assert subprocess.run([STDPLAN, "validate", "--data", str(data_dir)], check=False).returncode == 0
    subprocess.run(
        [STDPLAN, "progress", "add", "9", "--date", "2025-09-02", "--note", "再次填报", "--data", str(data_dir)],
        check=True,
        capture_output=True,
    )
    assert names_in(data_dir) == AFTER_AN_EDIT
    assert [entry.note for entry in load_dataset(data_dir).plan.tasks[8].progress] == ["再次填报"]


def test_a_normal_edit_leaves_nothing_behind(data_dir):
    add_progress(data_dir, 9, date=datetime.date(2025, 9, 1), note="x")
    with pytest.raises(UsageError):
        add_progress(data_dir, 99, date=datetime.date(2025, 9, 1), note="x")  # refused
    assert names_in(data_dir) == AFTER_AN_EDIT


def test_the_cache_entry_digest_covers_every_byte_of_the_payload(data_dir, private_cache):
    load(data_dir)
    assert cache.lookup(data_dir).records is not None
    entry = the_entry(private_cache)
    header, payload = entry.read_bytes().split(b"\n", 1)
    assert json.loads(header)["payload_sha256"] == hashlib.sha256(payload).hexdigest()
    entry.write_bytes(header + b"\n" + payload[:-1])  # the last line break gone: still the same JSON
    assert cache.lookup(data_dir).records is None


def test_what_the_system_refuses_is_said_in_the_users_words(cli, tmp_path, chinese):
    result = cli("tasks", "-o", str(tmp_path / "无" / "t.json"), env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "文件或文件夹不存在" in usage_error(result.stderr)
    assert "No such file" not in result.stderr


# --- what an adversarial review found -------------------------------------------------------------


def test_a_link_to_the_shipped_tasks_file_is_not_edited(cli, data_dir):
    shipped = shipped_data_dir() / "tasks.yaml"
    before = shipped.read_bytes()
    (data_dir / "tasks.yaml").unlink()
    (data_dir / "tasks.yaml").symlink_to(shipped)
    try:
        result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
        assert result.exit_code == 2
        assert "the data shipped with stdplan is not edited" in usage_error(result.stderr)
    finally:
        after = shipped.read_bytes()
        shipped.write_bytes(before)  # put back, should the refusal ever fail
    assert after == before


def test_the_lock_is_as_writable_as_the_data_file_whatever_the_umask(data_dir):
    """A group's shared folder: with the umask's 0644, the first editor's lock would shut out the rest."""
    (data_dir / "tasks.yaml").chmod(0o664)
    umask = os.umask(0o022)
    try:
        add_progress(data_dir, 9, date=datetime.date(2025, 9, 1), note="x")
    finally:
        os.umask(umask)
    assert editing.lock_path(data_dir / "tasks.yaml").stat().st_mode & 0o777 == 0o664


def test_a_folder_named_in_bytes_that_are_not_utf8_is_cached_too(cli, tmp_path, private_cache):
    gbk = tmp_path / os.fsdecode(b"\xca\xfd\xbe\xdd")  # 数据 in GBK, as a Windows share may name it
    shutil.copytree(shipped_data_dir(), gbk)
    for _ in range(2):
        result = cli("tasks", "--lead", "市公安局", "-f", "json", "--data", str(gbk))
        assert result.exit_code == 0, result.stderr
        assert [task["number"] for task in json.loads(result.stdout)] == [9, 10, 12, 15]
    assert len(list(private_cache.glob("*.json"))) == 1


def test_a_data_file_linked_in_a_loop_is_a_problem(cli, data_dir):
    (data_dir / "units.yaml").unlink()
    (data_dir / "units.yaml").symlink_to("units.yaml")
    for report_format in ("text", "json", "github"):
        result = cli("validate", "--data", str(data_dir), "--format", report_format)
        assert result.exit_code == 1
        assert "units.yaml" in result.stdout
        assert "the links point at each other in a loop" in result.stdout
        assert "unreadable" in result.stdout


def test_a_tab_the_edit_cannot_keep_is_refused_with_its_line(cli, data_dir):
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    line = text[: text.index("    lead_text: 市公安局")].count("\n") + 1
    tasks.write_text(text.replace("    lead_text: 市公安局", "    lead_text:\t市公安局", 1), encoding="utf-8")
    assert cli("validate", "--data", str(data_dir)).exit_code == 0  # valid YAML to the checks
    before = tasks.read_bytes()
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert f"cannot keep byte for byte (line {line})" in usage_error(result.stderr)
    assert tasks.read_bytes() == before


def test_a_file_gone_between_reading_and_its_identity_means_no_cache(data_dir, private_cache, monkeypatch):
    monkeypatch.setattr(cache, "file_identity", lambda path, raw: None)
    assert load(data_dir).records is not None
    assert list(private_cache.glob("*.json")) == []


INTERRUPTED_START_UP = """
import sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupt())
from stdplan.entry import main
main()
"""


def test_a_ctrl_c_during_start_up_ends_quietly():
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_START_UP, "tasks"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 130
    assert result.stderr == ""


def test_only_a_killed_edits_own_leftovers_are_removed(data_dir):
    kept = [
        ".tasks.yaml.notes.stdplan-partial",  # a name of the user's own
        ".tasks.yaml.csv.k3j_x9ab.stdplan-partial",  # another file's write in progress
        ".tasks.yaml.abcdefgh.stdplan-partial.bak",
    ]
    for name in kept:
        (data_dir / name).write_text("keep", encoding="utf-8")
    (data_dir / ".tasks.yaml.folder00.stdplan-partial").mkdir()  # a folder is never removed, nor in the way
    (data_dir / ".tasks.yaml.k3j_x9ab.stdplan-partial").write_text("half", encoding="utf-8")
    add_progress(data_dir, 9, date=datetime.date(2025, 9, 1), note="x")
    assert names_in(data_dir) == sorted([*AFTER_AN_EDIT, *kept, ".tasks.yaml.folder00.stdplan-partial"])


def test_an_output_name_near_the_longest_allowed_is_written(cli, tmp_path):
    name = "武" * 78 + ".json"  # 239 bytes: the file system takes it, with the temporary name's part too long
    assert cli("tasks", "-o", str(tmp_path / name)).exit_code == 0
    assert names_in(tmp_path) == [name]


def test_a_file_without_a_final_line_end_is_edited_and_stays_so(cli, data_dir):
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(tasks.read_bytes().rstrip(b"\n"))
    before = tasks.read_text(encoding="utf-8")
    result = cli("progress", "add", "17", "--date", "2025-09-01", "--note", "最后一项", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    after = tasks.read_text(encoding="utf-8")
    assert not after.endswith("\n")
    assert after.startswith(before)  # task 17 is the last: its lines come at the end
    assert after[len(before) :].endswith("note: 最后一项")


def test_a_cache_entry_that_is_a_link_is_replaced_not_written_through(cli, data_dir, private_cache, tmp_path):
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    entry = the_entry(private_cache)
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("mine", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    assert leads_of_9(cli, data_dir) == ["市公安局"]
    assert victim.read_text(encoding="utf-8") == "mine"
    assert not entry.is_symlink()


def test_a_read_only_file_is_not_replaced(cli, tmp_path, monkeypatch):
    existing = tmp_path / "tasks.json"
    existing.write_text("kept", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: False)  # as chmod 444 says to anyone but root
    result = cli("tasks", "-o", str(existing), "--force")
    assert result.exit_code == 2
    assert "is read-only" in usage_error(result.stderr)
    assert existing.read_text(encoding="utf-8") == "kept"


def test_a_read_only_tasks_file_is_edited_or_refused_never_a_traceback(cli, data_dir):
    tasks = data_dir / "tasks.yaml"
    tasks.chmod(0o444)
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    if os.geteuid() == 0:  # root may write anything: it is edited
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 2
        assert "is read-only" in usage_error(result.stderr)


def test_an_edit_of_a_data_file_that_is_not_a_file_says_so(cli, data_dir, chinese):
    (data_dir / "tasks.yaml").unlink()
    os.mkfifo(data_dir / "tasks.yaml")
    result = cli("progress", "add", "9", "--date", "2025-09-01", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "不是普通文件（是文件夹、管道或设备）" in usage_error(result.stderr).replace(" ", "")


@installed
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_an_edit_made_says_so_even_when_its_output_cannot_be_written(data_dir):
    """Exit 2 would tell a script the edit was refused: run again, it would be recorded twice."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [STDPLAN, "progress", "add", "9", "--date", "2025-09-01", "--note", "满盘", "--data", str(data_dir)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "STDPLAN_LANG": "en"},
            timeout=60,
            check=False,
        )
    assert result.returncode == 0
    assert result.stderr == "task 9: progress of 2025-09-01 added (1 in all)\n"
    assert [entry.note for entry in load_dataset(data_dir).plan.tasks[8].progress] == ["满盘"]


def test_an_output_into_a_folder_that_is_not_there_is_refused(cli, tmp_path):
    """pathlib drops the slash: `-o new/` would have written a file called new."""
    result = cli("tasks", "-o", str(tmp_path / "new") + "/")
    assert result.exit_code == 2
    assert "names a folder, and there is none" in usage_error(result.stderr)
    assert names_in(tmp_path) == []
