from stdplan.cli import app

app(prog_name="stdplan")
