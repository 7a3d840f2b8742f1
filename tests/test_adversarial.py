"""The adversarial corpus (``tests/adversarial``): every case must end without an internal
error or traceback, within the time limit, leave its inputs untouched, account for every
input row, and give byte-identical results when run again.

Cases run in two long-lived worker processes (``tests/adversarial/runner.py``) that import
Mayak once; cases that may hang or eat memory (devices, FIFOs, interruption) run in their
own killable process. The whole corpus runs once up front (session fixture), then each
case is its own test.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import io
import json
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.adversarial._case import Case
from tests.adversarial.generate import generate

TIMEOUT = 30.0  # seconds per run: ten times what the slowest case needs
WORKERS = 2  # CI has two cores
MEMORY = 6 << 30  # address space per process: a runaway read fails instead of swapping
RERUN_GAP = 2.1  # seconds between the two runs of a case: timestamps would show
RUNNER = Path(__file__).resolve().parent / "adversarial" / "runner.py"
MEMORY_LIMIT = ("import resource; resource.setrlimit(resource.RLIMIT_AS, "
                f"({MEMORY}, {MEMORY}))")
CLI = f"{MEMORY_LIMIT}; from mayak_cli import main; main(prog_name='mayak')"
SOURCE_DATE_EPOCH = "1685534400"  # 31.05.2023
ENGLISH = (b"Usage:", b"Error:", b"Aborted!", b"Try '")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAYAK_LANG", "MAYAK_DEBUG")}
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


# --- one run -------------------------------------------------------------------------

@dataclass
class Run:
    code: int | None  # None: timed out; negative: killed by a signal
    stdout: bytes
    stderr: bytes
    seconds: float
    outputs: dict[str, bytes] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # inputs changed or gone


Snapshot = dict[str, tuple[str, int, int] | str]


def _snapshot(roots: list[Path], base: Path) -> Snapshot:
    """Every entry under ``roots``: regular files by hash, mtime and size; links by target;
    FIFOs and others by type (never opened)."""
    found: Snapshot = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(
                    folder, d))]):
                path = os.path.join(folder, name)
                key = os.path.relpath(path, base)
                info = os.lstat(path)
                if os.path.islink(path):
                    found[key] = "link:" + os.readlink(path)
                elif os.path.isfile(path):
                    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                    found[key] = (digest, info.st_mtime_ns, info.st_size)
                else:
                    found[key] = f"special:{info.st_mode:o}"
    return found


def _read_line(fd: int, deadline: float) -> bytes | None:
    """One line from a pipe; None at the deadline; b"" at end of file."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b""
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks)


class Worker:
    """A runner process; restarted after a timeout or a crash."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(RUNNER), str(MEMORY)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env,
            start_new_session=True)
        assert self.process.stdout is not None
        ready = _read_line(self.process.stdout.fileno(), time.monotonic() + 120)
        if not ready:
            raise RuntimeError("the corpus runner did not start")

    def stop(self) -> None:
        if self.process is not None:
            _kill(self.process)
            self.process = None

    def run(self, cwd: Path, args: tuple[str, ...]) -> tuple[int | None, bytes, bytes]:
        if self.process is None or self.process.poll() is not None:
            self.start()
        process = self.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        process.stdin.write((json.dumps({"cwd": str(cwd), "args": list(args)}) + "\n")
                            .encode("utf-8"))
        process.stdin.flush()
        line = _read_line(process.stdout.fileno(), time.monotonic() + TIMEOUT)
        if line is None:
            self.stop()
            return None, b"", b""
        if not line:  # the worker died: a crash of native code
            code = process.wait()
            self.process = None
            return (code if code < 0 else -abs(code) or -1), b"", b"the runner process died"
        answer = json.loads(line)
        return (answer["code"], base64.b64decode(answer["stdout"]),
                base64.b64decode(answer["stderr"]))


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _wait_until_open(process: subprocess.Popen[bytes], file: Path) -> None:
    """Until ``process`` has ``file`` open (so a signal lands in Mayak's own work, not in
    Python's start-up), it ends, or the time limit passes."""
    fds = Path(f"/proc/{process.pid}/fd")
    target = str(file.resolve())
    deadline = time.monotonic() + TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) == target for fd in fds.iterdir()):
                return
        time.sleep(0.005)


def _isolated(case: Case, cwd: Path, env: dict[str, str]) -> tuple[int | None, bytes, bytes]:
    assert case.args[:1] != ("@python",), "library cases run in the workers"
    process = subprocess.Popen([sys.executable, "-c", CLI, *case.args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    if case.interrupt_after is not None and case.data_file is not None:
        _wait_until_open(process, cwd / case.data_file)
        try:
            process.wait(case.interrupt_after)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, b"", b""
    return process.returncode, out, err


def run_case(case: Case, folder: Path, worker: Worker, env: dict[str, str]) -> Run:
    roots = [folder, *[(folder / extra).resolve() for extra in case.inputs]]
    before = _snapshot(roots, folder)
    start = time.monotonic()
    if case.isolated:
        code, out, err = _isolated(case, folder, env)
    else:
        code, out, err = worker.run(folder, case.args)
    run = Run(code, out, err, time.monotonic() - start)
    after = _snapshot(roots, folder)
    run.changed = sorted(k for k, v in before.items() if after.get(k) != v)
    for key in sorted(set(after) - set(before)):
        path = folder / key
        if path.is_file() and not path.is_symlink():
            run.outputs[key] = path.read_bytes()
        if not key.startswith(".."):
            path.unlink()  # so that the rerun starts from the same inputs
        else:
            run.changed.append(key + " (new file among the inputs)")
    return run


# --- the corpus ------------------------------------------------------------------------

CORPUS = Path(tempfile.mkdtemp(prefix="mayak-corpus-"))
CASES = generate(CORPUS)


@dataclass
class Outcome:
    first: Run
    second: Run | None


def _run_all(cases: list[Case]) -> dict[str, Outcome]:
    env = _environment()
    firsts: dict[str, Run] = {}
    finished: dict[str, float] = {}
    seconds: dict[str, Run | None] = {}

    def lanes(todo: list[Case], store: dict[str, Run], rerun: bool) -> None:
        jobs: queue.Queue[Case] = queue.Queue()
        # Isolated (possibly hanging) cases first, so they overlap with the rest.
        for case in sorted(todo, key=lambda c: not c.isolated):
            jobs.put(case)

        def lane() -> None:
            worker = Worker(env)
            try:
                while True:
                    try:
                        case = jobs.get_nowait()
                    except queue.Empty:
                        return
                    if rerun:
                        time.sleep(max(0.0, finished[case.name] + RERUN_GAP - time.monotonic()))
                    store[case.name] = run_case(case, CORPUS / case.name, worker, env)
                    finished[case.name] = time.monotonic()
            finally:
                worker.stop()

        threads = [threading.Thread(target=lane) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    lanes(cases, firsts, rerun=False)
    # A run that ended in a crash or timeout has failed already: no need to run it again.
    again = [c for c in cases if c.rerun and firsts[c.name].code in (0, 1, 2)]
    second_runs: dict[str, Run] = {}
    lanes(again, second_runs, rerun=True)  # fresh workers: a new process for every rerun
    for case in cases:
        seconds[case.name] = second_runs.get(case.name)
    return {c.name: Outcome(firsts[c.name], seconds[c.name]) for c in cases}


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest) -> Iterator[dict[str, Outcome]]:
    selected = [item.callspec.params["case"] for item in request.session.items
                if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"),
                                                            Case)]
    start = time.monotonic()
    outcomes = _run_all(selected)
    elapsed = time.monotonic() - start
    summary = CORPUS / "summary.json"
    summary.write_text(json.dumps({"cases": len(selected), "seconds": round(elapsed, 1),
                                   "runs": {name: [round(o.first.seconds, 2), round(
                                       o.second.seconds, 2) if o.second else None]
                                       for name, o in outcomes.items()},
                                   "failures": {name: failures(case, outcomes[name])
                                                for name, case in
                                                ((c.name, c) for c in selected)}},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nadversarial corpus: {len(selected)} cases in {elapsed:.0f} s; summary {summary}")
    yield outcomes
    if not os.environ.get("MAYAK_KEEP_CORPUS"):
        shutil.rmtree(CORPUS, ignore_errors=True)


# --- the checks -----------------------------------------------------------------------

_ROWS = re.compile(r"(?:строк[аи]|строках|rows?)\s+(\d+(?:\s*[–—-]\s*\d+)?"
                   r"(?:\s*,\s*\d+(?:\s*[–—-]\s*\d+)?)*)")


def _named_rows(stderr: str, file: str) -> set[int]:
    named: set[int] = set()
    for line in stderr.splitlines():
        if file not in line:
            continue
        for match in _ROWS.finditer(line):
            for part in match.group(1).split(","):
                bounds = [int(b) for b in re.split(r"\s*[–—-]\s*", part.strip())]
                named.update(range(bounds[0], bounds[-1] + 1))
    return named


def _candidate_rows(stdout: bytes) -> set[int]:
    try:
        document = json.loads(stdout)
    except ValueError:
        return set()
    if not isinstance(document, dict):
        return set()
    return {c["_row"] for c in document.get("candidates") or [] if isinstance(c, dict)
            and isinstance(c.get("_row"), int)}


def lost_rows(case: Case, run: Run) -> list[int]:
    if not case.rows or case.data_file is None or run.code is None:
        return []
    stderr = run.stderr.decode("utf-8", "replace")
    file = case.data_file
    # Refused as a whole: exit 2, nothing screened, and an error that names the file (a row
    # too when the refusal is about one, e.g. where an unclosed quote starts).
    refused = (run.code == 2 and not _candidate_rows(run.stdout)
               and any(line.startswith(file) for line in stderr.splitlines()))
    if refused:
        return []
    expected = set(range(case.first_row, case.first_row + case.rows))
    return sorted(expected - _candidate_rows(run.stdout) - _named_rows(stderr, file))


_NUMBER = re.compile(r"[+-]?\d[\d\s.,]*")
_FORMULA = re.compile(rb"<f[ >]")  # a cell's formula element in sheet XML


def formula_cells(case: Case, run: Run) -> list[str]:
    bodies = [run.outputs.get(p, b"") for p in case.csv_outputs]
    if case.stdout_csv:
        bodies.append(run.stdout)
    found = []
    for body in bodies:
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig", "replace"))):
            found += [cell for cell in row if cell and cell[0] in "=+-@\t\r"
                      and not _NUMBER.fullmatch(cell)]
    for name, body in run.outputs.items():  # a workbook: no cell of it is a formula
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(body)) as book:
                found += [f"{name}: {part}" for part in book.namelist()
                          if part.startswith("xl/worksheets/")
                          and _FORMULA.search(book.read(part))]
    return found


def _internal(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    match = re.search(r"(?:внутренняя ошибка Mayak|internal error[^:]*): ([A-Za-z_.]+)", text)
    return match.group(1) if match else "?"


def _escaped(stderr: bytes) -> str:
    """The exception that ended a traceback: its last line."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines()
             if re.match(r"[\w.]+(Error|Exception|Interrupt|Exit)\b", line)]
    return lines[-1][:200] if lines else "?"


def failures(case: Case, outcome: Outcome) -> list[str]:
    first, second = outcome.first, outcome.second
    found: list[str] = []
    if first.code is None:
        return [f"timeout after {TIMEOUT:.0f} s"]
    if first.code == 3:
        found.append(f"exit 3 ({_internal(first.stderr)})")
    if first.code < 0:
        found.append(f"crashed (signal {-first.code})")
    if b"Traceback" in first.stderr:
        found.append(f"traceback ({_escaped(first.stderr)})")
    lost = lost_rows(case, first)
    if lost:
        found.append(f"rows lost: {lost[:20]}")
    if first.changed:
        found.append(f"input changed: {first.changed[:5]}")
    formulas = formula_cells(case, first)
    if formulas:
        found.append(f"formula in output: {formulas[:3]}")
    english = sorted({w.decode() for line in first.stderr.splitlines() for w in ENGLISH
                      if line.lstrip().startswith(w)})
    if english:
        found.append(f"English message: {english}")
    if case.rerun:
        if second is None:
            pass  # not rerun: the first run failed already
        elif second.code is None:
            found.append("timeout on rerun")
        elif (first.code, first.stdout, first.stderr, first.outputs) != (
                second.code, second.stdout, second.stderr, second.outputs):
            parts = [n for n, a, b in (("exit code", first.code, second.code),
                                       ("stdout", first.stdout, second.stdout),
                                       ("stderr", first.stderr, second.stderr),
                                       ("output files", first.outputs, second.outputs))
                     if a != b]
            found.append(f"non-deterministic: {', '.join(parts)}"
                         + _first_difference(first.stdout, second.stdout)
                         + _first_difference(first.stderr, second.stderr))
    return found


def _first_difference(first: str | bytes, second: str | bytes) -> str:
    """Where two runs' texts first differ (so a rare difference can be told from its one
    sighting), or nothing if they are the same."""
    if first == second:
        return ""
    ours, theirs = (t.decode("utf-8", "replace") if isinstance(t, bytes) else t
                    for t in (first, second))
    at = next((n for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
              min(len(ours), len(theirs)))
    return (f"\n  first differing at character {at}: {ours[max(0, at - 80):at + 80]!r}"
            f"\n  and on the rerun: {theirs[max(0, at - 80):at + 80]!r}")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, corpus: dict[str, Outcome]) -> None:
    outcome = corpus[case.name]
    found = failures(case, outcome)
    tail = outcome.first.stderr.decode("utf-8", "replace")[-1500:]
    assert not found, (f"{'; '.join(found)}\n{case.name}: {case.description}\n"
                       f"command: mayak {' '.join(case.args)[:300]}\n"
                       f"exit code: {outcome.first.code}\nstderr (tail):\n{tail}")


def test_corpus_size() -> None:
    spec = [c for c in CASES if "spec" in c.tags]
    data = [c for c in CASES if "data" in c.tags]
    assert len(spec) >= 150 and len(data) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    # Compared with a fresh copy: the runs may have changed CORPUS (a finding of its own).
    first, second = generate(tmp_path / "a"), generate(tmp_path / "b")
    assert [c.to_json() for c in first] == [c.to_json() for c in second] == [
        c.to_json() for c in CASES]

    def content(root: Path) -> dict[str, object]:
        return {k: (v[0], v[2]) if isinstance(v, tuple) else v
                for k, v in _snapshot([root], root).items()}

    assert content(tmp_path / "a") == content(tmp_path / "b")
