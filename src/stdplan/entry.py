"""The console script: the fast front end (fast.py) when it can answer, else the Typer app. A Ctrl-C
during start-up (most of a short command's time) ends without a traceback, with the shell's code for
it, 130; after start-up, click says "Aborted!"."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from stdplan.fast import answer

        code = answer(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from stdplan.cli import app  # most of the start-up time: a Ctrl-C lands here most often
    except KeyboardInterrupt:
        sys.exit(130)  # stopped by the user before anything was done; the shell's code for Ctrl-C
    app(prog_name="stdplan")
