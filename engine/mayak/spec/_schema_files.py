"""The packaged JSON Schemas, one per spec kind."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("dataset", "indicator", "targets", "ruleset", "admission", "recommendations",
         "classification", "scoring", "audit", "report")


@cache
def schema(kind: str) -> Mapping[str, Any]:
    """The packaged JSON Schema of one spec kind."""
    folder = resources.files("mayak.spec").joinpath("schemas")
    text = folder.joinpath(f"{kind}.schema.json").read_text("utf-8")
    loaded: Mapping[str, Any] = json.loads(text)
    return loaded
