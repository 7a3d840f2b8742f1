"""Time Mayak's screening against hand-written Polars, then the whole ``mayak screen`` command.

(a) Both sides screen the same in-memory applications (typed as
``rules/kaliningrad/applications.yaml`` says) against ``rules/kaliningrad/rma-admission.yaml``:
the derived experience, criteria K1..K5 with three-valued logic, the per-criterion
explanations, the outcome, the reasons and the summary by subject area. This is done twice:
with ``category`` given as ``pl.Enum`` and as text (``pl.String``, with the synonyms people
type). The outcomes are checked to be equal before the times are trusted.

(b) The same applications are written to a Parquet file and to a CSV file with the Russian
headers of the dataset spec, and ``mayak screen --format csv -o OUT`` is timed as a
subprocess on each (wall clock: start-up, loading the rules, reading, screening, writing).

Run ``python benchmarks/bench_screening.py --help`` for options. This is a measurement, not a
test: it exits 0 whatever the ratio, and non-zero only when the two sides disagree.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import reduce
from pathlib import Path

import mayak
import polars as pl
from _common import TARGET_RATIO, integers, measure, uniform

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "kaliningrad"
MAYAK = Path(sys.executable).with_name("mayak")  # the CLI of the same virtualenv
SEED = 20230315

APPLICATIONS = 1_000_000  # full scale (--scale 1)
MUNICIPALITIES = 60
SUBJECTS = ["математика", "русский язык", "литература", "история", "обществознание",
            "физика", "химия", "биология", "география", "информатика", "английский язык",
            "начальные классы", "дошкольное образование", "физическая культура"]
FIRST_DAY = dt.date(2023, 1, 9)  # applications come in over the first 120 days of 2023
CATEGORIES = ["без категории", "первая", "высшая"]
CATEGORY = pl.Enum(CATEGORIES)  # the spec's values in spec order (an ordered category)
OUTCOME = pl.Enum(["admitted", "reserve", "needs_review"])
# How the category is typed by hand in the text variant: a share of the rows carries one of
# these spellings (all are synonyms in the spec, or differ only in case and spacing).
SPELLINGS = {"высшая": ["Высшая", "высшая категория", "высш.",
                        "  высшая квалификационная категория"],
             "первая": ["Первая", "1 категория", "первая квалификационная категория"],
             "без категории": ["СЗД", "нет", "соответствие занимаемой должности"]}
RETYPED = 0.10  # share of category cells spelled another way in the text variant
UNKNOWN_MARKER = "н/д"  # ... and an empty cell among those is written so (read as unknown)

NULL_SHARE = 0.01  # each criterion column is empty in this share of the rows
YEARS_GIVEN = 0.70  # the others give the date teaching began instead of a number of years
DECIMAL_COMMA = 0.5  # share of CSV rows writing experience_years with a decimal comma
# A fixed number of unreadable cells per column (an out-of-range experience, an unknown
# category), whatever the scale. Kept well under the 200 cells Mayak lists one by one: only
# those rows get the "unreadable" reason and go to needs_review (see README).
BAD_CELLS = 20
BAD_YEARS, BAD_CATEGORY = 75.0, "вторая"

CRITERIA = ["K1", "K2", "K3", "K4", "K5"]
BOOLEANS = ["higher_pedagogical", "higher_in_subject", "retraining", "trained_academy",
            "trained_institute", "competence_assessed"]
TRUE_SHARE = {"higher_pedagogical": 0.85, "higher_in_subject": 0.60, "retraining": 0.40,
              "trained_academy": 0.50, "trained_institute": 0.70, "competence_assessed": 0.75}

Frames = dict[str, pl.DataFrame]

# -- synthetic data ------------------------------------------------------------------------

def _pick(values: list[str], index: pl.Expr) -> pl.Expr:
    return pl.lit(pl.Series(values)).gather(index)


def _maybe_null(value: pl.Expr, n: int, seed: int) -> pl.Expr:
    return pl.when(uniform(n, seed) >= NULL_SHARE).then(value)


def make_applications(scale: float) -> Frames:
    """The applications twice: ``enum`` (category as pl.Enum) and ``text`` (as pl.String,
    partly in other spellings, with a few unknown values that are null in ``enum``)."""
    n = max(1, round(APPLICATIONS * scale))
    row = pl.int_range(n)
    step = max(n // BAD_CELLS, 1)
    days_taught = integers(n, 40 * 365, SEED + 4)
    given = uniform(n, SEED + 3) < YEARS_GIVEN
    base = pl.select(
        application_id=pl.format("2023-{}", (row + 1).cast(pl.String).str.zfill(7)),
        full_name=pl.format("Кандидат {}", (row + 1).cast(pl.String)),
        municipality=pl.format("МО-{}", (integers(n, MUNICIPALITIES, SEED)
                                         + 1).cast(pl.String).str.zfill(2)),
        subject_area=_pick(SUBJECTS, integers(n, len(SUBJECTS), SEED + 1)),
        application_date=pl.lit(FIRST_DAY) + pl.duration(days=integers(n, 120, SEED + 2)),
        # Years in half-year steps; a few cells out of the spec's range [0; 70].
        experience_years=pl.when(row % step == 7 % step).then(BAD_YEARS)
        .when(given).then((uniform(n, SEED + 5) * 80).floor() / 2),
        days_taught=pl.when(~given).then(days_taught),
        category_index=integers(n, 100, SEED + 6),
        retyped=uniform(n, SEED + 7) < RETYPED,
        spelling=integers(n, 4, SEED + 8),
        bad_category=row % step == 11 % step,
    )
    base = base.with_columns(
        # Most dated rows know when teaching began; 1 in 100 does not (experience unknown).
        teaching_since=pl.when(uniform(n, SEED + 9) >= NULL_SHARE)
        .then(pl.col("application_date") - pl.duration(days=pl.col("days_taught"))),
        **{name: _maybe_null(uniform(n, SEED + 20 + i) < TRUE_SHARE[name], n, SEED + 40 + i)
           for i, name in enumerate(BOOLEANS)},
        # 20 % without category, 35 % first, 45 % highest.
        category=_maybe_null(pl.when(pl.col("category_index") < 20).then(pl.lit(CATEGORIES[0]))
                             .when(pl.col("category_index") < 55).then(pl.lit(CATEGORIES[1]))
                             .otherwise(pl.lit(CATEGORIES[2])), n, SEED + 10),
    )
    spelled = reduce(
        lambda other, item: pl.when(pl.col("category") == item[0]).then(
            _pick(item[1], pl.col("spelling") % len(item[1]))).otherwise(other),
        SPELLINGS.items(), pl.col("category"))
    text = (pl.when(pl.col("bad_category")).then(pl.lit(BAD_CATEGORY))
            .when(pl.col("retyped")).then(spelled.fill_null(pl.lit(UNKNOWN_MARKER)))
            .otherwise(pl.col("category")))
    columns = ["application_id", "full_name", "municipality", "subject_area",
               "application_date", "higher_pedagogical", "higher_in_subject", "retraining",
               "experience_years", "teaching_since", "category", "trained_academy",
               "trained_institute", "competence_assessed"]
    as_text = base.with_columns(text.alias("category")).select(columns)
    as_enum = base.with_columns(pl.when(~pl.col("bad_category")).then(pl.col("category"))
                                .cast(CATEGORY)).select(columns)
    return {"enum": as_enum, "text": as_text}


# -- hand-written Polars -------------------------------------------------------------------
#
# The same work as Mayak's Ruleset.screen, written directly: check the cells the spec
# constrains (experience_years in [0; 70]; a text category mapped through the spec's values
# and synonyms, "н/д" and the like read as unknown), flag repeated application ids, derive
# experience, apply K1..K5, decide, and write the explanations and reasons with the same
# texts and number formats as Mayak (check_same compares every one of those columns).
# Where the work differs: Mayak also adds a row number, keeps a text copy of each checked
# column to quote bad cells in its messages, builds a message per bad cell, collects the
# checked frame before screening, applies the criteria in chunks of 250 000 rows (for its
# progress bar) and joins the per-row issues back by row number. Here the issue texts are
# expressions in the same query, which is the only one collected. The texts are written
# here by hand (Russian); the criteria titles come from the spec.

NOT_MET, UNKNOWN = "{} не выполнен ({}): ", "{} — нет данных ({}): "
NO_DATA, YES, NO = "нет данных", "да", "нет"
# Written where a value is not known: read as unknown, not as an unreadable value.
UNKNOWN_MARKERS = ["нет данных", "н/д", "неизвестно", "—", "–", "-", "no data", "n/a"]


def _normalised(text: pl.Expr) -> pl.Expr:
    """Case, spacing, Unicode form and ё folded: how Mayak compares category words."""
    return (text.str.normalize("NFC").str.strip_chars().str.to_lowercase()
            .str.replace_all(r"\s+", " ").str.replace_all("ё", "е"))


def _category_words(rules: mayak.Ruleset) -> dict[str, str]:
    column = rules.datasets["applications"].columns["category"]
    words = {v: v for v in column.values} | dict(column.synonyms)
    folded = pl.select(_normalised(pl.Series(list(words)))).to_series().to_list()
    return dict(zip(folded, words.values(), strict=True))


def _yes_no(value: pl.Expr) -> pl.Expr:
    return pl.when(value).then(pl.lit(YES)).when(~value).then(pl.lit(NO)).otherwise(
        pl.lit(NO_DATA))


def _years(value: pl.Expr) -> pl.Expr:
    """Every decimal the value has (the decision was taken on it), decimal comma, no
    trailing ",0": 7 / 7,5 / 4,9999 / нет данных."""
    shown = (value.round_sig_figs(15).cast(pl.String).str.replace(r"\.0$", "")
             .str.replace(".", ",", literal=True))
    return shown.fill_null(NO_DATA)


def _whole_years(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole years from start to end: an anniversary not yet reached does not count."""
    before = (end.dt.month() < start.dt.month()) | (
        (end.dt.month() == start.dt.month()) & (end.dt.day() < start.dt.day()))
    return (end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)
            - before.cast(pl.Int64))


def handwritten(applications: pl.DataFrame, titles: Mapping[str, str],
                category_words: Mapping[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(candidates, summary by subject area), as Mayak computes them.

    One lazy query in steps: each value is computed once in a ``with_columns`` and later
    steps refer to it by name (Polars does not always share a subexpression used twice).
    """
    c = pl.col
    query = applications.lazy()
    # 1. Read the cells as the spec says. A number outside [0; 70] and a category word that
    #    is neither a value nor a synonym are unreadable: unknown, and sent to review.
    valid_years = c("experience_years").is_between(0, 70)
    bad = {"experience_years": c("experience_years").is_not_null() & ~valid_years}
    if applications.schema["category"] == pl.String:
        # Each distinct spelling is read once, then looked up (a column of a few words).
        stripped = c("category").str.strip_chars()
        given = (stripped != "") & ~stripped.str.to_lowercase().is_in(UNKNOWN_MARKERS)
        spellings = applications.select(c("category").unique()).with_columns(
            text=pl.when(given).then(stripped)).with_columns(
            value=_normalised(c("text")).replace_strict(
                dict(category_words), default=None, return_dtype=CATEGORY))
        raw = spellings.get_column("category")
        query = query.with_columns(
            _category_text=c("category").replace_strict(raw, spellings.get_column("text"),
                                                         default=None),
            category=c("category").replace_strict(raw, spellings.get_column("value"),
                                                  default=None, return_dtype=CATEGORY))
        bad["category"] = c("_category_text").is_not_null() & c("category").is_null()
    bad_columns = pl.concat_str([pl.when(flag).then(pl.lit(name)) for name, flag in bad.items()],
                                separator=", ", ignore_nulls=True)
    unreadable = pl.when(bad_columns != "").then(
        pl.lit("нечитаемые данные в столбцах: ") + bad_columns)
    key = c("application_id")
    repeated = pl.when(key.is_duplicated() & key.is_not_null()).then(
        pl.lit("номер заявки повторяется"))
    query = query.with_columns(  # the issue sees experience_years before it is cleared
        _issue=pl.concat_str([unreadable, repeated], separator="; ", ignore_nulls=True),
        experience_years=pl.when(valid_years).then(c("experience_years")))

    # 2. Derive, apply the criteria (Polars' & and | are Kleene logic, as Mayak's), explain.
    criteria = {
        "K1": c("higher_pedagogical") | (c("higher_in_subject") & c("retraining")),
        "K2": c("experience") >= 5,
        "K3": c("category") == pl.lit("высшая", dtype=CATEGORY),
        "K4": c("trained_academy") | c("trained_institute"),
        "K5": c("competence_assessed"),
    }
    explains = {
        "K1": pl.concat_str([pl.lit("высшее педагогическое — "), _yes_no(c("higher_pedagogical")),
                             pl.lit(", высшее по профилю — "), _yes_no(c("higher_in_subject")),
                             pl.lit(", переподготовка — "), _yes_no(c("retraining"))]),
        "K2": pl.concat_str([pl.lit("стаж "), _years(c("experience")),
                             pl.lit(" (лет), требуется не менее 5")]),
        "K3": pl.concat_str([pl.lit("категория — "),
                             c("category").cast(pl.String).fill_null(NO_DATA),
                             pl.lit(", требуется высшая")]),
        "K4": pl.concat_str([pl.lit("ПК в Академии — "), _yes_no(c("trained_academy")),
                             pl.lit(", ПК в институте — "), _yes_no(c("trained_institute"))]),
        "K5": pl.concat_str([pl.lit("оценка компетенций — "), _yes_no(c("competence_assessed"))]),
    }
    query = (query
             .with_columns(experience=pl.coalesce(
                 c("experience_years"), _whole_years(c("teaching_since"), c("application_date"))
             ).round(9).round_sig_figs(15))  # a derived number without binary noise
             .with_columns(**criteria)
             .with_columns(**{f"{k}_explain": e for k, e in explains.items()}))

    # 3. Decide ("all": any false -> reserve, all true -> admitted, else review) and say why.
    decision = reduce(lambda a, b: a & b, [c(k) for k in CRITERIA])
    has_issue = c("_issue") != ""
    outcome = (pl.when(has_issue).then(pl.lit("needs_review"))
               .when(decision).then(pl.lit("admitted"))
               .when(~decision).then(pl.lit("reserve"))
               .otherwise(pl.lit("needs_review")).cast(OUTCOME))
    reasons = pl.concat_str(
        [pl.when(has_issue).then(c("_issue")),
         *[pl.when(~c(k)).then(pl.lit(NOT_MET.format(k, titles[k])) + c(f"{k}_explain"))
           .when(c(k).is_null()).then(pl.lit(UNKNOWN.format(k, titles[k])) + c(f"{k}_explain"))
           for k in CRITERIA]], separator="; ", ignore_nulls=True)
    candidates = (
        query.with_columns(outcome=outcome, reasons=reasons)
        # "Nothing to say" is its own step: inside one expression the concatenation would be
        # written twice (measured 2.09 s vs 1.22 s for the whole query at full scale).
        .with_columns(reasons=pl.when(c("reasons") == "").then(pl.lit("все критерии выполнены"))
                      .otherwise(c("reasons")))
        .drop("_issue", "_category_text", strict=False)
        .collect())
    summary = candidates.group_by("subject_area", maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("applications"),
        *[c(k).sum().cast(pl.Int64) for k in CRITERIA],
        *[(c("outcome") == o).sum().cast(pl.Int64).alias(o) for o in OUTCOME.categories],
    ).select("subject_area", pl.lit(None, dtype=pl.Int64).alias("population"),
             pl.exclude("subject_area"))
    return candidates, summary


# -- Mayak ---------------------------------------------------------------------------------

def with_mayak(rules: mayak.Ruleset, applications: pl.DataFrame) -> mayak.Screening:
    return rules.screen(applications, lang="ru")


# -- checking ------------------------------------------------------------------------------

def check_same(screening: mayak.Screening, candidates: pl.DataFrame,
               summary: pl.DataFrame, variant: str) -> list[str]:
    """Exit 1 if outcomes or the summary differ; return warnings about differing texts."""
    theirs = screening.candidates
    if theirs.height != candidates.height or not theirs["outcome"].equals(candidates["outcome"]):
        differ = theirs.select("_row", "application_id", "outcome", "reasons").with_columns(
            candidates["outcome"].alias("outcome.hand")).filter(
            ~pl.col("outcome").eq_missing(pl.col("outcome.hand")))
        print(f"MISMATCH ({variant}): Mayak {theirs.height} candidates, hand-written "
              f"{candidates.height}; {differ.height} outcomes differ", file=sys.stderr)
        with pl.Config(tbl_rows=10, fmt_str_lengths=80):
            print(differ, file=sys.stderr)
        raise SystemExit(1)
    if screening.summary is None or not screening.summary.equals(summary):
        print(f"MISMATCH ({variant}): summaries differ", file=sys.stderr)
        print(screening.summary, summary, sep="\n", file=sys.stderr)
        raise SystemExit(1)
    warnings = []
    for name in ["experience", *CRITERIA, *[f"{k}_explain" for k in CRITERIA], "reasons"]:
        same = theirs[name].eq_missing(candidates[name]).all()
        if not same:
            count = (~theirs[name].eq_missing(candidates[name])).sum()
            warnings.append(f"  warning ({variant}): column {name} differs in {count:,} rows; "
                            "the two sides no longer do the same text work")
    return warnings


# -- timing --------------------------------------------------------------------------------

def profile(rules: mayak.Ruleset, applications: pl.DataFrame, variant: str,
            lines: int = 18) -> None:
    """Where one Mayak screening spends its time, by engine function (cumulative)."""
    profiler = cProfile.Profile()
    profiler.runcall(with_mayak, rules, applications)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"\nprofile of rules.screen ({variant}), engine functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"mayak[/\\]_", lines)


# -- files and the CLI ---------------------------------------------------------------------

def _csv_text(applications: pl.DataFrame, titles: Mapping[str, str]) -> pl.DataFrame:
    """Every cell as people type it: да/нет, ДД.ММ.ГГГГ, experience with a decimal comma in
    some rows and a point in the others, empty cells for unknown values."""
    half = pl.int_range(pl.len()) % round(1 / DECIMAL_COMMA) == 0
    schema = applications.schema
    cells = []
    for name in applications.columns:
        value = pl.col(name)
        if schema[name] == pl.Boolean:
            text = pl.when(value).then(pl.lit(YES)).when(~value).then(pl.lit(NO))
        elif schema[name] == pl.Date:
            text = value.dt.strftime("%d.%m.%Y")
        elif name == "experience_years":
            shown = value.cast(pl.String).str.strip_suffix(".0")
            text = pl.when(half).then(shown.str.replace(".", ",", literal=True)).otherwise(shown)
        else:
            text = value.cast(pl.String)
        cells.append(text.alias(titles[name]))
    return applications.select(cells)


def write_files(applications: pl.DataFrame, titles: Mapping[str, str],
                folder: Path) -> dict[str, Path]:
    parquet, csv = folder / "applications.parquet", folder / "applications.csv"
    applications.write_parquet(parquet)
    # A semicolon separator, as Excel writes in Russian locales (the comma is decimal there).
    _csv_text(applications, titles).write_csv(csv, separator=";", include_bom=True)
    return {"parquet": parquet, "csv": csv}


def _run_cli(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MAYAK_LANG": "ru"}
    done = subprocess.run([str(MAYAK), *arguments], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        print(f"mayak {' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-2000:]}",
              file=sys.stderr)
        raise SystemExit(1)
    return done


def time_cli(files: Mapping[str, Path], repeat: int) -> tuple[dict[str, float],
                                                              dict[str, dict[str, int]]]:
    """Median wall-clock seconds of ``mayak screen`` per file, and the outcome counts each
    run wrote (the «Решение» column of the CSV written)."""
    runs: dict[str, Callable[[], object]] = {
        "start-up + rules (mayak validate)": lambda: _run_cli(["validate", "rules/kaliningrad"])}
    outputs: dict[str, Path] = {}
    for kind, path in files.items():
        outputs[kind] = path.with_name(f"screened-{kind}.csv")
        arguments = ["screen", "--rules", "rules/kaliningrad", str(path), "--format", "csv",
                     "-o", str(outputs[kind])]
        runs[f"mayak screen {path.name}"] = lambda arguments=arguments: _run_cli(arguments)
    medians = measure(runs, repeat, warm_up=False)
    counts = {}
    for kind, output in outputs.items():
        # Mayak's CSV starts with its provenance, lines marked «#».
        written = pl.read_csv(output, columns=["Решение"], infer_schema=False,
                              comment_prefix="#")
        counts[kind] = dict(written["Решение"].value_counts().iter_rows())
    return medians, counts


# -- main ----------------------------------------------------------------------------------

def _counts(screening: mayak.Screening) -> dict[str, int]:
    labels = {o: mayak.text(f"outcome.{o}", "ru") for o in OUTCOME.categories}
    counts = screening.candidates["outcome"].value_counts()
    return {labels[str(o)]: n for o, n in counts.iter_rows()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time Mayak's screening against hand-written Polars, and the CLI.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help=f"share of the {APPLICATIONS:,} applications (e.g. 0.01)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed in-memory runs per side after one warm-up (median)")
    parser.add_argument("--cli-repeat", type=int, default=1,
                        help="timed runs of each CLI command (median)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one Mayak screening per variant")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1 or args.cli_repeat < 1:
        parser.error("--scale must be > 0, --repeat and --cli-repeat >= 1")

    start = time.perf_counter()
    variants = make_applications(args.scale)
    generated = time.perf_counter() - start
    rules = mayak.load([RULES])
    admission = rules.admission_for("rma")
    titles = {c.id: c.title for c in admission.criteria}
    columns = {n: c.title or n for n, c in rules.datasets["applications"].columns.items()}
    words = _category_words(rules)

    n = variants["enum"].height
    print(f"Mayak screening vs hand-written Polars {pl.__version__} (scale {args.scale:g}, "
          f"{pl.thread_pool_size()} threads)")
    print(f"  applications {n:,} rows ({variants['enum'].estimated_size('mb'):.0f} MB with "
          f"category as Enum), generated in {generated:.2f} s")

    warnings: list[str] = []
    results: dict[str, tuple[float, float]] = {}
    for variant, frame in variants.items():
        def by_hand(frame: pl.DataFrame = frame) -> tuple[pl.DataFrame, pl.DataFrame]:
            return handwritten(frame, titles, words)

        def by_mayak(frame: pl.DataFrame = frame) -> mayak.Screening:
            return with_mayak(rules, frame)

        screening = by_mayak()
        warnings += check_same(screening, *by_hand(), variant)
        if variant == "enum":
            print(f"  outcomes: {_counts(screening)}; {len(screening.problems)} problems "
                  f"reported by Mayak")
        del screening
        medians = measure({"hand-written": by_hand, "mayak": by_mayak}, args.repeat)
        results[variant] = medians["hand-written"], medians["mayak"]
    if warnings:
        print(*warnings, sep="\n")

    print(f"(a) in memory, rules.screen(frame) vs hand-written, median of {args.repeat}:")
    for variant, (hand, ours) in results.items():
        ratio = ours / hand
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        dtype = "pl.Enum" if variant == "enum" else "pl.String"
        print(f"  category as {dtype:<9} hand-written {hand:7.3f} s   mayak {ours:7.3f} s   "
              f"ratio {ratio:5.2f}x  ({verdict} target <= {TARGET_RATIO}x)")
    if args.profile:
        for variant, frame in variants.items():
            profile(rules, frame, variant)

    expected = _counts(with_mayak(rules, variants["text"]))
    with tempfile.TemporaryDirectory(prefix="mayak-bench-") as folder:
        files = write_files(variants["text"], columns, Path(folder))
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in files.values())
        medians, counts = time_cli(files, args.cli_repeat)
    print(f"(b) CLI, wall clock, median of {args.cli_repeat} (category as text; {sizes}):")
    for name, seconds in medians.items():
        print(f"  {name:<40} {seconds:7.2f} s")
    for kind, found in counts.items():
        if found != expected:
            print(f"MISMATCH: mayak screen on the {kind} file wrote {found}, "
                  f"expected {expected}", file=sys.stderr)
            return 1
    print("  outcome counts written by both commands equal rules.screen's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
