"""The chart engine in a process of its own, started ahead of the charts.

vl-convert's engine takes some 0.6 s of one core to start, and holds Python's GIL all the
while (a thread would stall the whole program). Made before the rules and data are read, a
``ChartEngine`` starts it in a process of its own (``mayak.render._chart_worker``) meanwhile,
on another core; the charts are then drawn there while the page's tables are written. The
SVG is the same as drawn in the program's own process.

A plain child process, not ``multiprocessing``: that would import the program's main script
again in the child (and run it, in a script without an ``if __name__ == "__main__"`` guard).
Whatever goes wrong in the child (it dies, prints something else, is refused a chart), each
chart waiting for it fails with ``ChartNotDrawnError`` and is drawn in the program itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import weakref
from concurrent.futures import Future
from types import TracebackType
from typing import IO, Any

from msgspec import Struct, field

from mayak.messages._catalogue import Lang
from mayak.render._chart_draw import engine_fits

_ENDED = "the chart engine's process has ended"


class ChartNotDrawnError(RuntimeError):
    """The engine's process did not draw a chart: it has ended, or refused the chart."""


class _Exchange(Struct):
    """What the program and the reader thread share: the charts waiting for a reply, in
    order, and whether replies have stopped coming."""

    waiting: queue.SimpleQueue[Future[str]] = field(default_factory=queue.SimpleQueue)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ended: bool = False


class ChartEngine:
    """vl-convert started in a process of its own; ``draw`` hands it a chart. Use it as a
    context manager (the process ends on leaving), or call ``close``; a forgotten engine's
    process ends when the engine is collected."""

    def __init__(self) -> None:
        # The program's own module path, so that the child finds Mayak as the program did;
        # -P: not the working folder (a vl_convert.py lying there would be run).
        path = os.pathsep.join(entry for entry in sys.path if entry)
        self._process = subprocess.Popen(
            [sys.executable, "-P", "-m", "mayak.render._chart_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path})
        self._ends = weakref.finalize(self, _end, self._process)
        self._exchange = _Exchange()
        assert self._process.stdout is not None  # made with a pipe
        self._reader = threading.Thread(target=_read, daemon=True,
                                         args=(self._process.stdout, self._exchange))
        try:
            self._reader.start()
        except RuntimeError:
            self._ends()
            raise

    def draw(self, spec: dict[str, Any], lang: Lang) -> Future[str]:
        """The chart's SVG, to come; it raises ``ChartNotDrawnError`` if the engine did not
        draw it (the caller may then draw it itself)."""
        coming: Future[str] = Future()
        request = json.dumps({"spec": spec, "lang": lang}) + "\n"  # ASCII: any encoding
        exchange = self._exchange
        with exchange.lock:  # a request and its place in the queue, in the same order
            if exchange.ended:
                coming.set_exception(ChartNotDrawnError(_ENDED))
                return coming
            exchange.waiting.put(coming)
            try:
                self._input.write(request.encode("ascii"))
                self._input.flush()
            except OSError:  # the process has ended; the reader fails what waits
                pass
        return coming

    @property
    def _input(self) -> IO[bytes]:
        assert self._process.stdin is not None  # made with a pipe
        return self._process.stdin

    def close(self) -> None:
        """End the engine's process now, started or not: a run that stops early (an error
        in the rules) does not wait for the engine to finish starting."""
        self._ends()
        self._reader.join()

    def __enter__(self) -> ChartEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _read(replies: IO[bytes], exchange: _Exchange) -> None:
    """Hand each reply to the chart waiting for it, in order. Once the replies stop (the
    process has ended, or wrote what is not a reply), fail every chart still waiting."""
    try:
        for line in replies:
            reply = json.loads(line)
            coming = exchange.waiting.get()
            if isinstance(reply, dict) and isinstance(reply.get("svg"), str):
                coming.set_result(reply["svg"])
            else:
                coming.set_exception(ChartNotDrawnError(str(reply)[:200]))
    except ValueError:  # not JSON: what else the process printed, or a line cut short
        pass
    finally:
        with exchange.lock:
            exchange.ended = True
        while not exchange.waiting.empty():
            exchange.waiting.get().set_exception(ChartNotDrawnError(_ENDED))


def _end(process: subprocess.Popen[bytes]) -> None:
    """Stop the process and close its pipes (a write left in them may fail: it is moot)."""
    process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


def chart_engine() -> ChartEngine | None:
    """A chart engine started in a process of its own, or None where it can't be (the
    address space it needs is not allowed, or no process can be started): the charts are
    then drawn, or said not drawn, in the program's own process."""
    if not engine_fits():
        return None
    try:
        return ChartEngine()
    except (OSError, RuntimeError):
        return None
