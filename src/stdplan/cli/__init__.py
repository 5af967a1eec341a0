"""The command line: parse options, call the core, hand the result to output. No domain logic here.

main.py is the stdplan command, which gathers one module per family of commands (admin, query, handouts,
schedule, calendar, history, export, edit); they share options.py (the options and the parsing of what is typed), run.py
(errors to exit codes, the shape of a query command) and words.py (Typer's own words in ours).

Every help text is an English msgid said through `_` in the user's language (i18n.py); option names
stay English, since scripts depend on them.
"""

from stdplan.cli.main import app

__all__ = ["app"]
