"""The chart engine's own process (``python -P -m mayak.render._chart_worker``): starts the
engine, then draws the charts read from standard input, a JSON line each
(``{"spec": …, "lang": "ru"}``), and writes each SVG back in turn, a JSON line each
(``{"svg": …}``, or ``{"error": …}`` for a chart the engine refused), in ASCII so that no
encoding of the standard streams can garble it."""

from __future__ import annotations

import json
import sys

from mayak.render._chart_draw import chart_svg, start


def main() -> None:
    """Serve charts until standard input ends."""
    start()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:  # a chart a line
        request = json.loads(line)
        try:
            reply = {"svg": chart_svg(request["spec"], request["lang"])}
        except Exception as error:  # told to the program, which draws it itself
            reply = {"error": str(error)}
        out.write(json.dumps(reply).encode("ascii") + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
