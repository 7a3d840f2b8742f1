"""Ctrl-C and SIGTERM: stop at once, leave no temporary file behind, say so, exit 130 / 143.

Python runs a signal handler only between bytecodes of the main thread, and the main
thread may spend many seconds inside one Polars call. So the signal is also written to a
pipe (``signal.set_wakeup_fd``) that a watcher thread reads: it wakes up as soon as the
signal arrives, removes the temporary files of the writes in progress and ends the process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from mayak.messages import Lang, text

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    """What a shell reports for a program stopped by the signal: 130 for Ctrl-C, 143 for
    SIGTERM."""
    return 128 + signum


@contextlib.contextmanager
def interruptible(lang: Lang) -> Iterator[set[Path]]:
    """Within this block, SIGINT and SIGTERM stop the process promptly: the paths in the
    yielded set (temporary files being written) are removed first. Outside the main thread
    signals cannot be handled, and nothing is changed."""
    in_progress: set[Path] = set()
    if threading.current_thread() is not threading.main_thread():
        yield in_progress
        return
    stopping = threading.Lock()
    message = f"\n{text('cli.interrupted', lang)}\n".encode()

    def stop(signum: int) -> None:
        stopping.acquire()  # the first signal does the work; any other waits for the end
        for path in list(in_progress):
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            os.write(2, message)
        os._exit(exit_code(signum))

    previous = {s: signal.getsignal(s) for s in SIGNALS}
    handled = [s for s, handler in previous.items() if handler != signal.SIG_IGN]  # nohup
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    previous_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    for s in handled:
        signal.signal(s, lambda signum, _frame: stop(signum))
    watcher = threading.Thread(target=_watch, args=(read_end, handled, stop), daemon=True,
                               name="mayak-signals")
    watcher.start()
    try:
        yield in_progress
    finally:
        for s in handled:
            signal.signal(s, previous[s])
        signal.set_wakeup_fd(previous_fd)
        os.close(write_end)  # the watcher reads the end of the pipe and returns


def _watch(read_end: int, handled: list[int], stop: Callable[[int], None]) -> None:
    try:
        while byte := os.read(read_end, 1):
            if byte[0] in handled:
                stop(byte[0])
    finally:
        os.close(read_end)
