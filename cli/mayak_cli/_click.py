"""click, speaking the reader's language: usage lines, --help, and every command-line
mistake come from the message catalogue, never from click's own English.

The language is known before click parses anything: ``--lang`` is looked for in the
arguments first (``MAYAK_LANG`` otherwise), so that even a mistake made before ``--lang``
is read, or ``--help``, is told in that language.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from mayak.files import display_path
from mayak.messages import Hint, Lang, language, suggestion, text
from msgspec import Struct, field

from mayak_cli._signals import exit_code, interruptible

EXIT_USAGE = 2  # as click: a mistake in the command line
EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a program stopped by SIGPIPE
PROGRAM = "mayak"


class Session(Struct):
    """What one run of the command line knows: the language, and the temporary files of
    the writes in progress (removed if the run is interrupted)."""

    lang: Lang
    in_progress: set[Path] = field(default_factory=set)


def lang_from_arguments(args: Sequence[str]) -> Lang:
    """``--lang X`` / ``--lang=X`` (the last one given), else ``MAYAK_LANG``, else Russian."""
    chosen = os.environ.get("MAYAK_LANG")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.removeprefix("--lang=")
    return language(chosen)


def session_of(ctx: click.Context | None) -> Session:
    """The session of the running command (language, files in progress)."""
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Session) else Session(lang_from_arguments([]))


def lang_of(ctx: click.Context | None) -> Lang:
    """The reader's language for messages of this command."""
    return session_of(ctx).lang


class Usage(click.UsageError):
    """A command-line mistake, as a message key and its parameters."""

    def __init__(self, key: str, ctx: click.Context | None = None, **params: Any) -> None:
        super().__init__(key, ctx)
        self.key, self.params = key, params


def _quoted(words: Sequence[str], lang: Lang) -> str:
    return ", ".join(f"«{w}»" if lang == "ru" else f"'{w}'" for w in words)


def _param_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    if param is not None and ctx is not None:
        return param.make_metavar(ctx)
    return param.name or "" if param is not None else ""


def message_of(error: click.ClickException, lang: Lang) -> str:
    """The sentence that tells what is wrong with the command line."""
    ctx = error.ctx if isinstance(error, click.UsageError) else None
    if isinstance(error, Usage):
        return text(error.key, lang, **error.params)
    if isinstance(error, click.MissingParameter):
        key = ("cli.missing_argument" if isinstance(error.param, click.Argument)
               else "cli.missing_option")
        return text(key, lang, name=_param_name(error.param, ctx))
    if isinstance(error, click.NoSuchOption):
        return text("cli.no_such_option", lang, name=error.option_name,
                    hint=Hint((error.possibilities or [""])[0]))
    if isinstance(error, click.BadOptionUsage):
        flag = ctx is not None and any(
            isinstance(p, click.Option) and p.is_flag and error.option_name in p.opts
            for p in ctx.command.get_params(ctx))
        return text("cli.option_no_value" if flag else "cli.option_needs_value", lang,
                    name=error.option_name)
    if isinstance(error, click.BadParameter):
        return text("cli.bad_value", lang, name=_param_name(error.param, ctx),
                    detail=error.message)
    return text("cli.usage_other", lang, detail=error.format_message())


def render_error(error: click.ClickException, lang: Lang) -> str:
    """Usage line, where to find help, and the message; as click lays it out."""
    message = text("cli.error", lang, message=message_of(error, lang))
    ctx = error.ctx if isinstance(error, click.UsageError) else None
    if ctx is None:
        return message
    usage = ctx.get_usage()
    hint = text("cli.try_help", lang, command=ctx.command_path)
    return f"{usage}\n{hint}\n\n{message}"


def is_broken_pipe(error: BaseException) -> bool:
    """The reader of standard output went away (``mayak report | head -1``). Polars' own
    writers raise OSError without errno: "Broken pipe (os error 32)"."""
    return isinstance(error, BrokenPipeError) or (
        isinstance(error, OSError) and f"(os error {errno.EPIPE})" in str(error))


# -- parameters ------------------------------------------------------------------------------

class Option(click.Option):
    """An option whose help and value name are message keys (``help.<key>``, ``cli.<...>``),
    shown in the reader's language."""

    def __init__(self, param_decls: Sequence[str], *, help_key: str,
                 metavar_key: str = "cli.metavar_text", **attrs: Any) -> None:
        super().__init__(param_decls, **attrs)
        self.help_key, self.metavar_key = help_key, metavar_key

    def make_metavar(self, ctx: click.Context) -> str:
        """The placeholder of the option's value, in the reader's language."""
        if isinstance(self.type, click.Choice | PathType):
            return super().make_metavar(ctx)
        return text(self.metavar_key, lang_of(ctx))

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """The option's line in --help, in the reader's language."""
        lang = lang_of(ctx)
        names = ", ".join(self.opts)
        if not self.is_flag:
            names += f" {self.make_metavar(ctx)}"
        extras = []
        if self.show_default and self.default is not None and not self.is_flag:
            extras.append(text("cli.help_default", lang, value=str(self.default)))
        elif isinstance(self.show_default, str):  # a default that is decided later
            extras.append(text("cli.help_default", lang, value=self.show_default))
        if self.required:
            extras.append(text("cli.help_required", lang))
        described = text(f"help.{self.help_key}", lang)
        return names, described + (f"  [{'; '.join(extras)}]" if extras else "")


class Argument(click.Argument):
    """An argument whose name in the usage line is a message key."""

    def __init__(self, param_decls: Sequence[str], *, metavar_key: str, **attrs: Any) -> None:
        super().__init__(param_decls, **attrs)
        self.metavar_key = metavar_key

    def make_metavar(self, ctx: click.Context) -> str:
        """The argument's name in the usage line, in the reader's language."""
        shown = text(self.metavar_key, lang_of(ctx))
        return shown + ("..." if self.nargs != 1 else "")


class Choice(click.Choice[str]):
    """A choice among fixed words; a mistyped one gets a suggestion in our words."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        """The chosen word, or a usage error naming the allowed ones."""
        if value in self.choices:
            return str(value)
        lang = lang_of(ctx)
        raise Usage("cli.bad_choice", ctx, name=_param_name(param, ctx), value=value,
                    hint=suggestion(value, self.choices),
                    allowed=_quoted([str(c) for c in self.choices], lang))


class PathType(click.ParamType[Path | None]):
    """A path checked before any work starts. ``kind``: ``any``, ``file`` (to read),
    ``folder``, ``output`` (a file to write; «-» is standard output and becomes None)."""

    name = "path"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        """The placeholder of a path: FILE, FOLDER or PATH in the reader's language."""
        key = {"folder": "cli.metavar_folder", "any": "cli.metavar_path"}.get(
            self.kind, "cli.metavar_file")
        return text(key, lang_of(ctx))

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path | None:
        """The path, checked for what the option needs (file, folder, output)."""
        if isinstance(value, Path):
            path = value
        elif self.kind == "output" and value == "-":
            return None
        elif not value:
            raise Usage("cli.empty_path", ctx, name=_param_name(param, ctx))
        else:
            path = Path(value)
        name = _param_name(param, ctx)
        if self.kind == "folder" and path.exists() and not path.is_dir():
            raise Usage("cli.not_a_folder", ctx, name=name, path=str(path))
        if self.kind == "file" and path.is_dir():
            raise Usage("cli.not_a_file", ctx, name=name, path=str(path))
        if self.kind == "output" and path.is_dir():
            raise Usage("cli.output_is_folder", ctx, name=name, path=str(path),
                        extension=_extension_for(ctx))
        if self.kind in ("output", "folder"):
            blocker = _file_in_the_way(path)
            if blocker is not None:
                raise Usage("cli.parent_is_a_file", ctx, name=name, path=str(path),
                            file=display_path(blocker))
        return path


# The file an example name suggests: the --format given (if read before -o), else what the
# command is most often asked for.
_EXTENSIONS = {"md": "md", "json": "json", "csv": "csv", "xlsx": "xlsx", "docx": "docx",
               "html": "html", "table": "txt"}
_USUAL = {"report": "xlsx", "screen": "xlsx", "audit": "md"}


def _extension_for(ctx: click.Context | None) -> str:
    fmt = ctx.params.get("fmt") if ctx is not None else None
    if isinstance(fmt, str) and fmt in _EXTENSIONS:
        return _EXTENSIONS[fmt]
    command = ctx.command.name if ctx is not None and ctx.command is not None else None
    return _USUAL.get(command or "", "txt")


def _file_in_the_way(path: Path) -> Path | None:
    """The first existing ancestor of ``path``, if it is not a folder."""
    for ancestor in path.absolute().parents:
        if ancestor.exists():
            return None if ancestor.is_dir() else ancestor
    return None


# -- commands --------------------------------------------------------------------------------

class Command(click.Command):
    """A command whose usage line, help and headings are in the reader's language."""

    def __init__(self, *args: Any, help_key: str, **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", {})
        # Extra arguments are caught in parse_args, to tell about them in our words.
        kwargs["context_settings"].setdefault("allow_extra_args", True)
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the arguments; extra ones are a usage error in our words."""
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as error:  # the option parser's errors come without context
            if error.ctx is None:
                error.ctx = ctx
            raise
        if rest and not isinstance(self, click.Group):
            raise Usage("cli.extra_arguments", ctx, args=" ".join(rest))
        return rest

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """The --help option, described in the reader's language."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = text("cli.help_option", lang_of(ctx))
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line after the command name: options, then arguments."""
        pieces = [text("cli.metavar_options", lang_of(ctx))]
        for param in self.get_params(ctx):
            pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line, with its prefix in the reader's language."""
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=text("cli.usage", lang_of(ctx)) + " ")

    def summary(self, ctx: click.Context) -> str:
        """The first line of the command's help, for the list of commands."""
        return text(f"help.{self.help_key}", lang_of(ctx)).split("\n")[0]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's help, paragraph by paragraph."""
        formatter.write_paragraph()
        with formatter.indentation():
            for number, paragraph in enumerate(
                    text(f"help.{self.help_key}", lang_of(ctx)).split("\n\n")):
                if number:
                    formatter.write_paragraph()
                formatter.write_text(paragraph)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options section of --help, under a heading in the reader's language."""
        records = [r for p in self.get_params(ctx) if not isinstance(p, click.Argument)
                   if (r := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section(text("cli.heading_options", lang_of(ctx))):
                formatter.write_dl(records)


class Group(Command, click.Group):
    """The ``mayak`` command group; unknown commands get a suggestion."""

    command_class = Command

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line of mayak itself: options, then a command."""
        return [*super().collect_usage_pieces(ctx), text("cli.metavar_command", lang_of(ctx))]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, then the commands with their one-line summaries."""
        super().format_options(ctx, formatter)
        rows = [(name, command.summary(ctx) if isinstance(command, Command) else "")
                for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None]
        if rows:
            with formatter.section(text("cli.heading_commands", lang_of(ctx))):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named first; an unknown one is a usage error with a suggestion."""
        name = args[0]
        if (self.get_command(ctx, name) is None and not name.startswith("-")
                and not ctx.resilient_parsing):
            commands = self.list_commands(ctx)
            raise Usage("cli.no_such_command", ctx, name=name, hint=suggestion(name, commands),
                        commands=", ".join(commands))
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Run the command line and exit with its code. Every outcome click would have
        printed in English is told here in the reader's language."""
        argv = list(sys.argv[1:] if args is None else args)
        code = self.run(argv, prog_name or PROGRAM, Session(lang_from_arguments(argv)),
                        **extra)
        if not standalone_mode:
            return code
        sys.exit(code)

    def run(self, argv: list[str], prog_name: str, session: Session, **extra: Any) -> int:
        """Run the command line in ``session`` and return its exit code."""
        lang = session.lang
        try:
            with interruptible(lang) as session.in_progress, \
                    self.make_context(prog_name, argv, obj=session, **extra) as ctx:
                self.invoke(ctx)
            return 0
        except click.exceptions.Exit as exc:  # --help, --version
            return exc.exit_code
        except click.exceptions.NoArgsIsHelpError as exc:  # «mayak» alone
            click.echo(exc.ctx.get_help(), err=True)
            return EXIT_USAGE
        except click.ClickException as exc:
            click.echo(render_error(exc, lang), err=True)
            return exc.exit_code
        except (click.Abort, KeyboardInterrupt, EOFError):  # before the handler was set
            click.echo(f"\n{text('cli.interrupted', lang)}", err=True)
            return exit_code(signal.SIGINT)
        except OSError as exc:
            if not is_broken_pipe(exc):
                raise
            _silence_stdout()
            return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    """Send what is still buffered for a reader that has gone to /dev/null, so that the
    interpreter's last flush does not fail with a traceback."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
