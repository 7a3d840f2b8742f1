"""What every part of a report is composed from: the result, the specs behind it, the
reader's language, and the labels shared by the parts."""

from __future__ import annotations

import polars as pl
from msgspec import Struct

from mayak.evaluate._result import Result
from mayak.messages._catalogue import Lang, text
from mayak.render._basis import basis_text
from mayak.spec._model import SpecSet, Target
from mayak.spec._period import Period, parse_period
from mayak.spec._planned import number_text

STATUSES = ("met", "not_met", "no_data", "no_target")
UNITS = ("percent", "number", "coefficient", "score")


class Context(Struct, frozen=True):
    """The result to show, its specs and the language to show it in."""

    result: Result
    specs: SpecSet
    lang: Lang

    @property
    def code(self) -> str | None:
        """The reporting period's code (None: no period)."""
        return self.result.period.code if self.result.period else None

    @property
    def compared(self) -> bool:
        """Whether the result compares two periods."""
        return self.result.compared_with is not None

    def period_label(self, code: str | None) -> str:
        """A period's code as people read it («2023 г.»)."""
        found = parse_period(code) if code else None
        return found.label(self.lang) if found else "—"

    def label(self, period: Period | None) -> str:
        """A period as people read it."""
        return period.label(self.lang) if period else "—"

    def t(self, key: str, **params: object) -> str:
        """A message in the reader's language."""
        return text(key, self.lang, **params)

    def number(self, value: float | None) -> str:
        """A number in the reader's notation (decimal comma in Russian); «—» for none."""
        return number_text(value, self.lang) if value is not None else "—"

    def unit_shown(self) -> pl.Expr:
        """The indicator's unit as shown after a number («%», «б.»)."""
        return pl.col("unit").replace_strict(
            {u: text(f"unit.{u}", self.lang).strip() for u in UNITS}, default=pl.lit(""))

    def target(self, indicator: str) -> Target | None:
        """The indicator's planned value in force in the reporting period."""
        chosen = self.specs.targets.get(self.result.targets or "")
        found = chosen.targets.get(indicator) if chosen else None
        return found.in_force(self.result.period) if found else None

    def basis(self, indicator: str) -> str:
        """The indicator's legal basis in one line (empty: none given)."""
        spec = self.specs.indicators.get(indicator)
        return basis_text(spec.basis if spec else None, self.lang)
