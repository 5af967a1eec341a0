"""The meeting handouts: an overview, a unit's or a city's paper, the 督办 meeting's, in Markdown or Word."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from stdplan import arguments
from stdplan.atomic import refuse_existing
from stdplan.briefing import BriefFormat, BriefKind
from stdplan.cli.options import (
    DataOption,
    ForceOption,
    NoCacheOption,
    choice_of,
    completions,
    day,
    output_option,
    since_option,
    unit_option,
)
from stdplan.cli.run import deliver, invalid_data, usage_errors, valid_records
from stdplan.cli.words import Commands
from stdplan.i18n import _
from stdplan.messages import Message
from stdplan.names import NameIndex
from stdplan.output import choose_format
from stdplan.problems import TemplateInvalid, UsageError
from stdplan.records import Records
from stdplan.reporting import format_problem
from stdplan.settings import resolve_data_dir

commands = Commands()


def _brief_names(records: Records, ctx: typer.Context) -> NameIndex | None:
    kind = ctx.params.get("kind")
    return records.unit_names if kind == BriefKind.unit else records.pilot_names if kind == BriefKind.city else None


@commands.command(help=_("A meeting handout in Markdown or Word, from the templates."))
def brief(
    kind: Annotated[
        BriefKind,
        typer.Argument(
            help=_(
                "overview (the whole plan), unit (one department's tasks), city (the national items of one pilot) "
                "or meeting (the tasks not done, for a 督办 meeting)."
            ),
            metavar="overview|unit|city|meeting",
            **choice_of(BriefKind),
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            help=_("The unit or city, written as in queries."),
            metavar=_("NAME"),
            autocompletion=completions(_brief_names),
            show_default=False,
        ),
    ] = None,
    brief_format: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_("md or docx (default: from --output's suffix, else md)."),
            show_default=False,
            **choice_of(BriefFormat),
        ),
    ] = None,
    output: Annotated[Path | None, output_option(_("Write to this file (needed for docx) instead of stdout."))] = None,
    force: ForceOption = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            help=_("Templates (and brief.docx) that replace the shipped ones of the same name."),
            metavar=_("DIR"),
            parser=arguments.path,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help=_("Title of the handout (default: the template's)."))] = None,
    unit: Annotated[str | None, unit_option(_("The meeting paper: only this unit's tasks."))] = None,
    on: Annotated[
        date | None,
        typer.Option(
            "--date",
            help=_("Date on the handout, YYYY-MM-DD (default: today)."),
            metavar=_("DATE"),
            parser=arguments.day,
        ),
    ] = None,
    since: Annotated[
        date | None,
        since_option(
            _("The meeting paper: add what changed since this day, the last meeting's (needs the data in git).")
        ),
    ] = None,
    with_national: Annotated[
        bool,
        typer.Option(
            "--with-national",
            help=_("The unit handout: each task's national item (title, scope, level) beside the task's words."),
        ),
    ] = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from stdplan.briefing import Changes, make_brief, refuse_meeting_only, refuse_unit_only

    with usage_errors():
        refuse_meeting_only(kind, unit=unit, changes=since is not None)
        refuse_unit_only(kind, with_national=with_national)
        chosen = choose_format(brief_format, output, default=BriefFormat.md)
        refuse_existing(output, replace=force)  # before the work, not after it
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(Message("template directory not found: {path}", path=template_dir))
    records = valid_records(data, no_cache)
    changes = None
    if since is not None:
        from stdplan.revisions import changes_since

        with usage_errors(), invalid_data():
            changes = Changes(since, changes_since(resolve_data_dir(data), since, records))
    try:
        with usage_errors():
            content = make_brief(
                records,
                kind,
                name,
                chosen,
                title=title,
                date=day(on),
                unit=unit,
                template_dir=template_dir,
                changes=changes,
                with_national=with_national,
            )
            deliver(content, output, force)
    except TemplateInvalid as error:
        typer.echo(format_problem(error.problem), err=True)
        raise typer.Exit(1) from None
