"""Benchmark stdplan's commands against baselines and print a Markdown report.

Run with the project's virtualenv: python bench/run.py [--sizes 121,1000,10000,50000] [--runs 5] [--markdown FILE]
"""

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SHIPPED_DATA = BENCH_DIR.parent / "data"
GENERATOR = BENCH_DIR / "generate.py"
SHIPPED_SIZE = 121
DATA_FILES = ("national_list.yaml", "tasks.yaml", "units.yaml")
LEAD = "市公安局"
CITY = "重庆"
MIN_RUNS = 5

HELLO_APP = """import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


if __name__ == "__main__":
    app()
"""
IMPORT_STACK = "import typer, pydantic, ruamel.yaml"
C_LOADER = f"""import gc, sys
from pathlib import Path
from ruamel.yaml import YAML

yaml = YAML(typ="safe")
gc.disable()
for name in {DATA_FILES!r}:
    yaml.load(Path(sys.argv[1], name))
gc.enable()
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
HAS_C_PARSER = "import ruamel.yaml; print(ruamel.yaml.CParser is not None)"
# jq reads the same data stdplan does, all three files, as one JSON document.
JQ_FILTER = f'[."tasks.yaml".tasks[] | select(.lead | index("{LEAD}"))]'

# The baseline each command's ratio is taken against; anything not listed is against "typer hello".
RATIO_BASELINE = {
    "validate (cold)": "C-loader parse",
    "tasks --lead (warm)": "jq",
    "items --city (warm)": "jq",
}
JQ_MIN_SIZE = 1000


@dataclass(frozen=True)
class Result:
    """One measured command: median wall time and peak RSS, or why it failed."""

    label: str
    median_ms: float = 0.0
    peak_mib: float = 0.0
    error: str | None = None
    baseline: bool = False


@dataclass(frozen=True)
class Target:
    """A goal for one command at one size: an absolute limit, or a factor of a baseline's median time."""

    size: int
    label: str
    limit: float
    unit: str = "ms"
    baseline: str | None = None


TARGETS = (
    Target(SHIPPED_SIZE, "tasks --lead (warm)", 1.1, baseline="typer hello"),
    Target(10_000, "tasks --lead (warm)", 2, baseline="jq"),
    Target(10_000, "items --city (warm)", 2, baseline="jq"),
    Target(10_000, "validate (cold)", 1.3, baseline="C-loader parse"),
    Target(50_000, "validate (cold)", 10_000),
    Target(50_000, "validate (cold)", 600, unit="MiB"),
    Target(50_000, "tasks --lead (warm)", 1_000),
    Target(50_000, "items --city (warm)", 1_000),
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
    """A run count of at least MIN_RUNS."""
    runs = int(text)
    if runs < MIN_RUNS:
        raise argparse.ArgumentTypeError(f"--runs must be at least {MIN_RUNS}")
    return runs


def parse_args() -> argparse.Namespace:
    """The command line: --sizes, --runs, --markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[SHIPPED_SIZE, 1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=parse_runs, default=MIN_RUNS, help=f"timed runs per command (>= {MIN_RUNS})")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    return parser.parse_args()


def find_stdplan() -> Path:
    """The stdplan console script of the virtualenv running this file."""
    stdplan = Path(sys.executable).parent / "stdplan"
    if not stdplan.is_file():
        raise SystemExit(f"error: {stdplan} not found; use the python of the virtualenv stdplan is installed in")
    return stdplan


def base_env() -> dict[str, str]:
    """os.environ without STDPLAN_DATA and with colour off."""
    env = {key: value for key, value in os.environ.items() if key != "STDPLAN_DATA"}
    env["NO_COLOR"] = "1"
    return env


def run_once(cmd: Sequence[str], env: Mapping[str, str]) -> tuple[float, int, float]:
    """Run cmd once: wall seconds, exit code and the child's peak RSS in MiB."""
    start = time.perf_counter()
    with subprocess.Popen(
        cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as proc:
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss / 1024


def measure(label: str, cmd: Sequence[str], env: Mapping[str, str], runs: int, *, baseline: bool = False) -> Result:
    """One warm-up run, then the median time and max peak RSS of `runs` runs."""
    print(f"  {label}", file=sys.stderr, flush=True)
    times: list[float] = []
    peak = 0.0
    for attempt in range(runs + 1):
        elapsed, code, rss = run_once(cmd, env)
        if code != 0:
            return Result(label, error=f"failed (exit {code})", baseline=baseline)
        if attempt:
            times.append(elapsed)
            peak = max(peak, rss)
    return Result(label, statistics.median(times) * 1000, peak, baseline=baseline)


def stdplan_version(stdplan: Path, env: Mapping[str, str]) -> str:
    """What `stdplan --version` prints."""
    proc = subprocess.run([str(stdplan), "--version"], env=env, capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else f"unknown (--version exited {proc.returncode})"


def generate(size: int, out: Path) -> Path:
    """Generated data of `size` records in `out`."""
    cmd = [sys.executable, str(GENERATOR), "--records", str(size), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    missing = [name for name in DATA_FILES if not (out / name).is_file()]
    if missing:
        raise SystemExit(f"error: {GENERATOR.name} did not write {', '.join(missing)} into {out}")
    return out


def write_json(data: Path, dest: Path) -> None:
    """The three data files as one JSON document for jq, dates as strings."""
    subprocess.run([sys.executable, "-c", TO_JSON, str(data), str(dest)], check=True)


def has_c_parser() -> bool:
    """Whether ruamel.yaml's C parser (ruamel.yaml.clib) is importable."""
    proc = subprocess.run([sys.executable, "-c", HAS_C_PARSER], capture_output=True, text=True, check=True)
    return proc.stdout.strip() == "True"


def stdplan_commands(stdplan: Path, data: Path, work: Path) -> list[tuple[str, list[str]]]:
    """The labelled stdplan command lines for one data set."""
    exe, data_opt = str(stdplan), ["--data", str(data)]
    return [
        ("validate (cold)", [exe, "validate", *data_opt, "--no-cache"]),
        ("validate (warm)", [exe, "validate", *data_opt]),
        ("tasks --lead (warm)", [exe, "tasks", "--lead", LEAD, "--format", "json", *data_opt]),
        ("items --city (warm)", [exe, "items", "--city", CITY, "--format", "json", *data_opt]),
        (
            "brief overview docx (warm)",
            [exe, "brief", "overview", "--format", "docx", "--output", str(work / "o.docx"), "--force", *data_opt],
        ),
    ]


def bench_data_set(size: int, work: Path, stdplan: Path, runs: int) -> list[Result]:
    """Every stdplan command and per-data-set baseline on data of `size` records."""
    print(f"size {size}:", file=sys.stderr, flush=True)
    data = SHIPPED_DATA if size == SHIPPED_SIZE else generate(size, work / "data")
    as_json = work / "data.json"
    write_json(data, as_json)
    env = {**base_env(), "STDPLAN_CACHE_DIR": str(work / "cache")}
    results = [measure(label, cmd, env, runs) for label, cmd in stdplan_commands(stdplan, data, work)]
    results.append(measure("C-loader parse", [sys.executable, "-c", C_LOADER, str(data)], env, runs, baseline=True))
    jq = shutil.which("jq")
    if jq:
        results.append(measure("jq", [jq, JQ_FILTER, str(as_json)], env, runs, baseline=True))
    return results


def bench_global(work: Path, runs: int) -> list[Result]:
    """Baselines that do not depend on the data: a trivial Typer app and importing the stack."""
    print("baselines:", file=sys.stderr, flush=True)
    hello = work / "hello.py"
    hello.write_text(HELLO_APP, encoding="utf-8")
    env = base_env()
    return [
        measure("typer hello", [sys.executable, str(hello)], env, runs, baseline=True),
        measure("import stack", [sys.executable, "-c", IMPORT_STACK], env, runs, baseline=True),
    ]


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


def header(version: str, c_parser: bool, runs: int) -> list[str]:
    """Title, machine description and method."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    mem_kib = proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kib.split()[0]) / 1024**2:.1f} GiB RAM" if mem_kib else "RAM unknown"
    lines = [
        "# stdplan benchmark",
        "",
        f"{now} · {cpu} × {os.cpu_count()} CPUs · {ram} · {platform.platform()} · "
        f"Python {platform.python_version()} · {version} · ruamel.yaml C parser: {'yes' if c_parser else 'no'}",
        "",
        f"Each row: median wall time of {runs} runs after 1 warm-up run; peak = max RSS over those runs.",
    ]
    if not c_parser:
        lines += ["", "**Warning:** ruamel.yaml.clib is not installed, so the C-loader baseline uses the pure parser."]
    if shutil.which("jq") is None:
        lines += ["", "**Note:** jq not found; the jq baseline and targets against it are skipped."]
    return lines


def baseline_of(label: str, size: int) -> str:
    """The baseline a command's ratio is taken against at this size."""
    name = RATIO_BASELINE.get(label, "typer hello")
    return "typer hello" if name == "jq" and size < JQ_MIN_SIZE else name


def ratio_cell(result: Result, by_label: Mapping[str, Result], size: int) -> str:
    """The ratio to the baseline ("1.23× jq"), or blank for baselines, failures and missing baselines."""
    if result.baseline or result.error:
        return ""
    base = by_label.get(baseline_of(result.label, size))
    if base is None or base.error:
        return ""
    return f"{result.median_ms / base.median_ms:.2f}× {base.label}"


def table(size: int, results: Sequence[Result], by_label: Mapping[str, Result]) -> list[str]:
    """The Markdown table of one data set."""
    title = "shipped data" if size == SHIPPED_SIZE else "generated"
    lines = [f"## {size} records ({title})", "", "| command | median ms | peak MiB | ratio |", "|---|--:|--:|---|"]
    for result in results:
        if result.error:
            lines.append(f"| {result.label} | {result.error} | | |")
        else:
            ratio = ratio_cell(result, by_label, size)
            lines.append(f"| {result.label} | {result.median_ms:.1f} | {result.peak_mib:.1f} | {ratio} |")
    return lines


def describe(target: Target) -> str:
    """The target in words, such as "validate (cold) < 10 s"."""
    if target.baseline:
        return f"{target.label} ≤ {target.limit:g} × {target.baseline}"
    if target.unit == "MiB":
        return f"{target.label} peak < {target.limit:g} MiB"
    return f"{target.label} < {target.limit / 1000:g} s"


def check(target: Target, by_label: Mapping[str, Result]) -> str:
    """One target's line: met / not met with the numbers, or why it could not be judged."""
    name = f"- size {target.size}: {describe(target)}"
    result = by_label.get(target.label)
    if result is None:
        return f"{name}: skipped ({target.label} not measured)"
    if result.error:
        return f"{name}: not met ({result.error})"
    value = result.peak_mib if target.unit == "MiB" else result.median_ms
    if target.baseline is None:
        met, detail = value < target.limit, f"{value:.1f} {target.unit}"
    else:
        base = by_label.get(target.baseline)
        if base is None or base.error:
            return f"{name}: skipped ({target.baseline} not available)"
        bound = target.limit * base.median_ms
        met, detail = value <= bound, f"{value:.1f} ms vs {target.limit:g} × {base.median_ms:.1f} ms = {bound:.1f} ms"
    return f"{name}: {'met' if met else 'not met'} ({detail})"


def targets_section(by_size: Mapping[int, Mapping[str, Result]]) -> list[str]:
    """The targets of the sizes that were run, each met or not."""
    lines = ["## Targets", ""]
    checks = [check(target, by_size[target.size]) for target in TARGETS if target.size in by_size]
    return lines + (checks or ["No target applies to the sizes run."])


def main() -> None:
    args = parse_args()
    stdplan = find_stdplan()
    if any(size != SHIPPED_SIZE for size in args.sizes) and not GENERATOR.is_file():
        raise SystemExit(f"error: {GENERATOR} not found; it generates every size but {SHIPPED_SIZE}")
    lines = header(stdplan_version(stdplan, base_env()), has_c_parser(), args.runs)
    by_size: dict[int, dict[str, Result]] = {}
    with tempfile.TemporaryDirectory(prefix="stdplan-bench-") as tmp:
        common = bench_global(Path(tmp), args.runs)
        for size in args.sizes:
            work = Path(tmp, f"size-{size}")
            work.mkdir()
            results = bench_data_set(size, work, stdplan, args.runs) + common
            by_size[size] = {result.label: result for result in results}
            lines += ["", *table(size, results, by_size[size])]
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += [
        "",
        f"Peak MiB comes from wait4: on Linux a child's peak starts at the RSS of the runner it is spawned from "
        f"({floor:.1f} MiB here), so values near that are a floor, not the command's own footprint.",
        "",
        *targets_section(by_size),
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
