"""The plan's deadlines (deadlines.py) as an iCalendar file (RFC 5545) that Outlook, WPS and phone
calendars import: an all-day event per date, with a reminder a week before.

The events are Chinese whatever the terminal speaks, like the handouts: they go into the calendars of
people reading the plan in Chinese. The texts from the data are kept character for character.

The same data gives the same bytes: UIDs come from what each date is (deadlines.Deadline.key and
the plan), and the stamp every event needs (DTSTAMP) is the day of the newest fact the data records,
not the time the file was made. icalendar (imported here only, so only this command pays for it)
writes CRLF line ends and folds lines at 75 octets between characters, never inside one.
"""

from __future__ import annotations

import datetime

from stdplan.deadlines import Deadline, deadlines, latest_fact, plan_key
from stdplan.i18n import handout_speaker
from stdplan.messages import Label, Message
from stdplan.queries import resolve_unit
from stdplan.records import Records

PRODUCT = "-//stdplan//stdplan calendar//ZH"
UID_DOMAIN = "stdplan"
REMINDER = datetime.timedelta(days=-7)


def calendar_file(ds: Records, unit: str | None = None) -> bytes:
    """The iCalendar file of the plan's deadlines, or of one unit's (`unit`, any of its names; a name
    that matches no unit is a UsageError)."""
    import icalendar  # some 90 ms: only the calendar needs it

    found = deadlines(ds, unit)
    chinese = handout_speaker()
    title = ds.plan["plan"]["title"]
    name = chinese.say(
        Message("{title} deadlines", title=title)
        if unit is None
        else Message("{title} deadlines: {unit}", title=title, unit=resolve_unit(ds, unit))
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what Outlook, Google and Apple read
    stamp = datetime.datetime.combine(latest_fact(ds), datetime.time(), tzinfo=datetime.UTC)
    plan = plan_key(ds)
    for deadline in found:
        summary = chinese.say(_summary(deadline))
        event = icalendar.Event()
        event.add("uid", f"{deadline.key}-{plan}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)  # a date: VALUE=DATE, an all-day event
        event.add("dtend", deadline.day + datetime.timedelta(days=1))  # the day after, as RFC 5545 counts
        event.add("summary", summary)
        event.add("description", "\n".join(chinese.say(line) for line in _description(deadline)))
        event.add("transp", "TRANSPARENT")  # a date to keep, not time taken: the day stays free
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", chinese.say(Message("A week to go: {summary}", summary=summary)))
        alarm.add("trigger", REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def _summary(deadline: Deadline) -> Message:
    if deadline.kind == "phase":
        return Message("Phase {number} {name} deadline", number=deadline.number, name=deadline.title)
    if deadline.kind == "task":
        return Message("Task {number} {title} deadline", number=deadline.number, title=deadline.title)
    return Message(
        "Standard {stage}: {title} (task {task})", stage=deadline.stage, title=deadline.title, task=deadline.number
    )


def _description(deadline: Deadline) -> list[object]:
    """The event's lines: a phase's text and deadline; a task's units and the phase it is due by; a
    standard's level, number and its task's units."""
    if deadline.kind == "phase":
        return [deadline.content, Message("Deadline: {deadline}", deadline=deadline.deadline_text)]
    lines: list[object] = []
    if deadline.kind == "standard":
        lines.append(Message("Level: {level}", level=Label("level", deadline.level)))
        if deadline.code:
            lines.append(Message("Code: {code}", code=deadline.code))
    lines += [
        Message("Lead units: {units}", units=deadline.lead_text),
        Message("Responsible units: {units}", units=deadline.responsible_text),
    ]
    if deadline.kind == "task" and deadline.phase is not None:
        phase = deadline.phase
        lines.append(
            Message(
                "Deadline: {deadline} (phase {number} {name})",
                deadline=deadline.deadline_text,
                number=phase["number"],
                name=phase["name"],
            )
        )
    return lines
