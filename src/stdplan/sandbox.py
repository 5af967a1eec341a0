"""The Jinja environment handouts are rendered in: a sandbox, with limits on the work and the output.

Templates come from the user as well as from stdplan (`--template-dir`), and a template is a
program. Jinja's ImmutableSandboxedEnvironment keeps it from Python's insides (no `__class__`, no
`os`) and from changing the data it is given (no `list.append`); it leaves the time and space a
template takes to its host. Here every loop round and every call counts against one budget, powers
and repetitions may not grow past what a handout could hold, `render` stops the output past a
length, and (where the system allows) the processor time and memory a template takes are bounded.
A handout is a few pages (the longest shipped one some 8,000 characters): the limits are hundreds
of times that, so only a runaway template meets them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from stdplan.messages import Message

MOST_STEPS = 1_000_000  # loop rounds and calls in one handout
LONGEST_OUTPUT = 2_000_000  # characters of one handout
MOST_SECONDS = 20.0  # of processor time; the shipped handouts take a few hundredths
MOST_MEMORY = 256 << 20  # bytes a template may take beyond what the process holds before it runs
_COUNTED = "stdplan_counted"  # the filter every loop's sequence passes through


class Overrun(Exception):
    """A template did more than any handout needs. Raised inside the template's own code, so that the
    traceback names its file and line."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.template)
        self.message = message


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, counting the work a template does."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.filters[_COUNTED] = self._counted
        # Filler text is made by a loop in Python, out of the budget's sight; no handout needs it.
        del self.globals["lipsum"]

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every `{% for %}` iterates through the budget. Jinja has no hook for loops, so the parsed
        template is rewritten: `for x in seq` becomes `for x in seq|stdplan_counted`."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None, lineno=loop.iter.lineno)
        return tree

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self._step()
        if isinstance(obj, LoopContext) and args:  # a recursive loop's loop(children) loops again
            args = (self._counted(args[0]), *args[1:])
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if (operator == "**" and _huge_power(left, right)) or (operator == "*" and _long_repeat(left, right)):
            raise Overrun(Message("the template computes a value too large for a handout"))
        return super().call_binop(context, operator, left, right)

    def render(self, template_name: str, context: dict[str, Any]) -> str:
        """The template's output, stopped (at the template's line) once it is longer than any handout.

        Memory is bounded too, where the system allows it: a value built in one go ("x"|center(10**9),
        "%0999999999d" % 1) is refused by the system as MemoryError before it is made.
        """
        pieces: list[str] = []
        length = 0
        with _memory_bounded(MOST_MEMORY), _time_bounded(MOST_SECONDS):  # compiling too: Jinja folds constants
            stream = self.get_template(template_name).generate(context)
            for piece in stream:
                length += len(piece)
                if length > LONGEST_OUTPUT:
                    count = f"{LONGEST_OUTPUT:,}"
                    message = Message("the template writes more than {count} characters", count=count)
                    stream.throw(Overrun(message))  # raised where the template stands, which Jinja then names
                pieces.append(piece)
        return "".join(pieces)

    def _counted(self, values: Iterable[Any]) -> Iterator[Any]:
        for value in values:
            self._step()
            yield value

    def _step(self) -> None:
        self.steps += 1
        if self.steps > MOST_STEPS:
            raise Overrun(
                Message(
                    "the template runs more than {count} loop rounds and calls (a loop inside a loop too many?)",
                    count=f"{MOST_STEPS:,}",
                )
            )


@contextmanager
def _time_bounded(seconds: float) -> Iterator[None]:
    """At most `seconds` of processor time inside: work the step budget does not see (a filter over
    a long range, in every round of a loop) is stopped too. Where there is a profiling timer (not
    Windows) and in the main thread, where signals arrive."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signal: int, _frame: object) -> None:  # raised in the template's code, which Jinja names
        raise Overrun(Message("the template runs longer than {seconds} seconds", seconds=f"{seconds:g}"))

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@contextmanager
def _memory_bounded(extra: int) -> Iterator[None]:
    """At most `extra` more bytes of address space while inside (Linux: /proc tells the size now;
    elsewhere no bound, and the step and output limits still hold)."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    bound = pages * os.sysconf("SC_PAGE_SIZE") + extra
    if soft != resource.RLIM_INFINITY and soft <= bound:  # already as strict: nothing to do
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_LARGEST_BITS = 10_000  # a number of some 3,000 digits: far past any count a handout shows


def _huge_power(base: Any, exponent: Any) -> bool:
    """Whether base ** exponent is a whole number too large to compute quickly (10 ** 10 ** 10 runs for ever)."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0 or abs(base) <= 1:
        return False
    return exponent * abs(base).bit_length() > _LARGEST_BITS


def _long_repeat(left: Any, right: Any) -> bool:
    """Whether text or a list times a number is longer than any handout ("x" * 10 ** 9)."""
    sequence, times = (left, right) if isinstance(right, int) else (right, left)
    if not isinstance(sequence, str | list | tuple) or not isinstance(times, int):
        return False
    return len(sequence) * times > LONGEST_OUTPUT
