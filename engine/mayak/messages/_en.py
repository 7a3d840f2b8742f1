"""Mayak's messages in English: one entry per key of the catalogue."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # places
    "where.cell": "row {row}, column '{column}'",
    "where.row": "row {row}",
    "where.column": "column '{column}'",
    # YAML
    "yaml.too_deep": "lists and mappings are nested too deeply",
    "yaml.file_too_large": "the spec file is over {limit} characters — that is not a spec",
    "yaml.syntax": "YAML syntax error: {detail}",
    "yaml.syntax_started": (
        "YAML syntax error ({detail}): {context} starts on line {line}, column {col} — check "
        "that it is closed there"),
    "yaml.why.tab": "YAML syntax error: a tab — YAML indents with spaces only; use spaces",
    "yaml.why.bad_start": (
        "YAML syntax error: a value cannot start with '{char}' — put the value in quotes"),
    "yaml.why.colon": (
        "YAML syntax error: a colon and a space inside a value, or an extra indent — put the "
        "value in quotes (title: \"Results: 2024\") or align the key with its neighbours"),
    "yaml.why.no_colon": (
        "YAML syntax error: no colon after the key — write 'key: value', with a space after "
        "the colon"),
    "yaml.why.indent": (
        "YAML syntax error: wrong indentation or extra text — keys of one level start in the "
        "same column, and a value does not go on after its closing quote"),
    "yaml.why.no_value": (
        "YAML syntax error: a value was expected here — check the indentation or put the value "
        "in quotes"),
    "yaml.why.documents": (
        "the file holds several YAML documents (separated by ---): one spec per file; split "
        "them into files"),
    "yaml.why.alias": (
        "YAML syntax error: '*{name}' refers to an anchor '&{name}' that does not exist; if it "
        "is text, put it in quotes"),
    "yaml.why.anchor": (
        "YAML syntax error: '*' or '&' at the start of a value is a YAML alias or anchor (a "
        "name of Latin letters and digits); if it is text, put it in quotes"),
    "yaml.why.escape": (
        "YAML syntax error: an unknown escape '\\{char}' in a double-quoted text — use single "
        "quotes or double the '\\'"),
    "yaml.why.block": (
        "YAML syntax error: the value starts with '>' or '|', which in YAML begins a multi-line "
        "text; if it is not one, put the value in quotes (planned: \">= 0.5\")"),
    "yaml.why.control": "the file holds a non-printable character {code} — remove it",
    "yaml.detail.comma": "a comma or the closing bracket is missing",
    "yaml.detail.end": "the file ended first",
    "yaml.unfinished.quoted": "a quoted text",
    "yaml.unfinished.sequence": "a list in [ ]",
    "yaml.unfinished.mapping": "a mapping in { }",
    "yaml.empty": "the file is empty",
    "yaml.tag": "tag {tag} is not allowed: specs hold only text, numbers, lists and mappings",
    "yaml.duplicate_key": "key '{key}' appears twice (first on line {first_line}); keep one",
    "yaml.complex_key": (
        "a key must be plain text (merge keys << and complex keys are not supported)"),
    "yaml.too_large": "the document is too large once aliases are expanded (over {limit} nodes)",
    "yaml.too_many_aliases": "too many aliases (over {limit})",
    "io.unreadable": "cannot read the file: {detail}",
    "io.not_found": "path not found",
    "io.cannot_write": "cannot write the file: {detail}",
    "io.output_is_input": "the output file is the input file; give -o another name",
    "io.no_specs": "no .yaml files under the given paths",
    # schema
    "schema.required": "required field '{field}' is missing",
    "schema.unknown_key": "unknown field '{field}'{hint}; allowed: {allowed}",
    "api.lang": "lang is 'ru' or 'en', not {value}",
    "api.data": (
        "data is a mapping {{dataset id: Polars frame}} or what mayak.read returned, not "
        "{value}"),
    "schema.type": "expected {expected}, got {got}",
    "expr.derive_failed": (
        "column '{name}' is not computed: its derive expression has an error (told "
        "separately) — fix it"),
    "schema.number_as_text": (
        "expected a number, but YAML reads '{value}' as text — write {number} (a decimal "
        "point, no spaces)"),
    "schema.enum": "value '{value}' is not allowed{hint}; allowed: {allowed}",
    "schema.pattern": "value '{value}' does not fit: {rule}",
    "schema.minimum": "value {value} is below the minimum {limit}",
    "schema.one_of": "give exactly one of: {options}",
    "schema.unique": "value '{value}' repeats in the list; keep one",
    "schema.min_items": "the list cannot be empty",
    "schema.other": "{detail}",
    "schema.unknown_kind": "unknown spec kind '{value}'{hint}; allowed: {allowed}",
    "hint": " (did you mean '{word}'?)",
    "type.object": "a mapping (key: value)",
    "type.array": "a list",
    "type.string": "text",
    "type.integer": "a whole number",
    "type.number": "a number",
    "type.boolean": "true or false",
    "type.null": "an empty value",
    "rule.identifier": "Latin letters, digits and '_', starting with a letter, not '__'",
    "rule.spec_id": "lower-case Latin letters, digits, '_' and '-'",
    "rule.planned": "a planned value such as '>= 0.5', '<= 200', 'between 1 and 2'",
    # cross references
    "ref.duplicate_id": "{kind} '{id}' is already declared in {other}",
    "spec.dataset": "dataset",
    "spec.indicator": "indicator",
    "spec.targets": "targets",
    "spec.ruleset": "ruleset",
    "spec.admission": "admission",
    "spec.recommendations": "recommendations",
    "schema.maximum": "value {value} is above the maximum {limit}",
    "ref.of_not_number": "'of' must give a number, but gives {got}",
    "ref.count_with_of": (
        "count counts rows and takes no 'of': put the condition in where, or use distinct for "
        "the number of different values"),
    "ref.reserved_column": "column name '{name}' is reserved (the whole-data level)",
    "ref.column_option": "'{option}' does not apply to a column of type {type}",
    "data.duplicate_header": "header '{header}' repeats column '{column}' and is ignored",
    "data.duplicate_key": "key '{column}' value '{value}' repeats on rows {rows}",
    "data.more_duplicate_keys": "and {count} more repeated values of key '{column}'",
    "data.several_files": "dataset '{dataset}' has several files ({files}); reading {chosen}",
    "ref.unknown_dataset": "unknown dataset '{name}'{hint}; declared: {known}",
    "ref.unknown_indicator": "unknown indicator '{name}'{hint}",
    "ref.unknown_column": "dataset '{dataset}' has no column '{name}'{hint}",
    "ref.unknown_level": "level '{name}' is not a column of any dataset{hint}",
    "ref.cycle": "indicators refer to each other in a cycle: {cycle}",
    "ref.include": "included path '{path}' not found",
    "ref.extends": "base rule set '{path}' (extends) not found",
    "ref.extends_empty": ("the folder of the base rule set '{path}' (extends) holds no spec "
                          "(.yaml files): check the path"),
    "ref.extends_cycle": "rule sets extend each other in a cycle (extends): {chain}",
    "ref.duplicate_base": (
        "{kind} '{id}' is already declared in the base rule set: {other}; to replace it, "
        "add overrides: true"),
    "ref.override_missing": (
        "{kind} '{id}' is marked overrides: true, but no base rule set declares that id{hint}"),
    "ref.override_no_base": (
        "{kind} '{id}' is marked overrides: true, but the rule set extends nothing "
        "(no extends)"),
    "ref.variable_is_indicator": ("variable '{name}' has the name of indicator '{name}': in the "
                                  "formula the name means the variable; rename the variable"),
    "ref.bad_planned": "cannot read planned value '{value}': {rule}",
    "ref.not_condition": "the condition must give true/false, but gives {got}",
    "ref.not_number": "the formula must give a number, but gives {got}",
    "ref.of_required": "'{agg}' needs 'of': what to aggregate",
    # expressions
    "expr.prefix": "in expression '{text}': ",
    "expr.empty": "the expression is empty",
    "expr.syntax": "the expression cannot be read: {detail}",
    "expr.too_long": "the expression is longer than {limit} characters",
    "expr.too_complex": "the expression is too complex (over {limit} elements)",
    "expr.attribute": (
        "attribute access '.{attr}' is not allowed; use column names and listed functions"),
    "expr.construct": (
        "{construct} — not allowed in expressions; use the operators and functions of the "
        "expression language"),
    "expr.private_name": "name '{name}' is not allowed: names cannot start with '_'",
    "expr.unknown_name": "unknown name '{name}'{hint}; available: {known}",
    "expr.unknown_function": "function '{name}' is not available{hint}; available: {known}",
    "expr.operator": "there is no '{op}' in expressions; write and, or, not for logic",
    "expr.type": "'{op}' needs {expected}, got {got}",
    "expr.compare_types": "cannot compare {left} with {right} ('{op}')",
    "expr.string_order": (
        "text cannot be ordered ('{op}'): declare the column as an ordered category (ordered: "
        "true)"),
    "expr.in_list": '\'in\' needs a list of values in square brackets, such as ["yes", "no"]',
    "expr.list_too_long": "the list is longer than {limit} values",
    "expr.unknown_category": "'{value}' is not one of the allowed values{hint}; allowed: {known}",
    "expr.branch_types": "the if/else branches give different types: {left} and {right}",
    "expr.number_too_large": (
        "number too large: numbers in an expression are at most 2⁵³ (9,007,199,254,740,992) in "
        "size"),
    "expr.template_brace": "an unmatched brace: a placeholder is written as {{name}}",
    "expr.power": "the exponent must be a number no larger than {limit}",
    "expr.keywords": "function '{name}' takes positional arguments only",
    "expr.arity": "function '{name}' got the wrong number of arguments ({given})",
    "expr.arg_type": "function '{name}' needs {expected}, got {got}",
    "expr.round_digits": (
        "the second argument of round is the number of decimals: a whole number from 0 to "
        "{limit} written in digits, e.g. round(x, 1)"),
    "kind.number": "a number",
    "kind.boolean": "true/false",
    "kind.string": "text",
    "kind.date": "a date",
    "kind.null": "empty",
    # data
    "data.no_file": "no data file for dataset '{dataset}': looked for {tried}",
    "data.no_file_close": (
        "no data file for dataset '{dataset}': looked for {tried}; perhaps it is '{close}' — "
        "rename it '{file}' with the same extension, or write file: {stem} in the dataset's "
        "spec"),
    "data.empty": "the file is empty: no data rows",
    "data.unreadable": "cannot read as {format}: {reason}{detail}",
    "data.format": "unsupported format '{suffix}': use .csv, .xlsx or .parquet",
    "data.missing_column": "required column '{column}' is missing (looked for headers: {tried})",
    "data.no_known_headers": (
        "no header is recognised (first: {found}); the column headers must be on the first row "
        "— remove title lines above them"),
    "data.missing_unused": (
        "the file lacks optional columns this computation does not use: {columns}"),
    "data.missing_optional": (
        "column '{column}' is missing (looked for headers: {tried}): its values are unknown"),
    "data.unknown_header": "unknown header '{header}' ignored{hint}",
    "data.bad_value": "value '{value}' cannot be read as {expected}; treated as unknown",
    "data.bad_category": (
        "value '{value}' is not in the list{hint}; allowed: {values}. Treated as unknown"),
    "data.out_of_range": "value {value} is outside {range}; treated as unknown",
    "data.more_bad_values": "and {count} more unreadable values in this file",
    "data.unused_file": "the file belongs to no dataset and is not read",
    "data.not_a_frame": "dataset '{dataset}' got {got}, expected a polars DataFrame or LazyFrame",
    "data.missing_dataset": "no data given for dataset '{dataset}'",
    "dtype.string": "text",
    "dtype.integer": "a whole number",
    "dtype.number": "a number",
    "dtype.boolean": "yes or no",
    "dtype.date": "a date (DD.MM.YYYY)",
    "data.not_found": "file not found; check the path and the file name",
    "data.not_a_file": "not a file (a folder?); give a data file",
    "data.empty_row": "empty row skipped",
    "data.more_empty_rows": "and {count} more empty row(s) skipped (the last is row {last})",
    "targets.unknown": "no targets '{name}'{hint}; available: {known}",
    "targets.ambiguous": (
        "the rules hold several targets specs ({known}): choose one with --targets"),
    "level.unavailable_dataset": (
        "indicator '{indicator}' is not computed at level '{level}': dataset '{name}' has no "
        "such column"),
    "level.unavailable_indicator": (
        "indicator '{indicator}' is not computed at level '{level}': its formula uses '{name}', "
        "which is not computed there"),
    "level.unknown": "level '{level}' is not a column of any dataset{hint}",
    # screening
    "screen.not_met": "{id} not met",
    "screen.unknown": "{id} — no data",
    "screen.all_met": "all criteria met",
    "screen.no_values": "no values",
    "screen.unreadable": "unreadable values in columns: ",
    "screen.duplicate_reason": "the application id repeats",
    "screen.unknown_admission": "no admission spec '{name}'; available: {known}",
    "outcome.admitted": "admitted",
    "outcome.reserve": "reserve",
    "outcome.needs_review": "needs review",
    "col.outcome": "Outcome",
    "col.explain": "{id}: data",
    "col.row": "Row",
    "sheet.candidates": "Candidates",
    "sheet.summary": "Summary",
    "sheet.reserve": "Reserve",
    "sheet.problems": "Problems",
    "col.severity": "Severity",
    "col.place": "Where",
    "col.message": "Message",
    "severity.error": "error",
    "severity.warning": "warning",
    "screen.title": "Screening: {title}",
    "screen.counts": (
        "Applications: {total}; {admitted_label}: {admitted}; {reserve_label}: {reserve}; "
        "{review_label}: {review}."),
    "screen.too_many": (
        "{count} candidates: the list is not printed; write it to a file (-o FILE --format "
        "xlsx|csv|json)."),
    "screen.no_population": (
        "no file for dataset '{dataset}' in {folder}: the summary's population column stays "
        "empty"),
    "screen.population_all_periods": (
        "dataset '{dataset}' has a period column '{column}' but no reporting period is set: "
        "the summary's population counts the rows of every period — name the period "
        "(--period, or period in the ruleset)"),
    "screen.population_period_empty": (
        "dataset '{dataset}' has no rows for {period}: the summary's population column stays "
        "empty"),
    "screen.progress": "Screening",
    "screen.needs_output": "format {format} needs a file: -o FILE",
    "table.total": (
        "row '{group}', column '{column}': printed {printed}, but the rows add up to {expected}"),
    "table.row": (
        "'{group}': '{column}' = {printed} exceeds '{detail}' = {expected}, impossible when all "
        "criteria are required"),
    "table.differs": (
        "'{group}', column '{column}': printed {printed}, recomputed from the data {expected}"),
    "table.no_numbers": (
        "the table has no column of the summary's numbers: nothing to compare — expected "
        "columns such as '{expected}', '{applications}', K1…, headed in the first row"),
    "table.not_in_data": "'{group}' is printed but absent from the data",
    "table.not_printed": "'{group}' is in the data but not printed",
    "table.consistent": "The table agrees with the recomputation.",
    "data.printed_not_number": "'{value}' is not a whole number; this cell is not checked",
    "table.found": "Differences: {count}.",
    "col.reasons": "Reasons",
    "col.population": "Population",
    "col.applications": "Applications",
    "col.total_row": "TOTAL",
    "ref.criterion_clash": "criterion id '{id}' is also a column or derived name",
    "ref.synonym_target": (
        "synonym '{word}' points to '{value}', which is not one of the values{hint}; values: "
        "{values}"),
    "ref.reserved_name": (
        "the name '{name}' is taken by a column of the screening result (outcome, reasons, "
        "<id>_explain); choose another"),
    "ref.duplicate_criterion": "criterion '{id}' repeats",
    "ref.at_least": "at_least = {value}, but there are only {count} criteria",
    "ref.no_target_for_planned": (
        "the expression uses planned, but indicator '{indicator}' has no planned value"),
    "recommend.unknown_key": (
        "recommendations '{id}': some rows have no '{level}' and are not addressed"),
    "col.recommendation": "Recommendation",
    "col.audience": "Audience",
    "report.recommendations": "Targeted recommendations",
    # values
    "value.unknown": "no data",
    "value.yes": "yes",
    "value.no": "no",
    # report
    "status.met": "met",
    "status.not_met": "not met",
    "status.no_data": "no data",
    "status.no_target": "—",
    "report.published_differs": (
        "indicator '{indicator}': the published document says {printed}, recomputed {value}"),
    "report.unknown_rows": " (unknown: ",
    "report.skipped_rows": " (skipped, no data: ",
    "report.title": "Indicator monitoring",
    "col.indicator": "Indicator",
    "col.level": "Level",
    "col.unit": "Unit",
    "col.value": "Value",
    "col.planned": "Planned",
    "col.status": "Status",
    "col.variables": "Computed from",
    "level.total": "total",
    "unit.percent": " %",
    "unit.number": "",
    "unit.coefficient": "",
    "unit.score": " pts",
    # command line
    "cli.valid": "Specs are valid ({count} files).",
    "cli.problems": "Problems found: {count}.",
    "cli.written": "Written: {path}",
    "cli.strict_failed": "Targets not met: {count}.",
    "cli.input_problems": (
        "Input problems: {count}. The report was built with unknown values marked."),
    "cli.schemas_written": "Schemas written to {path}: {files}",
    "cli.internal": "internal Mayak error: {detail}. Please report it.",
    # Command-line help (in the language of MAYAK_LANG: --help is read before --lang).
    "help.main": (
        "Mayak: indicators, targets and screening rules in YAML, evaluated with Polars.\n\nExit "
        "codes: 0 done; 1 a target missed (report --strict) or a published table differs "
        "(check-table); 2 invalid specs, input or command line; 3 internal error; 130 "
        "interrupted (Ctrl+C), 143 stopped (SIGTERM); 141 the reader of the output closed the "
        "pipe (e.g. | head).\n\nHelp in Russian: mayak --lang ru --help (or MAYAK_LANG=ru)."),
    "help.lang": "language of messages: ru, en (or the MAYAK_LANG variable)",
    "help.validate": "Check spec files (all errors at once, each as file:line:col).",
    "help.report": "Compute indicators on data files and compare them with the planned values.",
    "help.screen": "Screen applications (XLSX, CSV, Parquet) against the admission criteria.",
    "help.check_table": (
        "Compare a published summary table with the one recomputed from the applications. Exit "
        "code 1 when any difference or inconsistency is found."),
    "help.schema": "Write the JSON Schemas of the spec kinds, for editors (YAML language server).",
    "help.rules": "rules folder (or file); may repeat",
    "help.data": "folder with data files named after datasets (.csv, .xlsx, .parquet)",
    "help.level": "also compute per this column, e.g. municipality; may repeat",
    "help.targets": "targets spec id, when the rules hold several",
    "help.output": "write here (atomically) instead of the terminal",
    "help.output_xlsx": "write here (atomically); xlsx needs it",
    "help.format": (
        "output format; without it, the -o file's extension (.csv, .json, .xlsx, .md, .docx, "
        ".html) decides, else table"),
    "help.format_audit": (
        "output format; without it, the -o file's extension (.csv, .json, .md) decides, else "
        "table"),
    "help.format_screen": (
        "output format; without it, the -o file's extension (.csv, .json, .xlsx) decides, "
        "else table"),
    "help.strict": "exit with 1 if a target is not met",
    "help.schema_folder": "folder to write to",
    "help.population": (
        "folder with the summary's population dataset and the units tables the applications "
        "look columns up in (default: the folder of the applications)"),
    "help.population_period": (
        "the period whose rows the summary's population counts, when its dataset has a "
        "period column: 2024, 2024-H1 (default: the ruleset's period)"),
    "help.admission": "admission spec id, when there are several",
    "help.published": "the published summary table (CSV or XLSX), e.g. Table 1 of a report",
    # --- spec ---
    "path.loop": (
        "the symbolic links point at each other in a circle and lead nowhere; fix or remove the "
        "link"),
    "path.broken_link": "the symbolic link points at nothing; fix or remove it",
    "path.no_access": "no permission to read it; ask for access or copy the files",
    "path.too_long": "the path is too long; move the files to a folder with a shorter path",
    "path.device": "this is a device, not a file: only ordinary files and folders are read",
    "path.special": (
        "this is a pipe (FIFO) or a socket, not a file: only ordinary files and folders are read"),
    "path.not_folder": "this is a file, but a folder is needed",
    "path.not_spec": (
        "this is not a spec file: rules are written in .yaml or .yml files (data files go to "
        "--data)"),
    "path.disk_root": "this is the root of a disk: give the rules folder, not the whole disk",
    "path.too_many_files": (
        "the folder holds too many files and folders (20,000 looked at) — that is not a rules "
        "folder; give the rules folder"),
    "path.too_deep": (
        "folders are nested over 12 levels deep; files deeper were not read — give the rules "
        "folder"),
    "ref.include_refused": "included path '{path}' cannot be read: {reason}",
    "io.not_utf8": "the file is not in UTF-8 (the error is on this line); save it as UTF-8",
    "yaml.surrogate": (
        "'\\u{code}' is not a character but half of a surrogate pair: such a text can be "
        "neither printed nor saved; write the character itself"),
    "yaml.surrogate_pair": (
        "the pair '\\u{high}\\u{low}' does not make one character in YAML; write the character "
        "'{char}' itself or '\\U{code}'"),
    "yaml.control_char": (
        "the text holds an invisible control character U+{code} (e.g. from '\\0' or '\\x..' in "
        "quotes); remove it"),
    "yaml.bidi_char": (
        "the text holds an invisible text-direction character U+{code}: it makes the text look "
        "different from what it says; remove it"),
    "ref.min_above_max": (
        "min = {min} is above max = {max}: no value can fit; check the limits (they may be "
        "swapped)"),
    "ref.header_clash": (
        "header '{header}' is already given for column '{other}' (as its name, title or alias; "
        "case, spacing and ё/е do not count): a file's column could be either; keep it for one"),
    "ref.values_alike": (
        "value '{value}' reads the same as '{other}' (case, spacing and ё/е do not count); keep "
        "one"),
    "ref.synonym_clash": (
        "synonym '{word}' points to '{value}', but it reads the same as '{other}': the meaning "
        "is unclear; remove or fix the synonym"),
    "ref.true_and_false": (
        "'{value}' reads both as yes and as no: it is in true_values and in false_values (a "
        "list not given is the default one); remove it from one"),
    "ref.missing_empty": (
        "an empty no-data marker: an empty cell reads as unknown anyway; remove it"),
    "ref.missing_repeats": (
        "'{value}' is already in this missing list (case and edge spaces do not count); keep "
        "one"),
    "ref.missing_clash": (
        "'{value}' reads as a value of column '{column}' ({field}), and missing makes it no "
        "data: it is unclear which is meant; remove it from one of the lists"),
    "ref.date_format": (
        "date format '{value}' lacks the year, the month or the day — no date can be read with "
        "it; for example: %d.%m.%Y"),
    "ref.planned_range": (
        "in the planned value '{value}' the lower bound {low} is above the upper {high}: no "
        "value can meet it; write 'between {high} and {low}'"),
    "ref.base_unread": (
        "the base rule set was not read, so the references to {names} were not checked "
        "({files}); correct the path in extends and check again"),
    "ref.rejected_file": (
        "the file is not accepted because of the errors above, so the references to {names} "
        "were not checked ({files}); fix the errors and check again"),
    "schema.empty_text": (
        "the text cannot be empty or only spaces; write a value or remove the line if the "
        "field is optional"),
    "schema.empty_mapping": "at least one 'name: description' entry is needed here",
    # --- read ---
    "data.bad_encoding": (
        "this row holds characters that are neither UTF-8 nor Windows-1251: open the file in "
        "Excel or Notepad and save it as 'CSV UTF-8'"),
    "data.mixed_encoding": (
        "some lines of the file are Windows-1251 and others UTF-8 (this is the first such row); "
        "the file was read, but check the Russian letters and save the whole file as 'CSV UTF-8'"),
    "data.nul_chars": (
        "the file holds NUL characters (the first on this row, {count} in all); they were "
        "removed — if the text looks odd, the file is damaged: export it again"),
    "data.inner_bom": (
        "an invisible byte order mark (BOM) stands inside the file, the first on this row, "
        "{count} in all: files were probably joined; the marks were removed, check that the "
        "header row does not repeat here"),
    "data.unclosed_quote": (
        "a cell starts with a quote that is never closed — everything after it would merge into "
        "one cell; close the quote or remove it and save the file"),
    "data.why.csv_broken": (
        "this is not a table of rows separated by ';', ',' or tabs — open the file in Excel and "
        "save it as 'CSV UTF-8'"),
    "data.extra_cells": (
        "the row has {count} cells but there are {width} headers: the extra cells were not read "
        "— perhaps a separator stands inside a text; check the row"),
    "data.missing_cells": (
        "the row has {count} cells but there are {width} headers: the missing values are unknown"),
    "data.more_ragged_rows": "and {count} more row(s) with another number of cells",
    "data.why.xlsx_protected": (
        "the file is password-protected or in the old Excel 97-2003 format — remove the "
        "password and save it as 'Excel Workbook (*.xlsx)'"),
    "data.why.xlsx_broken": (
        "the file is damaged or incomplete — open it in Excel and save it again"),
    "data.why.parquet_broken": "the file is damaged or incomplete — export it again",
    "data.no_sheet": (
        "the workbook has no sheet '{sheet}'{hint}; sheets: {sheets} — correct sheet in the "
        "dataset spec"),
    "data.no_sheet_fits": (
        "no sheet ({sheets}) has this dataset's headers on its first row: check the headers or "
        "name the sheet with sheet in the dataset spec"),
    "data.several_sheets": (
        "several sheets ({sheets}) have the dataset's headers: name one with sheet in the "
        "dataset spec or put all rows on one sheet"),
    "data.sheet_chosen": (
        "reading sheet '{sheet}' — only it has this dataset's headers; sheets {others} are not "
        "read"),
    "data.excel_error": (
        "the cell holds the Excel error {value}: the value is unknown — fix the formula, open "
        "and save the file in Excel"),
    "data.formula_no_value": (
        "the cell holds a formula whose result is not stored in the file (it was written by a "
        "program, not Excel): the value is unknown — open the file in Excel and save it"),
    "data.more_broken_cells": (
        "and {count} more cells with Excel errors or formulas without a result"),
    "data.more_unknown_headers": "and {count} more unknown headers ignored",
    "data.merged_cells": (
        "merged cells {ranges}: only the first cell of each holds the value, the others read "
        "as empty — unmerge them and fill in every row"),
    "data.blank_header": (
        "column {place} holds values but has no header (perhaps the header cell is merged with "
        "its neighbour): the column is not read — give it a header"),
    "data.nested_column": (
        "the column holds lists, records or binary data ({type}), not single values: they "
        "cannot be read — export text, numbers or dates to this column"),
    "data.wrong_type": (
        "the file stores this column as {type}, but the dataset declares it as {expected}: all "
        "its values are unknown — export the column with the right type"),
    "data.impossible_date": (
        "date '{value}' is impossible — it is after today or before 1900: treated as unknown, "
        "check the year"),
    "data.why.os_error": (
        "the file does not open — no permission to read it, or another program holds it: close "
        "it and check the permissions"),
    "dtype.category": "one of the listed values",
    "screen.ragged_row": "the whole row (its number of cells differs from the number of headers)",
    # --- expr ---
    "expr.bad_char": (
        "character '{char}' ({code}) is not allowed in an expression; delete it or retype this "
        "place on a Latin keyboard"),
    "expr.lookalike": (
        "character '{char}' ({code}) looks like '{ascii}' but is another character; retype "
        "'{ascii}' on a Latin keyboard"),
    "expr.lookalike_space": (
        "character {code} is a special space (e.g. a non-breaking one from a word processor); "
        "replace it with an ordinary space"),
    "expr.semicolon": (
        "a semicolon is not allowed: a field holds exactly one expression — delete ';' and what "
        "follows"),
    "expr.comment": (
        "'#' is not allowed in an expression: the text after it would be ignored. Put a comment "
        "on its own YAML line above the field"),
    "expr.misspelt_operator": "there is no '{wrong}' — write '{right}'",
    "expr.unclosed": "bracket '{bracket}' is opened but never closed; add the closing one",
    "expr.unmatched": "an extra closing bracket '{bracket}': delete it or add the opening one",
    "expr.mismatched": "bracket '{closing}' closes '{opening}'; brackets go in pairs: ( ) and [ ]",
    "expr.unclosed_quote": "a quote is not closed: text goes between two quotes, e.g. 'высшая'",
    "expr.too_deep": "brackets or operations are nested too deeply; simplify the expression",
    "syntax.incomplete": (
        "the expression stops short — a value is missing after the last operator; add it or "
        "delete the operator"),
    "syntax.unexpected": (
        "something is extra or missing here; check the operators, brackets and quotes"),
    "syntax.number_letters": (
        "letters follow a number; units are not written in expressions (5, not 5yrs)"),
    "syntax.leading_zero": "a whole number cannot start with 0: write 5, not 05",
    "syntax.if_else": "'value if condition' needs 'else other value'",
    "expr.assign": "'=' is not used in expressions: write '==' to compare (experience == 5)",
    "expr.missing_operator": (
        "two values stand side by side with nothing between them: add an operator (+, -, *, /, "
        "==, and, or …) or delete one; units ('years') are not written in expressions"),
    "expr.decimal_comma": "decimals are written with a point: {number}",
    "construct.fstring": "an f-string",
    "construct.walrus": "assignment ':='",
    "construct.lambda": "lambda",
    "construct.tuple": "a comma-separated sequence",
    "construct.list": "a list [ ] outside 'in'",
    "construct.set": "a set in curly brackets",
    "construct.dict": "a dictionary in curly brackets",
    "construct.subscript": "an index [ ]",
    "construct.slice": "a slice [ : ]",
    "construct.comprehension": "a comprehension (for … in …)",
    "construct.await": "await",
    "construct.yield": "yield",
    "construct.starred": "a star *",
    "construct.bytes": "a byte string b'…'",
    "construct.complex": "an imaginary number (…j)",
    "construct.ellipsis": "an ellipsis ...",
    "construct.other": "this construct",
    "expr.is_none": (
        "'is' is not used: write is_null(x) for 'x is None' and not is_null(x) for 'x is not "
        "None'"),
    "expr.boolean_order": "yes/no values cannot be ordered ('{op}'); use == or !=",
    "expr.mixed_alphabet": (
        "name '{name}' has the Cyrillic letter '{char}' (character {position}), but names are "
        "in Latin letters{hint}; retype it on a Latin keyboard. Available: {known}"),
    "expr.function_as_name": "'{name}' is a function: write it with brackets, e.g. {name}(…)",
    "expr.name_as_function": (
        "'{name}' is a value, not a function: no brackets after it; write '*' to multiply"),
    "expr.column_in_formula": (
        "'{name}' is a dataset column; a formula uses variables ({known}), columns belong in "
        "the variables' where/of"),
    "eval.out_of_range_total": (
        "indicator '{indicator}': the formula gave a value that is not a number or too large to "
        "round; shown as 'no data'. Check the formula and the data"),
    "eval.out_of_range": (
        "indicator '{indicator}', level '{level}', '{key}': the formula gave a value that is "
        "not a number or too large to round; shown as 'no data'. Check the formula and the data"),
    "eval.unknown_values": (
        "indicator '{indicator}', variable '{variable}' ({aggregation}): no data in rows {rows} "
        "({count} in all), so the variable's value is unknown and 'no data' is shown. Fill in "
        "these values or, to compute without such rows, write unknown: skip in the variable"),
    "eval.uncounted_rows": (
        "indicator '{indicator}', variable '{variable}' ({aggregation}): in rows {rows} "
        "({count} in all) the where condition or the value is unknown, and they are not "
        "counted — the value may be too low. Fill in these values"),
    "eval.skipped_unknown": (
        "indicator '{indicator}', variable '{variable}' ({aggregation}): {count} row(s) without "
        "data skipped (unknown: skip); the value is computed from the other rows"),
    "ref.skip_not_aggregate": (
        "unknown: skip applies to sum, mean, min, max and figure only; {aggregation} counts "
        "only the rows with data anyway"),
    "eval.more_out_of_range": (
        "indicator '{indicator}', level '{level}': and {count} more values out of range"),
    "ref.derive_self": (
        "derived value '{name}' uses itself; write it with the application's columns and the "
        "derived values above it"),
    "ref.derive_later": (
        "derived value '{name}' uses '{later}', which is defined below it; derived values are "
        "computed in order — move '{later}' above '{name}' (two values cannot use each other)"),
    # --- lead ---
    "data.excel_big_date": (
        "a cell formatted as a date holds the number {value} — no calendar has such a date: the "
        "value is unknown; fix the cell in Excel"),
    "ref.not_after": "'{name}' is not a date column of this dataset{hint}; date columns: {dates}",
    "data.date_order": (
        "date {value} is after '{other}' in the same row, which cannot be; check both dates"),
    "yaml.number_range": (
        "number {value} is too large: spec numbers are at most 2⁵³ (9,007,199,254,740,992) in "
        "size"),
    "data.sheet_too_large": (
        "sheet '{sheet}' spans {rows} rows × {columns} columns (up to cell {last}) — too large "
        "to read; something is probably written in a far cell: press Ctrl+End in Excel, delete "
        "the extra rows and columns and save the file"),
    "data.other_format": (
        "the file is named '{suffix}' but its content is a '{inside}' file: save it again as "
        "'{suffix}' or fix the extension"),
    "expr.always_unknown": (
        "the expression always gives 'no data': it holds no column, variable or number a value "
        "could come from; write a condition or a formula"),
    # --- cli ---
    "io.reason.no_space": "the disk is full — free some space or write to another disk",
    "io.reason.too_big": "the file is too large for this disk",
    "io.reason.no_permission": "no permission to write here — choose another folder",
    "io.reason.read_only": "the disk is read-only",
    "io.reason.not_a_folder": "a file stands where the path needs a folder — check the path",
    "io.reason.is_a_folder": "this path is a folder, not a file",
    "io.reason.name_too_long": "the file name is too long",
    "cli.interrupted": "Interrupted: the work was stopped and unfinished files removed.",
    "cli.version": "Mayak, version {version}",
    "cli.usage": "Usage:",
    "cli.try_help": "Help: {command} --help",
    "cli.error": "Error: {message}",
    "cli.heading_options": "Options",
    "cli.heading_commands": "Commands",
    "cli.metavar_options": "[OPTIONS]",
    "cli.metavar_command": "COMMAND [ARGS]...",
    "cli.metavar_text": "TEXT",
    "cli.metavar_file": "FILE",
    "cli.metavar_folder": "FOLDER",
    "cli.metavar_path": "PATH",
    "cli.metavar_paths": "PATHS",
    "cli.metavar_applications": "APPLICATIONS",
    "cli.help_option": "show this message and exit",
    "cli.help_default": "default: {value}",
    "cli.help_required": "required",
    "help.version": "show the version and exit",
    "cli.no_such_command": "no command '{name}'{hint}; commands: {commands}",
    "cli.no_such_option": "no option '{name}'{hint}; the options are listed in the help",
    "cli.missing_option": "the required option {name} is missing",
    "cli.missing_argument": "{name} is missing: add it after the command's options",
    "cli.option_needs_value": "{name} needs a value",
    "cli.option_no_value": "{name} takes no value",
    "cli.bad_choice": "{name}: '{value}' is not allowed{hint}; allowed: {allowed}",
    "cli.bad_value": "{name}: invalid value: {detail}",
    "cli.extra_arguments": "unexpected extra arguments: {args}",
    "cli.compare_conflict": "--no-compare and --compare-to {period} contradict: keep one",
    "cli.usage_other": "invalid command line: {detail}",
    "cli.empty_path": "{name}: the path is empty — give a file or a folder",
    "cli.not_a_folder": "{name}: '{path}' is a file, not a folder",
    "cli.not_a_file": "{name}: '{path}' is a folder, not a file",
    "cli.output_is_folder": (
        "{name}: cannot write the file: '{path}' is a folder; give a file name, e.g. "
        "{path}/result.{extension}"),
    "cli.parent_is_a_file": (
        "{name}: cannot write the file '{path}': '{file}' is a file, not a folder"),
    # --- adv-data ---
    "data.bad_row_numbers": (
        "this column must hold row numbers — whole numbers from 1, one per row, none blank; "
        "drop the column and the rows are numbered in order"),
    "data.frame_failed": (
        "the table for dataset '{dataset}' could not be computed — fix the computation that "
        "builds it ({detail})"),
    "io.output_not_file": (
        "cannot write the result here: this is not a plain file but a pipe, a socket or a "
        "device; give -o a file path, or '-' for the screen"),
    "io.stdout_failed": "cannot write the result out: {detail}; write it to a file: -o FILE",
    "io.stdout_closed": (
        "standard output is closed, so the result has nowhere to go; write it to a file: -o FILE"),
    # --- adv-spec ---
    "ref.rec_variable_taken": (
        "indicator '{indicator}' has a variable '{name}', but in recommendations this name "
        "means {meaning}; rename the variable in the indicator spec"),
    "ref.rec_value_taken": (
        "in recommendations the name '{name}' already means {meaning}; choose another name for "
        "the computed value"),
    "rec.meaning.value": "the indicator's value",
    "rec.meaning.planned": "the planned value",
    "rec.meaning.key": "the group the recommendation is for (e.g. the subject area)",
    "rec.meaning.variable": "a variable of the indicator",
    "ref.duplicate_rule": (
        "rule code '{id}' is already used above: each recommendation rule needs its own code — "
        "the output tells recommendations apart by it"),
    # --- periods ---
    "ref.period_label": (
        "'{value}' is not a period: write a year (2023), a half-year (2024-H1, «I полугодие "
        "2024»), a quarter (2024-Q3, «III квартал 2024») or a month (2024-03, «март 2024»); "
        "years from 1990 to 2100"),
    "ref.period_backwards": "period '{end}' (to) comes before period '{start}' (from)",
    "ref.targets_overlap": (
        "indicator '{indicator}' has two planned values in force in '{period}': this one and "
        "the one at {other}; give the earlier one a 'to' or remove one"),
    "ref.period_column_type": (
        "period column '{name}' must be of type period (a period label), integer (a year) or "
        "date (a date within the period), not {type}"),
    "ref.previous_without_period": (
        "period: previous takes the rows of the previous period, but dataset '{dataset}' names "
        "no period column; add period: <column> to the dataset spec"),
    "data.no_period": (
        "no reporting period given: name one in the command (--period 2023, --period 2024-Q3), "
        "in the ruleset (period: 2023) or in the targets{targets}"),
    "data.compare_not_earlier": (
        "comparison period '{compare}' is not before the reporting period '{period}': compare "
        "with an earlier period"),
    "data.rows_without_period": (
        "{count} row(s) name no period, or one that could not be read (rows {rows}); they are "
        "in no period's report — fill in or correct their period"),
    "data.period_empty": (
        "dataset '{dataset}' has no rows for {period}: its indicators for that period are "
        "'no data'"),
    "compare.one_period_only": (
        "{level}: '{key}' is in the data for {present} only, not for {absent}; no change "
        "computed for it"),
    "compare.method_changed": (
        "indicator '{indicator}': the method changed between {previous} and {current} ({what}); "
        "compare the two periods' values with care"),
    "compare.what.planned": "planned value: '{before}' → '{after}'",
    "compare.method_note": "method changed",
    "col.value_in": "Value, {period}",
    "figure.when": ", period '{period}'",
    "col.change": "Change",
    "col.ratio": "Ratio",
    "col.method": "Method",
    "report.compared_with": "(compared with {period})",
    "help.period": (
        "reporting period: 2023, 2024-Q3, 2024-H1, 2024-03 (default: from the ruleset or the "
        "targets)"),
    "help.compare": (
        "compare with the previous period: both periods' values and the change "
        "(--no-compare: do not, even if the ruleset asks)"),
    "help.compare_to": "compare with this earlier period, e.g. 2023-Q3",
    "dtype.period": "a period (2023, 2024-Q3, 2024-H1, 2024-03, «III квартал 2024»)",
    "expr.date_literal": (
        "date(…) takes a quoted date, DD.MM.YYYY or YYYY-MM-DD, e.g. date(\"2024-09-01\"); "
        "written: {value}"),
    "ref.lookup_no_key": (
        "dataset '{units}' cannot be a units table: it has no key — name the column that "
        "identifies a row in its key"),
    "ref.lookup_chain": (
        "units table '{units}' itself takes attributes from other datasets (lookup); chains "
        "of units tables are not supported — add the columns to the file of '{units}'"),
    "ref.lookup_self": "dataset '{units}' cannot be its own units table",
    "ref.lookup_no_on": (
        "dataset '{dataset}' has no column '{name}', the key of units table '{units}'{hint}; "
        "name the column holding the key in on"),
    "ref.added_clash": (
        "column '{name}' is already declared in dataset '{dataset}'; looked-up and derived "
        "columns need names other than the file's columns"),
    "ref.added_twice": (
        "column '{name}' is already taken from units table '{units}'; each looked-up and "
        "derived column needs a name of its own"),
    "ref.derive_cycle": "derived columns refer to each other in a cycle: {cycle}",
    "lookup.unmatched": (
        "dataset '{dataset}', column '{column}': values not in units table '{units}' — "
        "{count}: {keys} (first row in brackets). The rows are kept ({rows}), but their "
        "{take} are unknown: grouped by these, they go to the 'no data' group. Fix the "
        "spelling or add the values to the units table"),
    "lookup.unmatched_hinted": (
        "dataset '{dataset}', column '{column}': values not in units table '{units}' — "
        "{count}: {keys} (first row in brackets); did you mean: {hints}. The rows are kept "
        "({rows}), but their {take} are unknown: grouped by these, they go to the 'no data' "
        "group. Fix the spelling, add the values to the units table or list the spellings in "
        "synonyms"),
    "lookup.duplicate_key": (
        "units table '{units}': key '{value}' (column '{column}') appears on rows {rows} "
        "(ignoring case and edge spaces); the first row is used"),
    # --- figures ---
    "eval.figure_missing": (
        "indicator '{indicator}', variable '{variable}' (figure), {where}{when}: no row holds "
        "this "
        "figure, so the value is unknown; add the row or check the where condition"),
    "eval.figure_repeated": (
        "indicator '{indicator}', variable '{variable}' (figure), {where}{when}: {count} row(s) "
        "match, but a figure is one row, so the value is unknown; keep one row or narrow where"),
    "eval.more_figures": (
        "indicator '{indicator}', variable '{variable}': and {count} more groups without "
        "exactly one row"),
    "compare.what.formula": "formula: '{before}' → '{after}'",
    "ref.formula_overlap": (
        "indicator '{indicator}' has two formulas in force in '{period}': this one and the one "
        "at {other}; give the earlier one a 'to' or remove one"),
    # --- classes and scoring ---
    "class.two_classes": (
        "classification '{classification}', {period}: units in two classes at once — "
        "{count}: {units} (first row in brackets); their class is unknown. Keep one row per "
        "unit and period, or correct the values"),
    "class.no_class": (
        "classification '{classification}', {period}: units in no class — {count}: {units} "
        "(first row in brackets, the value after the colon); their class is unknown. Add a "
        "class for such values or correct the data"),
    "class.unknown_value": (
        "classification '{classification}', {period}: units without the value their class "
        "is read from — {count}: {units} (first row in brackets); their class is unknown"),
    "class.empty": (
        "classification '{classification}', {period}: no unit is in the classes {classes}"),
    "class.changed": (
        "classification '{classification}': units whose class changed between "
        "'{before}' and '{after}' — {count}: {units}"),
    "scoring.no_max": (
        "'{scoring}', section '{section}': no maximum score in force in '{period}' — "
        "the percentages of the maximum (section and total) are unknown; add an entry to max "
        "that is in force then"),
    "scoring.out_of_range": (
        "'{scoring}', section '{section}', {period}: score outside 0–{max} for units — "
        "{count}: {units} (row in brackets, score after the colon); the score is not counted "
        "and these units' totals are unknown"),
    "scoring.missing_section": (
        "'{scoring}', section '{section}', {period}: no score for units — {count}: "
        "{units} (row in brackets); their totals are unknown, the others are computed"),
    "scoring.repeated_section": (
        "'{scoring}', section '{section}', {period}: the section is given more than once "
        "for units — {count}: {units} (first row in brackets); the first one counts"),
    "scoring.repeated_unit": (
        "'{scoring}', {period}: more than one row for units — {count}: {units} (first row "
        "in brackets); the first row counts"),
    "scoring.not_submitted": (
        "'{scoring}', {period}: did not submit — {count}: {units}; shown as 'not "
        "submitted', {policy}"),
    "scoring.policy.exclude": "left out of the averages (missing: exclude)",
    "scoring.policy.zero": "counted as 0 points in the averages (missing: zero)",
    "spec.classification": "classification",
    "spec.scoring": "scoring",
    "spec.audit": "audit",
    "class.no_unit": (
        "dataset '{dataset}' has no key: name the column holding the unit in the field unit"),
    "class.form": (
        "a class comes either from an attribute (attribute, and values for each class) or "
        "from intervals of a value (value, and bounds from/above/to/below): give one of the two"),
    "class.duplicate": "class '{id}' is declared above already; each class needs its own name",
    "class.cycle": (
        "classifications class by each other's classes in a circle: {cycle}; none of them "
        "can be computed: class by columns of the data"),
    "class.bounds_with_attribute": (
        "the bound '{field}' is not needed: classes by attribute are given by their values"),
    "class.no_values": "class '{id}' has no values: the attribute values that put a unit in it",
    "class.value_twice": (
        "the value '{value}' is in class '{other}' already: a unit would be in two classes"),
    "class.values_with_value": (
        "values are not needed: classes by value are given by bounds from/above/to/below"),
    "class.both_bounds": "give one of the bounds '{first}' or '{second}', not both",
    "class.no_bounds": "class '{id}' has no bounds (from/above/to/below)",
    "class.empty_interval": "class '{id}' has a lower bound not below its upper one: no value fits",
    "class.gap": (
        "there is a gap between classes '{before}' and '{after}': the value {value} is in no "
        "class. If the value is whole, say round: floor (or ceil, half_up); otherwise close "
        "the bounds, e.g. to: {bound} and above: {bound}"),
    "class.gap_whole": (
        "there is a gap between classes '{before}' and '{after}': the whole value {value} is "
        "in no class; close the bounds"),
    "class.overlap": (
        "classes '{before}' and '{after}' overlap (the value {value} is in both): give one "
        "of them a bound that leaves the other out (above/below)"),
    "scoring.unknown_classification": "unknown classification '{name}'{hint}; declared: {known}",
    "scoring.long_form": (
        "the long form (a row per section) needs both fields: section (the column naming the "
        "section) and score (the column holding the score)"),
    "scoring.duplicate_section": "section '{id}' is declared above already; each needs its own id",
    "scoring.reserved_section": (
        "a section cannot be called '{id}': a computed column is (unit, status, total, "
        "percent, rank, change, …, <section>_percent or a classification); choose another id"),
    "scoring.max_not_positive": "the maximum score must be above zero, got: {value}",
    "scoring.max_backwards": "the period to is before the period from",
    "scoring.max_overlap": (
        "this maximum is in force together with entry {other} of the list: give the earlier "
        "one a to"),
    "audit.unknown_scoring": "unknown scoring '{name}'{hint}; declared: {known}",
    "audit.unknown_show": (
        "'{value}' is not something the scoring computes{hint}; allowed: {allowed}"),
    "audit.average_group": "an averages row: write all or {{classification: class}}, got: {value}",
    "audit.unknown_classification": (
        "classification '{name}' is not among the scoring's classes{hint}; available: {known}"),
    "audit.unknown_class": (
        "classification '{classification}' has no class '{value}'{hint}; classes: {known}"),
    "score.not_submitted": "not submitted",
    "score.max_row": "Maximum score",
    "score.all_units": "All units",
    "score.title": "{title}, {period}",
    "score.averages": "{title}: averages, {period}",
    "class.title": "{title}: classes, {period}",
    "col.unit_name": "Unit",
    "col.total": "Total",
    "col.percent_of_max": "% of maximum",
    "col.rank": "Rank",
    "col.paired_change": "Change of total (per unit)",
    "col.paired_percent_change": "Change of %, p.p. (per unit)",
    "col.group": "Group",
    "col.units": "Number of units",
    "col.averaged": "In the average",
    "col.change_of_averages": "Difference of averages (total)",
    "col.mean_paired": "Average of per-unit changes (total)",
    "col.percent_change_of_averages": "Difference of averages of %, p.p.",
    "col.class": "Class",
    "col.unit_names": "Units",
    "rec.review_level": (
        "level '{level}' is not available to recommendations on a scoring{hint}; allowed: "
        "{allowed} (total: all units; a classification: its classes; the unit column: each "
        "unit)"),
    "rec.meaning.review": "a value of the scoring",
    "audit.differs": (
        "'{audit}', {period}: '{unit}': printed {printed}, the data "
        "give {recomputed}"),
    "audit.above_max": (
        "'{audit}', {period}: '{unit}': printed {printed}, above the "
        "section's maximum ({recomputed})"),
    "audit.not_sum": (
        "'{audit}', {period}: '{unit}': printed {printed}, but the "
        "sections in the same row add up to {recomputed}"),
    "audit.average_differs": (
        "'{audit}', {period}: row '{unit}': printed {printed}, "
        "recomputed {recomputed}"),
    "audit.average_divisor": (
        "'{audit}', {period}: row '{unit}': printed {printed}, "
        "recomputed {recomputed} (average over the {averaged} that submitted). The printed "
        "figure is the sum divided by {divisor}: {which}"),
    "audit.divisor.all": "every unit of the group, those that did not submit included",
    "audit.divisor.plain_mean": (
        "that is, the plain average of the units' values, not the value over all the data "
        "(a share over the region is taken from the sums of numerators and denominators)"),
    "audit.divisor.submitted": "those that submitted, units without every score included",
    "audit.unknown_unit": (
        "'{audit}', {period}: '{unit}' is not a unit in the data{hint}; row not checked"),
    "audit.not_printed": (
        "'{audit}', {period}: '{unit}' has recomputed values but is missing from the "
        "published table"),
    "audit.printed_not_submitted": (
        "'{audit}', {period}: '{unit}': printed {printed}, but the unit "
        "did not submit in the period"),
    "audit.printed_no_data": (
        "'{audit}', {period}: '{unit}': printed {printed}, but the "
        "review's value is unknown (not every section scored)"),
    "audit.period_not_computed": (
        "'{audit}': the review was not computed for '{period}'; name it in --period or "
        "--compare-to"),
    "audit.title": "Audit of the published table '{title}', {period}",
    "audit.check.differs": "differs from the recomputed value",
    "audit.check.above_max": "score above the maximum",
    "audit.check.not_sum": "total is not the sum of the sections",
    "audit.check.average_differs": "summary row differs",
    "audit.check.unknown_unit": "not a unit in the data",
    "audit.check.not_printed": "missing from the table",
    "audit.check.printed_not_submitted": "printed, but not submitted",
    "audit.check.printed_no_data": "printed, but no data",
    "col.printed_column": "Column",
    "col.check": "What is wrong",
    "col.printed": "Printed",
    "col.recomputed": "Recomputed",
    "audit.detail.before": "matches the sum divided by ",
    "col.explained": "Note",
    "rec.meaning.class": "the unit's class, its name or the number of units in the class",
    "screen.no_units": (
        "the units table '{dataset}' was not found beside the applications (name its folder "
        "in --data): the columns the applications take from it are unknown"),
    "scoring.not_number": (
        "column '{name}' of dataset '{dataset}' is {type}, but scores and printed figures "
        "must be numbers: give the column type: number (or integer)"),
    "score.rank_note": (
        "Rank by total; equal totals share a rank and the next one is skipped (1, 2, 2, 4). "
        "'Change of total (per unit)' is the unit's own difference between the two periods; "
        "when the maxima changed, compare the percentages."),
    "score.averages_note.exclude": (
        "Averages over the units scored in every section; those that did not submit are left "
        "out (missing: exclude)."),
    "score.averages_note.zero": (
        "Averages over the units scored in every section and those that did not submit, "
        "counted as zero (missing: zero)."),
    "score.change_note": (
        "'Difference of averages' is this period's average minus the earlier one's (the "
        "units may differ); 'Average of per-unit changes' averages the own changes of the "
        "units scored in both periods."),
    "audit.indicator_class": (
        "row '{label}': in a table of indicators a summary row is checked against the value "
        "over all the data only — write all"),
    "audit.plain_mean": (
        "'{audit}', {period}: row '{unit}': printed {printed}, over all the data "
        "{recomputed}. The printed figure is the sum of the {divisor} units' values divided "
        "by {divisor}: {which}"),
    "help.audit": (
        "Check the published tables (audit specs) against the recomputation from the data; "
        "exit code 1 on differences."),
    "audit.no_specs": (
        "the rules have no audit (kind: audit): describe the published table as a dataset "
        "and add an audit for it; see docs/specs.md"),
    "audit.consistent": "The published tables ({count} audits) agree with the recomputation.",
    "scoring.unlisted_unit": (
        "'{scoring}', {period}: units with scores that the units table '{units_table}' does "
        "not list — {count}: {units} (row in brackets, a similar listed unit after the "
        "arrow); they are scored, but check the spelling"),
    "scoring.unknown_section": (
        "'{scoring}': the section column holds names of no section — {count}: {names} (first "
        "row in brackets, a similar section after the arrow); those rows are not counted. "
        "Sections: {known} (a section is named by its name, or else its id)"),
    "audit.more": (
        "'{audit}', {period}: {count} more differences; all of them are in the audit table "
        "(mayak audit --format csv lists them)"),
    "lookup.no_period_row": (
        "dataset '{dataset}': the units table '{units}' has no row for these keys in the "
        "rows' period — {count}: {keys} (period in brackets); their {take} are unknown. Add "
        "the units' rows for those periods"),
    "spec.report": "report",
    "report.section_needs": "a section of type ‘{type}’ needs the field ‘{key}’",
    "report.key_unused": "the field ‘{key}’ is not used by a section of type ‘{type}’: remove it",
    "report.unknown_targets": "unknown planned values ‘{name}’{hint}; declared: {known}",
    "report.unknown_classification": "unknown classification ‘{name}’{hint}; declared: {known}",
    "report.unknown_audience": (
        "audience ‘{name}’ is in no recommendations spec{hint}; audiences: {known}"),
    "report.part.indicators": "Indicators: planned and achieved",
    "report.part.table": "Indicators by ‘{level}’",
    "report.part.ranking": "{title}: ranking",
    "report.part.averages": "{title}: averages",
    "report.part.classes": "{title}: distribution by class",
    "report.part.audits": "Audits of published tables",
    "report.remarks": "Remarks",
    "report.scores_group": "Scores by section",
    "report.maxima": "Maximum scores: {maxima}",
    "report.no_data": "no data",
    "col.achieved": "Achieved",
    "col.published_value": "Printed",
    "col.previous_in": "Value, {period}",
    "col.previous": "Previous period",
    "col.note": "Note",
    "col.comment": "Comment",
    "col.basis": "Basis",
    "col.units_in": "Units, {period}",
    "report.unknown": "no report ‘{name}’{hint}; there are: {known}",
    "report.ambiguous": "the rules have several reports ({known}): choose one with --report",
    "html.region": "Region",
    "html.author": "Author",
    "html.period": "Period",
    "html.made": "Made on",
    "html.basis": "Basis",
    "html.contents": "Contents",
    "html.provenance": "Provenance",
    "html.chart_target": "target: {value}",
    "html.chart_capped": (
        "{shown} of {total} shown: the {half} highest and the {half} lowest values"),
    "html.chart.bars": "{title}",
    "html.chart.dynamics": "{title}: change between the periods",
    "html.chart.classes": "{title}",
    "basis.dated": "{document} of {date}",
    "col.derived": "{ids}: computed value",
    "col.derived_alone": "Computed value {number}",
    "sheet.criteria": "Criteria",
    "sheet.provenance": "Provenance",
    "col.criterion": "Criterion",
    "col.criterion_title": "Requirement",
    "col.rule": "Rule",
    "col.detail": "Item",
    "screen.criteria": "Criteria",
    "screen.basis": "Basis: {basis}",
    "provenance.rules": "Rules file",
    "provenance.applications": "Applications file",
    "provenance.admission": "Admission",
    "cli.format_mismatch": (
        "--output: the extension '{extension}' of '{path}' means the {named} format, but "
        "--format is {format}; change the extension or --format"),
    "cli.extension_unsupported": (
        "--output: the extension '{extension}' of '{path}' means a format this command does "
        "not write; its formats: {allowed} (give --format or another extension)"),
    "report.made": "Made on {date}",
    "help.report_id": "the report (report spec) id, if the rules have several",
    "help.output_document": (
        "write to a file (atomically) instead of the screen; required for xlsx, docx, html"),
    "report.about": "About this report",
    "about.version": "Mayak version: {version}",
    "about.generated": "Made: {time} (UTC)",
    "about.period": "Reporting period: {period}",
    "about.compared_with": "Compared with: {period}",
    "about.files": (
        "Files read: {count} (the SHA-256 of each is in the Markdown and JSON reports)"),
    "about.in_memory": "frame in memory",
    "col.role": "Role",
    "col.file": "File",
    "col.sha256": "SHA-256",
    "role.rules": "rules",
    "role.data": "data",
    "report.targets_title": "Planned values: {title}",
    "report.targets_basis": "Basis of the planned values: {basis}",
    "report.basis": "Basis: {basis}",
    "report.bases": "Legal basis of the indicators",
    "report.basis_of": "{basis} — indicators: {indicators}",
    "report.target_notes": "Notes on the planned values",
    "about.label.version": "Mayak version",
    "about.label.generated": "Computed at (UTC)",
    "about.label.period": "Reporting period",
    "about.label.compared_with": "Compared with",
    "about.label.rules": "Rules file",
    "about.label.data": "Data file",
    "about.file_hash": "{path} (SHA-256: {sha256})",
    "docx.period": "Reporting period: {period}",
    "docx.made": "Made on: {date}",
    "docx.basis": "Basis: {basis}",
    "docx.table": "Table {number}",
    "docx.table_continued": "Table {number}, continued",
    "docx.provenance": "How the report was made",
    "report.level_not_reached": (
        "the section's indicators are not computed at level '{name}': their datasets "
        "({datasets}) have no such column; drop the level or choose indicators computed at "
        "it{hint}"),
    "html.chart_no_memory": (
        "chart not drawn: the process may use less than {needed} GB of address space "
        "(ulimit -v), which the chart engine reserves when it starts; the tables are whole"),
    "cli.extension_for_format": (
        "--output: a file ‘{path}’ with the extension ‘{extension}’ will not open as "
        "{format}; name it .{format}"),
    "col.period": "Period",
    "col.published_table": "Published table",
    "col.table": "Table",
}
