"""Report documents (XLSX, DOCX, HTML) made from odd names and odd report specs: the
municipal example's review (its specs and data) with unit names or a report spec a hostile
or careless file could give. Every document must be written (or refused with a message),
with nothing run as a formula, and byte-identical on a rerun."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.adversarial._case import Builder, Case, yaml_quote
from tests.adversarial._expertise import DATA, EXAMPLE, SPECS

FORMATS = ("xlsx", "docx", "html")
UNITS = ("Гусевский ГО", "Советский ГО", "Черняховский МО")


def _renamed(names: tuple[str, ...]) -> Callable[[Path], None]:
    """Three units renamed in every data file (as CSV cells, quoted)."""
    def make(folder: Path) -> None:
        for name in DATA:
            path = folder / "data" / name
            body = path.read_text(encoding="utf-8")
            for unit, new in zip(UNITS, names, strict=True):
                quoted = '"' + new.replace('"', '""') + '"'
                body = body.replace(f"\n{unit},", f"\n{quoted},")
            path.write_text(body, encoding="utf-8", newline="")
    return make


def _report(title: str, section_title: str) -> Callable[[Path], None]:
    """A report spec whose title and section titles are odd; two sections share a title
    longer than a sheet name."""
    def make(folder: Path) -> None:
        lines = ["kind: report", "id: odd", f"title: {yaml_quote(title)}",
                 f"region: {yaml_quote(section_title)}", "period: 2023", "compare: true",
                 "sections:"]
        for kind in ("ranking", "scores", "averages"):
            lines += [f"  - type: {kind}", "    scoring: mms_expertise",
                      f"    title: {yaml_quote(section_title)}",
                      f"    text: {yaml_quote(section_title)}"]
        lines += ["  - type: classes", "    classification: settlement",
                  "  - type: remarks", f"    title: {yaml_quote(section_title)}"]
        (folder / "rules" / "report.yaml").write_text("\n".join(lines) + "\n",
                                                      encoding="utf-8")
    return make


def _class_titled(title: str) -> Callable[[Path], None]:
    """The settlement classification titled ``title`` (its column heads the scores tables,
    beside the workbook's own first column «Период»)."""
    def make(folder: Path) -> None:
        path = folder / "rules" / "settlement.yaml"
        body = path.read_text(encoding="utf-8")
        path.write_text(body.replace("\ntitle: Тип территории\n",
                                     f"\ntitle: {yaml_quote(title)}\n"), encoding="utf-8")
    return make


LONG = "Муниципальное образование с очень длинным названием " * 40
CASES: tuple[tuple[str, str, Callable[[Path], None]], ...] = (
    ("names-control", "unit names with control characters (they abort the chart engine)",
     _renamed(("Гусев\x01ский\x07", "Совет\x1bский\x7f", "Черня\x0bховский\x0c"))),
    ("names-long", "unit names 2 000 characters long, differing only at the end",
     _renamed(tuple(LONG + tail for tail in ("А", "Б", "В")))),
    ("names-formula", "unit names that a spreadsheet would run as formulas, and markup",
     _renamed(('=HYPERLINK("http://example.com","x")', "+1+2", "<script>alert(1)</script>"))),
    ("title-odd", "a 10 000-character title; section titles of formulas, markup, RTL "
     "and emoji, alike past Excel's 31-character sheet name",
     _report("Справка " * 1250, '=HYPERLINK("http://x") <b>жирный</b> עברית 😀 ' * 3)),
    ("names-separators", "unit names with line and paragraph separators (they end a "
     "JavaScript string in the chart engine) and one starting with «#»",
     _renamed(("Гусев\u2028ский", "#Советский", "Черня\u2029ховский"))),
    ("class-title-period", "a classification titled «период», as the workbook's first column "
     "of a section's merged tables is", _class_titled("период")),
)


def _review_folder(builder: Builder, name: str) -> Path:
    """A case folder holding the municipal example's review: its specs and data."""
    folder = builder.folder(name)
    (folder / "rules").mkdir()
    (folder / "data").mkdir()
    for spec in SPECS:
        (folder / "rules" / spec).write_bytes((EXAMPLE / "rules" / spec).read_bytes())
    for data in DATA:
        (folder / "data" / data).write_bytes((EXAMPLE / "data" / data).read_bytes())
    return folder


def _report_args(fmt: str) -> tuple[str, ...]:
    return ("report", "--rules", "rules", "--data", "data", "--period", "2023",
            "--compare-to", "2022", "--format", fmt, "-o", f"report.{fmt}")


def document_cases(builder: Builder) -> None:
    for slug, about, make in CASES:
        for fmt in FORMATS:
            folder = _review_folder(builder, f"document-{slug}-{fmt}")
            make(folder)
            builder.add(folder, Case(name=folder.name, description=f"{about} ({fmt})",
                                     args=_report_args(fmt), tags=("document",)))
    # The CSV's provenance lines name every rules file: one named like a formula, with the
    # separators a spreadsheet splits a line at, must not put a formula in any cell.
    folder = _review_folder(builder, "document-csv-file-name")
    (folder / "rules" / "mms.yaml").rename(folder / "rules" / 'mms,=1+1;"@SUM(A1)\t-2.yaml')
    builder.add(folder, Case(name=folder.name, description="a rules file named like a "
                             "formula, with commas, semicolons and a tab (csv)",
                             args=_report_args("csv"), csv_outputs=("report.csv",),
                             tags=("document",)))
