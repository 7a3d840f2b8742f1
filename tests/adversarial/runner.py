"""A long-lived worker that runs corpus cases in-process: ``python runner.py``.

Importing Mayak and Polars takes longer than most cases, so each worker imports them once
and then reads one request per line on stdin (JSON: ``cwd``, ``args``) and answers one
line on its original stdout (JSON: ``code``, ``stdout``, ``stderr`` in base64). The command
runs as the console script would (click's standalone mode, ``prog_name`` «mayak») with
file descriptors 0, 1 and 2 pointed at /dev/null and temporary files, so that whatever
writes to them — Python or native code — is captured. An exception that escapes is printed
as the interpreter would print it (a traceback) with exit code 1. The parent enforces
timeouts by killing the worker.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import sys
import tempfile
import traceback
import warnings
from typing import Any

PYTHON = "@python"  # args ["@python", "script.py"]: a library case, run as a script


def _script(path: str) -> None:
    """A library case: Mayak's own errors are expected answers (exit 2), as on the command
    line; anything else escapes as a traceback."""
    import runpy  # noqa: PLC0415

    from mayak import MayakError  # noqa: PLC0415

    try:
        runpy.run_path(path, run_name="__main__")
    except MayakError as exc:
        print(exc.render(), file=sys.stderr)
        raise SystemExit(2) from None


def _run(args: list[str]) -> int:
    from mayak_cli import main  # noqa: PLC0415  (imported once, in serve)

    try:
        if args[:1] == [PYTHON]:
            _script(args[1])
        else:
            main.main(args=args, prog_name="mayak", standalone_mode=True)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _capture(request: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            os.chdir(request["cwd"])
            code = _run(request["args"])
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        return {"code": code, "stdout": base64.b64encode(out.read()).decode("ascii"),
                "stderr": base64.b64encode(err.read()).decode("ascii")}


def serve(memory: int | None) -> None:
    if memory:  # a runaway read fails with MemoryError instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # a command that reads stdin reads nothing, as under CI
    os.close(null)
    # A warning shown once per process would make reruns differ; show it every time.
    warnings.simplefilter("always")
    import mayak_cli  # noqa: F401, PLC0415  (the slow import: once, after the set-up)

    answers.write('{"ready": true}\n')
    answers.flush()
    for line in requests:
        answer = _capture(json.loads(line))
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else None)
