"""Tables for a terminal: as wide as the terminal, long cells wrapped (never cut), a long
title once per group of rows, statuses in colour on a terminal that shows it.

The rows are display rows (a few hundred at most, already formatted by Polars
expressions), so they are laid out here line by line with ``textwrap``.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Mapping, Sequence

import polars as pl
from msgspec import Struct

DEFAULT_WIDTH = 100  # when the output is not a terminal and COLUMNS is not set
LONGEST_WORD = 18  # a column is wrapped down to its longest word, or to this
HEADER_WORD = 8  # a header's longer words may be broken, down to this
# Status colours (ANSI): met green, not met red, no data yellow.
GREEN, RED, YELLOW, RESET = "\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[0m"


class Terminal(Struct, frozen=True):
    """Where a table is shown: its width in characters and whether colour may be used."""

    width: int = DEFAULT_WIDTH
    colour: bool = False


def terminal_for(is_tty: bool) -> Terminal:
    """The terminal a result goes to: ``COLUMNS`` if set, else the terminal's own width
    (``is_tty``) or 100; colour only on a terminal, and never with ``NO_COLOR`` set."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif is_tty:
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    else:
        width = DEFAULT_WIDTH
    colour = is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return Terminal(width=max(width, 20), colour=colour)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines at most ``width`` long (a long word is broken); kept line breaks."""
    if len(text) <= width and "\n" not in text:
        return [text]  # most cells: no wrapping to do
    lines = [part for line in text.split("\n")
             for part in (textwrap.wrap(line, width, break_on_hyphens=False) or [""])]
    return lines or [""]


def _fitted(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths that fit ``room`` characters of cells: the widest columns give way
    first, none below its least width."""
    widths = list(natural)
    while sum(widths) > room:
        narrowable = [n for n in range(len(widths)) if widths[n] > least[n]]
        if not narrowable:
            break  # as narrow as it goes: the table is wider than the terminal
        widths[max(narrowable, key=lambda n: widths[n])] -= 1
    return widths


def _least(cells: Sequence[str]) -> int:
    """The narrowest a column is wrapped at: its longest word (up to 18)."""
    longest_word = max((len(word) for cell in cells for word in cell.split()), default=1)
    return max(1, min(longest_word, LONGEST_WORD))


def draw(frame: pl.DataFrame, terminal: Terminal, *, group: str | None = None,
         heading: Mapping[str, str] | None = None,
         colours: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """``frame`` (strings) as a box table fitting ``terminal``. ``group``: a column shown
    once, above each run of rows with the same value, wrapped to the terminal's width, and
    ``heading`` maps its values to lines shown under it (a basis, a note). ``colours``:
    per column, the colour of each cell value (used only when the terminal shows colour).
    A table too wide even with its columns wrapped to their longest words is drawn in
    parts, each repeating the first column (the unit, the level), as printed tables are."""
    parts = _column_parts(frame, terminal, group)
    return "\n\n".join(_draw(frame.select(part), terminal, group=group, heading=heading,
                              colours=colours) for part in parts)


def _column_parts(frame: pl.DataFrame, terminal: Terminal, group: str | None) -> list[list[str]]:
    """The columns of each part: the first column, then as many of the others as fit."""
    shown = [c for c in frame.columns if c != group]
    texts = frame.select(pl.col(shown).cast(pl.String).fill_null(""))
    least = {name: max(_least(texts.get_column(name).to_list()), min(_least([name]), HEADER_WORD))
             for name in shown}
    if len(shown) < 3 or sum(least.values()) + 3 * len(shown) + 1 <= terminal.width:
        return [frame.columns]
    first, parts, current = shown[0], [], list[str]()
    for name in shown[1:]:
        taken = [first, *current, name]
        if current and sum(least[c] for c in taken) + 3 * len(taken) + 1 > terminal.width:
            parts.append(current)
            current = []
        current.append(name)
    parts.append(current)
    extra = [group] if group is not None else []
    return [[*extra, first, *part] for part in parts]


def _draw(frame: pl.DataFrame, terminal: Terminal, *, group: str | None,
          heading: Mapping[str, str] | None,
          colours: Mapping[str, Mapping[str, str]] | None) -> str:
    shown = [c for c in frame.columns if c != group]
    rows = frame.select(pl.col(shown).cast(pl.String).fill_null("")).rows()
    groups = frame[group].cast(pl.String).fill_null("").to_list() if group else [""] * len(rows)
    columns = [[name, *(row[n] for row in rows)] for n, name in enumerate(shown)]
    natural = [max(len(line) for cell in cells for line in cell.split("\n")) for cells in columns]
    # Borders: "│ " + " ┆ ".join(cells) + " │".
    room = terminal.width - 3 * len(shown) - 1
    # A cell's words are never broken, a header's only past HEADER_WORD letters: a table
    # with too many columns for the terminal is wider than it rather than unreadable.
    least = [max(_least(cells[1:]), min(_least(cells[:1]), HEADER_WORD)) for cells in columns]
    widths = _fitted(natural, least, room)
    paint = colours if terminal.colour and colours else {}

    def line(cells: Sequence[str]) -> list[str]:
        parts = [wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(p) for p in parts)
        drawn = []
        for n in range(height):
            out = []
            for name, cell, part, width in zip(shown, cells, parts, widths, strict=True):
                piece = (part[n] if n < len(part) else "").ljust(width)
                colour = paint.get(name, {}).get(cell)
                out.append(f"{colour}{piece}{RESET}" if colour else piece)
            drawn.append("│ " + " ┆ ".join(out) + " │")  # as Polars draws its tables
        return drawn

    def rule(left: str, middle: str, right: str, fill: str = "─") -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    out: list[str] = []
    previous: str | None = None
    for value, row in zip(groups, rows, strict=True):
        if group is not None and value != previous:
            if out:
                out.append(rule("└", "┴", "┘"))
                out.append("")
            out += wrapped(value, terminal.width)
            out += [w for extra in (heading or {}).get(value, "").split("\n") if extra
                    for w in wrapped(extra, terminal.width)]
            out += [rule("┌", "┬", "┐"), *line(shown), rule("╞", "╪", "╡", "═")]
            previous = value
        elif not out:
            out += [rule("┌", "┬", "┐"), *line(shown), rule("╞", "╪", "╡", "═")]
        out += line(list(row))
    if not out:  # no rows: the headers alone
        out += [rule("┌", "┬", "┐"), *line(shown), rule("╞", "╪", "╡", "═")]
    out.append(rule("└", "┴", "┘"))
    return "\n".join(out)
