"""Mayak's command line: ``mayak validate``, ``report``, ``screen``, ``check-table``, ``schema``.

Exit codes: 0 done; 1 a target was missed (only with ``--strict``); 2 invalid specs or input;
3 an internal error (a bug: please report it).
"""

from mayak_cli._main import main

__all__ = ["main"]
