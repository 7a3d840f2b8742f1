"""Drawing a Vega-Lite spec as SVG with vl-convert, allowed to load nothing.

This module imports vl-convert alone (no Polars), so that the chart engine's own process
(``mayak.render._chart_engine``) starts quickly.
"""

from __future__ import annotations

from typing import Any, Literal

import vl_convert

from mayak.messages._catalogue import Lang

# The chart engine (V8 in vl-convert) reserves some 64 GiB of address space as it starts;
# under a lower limit (ulimit -v) it kills the whole process (SIGTRAP), so it is not started.
ENGINE_SPACE = 72 << 30
_LOCALES: dict[str, Literal["ru-RU", "en-US"]] = {"ru": "ru-RU", "en": "en-US"}
_CONFIG = {"font": "sans-serif", "view": {"stroke": None},
           "axis": {"labelFontSize": 11, "titleFontSize": 11},
           "legend": {"labelFontSize": 11, "labelLimit": 400}}


def engine_fits() -> bool:
    """Whether the process may reserve the address space the chart engine needs."""
    try:
        import resource  # noqa: PLC0415  (POSIX only)
    except ImportError:
        return True
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    return limit == resource.RLIM_INFINITY or limit >= ENGINE_SPACE


def chart_svg(spec: dict[str, Any], lang: Lang) -> str:
    """The Vega-Lite ``spec`` drawn as SVG, allowed to load nothing."""
    return vl_convert.vegalite_to_svg({**spec, "config": _CONFIG}, allowed_base_urls=[],
                                      format_locale=_LOCALES[lang])


def start() -> None:
    """Start the engine (some 0.6 s), by drawing the smallest chart."""
    chart_svg({"data": {"values": [{"x": 1}]}, "mark": "bar",
               "encoding": {"x": {"field": "x", "type": "quantitative"}}}, "en")
