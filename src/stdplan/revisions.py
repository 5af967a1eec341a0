"""Earlier versions of the data, from the git repository that holds the data folder.

Git is asked through its plumbing commands (rev-parse, cat-file, log) with machine formats, and only
ever reads: no command here changes the repository, the index or the working files. What a revision
holds is checked by the same pipeline as the files on disk (loading.check_directory) before anything
is compared: a version that is not valid data is reported, never served.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from stdplan.answers import Listing
from stdplan.changes import about_tasks, changes_listing, compare
from stdplan.dataset import DATA_MODELS
from stdplan.loading import check_directory, load_records, records_of
from stdplan.messages import Message, Text
from stdplan.problems import DataInvalid, Problem, UsageError
from stdplan.records import DATA_FILES, TASKS_FILE, Record, Records

# Fields of `git log --format`, apart by a character no name or subject holds.
_FIELD = "\x1f"
_LOG_FORMAT = _FIELD.join(("%H", "%P", "%cI", "%an", "%ae", "%s"))


class Commit(NamedTuple):
    """A commit as a person reads it: when it entered the history, by whom, and what it says."""

    commit: str  # the full hash
    parent: str | None  # the first parent; None for the first commit
    date: datetime.datetime  # committer date, in the committer's own time zone
    author: str
    email: str
    subject: str


class Repository(NamedTuple):
    """The git repository holding a data folder, and where the folder is inside it."""

    folder: Path  # the data folder itself
    prefix: str  # its path from the repository's top, '' or ending in '/'

    def git(self, *arguments: str, feed: bytes | None = None) -> bytes:
        """What a git command run in the data folder writes; a UsageError with git's own words if it fails."""
        try:
            done = subprocess.run(
                ["git", *arguments],
                cwd=self.folder,
                input=feed,
                capture_output=True,
                check=False,
                env=os.environ | _GIT_SETTINGS,
            )
        except FileNotFoundError:
            raise UsageError(NO_GIT) from None
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(Message("git: {error}", error=said[-1] if said else done.returncode))
        return done.stdout

    def resolve(self, revision: str) -> str:
        """The commit a revision names (HEAD, HEAD~2, a branch, a tag, a hash); exit 2 if none."""
        try:
            named = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        except UsageError:
            raise UsageError(
                Message("no commit '{revision}' in the data's git repository", revision=revision)
            ) from None
        return named.decode().strip()

    def commits(self, *paths: str, first_parent: bool = False) -> Iterator[Commit]:
        """The commits of HEAD's history, newest first; only those that changed `paths` when given."""
        options = ["--first-parent"] if first_parent else []
        # From the top of the repository, each character as itself (git runs in the data folder).
        pathspec = ["--", *(f":(top,literal){self.prefix}{path}" for path in paths)] if paths else []
        listed = self.git("log", *options, f"--format={_LOG_FORMAT}", "-z", "HEAD", *pathspec)
        for entry in listed.decode("utf-8", "replace").split("\0"):
            if entry:
                commit, parents, date, author, email, subject = entry.strip("\n").split(_FIELD, 5)
                first = parents.split()[0] if parents else None
                yield Commit(commit, first, datetime.datetime.fromisoformat(date), author, email, subject)

    def commit_on_or_before(self, day: datetime.date) -> Commit:
        """The last commit of HEAD's line made on or before `day` (its own date, in its own time zone)."""
        first = None
        for first in self.commits(first_parent=True):
            if first.date.date() <= day:
                return first
        if first is None:
            raise UsageError(Message("the data's git repository has no commit yet"))
        raise UsageError(
            Message(
                "no commit in the data's git repository was made on or before {day}: the first is of {first}",
                day=day,
                first=first.date.date(),
            )
        )

    def files_at(self, commit: str) -> tuple[dict[str, bytes], list[Problem]]:
        """The data files as they were in `commit`, and a problem for each the commit does not hold."""
        names = list(DATA_MODELS)
        asked = "".join(f"{commit}:{self.prefix}{name}\n" for name in names).encode()
        answered = self.git("cat-file", "--batch", feed=asked)
        files: dict[str, bytes] = {}
        problems: list[Problem] = []
        at = 0
        for name in names:  # each answer: "<id> <type> <size>" and the content, or "<what was asked> missing"
            header_end = answered.index(b"\n", at)
            header = answered[at:header_end].split(b" ")
            at = header_end + 1
            content = None
            if header[-1] not in (b"missing", b"ambiguous"):
                size = int(header[2])
                content = answered[at : at + size] if header[1] == b"blob" else None
                at += size + 1
            if content is None:
                problems.append(Problem(self.shown_path(commit, name), None, None, "missing-file", _NOT_IN_COMMIT))
            else:
                files[name] = content
        return files, problems

    def parent_of(self, commit: str) -> str | None:
        """The first parent of `commit`, None for a first commit."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}^").decode().strip()
        except UsageError:
            return None

    def shown_path(self, commit: str, name: str = "") -> Path:
        """How a file of a commit is named for people: git's own notation, 1a2b3c4:data/tasks.yaml."""
        return Path(f"{commit[:7]}:{self.prefix}{name}")

    def records_at(self, commit: str) -> Records:
        """The data as it was in `commit`, checked like the files on disk; DataInvalid if it was not valid."""
        files, problems = self.files_at(commit)
        context = Message("the data in commit {commit} is invalid:", commit=commit[:7])
        if problems:
            raise DataInvalid(problems, context)
        checked = check_directory(self.shown_path(commit), replaced=files)
        if checked.dataset is None:
            raise DataInvalid(checked.problems, context)
        return records_of(checked.dataset)


NO_GIT = Message("comparing versions needs git, which is not installed; two data folders compare without it")
_NOT_IN_COMMIT = Message("file not in this commit")

# Git's answers in its own fixed words, whatever the user's settings; never a pager or a prompt.
_GIT_SETTINGS = {
    "LC_ALL": "C",
    "LANGUAGE": "C",
    "GIT_PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",  # a read takes no lock another git command would wait for
}


def repository_of(folder: Path) -> Repository:
    """The git repository that holds the data folder; a UsageError saying so when it is in none."""
    found = Repository(folder, "")
    try:
        prefix = found.git("rev-parse", "--show-prefix").decode().strip()
    except UsageError as error:
        if error.message == NO_GIT:
            raise
        raise UsageError(
            Message(
                "the data folder {folder} is not in a git repository: name two data folders to compare instead",
                folder=folder,
            )
        ) from None
    return Repository(folder, prefix)


def is_folder(argument: str) -> bool:
    """An OLD or NEW that names an existing folder is a data folder; anything else is a git revision."""
    try:
        return Path(argument).is_dir()
    except (OSError, ValueError):  # a name too long for a path, say, names no folder
        return False


class Version(NamedTuple):
    """One side of a comparison: what it is called for people, and its checked records."""

    name: Text
    records: Records


def version(argument: str | None, folder: Path, *, use_cache: bool = True) -> Version:
    """The data an OLD or NEW names: None the files in `folder` as they are now, an existing folder
    that folder's files, anything else a git revision of the repository holding `folder`."""
    if argument is None or is_folder(argument):
        chosen = folder if argument is None else Path(argument)
        return Version(Message("the files in {folder}", folder=chosen), load_records(chosen, use_cache=use_cache))
    repository = repository_of(folder)
    commit = repository.resolve(argument)
    shown = commit[:7] if commit.startswith(argument) else f"{argument} ({commit[:7]})"
    return Version(shown, repository.records_at(commit))


def version_on(day: datetime.date, folder: Path) -> Version:
    """The data as it was at the end of `day`: the last commit made on or before it."""
    repository = repository_of(folder)
    commit = repository.commit_on_or_before(day)
    return Version(f"{commit.commit[:7]} ({commit.date.date()})", repository.records_at(commit.commit))


def difference(
    folder: Path, old: str | None, new: str | None, *, since: datetime.date | None = None, use_cache: bool = True
) -> Listing:
    """The changes from OLD to NEW (see `version`): OLD is HEAD, or with `since` the data at the end
    of that day; NEW the files in `folder` as they are now."""
    if since is not None and old is not None:
        raise UsageError(Message("give the earlier version or --since, not both"))
    before = version_on(since, folder) if since is not None else version(old or "HEAD", folder, use_cache=use_cache)
    after = version(new, folder, use_cache=use_cache)
    changes = compare(before.records, after.records)
    summary = Message("{count} changes from {old} to {new}", count=len(changes), old=before.name, new=after.name)
    return changes_listing(changes, summary)


def changes_since(folder: Path, day: datetime.date, now: Records) -> list[Record]:
    """What changed from the data at the end of `day` to `now` (the files in `folder` as they are)."""
    return compare(version_on(day, folder).records, now)


# What history adds to each change: the commit that made it.
COMMIT_FIELDS = ("date", "author", "commit", "subject", "committed")


def task_history(folder: Path, number: int) -> Listing:
    """Every commit that changed task `number` in tasks.yaml, newest first, with what it changed.

    Each commit is compared with its parent; a commit whose data was not valid is left out (and
    said so), its changes shown with the next valid commit's.
    """
    repository = repository_of(folder)
    versions: dict[str | None, Records | None] = {None: _EMPTY}

    def records(commit: str | None) -> Records | None:
        if commit not in versions:
            try:
                versions[commit] = repository.records_at(commit)  # type: ignore[arg-type]
            except DataInvalid:
                versions[commit] = None
        return versions[commit]

    def last_valid_before(commit: Commit) -> Records:
        parent = commit.parent
        while (found := records(parent)) is None:  # past an invalid commit: rarely more than one step
            parent = repository.parent_of(parent)  # type: ignore[arg-type]
        return found

    rows: list[dict[str, object]] = []
    left_out: list[str] = []
    for commit in repository.commits(TASKS_FILE):
        after = records(commit.commit)
        if after is None:
            left_out.append(commit.commit[:7])
            continue
        made = {
            "date": commit.date.date().isoformat(),
            "author": commit.author,
            "commit": commit.commit[:7],
            "subject": commit.subject,
            "committed": commit.date.isoformat(),
        }
        rows += [made | change for change in about_tasks(compare(last_valid_before(commit), after), {number})]
    summary = Message(
        "task {number}: changed in {count} commits", number=number, count=len({row["commit"] for row in rows})
    )
    if left_out:
        summary = Message(
            "{summary}; left out, as their data was not valid: {commits}", summary=summary, commits=tuple(left_out)
        )
    columns = ("date", "author", "commit", "record", "change", "field", "old", "new")
    return changes_listing(rows, summary, noun="history", made_by=COMMIT_FIELDS, columns=columns)


# The data before the first commit: nothing, so everything in the first commit is added.
_EMPTY = Records(dict.fromkeys(DATA_FILES, "{}"), "{}")
