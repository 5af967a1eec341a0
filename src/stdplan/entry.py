"""The console script: the Typer app, and a Ctrl-C during start-up (most of a short command's time)
ended without a traceback, with the shell's code for it, 130; after start-up, click says "Aborted!"."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from stdplan.cli import app  # most of the start-up time: a Ctrl-C lands here most often
    except KeyboardInterrupt:
        sys.exit(130)  # stopped by the user before anything was done; the shell's code for Ctrl-C
    app(prog_name="stdplan")
