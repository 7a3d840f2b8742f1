"""The look of the Word справка: Times New Roman as Russian справки are set, A4 pages
(portrait, or landscape for wide tables), page numbers, and the same bytes on every run."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor, Twips

from mayak.messages._catalogue import Lang

FONT = "Times New Roman"
BODY = "Mayak Body"
TABLE_TEXT = "Mayak Table"
NOTE = "Mayak Note"
CAPTION = "Mayak Caption"
SMALL = "Mayak Small"

# Widths in twentieths of a point (dxa), the unit of Word's table geometry.
A4_SHORT, A4_LONG = 11906, 16838
_MARGINS = {  # top, bottom, left, right: 2 cm, 2 cm, 3 cm and 1.5 cm, as for справки
    False: (1134, 1134, 1701, 850), True: (1134, 1134, 1134, 1134)}
_LANGS = {"ru": "ru-RU", "en": "en-US"}
_PROPERTY_CHARS = 255  # python-docx refuses a longer core property
# A fixed time for a document that says no date it can be read from (zip needs >= 1980).
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_LAST = (2107, 12, 31, 23, 59, 58)  # the last time a zip entry can be stamped with


def text_width(landscape: bool) -> int:
    """The width between the margins, in dxa."""
    _, _, left, right = _MARGINS[landscape]
    return (A4_LONG if landscape else A4_SHORT) - left - right


def _fonts(r_pr: object, size: int | None = None) -> None:
    """Times New Roman for every script, no theme fonts (they take precedence)."""
    fonts = r_pr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        r_pr.insert(0, fonts)  # type: ignore[attr-defined]
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            found = r_pr.find(qn(tag))  # type: ignore[attr-defined]
            if found is not None:
                found.set(qn("w:val"), str(size))


def set_up(doc: WordDocument, lang: Lang) -> None:
    """Fonts, sizes and paragraph styles of the справка, and its first (portrait) page."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr, 28)
    r_pr.find(qn("w:lang")).set(qn("w:val"), _LANGS[lang])
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    heading = doc.styles["Heading 1"]  # a part's title, centred and bold as in справки
    _fonts(heading.element.get_or_add_rPr())
    heading.font.size = Pt(14)
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    body = doc.styles.add_style(BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.first_line_indent = Cm(1.25)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.line_spacing = 1.15
    for name, size, italic in ((TABLE_TEXT, 12, False), (NOTE, 10, True),
                               (CAPTION, 12, False), (SMALL, 12, False)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.italic = italic
    caption = doc.styles[CAPTION].paragraph_format
    caption.keep_with_next = True
    caption.space_before = Pt(6)

    page(doc.sections[0], landscape=False)
    _page_numbers(doc.sections[0])
    # Hyphenation (by the text's language) spares narrow table cells broken words.
    tab_stop = doc.settings.element.find(qn("w:defaultTabStop"))
    if tab_stop is not None:
        tab_stop.addnext(parse_xml(f"<w:autoHyphenation {nsdecls('w')}/>"))
    # The blank template's thumbnail would show a page that is not this document.
    rels = doc.part.package.rels
    for key, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            rels.pop(key)


def page(section: Section, *, landscape: bool) -> None:
    """An A4 page, turned for wide tables."""
    top, bottom, left, right = _MARGINS[landscape]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Twips(A4_LONG if landscape else A4_SHORT)
    section.page_height = Twips(A4_SHORT if landscape else A4_LONG)
    section.top_margin, section.bottom_margin = Twips(top), Twips(bottom)
    section.left_margin, section.right_margin = Twips(left), Twips(right)


def _page_numbers(section: Section) -> None:
    """The page number centred in the footer (later sections take the same footer)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
        "<w:t>1</w:t></w:r></w:fldSimple>"))


def made_at(made: str) -> datetime:
    """The time the report was made, read from its date as shown; a fixed time if unread."""
    shown = made.strip()
    try:
        found = datetime.fromisoformat(shown)
    except ValueError:
        found = None
        for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%Y"):
            try:
                found = datetime.strptime(shown, pattern)  # naive: taken as UTC below
                break
            except ValueError:
                continue
    if found is None or found.year < 1980:
        return _EPOCH
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def properties(doc: WordDocument, title: str, author: str | None, lang: Lang,
               when: datetime) -> None:
    """Core properties that depend on the report only (not on the clock)."""
    core = doc.core_properties
    core.title = _property(title)
    core.author = _property(author or "")
    core.last_modified_by = ""
    core.comments = ""
    core.language = _LANGS[lang]
    core.revision = 1
    core.created = core.modified = when.astimezone(UTC).replace(tzinfo=None)


def _property(value: str) -> str:
    """A core property's text cut to the 255 characters the format allows (the document's
    own title keeps all of it)."""
    return value if len(value) <= _PROPERTY_CHARS else value[:_PROPERTY_CHARS - 1] + "…"


def fixed_zip(data: bytes, when: datetime,
              edits: Mapping[str, Callable[[str], str]]) -> bytes:
    """The package again with every entry stamped ``when`` (the writer stamps the clock),
    the text of the entries named in ``edits`` changed by them."""
    stamp = min(when.astimezone(UTC).timetuple()[:6], _ZIP_LAST)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():  # a dozen package parts, in their order
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            content = source.read(entry.filename)
            if entry.filename in edits:
                content = edits[entry.filename](content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()
