"""Measure every row of issue 14's table side by side, with its reference, and write bench/README.md.

Run with the project's virtualenv: python bench/run.py [--sizes 121,1000,10000,50000,100000] [--runs 5]
[--markdown FILE]
"""

import argparse
import datetime
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SHIPPED_DATA = BENCH_DIR.parent / "data"
GENERATOR = BENCH_DIR / "generate.py"
README = BENCH_DIR / "README.md"
# Generated data is kept between runs: 100,000 records take some 25 s and 900 MiB to generate.
DATA_CACHE = Path(tempfile.gettempdir()) / "stdplan-bench-data"
MARKER = "<!-- bench/run.py rewrites everything below this line; the text above it is kept as written. -->"
SHIPPED_SIZE = 121
DEFAULT_SIZES = (SHIPPED_SIZE, 1_000, 10_000, 50_000, 100_000)
DEFAULT_RUNS = 5
DATA_FILES = ("national_list.yaml", "tasks.yaml", "units.yaml")
LEAD = "市公安局"
CITY = "重庆"
TYPED_LEAD = "市"

# Row labels: stdplan's commands, then the references they are compared with.
VALIDATE_COLD = "validate (cold)"
VALIDATE_WARM = "validate (warm)"
TASKS = "tasks --lead (warm)"
ITEMS = "items --city (warm)"
TAB = f"TAB tasks --lead {TYPED_LEAD} (warm)"
BRIEF = "brief overview docx (warm)"
C_LOADER_PARSE = "C-loader parse"
JQ_TASKS = "jq tasks --lead"
JQ_ITEMS = "jq items --city"
HELLO = "typer hello"
HELLO_TAB = "typer hello TAB"
IMPORT_STACK = "import stack"

# Each row's ratios, against the references of issue 14's table (and Typer's hello for the rest).
RATIOS = {
    VALIDATE_COLD: (C_LOADER_PARSE,),
    VALIDATE_WARM: (HELLO,),
    TASKS: (HELLO, JQ_TASKS),
    ITEMS: (HELLO, JQ_ITEMS),
    TAB: (HELLO_TAB,),
    BRIEF: (HELLO,),
}
# jq answers the same question as these rows: the two must find as many records, or the ratio means nothing.
SAME_QUESTION = {TASKS: JQ_TASKS, ITEMS: JQ_ITEMS}

HELLO_APP = """import typer

app = typer.Typer()


def names(incomplete: str) -> list[str]:
    return [name for name in ("Camila", "Carlos", "Sebastian") if name.startswith(incomplete)]


@app.command()
def main(name: str = typer.Option("World", autocompletion=names)) -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app(prog_name="hello")
"""
IMPORT_STACK_CODE = 'import typer, pydantic, ruamel.yaml; print("imported")'
C_LOADER = f"""import gc, sys
from pathlib import Path
from ruamel.yaml import YAML

yaml = YAML(typ="safe")
gc.disable()
data = [yaml.load(Path(sys.argv[1], name)) for name in {DATA_FILES!r}]
gc.enable()
print(len(data[0]["items"]) + len(data[1]["tasks"]), "records")
"""
# Run as child processes so that the runner's own RSS, the floor of every child's peak RSS (wait4 counts the
# memory of the process a child was spawned from), stays small.
TO_JSON = f"""import json, sys
from pathlib import Path
from ruamel.yaml import YAML

yaml = YAML(typ="safe")
data = {{name: yaml.load(Path(sys.argv[1], name)) for name in {DATA_FILES!r}}}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(data, out, ensure_ascii=False, default=str)
"""
COUNT_RECORDS = """import json, sys

with open(sys.argv[1], encoding="utf-8") as printed:
    records = json.load(printed)
if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
    sys.exit("not a JSON list of records")
if not records:
    sys.exit("an empty list: no record answers the question")
print(len(records))
"""
STACK = """import importlib.metadata, ruamel.yaml
print(ruamel.yaml.CParser is not None, importlib.metadata.version("typer"))
"""
# jq reads the same data stdplan does, all three files, as one JSON document, and answers the same question.
JQ_TASKS_FILTER = '[."tasks.yaml".tasks[] | select(any(.lead[]; . == $lead))]'
# An item reaches a city named in its cities, or any pilot the list addresses (CITY is one) through its open_to
# (queries.assignment_for); like stdplan, jq adds the item's level (from its section) and how it reaches the city.
JQ_ITEMS_FILTER = (
    '(."national_list.yaml".sections | map({key: .number, value: .level}) | from_entries) as $level'
    ' | [."national_list.yaml".items[] | (if any(.cities[]?; . == $city) then "named" else .open_to end) as $how'
    " | select($how != null) | . + {level: $level[.section], assignment: $how}]"
)


class WrongOutput(Exception):
    """A command exited 0 but did not print (or write) what it should have."""


# Given the file a run's stdout went to: a short account of the answer ("17 records", or "" when there is
# nothing to count), or WrongOutput.
Check = Callable[[Path], str]


@dataclass(frozen=True)
class Command:
    """One row: the command line, extra environment, and how to tell that it did its job."""

    label: str
    argv: list[str]
    check: Check
    env: Mapping[str, str] = field(default_factory=dict)
    reference: bool = False


@dataclass(frozen=True)
class Result:
    """One measured row: median wall time, peak RSS and the answer, or why it failed."""

    label: str
    median_ms: float = 0.0
    peak_mib: float = 0.0
    answer: str = ""
    error: str | None = None
    reference: bool = False


@dataclass(frozen=True)
class Target:
    """A goal of issue 14 for one row at one size: a factor of a reference's median time, or an absolute limit."""

    size: int
    label: str
    limit: float
    unit: str = "ms"
    reference: str | None = None


TARGETS = (
    Target(SHIPPED_SIZE, TASKS, 0.5, reference=HELLO),
    Target(SHIPPED_SIZE, ITEMS, 0.5, reference=HELLO),
    Target(SHIPPED_SIZE, TAB, 0.5, reference=HELLO_TAB),
    Target(10_000, TASKS, 1.5, reference=JQ_TASKS),
    Target(10_000, ITEMS, 2, reference=JQ_ITEMS),
    Target(10_000, VALIDATE_COLD, 1.3, reference=C_LOADER_PARSE),
    Target(100_000, VALIDATE_COLD, 60_000),
    Target(100_000, VALIDATE_COLD, 600, unit="MB"),
)


def parse_sizes(text: str) -> list[int]:
    """Comma-separated positive record counts, duplicates dropped."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return list(dict.fromkeys(sizes))


def parse_runs(text: str) -> int:
    """A positive run count."""
    runs = int(text)
    if runs < 1:
        raise argparse.ArgumentTypeError("--runs must be at least 1")
    return runs


def parse_args() -> argparse.Namespace:
    """The command line: --sizes, --runs, --markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES), help="record counts, e.g. 121,1000")
    parser.add_argument("--runs", type=parse_runs, default=DEFAULT_RUNS, help="timed runs per command")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=README,
        help="file to write the report to, below its marker (default: %(default)s)",
    )
    return parser.parse_args()


def find_stdplan() -> Path:
    """The stdplan console script of the virtualenv running this file."""
    stdplan = Path(sys.executable).parent / "stdplan"
    if not stdplan.is_file():
        raise SystemExit(f"error: {stdplan} not found; use the python of the virtualenv stdplan is installed in")
    return stdplan


# Not passed on: STDPLAN_DATA (--data or the shipped copy decides), and PYTHONDONTWRITEBYTECODE, which a
# sandbox may set and no installed Python has: without bytecode every module is compiled again on every
# run, which measures the compiler, not the command (the warm-up run writes the bytecode).
_NOT_PASSED_ON = ("STDPLAN_DATA", "PYTHONDONTWRITEBYTECODE")


def base_env() -> dict[str, str]:
    """os.environ as a user's shell has it, with colour off."""
    env = {key: value for key, value in os.environ.items() if key not in _NOT_PASSED_ON}
    env["NO_COLOR"] = "1"
    return env


def shell_word(word: str) -> str:
    """A word as it would be typed in a shell: quoted only when it has to be, so Chinese stays readable."""
    return word if re.fullmatch(r"[\w@%+=:,./-]+", word) else shlex.quote(word)


# --- checks of what a command printed ------------------------------------------------------------------


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def printed_something(stdout: Path) -> str:
    if stdout.stat().st_size == 0:
        raise WrongOutput("printed nothing")
    return ""


def json_records(stdout: Path) -> str:
    """A non-empty JSON list of records, counted in a child so that the runner's RSS stays small."""
    proc = subprocess.run([sys.executable, "-c", COUNT_RECORDS, str(stdout)], capture_output=True, text=True)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        raise WrongOutput(lines[-1] if lines else "not a JSON list of records")
    return counted(int(proc.stdout), "record")


def completion_of(typed: str) -> Check:
    """A check that the completion printed candidates, one a line, each starting with what was typed (a
    protocol misread would list commands or options instead)."""

    def check(stdout: Path) -> str:
        candidates = [line for line in stdout.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not candidates:
            raise WrongOutput("no completion candidate")
        if wrong := [candidate for candidate in candidates if not candidate.startswith(typed)]:
            raise WrongOutput(f"candidate {wrong[0]!r} does not start with {typed!r}")
        return counted(len(candidates), "candidate")

    return check


def wrote_docx(path: Path) -> Check:
    """A check that `path` is a new Word file (a zip); it is then removed, so that the next run must write it."""

    def check(_stdout: Path) -> str:
        try:
            with path.open("rb") as docx:
                magic = docx.read(4)
        except FileNotFoundError:
            raise WrongOutput(f"{path.name} not written") from None
        path.unlink()
        if magic != b"PK\x03\x04":
            raise WrongOutput(f"{path.name} is not a Word file")
        return ""

    return check


# --- data --------------------------------------------------------------------------------------------


def data_entry(size: int) -> Path:
    """Where the data of `size` records is kept: keyed by what it is made from, so a change makes new data.
    CRC-32 is enough to see a change, and hashlib would load OpenSSL: the runner's RSS is every child's floor."""
    crc = zlib.crc32(TO_JSON.encode())
    for path in (GENERATOR, *(SHIPPED_DATA / name for name in DATA_FILES)):
        crc = zlib.crc32(path.read_bytes(), crc)
    return DATA_CACHE / f"{size}-{crc:08x}"


def prepare_data(size: int) -> tuple[Path, Path]:
    """The data directory of `size` records (the shipped one at SHIPPED_SIZE) and the same data as one JSON
    document for jq, made once and kept in DATA_CACHE."""
    entry = data_entry(size)
    data = SHIPPED_DATA if size == SHIPPED_SIZE else entry / "data"
    if entry.is_dir():
        print(f"  data: {entry} (kept from an earlier run)", file=sys.stderr, flush=True)
        return data, entry / "data.json"
    DATA_CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{entry.name}.", dir=DATA_CACHE))
    try:
        start = time.perf_counter()
        if size != SHIPPED_SIZE:
            generate(size, staging / "data")
        source = SHIPPED_DATA if size == SHIPPED_SIZE else staging / "data"
        subprocess.run([sys.executable, "-c", TO_JSON, str(source), str(staging / "data.json")], check=True)
        print(f"  data: made in {time.perf_counter() - start:.1f} s, kept in {entry}", file=sys.stderr, flush=True)
        # Complete or not there at all; another run that made it first wins.
        try:
            staging.rename(entry)
        except OSError:
            if not entry.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return data, entry / "data.json"


def generate(size: int, out: Path) -> None:
    """Generated data of `size` records in `out`."""
    cmd = [sys.executable, str(GENERATOR), "--records", str(size), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    missing = [name for name in DATA_FILES if not (out / name).is_file()]
    if missing:
        raise SystemExit(f"error: {GENERATOR.name} did not write {', '.join(missing)} into {out}")


# --- the rows ----------------------------------------------------------------------------------------


def data_option(size: int, data: Path) -> list[str]:
    """The shipped data is asked for as a user would, without --data (the working directory has no ./data)."""
    return [] if size == SHIPPED_SIZE else ["--data", str(data)]


def commands(stdplan: Path, size: int, data: Path, as_json: Path, work: Path, hello: Path) -> list[Command]:
    """Every row of one data set: stdplan's commands, then the references."""
    exe, python = str(stdplan), sys.executable
    data_opt = data_option(size, data)
    typed = ["stdplan", "tasks", *map(shell_word, data_opt), "--lead", TYPED_LEAD]
    docx = work / "brief.docx"
    rows = [
        Command(VALIDATE_COLD, [exe, "validate", *data_opt, "--no-cache"], printed_something),
        Command(VALIDATE_WARM, [exe, "validate", *data_opt], printed_something),
        Command(TASKS, [exe, "tasks", "--lead", LEAD, "--format", "json", *data_opt], json_records),
        Command(ITEMS, [exe, "items", "--city", CITY, "--format", "json", *data_opt], json_records),
        # Typer 0.29's bash protocol (typer/_completion_classes.py, BashComplete): the words typed so far and
        # the index of the one being completed; the candidates come one a line.
        Command(
            TAB,
            [exe],
            completion_of(TYPED_LEAD),
            env={
                "_STDPLAN_COMPLETE": "complete_bash",
                "COMP_WORDS": " ".join(typed),
                "COMP_CWORD": str(len(typed) - 1),
            },
        ),
        Command(
            BRIEF,
            [exe, "brief", "overview", "--format", "docx", "--output", str(docx), "--force", *data_opt],
            wrote_docx(docx),
        ),
        Command(C_LOADER_PARSE, [python, "-c", C_LOADER, str(data)], printed_something, reference=True),
    ]
    jq = shutil.which("jq")
    if jq:
        rows += [
            Command(JQ_TASKS, [jq, "--arg", "lead", LEAD, JQ_TASKS_FILTER, str(as_json)], json_records, reference=True),
            Command(JQ_ITEMS, [jq, "--arg", "city", CITY, JQ_ITEMS_FILTER, str(as_json)], json_records, reference=True),
        ]
    return [
        *rows,
        Command(HELLO, [python, str(hello)], printed_something, reference=True),
        Command(
            HELLO_TAB,
            [python, str(hello)],
            completion_of("C"),
            env={"_HELLO_COMPLETE": "complete_bash", "COMP_WORDS": "hello --name C", "COMP_CWORD": "2"},
            reference=True,
        ),
        Command(IMPORT_STACK, [python, "-c", IMPORT_STACK_CODE], printed_something, reference=True),
    ]


# --- measuring ---------------------------------------------------------------------------------------


@dataclass
class Runs:
    """What one row's runs have given so far."""

    command: Command
    times: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    answer: str = ""
    error: str | None = None

    def result(self) -> Result:
        label, reference = self.command.label, self.command.reference
        if self.error:
            return Result(label, error=self.error, reference=reference)
        median = statistics.median(self.times) * 1000
        return Result(label, median, self.peak_mib, self.answer, reference=reference)


def run_once(command: Command, env: Mapping[str, str], cwd: Path, out: Path) -> tuple[float, int, float]:
    """Run the command once, its output in out/stdout and out/stderr: wall seconds, exit code and peak RSS (MiB)."""
    with (out / "stdout").open("wb") as stdout, (out / "stderr").open("wb") as stderr:
        start = time.perf_counter()
        with subprocess.Popen(
            command.argv, env={**env, **command.env}, cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr
        ) as proc:
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss / 1024


def last_line(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return f": {lines[-1]}" if lines else ""


def measure(rows: Sequence[Command], env: Mapping[str, str], cwd: Path, out: Path, runs: int) -> list[Result]:
    """A warm-up run of every row, then `runs` rounds of one run each: a row and its reference take turns, so a
    change in the machine's load hits both. Every run's exit code and output are checked; a row that fails once
    is reported as failed and run no more."""
    states = [Runs(command) for command in rows]
    for attempt in range(runs + 1):
        print(f"  {'warm-up' if attempt == 0 else f'round {attempt}/{runs}'}", file=sys.stderr, flush=True)
        for state in states:
            if state.error:
                continue
            elapsed, code, rss = run_once(state.command, env, cwd, out)
            if code != 0:
                state.error = f"failed (exit {code}{last_line(out / 'stderr')})"
                continue
            try:
                state.answer = state.command.check(out / "stdout")
            except WrongOutput as wrong:
                state.error = f"failed (exit 0, but {wrong})"
                continue
            if attempt:
                state.times.append(elapsed)
                state.peak_mib = max(state.peak_mib, rss)
    return [state.result() for state in states]


def prime_cache(stdplan: Path, size: int, data: Path, env: Mapping[str, str], cwd: Path, cache: Path) -> None:
    """Fill the private cache from which the warm rows are answered, and make sure it was written."""
    proc = subprocess.run(
        [str(stdplan), "validate", *data_option(size, data)], env=env, cwd=cwd, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"error: stdplan validate of {size} records exited {proc.returncode}:\n{proc.stderr}")
    if not cache.is_dir() or not any(cache.iterdir()):
        raise SystemExit(f"error: stdplan validate wrote no cache entry into {cache}; the warm rows would be cold")


def bench_size(size: int, tmp: Path, stdplan: Path, hello: Path, runs: int) -> tuple[list[Result], list[str]]:
    """Every row on data of `size` records, in an empty working directory with a cache of its own; and the
    rows' command lines, as the report shows them."""
    print(f"size {size}:", file=sys.stderr, flush=True)
    data, as_json = prepare_data(size)
    work = tmp / f"size-{size}"
    cwd, cache, out = work / "cwd", work / "cache", work / "out"
    for folder in (cwd, out):
        folder.mkdir(parents=True)
    env = {**base_env(), "STDPLAN_CACHE_DIR": str(cache)}
    prime_cache(stdplan, size, data, env, cwd, cache)
    rows = commands(stdplan, size, data, as_json, work, hello)
    shown = {
        str(as_json): "DATA.json",
        str(data): "DATA",
        str(work): "WORK",
        str(hello): "hello.py",
        str(stdplan): "stdplan",
        sys.executable: "python",
        shutil.which("jq") or "jq": "jq",
    }
    return measure(rows, env, cwd, out, runs), command_lines(rows, shown)


# --- the report --------------------------------------------------------------------------------------


def proc_field(path: str, key: str) -> str | None:
    """The value of the first `key: value` line of a /proc file."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def program_output(cmd: Sequence[str], env: Mapping[str, str]) -> str | None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def header(stdplan: Path, runs: int, load: float) -> list[str]:
    """Machine, versions and method, and whether these are figures to keep."""
    env = base_env()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    mem_kib = proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kib.split()[0]) / 1024**2:.1f} GiB RAM" if mem_kib else "RAM unknown"
    version = program_output([str(stdplan), "--version"], env) or "stdplan version unknown"
    c_parser, typer_version = (program_output([sys.executable, "-c", STACK], env) or "False unknown").split()
    jq = shutil.which("jq")
    jq_version = (program_output([jq, "--version"], env) if jq else None) or "no jq"
    cpus = os.cpu_count() or 1
    lines = [
        f"{now} · {cpu} × {cpus} CPUs · {ram} · load average {load:.2f} at start · {platform.platform()} · "
        f"Python {platform.python_version()} · {version} · Typer {typer_version} · {jq_version} · "
        f"ruamel.yaml C parser: {'yes' if c_parser == 'True' else 'no'}",
        "",
        f"Each row: median wall time of {runs} run{'s' if runs > 1 else ''} after 1 warm-up run, the rows of a size "
        "taking turns (one run of each per round); peak = max RSS over the timed runs. Every run's exit code and "
        "output are checked (the JSON parses to records, the completion prints candidates, the docx is written); "
        "output = what the last run answered.",
    ]
    if runs < DEFAULT_RUNS:
        lines += ["", f"**Smoke run:** {runs} run(s) per row, fewer than {DEFAULT_RUNS}; not figures to keep."]
    if load >= cpus / 2:
        lines += ["", f"**Busy machine:** load average {load:.2f} on {cpus} CPUs at start; the figures are noisy."]
    if c_parser != "True":
        lines += ["", "**Warning:** ruamel.yaml.clib is not installed, so the C-loader reference uses the pure parser."]
    if jq is None:
        lines += ["", "**Note:** jq not found; its rows are left out and the targets against them not judged."]
    return lines


def disagreement(label: str, by_label: Mapping[str, Result]) -> str | None:
    """How stdplan's answer differs from jq's to the same question, if it does."""
    ours, theirs = by_label.get(label), by_label.get(SAME_QUESTION.get(label, ""))
    if ours is None or theirs is None or ours.error or theirs.error or ours.answer == theirs.answer:
        return None
    return f"answers differ: {label} {ours.answer}, {theirs.label} {theirs.answer}"


def ratio_cell(result: Result, by_label: Mapping[str, Result]) -> str:
    """The ratios to the row's references ("1.23× jq tasks --lead"), blank for references and failures."""
    if result.error:
        return ""
    if differs := disagreement(result.label, by_label):
        return differs
    ratios = []
    for name in RATIOS.get(result.label, ()):
        reference = by_label.get(name)
        if reference is not None and not reference.error:
            ratios.append(f"{result.median_ms / reference.median_ms:.2f}× {name}")
    return " · ".join(ratios)


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(size: int, results: Sequence[Result]) -> list[str]:
    """The Markdown table of one data set."""
    by_label = {result.label: result for result in results}
    title = "shipped data" if size == SHIPPED_SIZE else "generated"
    lines = [
        f"## {size} records ({title})",
        "",
        "| row | median ms | peak MiB | output | ratio |",
        "|---|--:|--:|---|---|",
    ]
    for result in results:
        if result.error:
            lines.append(f"| {result.label} | {cell(result.error)} | | | |")
        else:
            lines.append(
                f"| {result.label} | {result.median_ms:.1f} | {result.peak_mib:.1f} | {result.answer} "
                f"| {cell(ratio_cell(result, by_label))} |"
            )
    return lines


def command_lines(rows: Sequence[Command], shown: Mapping[str, str]) -> list[str]:
    """Each row's command line as a shell would take it, the long paths by the names in `shown` (the longest
    replaced first: DATA.json's path starts with DATA's) and the C loader's script by its name."""

    def show(word: str) -> str:
        for path in sorted(shown, key=len, reverse=True):
            word = word.replace(path, shown[path])
        return '"$C_LOADER"' if word == C_LOADER else shell_word(word)

    lines = []
    for command in rows:
        env = [f"{name}={show(value)}" for name, value in command.env.items()]
        lines.append(f"- {command.label}: `{' '.join([*env, *map(show, command.argv)])}`")
    return lines


def describe(target: Target) -> str:
    """The goal in words, such as "10000 records: validate (cold) ≤ 1.3 × C-loader parse"."""
    if target.reference:
        goal = f"≤ {target.limit:g} × {target.reference}"
    elif target.unit == "MB":
        goal = f"peak RSS < {target.limit:g} MB ({target.limit * 1e6 / 2**20:.1f} MiB)"
    else:
        goal = f"< {target.limit / 1000:g} s"
    return f"{target.size} records: {target.label} {goal}"


def judge(target: Target, by_label: Mapping[str, Result] | None) -> str:
    """One goal's line: met / not met with the figures, or why it could not be judged."""
    name = f"- {describe(target)}"
    result = None if by_label is None else by_label.get(target.label)
    if by_label is None or result is None:
        return f"{name}: not measured in this run"
    if result.error:
        return f"{name}: not met ({result.error})"
    if target.reference is None:
        if target.unit == "MB":
            mb = result.peak_mib * 2**20 / 1e6
            return f"{name}: {'met' if mb < target.limit else 'not met'} ({result.peak_mib:.1f} MiB = {mb:.1f} MB)"
        met = result.median_ms < target.limit
        return f"{name}: {'met' if met else 'not met'} ({result.median_ms / 1000:.2f} s)"
    reference = by_label.get(target.reference)
    if reference is None or reference.error:
        return f"{name}: not judged ({target.reference} {reference.error if reference else 'not measured'})"
    if differs := disagreement(target.label, by_label):
        return f"{name}: not judged ({differs})"
    bound = target.limit * reference.median_ms
    ratio = result.median_ms / reference.median_ms
    return (
        f"{name}: {'met' if result.median_ms <= bound else 'not met'} ({ratio:.2f}×: {result.median_ms:.1f} ms vs "
        f"{target.limit:g} × {reference.median_ms:.1f} ms = {bound:.1f} ms)"
    )


def targets_section(by_size: Mapping[int, Mapping[str, Result]]) -> list[str]:
    """Every goal of issue 14, met or not at the sizes run."""
    return ["## Targets", "", *(judge(target, by_size.get(target.size)) for target in TARGETS)]


def kept_text(path: Path) -> str:
    """The hand-written text above MARKER in `path`; nothing when the file or the marker is not there."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    before, marker, _ = text.partition(MARKER)
    return before if marker else ""


def main() -> None:
    args = parse_args()
    stdplan = find_stdplan()
    if any(size != SHIPPED_SIZE for size in args.sizes) and not GENERATOR.is_file():
        raise SystemExit(f"error: {GENERATOR} not found; it generates every size but {SHIPPED_SIZE}")
    lines = header(stdplan, args.runs, os.getloadavg()[0])
    by_size: dict[int, dict[str, Result]] = {}
    with tempfile.TemporaryDirectory(prefix="stdplan-bench-") as tmp:
        hello = Path(tmp, "hello.py")
        hello.write_text(HELLO_APP, encoding="utf-8")
        for size in args.sizes:
            results, shown_rows = bench_size(size, Path(tmp), stdplan, hello, args.runs)
            by_size[size] = {result.label: result for result in results}
            lines += ["", *table(size, results)]
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += [
        "",
        f"Peak MiB comes from wait4: on Linux a child's peak starts at the RSS of the runner it is spawned from "
        f"({floor:.1f} MiB here), so values near that are a floor, not the command's own footprint.",
        "",
        f"## Command lines ({args.sizes[-1]} records)",
        "",
        *shown_rows,
        "",
        "DATA is the data set's folder and DATA.json the same data as one JSON document (jq's input); WORK is a "
        "temporary folder, and every row runs in an empty one. On the shipped data stdplan's rows have no --data and "
        "read the shipped copy, as a user's command does. C_LOADER and hello.py are C_LOADER and HELLO_APP in "
        "bench/run.py.",
        "",
        *targets_section(by_size),
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    args.markdown.write_text(f"{kept_text(args.markdown)}{MARKER}\n\n{report}", encoding="utf-8")


if __name__ == "__main__":
    main()
