"""The loaded rules of a region: immutable, and the entry point for evaluation."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak._inputs import (
    Read,
    load_frame,
    looked_up,
    read_file,
    read_folder,
    used_columns,
)
from mayak.evaluate._evaluate import collect_small, engine_for, evaluate_tables
from mayak.evaluate._expertise import assess, datasets_read
from mayak.evaluate._level_keys import untidy_levels, with_levels_tidied
from mayak.evaluate._lookup import with_added
from mayak.evaluate._periods import period_of, reporting_periods, rows_in_period
from mayak.evaluate._recommend import Reviewed, recommend
from mayak.evaluate._result import InputData, Result
from mayak.evaluate._targets import in_force_then, published_differences, with_earlier
from mayak.files._provenance import provenance
from mayak.files._write import display_path
from mayak.io._read import (
    FrameGiven,
    find_file,
    has_file,
    read_frames,
)
from mayak.messages._catalogue import Lang, chosen_language, text
from mayak.messages._problems import DataError, Problem
from mayak.messages._suggest import suggestion
from mayak.plan._lookups import units_tables
from mayak.plan._plan import Plan
from mayak.screen._screen import Progress, Screening, screen
from mayak.screen._table_check import check_table, describe, read_published
from mayak.spec._model import (
    TOTAL_LEVEL,
    Admission,
    Dataset,
    Indicator,
    Manifest,
    Recommendations,
    Report,
    SpecSet,
    Targets,
    column_titles,
)
from mayak.spec._period import Period

Frame = pl.DataFrame | pl.LazyFrame
PeriodLike = Period | str | int  # a period, or a label that names one


class Ruleset(Struct, frozen=True):
    """Datasets, indicators and targets of one rule set, with every expression compiled
    (``plan``). Build it with ``mayak.load``."""

    specs: SpecSet
    plan: Plan
    read_from: tuple[str, ...] = ()  # every spec file read (also those not chosen, replaced)
    period: Period | None = None  # the report's period unless a call names one (``ruleset``)
    compare: Period | bool = False  # compare with the previous period (True) or this one
    # The SHA-256 of the spec files' bytes as they were read, by name (for the provenance).
    hashes: Mapping[str, str] = field(default_factory=lambda: Frozen({}))

    @property
    def datasets(self) -> Mapping[str, Dataset]:
        """Datasets by id, the results of screenings included."""
        return self.specs.datasets

    @property
    def indicators(self) -> Mapping[str, Indicator]:
        """Indicators by id, each after those its formula uses."""
        return self.specs.indicators

    @property
    def targets(self) -> Mapping[str, Targets]:
        """Targets specs by id."""
        return self.specs.targets

    @property
    def manifests(self) -> Mapping[str, Manifest]:
        """Rule set manifests by id."""
        return self.specs.manifests

    @property
    def admissions(self) -> Mapping[str, Admission]:
        """Admission specs by id."""
        return self.specs.admissions

    @property
    def recommendations(self) -> Mapping[str, Recommendations]:
        """Recommendations specs by id."""
        return self.specs.recommendations

    @property
    def reports(self) -> Mapping[str, Report]:
        """Report specs by id."""
        return self.specs.reports

    # -- choosing ---------------------------------------------------------------------------

    def report_for(self, report: str | None = None) -> Report | None:
        """The report spec named, or the only one there is; None when there is none (the
        default report)."""
        if report is not None:
            if report not in self.reports:
                raise DataError([Problem("report.unknown",
                                         {"name": report,
                                          "hint": suggestion(report, list(self.reports)),
                                          "known": ", ".join(self.reports) or "—"})])
            return self.reports[report]
        if len(self.reports) > 1:
            raise DataError([Problem("report.ambiguous", {"known": ", ".join(self.reports)})])
        return next(iter(self.reports.values()), None)

    def targets_for(self, targets: str | None = None) -> Targets | None:
        """The targets spec to use: the one named, or the only one there is."""
        if targets is not None:
            if targets not in self.targets:
                raise DataError([Problem("targets.unknown",
                                         {"name": targets,
                                          "hint": suggestion(targets, list(self.targets)),
                                          "known": ", ".join(self.targets) or "—"})])
            return self.targets[targets]
        if len(self.targets) > 1:
            raise DataError([Problem("targets.ambiguous", {"known": ", ".join(self.targets)})])
        return next(iter(self.targets.values()), None)

    @property
    def files(self) -> tuple[str, ...]:
        """The spec files this rule set was read from."""
        if self.read_from:
            return self.read_from
        kinds: list[Mapping[str, Any]] = [self.manifests, self.datasets, self.indicators,
                                          self.targets, self.admissions, self.recommendations]
        return tuple(dict.fromkeys(spec.source.file for kind in kinds
                                   for spec in kind.values()))

    def used_datasets(self) -> list[str]:
        """The datasets the indicators read, in the order of first use, then those the
        classifications, reviews and audits read, then the units tables they look
        attributes up in."""
        used = dict.fromkeys([*(d for i in self.indicators.values() for d in i.datasets),
                              *datasets_read(self.specs)])
        return list(dict.fromkeys([*used, *units_tables(self.plan.added, used)]))

    # -- data -------------------------------------------------------------------------------

    def read(self, folder: str | os.PathLike[str], datasets: Iterable[str] | None = None
             ) -> InputData:
        """Read the data files of the used datasets from ``folder``.

        Raises DataError (listing every unusable file) if any file is missing, empty or lacks a
        required column; unreadable cells are returned as problems instead.
        """
        wanted = list(datasets) if datasets is not None else self.used_datasets()
        return read_folder(folder, wanted, self.datasets,
                           lambda root, name: self._read_one(root, name, None))

    def evaluate_folder(self, folder: str | os.PathLike[str], *,
                        levels: str | Iterable[str] = (), targets: str | None = None,
                        lang: Lang | None = None, period: PeriodLike | None = None,
                        compare: PeriodLike | bool | None = None) -> Result:
        """``evaluate(read(folder), ...)``, reading only what the evaluation uses: a column
        no indicator, level or key needs is read only if its cells are checked (the
        problems are the same)."""
        asked = [levels] if isinstance(levels, str) else list(levels)
        # Text columns no expression reads are level keys at most: checked once aggregated
        # (as for frames given in memory), not cell by cell. The key is tidied: its repeats
        # are reported.
        untidied = {d: self._untidied(d) for d in self.used_datasets()}
        used = used_columns(self.specs, self.plan, asked)
        data = read_folder(folder, self.used_datasets(), self.datasets,
                           lambda root, name: self._read_one(root, name, used[name],
                                                             untidied.get(name, frozenset())))
        return self._evaluate(data, levels=asked, targets=targets, lang=lang,
                              untidied_read=untidied, period=period, compare=compare)

    def _read_one(self, root: Path, dataset_id: str, used: frozenset[str] | None,
                  untidied: frozenset[str] = frozenset()) -> Read:
        """A dataset's file (``used``: the columns needed, None: all; ``untidied``: text
        columns left as written); a screening result missing from the folder is screened
        from the applications file (the same rules serve both jobs)."""
        dataset = self.datasets[dataset_id]
        admission = self.admissions.get(dataset_id)
        if admission is not None and not has_file(root, dataset):
            path = find_file(root, self.datasets[admission.dataset])
            screening = self.screen(path, admission=dataset_id)
            return (path, screening.candidates.lazy(), screening.problems,
                    screening.candidates.height)
        return read_file(root, dataset, used, untidied)

    # -- screening --------------------------------------------------------------------------

    def admission_for(self, admission: str | None = None) -> Admission:
        """The admission spec named, or the only one there is."""
        if admission is None and len(self.admissions) == 1:
            return next(iter(self.admissions.values()))
        if admission is not None and admission in self.admissions:
            return self.admissions[admission]
        raise DataError([Problem("screen.unknown_admission",
                                 {"name": admission or "—",
                                  "known": ", ".join(self.admissions) or "—"})])

    def screen(self, applications: Frame | str | os.PathLike[str], *,
               admission: str | None = None,
               population: Frame | str | os.PathLike[str] | None = None,
               lang: Lang | None = None, on_progress: Progress | None = None,
               units: Mapping[str, Frame] | str | os.PathLike[str] | None = None,
               period: PeriodLike | None = None) -> Screening:
        """Screen applications (a frame, or a CSV / XLSX / Parquet file) against the admission
        criteria. ``population`` (a frame, a file or a folder holding the summary's population
        dataset) fills the summary's population column; when that dataset has a period
        column, with its rows of ``period`` (by default the rule set's). ``units``: the units
        tables the applications look attributes up in (``lookup``), as frames by dataset id
        or a folder (by default the applications file's folder).
        """
        now = period_of(period, "--period") if period is not None else self.period
        spec = self.admission_for(admission)
        dataset = self.datasets[spec.dataset]
        loaded = load_frame(applications, dataset)
        if spec.dataset in self.plan.added:
            loaded = looked_up(loaded, dataset, self.plan, self.datasets,
                               units if units is not None else (
                                   None if isinstance(applications, pl.DataFrame | pl.LazyFrame)
                                   else Path(applications).parent))
        people: pl.LazyFrame | None = None
        counted: Period | None = None  # the period whose population the summary counts
        population_problems: tuple[Problem, ...] = ()
        if population is not None and spec.population:
            counting = self.datasets[spec.population]
            found = load_frame(population, counting)
            people, in_period = rows_in_period(found.frame, counting, now, found.label)
            population_problems = (*found.problems, *in_period)
            counted = now if counting.period is not None else None
        # Only the applications' own problems decide which candidates go to review.
        screening = screen(self.plan.admissions[spec.id], dataset, loaded.frame,
                           loaded.problems, label=loaded.label,
                           lang=chosen_language(lang), unreadable=loaded.unreadable,
                           population=people,
                           headers=loaded.headers, on_progress=on_progress)
        sources = [_source(applications, dataset)]
        if population is not None and spec.population:
            sources.append(_source(population, self.datasets[spec.population]))
        if spec.dataset in self.plan.added:
            sources += self._units_sources(spec.dataset, units if units is not None else (
                None if isinstance(applications, pl.DataFrame | pl.LazyFrame)
                else Path(applications).parent))
        return replace(screening, problems=(*screening.problems, *population_problems),
                       provenance=provenance(self.files, sources,
                                             period=counted.code if counted else None,
                                             compared_with=None, known=self.hashes))

    def _units_sources(self, dataset_id: str,
                       units: Mapping[str, Frame] | str | os.PathLike[str] | None
                       ) -> list[Path | str]:
        """The units tables a screening looked attributes up in: files in the folder
        ``units``, or the names of the frames given."""
        names = dict.fromkeys(j.units for j in self.plan.added[dataset_id].joins)
        if units is None:
            return []
        if isinstance(units, Mapping):
            return [name for name in names if name in units]
        folder = Path(units)
        return [find_file(folder, self.datasets[name]) for name in names
                if folder.is_dir() and has_file(folder, self.datasets[name])]

    def check_table(self, published: str | os.PathLike[str], screening: Screening
                    ) -> tuple[pl.DataFrame, tuple[Problem, ...]]:
        """Compare a published summary table (CSV / XLSX) with ``screening``'s summary.

        Returns the findings (check, group, column, printed, expected, detail) and one
        message per finding plus any problem reading the table.
        """
        spec = self.admission_for(screening.admission)
        path = Path(published)
        label = display_path(path)
        table, problems = read_published(path, spec, self.datasets[spec.dataset], label)
        findings = check_table(table, screening, spec)
        return findings, (*problems, *describe(findings, label, spec))

    # -- evaluation -------------------------------------------------------------------------

    def evaluate(self, data: Mapping[str, Frame] | InputData, *,
                 levels: str | Iterable[str] = (), targets: str | None = None,
                 lang: Lang | None = None, period: PeriodLike | None = None,
                 compare: PeriodLike | bool | None = None) -> Result:
        """Compute every indicator for the whole data set and for each level, then the
        targeted recommendations.

        ``data`` maps dataset ids to frames (or is what ``read`` returned). Levels named in the
        targets and recommendations are always computed; ``levels`` adds more (any column,
        e.g. municipality). A screening result missing from ``data`` is screened inline from
        its applications. ``lang`` is the language of recommendation texts. ``period``: the
        reporting period (a ``Period`` or a label, «III квартал 2024», 2023; by default the
        rule set's or the targets'). ``compare``: True to compute the previous period too,
        with the change per indicator and unit, or the earlier period to compare with (by
        default as the rule set says).
        """
        return self._evaluate(data, levels=levels, targets=targets, lang=lang, period=period,
                              compare=compare)

    def _evaluate(self, data: Mapping[str, Frame] | InputData, *,
                  levels: str | Iterable[str], targets: str | None, lang: Lang | None,
                  untidied_read: Mapping[str, frozenset[str]] | None = None,
                  period: PeriodLike | None = None,
                  compare: PeriodLike | bool | None = None) -> Result:
        """``evaluate``; ``untidied_read``: the text columns ``data``'s frames hold as
        written, per dataset (their level keys are checked once aggregated)."""
        if not isinstance(data, Mapping | InputData):
            raise TypeError(text("api.data", None, value=type(data).__name__))
        lang = chosen_language(lang)
        chosen = self.targets_for(targets)
        now, then = self._periods(period, compare, chosen)
        frames, untidied, heights, problems = self._frames(data, untidied_read)
        labels = _labels(data)
        frames = with_added(frames, self.plan.added, self.datasets, problems,
                            labels=labels, engine=engine_for(heights))
        # One level given as a plain string is that level, not its letters.
        all_levels = self._levels([levels] if isinstance(levels, str) else levels, chosen)
        in_force = in_force_then(chosen, now)
        compared = now is not None and then is not None
        run = functools.partial(evaluate_tables, self.plan, self.datasets,
                                levels=all_levels, lang=chosen_language(lang),
                                engine=engine_for(heights), labels=labels, compared=compared)
        # The period compared with is computed beside the reporting one: Polars releases the
        # GIL, and the two passes' queries keep both cores busier than one after the other.
        earlier_run = None if not compared else functools.partial(
            run, period=then, targets=in_force_then(chosen, then), undated=False)
        if earlier_run is None:
            tables, earlier = run(frames=frames, period=now, targets=in_force), None
        elif not self.plan.indicators:  # no query to overlap: a thread would only cost
            tables = run(frames=frames, period=now, targets=in_force)
            earlier = earlier_run(frames=frames)
        else:
            with ThreadPoolExecutor(max_workers=1) as pool:
                pending = pool.submit(earlier_run, frames=frames)
                tables = run(frames=frames, period=now, targets=in_force)
                earlier = pending.result()
        retidy = untidy_levels(tables.indicators, untidied, all_levels, self.datasets)
        if retidy:  # rare: some level's keys needed tidying, so the groups were wrong
            frames = with_levels_tidied(frames, untidied, retidy, self.datasets)
            tables = run(frames=frames, period=now, targets=in_force)
            earlier = None if earlier_run is None else earlier_run(frames=frames)
        problems.extend(tables.problems)
        indicators = tables.indicators
        titles = column_titles(self.datasets.values())
        if now is not None and then is not None and earlier is not None:
            indicators, notes = with_earlier(tables, earlier, periods=(now, then),
                                             chosen=chosen, lang=chosen_language(lang),
                                             titles=titles,
                                             indicators=self.indicators)
            problems.extend(notes)
        problems.extend(published_differences(tables.differences, chosen))
        expertise = assess(self.plan, self.specs, frames, (now, then), labels=labels,
                           engine=engine_for(heights), indicators=indicators)
        problems.extend(expertise.problems)
        planned = {name: t.planned for name, t in in_force.items()}
        reviewed = Reviewed({k: v.units for k, v in expertise.scored.items()},
                            {k: v.averages for k, v in expertise.scored.items()},
                            now.code if now else None, expertise.class_rows)
        advice, notes = recommend(self.plan.recommendations, planned=planned,
                                  indicators=indicators, variables=tables.variables,
                                  lang=chosen_language(lang), reviewed=reviewed)
        problems.extend(notes)
        return Result(indicators, tables.variables, advice, tuple(problems),
                      chosen.id if chosen else None, now,
                      Frozen({lv: titles.get(lv, lv) for lv in all_levels}),
                      frozenset((i.indicator.id, name) for i in self.plan.indicators.values()
                                for name, v in i.variables.items() if v.variable.skip_unknown),
                      compared_with=then if now is not None else None,
                      _classes=expertise.classes,
                      _scores=reviewed.scores, _score_averages=reviewed.averages,
                      _audits=expertise.audits,
                      reviews=self.specs.scorings, classifications=self.specs.classifications,
                      provenance=provenance(
                          self.files, self._sources(data), period=now.code if now else None,
                          compared_with=then.code if now is not None and then else None,
                          known={**self.hashes, **(
                              data.hashes if isinstance(data, InputData) else {})}),
                      targets_spec=chosen,
                      bases={k: i.basis for k, i in self.indicators.items() if i.basis})

    def _sources(self, data: Mapping[str, Frame] | InputData) -> list[Path | str]:
        """The data files read for an evaluation (paths), and the frames given in memory
        (their dataset ids), in the order of the datasets used."""
        files = data.files if isinstance(data, InputData) else {}
        given = data.frames if isinstance(data, InputData) else data
        found: list[Path | str] = []
        for dataset_id in self.used_datasets():
            admission = self.admissions.get(dataset_id)
            if dataset_id in files:
                found.append(files[dataset_id])
            elif dataset_id in given:
                found.append(dataset_id)
            elif admission is not None and admission.dataset in given:
                found.append(admission.dataset)  # screened from its applications
        return found

    def _frames(self, data: Mapping[str, Frame] | InputData,
                untidied_read: Mapping[str, frozenset[str]] | None
                ) -> tuple[dict[str, pl.LazyFrame], dict[str, frozenset[str]], list[int | None],
                           list[Problem]]:
        """The typed frame of each dataset used (a screening result missing from ``data``
        screened from its applications), the text columns left as given, the frames'
        heights (None: lazy) and the problems met. DataError when a dataset is missing."""
        given = data.frames if isinstance(data, InputData) else data
        # The problems met, in the datasets' order; a frame to read: its place in ``to_read``.
        problems: list[Problem | int] = list(data.problems) if isinstance(data, InputData) else []
        to_read: list[FrameGiven] = []
        frames: dict[str, pl.LazyFrame] = {}
        untidied: dict[str, frozenset[str]] = {}  # text columns left as given, per dataset
        heights: list[int | None] = []  # of the frames given (None: lazy)
        read: list[pl.LazyFrame] = []  # the row count of each frame ``read`` gave
        missing = []
        for dataset_id in self.used_datasets():
            frame = given.get(dataset_id)
            admission = self.admissions.get(dataset_id)
            if frame is None and admission is not None and admission.dataset in given:
                screening = self.screen(given[admission.dataset], admission=dataset_id)
                frame = screening.candidates
                problems.extend(screening.problems)
            if not isinstance(frame, pl.DataFrame | pl.LazyFrame):
                missing.append(Problem(
                    "data.missing_dataset" if frame is None else "data.not_a_frame",
                    {"dataset": dataset_id, "got": type(frame).__name__}))
                continue
            if isinstance(data, InputData) and dataset_id in given:
                # Read by ``read``: already typed, its problems already in ``data``; held in
                # memory, so its rows are known, or counted at once (below).
                frames[dataset_id] = frame.lazy()
                if dataset_id in data.heights:
                    heights.append(data.heights[dataset_id])
                else:
                    read.append(frame.lazy().select(pl.len()))
                untidied[dataset_id] = (untidied_read or {}).get(dataset_id, frozenset())
                continue
            heights.append(frame.height if isinstance(frame, pl.DataFrame) else None)
            untidied[dataset_id] = self._untidied(dataset_id)
            frames[dataset_id] = pl.LazyFrame()  # read below, all together, in this place
            to_read.append(FrameGiven(frame, self.datasets[dataset_id], f"<{dataset_id}>",
                                      untidied[dataset_id]))
            problems.append(len(to_read) - 1)
        conformed = read_frames(to_read)
        for one in conformed:
            frames[one.dataset] = one.frame
        if missing:
            raise DataError(missing)
        found = [p for place in problems for p in (
            conformed[place].problems if isinstance(place, int) else (place,))]
        heights += [int(count.item()) for count in collect_small(*read)] if read else []
        return frames, untidied, heights, found

    def _periods(self, period: PeriodLike | None, compare: PeriodLike | bool | None,
                 chosen: Targets | None) -> tuple[Period | None, Period | None]:
        """The reporting period and the one compared with: as the call names them, else
        as the targets or the rule set say. DataError when the rules need a period and
        none is named."""
        needs = self.plan.uses_period or any(
            self.datasets[d].period is not None for d in self.used_datasets())
        return reporting_periods(
            period, self.compare if compare is None else compare,
            defaults=(chosen.period if chosen else None, self.period),
            needed=needs, targets=chosen.id if chosen else None)

    def _untidied(self, dataset_id: str) -> frozenset[str]:
        """The dataset's text columns that no expression reads: evaluation uses them as
        level keys at most, checked once aggregated (``untidy_levels``), so tidying every
        cell first would cost a scan of each for nothing. The key is always tidied: its
        repeats are checked on the key as read."""
        dataset = self.datasets[dataset_id]
        read = self.plan.columns_read.get(dataset_id, frozenset())
        return frozenset(name for name, column in dataset.columns.items()
                         if column.type == "string" and name not in read and name != dataset.key)

    def _levels(self, levels: Iterable[str],
                chosen: Targets | None) -> dict[str, frozenset[str] | None]:
        """Each level and the indicators wanted there: all of them (None) for the total and
        the levels asked for; only its own indicator for a level named by a target or a
        recommendations spec."""
        asked = list(dict.fromkeys([TOTAL_LEVEL, *levels]))
        columns = {c for d in self.datasets.values() for c in d.row_columns}
        unknown = [lv for lv in asked if lv != TOTAL_LEVEL and lv not in columns]
        if unknown:
            raise DataError([Problem("level.unknown",
                                     {"level": lv, "hint": suggestion(lv, sorted(columns))})
                             for lv in unknown])
        plan: dict[str, frozenset[str] | None] = dict.fromkeys(asked)
        named = [(lv, name) for name, t in (chosen.targets.items() if chosen else ())
                 for lv in t.levels or ()]
        named += [(r.level, r.indicator) for r in self.recommendations.values()
                  if r.indicator is not None]
        named += [(a.level, c.show) for a in self.specs.audits.values() if a.level is not None
                  for c in a.columns if c.show in self.indicators]
        for level, indicator in named:
            if level not in asked:
                plan[level] = (plan.get(level) or frozenset()) | {indicator}
        return plan


def _source(source: Frame | str | os.PathLike[str], dataset: Dataset) -> Path | str:
    """The file a dataset was read from (a folder: its file there), or the dataset's id for
    a frame given in memory."""
    if isinstance(source, pl.DataFrame | pl.LazyFrame):
        return dataset.id
    path = Path(source)
    return find_file(path, dataset) if path.is_dir() and has_file(path, dataset) else path


def _labels(data: Mapping[str, Frame] | InputData) -> dict[str, str]:
    """How problems name the file each dataset was read from (frames given as they are are
    named as ``read_frame`` names them)."""
    if not isinstance(data, InputData):
        return {}
    return {name: display_path(path) for name, path in data.files.items()}
