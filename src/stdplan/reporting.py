"""Turning a validation result into text for people, GitHub annotations for CI, or JSON for programs.

One renderer per format, picked by name; the only place problems become text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from stdplan.i18n import say, writable
from stdplan.loading import Loaded
from stdplan.messages import Message
from stdplan.problems import Problem


class ReportFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, as given otherwise. Links
    are not followed: a problem is told in the file the user named (and a loop of links is no error)."""
    try:
        shown = str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or a working directory removed meanwhile
        shown = str(path)
    return writable(shown)


def _summary_line(result: Loaded) -> str:
    where = display_path(result.directory)
    if result.records is not None:
        return say(
            Message(
                "ok: {items} national items, {tasks} tasks, {units} units, {pilots} pilots ({where})",
                where=where,
                **result.records.summary(),
            )
        )
    files = len({problem.file for problem in result.problems})
    return say(
        Message("{count} problem(s) in {files} file(s) ({where})", count=len(result.problems), files=files, where=where)
    )


def format_problem(problem: Problem) -> str:
    """path:line:col: message [code], the form editors and CI logs turn into links."""
    where = display_path(problem.file)
    if problem.line is not None:
        where += f":{problem.line}" + (f":{problem.column}" if problem.column is not None else "")
    return f"{where}: {say(problem.message)} [{problem.code}]"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_annotation(problem: Problem) -> str:
    properties = [f"file={_escape_property(display_path(problem.file))}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    properties.append(f"title={_escape_property('stdplan ' + problem.code)}")
    return f"::error {','.join(properties)}::{_escape_data(say(problem.message))}"


def _one_line_each(format_one: Callable[[Problem], str]) -> Callable[[Loaded], str]:
    """A renderer writing each problem on its line, then the summary."""
    return lambda result: "\n".join([*map(format_one, result.problems), _summary_line(result)])


def _json(result: Loaded) -> str:
    document = {
        "valid": result.records is not None,
        "data": display_path(result.directory),
        "counts": result.records.summary() if result.records is not None else None,
        "problems": [
            {
                "file": display_path(problem.file),
                "line": problem.line,
                "column": problem.column,
                "code": problem.code,
                "message": say(problem.message),
            }
            for problem in result.problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


RENDERERS: dict[ReportFormat, Callable[[Loaded], str]] = {
    ReportFormat.text: _one_line_each(format_problem),
    ReportFormat.github: _one_line_each(_github_annotation),
    ReportFormat.json: _json,
}


def render_report(result: Loaded, report_format: ReportFormat) -> str:
    return RENDERERS[report_format](result)
