"""The chart engine in a process of its own, started ahead of the charts.

vl-convert's engine takes some 0.6 s of one core to start, and holds Python's GIL all the
while (a thread would stall the whole program). Made before the rules and data are read, a
``ChartEngine`` starts it in a process of its own (``mayak.render._chart_worker``) meanwhile,
on another core; the charts are then drawn there while the page's tables are written. The
SVG is the same as drawn in the program's own process.

A plain child process, not ``multiprocessing``: that would import the program's main script
again in the child (and run it, in a script without an ``if __name__ == "__main__"`` guard).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future
from types import TracebackType
from typing import IO, Any

from mayak.messages._catalogue import Lang
from mayak.render._chart_draw import engine_fits


class ChartNotDrawnError(RuntimeError):
    """The engine's process did not draw a chart: it has ended, or refused the chart."""


class ChartEngine:
    """vl-convert started in a process of its own; ``draw`` hands it a chart. Use it as a
    context manager (the process ends on leaving), or call ``close``."""

    def __init__(self) -> None:
        # The program's own module path, so that the child finds Mayak as the program did.
        path = os.pathsep.join(entry for entry in sys.path if entry)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mayak.render._chart_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path})
        self._lock = threading.Lock()
        self._waiting: queue.SimpleQueue[Future[str]] = queue.SimpleQueue()
        self._gone = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def draw(self, spec: dict[str, Any], lang: Lang) -> Future[str]:
        """The chart's SVG, to come; it raises ``ChartNotDrawnError`` if the engine did not draw
        it (the caller may then draw it itself)."""
        coming: Future[str] = Future()
        request = json.dumps({"spec": spec, "lang": lang}, ensure_ascii=False) + "\n"
        with self._lock:  # a request and its place in the queue, in the same order
            if self._gone:
                coming.set_exception(ChartNotDrawnError("the chart engine's process has ended"))
                return coming
            self._waiting.put(coming)
            try:
                self._input.write(request.encode("utf-8"))
                self._input.flush()
            except OSError:  # the process has ended; the reader fails what waits
                pass
        return coming

    @property
    def _input(self) -> IO[bytes]:
        assert self._process.stdin is not None  # made with a pipe
        return self._process.stdin

    def _read(self) -> None:
        """Hand each reply to the chart waiting for it, in order; when the process ends,
        fail those still waiting."""
        assert self._process.stdout is not None  # made with a pipe
        for line in self._process.stdout:
            reply = json.loads(line)
            coming = self._waiting.get()
            if "svg" in reply:
                coming.set_result(reply["svg"])
            else:
                coming.set_exception(ChartNotDrawnError(reply.get("error", "")))
        with self._lock:
            self._gone = True
        while not self._waiting.empty():
            self._waiting.get().set_exception(
                ChartNotDrawnError("the chart engine's process has ended"))

    def close(self) -> None:
        """End the engine's process now, started or not: a run that stops early (an error
        in the rules) does not wait for the engine to finish starting."""
        self._process.kill()
        self._process.wait()
        self._reader.join()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> ChartEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def chart_engine() -> ChartEngine | None:
    """A chart engine started in a process of its own, or None where it can't be (the
    address space it needs is not allowed, or no process can be started): the charts are
    then drawn, or said not drawn, in the program's own process."""
    if not engine_fits():
        return None
    try:
        return ChartEngine()
    except OSError:
        return None
