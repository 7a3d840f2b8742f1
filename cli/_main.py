"""Command definitions. Every message goes through the catalogue in ``mayak._messages``."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

import click
from click._termui_impl import ProgressBar
from mayak import MayakError, Result, Ruleset, Screening, load
from mayak._io import write_atomic
from mayak._messages import Lang, default_language, language, text
from mayak._problems import DataError, Location, Problem
from mayak._read import has_file
from mayak._render import RENDERERS
from mayak._render_screening import RENDERERS as SCREENING_RENDERERS
from mayak._render_screening import counts_line
from mayak._render_screening import render_table as render_screening_table
from mayak._specs import Admission
from mayak._validate import editor_schemas

EXIT_OK, EXIT_MISSED, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3  # documented in --help
F = TypeVar("F", bound=Callable[..., Any])


def _help(key: str) -> str:
    # --help is answered before --lang is read, so help follows MAYAK_LANG (Russian by default).
    return text(f"help.{key}", default_language())


def _lang() -> Lang:
    lang: Lang = click.get_current_context().find_root().obj["lang"]
    return lang


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
        except Exception as exc:
            if os.environ.get("MAYAK_DEBUG"):
                raise
            _say("cli.internal", detail=f"{type(exc).__name__}: {exc}")
            raise SystemExit(EXIT_INTERNAL) from None
    return run  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, help=_help("main"))
@click.option("--lang", envvar="MAYAK_LANG", default="ru", show_default=True,
              callback=lambda _ctx, _param, value: language(value),
              help=_help("lang"))
@click.version_option(package_name="mayak")
@click.pass_context
def main(ctx: click.Context, lang: Lang) -> None:
    """The command group: sets the language of messages."""
    ctx.obj = {"lang": lang}


@main.command(help=_help("validate"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_guarded
def validate(paths: tuple[Path, ...]) -> None:
    """Check spec files (all errors at once, each as file:line:col)."""
    ruleset = load(paths)
    _say("cli.valid", count=len(ruleset.files))


def _emit(body: str, output: Path | None) -> None:
    if output is None:
        click.echo(body, nl=not body.endswith("\n"))
    else:
        write_atomic(output, body)
        _say("cli.written", path=output)


@main.command(help=_help("report"))
@click.option("--rules", "rules", required=True, multiple=True,
              type=click.Path(path_type=Path), help=_help("rules"))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path, file_okay=False),
              help=_help("data"))
@click.option("--level", "levels", multiple=True, help=_help("level"))
@click.option("--targets", help=_help("targets"))
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="table",
              show_default=True, help=_help("format"))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help=_help("output"))
@click.option("--strict", is_flag=True, help=_help("strict"))
@_guarded
def report(rules: tuple[Path, ...], data: Path, levels: tuple[str, ...], targets: str | None,
           fmt: str, output: Path | None, strict: bool) -> None:
    """Compute indicators on data files and compare them with the planned values."""
    ruleset = load(rules)  # every spec error is reported here, before data is read
    result: Result = ruleset.evaluate(ruleset.read(data), levels=levels, targets=targets,
                                      lang=_lang())
    _emit(RENDERERS[fmt](result, _lang()), output)
    _show(result.problems)
    if result.errors:
        _say("cli.input_problems", count=len(result.errors))
        raise SystemExit(EXIT_INVALID)
    missed = result.missed().height
    if strict and missed:
        _say("cli.strict_failed", count=missed)
        raise SystemExit(EXIT_MISSED)


@main.command(help=_help("schema"))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              default=Path("schemas"), show_default=True, help=_help("schema_folder"))
@_guarded
def schema(output: Path) -> None:
    """Write the JSON Schemas of the spec kinds, for editors (YAML language server)."""
    files = editor_schemas()
    for name, body in files.items():
        write_atomic(output / name, body)
    _say("cli.schemas_written", path=output, files=", ".join(files))


__all__ = ["main"]


class _Progress:
    """A progress bar for long inputs, shown only on a terminal."""

    THRESHOLD = 50_000

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.bar: ProgressBar[int] | None = None
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
    if data is None and not has_file(folder, ruleset.datasets[spec.population]):
        _say("screen.no_population", dataset=spec.population, folder=folder)
        return None
    return folder


def _screening(rules: tuple[Path, ...], applications: Path, data: Path | None,
               admission: str | None) -> tuple[Ruleset, Admission, Screening]:
    ruleset = load(rules)  # every spec error is reported here, before data is read
    spec = ruleset.admission_for(admission)
    with ExitStack() as stack:
        screening = ruleset.screen(applications, admission=spec.id, lang=_lang(),
                                   population=_population(ruleset, spec, applications, data),
                                   on_progress=_Progress(stack))
    return ruleset, spec, screening


_rules_option = click.option("--rules", "rules", required=True, multiple=True,
                             type=click.Path(path_type=Path),
                             help=_help("rules"))
_data_option = click.option("--data", type=click.Path(path_type=Path, file_okay=False),
                            help=_help("population"))
_admission_option = click.option("--admission", help=_help("admission"))


@main.command("screen", help=_help("screen"))
@_rules_option
@click.argument("applications", type=click.Path(path_type=Path))
@_data_option
@_admission_option
@click.option("--format", "fmt", type=click.Choice(["table", *SCREENING_RENDERERS]),
              default="table", show_default=True, help=_help("format"))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help=_help("output_xlsx"))
@_guarded
def screen_command(rules: tuple[Path, ...], applications: Path, data: Path | None,
                   admission: str | None, fmt: str, output: Path | None) -> None:
    """Screen applications (XLSX, CSV, Parquet) against the admission criteria."""
    if output is not None and output.resolve() == applications.resolve():
        raise DataError([Problem("io.output_is_input", {}, Location(str(output)))])
    ruleset, spec, screening = _screening(rules, applications, data, admission)
    dataset = ruleset.datasets[spec.dataset]
    lang = _lang()
    if fmt == "table":
        _emit(render_screening_table(screening, spec, dataset, lang), output)
    elif output is None and fmt == "xlsx":
        _say("screen.needs_output", format=fmt)
        raise SystemExit(EXIT_INVALID)
    elif output is None:
        sys.stdout.flush()
        SCREENING_RENDERERS[fmt](screening, spec, dataset, lang, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        render = SCREENING_RENDERERS[fmt]
        write_atomic(output, lambda path: render(screening, spec, dataset, lang, path))
        _say("cli.written", path=output)
    if fmt != "table" or output is not None:
        _say_text(counts_line(screening, spec, lang))
    _show(screening.problems)


def _say_text(line: str) -> None:
    click.echo(line, err=True)


@main.command("check-table", help=_help("check_table"))
@_rules_option
@click.argument("applications", type=click.Path(path_type=Path))
@click.option("--published", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help=_help("published"))
@_data_option
@_admission_option
@_guarded
def check_table_command(rules: tuple[Path, ...], applications: Path, published: Path,
                        data: Path | None, admission: str | None) -> None:
    """Compare a published summary table with the recomputed one (exit 1 on differences)."""
    ruleset, _, screening = _screening(rules, applications, data, admission)
    findings, problems = ruleset.check_table(published, screening)
    lang = _lang()
    for number, problem in enumerate(p for p in problems if p.code.startswith("table.")):
        click.echo(f"{number + 1}. {problem.message(lang)}")
    _show([p for p in problems if not p.code.startswith("table.")])
    if findings.height:
        _say("table.found", count=findings.height)
        raise SystemExit(EXIT_MISSED)
    _say("table.consistent")
