"""Every sentence Mayak says to a person, in Russian and English.

The language comes from the caller, or from ``MAYAK_LANG`` (``ru`` by default: the people
who read these messages are methodologists at Russian regional institutes).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

Lang = Literal["ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("ru", "en")

_RU_EN: dict[str, tuple[str, str]] = {
    # places
    "where.cell": ("строка {row}, столбец «{column}»", "row {row}, column '{column}'"),
    "where.row": ("строка {row}", "row {row}"),
    "where.column": ("столбец «{column}»", "column '{column}'"),
    # YAML
    "yaml.too_deep": ("слишком глубокая вложенность списков и словарей",
                      "lists and mappings are nested too deeply"),
    "yaml.file_too_large": ("файл спецификации больше {limit} символов — это не похоже на "
                            "спецификацию", "the spec file is over {limit} characters — "
                            "that is not a spec"),
    "yaml.syntax": ("ошибка синтаксиса YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml.syntax_started": ("ошибка синтаксиса YAML ({detail}): {context} начинается в "
                            "строке {line}, столбце {col} — проверьте, закрыт ли он там",
                            "YAML syntax error ({detail}): {context} starts on line {line}, "
                            "column {col} — check that it is closed there"),
    "yaml.unfinished.quoted": ("текст в кавычках", "a quoted text"),
    "yaml.unfinished.sequence": ("список в [ ]", "a list in [ ]"),
    "yaml.unfinished.mapping": ("словарь в { }", "a mapping in { }"),
    "yaml.empty": ("файл пуст", "the file is empty"),
    "yaml.tag": ("тег {tag} запрещён: в спецификациях допустимы только текст, числа, списки и "
                 "словари", "tag {tag} is not allowed: specs hold only text, numbers, lists "
                 "and mappings"),
    "yaml.duplicate_key": ("ключ «{key}» повторяется (впервые в строке {first_line}); "
                           "оставьте один", "key '{key}' appears twice (first on line "
                           "{first_line}); keep one"),
    "yaml.complex_key": ("ключ должен быть простым текстом (слияние << и составные ключи не "
                         "поддерживаются)", "a key must be plain text (merge keys << and "
                         "complex keys are not supported)"),
    "yaml.too_large": ("документ слишком велик после раскрытия ссылок (больше {limit} узлов)",
                       "the document is too large once aliases are expanded (over {limit} "
                       "nodes)"),
    "yaml.too_many_aliases": ("слишком много ссылок-псевдонимов (больше {limit})",
                              "too many aliases (over {limit})"),
    "io.unreadable": ("не удаётся прочитать файл: {detail}", "cannot read the file: {detail}"),
    "io.not_found": ("путь не найден", "path not found"),
    "io.cannot_write": ("не удаётся записать файл: {detail}", "cannot write the file: {detail}"),
    "io.output_is_input": ("файл результата совпадает с входным файлом; укажите в -o другое "
                           "имя", "the output file is the input file; give -o another name"),
    "io.no_specs": ("в указанных путях нет файлов .yaml", "no .yaml files under the given paths"),
    # schema
    "schema.required": ("не хватает обязательного поля «{field}»",
                        "required field '{field}' is missing"),
    "schema.unknown_key": ("неизвестное поле «{field}»{hint}; допустимые: {allowed}",
                           "unknown field '{field}'{hint}; allowed: {allowed}"),
    "schema.type": ("ожидается {expected}, а записано {got}", "expected {expected}, got {got}"),
    "schema.enum": ("значение «{value}» недопустимо{hint}; допустимые: {allowed}",
                    "value '{value}' is not allowed{hint}; allowed: {allowed}"),
    "schema.pattern": ("значение «{value}» не подходит: {rule}",
                       "value '{value}' does not fit: {rule}"),
    "schema.minimum": ("значение {value} меньше допустимого {limit}",
                       "value {value} is below the minimum {limit}"),
    "schema.one_of": ("нужно указать ровно одно из: {options}",
                      "give exactly one of: {options}"),
    "schema.unique": ("значение «{value}» повторяется в списке; оставьте одно",
                      "value '{value}' repeats in the list; keep one"),
    "schema.min_items": ("список не может быть пустым", "the list cannot be empty"),
    "schema.other": ("{detail}", "{detail}"),
    "schema.unknown_kind": ("неизвестный вид спецификации «{value}»{hint}; допустимые: {allowed}",
                            "unknown spec kind '{value}'{hint}; allowed: {allowed}"),
    "hint": (" (возможно, имелось в виду «{word}»?)", " (did you mean '{word}'?)"),
    "type.object": ("словарь (ключ: значение)", "a mapping (key: value)"),
    "type.array": ("список", "a list"),
    "type.string": ("текст", "text"),
    "type.integer": ("целое число", "a whole number"),
    "type.number": ("число", "a number"),
    "type.boolean": ("true или false", "true or false"),
    "type.null": ("пустое значение", "an empty value"),
    "rule.identifier": ("латинские буквы, цифры и «_», с буквы; не с «__»",
                        "Latin letters, digits and '_', starting with a letter, not '__'"),
    "rule.spec_id": ("латинские строчные буквы, цифры, «_» и «-»",
                     "lower-case Latin letters, digits, '_' and '-'"),
    "rule.planned": ("плановое значение вида «>= 0.5», «<= 200», «не менее 0,5», «между 1 и 2»",
                     "a planned value such as '>= 0.5', '<= 200', 'between 1 and 2'"),
    # cross references
    "ref.duplicate_id": ("{kind} «{id}» уже объявлен(а) в {other}", "{kind} '{id}' is already "
                         "declared in {other}"),
    "spec.dataset": ("набор данных", "dataset"),
    "spec.indicator": ("показатель", "indicator"),
    "spec.targets": ("плановые значения", "targets"),
    "spec.ruleset": ("набор правил", "ruleset"),
    "spec.admission": ("критерии отбора", "admission"),
    "spec.recommendations": ("рекомендации", "recommendations"),
    "schema.maximum": ("значение {value} больше допустимого {limit}",
                       "value {value} is above the maximum {limit}"),
    "ref.of_not_number": ("«of» должно давать число, а даёт {got}",
                          "'of' must give a number, but gives {got}"),
    "ref.count_with_of": ("count считает строки и не принимает «of»: условие запишите в where, "
                          "а для числа разных значений используйте distinct", "count counts rows "
                          "and takes no 'of': put the condition in where, or use distinct for "
                          "the number of different values"),
    "ref.reserved_column": ("имя столбца «{name}» зарезервировано (уровень «весь набор»)",
                            "column name '{name}' is reserved (the whole-data level)"),
    "ref.column_option": ("поле «{option}» не применяется к столбцу типа {type}",
                          "'{option}' does not apply to a column of type {type}"),
    "data.duplicate_header": ("заголовок «{header}» повторяет уже найденный столбец «{column}» и "
                              "пропущен", "header '{header}' repeats column '{column}' and is "
                              "ignored"),
    "data.duplicate_key": ("значение «{value}» ключа «{column}» повторяется в строках {rows}",
                           "key '{column}' value '{value}' repeats on rows {rows}"),
    "data.more_duplicate_keys": ("и ещё {count} повторяющихся значений ключа «{column}»",
                                 "and {count} more repeated values of key '{column}'"),
    "data.several_files": ("для набора «{dataset}» есть несколько файлов ({files}); читается "
                           "{chosen}", "dataset '{dataset}' has several files ({files}); "
                           "reading {chosen}"),
    "data.no_period": ("показатели используют period, а в плановых значениях «{targets}» он не "
                       "указан", "indicators use period, but targets '{targets}' set none"),
    "ref.unknown_dataset": ("неизвестный набор данных «{name}»{hint}; объявлены: {known}",
                            "unknown dataset '{name}'{hint}; declared: {known}"),
    "ref.unknown_indicator": ("неизвестный показатель «{name}»{hint}",
                              "unknown indicator '{name}'{hint}"),
    "ref.unknown_column": ("в наборе «{dataset}» нет столбца «{name}»{hint}",
                           "dataset '{dataset}' has no column '{name}'{hint}"),
    "ref.unknown_level": ("уровень «{name}» не является столбцом ни одного набора данных{hint}",
                          "level '{name}' is not a column of any dataset{hint}"),
    "ref.cycle": ("показатели ссылаются друг на друга по кругу: {cycle}",
                  "indicators refer to each other in a cycle: {cycle}"),
    "ref.include": ("подключаемый путь «{path}» не найден", "included path '{path}' not found"),
    "ref.no_period": ("выражение использует «period», но в целевых значениях не указан "
                      "period", "the expression uses 'period' but no targets spec sets period"),
    "ref.bad_planned": ("не удаётся прочитать плановое значение «{value}»: {rule}",
                        "cannot read planned value '{value}': {rule}"),
    "ref.not_condition": ("условие должно давать да/нет, а даёт {got}",
                          "the condition must give true/false, but gives {got}"),
    "ref.not_number": ("формула должна давать число, а даёт {got}",
                       "the formula must give a number, but gives {got}"),
    "ref.of_required": ("для «{agg}» нужно указать «of» — что суммировать/усреднять",
                        "'{agg}' needs 'of': what to aggregate"),
    # expressions
    "expr.prefix": ("в выражении «{text}»: ", "in expression '{text}': "),
    "expr.empty": ("выражение пустое", "the expression is empty"),
    "expr.syntax": ("выражение не удаётся разобрать: {detail}",
                    "the expression cannot be read: {detail}"),
    "expr.too_long": ("выражение длиннее {limit} символов", "the expression is longer than "
                      "{limit} characters"),
    "expr.too_complex": ("выражение слишком сложное (больше {limit} элементов)",
                         "the expression is too complex (over {limit} elements)"),
    "expr.attribute": ("обращение к атрибуту «.{attr}» запрещено; используйте имена столбцов "
                       "и функции из списка", "attribute access '.{attr}' is not allowed; use "
                       "column names and listed functions"),
    "expr.construct": ("{construct} — такая запись в выражениях не допускается; используйте "
                       "операции и функции из описания языка выражений", "{construct} — not "
                       "allowed in expressions; use the operators and functions of the "
                       "expression language"),
    "expr.private_name": ("имя «{name}» запрещено: имена не могут начинаться с «_»",
                          "name '{name}' is not allowed: names cannot start with '_'"),
    "expr.unknown_name": ("неизвестное имя «{name}»{hint}; доступны: {known}",
                          "unknown name '{name}'{hint}; available: {known}"),
    "expr.unknown_function": ("функция «{name}» недоступна{hint}; доступны: {known}",
                              "function '{name}' is not available{hint}; available: {known}"),
    "expr.operator": ("знака «{op}» в выражениях нет; «и», «или», «не» пишутся словами: and, "
                      "or, not", "there is no '{op}' in expressions; write and, or, not "
                      "for logic"),
    "expr.type": ("для «{op}» нужно {expected}, а здесь {got}",
                  "'{op}' needs {expected}, got {got}"),
    "expr.compare_types": ("нельзя сравнивать {left} и {right} («{op}»)",
                           "cannot compare {left} with {right} ('{op}')"),
    "expr.string_order": ("текст нельзя сравнивать на больше/меньше («{op}»): объявите "
                          "столбец как упорядоченную категорию (ordered: true)",
                          "text cannot be ordered ('{op}'): declare the column as an ordered "
                          "category (ordered: true)"),
    "expr.in_list": ("после «in» нужен список значений в квадратных скобках, например "
                     "[\"да\", \"нет\"]", "'in' needs a list of values in square brackets, "
                     "such as [\"yes\", \"no\"]"),
    "expr.list_too_long": ("список длиннее {limit} значений", "the list is longer than "
                           "{limit} values"),
    "expr.unknown_category": ("значения «{value}» нет среди допустимых{hint}; допустимые: "
                              "{known}", "'{value}' is not one of the allowed values{hint}; "
                              "allowed: {known}"),
    "expr.branch_types": ("ветви «if/else» дают разные типы: {left} и {right}",
                          "the if/else branches give different types: {left} and {right}"),
    "expr.number_too_large": ("слишком большое число: числа в выражении — не больше 2⁵³ "
                              "(9 007 199 254 740 992) по модулю", "number too large: "
                              "numbers in an expression are at most 2⁵³ "
                              "(9,007,199,254,740,992) in size"),
    "expr.template_brace": ("фигурная скобка без пары: подстановка пишется как {{имя}}",
                            "an unmatched brace: a placeholder is written as {{name}}"),
    "expr.power": ("степень должна быть числом не больше {limit}",
                   "the exponent must be a number no larger than {limit}"),
    "expr.keywords": ("функция «{name}» принимает только позиционные аргументы",
                      "function '{name}' takes positional arguments only"),
    "expr.arity": ("функции «{name}» передано неверное число аргументов ({given})",
                   "function '{name}' got the wrong number of arguments ({given})"),
    "expr.arg_type": ("функции «{name}» нужен аргумент типа {expected}, а передан {got}",
                      "function '{name}' needs {expected}, got {got}"),
    "expr.round_digits": ("второй аргумент round — число знаков после запятой: целое число "
                          "от 0 до {limit}, записанное цифрами, например round(x, 1)",
                          "the second argument of round is the number of decimals: a whole "
                          "number from 0 to {limit} written in digits, e.g. round(x, 1)"),
    "kind.number": ("число", "a number"),
    "kind.boolean": ("да/нет", "true/false"),
    "kind.string": ("текст", "text"),
    "kind.date": ("дата", "a date"),
    "kind.null": ("пусто", "empty"),
    # data
    "data.no_file": ("нет файла данных для набора «{dataset}»: искали {tried}",
                     "no data file for dataset '{dataset}': looked for {tried}"),
    "data.empty": ("файл пуст: нет ни одной строки данных", "the file is empty: no data rows"),
    "data.unreadable": ("не удаётся прочитать как {format}: {reason}{detail}",
                        "cannot read as {format}: {reason}{detail}"),
    "data.format": ("неподдерживаемый формат «{suffix}»: нужны .csv, .xlsx или .parquet",
                    "unsupported format '{suffix}': use .csv, .xlsx or .parquet"),
    "data.missing_column": ("нет обязательного столбца «{column}» (искали заголовки: {tried})",
                            "required column '{column}' is missing (looked for headers: "
                            "{tried})"),
    "data.no_known_headers": ("ни один заголовок не узнан (первые: {found}); заголовки "
                              "столбцов должны стоять в первой строке — удалите строки "
                              "названия над ними", "no header is recognised (first: {found}); "
                              "the column headers must be on the first row — remove title "
                              "lines above them"),
    "data.missing_optional": ("нет столбца «{column}» (искали заголовки: {tried}): значения "
                              "считаются неизвестными", "column '{column}' is missing "
                              "(looked for headers: {tried}): its values are unknown"),
    "data.unknown_header": ("неизвестный заголовок «{header}» пропущен{hint}",
                            "unknown header '{header}' ignored{hint}"),
    "data.bad_value": ("значение «{value}» не читается как {expected}; считается неизвестным",
                       "value '{value}' cannot be read as {expected}; treated as unknown"),
    "data.bad_category": ("значение «{value}» не входит в список{hint}; допустимые: {values}. "
                          "Считается неизвестным", "value '{value}' is not in the list{hint}; "
                          "allowed: {values}. Treated as unknown"),
    "data.out_of_range": ("значение {value} вне допустимого диапазона {range}; считается "
                          "неизвестным", "value {value} is outside {range}; treated as unknown"),
    "data.more_bad_values": ("и ещё {count} нечитаемых значений в этом файле",
                             "and {count} more unreadable values in this file"),
    "data.unused_file": ("файл не относится ни к одному набору данных и не читается",
                         "the file belongs to no dataset and is not read"),
    "data.not_a_frame": ("для набора «{dataset}» передан {got}, а нужен polars DataFrame или "
                         "LazyFrame", "dataset '{dataset}' got {got}, expected a polars "
                         "DataFrame or LazyFrame"),
    "data.missing_dataset": ("не переданы данные набора «{dataset}»",
                             "no data given for dataset '{dataset}'"),
    "dtype.string": ("текст", "text"),
    "dtype.integer": ("целое число", "a whole number"),
    "dtype.number": ("число", "a number"),
    "dtype.boolean": ("«да» или «нет»", "yes or no"),
    "dtype.date": ("дата (ДД.ММ.ГГГГ)", "a date (DD.MM.YYYY)"),
    "data.not_found": ("файл не найден; проверьте путь и имя файла",
                       "file not found; check the path and the file name"),
    "data.not_a_file": ("это не файл (папка?); укажите файл данных",
                        "not a file (a folder?); give a data file"),
    "data.empty_row": ("пустая строка пропущена", "empty row skipped"),
    "data.more_empty_rows": ("и ещё {count} пустых строк пропущено (последняя — {last})",
                             "and {count} more empty rows skipped (the last is row {last})"),
    "targets.unknown": ("нет плановых значений «{name}»{hint}; есть: {known}",
                        "no targets '{name}'{hint}; available: {known}"),
    "targets.ambiguous": ("в правилах несколько наборов плановых значений ({known}): укажите "
                          "нужный через --targets", "the rules hold several targets specs "
                          "({known}): choose one with --targets"),
    "level.unavailable_dataset": ("показатель «{indicator}» не считается на уровне «{level}»: в "
                                  "наборе «{name}» нет такого столбца", "indicator '{indicator}' "
                                  "is not computed at level '{level}': dataset '{name}' has no "
                                  "such column"),
    "level.unavailable_indicator": ("показатель «{indicator}» не считается на уровне «{level}»: "
                                    "его формула использует показатель «{name}», который на этом "
                                    "уровне не считается", "indicator '{indicator}' is not "
                                    "computed at level '{level}': its formula uses '{name}', which "
                                    "is not computed there"),
    "level.unknown": ("уровень «{level}» не является столбцом ни одного набора{hint}",
                      "level '{level}' is not a column of any dataset{hint}"),
    # screening
    "screen.not_met": ("{id} не выполнен", "{id} not met"),
    "screen.unknown": ("{id} — нет данных", "{id} — no data"),
    "screen.all_met": ("все критерии выполнены", "all criteria met"),
    "screen.no_values": ("значения не указаны", "no values"),
    "screen.unreadable": ("нечитаемые данные в столбцах: ", "unreadable values in columns: "),
    "screen.duplicate_reason": ("номер заявки повторяется", "the application id repeats"),
    "screen.unknown_admission": ("нет критериев отбора «{name}»; есть: {known}",
                                 "no admission spec '{name}'; available: {known}"),
    "outcome.admitted": ("включён", "admitted"),
    "outcome.reserve": ("резерв", "reserve"),
    "outcome.needs_review": ("на проверку", "needs review"),
    "col.outcome": ("Решение", "Outcome"),
    "col.explain": ("{id}: данные", "{id}: data"),
    "col.row": ("Строка", "Row"),
    "sheet.candidates": ("Кандидаты", "Candidates"),
    "sheet.summary": ("Сводка", "Summary"),
    "sheet.reserve": ("Резерв", "Reserve"),
    "sheet.problems": ("Замечания", "Problems"),
    "col.severity": ("Важность", "Severity"),
    "col.place": ("Где", "Where"),
    "col.message": ("Сообщение", "Message"),
    "severity.error": ("ошибка", "error"),
    "severity.warning": ("предупреждение", "warning"),
    "screen.title": ("Отбор: {title}", "Screening: {title}"),
    "screen.counts": ("Заявок: {total}; {admitted_label}: {admitted}; {reserve_label}: {reserve}; "
                      "{review_label}: {review}.", "Applications: {total}; {admitted_label}: "
                      "{admitted}; {reserve_label}: {reserve}; {review_label}: {review}."),
    "screen.too_many": ("Кандидатов {count}: список не выводится на экран, запишите его в файл "
                        "(-o FILE --format xlsx|csv|json).", "{count} candidates: the list is not "
                        "printed; write it to a file (-o FILE --format xlsx|csv|json)."),
    "screen.no_population": ("нет файла набора «{dataset}» в {folder}: столбец «Всего "
                             "педагогов» сводки не заполнен", "no file for dataset '{dataset}' in "
                             "{folder}: the summary's population column stays empty"),
    "screen.progress": ("Отбор", "Screening"),
    "screen.needs_output": ("для формата {format} укажите файл: -o FILE",
                            "format {format} needs a file: -o FILE"),
    "table.total": ("строка «{group}», столбец «{column}»: напечатано {printed}, а сумма строк "
                    "— {expected}", "row '{group}', column '{column}': printed {printed}, but "
                    "the rows add up to {expected}"),
    "table.row": ("«{group}»: «{column}» = {printed} больше, чем «{detail}» = {expected} — при "
                  "решении «все критерии» так быть не может", "'{group}': '{column}' = {printed} "
                  "exceeds '{detail}' = {expected}, impossible when all criteria are required"),
    "table.differs": ("«{group}», столбец «{column}»: напечатано {printed}, пересчёт по данным "
                      "даёт {expected}", "'{group}', column '{column}': printed {printed}, "
                      "recomputed from the data {expected}"),
    "table.not_in_data": ("«{group}» есть в таблице, но нет в данных",
                          "'{group}' is printed but absent from the data"),
    "table.not_printed": ("«{group}» есть в данных, но нет в таблице",
                          "'{group}' is in the data but not printed"),
    "table.consistent": ("Таблица согласуется с пересчётом.", "The table agrees with the "
                         "recomputation."),
    "data.printed_not_number": ("«{value}» — не целое число; эта ячейка не сверяется",
                              "'{value}' is not a whole number; this cell is not checked"),
    "table.found": ("Расхождений: {count}.", "Differences: {count}."),
    "col.reasons": ("Основания", "Reasons"),
    "col.population": ("Всего педагогов", "Population"),
    "col.applications": ("Кол-во заявок", "Applications"),
    "col.total_row": ("ВСЕГО", "TOTAL"),
    "ref.criterion_clash": ("код критерия «{id}» совпадает с именем столбца или вычисляемого "
                            "значения", "criterion id '{id}' is also a column or derived name"),
    "ref.synonym_target": ("синоним «{word}» ведёт к «{value}», которого нет среди значений"
                           "{hint}; значения: {values}", "synonym '{word}' points to '{value}', "
                           "which is not one of the values{hint}; values: {values}"),
    "ref.reserved_name": ("имя «{name}» занято столбцом результата отбора (outcome, reasons, "
                          "<код>_explain); выберите другое", "the name '{name}' is taken by a "
                          "column of the screening result (outcome, reasons, <id>_explain); "
                          "choose another"),
    "ref.duplicate_criterion": ("критерий «{id}» повторяется", "criterion '{id}' repeats"),
    "ref.at_least": ("at_least = {value}, а критериев всего {count}",
                     "at_least = {value}, but there are only {count} criteria"),
    "ref.no_target_for_planned": ("выражение использует planned, но для показателя «{indicator}» "
                                  "нет планового значения", "the expression uses planned, but "
                                  "indicator '{indicator}' has no planned value"),
    "recommend.unknown_key": ("рекомендации «{id}»: есть строки без значения «{level}» — им "
                              "рекомендации не адресуются", "recommendations '{id}': some rows "
                              "have no '{level}' and are not addressed"),
    "col.recommendation": ("Рекомендация", "Recommendation"),
    "col.audience": ("Кому", "Audience"),
    "report.recommendations": ("Адресные рекомендации", "Targeted recommendations"),
    # values
    "value.unknown": ("нет данных", "no data"),
    "value.yes": ("да", "yes"),
    "value.no": ("нет", "no"),
    # report
    "status.met": ("достигнуто", "met"),
    "status.not_met": ("не достигнуто", "not met"),
    "status.no_data": ("нет данных", "no data"),
    "status.no_target": ("—", "—"),
    "report.published_differs": ("показатель «{indicator}»: в опубликованном документе {printed}, "
                                 "пересчёт даёт {value}", "indicator '{indicator}': the "
                                 "published document says {printed}, recomputed {value}"),
    "report.unknown_rows": (" (неизв.: ", " (unknown: "),
    "report.title": ("Мониторинг показателей", "Indicator monitoring"),
    "col.indicator": ("Показатель", "Indicator"),
    "col.level": ("Уровень", "Level"),
    "col.unit": ("Ед.", "Unit"),
    "col.value": ("Значение", "Value"),
    "col.planned": ("План", "Planned"),
    "col.status": ("Статус", "Status"),
    "col.variables": ("Расчёт", "Computed from"),
    "level.total": ("всего", "total"),
    "unit.percent": (" %", " %"),
    "unit.number": ("", ""),
    "unit.coefficient": ("", ""),
    "unit.score": (" б.", " pts"),
    # command line
    "cli.valid": ("Спецификации корректны (файлов: {count}).", "Specs are valid ({count} files)."),
    "cli.problems": ("Найдено ошибок: {count}.", "Problems found: {count}."),
    "cli.written": ("Записано: {path}", "Written: {path}"),
    "cli.strict_failed": ("Не достигнуто целевых значений: {count}.",
                          "Targets not met: {count}."),
    "cli.input_problems": ("Проблемы во входных данных: {count}. Отчёт построен, неизвестные "
                           "значения отмечены.", "Input problems: {count}. The report was built "
                           "with unknown values marked."),
    "cli.schemas_written": ("Схемы записаны в {path}: {files}", "Schemas written to {path}: "
                            "{files}"),
    "cli.internal": ("внутренняя ошибка Mayak: {detail}. Сообщите разработчикам.",
                     "internal Mayak error: {detail}. Please report it."),
    # Command-line help (in the language of MAYAK_LANG: --help is read before --lang).
    "help.main": ("Mayak: показатели, плановые значения и правила отбора в YAML, расчёт на "
                  "Polars.\n\nКоды выхода: 0 — готово; 1 — план не достигнут (report "
                  "--strict) или опубликованная таблица расходится с пересчётом (check-table); "
                  "2 — ошибки в спецификациях, данных или командной строке; 3 — внутренняя ошибка; "
                  "130 — прервано (Ctrl+C), 143 — остановлено (SIGTERM); 141 — читатель "
                  "вывода закрыл канал (например, | head).\n\nСправка по-английски: mayak "
                  "--lang en --help (или MAYAK_LANG=en).",
                  "Mayak: indicators, targets and screening rules in YAML, evaluated with "
                  "Polars.\n\nExit codes: 0 done; 1 a target missed (report --strict) or a "
                  "published table differs (check-table); 2 invalid specs, input or command "
                  "line; 3 internal error; 130 interrupted (Ctrl+C), 143 stopped (SIGTERM); "
                  "141 the reader of the output closed the pipe (e.g. | head).\n\nHelp in "
                  "Russian: mayak --lang ru --help (or MAYAK_LANG=ru)."),
    "help.lang": ("язык сообщений: ru, en (или переменная MAYAK_LANG)",
                  "language of messages: ru, en (or the MAYAK_LANG variable)"),
    "help.validate": ("Проверить спецификации: все ошибки сразу, каждая с файлом, строкой и "
                      "столбцом.", "Check spec files (all errors at once, each as "
                      "file:line:col)."),
    "help.report": ("Рассчитать показатели по файлам данных и сравнить с плановыми "
                    "значениями.", "Compute indicators on data files and compare them with "
                    "the planned values."),
    "help.screen": ("Проверить заявки (XLSX, CSV, Parquet) по критериям отбора.",
                    "Screen applications (XLSX, CSV, Parquet) against the admission criteria."),
    "help.check_table": ("Сверить опубликованную сводную таблицу с пересчётом по заявкам. Код "
                         "выхода 1, если найдено расхождение или противоречие.",
                         "Compare a published summary table with the one recomputed from the "
                         "applications. Exit code 1 when any difference or inconsistency is "
                         "found."),
    "help.schema": ("Записать JSON-схемы спецификаций для редакторов (YAML language server).",
                    "Write the JSON Schemas of the spec kinds, for editors (YAML language "
                    "server)."),
    "help.rules": ("папка (или файл) правил; можно указать несколько раз",
                   "rules folder (or file); may repeat"),
    "help.data": ("папка с файлами данных, названными по наборам (.csv, .xlsx, .parquet)",
                  "folder with data files named after datasets (.csv, .xlsx, .parquet)"),
    "help.level": ("рассчитать и в разрезе этого столбца, например municipality; можно "
                   "несколько раз", "also compute per this column, e.g. municipality; may "
                   "repeat"),
    "help.targets": ("id плановых значений, если в правилах их несколько",
                     "targets spec id, when the rules hold several"),
    "help.output": ("записать в файл (атомарно) вместо вывода на экран",
                    "write here (atomically) instead of the terminal"),
    "help.output_xlsx": ("записать в файл (атомарно); для xlsx обязательно",
                         "write here (atomically); xlsx needs it"),
    "help.format": ("вид результата", "output format"),
    "help.strict": ("код выхода 1, если план не достигнут", "exit with 1 if a target is not met"),
    "help.schema_folder": ("папка, куда записать схемы", "folder to write to"),
    "help.population": ("папка с набором для столбца «Всего педагогов» сводки (по умолчанию — "
                        "папка файла заявок)", "folder with the summary's population dataset "
                        "(default: the folder of the applications)"),
    "help.admission": ("id критериев отбора, если в правилах их несколько",
                       "admission spec id, when there are several"),
    "help.published": ("опубликованная сводная таблица (CSV или XLSX), например Таблица 1 "
                       "справки", "the published summary table (CSV or XLSX), e.g. Table 1 "
                       "of a report"),
    # --- spec ---
    "path.loop": ("ярлыки (символические ссылки) указывают друг на друга по кругу, и путь "
                  "никуда не ведёт; исправьте или удалите ярлык",
                  "the symbolic links point at each other in a circle and lead nowhere; fix "
                  "or remove the link"),
    "path.broken_link": ("ярлык (символическая ссылка) ведёт в несуществующее место; исправьте "
                         "или удалите его", "the symbolic link points at nothing; fix or "
                         "remove it"),
    "path.no_access": ("нет прав на чтение; попросите доступ или скопируйте файлы к себе",
                       "no permission to read it; ask for access or copy the files"),
    "path.too_long": ("путь слишком длинный; перенесите файлы в папку с коротким путём",
                      "the path is too long; move the files to a folder with a shorter path"),
    "path.device": ("это устройство, а не файл: читать можно только обычные файлы и папки",
                    "this is a device, not a file: only ordinary files and folders are read"),
    "path.special": ("это канал (FIFO) или сокет, а не файл: читать можно только обычные "
                     "файлы и папки", "this is a pipe (FIFO) or a socket, not a file: only "
                     "ordinary files and folders are read"),
    "path.not_folder": ("это файл, а нужна папка", "this is a file, but a folder is needed"),
    "path.not_spec": ("это не файл спецификации: правила записываются в файлах .yaml или "
                      ".yml (файлы данных указываются в --data)",
                      "this is not a spec file: rules are written in .yaml or .yml files "
                      "(data files go to --data)"),
    "path.disk_root": ("это корень диска: укажите папку с правилами, а не весь диск",
                       "this is the root of a disk: give the rules folder, not the whole disk"),
    "path.too_many_files": ("в папке слишком много файлов и вложенных папок (просмотрено "
                            "20 000) — это не похоже на папку правил; укажите папку с "
                            "правилами", "the folder holds too many files and folders "
                            "(20,000 looked at) — that is not a rules folder; give the rules "
                            "folder"),
    "path.too_deep": ("папки вложены глубже 12 уровней; файлы глубже не читались — укажите "
                      "папку с правилами", "folders are nested over 12 levels deep; files "
                      "deeper were not read — give the rules folder"),
    "ref.include_refused": ("подключаемый путь «{path}» нельзя прочитать: {reason}",
                            "included path '{path}' cannot be read: {reason}"),
    "io.not_utf8": ("файл не в кодировке UTF-8 (ошибка в этой строке); сохраните его в "
                    "UTF-8 («Сохранить как» → кодировка UTF-8)", "the file is not in UTF-8 "
                    "(the error is on this line); save it as UTF-8"),
    "yaml.surrogate": ("«\\u{code}» — не символ, а половина пары (суррогат): такой текст "
                       "нельзя ни напечатать, ни сохранить; напишите нужный символ сам",
                       "'\\u{code}' is not a character but half of a surrogate pair: such a "
                       "text can be neither printed nor saved; write the character itself"),
    "yaml.surrogate_pair": ("пара «\\u{high}\\u{low}» в YAML не складывается в один символ; "
                            "напишите сам символ «{char}» или «\\U{code}»",
                            "the pair '\\u{high}\\u{low}' does not make one character in "
                            "YAML; write the character '{char}' itself or '\\U{code}'"),
    "yaml.control_char": ("в тексте невидимый управляющий символ U+{code} (например, из «\\0» "
                          "или «\\x..» в кавычках); удалите его",
                          "the text holds an invisible control character U+{code} (e.g. from "
                          "'\\0' or '\\x..' in quotes); remove it"),
    "yaml.bidi_char": ("в тексте невидимый символ направления письма U+{code}: из-за него текст "
                       "на экране выглядит не так, как записан; удалите его",
                       "the text holds an invisible text-direction character U+{code}: it makes "
                       "the text look different from what it says; remove it"),
    "ref.min_above_max": ("min = {min} больше max = {max}: ни одно значение не подойдёт; "
                          "проверьте границы (возможно, их перепутали местами)",
                          "min = {min} is above max = {max}: no value can fit; check the "
                          "limits (they may be swapped)"),
    "ref.header_clash": ("заголовок «{header}» уже указан у столбца «{other}» (название, "
                         "псевдоним или имя; регистр, пробелы и ё/е не различаются): по файлу "
                         "нельзя понять, какой это столбец; оставьте его у одного",
                         "header '{header}' is already given for column '{other}' (as its "
                         "name, title or alias; case, spacing and ё/е do not count): a file's "
                         "column could be either; keep it for one"),
    "ref.values_alike": ("значение «{value}» при чтении не отличается от «{other}» (регистр, "
                         "пробелы и ё/е не различаются); оставьте одно",
                         "value '{value}' reads the same as '{other}' (case, spacing and ё/е "
                         "do not count); keep one"),
    "ref.synonym_clash": ("синоним «{word}» ведёт к «{value}», но так же читается значение "
                          "«{other}»: непонятно, что имелось в виду; уберите синоним или "
                          "исправьте его", "synonym '{word}' points to '{value}', but it reads "
                          "the same as '{other}': the meaning is unclear; remove or fix the "
                          "synonym"),
    "ref.true_and_false": ("«{value}» читается и как «да», и как «нет»: оно есть и в "
                           "true_values, и в false_values (если список не указан, действует "
                           "список по умолчанию); уберите его из одного",
                           "'{value}' reads both as yes and as no: it is in true_values and in "
                           "false_values (a list not given is the default one); remove it from "
                           "one"),
    "ref.date_format": ("в формате даты «{value}» нет года, месяца или дня — по нему не "
                        "прочитать ни одной даты; пример формата: %d.%m.%Y",
                        "date format '{value}' lacks the year, the month or the day — no date "
                        "can be read with it; for example: %d.%m.%Y"),
    "ref.planned_range": ("в плановом значении «{value}» нижняя граница {low} больше верхней "
                          "{high}: так не выполнится ни одно значение; запишите «между {high} "
                          "и {low}»", "in the planned value '{value}' the lower bound {low} "
                          "is above the upper {high}: no value can meet it; write 'between "
                          "{high} and {low}'"),
    "ref.rejected_file": ("файл не принят из-за ошибок выше, поэтому ссылки на {names} не "
                          "проверены ({files}); исправьте ошибки и запустите проверку снова",
                          "the file is not accepted because of the errors above, so the "
                          "references to {names} were not checked ({files}); fix the errors "
                          "and check again"),
    "schema.empty_text": ("текст не может быть пустым; впишите значение или уберите строку, "
                          "если поле необязательное", "the text cannot be empty; write a value "
                          "or remove the line if the field is optional"),
    "schema.empty_mapping": ("здесь нужен хотя бы один элемент вида «имя: описание»",
                             "at least one 'name: description' entry is needed here"),
    # --- read ---
    "data.bad_encoding": ("в этой строке есть знаки, которые нельзя прочитать ни в кодировке "
                          "UTF-8, ни в Windows-1251: откройте файл в Excel или Блокноте и "
                          "сохраните его как «CSV UTF-8»", "this row holds characters that are "
                          "neither UTF-8 nor Windows-1251: open the file in Excel or Notepad "
                          "and save it as 'CSV UTF-8'"),
    "data.mixed_encoding": ("часть строк файла сохранена в кодировке Windows-1251, часть — в "
                            "UTF-8 (первая такая строка — эта); файл прочитан, но проверьте "
                            "русские буквы и сохраните файл целиком как «CSV UTF-8»",
                            "some lines of the file are Windows-1251 and others UTF-8 (this "
                            "is the first such row); the file was read, but check the Russian "
                            "letters and save the whole file as 'CSV UTF-8'"),
    "data.nul_chars": ("в файле есть пустые символы (NUL), первый — в этой строке, всего "
                       "{count}; они удалены — если текст выглядит странно, файл повреждён: "
                       "выгрузите его заново", "the file holds NUL characters (the first on "
                       "this row, {count} in all); they were removed — if the text looks "
                       "odd, the file is damaged: export it again"),
    "data.inner_bom": ("в середине файла есть невидимая метка кодировки (BOM), первая — в этой "
                       "строке, всего {count}: похоже, файлы склеены; метки удалены, проверьте, "
                       "не повторяется ли здесь строка заголовков", "an invisible byte order "
                       "mark (BOM) stands inside the file, the first on this row, {count} in "
                       "all: files were probably joined; the marks were removed, check that "
                       "the header row does not repeat here"),
    "data.unclosed_quote": ("ячейка начинается с кавычки, которая не закрыта до конца файла, — "
                            "всё после неё слилось бы в одну ячейку; закройте кавычку или "
                            "удалите её и сохраните файл", "a cell starts with a quote that is "
                            "never closed — everything after it would merge into one cell; "
                            "close the quote or remove it and save the file"),
    "data.why.csv_broken": ("это не таблица со строками, разделёнными «;», «,» или табуляцией, "
                            "— откройте файл в Excel и сохраните как «CSV UTF-8»",
                            "this is not a table of rows separated by ';', ',' or tabs — open "
                            "the file in Excel and save it as 'CSV UTF-8'"),
    "data.extra_cells": ("ячеек в строке — {count}, а заголовков — {width}: лишние ячейки не "
                         "прочитаны — возможно, в тексте стоит разделитель; проверьте строку",
                         "the row has {count} cells but there are {width} headers: the extra "
                         "cells were not read — perhaps a separator stands inside a text; "
                         "check the row"),
    "data.missing_cells": ("ячеек в строке — {count}, а заголовков — {width}: недостающие "
                           "значения считаются неизвестными", "the row has {count} cells but "
                           "there are {width} headers: the missing values are unknown"),
    "data.more_ragged_rows": ("и ещё {count} строк с другим числом ячеек",
                              "and {count} more rows with another number of cells"),
    "data.why.xlsx_protected": ("файл защищён паролем или сохранён в старом формате Excel "
                                "97–2003 — снимите пароль и сохраните файл как «Книга Excel "
                                "(*.xlsx)»", "the file is password-protected or in the old "
                                "Excel 97-2003 format — remove the password and save it as "
                                "'Excel Workbook (*.xlsx)'"),
    "data.why.xlsx_broken": ("файл повреждён или записан не до конца — откройте его в Excel и "
                             "сохраните заново", "the file is damaged or incomplete — open it "
                             "in Excel and save it again"),
    "data.why.parquet_broken": ("файл повреждён или записан не до конца — выгрузите его заново",
                                "the file is damaged or incomplete — export it again"),
    "data.no_sheet": ("в книге нет листа «{sheet}»{hint}; листы: {sheets} — исправьте sheet в "
                      "описании набора данных", "the workbook has no sheet '{sheet}'{hint}; "
                      "sheets: {sheets} — correct sheet in the dataset spec"),
    "data.no_sheet_fits": ("ни на одном листе ({sheets}) в первой строке нет заголовков этого "
                           "набора данных: проверьте заголовки или укажите лист в поле sheet "
                           "описания набора", "no sheet ({sheets}) has this dataset's headers "
                           "on its first row: check the headers or name the sheet with sheet "
                           "in the dataset spec"),
    "data.several_sheets": ("заголовки набора данных есть на нескольких листах ({sheets}): "
                            "укажите нужный лист в поле sheet описания набора или соберите "
                            "строки на одном листе", "several sheets ({sheets}) have the "
                            "dataset's headers: name one with sheet in the dataset spec or put "
                            "all rows on one sheet"),
    "data.sheet_chosen": ("читается лист «{sheet}» — только на нём заголовки этого набора; "
                          "листы {others} не читаются", "reading sheet '{sheet}' — only it has "
                          "this dataset's headers; sheets {others} are not read"),
    "data.excel_error": ("в ячейке ошибка Excel {value}: значение считается неизвестным — "
                         "исправьте формулу, откройте и сохраните файл в Excel",
                         "the cell holds the Excel error {value}: the value is unknown — fix "
                         "the formula, open and save the file in Excel"),
    "data.formula_no_value": ("в ячейке формула, результат которой не сохранён в файле (файл "
                              "создан программой, а не Excel): значение считается "
                              "неизвестным — откройте файл в Excel и сохраните его",
                              "the cell holds a formula whose result is not stored in the file "
                              "(it was written by a program, not Excel): the value is unknown "
                              "— open the file in Excel and save it"),
    "data.more_broken_cells": ("и ещё {count} ячеек с ошибками Excel или формулами без "
                               "результата", "and {count} more cells with Excel errors or "
                               "formulas without a result"),
    "data.more_unknown_headers": ("и ещё {count} неизвестных заголовков пропущено",
                                  "and {count} more unknown headers ignored"),
    "data.blank_header": ("в столбце {place} есть значения, но нет заголовка (возможно, ячейка "
                          "заголовка объединена с соседней): столбец не читается — впишите "
                          "заголовок", "column {place} holds values but has no header "
                          "(perhaps the header cell is merged with its neighbour): the column "
                          "is not read — give it a header"),
    "data.nested_column": ("в столбце хранятся не отдельные значения, а списки, наборы полей "
                           "или двоичные данные ({type}): прочитать их нельзя — выгрузите в "
                           "этот столбец текст, числа или даты", "the column holds lists, "
                           "records or binary data ({type}), not single values: they cannot be "
                           "read — export text, numbers or dates to this column"),
    "data.wrong_type": ("в файле этот столбец хранит значения типа {type}, а в описании набора "
                        "он объявлен как {expected}: все его значения считаются неизвестными — "
                        "выгрузите столбец с нужным типом", "the file stores this column as "
                        "{type}, but the dataset declares it as {expected}: all its values "
                        "are unknown — export the column with the right type"),
    "data.impossible_date": ("дата «{value}» невозможна — она позже сегодняшнего дня или раньше "
                             "1900 года: считается неизвестной, проверьте год",
                             "date '{value}' is impossible — it is after today or before "
                             "1900: treated as unknown, check the year"),
    "data.why.os_error": ("файл не открывается — нет прав на чтение или он занят другой "
                          "программой: закройте его и проверьте права", "the file does not "
                          "open — no permission to read it, or another program holds it: close "
                          "it and check the permissions"),
    "dtype.category": ("одно из значений списка", "one of the listed values"),
    "screen.ragged_row": ("строка целиком (число ячеек не совпадает с числом заголовков)",
                          "the whole row (its number of cells differs from the number of "
                          "headers)"),
    # --- expr ---
    "expr.bad_char": ("символ «{char}» ({code}) в выражении недопустим; удалите его или "
                      "наберите это место заново на латинской раскладке", "character "
                      "'{char}' ({code}) is not allowed in an expression; delete it or retype "
                      "this place on a Latin keyboard"),
    "expr.lookalike": ("символ «{char}» ({code}) похож на «{ascii}», но это другой символ; "
                       "наберите «{ascii}» заново на латинской раскладке", "character "
                       "'{char}' ({code}) looks like '{ascii}' but is another character; "
                       "retype '{ascii}' on a Latin keyboard"),
    "expr.lookalike_space": ("символ {code} — особый пробел (например, неразрывный из "
                             "текстового редактора); замените его обычным пробелом",
                             "character {code} is a special space (e.g. a non-breaking one "
                             "from a word processor); replace it with an ordinary space"),
    "expr.semicolon": ("точка с запятой в выражении недопустима: поле содержит ровно одно "
                       "выражение — удалите «;» и всё, что после неё", "a semicolon is not "
                       "allowed: a field holds exactly one expression — delete ';' and what "
                       "follows"),
    "expr.comment": ("знак «#» в выражении недопустим: текст после него был бы пропущен. "
                     "Комментарий пишите отдельной строкой YAML над полем", "'#' is not "
                     "allowed in an expression: the text after it would be ignored. Put a "
                     "comment on its own YAML line above the field"),
    "expr.misspelt_operator": ("знака «{wrong}» нет — пишите «{right}»",
                               "there is no '{wrong}' — write '{right}'"),
    "expr.unclosed": ("скобка «{bracket}» открыта, но не закрыта; добавьте закрывающую скобку",
                      "bracket '{bracket}' is opened but never closed; add the closing one"),
    "expr.unmatched": ("лишняя закрывающая скобка «{bracket}»: удалите её или добавьте "
                       "открывающую", "an extra closing bracket '{bracket}': delete it or "
                       "add the opening one"),
    "expr.mismatched": ("скобка «{closing}» закрывает «{opening}»; скобки идут парами: ( ) и "
                        "[ ]", "bracket '{closing}' closes '{opening}'; brackets go in pairs: "
                        "( ) and [ ]"),
    "expr.unclosed_quote": ("кавычка не закрыта: текст пишется в кавычках с обеих сторон, "
                            "например 'высшая'", "a quote is not closed: text goes between "
                            "two quotes, e.g. 'высшая'"),
    "expr.too_deep": ("слишком глубокая вложенность скобок или операций; упростите выражение",
                      "brackets or operations are nested too deeply; simplify the expression"),
    "syntax.incomplete": ("выражение обрывается — после последнего знака операции не хватает "
                          "значения; допишите его или удалите знак", "the expression stops "
                          "short — a value is missing after the last operator; add it or "
                          "delete the operator"),
    "syntax.unexpected": ("в этом месте лишний или пропущенный знак; проверьте знаки "
                          "операций, скобки и кавычки", "something is extra or missing here; "
                          "check the operators, brackets and quotes"),
    "syntax.number_letters": ("сразу после числа стоят буквы; единицы измерения в выражении "
                              "не пишутся (5, а не 5лет)", "letters follow a number; units "
                              "are not written in expressions (5, not 5yrs)"),
    "syntax.leading_zero": ("целое число не может начинаться с нуля: пишите 5, а не 05",
                            "a whole number cannot start with 0: write 5, not 05"),
    "syntax.if_else": ("после «значение if условие» нужна часть «else другое значение»",
                       "'value if condition' needs 'else other value'"),
    "expr.assign": ("«=» в выражении не используется: для сравнения пишите «==» "
                    "(experience == 5)", "'=' is not used in expressions: write '==' to "
                    "compare (experience == 5)"),
    "expr.missing_operator": ("два значения стоят рядом без знака между ними: добавьте знак "
                              "операции (+, -, *, /, ==, and, or …) или удалите лишнее; "
                              "единицы измерения («лет») в выражении не пишутся",
                              "two values stand side by side with nothing between them: add "
                              "an operator (+, -, *, /, ==, and, or …) or delete one; units "
                              "('years') are not written in expressions"),
    "expr.decimal_comma": ("дробные числа пишутся через точку: {number}",
                           "decimals are written with a point: {number}"),
    "construct.fstring": ("f-строка", "an f-string"),
    "construct.walrus": ("присваивание «:=»", "assignment ':='"),
    "construct.lambda": ("lambda", "lambda"),
    "construct.tuple": ("перечисление через запятую", "a comma-separated sequence"),
    "construct.list": ("список [ ] вне «in»", "a list [ ] outside 'in'"),
    "construct.set": ("множество в фигурных скобках", "a set in curly brackets"),
    "construct.dict": ("словарь в фигурных скобках", "a dictionary in curly brackets"),
    "construct.subscript": ("индекс [ ]", "an index [ ]"),
    "construct.slice": ("срез [ : ]", "a slice [ : ]"),
    "construct.comprehension": ("генератор (for … in …)", "a comprehension (for … in …)"),
    "construct.await": ("await", "await"),
    "construct.yield": ("yield", "yield"),
    "construct.starred": ("звёздочка *", "a star *"),
    "construct.bytes": ("байтовая строка b'…'", "a byte string b'…'"),
    "construct.complex": ("мнимое число (…j)", "an imaginary number (…j)"),
    "construct.ellipsis": ("многоточие ...", "an ellipsis ..."),
    "construct.other": ("эта запись", "this construct"),
    "expr.is_none": ("«is» в выражениях не используется: вместо «x is None» пишите is_null(x), "
                     "вместо «x is not None» — not is_null(x)", "'is' is not used: write "
                     "is_null(x) for 'x is None' and not is_null(x) for 'x is not None'"),
    "expr.boolean_order": ("да/нет нельзя сравнивать на больше/меньше («{op}»); пишите == или "
                           "!=", "yes/no values cannot be ordered ('{op}'); use == or !="),
    "expr.mixed_alphabet": ("в имени «{name}» есть русская буква «{char}» ({position}-я по "
                            "счёту), а имена пишутся латиницей{hint}; наберите имя на "
                            "латинской раскладке. Доступны: {known}", "name '{name}' has the "
                            "Cyrillic letter '{char}' (character {position}), but names are "
                            "in Latin letters{hint}; retype it on a Latin keyboard. "
                            "Available: {known}"),
    "expr.function_as_name": ("«{name}» — функция: пишите её со скобками, например "
                              "{name}(…)", "'{name}' is a function: write it with brackets, "
                              "e.g. {name}(…)"),
    "expr.name_as_function": ("«{name}» — не функция, а значение: скобки после него не нужны; "
                              "для умножения пишите «*»", "'{name}' is a value, not a "
                              "function: no brackets after it; write '*' to multiply"),
    "expr.column_in_formula": ("«{name}» — столбец набора данных; в формуле используйте "
                               "переменные ({known}), а столбцы — в where/of переменных",
                               "'{name}' is a dataset column; a formula uses variables "
                               "({known}), columns belong in the variables' where/of"),
    "eval.out_of_range_total": ("показатель «{indicator}»: формула дала значение, которое "
                                "не является числом или слишком велико, чтобы его округлить; "
                                "показано «нет данных». Проверьте формулу и исходные данные",
                                "indicator '{indicator}': the formula gave a value that is "
                                "not a number or too large to round; shown as 'no data'. "
                                "Check the formula and the data"),
    "eval.out_of_range": ("показатель «{indicator}», уровень «{level}», «{key}»: формула дала "
                          "значение, которое не является числом или слишком велико, чтобы его "
                          "округлить; показано «нет данных». Проверьте формулу и исходные "
                          "данные", "indicator '{indicator}', level '{level}', '{key}': the "
                          "formula gave a value that is not a number or too large to round; "
                          "shown as 'no data'. Check the formula and the data"),
    "eval.more_out_of_range": ("показатель «{indicator}», уровень «{level}»: и ещё {count} "
                               "значений вне допустимого диапазона", "indicator "
                               "'{indicator}', level '{level}': and {count} more values out "
                               "of range"),
    "ref.derive_self": ("значение «{name}» вычисляется через само себя; запишите выражение "
                        "через столбцы заявки и значения derive выше", "derived value '{name}' "
                        "uses itself; write it with the application's columns and the derived "
                        "values above it"),
    "ref.derive_later": ("значение «{name}» использует «{later}», которое вычисляется ниже; "
                         "значения derive вычисляются по порядку — перенесите «{later}» выше "
                         "«{name}» (два значения не могут использовать друг друга)",
                         "derived value '{name}' uses '{later}', which is defined below it; "
                         "derived values are computed in order — move '{later}' above "
                         "'{name}' (two values cannot use each other)"),
    # --- lead ---
    "data.excel_big_date": ("в ячейке с форматом даты записано число {value} — такой даты нет "
                            "ни в одном календаре: значение считается неизвестным; исправьте "
                            "ячейку в Excel",
                            "a cell formatted as a date holds the number {value} — no calendar "
                            "has such a date: the value is unknown; fix the cell in Excel"),
    "ref.not_after": ("«{name}» — не столбец-дата этого набора{hint}; столбцы-даты: {dates}",
                      "'{name}' is not a date column of this dataset{hint}; date columns: "
                      "{dates}"),
    "data.date_order": ("дата {value} позже, чем «{other}» в той же строке, — так быть не "
                        "может; проверьте обе даты",
                        "date {value} is after '{other}' in the same row, which cannot be; "
                        "check both dates"),
    "yaml.number_range": ("число {value} слишком велико: в спецификациях числа — не больше "
                          "2⁵³ (9 007 199 254 740 992) по модулю",
                          "number {value} is too large: spec numbers are at most 2⁵³ "
                          "(9,007,199,254,740,992) in size"),
    "data.sheet_too_large": ("лист «{sheet}» занимает {rows} строк × {columns} столбцов (до "
                             "ячейки {last}) — такой лист не прочитать; вероятно, в далёкой "
                             "ячейке что-то записано: нажмите в Excel Ctrl+End, удалите лишние "
                             "строки и столбцы и сохраните файл",
                             "sheet '{sheet}' spans {rows} rows × {columns} columns (up to cell "
                             "{last}) — too large to read; something is probably written in a "
                             "far cell: press Ctrl+End in Excel, delete the extra rows and "
                             "columns and save the file"),
    "data.other_format": ("у файла расширение «{suffix}», но по содержимому это файл "
                          "«{inside}»: сохраните его заново в формате «{suffix}» или исправьте "
                          "расширение", "the file is named '{suffix}' but its content is a "
                          "'{inside}' file: save it again as '{suffix}' or fix the extension"),
    "expr.always_unknown": ("выражение всегда даёт «нет данных»: в нём нет ни одного "
                            "столбца, переменной или числа, из которых получилось бы значение; "
                            "впишите условие или формулу",
                            "the expression always gives 'no data': it holds no column, "
                            "variable or number a value could come from; write a condition "
                            "or a formula"),
    # --- cli ---
    "io.reason.no_space": ("на диске не хватает места — освободите место или запишите файл "
                           "на другой диск", "the disk is full — free some space or write to "
                           "another disk"),
    "io.reason.too_big": ("файл слишком велик для этого диска", "the file is too large for "
                          "this disk"),
    "io.reason.no_permission": ("нет прав на запись сюда — выберите другую папку",
                                "no permission to write here — choose another folder"),
    "io.reason.read_only": ("диск доступен только для чтения", "the disk is read-only"),
    "io.reason.not_a_folder": ("в пути файл стоит на месте папки — проверьте путь",
                               "a file stands where the path needs a folder — check the path"),
    "io.reason.is_a_folder": ("по этому пути папка, а нужен файл", "this path is a folder, "
                              "not a file"),
    "io.reason.name_too_long": ("слишком длинное имя файла", "the file name is too long"),
    "cli.interrupted": ("Прервано: работа остановлена, недописанные файлы удалены.",
                        "Interrupted: the work was stopped and unfinished files removed."),
    "cli.version": ("Mayak, версия {version}", "Mayak, version {version}"),
    "cli.usage": ("Запуск:", "Usage:"),
    "cli.try_help": ("Справка: {command} --help", "Help: {command} --help"),
    "cli.error": ("Ошибка: {message}", "Error: {message}"),
    "cli.heading_options": ("Параметры", "Options"),
    "cli.heading_commands": ("Команды", "Commands"),
    "cli.metavar_options": ("[ПАРАМЕТРЫ]", "[OPTIONS]"),
    "cli.metavar_command": ("КОМАНДА [АРГУМЕНТЫ]...", "COMMAND [ARGS]..."),
    "cli.metavar_text": ("ТЕКСТ", "TEXT"),
    "cli.metavar_file": ("ФАЙЛ", "FILE"),
    "cli.metavar_folder": ("ПАПКА", "FOLDER"),
    "cli.metavar_path": ("ПУТЬ", "PATH"),
    "cli.metavar_paths": ("ПУТИ", "PATHS"),
    "cli.metavar_applications": ("ФАЙЛ_ЗАЯВОК", "APPLICATIONS"),
    "cli.help_option": ("показать эту справку и выйти", "show this message and exit"),
    "cli.help_default": ("по умолчанию: {value}", "default: {value}"),
    "cli.help_required": ("обязательно", "required"),
    "help.version": ("показать версию и выйти", "show the version and exit"),
    "cli.no_such_command": ("нет команды «{name}»{hint}; команды: {commands}",
                            "no command '{name}'{hint}; commands: {commands}"),
    "cli.no_such_option": ("нет параметра «{name}»{hint}; список параметров — в справке",
                           "no option '{name}'{hint}; the options are listed in the help"),
    "cli.missing_option": ("не указан обязательный параметр {name}",
                           "the required option {name} is missing"),
    "cli.missing_argument": ("не указан {name}: допишите его после параметров команды",
                             "{name} is missing: add it after the command's options"),
    "cli.option_needs_value": ("после {name} нужно значение", "{name} needs a value"),
    "cli.option_no_value": ("параметр {name} пишется без значения",
                            "{name} takes no value"),
    "cli.bad_choice": ("{name}: значение «{value}» не подходит{hint}; допустимые: {allowed}",
                       "{name}: '{value}' is not allowed{hint}; allowed: {allowed}"),
    "cli.bad_value": ("{name}: неверное значение: {detail}",
                      "{name}: invalid value: {detail}"),
    "cli.extra_arguments": ("лишнее в командной строке: {args}",
                            "unexpected extra arguments: {args}"),
    "cli.usage_other": ("неверная командная строка: {detail}",
                        "invalid command line: {detail}"),
    "cli.empty_path": ("{name}: путь пуст — укажите файл или папку",
                       "{name}: the path is empty — give a file or a folder"),
    "cli.not_a_folder": ("{name}: «{path}» — это файл, а нужна папка",
                         "{name}: '{path}' is a file, not a folder"),
    "cli.not_a_file": ("{name}: «{path}» — это папка, а нужен файл",
                       "{name}: '{path}' is a folder, not a file"),
    "cli.output_is_folder": ("{name}: не удаётся записать файл: «{path}» — это папка; укажите "
                             "имя файла, например {path}/результат.xlsx", "{name}: cannot write "
                             "the file: '{path}' is a folder; give a file name, e.g. "
                             "{path}/result.xlsx"),
    "cli.parent_is_a_file": ("{name}: не удаётся записать файл «{path}»: «{file}» — это файл, "
                             "а не папка", "{name}: cannot write the file '{path}': '{file}' "
                             "is a file, not a folder"),
    # --- adv-data ---
    "data.bad_row_numbers": ("в этом столбце должны стоять номера строк — целые числа от 1, "
                             "у каждой строки свой, без пустых клеток; удалите столбец, и "
                             "строки будут пронумерованы по порядку", "this column must hold "
                             "row numbers — whole numbers from 1, one per row, none blank; "
                             "drop the column and the rows are numbered in order"),
    "data.frame_failed": ("таблицу для набора «{dataset}» не удалось вычислить — исправьте "
                          "расчёт, который её строит ({detail})", "the table for dataset "
                          "'{dataset}' could not be computed — fix the computation that "
                          "builds it ({detail})"),
    "io.output_not_file": ("сюда нельзя записать результат: это не обычный файл, а канал, "
                           "сокет или устройство; укажите в -o путь к файлу, а для вывода на "
                           "экран — «-»", "cannot write the result here: this is not a plain "
                           "file but a pipe, a socket or a device; give -o a file path, or "
                           "'-' for the screen"),
    "io.stdout_failed": ("не удалось вывести результат: {detail}; запишите его в файл: -o ФАЙЛ",
                         "cannot write the result out: {detail}; write it to a file: -o FILE"),
    "io.stdout_closed": ("вывод результата закрыт, и показать его некуда; запишите его в файл: "
                         "-o ФАЙЛ", "standard output is closed, so the result has nowhere to "
                         "go; write it to a file: -o FILE"),
    # --- adv-spec ---
    "ref.rec_variable_taken": ("у показателя «{indicator}» есть переменная «{name}», а в "
                               "рекомендациях это имя означает {meaning}; переименуйте "
                               "переменную в спецификации показателя",
                               "indicator '{indicator}' has a variable '{name}', but in "
                               "recommendations this name means {meaning}; rename the "
                               "variable in the indicator spec"),
    "ref.rec_value_taken": ("имя «{name}» в рекомендациях уже означает {meaning}; выберите "
                            "для вычисляемого значения другое имя",
                            "in recommendations the name '{name}' already means {meaning}; "
                            "choose another name for the computed value"),
    "rec.meaning.value": ("значение показателя", "the indicator's value"),
    "rec.meaning.planned": ("плановое значение", "the planned value"),
    "rec.meaning.key": ("группу, которой адресована рекомендация (например, предметную "
                        "область)", "the group the recommendation is for (e.g. the subject "
                        "area)"),
    "rec.meaning.variable": ("переменную показателя", "a variable of the indicator"),
    "ref.duplicate_rule": ("код правила «{id}» уже есть выше: у каждого правила рекомендаций "
                           "свой код — по нему рекомендации различаются в выводе",
                           "rule code '{id}' is already used above: each recommendation rule "
                           "needs its own code — the output tells recommendations apart by it"),
}

CATALOGUE: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {key: MappingProxyType({"ru": ru, "en": en}) for key, (ru, en) in _RU_EN.items()})


@dataclass(frozen=True)
class Number:
    """A number in a message, written with the reader's decimal mark."""

    value: float
    digits: int | None = None

    def render(self, lang: Lang) -> str:
        shown = f"{self.value:.{self.digits}f}" if self.digits is not None else f"{self.value:g}"
        return shown.replace(".", ",") if lang == "ru" else shown


def language(value: str | None) -> Lang:
    """'en', 'EN', 'en_US.UTF-8' → en; anything else → ru."""
    return "en" if (value or "").strip().lower()[:2] == "en" else "ru"


def default_language() -> Lang:
    return language(os.environ.get("MAYAK_LANG", "ru"))


def text(key: str, lang: Lang | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, with placeholders filled.

    Strict: an unknown key or a missing parameter is a bug and raises KeyError. Only
    parameters marked as ``Key`` (or ``Number``) are translated; any other value is shown
    exactly as given, even when it happens to spell a catalogue key.
    """
    entry = CATALOGUE[key]
    lang = lang or default_language()
    return entry[lang].format(**_localise(params, lang))


@dataclass(frozen=True)
class Key:
    """A parameter that is itself a message: shown in the reader's language. Several keys
    are joined with " / " (e.g. the types a field may take)."""

    keys: tuple[str, ...]

    def __init__(self, *keys: str) -> None:
        missing = [k for k in keys if k not in CATALOGUE]
        if missing or not keys:
            raise KeyError(missing or "Key()")
        object.__setattr__(self, "keys", keys)

    def render(self, lang: Lang) -> str:
        return " / ".join(CATALOGUE[k][lang] for k in self.keys)


def kind_key(kind: str) -> Key:
    """The translatable name of an expression kind (number, boolean, ...)."""
    return Key(*(f"kind.{k}" for k in kind.split(" / ")))


def _localise(params: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Render numbers and marked keys in the reader's language; a suggestion as a sentence."""
    out = {k: v.render(lang) if isinstance(v, Number | Key) else v for k, v in params.items()}
    if "hint" in out:
        word = out["hint"]
        out["hint"] = text("hint", lang, word=word) if word else ""
    return out
