"""A report as a Word справка, shaped like the regions' own: the title block (who made it,
the title, the region, the period, the date, the basis), each part with its heading, text,
numbered tables and recommendations by audience, and «Сведения о расчёте» at the end.
Charts are not drawn (the HTML report has them). The same document gives the same bytes."""

from __future__ import annotations

import io
import re
from datetime import datetime

import docx
import polars as pl
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from mayak.messages._catalogue import text
from mayak.render._document import Column, Document, Lines, Part, Table
from mayak.render._docx_style import (
    BODY,
    CAPTION,
    NOTE,
    SMALL,
    TABLE_TEXT,
    fixed_zip,
    made_at,
    page,
    properties,
    set_up,
    text_width,
)
from mayak.render._docx_table import clean, pieces, table_xml, wide

_MARKS = "urn:mayak:docx-table"
_MARK = re.compile(f'<mayak:table xmlns:mayak="{_MARKS}" n="([0-9]+)"/>')


class _Writer:
    """Adds to one Word document, turning pages for wide tables and numbering tables."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.doc: WordDocument = docx.Document()
        set_up(self.doc, document.lang)
        self.landscape = False
        self.tables = 0
        self.started = False  # whether the title block is written
        self.xml: list[str] = []  # the tables, in order

    def t(self, key: str, **params: object) -> str:
        return text(key, self.document.lang, **params)

    def paragraph(self, content: str = "", style: str = BODY, *, bold: bool = False,
                  italic: bool = False, align: WD_ALIGN_PARAGRAPH | None = None,
                  ) -> Paragraph:
        found = self.doc.add_paragraph(style=style)
        if content:
            run = found.add_run(clean(content))
            run.bold = bold or None
            run.italic = italic or None
        if align is not None:
            found.alignment = align
        return found

    def turn(self, landscape: bool) -> None:
        """A new section on a new page when the orientation changes; the title block
        opens the first page, in the first part's orientation (no page of its own)."""
        if not self.started:
            page(self.doc.sections[0], landscape=landscape)
            self.landscape = landscape
            self.title_block()
            self.started = True
        elif landscape != self.landscape:
            page(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)
            self.landscape = landscape

    def title_block(self) -> None:
        """Who made it, the title, the region; the period and date; the basis."""
        d = self.document
        centre = WD_ALIGN_PARAGRAPH.CENTER
        if d.author:
            self.paragraph(d.author, "Normal", align=centre)
            self.paragraph("", "Normal")
        self.paragraph(d.title, "Normal", bold=True, align=centre)
        if d.region:
            self.paragraph(d.region, "Normal", bold=True, align=centre)
        if d.period:
            self.paragraph(self.t("docx.period", period=d.period), "Normal", align=centre)
        if d.made:
            self.paragraph(self.t("docx.made", date=d.made), "Normal", align=centre)
        for line in d.basis:
            self.paragraph(self.t("docx.basis", basis=line))

    def part(self, part: Part) -> None:
        """A part's heading, text, tables and lines; «нет данных» when it has none."""
        d = self.document
        cut = [pieces(table, d.statuses, d.lang) for table in part.tables]
        self.turn(any(wide(table, columns, d.lang)
                      for table, found in zip(part.tables, cut, strict=True)
                      for columns in found))
        self.doc.add_heading(clean(part.title), level=1)
        for block in (part.text or "").split("\n\n"):
            if block.strip():
                self.paragraph(block.strip())
        if part.empty:
            self.paragraph(self.t("report.no_data"), italic=True)
        for table, found in zip(part.tables, cut, strict=True):
            if not found:  # no columns: nothing to draw
                continue
            self.tables += 1
            for n, columns in enumerate(found):
                self.table(table, columns, first=n == 0, last=n == len(found) - 1)
        for lines in part.lines:
            self.lines(lines)

    def table(self, table: Table, columns: tuple[Column, ...], *, first: bool,
              last: bool) -> None:
        """A numbered table (a part of a wide one is its continuation) and its notes."""
        label = self.t("docx.table" if first else "docx.table_continued", number=self.tables)
        self.paragraph(label, CAPTION, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if table.title and first:
            self.paragraph(table.title, CAPTION, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.append(table_xml(table, columns, statuses=self.document.statuses,
                              lang=self.document.lang, total=text_width(self.landscape),
                              style=self.doc.styles[TABLE_TEXT].style_id))
        for note in table.notes if last else ():
            self.paragraph(note, NOTE)

    def append(self, xml: str) -> None:
        """A table, placed by a mark that the written document has replaced by its XML:
        parsing and moving a large table's elements would take most of the time."""
        mark = parse_xml(f'<mayak:table xmlns:mayak="{_MARKS}" n="{len(self.xml)}"/>')
        self.xml.append(xml)
        self.doc.element.body.sectPr.addprevious(mark)

    def save(self, when: datetime) -> bytes:
        """The package, tables in place, stamped ``when``."""
        out = io.BytesIO()
        self.doc.save(out)
        return fixed_zip(out.getvalue(), when, {"word/document.xml": self._placed})

    def _placed(self, body: str) -> str:
        placed, count = _MARK.subn(lambda mark: self.xml[int(mark.group(1))], body)
        if count != len(self.xml):  # the mark written otherwise than expected
            raise RuntimeError(f"{count} of {len(self.xml)} tables placed")
        return placed

    def lines(self, lines: Lines) -> None:
        """A heading (an audience, or a class within it) and its numbered items."""
        indent = Cm(1.25 * lines.depth)
        if lines.heading:
            heading = lines.heading if lines.heading.endswith((":", ".")) else (
                lines.heading + ":")
            found = self.paragraph(heading, BODY, bold=lines.depth == 0,
                                   italic=lines.depth > 0, align=WD_ALIGN_PARAGRAPH.LEFT)
            found.paragraph_format.keep_with_next = True
            found.paragraph_format.space_before = Pt(6)
            found.paragraph_format.left_indent = indent
        # Remarks (no heading) name files: long words, set ragged and smaller.
        remark = not lines.heading
        for number, item in enumerate(lines.items, start=1):  # recommendations, not rows
            found = self.paragraph(f"{number}. {item}", SMALL if remark else BODY,
                                   align=WD_ALIGN_PARAGRAPH.LEFT if remark else None)
            found.paragraph_format.left_indent = indent
            found.paragraph_format.first_line_indent = Cm(1.25)

    def provenance(self) -> None:
        """What the report was made from, as a small table at the end."""
        rows = self.document.provenance
        if not rows:
            return
        self.turn(landscape=False)
        self.doc.add_heading(self.t("docx.provenance"), level=1)
        frame = pl.DataFrame({"label": [r[0] for r in rows], "value": [r[1] for r in rows]},
                             schema={"label": pl.String, "value": pl.String})
        table = Table(frame, (Column("label", ""), Column("value", "")))
        self.append(table_xml(table, table.columns, statuses={}, lang=self.document.lang,
                              total=text_width(landscape=False),
                              style=self.doc.styles[TABLE_TEXT].style_id, size=20,
                              header=False))


def render_docx(document: Document) -> bytes:
    """The report as a Word (DOCX) справка; the same document gives the same bytes."""
    writer = _Writer(document)
    for part in document.parts:
        writer.part(part)
    writer.provenance()
    writer.turn(landscape=writer.landscape)  # a document of no parts: the title block
    when = made_at(document.made)
    properties(writer.doc, document.title, document.author, document.lang, when)
    return writer.save(when)
