"""Command definitions. Every message goes through the catalogue in ``mayak.messages``;
click's own texts are replaced in ``mayak_cli._click``.

Only the public API of ``mayak`` is used, and what needs Polars or jsonschema is imported
inside the command that uses it: ``mayak --help`` starts without them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

import click
import mayak
from mayak.files import mayak_version, write_atomic, write_failure
from mayak.messages import DataError, Lang, MayakError, Problem, language, text
from mayak.render import AUDIT_FORMATS, DOCUMENT_FORMATS, REPORT_FORMATS, SCREENING_FORMATS

from mayak_cli._click import (
    PROGRAM,
    Argument,
    Choice,
    Group,
    Option,
    PathType,
    Session,
    Usage,
    is_broken_pipe,
    lang_of,
    session_of,
)
from mayak_cli._formats import named_format, output_format
from mayak_cli._outputs import data_files, refuse_overwriting

if TYPE_CHECKING:
    from mayak import Admission, Result, Ruleset, Screening
    from mayak.render import ChartEngine, Document, Terminal

EXIT_OK, EXIT_MISSED, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3  # documented in --help
F = TypeVar("F", bound=Callable[..., Any])


def _session() -> Session:
    return session_of(click.get_current_context())


def _lang() -> Lang:
    return _session().lang


def _say(key: str, **params: Any) -> None:
    click.echo(text(key, _lang(), **params), err=True)


def _show(problems: tuple[Problem, ...] | list[Problem]) -> None:
    lang = _lang()
    for problem in sorted(problems, key=lambda p: p.severity != "error"):
        click.echo(problem.render(lang), err=True)


def _guarded(command: F) -> F:
    """Turn Mayak errors into messages and exit code 2; never show a traceback."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MayakError as exc:
            _show(exc.problems)
            _say("cli.problems", count=len(exc.problems))
            raise SystemExit(EXIT_INVALID) from None
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            if is_broken_pipe(exc):  # told by the group, without a traceback
                raise
            _internal(exc)
        except Exception as exc:
            _internal(exc)
    return run  # type: ignore[return-value]


def _internal(exc: Exception) -> None:
    if os.environ.get("MAYAK_DEBUG"):
        raise exc
    _say("cli.internal", detail=f"{type(exc).__name__}: {exc}")
    raise SystemExit(EXIT_INTERNAL) from None


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(text("cli.version", lang_of(ctx), version=mayak_version()))
        ctx.exit(EXIT_OK)


@click.group(PROGRAM, cls=Group, help_key="main",
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", cls=Option, help_key="lang", envvar="MAYAK_LANG", default="ru",
              show_default=True, callback=lambda _ctx, _param, value: language(value))
@click.option("--version", cls=Option, help_key="version", is_flag=True, expose_value=False,
              is_eager=True, callback=_version)
@click.pass_context
def main(ctx: click.Context, lang: Lang) -> None:
    """The command group. The language was read before parsing (see ``mayak_cli._click``);
    the --lang option is here for --help and to check its place."""
    session_of(ctx).lang = lang


@main.command(help_key="validate")
@click.argument("paths", cls=Argument, metavar_key="cli.metavar_paths", nargs=-1,
                required=True, type=PathType("any"))
@_guarded
def validate(paths: tuple[Path, ...]) -> None:
    """Check spec files (all errors at once, each as file:line:col)."""
    ruleset = mayak.load(paths)
    _say("cli.valid", count=len(ruleset.files))


@contextmanager
def _stdout() -> Iterator[BinaryIO]:
    """Standard output for a result: closed (``>&-``) or failing (``> /dev/full``) is an
    input error saying to use -o; a reader that went away is told by the group."""
    if sys.stdout is None:
        raise DataError([Problem("io.stdout_closed", {})])
    try:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    except OSError as exc:
        if is_broken_pipe(exc):
            raise
        raise DataError([Problem("io.stdout_failed", {"detail": write_failure(exc)})]) from None


def _emit(body: str, output: Path | None) -> None:
    if output is None:
        with _stdout() as stream:
            stream.write((body if body.endswith("\n") else body + "\n").encode("utf-8"))
    else:
        write_atomic(output, body, in_progress=_session().in_progress)
        _say("cli.written", path=output)


def _terminal(output: Path | None) -> Terminal:
    """The width and colour of a table: a terminal's own when standard output is one and
    no -o is given, else 100 characters (or ``COLUMNS``) without colour."""
    from mayak.render import terminal_for  # noqa: PLC0415  (Polars)

    stream = sys.stdout
    return terminal_for(output is None and stream is not None and stream.isatty())


@main.command(help_key="report")
@click.option("--rules", "rules", cls=Option, help_key="rules", required=True, multiple=True,
              type=PathType("any"))
@click.option("--data", "data", cls=Option, help_key="data", required=True,
              type=PathType("folder"))
@click.option("--level", "levels", cls=Option, help_key="level", multiple=True)
@click.option("--targets", cls=Option, help_key="targets")
@click.option("--period", cls=Option, help_key="period")
@click.option("--compare/--no-compare", cls=Option, help_key="compare", default=None)
@click.option("--compare-to", "compare_to", cls=Option, help_key="compare_to")
@click.option("--format", "fmt", cls=Option, help_key="format",
              type=Choice(sorted((*REPORT_FORMATS, *DOCUMENT_FORMATS))), default=None,
              show_default="table", is_eager=True)  # read before -o, whatever the order
@click.option("--report", "report_id", cls=Option, help_key="report_id")
@click.option("-o", "--output", cls=Option, help_key="output_document",
              type=PathType("output"))
@click.option("--strict", cls=Option, help_key="strict", is_flag=True)
@_guarded
def report(rules: tuple[Path, ...], data: Path, levels: tuple[str, ...], targets: str | None,
           period: str | None, compare: bool | None, compare_to: str | None,
           fmt: str | None, report_id: str | None, output: Path | None, strict: bool) -> None:
    """Compute indicators on data files and compare them with the planned values."""
    with _charts_ahead(named_format(fmt, output)) as engine:
        ruleset = mayak.load(rules)  # every spec error is reported here, before data is read
        if output is not None:
            refuse_overwriting(output, [*ruleset.files, *data_files(ruleset, data)])
        fmt = output_format(fmt, output, (*REPORT_FORMATS, *DOCUMENT_FORMATS))
        if report_id is not None:
            ruleset.report_for(report_id)  # a misspelt name is an error in every format
        if fmt not in DOCUMENT_FORMATS:
            from mayak.render import REPORT_RENDERERS, render_report_table  # noqa: PLC0415

            result: Result = ruleset.evaluate_folder(
                data, levels=levels, targets=targets, lang=_lang(), period=period,
                compare=_compared(compare, compare_to))
            if fmt == "table":
                _emit(render_report_table(result, _lang(), _terminal(output)), output)
            else:
                _emit(REPORT_RENDERERS[fmt](result, _lang()), output)
        else:
            result = _document(ruleset, data, fmt, output, report_id=report_id, levels=levels,
                               targets=targets, period=period, engine=engine,
                               compare=_compared(compare, compare_to))
        _show(result.problems)
        if result.errors:
            _say("cli.input_problems", count=len(result.errors))
            raise SystemExit(EXIT_INVALID)
        missed = result.missed().height
        if strict and missed:
            _say("cli.strict_failed", count=missed)
            raise SystemExit(EXIT_MISSED)


def _compared(compare: bool | None, compare_to: str | None) -> bool | str | None:
    """What to compare with: the period of --compare-to, else --compare / --no-compare
    (None: as the rules say); both --no-compare and --compare-to contradict each other."""
    if compare is False and compare_to is not None:
        raise Usage("cli.compare_conflict", click.get_current_context(), period=compare_to)
    return compare_to if compare_to is not None else compare


@contextmanager
def _charts_ahead(fmt: str | None) -> Iterator[ChartEngine | None]:
    """For an HTML report, the chart engine started in a process of its own now, while the
    rules and data are read (it takes a core some 0.6 s to start)."""
    if fmt != "html":
        yield None
        return
    from mayak.render import chart_engine  # noqa: PLC0415  (only for HTML)

    engine = chart_engine()
    try:
        yield engine
    finally:
        if engine is not None:
            engine.close()


def _document(ruleset: Ruleset, data: Path, fmt: str, output: Path | None, *,
              report_id: str | None, levels: tuple[str, ...], targets: str | None,
              period: str | None, compare: bool | str | None,
              engine: ChartEngine | None = None) -> Result:
    """Evaluate as the report spec asks (its levels, and its targets, period and comparison
    unless the command names its own), compose the document and write it."""
    from mayak.render import DOCUMENT_WRITERS, compose, render_html  # noqa: PLC0415  (Polars)

    if output is None:
        _say("screen.needs_output", format=fmt)
        raise SystemExit(EXIT_INVALID)
    spec = ruleset.report_for(report_id)
    if spec is not None:
        levels = (*levels, *spec.levels)
        targets = targets if targets is not None else spec.targets
        if period is None and spec.period is not None:
            period = spec.period.code
        if compare is None and spec.compare is not None:
            compare = spec.compare if isinstance(spec.compare, bool) else spec.compare.code
    result: Result = ruleset.evaluate_folder(data, levels=levels, targets=targets,
                                             lang=_lang(), period=period, compare=compare)
    document = compose(result, ruleset.specs, spec, _lang())
    write = DOCUMENT_WRITERS[fmt]
    if fmt == "html" and engine is not None:
        def write(document: Document, path: Path) -> None:
            path.write_bytes(render_html(document, engine))
    write_atomic(output, lambda path: write(document, path),
                 in_progress=_session().in_progress)
    _say("cli.written", path=output)
    return result


@main.command(help_key="audit")
@click.option("--rules", "rules", cls=Option, help_key="rules", required=True, multiple=True,
              type=PathType("any"))
@click.option("--data", "data", cls=Option, help_key="data", required=True,
              type=PathType("folder"))
@click.option("--period", cls=Option, help_key="period")
@click.option("--compare/--no-compare", cls=Option, help_key="compare", default=None)
@click.option("--compare-to", "compare_to", cls=Option, help_key="compare_to")
@click.option("--format", "fmt", cls=Option, help_key="format_audit",
              type=Choice(list(AUDIT_FORMATS)), default=None, show_default="table",
              is_eager=True)
@click.option("-o", "--output", cls=Option, help_key="output", type=PathType("output"))
@_guarded
def audit(rules: tuple[Path, ...], data: Path, period: str | None, compare: bool | None,
          compare_to: str | None, fmt: str | None, output: Path | None) -> None:
    """Check the published tables the rules name (``audit`` specs) against the
    recomputation (exit 1 on differences)."""
    from mayak.render import AUDIT_RENDERERS, render_audit_table  # noqa: PLC0415  (Polars)

    ruleset = mayak.load(rules)  # every spec error is reported here, before data is read
    if not ruleset.specs.audits:
        _say("audit.no_specs")
        raise SystemExit(EXIT_INVALID)
    if output is not None:
        refuse_overwriting(output, [*ruleset.files, *data_files(ruleset, data)])
    fmt = output_format(fmt, output, AUDIT_FORMATS)
    result: Result = ruleset.evaluate_folder(
        data, lang=_lang(), period=period,
        compare=_compared(compare, compare_to))
    findings = result.audits
    if fmt == "table" and findings.height:
        _emit(render_audit_table(result, _lang(), _terminal(output)), output)
    elif findings.height or fmt not in ("table", "md"):
        _emit(AUDIT_RENDERERS[fmt](result, _lang()), output)
    _show([p for p in result.problems if not p.code.startswith("audit.")])
    if result.errors:
        _say("cli.input_problems", count=len(result.errors))
        raise SystemExit(EXIT_INVALID)
    if findings.height:
        _say("table.found", count=findings.height)
        raise SystemExit(EXIT_MISSED)
    _say("audit.consistent", count=len(ruleset.specs.audits))


@main.command(help_key="schema")
@click.option("-o", "--output", cls=Option, help_key="schema_folder", type=PathType("folder"),
              default=Path("schemas"), show_default=True)
@_guarded
def schema(output: Path) -> None:
    """Write the JSON Schemas of the spec kinds, for editors (YAML language server)."""
    from mayak.spec import editor_schemas  # noqa: PLC0415  (only this command needs it)

    files = editor_schemas()
    for name, body in files.items():
        write_atomic(output / name, body, in_progress=_session().in_progress)
    _say("cli.schemas_written", path=output, files=", ".join(files))


__all__ = ["main"]


class _Bar(Protocol):
    """What is used of the bar ``click.progressbar`` returns."""

    def update(self, n_steps: int) -> None: ...


class _Progress:
    """A progress bar for long inputs, shown only on a terminal."""

    THRESHOLD = 50_000

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.bar: _Bar | None = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.THRESHOLD or not sys.stderr.isatty():
                return
            self.bar = self.stack.enter_context(click.progressbar(
                length=total, file=sys.stderr, label=text("screen.progress", _lang())))
        self.bar.update(done - self.shown)
        self.shown = done


def _population(ruleset: Ruleset, spec: Admission, applications: Path,
                data: Path | None) -> Path | None:
    if spec.population is None:
        return None
    folder = data or applications.parent
    if not applications.is_file():  # the applications' own error says it all
        return None
    from mayak.io import has_file  # noqa: PLC0415  (Polars)

    if data is None and not has_file(folder, ruleset.datasets[spec.population]):
        _say("screen.no_population", dataset=spec.population, folder=folder)
        return None
    return folder


def _screening(rules: tuple[Path, ...], applications: Path, data: Path | None,
               admission: str | None, period: str | None, output: Path | None = None
               ) -> tuple[Ruleset, Admission, Screening]:
    ruleset = mayak.load(rules)  # every spec error is reported here, before data is read
    spec = ruleset.admission_for(admission)
    population = _population(ruleset, spec, applications, data)
    if output is not None:  # before the work: no input may be overwritten
        inputs: list[str | os.PathLike[str]] = [applications, *ruleset.files]
        if population is not None:
            inputs += data_files(ruleset, population)
        refuse_overwriting(output, inputs)
    with ExitStack() as stack:
        screening = ruleset.screen(applications, admission=spec.id, lang=_lang(),
                                   population=population, on_progress=_Progress(stack),
                                   units=data, period=period)
    return ruleset, spec, screening


_rules_option = click.option("--rules", "rules", cls=Option, help_key="rules", required=True,
                             multiple=True, type=PathType("any"))
_data_option = click.option("--data", cls=Option, help_key="population",
                            type=PathType("folder"))
_admission_option = click.option("--admission", cls=Option, help_key="admission")
_period_option = click.option("--period", cls=Option, help_key="population_period")
_applications_argument = click.argument("applications", cls=Argument,
                                        metavar_key="cli.metavar_applications",
                                        type=PathType("file"))


@main.command("screen", help_key="screen")
@_rules_option
@_applications_argument
@_data_option
@_admission_option
@_period_option
@click.option("--format", "fmt", cls=Option, help_key="format_screen",
              type=Choice(["table", *SCREENING_FORMATS]), default=None, show_default="table",
              is_eager=True)
@click.option("-o", "--output", cls=Option, help_key="output_xlsx", type=PathType("output"))
@_guarded
def screen_command(rules: tuple[Path, ...], applications: Path, data: Path | None,
                   admission: str | None, period: str | None, fmt: str | None,
                   output: Path | None) -> None:
    """Screen applications (XLSX, CSV, Parquet) against the admission criteria."""
    from mayak.render import (  # noqa: PLC0415  (Polars)
        SCREENING_RENDERERS,
        counts_line,
        render_screening_table,
    )

    fmt = output_format(fmt, output, ["table", *SCREENING_FORMATS])
    if output is None and fmt == "xlsx":  # before the work
        _say("screen.needs_output", format=fmt)
        raise SystemExit(EXIT_INVALID)
    ruleset, spec, screening = _screening(rules, applications, data, admission, period,
                                          output)
    dataset = ruleset.datasets[spec.dataset]
    lang = _lang()
    if fmt == "table":
        _emit(render_screening_table(screening, spec, dataset, lang), output)
    elif output is None:
        with _stdout() as stream:
            SCREENING_RENDERERS[fmt](screening, spec, dataset, lang, stream)
    else:
        render = SCREENING_RENDERERS[fmt]
        write_atomic(output, lambda path: render(screening, spec, dataset, lang, path),
                     in_progress=_session().in_progress)
        _say("cli.written", path=output)
    if fmt != "table" or output is not None:
        _say_text(counts_line(screening, spec, lang))
    _show(screening.problems)


def _say_text(line: str) -> None:
    click.echo(line, err=True)


@main.command("check-table", help_key="check_table")
@_rules_option
@_applications_argument
@click.option("--published", cls=Option, help_key="published", required=True,
              type=PathType("file"))
@_data_option
@_admission_option
@_period_option
@_guarded
def check_table_command(rules: tuple[Path, ...], applications: Path, published: Path,
                        data: Path | None, admission: str | None, period: str | None) -> None:
    """Compare a published summary table with the recomputed one (exit 1 on differences)."""
    ruleset, _, screening = _screening(rules, applications, data, admission, period)
    findings, problems = ruleset.check_table(published, screening)
    lang = _lang()
    for number, problem in enumerate(p for p in problems if p.code.startswith("table.")):
        click.echo(f"{number + 1}. {problem.message(lang)}")
    _show([p for p in problems if not p.code.startswith("table.")])
    if findings.height:
        _say("table.found", count=findings.height)
        raise SystemExit(EXIT_MISSED)
    _say("table.consistent")
