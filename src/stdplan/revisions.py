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
from stdplan.changes import CHANGE_COLUMNS, about_tasks, changes_listing, compare
from stdplan.loading import check_directory, load_records, records_of
from stdplan.messages import Message, Text
from stdplan.problems import DataInvalid, Problem, UsageError
from stdplan.records import DATA_FILES, Record, Records

# Fields of `git log --format`, apart by a character no name or subject holds: hash, parents,
# committer date as seconds and as ISO 8601 (whose time zone may be one Python cannot read), author, subject.
_FIELD = "\x1f"
_LOG_FORMAT = _FIELD.join(("%H", "%P", "%ct", "%cI", "%an", "%s"))

# Every git command reads only: nothing named in a repository's configuration is run (a signature
# program for a signed commit, a fetch of an object a partial clone lacks, a file-system monitor),
# and what it writes is UTF-8, whatever a user's settings say.
_GIT_OPTIONS = (
    *("-c", "log.showSignature=false"),
    *("-c", "protocol.allow=never"),
    *("-c", "core.fsmonitor=false"),
    *("-c", "i18n.logOutputEncoding=UTF-8"),
)
# Git's answers in its own fixed words; never a pager, a prompt or a lock another git would wait for.
_GIT_SETTINGS = {
    "LC_ALL": "C",
    "LANGUAGE": "C",
    "GIT_PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
}
# Of the GIT_ variables a user's environment may hold, those that do not move git to another
# repository (GIT_DIR, GIT_WORK_TREE…) or change what it reads: the repository is the data folder's.
_GIT_VARIABLES_KEPT = frozenset(
    {"GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_EXEC_PATH", "GIT_CONFIG_NOSYSTEM"}
)


class GitFailed(Exception):
    """A git command that did not succeed, with the last line it wrote."""

    def __init__(self, said: str) -> None:
        super().__init__(said)
        self.said = said


class Commit(NamedTuple):
    """A commit as a person reads it: when it entered the history, by whom, and what it says."""

    commit: str  # the full hash
    parent: str | None  # the first parent; None for the first commit (or the first of a shallow clone)
    date: datetime.datetime  # committer date, in the committer's own time zone where Python can read it
    author: str
    subject: str


def git(folder: Path, *arguments: str, feed: bytes | None = None) -> bytes:
    """What a git command run in `folder` writes; GitFailed with its last words if it fails."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("GIT_") or name in _GIT_VARIABLES_KEPT
    }
    try:
        done = subprocess.run(
            ["git", *_GIT_OPTIONS, *arguments],
            cwd=folder,
            input=feed,
            capture_output=True,
            check=False,
            env=environment | _GIT_SETTINGS,
        )
    except FileNotFoundError:
        raise UsageError(NO_GIT) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(said[-1] if said else f"exit {done.returncode}")
    return done.stdout


class Repository(NamedTuple):
    """The git repository holding a data folder, and where the folder is inside it."""

    folder: Path  # the data folder itself
    prefix: str  # its path from the repository's top, '' or ending in '/'

    def git(self, *arguments: str, feed: bytes | None = None) -> bytes:
        """A git command in the data folder; git's failure said as a usage error in its own words."""
        try:
            return git(self.folder, *arguments, feed=feed)
        except GitFailed as failed:
            raise UsageError(Message("git: {error}", error=failed.said)) from None

    def resolve(self, revision: str) -> str:
        """The commit a revision names (HEAD, HEAD~2, a branch, a tag, a hash); exit 2 if none."""
        unknown = UsageError(Message("no commit '{revision}' in the data's git repository", revision=revision))
        try:
            named = git(self.folder, "rev-parse", "--verify", "--quiet", "--end-of-options", revision)
            commit = git(self.folder, "rev-parse", "--verify", "--quiet", named.decode().strip() + "^{commit}")
        except GitFailed:
            raise unknown from None
        found = commit.decode().strip()
        if not _is_object_id(found):  # ^HEAD and the like name a set of commits, not one
            raise unknown
        return found

    def commits(self, *paths: str, first_parent: bool = False) -> Iterator[Commit]:
        """The commits of HEAD's history, newest first; only those that changed `paths` when given
        (merges left out: what they bring, the commits merged show)."""
        try:
            git(self.folder, "rev-parse", "--verify", "--quiet", "HEAD")
        except GitFailed:
            raise UsageError(Message("the data's git repository has no commit yet")) from None
        options = ["--first-parent"] if first_parent else ["--no-merges"] if paths else []
        # From the top of the repository, each character as itself (git runs in the data folder).
        pathspec = [f":(top,literal){self.prefix}{path}" for path in paths]
        listed = self.git(
            "log",
            "--no-show-signature",
            "--encoding=UTF-8",
            *options,
            f"--format={_LOG_FORMAT}",
            "-z",
            "HEAD",
            "--",
            *pathspec,
        )
        for entry in listed.decode("utf-8", "replace").split("\0"):
            fields = entry.strip("\n").split(_FIELD, 5)
            if len(fields) == 6:
                commit, parents, seconds, date, author, subject = fields
                first = parents.split()[0] if parents else None
                yield Commit(commit, first, _commit_date(seconds, date), _printable(author), _printable(subject))

    def commit_on_or_before(self, day: datetime.date) -> Commit:
        """The last commit of HEAD's line made on or before `day` (its own date, in its own time zone)."""
        commit = None  # once the loop is through, the oldest
        for commit in self.commits(first_parent=True):
            if commit.date.date() <= day:
                return commit
        raise UsageError(
            Message(
                "no commit in the data's git repository was made on or before {day}: the first is of {first}",
                day=day,
                first=commit.date.date() if commit else "",
            )
        )

    def is_shallow(self) -> bool:
        return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def files_at(self, commit: str) -> tuple[dict[str, bytes], list[Problem]]:
        """The data files as they were in `commit`, and a problem for each the commit does not hold
        (or this clone lacks)."""
        names = DATA_FILES
        asked = b"".join(os.fsencode(f"{commit}:{self.prefix}{name}\n") for name in names)
        answered = self.git("cat-file", "--batch", feed=asked)
        files: dict[str, bytes] = {}
        problems: list[Problem] = []
        at = 0
        try:
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
        except (ValueError, IndexError):
            raise UsageError(Message("git answered in a way stdplan cannot read")) from None
        return files, problems

    def parent_of(self, commit: str) -> str | None:
        """The first parent of `commit`, None for a first commit."""
        try:
            return git(self.folder, "rev-parse", "--verify", "--quiet", f"{commit}^").decode().strip()
        except GitFailed:
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
_NOT_IN_COMMIT = Message("file not in this commit, or not fetched into this clone")


def _is_object_id(text: str) -> bool:
    return len(text) in (40, 64) and all(character in "0123456789abcdef" for character in text)


def _commit_date(seconds: str, iso: str) -> datetime.datetime:
    """A commit's date in its own time zone; in UTC when git recorded a zone Python cannot hold, and
    the start of 1970 when git recorded no date it could read."""
    try:
        return datetime.datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return datetime.datetime.fromtimestamp(int(seconds), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.datetime.fromtimestamp(0, datetime.UTC)


def _printable(text: str) -> str:
    """What git recorded as a name or subject, with control characters (which a terminal would obey)
    shown as escapes."""
    return "".join(character if character.isprintable() else ascii(character)[1:-1] for character in text)


def repository_of(folder: Path) -> Repository:
    """The git repository whose work tree holds the data folder; a UsageError saying so when none does."""
    try:
        answer = git(folder, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    except GitFailed as failed:
        if "not a git repository" in failed.said:
            raise NotInGit(NOT_IN_GIT.fill(folder=folder)) from None
        raise UsageError(Message("git: {error}", error=failed.said)) from None
    inside, _, prefix = os.fsdecode(answer).partition("\n")
    if inside != "true":
        raise NotInGit(NOT_IN_GIT.fill(folder=folder))
    prefix = prefix.removesuffix("\n")
    if "\n" in prefix:
        raise UsageError(
            Message("git cannot be asked for a folder whose path holds a line break: {folder}", folder=folder)
        )
    return Repository(folder, prefix)


NOT_IN_GIT = Message("the data folder {folder} is not in a git repository, which keeps its earlier versions")


class NotInGit(UsageError):
    """The data folder is in no git work tree."""


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
    if argument == "":
        raise UsageError(Message("an empty name is neither a folder nor a git revision"))
    if argument is None or is_folder(argument):
        chosen = folder if argument is None else Path(argument)
        return Version(Message("the files in {folder}", folder=chosen), load_records(chosen, use_cache=use_cache))
    try:
        repository = repository_of(folder)
    except NotInGit:
        raise UsageError(
            Message(
                "'{argument}' is no folder, and no git revision either: the data folder {folder} is not in git",
                argument=argument,
                folder=folder,
            )
        ) from None
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
    """The changes from OLD to NEW (see `version`): OLD is HEAD unless given, and with `since` the
    data at the end of that day; NEW the files in `folder` as they are now unless given."""
    if since is None and old is None:
        repository_of(folder)  # HEAD needs git: said as such, before HEAD is taken for a name
    before = (
        version_on(since, folder)
        if since is not None
        else version("HEAD" if old is None else old, folder, use_cache=use_cache)
    )
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
    """Every commit that changed task `number`, newest first, with what it changed.

    Each commit is compared with its parent; a commit whose data was not valid is left out (and
    said so), its changes shown with the next valid commit's. Merges are left out: the commits
    they merge show what they bring.
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
    # Every commit that changed a data file: a task's words are in tasks.yaml, but whether the data
    # was valid, and so compared, depends on all three.
    for commit in repository.commits(*DATA_FILES):
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
    if not rows:
        raise UsageError(Message("no task {number} in any version of the data", number=number))
    summary = Message(
        "task {number}: changed in {count} commits", number=number, count=len({row["commit"] for row in rows})
    )
    if left_out:
        summary = Message(
            "{summary}; left out, as their data was not valid: {commits}", summary=summary, commits=tuple(left_out)
        )
    if repository.is_shallow():
        summary = Message("{summary}; this clone is shallow: older commits are not in it", summary=summary)
    # The task is the question's: each row says when, by whom, and what changed.
    columns = ("date", "author", "commit", *(c for c in CHANGE_COLUMNS if c not in ("number", "name")))
    return changes_listing(rows, summary, noun="history", made_by=COMMIT_FIELDS, columns=columns)


# The data before the first commit: nothing, so everything in the first commit is added.
_EMPTY = Records(dict.fromkeys(DATA_FILES, "{}"), "{}")
