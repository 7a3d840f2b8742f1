"""The chart engine's own process (``python -m mayak.render._chart_worker``): starts the
engine, then draws the charts read from standard input, a JSON line each
(``{"spec": …, "lang": "ru"}``), and writes each SVG back in turn, a JSON line each
(``{"svg": …}``, or ``{"error": …}`` for a chart the engine refused)."""

from __future__ import annotations

import json
import sys

from mayak.render._chart_draw import chart_svg, start


def main() -> None:
    """Serve charts until standard input ends."""
    start()
    for line in sys.stdin.buffer:  # a chart a line
        request = json.loads(line)
        try:
            reply = {"svg": chart_svg(request["spec"], request["lang"])}
        except Exception as error:  # told to the program, which draws it itself
            reply = {"error": str(error)}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
