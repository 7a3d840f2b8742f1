"""Files written safely (atomically, never over a device) and paths shown to people.

Importing this package costs only the standard library, so it is imported eagerly.
"""

from mayak.files._provenance import FileHash, Provenance, mayak_version, provenance
from mayak.files._write import display_path, refuse_special, write_atomic, write_failure

__all__ = ["FileHash", "Provenance", "display_path", "mayak_version", "provenance",
           "refuse_special", "write_atomic", "write_failure"]
