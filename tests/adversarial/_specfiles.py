"""Whole-file YAML attacks and spec-level attacks (limits, references, includes)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.adversarial._case import (
    SHARED_DATA,
    SHARED_INPUT,
    Builder,
    Case,
    copy_rules,
    replace_in,
)

TPM = "indicators/teachers_per_methodist.yaml"
ADM = "rules/kaliningrad/rma-admission.yaml"
APPS = "rules/kaliningrad/applications.yaml"
TEACHERS = "indicators/datasets/teachers.yaml"
TARGETS = "rules/kaliningrad/targets-2023.yaml"
AGREEMENTS = "indicators/datasets/community_agreements.yaml"
RULESET = "rules/kaliningrad/ruleset.yaml"
REC = "rules/kaliningrad/recommendations-rma.yaml"
REPORT = ("report", "--rules", "rules/kaliningrad", "--data", SHARED_DATA)
SCREEN = ("screen", "--rules", "rules/kaliningrad", f"{SHARED_DATA}/applications.xlsx",
          "--format", "json")
VALIDATE = ("validate", "rules/kaliningrad")

Bytes = Callable[[bytes], bytes]
Attack = tuple[str, str, Bytes, tuple[str, ...], str]  # slug, file, change, command, about


def _text(change: Callable[[str], str]) -> Bytes:
    return lambda raw: change(raw.decode("utf-8")).encode("utf-8", "surrogatepass")


def _sub(old: str, new: str) -> Bytes:
    def change(body: str) -> str:
        if body.count(old) != 1:
            raise ValueError(f"{old!r} occurs {body.count(old)} times")
        return body.replace(old, new)
    return _text(change)


def _const(body: bytes) -> Bytes:
    return lambda _raw: body


def _append(extra: str) -> Bytes:
    return _text(lambda body: body + extra)


LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
INDICATOR = ("kind: indicator\nid: extra\ntitle: Доп.\nunit: number\n"
             "variables:\n  Z: {count: teachers}\nformula: Z\n")

# (slug, file, change, command, what it attacks)
FILE_ATTACKS: tuple[Attack, ...] = (
    ("surrogate-title", TPM, _sub("title: Количество", 'title: "\\ud800 Количество'
                                  ' \\udfff"\nx_title: Количество'), REPORT,
     "lone surrogates (escaped) in a title, and an unknown key"),
    ("surrogate-title-only", TPM, _text(lambda b: b.replace(
        "title: Количество педагогических работников, закреплённых",
        'title: "\\ud800"\ndescription: закреплённых', 1)), REPORT,
     "a title that is one lone surrogate"),
    ("surrogate-key", TPM, _sub("  M:\n", '  "\\udc80":\n    count: teachers\n  M:\n'), REPORT,
     "a lone surrogate as a variable name"),
    ("surrogate-id", TPM, _sub("id: teachers_per_methodist", 'id: "\\ud83d"'), VALIDATE,
     "a lone surrogate as an id"),
    ("line-break-after-id", TPM, _sub("id: teachers_per_methodist",
                                      'id: "teachers_per_methodist\\n"'), VALIDATE,
     "an id with a line break after it (Python's `$` matches before it)"),
    ("line-break-in-variable-name", TPM, _sub("  M:\n", '  "M\\r\\n":\n'), VALIDATE,
     "a variable name ending in a line break, quoted in every message on one line"),
    ("surrogate-raw-bytes", TPM, _sub("rounding: 0", "rounding: 0\nnote: \udcff\udcfe"),
     REPORT, "raw undecodable bytes (invalid UTF-8) in a spec"),
    ("surrogate-in-where", TPM, _sub("where: outcome == 'admitted'",
                                     "where: \"outcome == '\\ud800'\""), REPORT,
     "a lone surrogate compared with a category"),
    ("surrogate-in-planned", TARGETS, _sub("planned: не более 200",
                                           'planned: "не более 200\\ud800"'), REPORT,
     "a lone surrogate in a planned value"),
    ("surrogate-in-alias", APPS, _sub("aliases: [Стаж, Педагогический стаж]",
                                      'aliases: ["\\udc00", Стаж]'), SCREEN,
     "a lone surrogate as a header alias"),
    ("bom", TPM, lambda raw: b"\xef\xbb\xbf" + raw, REPORT, "a UTF-8 byte-order mark"),
    ("double-bom", TPM, lambda raw: b"\xef\xbb\xbf\xef\xbb\xbf" + raw, VALIDATE,
     "two byte-order marks"),
    ("utf16", TPM, lambda raw: raw.decode("utf-8").encode("utf-16"), VALIDATE,
     "a spec saved as UTF-16 (Notepad's «Unicode»)"),
    ("utf16be-nobom", TPM, lambda raw: raw.decode("utf-8").encode("utf-16-be"), VALIDATE,
     "UTF-16 big-endian without a byte-order mark"),
    ("cp1251", TPM, lambda raw: raw.decode("utf-8").encode("cp1251", "replace"), VALIDATE,
     "a spec saved as Windows-1251"),
    ("nul-byte", TPM, _sub("rounding: 0", "rounding: 0\nnote: a\x00b"), VALIDATE,
     "a NUL byte"),
    ("bell", TPM, _sub("rounding: 0", "rounding: 0\nnote: a\x07b"), VALIDATE,
     "a control character"),
    ("nel", TPM, _sub("rounding: 0", "rounding: 0\nnote: a\x85b"), REPORT,
     "NEL (U+0085), a YAML line break"),
    ("line-separator", TPM, _sub("rounding: 0", "rounding: 0\nnote: a\u2028b\u2029c"),
     REPORT, "Unicode line and paragraph separators"),
    ("tabs", TPM, _text(lambda b: b.replace("\n  ", "\n\t")), VALIDATE,
     "tabs for indentation"),
    ("crlf", TPM, lambda raw: raw.replace(b"\n", b"\r\n"), REPORT, "CRLF line endings"),
    ("colon-in-title", TPM, _sub("title: Количество", "title: Итоги: Количество"), VALIDATE,
     "a colon and a space inside an unquoted title"),
    ("at-start", TPM, _sub("title: Количество", "title: @Количество"), VALIDATE,
     "a value starting with @"),
    ("two-documents", TPM, _append("---\nkind: dataset\nid: second\n"), VALIDATE,
     "two YAML documents in one file"),
    ("kind-typo-referred", TEACHERS, _sub("kind: dataset", "kind: datset"), VALIDATE,
     "a misspelt kind in a dataset every indicator counts"),
    ("unparsable-referred", TPM, _sub("rounding: 0", "rounding: 0\n\tnote: x"), VALIDATE,
     "a YAML error in an indicator the targets and recommendations name"),
    ("unquoted-ge", TARGETS, _sub("planned: не более 200", "planned: >= 200"), VALIDATE,
     "an unquoted >= in a planned value (a YAML block scalar)"),
    ("published-comma", TARGETS, _sub("published: 196", "published: 196,5"), VALIDATE,
     "a published figure with a decimal comma (text to YAML)"),
    ("extends-typo", RULESET, _sub("extends: ../order-908-1", "extends: ../order-9081"),
     VALIDATE, "a misspelt path of the base rule set"),
    ("cr-only", TPM, lambda raw: raw.replace(b"\n", b"\r"), REPORT,
     "CR-only line endings (old Mac)"),
    ("long-line", TPM, _append("note: " + "я" * 990_000 + "\n"), VALIDATE,
     "a line just under the size limit"),
    ("over-limit", TPM, _append("# " + "x" * 1_000_001 + "\n"), VALIDATE,
     "a file over the size limit, all comment"),
    ("deep-nesting", TPM, _append("note: " + "[" * 5000 + "]" * 5000 + "\n"), VALIDATE,
     "5000 nested lists"),
    ("deep-mapping", TPM, _append("note: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
     VALIDATE, "3000 nested mappings"),
    ("billion-laughs", TPM, _append(LAUGHS), VALIDATE, "exponential alias expansion"),
    ("recursive-alias", TPM, _append("note: &x [1, *x]\n"), VALIDATE,
     "an alias used inside its own anchor"),
    ("merge-key", TPM, _sub("variables:\n", "base: &b {count: teachers}\nvariables:\n"
                            "  Q:\n    <<: *b\n"), VALIDATE, "a YAML merge key"),
    ("multi-document", TPM, _append("---\n" + INDICATOR), REPORT,
     "a second YAML document in the file"),
    ("only-comment", TPM, _const(b"# nothing here\n"), VALIDATE, "a file of comments"),
    ("empty", TPM, _const(b""), VALIDATE, "an empty file"),
    ("whitespace", TPM, _const(b"   \n\t\n  "), VALIDATE, "only whitespace"),
    ("null-document", TPM, _const(b"~\n"), VALIDATE, "a null document"),
    ("end-marker", TPM, _const(b"...\n"), VALIDATE, "only a document end marker"),
    ("top-list", TPM, _const(b"- kind: indicator\n- id: x\n"), VALIDATE,
     "a list at the top"),
    ("top-scalar", TPM, _const("показатель\n".encode()), VALIDATE, "a word at the top"),
    ("yaml11-bool-key", TPM, _sub("  M:\n", "  on:\n    count: teachers\n  M:\n"), REPORT,
     "a key that YAML 1.1 reads as true"),
    ("numeric-key", TPM, _sub("  M:\n", "  1:\n    count: teachers\n  M:\n"), VALIDATE,
     "a number as a variable name"),
    ("null-key", TPM, _sub("  M:\n", "  ~:\n    count: teachers\n  M:\n"), VALIDATE,
     "null as a variable name"),
    ("complex-key", TPM, _append("? [a, b]\n: c\n"), VALIDATE, "a list as a key"),
    ("id-float", TPM, _sub("id: teachers_per_methodist", "id: 1e3"), VALIDATE,
     "an id that YAML reads as a number"),
    ("id-date", TPM, _sub("id: teachers_per_methodist", "id: 2023-01-01"), VALIDATE,
     "an id that YAML reads as a date"),
    ("id-octal", TPM, _sub("id: teachers_per_methodist", "id: 0o17"), VALIDATE,
     "an octal id"),
    ("python-tag", TPM, _append('note: !!python/object/apply:os.system ["echo pwned"]\n'),
     VALIDATE, "a Python object tag"),
    ("binary-tag", TPM, _append("note: !!binary aGVsbG8=\n"), VALIDATE, "a binary tag"),
    ("set-tag", TPM, _append("note: !!set {a, b}\n"), VALIDATE, "a set tag"),
    ("custom-tag", TPM, _append("note: !include other.yaml\n"), VALIDATE, "a local tag"),
    ("timestamp-tag", TPM, _append("note: !!timestamp 2023-13-45\n"), VALIDATE,
     "an impossible timestamp"),
    ("yaml-directive", TPM, lambda raw: b"%YAML 1.1\n---\n" + raw, REPORT,
     "a %YAML directive"),
    ("yaml-directive-2", TPM, lambda raw: b"%YAML 2.0\n---\n" + raw, VALIDATE,
     "a %YAML 2.0 directive"),
    ("duplicate-formula", TPM, _append("formula: Z\n"), VALIDATE, "a repeated key"),
    ("unclosed-quote", TPM, _append('note: "не закрыто\n'), VALIDATE, "an unclosed quote"),
    ("unclosed-bracket", TPM, _append("note: [a, b\n"), VALIDATE, "an unclosed bracket"),
    ("many-keys", TPM, _append("".join(f"k{i}: {i}\n" for i in range(5_000))), VALIDATE,
     "5 000 unknown keys"),
    ("fullwidth-kind", TPM, _sub("kind: indicator", "ｋｉｎｄ: indicator"), VALIDATE,
     "a fullwidth key"),
    ("cyrillic-kind", TPM, _sub("kind: indicator", "kind: іndicator"), VALIDATE,
     "a Cyrillic lookalike letter in a value"),
    ("key-trailing-space", TPM, _sub("formula: Z / M", '"formula ": Z / M'), VALIDATE,
     "a key with a trailing space"),
    ("rounding-400", TPM, _sub("rounding: 0", "rounding: 400"), REPORT, "rounding 400"),
    ("rounding-negative", TPM, _sub("rounding: 0", "rounding: -5"), REPORT,
     "negative rounding"),
    ("rounding-inf", TPM, _sub("rounding: 0", "rounding: .inf"), REPORT, "rounding .inf"),
    ("rounding-nan", TPM, _sub("rounding: 0", "rounding: .nan"), REPORT, "rounding .nan"),
    ("rounding-bool", TPM, _sub("rounding: 0", "rounding: yes"), REPORT,
     "rounding yes (YAML 1.1 true)"),
    ("rounding-fraction", TPM, _sub("rounding: 0", "rounding: 2.5"), REPORT,
     "fractional rounding"),
    ("rounding-huge", TPM, _sub("rounding: 0", "rounding: 99999999999999999999999"), REPORT,
     "a huge rounding"),
    ("rounding-zero-float", TPM, _sub("rounding: 0", "rounding: 0.0"), REPORT,
     "rounding 0.0"),
    ("period-date", TARGETS, _sub("period: 2023", "period: 2023-01-01"), REPORT,
     "a date as period"),
    ("period-huge", TARGETS, _sub("period: 2023", "period: 99999999999999999999999"), REPORT,
     "a huge period"),
    ("period-nan", TARGETS, _sub("period: 2023", "period: .nan"), REPORT, "period .nan"),
    ("period-string", TARGETS, _sub("period: 2023", 'period: "2023"'), REPORT,
     "period in quotes"),
    ("published-inf", TARGETS, _sub("published: 196", "published: .inf"), REPORT,
     "published .inf"),
    ("published-nan", TARGETS, _sub("published: 196", "published: .nan"), REPORT,
     "published .nan"),
    ("published-huge", TARGETS, _sub("published: 196", "published: 1e308"), REPORT,
     "published 1e308"),
    ("published-bigint", TARGETS, _sub("published: 196", "published: " + "9" * 400), REPORT,
     "published with 400 digits"),
    ("levels-empty", TARGETS, _sub("levels: [total, subject_area]", "levels: []"), REPORT,
     "empty levels"),
    ("levels-duplicate", TARGETS, _sub("levels: [total, subject_area]",
                                       "levels: [subject_area, subject_area, total, total]"),
     REPORT, "repeated levels"),
    ("levels-key", TARGETS, _sub("levels: [total, subject_area]", "levels: [teacher_id]"),
     REPORT, "a level on the key column (one group per teacher)"),
)

PLANNED = (
    ("inf", "не более 1e309"), ("inf-word", "не более .inf"), ("infinity", "≤ ∞"),
    ("nan", ">= nan"), ("min-above-max", "между 300 и 100"), ("equal-bounds", "между 1 и 1"),
    ("neg-zero", "не более -0"), ("tiny", "не более 1e-400"),
    ("huge", "не более 1 000 000 000 000 000 000 000 000"),
    ("fullwidth-digits", "не более ２００"), ("arabic-digits", "не более ٢٠٠"),
    ("double-percent", "от 10 до 30 %%"), ("two-commas", "не более 0,5,5"),
    ("no-number", "не более"), ("only-number", "200"), ("nbsp", "не\u00a0более\u00a0200"),
    ("zero-width", "не более 2\u200b00"), ("surrogate", "не более 200\ud800"),
    ("negative-range", "от -5 до -10"), ("long", "не более " + "9" * 5000),
)


def _file_case(builder: Builder, attack: Attack) -> None:
    slug, file, change, args, about = attack
    name = f"yaml-{slug}"
    folder = builder.folder(name)
    copy_rules(folder)
    target = folder / file
    target.write_bytes(change(target.read_bytes()))
    builder.add(folder, Case(name=name, description=about, args=args,
                             inputs=(SHARED_INPUT,), tags=("spec", "yaml")))


def _planned_case(builder: Builder, slug: str, planned: str) -> None:
    name = f"planned-{slug}"
    folder = builder.folder(name)
    copy_rules(folder)
    quoted = '"' + planned.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    quoted = quoted.replace("\\\\u", "\\u")
    replace_in(folder / TARGETS, "planned: не более 200", f"planned: {quoted}")
    builder.add(folder, Case(name=name, description=f"planned value {planned[:40]!r}",
                             args=(*REPORT, "--format", "json"), inputs=(SHARED_INPUT,),
                             tags=("spec", "planned")))


def yaml_cases(builder: Builder) -> None:
    for attack in FILE_ATTACKS:
        _file_case(builder, attack)
    for slug, planned in PLANNED:
        _planned_case(builder, slug, planned)


# --- references, datasets, derive chains, admission and recommendation structure ---

Edit = tuple[str, str, str]  # file, old, new

STRUCTURE: tuple[tuple[str, tuple[Edit, ...], tuple[str, ...], str], ...] = (
    ("min-above-max", ((APPS, "min: 0\n    max: 70", "min: 70\n    max: 0"),), SCREEN,
     "min above max"),
    ("min-max-inf", ((APPS, "min: 0\n    max: 70", "min: -.inf\n    max: .nan"),), SCREEN,
     "min -inf and max NaN"),
    ("min-max-huge", ((APPS, "min: 0\n    max: 70", "min: -1e400\n    max: 1e400"),), SCREEN,
     "min and max beyond floats"),
    ("one-alias-two-columns", ((APPS, "aliases: [Педагогический стаж с]",
                                "aliases: [Педагогический стаж с, Стаж]"),), SCREEN,
     "one alias for two columns"),
    ("alias-is-other-title", ((APPS, "aliases: [Дата заявки]",
                               "aliases: [Дата заявки, ФИО]"),), SCREEN,
     "an alias equal to another column's title"),
    ("alias-casefold", ((APPS, "aliases: [Дата заявки]",
                         "aliases: [Дата заявки, дата ЗАЯВКИ, «Дата заявки»]"),), SCREEN,
     "aliases that fold to the same header"),
    ("alias-empty", ((APPS, "aliases: [Дата заявки]", 'aliases: ["", " "]'),), SCREEN,
     "empty aliases"),
    ("fullwidth-column", ((APPS, "  full_name:", "  ｆｕｌｌ_name:"),), SCREEN,
     "fullwidth letters in a column name"),
    ("column-total", ((APPS, "  full_name:", "  total:"),), SCREEN, "a column named total"),
    ("column-period", ((APPS, "  full_name:", "  period:"),), SCREEN,
     "a column named period"),
    ("column-outcome", ((APPS, "  full_name:", "  outcome:"),), SCREEN,
     "a column named outcome"),
    ("column-reasons", ((APPS, "  full_name:", "  reasons:"),), SCREEN,
     "a column named reasons"),
    ("column-k1", ((APPS, "  full_name:", "  K1:"),), SCREEN,
     "a column named like a criterion"),
    ("column-k1-explain", ((APPS, "  full_name:", "  K1_explain:"),), SCREEN,
     "a column named like a criterion's explanation"),
    ("category-dup-fold", ((APPS, "values: [без категории, первая, высшая]",
                            "values: [без категории, первая, высшая, Высшая, вЫсшая ]"),),
     SCREEN, "category values equal after case folding"),
    ("category-yo", ((APPS, "values: [без категории, первая, высшая]",
                      "values: [без категории, первая, высшая, высшаё]"),), SCREEN,
     "category values equal after ё folding"),
    ("category-empty-value", ((APPS, "values: [без категории, первая, высшая]",
                               'values: ["", без категории, первая, высшая]'),), SCREEN,
     "an empty category value"),
    ("category-many", ((APPS, "values: [без категории, первая, высшая]",
                        "values: [без категории, первая, высшая, "
                        + ", ".join(f"v{i}" for i in range(3000)) + "]"),), SCREEN,
     "3000 category values"),
    ("synonym-is-value", ((APPS, "высш.: высшая", "первая: высшая"),), SCREEN,
     "a synonym spelled as another value"),
    ("synonym-numeric", ((APPS, "высш.: высшая", "1: высшая\n      2.5: первая"),), SCREEN,
     "numbers as synonyms"),
    ("date-format-bad", ((APPS, "aliases: [Дата заявки]",
                          'aliases: [Дата заявки]\n    formats: ["%Q", "", "%s", "%%"]'),),
     SCREEN, "impossible date formats"),
    ("date-format-time", ((APPS, "aliases: [Дата заявки]",
                           'aliases: [Дата заявки]\n    formats: ["%H:%M"]'),), SCREEN,
     "a time-only date format"),
    ("true-false-overlap", ((APPS, "    title: Высшее педагогическое образование\n",
                             "    title: Высшее педагогическое образование\n"
                             "    true_values: [да, нет]\n    false_values: [нет, да]\n"),),
     SCREEN, "the same words for yes and no"),
    ("true-values-empty-word", ((APPS, "    title: Высшее педагогическое образование\n",
                                 "    title: Высшее педагогическое образование\n"
                                 '    true_values: [""]\n'),), SCREEN, "an empty word for yes"),
    ("key-missing", ((APPS, "key: application_id", "key: nomer"),), SCREEN,
     "a key that is not a column"),
    ("key-date", ((APPS, "key: application_id", "key: application_date"),), SCREEN,
     "a date as the key"),
    ("dataset-file-traversal", (("indicators/datasets/teachers.yaml", "key: teacher_id",
                                 "key: teacher_id\nfile: ../../../../../../../../dev/zero"),),
     REPORT, "a dataset file name that climbs to /dev"),
    ("dataset-file-empty", (("indicators/datasets/teachers.yaml", "key: teacher_id",
                             'key: teacher_id\nfile: ""'),), REPORT, "an empty file name"),
    ("dataset-file-dot", (("indicators/datasets/teachers.yaml", "key: teacher_id",
                           'key: teacher_id\nfile: "."'),), REPORT, "file name '.'"),
    ("derive-chain", ((ADM, "derive:\n", "derive:\n  a1: experience_years * 2\n"
                       "  a2: a1 * a1\n  a3: a2 * a2 * a2\n  a4: a3 ** 10\n"
                       "  a5: round(a4, 0) + a1\n"),), SCREEN,
     "derive values that use other derive values, growing to overflow"),
    ("derive-forward", ((ADM, "derive:\n", "derive:\n  a1: a2 + 1\n  a2: 1\n"),), SCREEN,
     "a derive value that uses a later one"),
    ("derive-self", ((ADM, "derive:\n", "derive:\n  a1: a1 + 1\n"),), SCREEN,
     "a derive value that uses itself"),
    ("derive-shadow", ((ADM, "derive:\n", "derive:\n  category: 1\n"),), SCREEN,
     "a derive value named like a column"),
    ("derive-criterion-name", ((ADM, "derive:\n", "derive:\n  K1: True\n"),), SCREEN,
     "a derive value named like a criterion"),
    ("derive-outcome", ((ADM, "derive:\n", "derive:\n  outcome: 'admitted'\n"),), SCREEN,
     "a derive value named outcome"),
    ("derive-long-chain", ((ADM, "derive:\n", "derive:\n  c0: experience_years\n" + "".join(
        f"  c{i}: c{i - 1} + c{i - 1}\n" for i in range(1, 1100))),), SCREEN,
     "1100 derive values, each doubling the last"),
    ("derive-date", ((ADM, "derive:\n", "derive:\n  d1: coalesce(teaching_since, "
                      "application_date)\n  d2: years_between(d1, application_date) * -1\n"),),
     SCREEN, "derive dates and negative durations"),
    ("at-least-zero", ((ADM, "decision: all", "decision: {at_least: 0}"),), SCREEN,
     "at_least 0"),
    ("at-least-negative", ((ADM, "decision: all", "decision: {at_least: -1}"),), SCREEN,
     "at_least -1"),
    ("at-least-inf", ((ADM, "decision: all", "decision: {at_least: .inf}"),), SCREEN,
     "at_least .inf"),
    ("at-least-text", ((ADM, "decision: all", 'decision: {at_least: "5"}'),), SCREEN,
     "at_least in quotes"),
    ("decision-any", ((ADM, "decision: all", "decision: any"),), SCREEN,
     "an unknown decision word"),
    ("decision-list", ((ADM, "decision: all", "decision: [K1, K2]"),), SCREEN,
     "a list as decision"),
    ("criteria-dup", ((ADM, "  - id: K2\n", "  - id: K1\n"),), SCREEN,
     "two criteria with one code"),
    ("criteria-many", ((ADM, "decision: all", "decision: all\n" + "".join(
        f"# filler {i}\n" for i in range(3))),
        (ADM, "criteria:\n", "criteria:\n" + "".join(
            f"  - id: X{i}\n    title: t{i}\n    rule: experience_years > {i}\n"
            for i in range(400)))), SCREEN, "400 criteria"),
    ("outcome-labels-equal", ((ADM, "reserve: Резервный список",
                               "reserve: Вошли в состав РМА"),), SCREEN,
     "two outcomes with one label"),
    ("outcome-label-formula", ((ADM, "reserve: Резервный список",
                                'reserve: "=HYPERLINK(\\"http://x\\")"'),),
     (*SCREEN[:-1], "csv"), "a formula-looking outcome label"),
    ("column-title-formula", ((APPS, "    title: ФИО\n",
                               '    title: "=HYPERLINK(\\"http://x\\")"\n'),),
     (*SCREEN[:-1], "csv"), "a formula-looking column title, a header of the CSV output"),
    ("column-title-sign", ((APPS, "    title: Муниципалитет\n", "    title: +Муниципалитет\n"),),
     (*SCREEN[:-1], "csv"), "a column title starting with a plus"),
    ("summary-by-key", ((ADM, "by: subject_area", "by: application_id"),), SCREEN,
     "a summary by the key column"),
    ("summary-by-date", ((ADM, "by: subject_area", "by: application_date"),), SCREEN,
     "a summary by a date"),
    ("summary-population-self", ((ADM, "population: teachers", "population: rma"),), SCREEN,
     "the screening counted against itself"),
    ("rec-level-total", ((REC, "level: subject_area", "level: total"),), REPORT,
     "recommendations at the total level"),
    ("rec-values-cycle", ((REC, "missing: ceil(Z / planned) - M",
                           "missing: needed + extra\n  extra: missing + 1"),), REPORT,
     "recommendation values in a cycle"),
    ("rec-no-target", ((TARGETS, "  teachers_per_methodist:\n    planned: не более 200\n"
                        "    levels: [total, subject_area]  # норма «один методист на 200 "
                        "педагогов» — и по предметным областям\n    published: 196\n", ""),),
     REPORT, "recommendations using planned without a target"),
    ("rec-text-formula", ((REC, "  - id: no_methodist\n", "  - id: formula\n    when: True\n"
                           "    text: \"=HYPERLINK(\\\"http://evil\\\", \\\"{key}\\\")\"\n"
                           "  - id: no_methodist\n"),), (*REPORT, "--format", "json"),
     "a formula-looking recommendation text"),
    ("rec-variable-key", ((TPM, "  M:\n", "  key:\n    count: teachers\n  M:\n"),), REPORT,
     "an indicator variable named key, in recommendations the group's name"),
    ("rec-variable-planned-value", ((TPM, "  M:\n", "  planned_value:\n    count: teachers\n"
                                     "  M:\n"),), (*REPORT, "--format", "json"),
     "an indicator variable named like a column recommendations are built from"),
    ("rec-value-key", ((REC, "missing: ceil(Z / planned) - M",
                        "missing: ceil(Z / planned) - M\n  key: \"'x'\""),), REPORT,
     "a recommendation value named key"),
    ("rec-value-variable", ((REC, "missing: ceil(Z / planned) - M",
                             "missing: ceil(Z / planned) - M\n  Z: M"),), REPORT,
     "a recommendation value named like a variable"),
    ("rec-rule-code-twice", ((REC, "  - id: below_norm\n", "  - id: no_methodist\n"),),
     (*REPORT, "--format", "json"), "two recommendation rules with one code"),
    ("indicator-self", ((TPM, "formula: Z / M", "formula: teachers_per_methodist"),), REPORT,
     "an indicator that uses itself"),
    ("indicator-chain-levels", ((TPM, "formula: Z / M",
                                 "formula: Z / M + community_growth"),), REPORT,
     "a subject-area indicator using one that has no subject area"),
    ("variable-shadows-indicator", ((TPM, "  M:\n", "  community_growth:\n"
                                     "    count: teachers\n  M:\n"),), REPORT,
     "a variable named like an indicator"),
    ("ruleset-include-twice", ((RULESET, "  - ../../indicators",
                                "  - ../../indicators\n  - ../../indicators/\n"
                                "  - ../../indicators/../indicators\n  - .\n  - ./\n"),),
     REPORT, "the same folders included several times, and itself"),
    ("ruleset-extends-self", ((RULESET, "include:\n", "extends: .\ninclude:\n"),), REPORT,
     "a rule set that extends itself"),
    ("ruleset-extends-missing", ((RULESET, "include:\n", "extends: ../nowhere\ninclude:\n"),),
     VALIDATE, "a rule set that extends a folder that does not exist"),
    ("ruleset-extends-data", ((RULESET, "include:\n",
                               "extends: ../../examples/kaliningrad-2023/data\ninclude:\n"),),
     VALIDATE, "a rule set that extends a folder of data files"),
    ("ruleset-indicators-unknown", ((RULESET, "include:\n",
                                     "indicators: [teachers_per_metodist, x]\ninclude:\n"),),
     REPORT, "a rule set choosing indicators that do not exist"),
    ("ruleset-indicators-empty", ((RULESET, "include:\n", "indicators: []\ninclude:\n"),),
     VALIDATE, "a rule set choosing no indicator"),
    ("overrides-without-extends", ((TPM, "kind: indicator\n",
                                    "kind: indicator\noverrides: true\n"),), REPORT,
     "a spec that overrides while its rule set extends nothing"),
    ("missing-marker-clash", ((APPS, "key: application_id\n",
                               "key: application_id\nmissing: [да, '', н/д, Н/Д, -5]\n"),),
     SCREEN, "no-data markers that are yes/no words, empty, repeated or a number"),
    ("unknown-skip-on-count", ((TPM, "    count: teachers\n",
                                "    count: teachers\n    unknown: skip\n"),), REPORT,
     "unknown: skip on a count"),
    ("lookup-self", ((TEACHERS, "key: teacher_id\n", "key: teacher_id\nlookup:\n"
                      "  - {dataset: teachers, on: teacher_id, take: [subject_area]}\n"),),
     REPORT, "a dataset that looks attributes up in itself"),
    ("lookup-no-match", ((TEACHERS, "key: teacher_id\n", "key: teacher_id\nlookup:\n"
                          "  - {dataset: event_staff, on: municipality, take: [event_form]}\n"),),
     (*REPORT, "--level", "event_form"),
     "a lookup whose keys never match (municipalities against person ids), as a level"),
    ("lookup-key-as-take", ((TEACHERS, "key: teacher_id\n", "key: teacher_id\nlookup:\n"
                             "  - {dataset: event_staff, on: teacher_id, take: [person_id, "
                             "person_id2]}\n"),), REPORT,
     "a lookup taking the units' key itself and a column that does not exist"),
    ("derive-dataset-level", ((TEACHERS, "key: teacher_id\n", "key: teacher_id\nderive:\n"
                               "  place: coalesce(municipality, subject_area)\n"
                               "  many: place == 'Калининград'\n"),),
     (*REPORT, "--level", "many", "--format", "json"),
     "derived columns of a dataset, one as a level"),
    ("derive-dataset-cycle", ((TEACHERS, "key: teacher_id\n", "key: teacher_id\nderive:\n"
                               "  a: b\n  b: c\n  c: a\n  d: d\n"),), REPORT,
     "derived columns of a dataset in cycles"),
    ("derive-dataset-long-chain", ((TEACHERS, "key: teacher_id\n",
                                    "key: teacher_id\nderive:\n  c0: \"1\"\n" + "".join(
                                        f"  c{i}: c{i - 1} + c{i - 1}\n"
                                        for i in range(1, 1100))),),
     (*REPORT, "--level", "c1099"), "1100 derived columns, each doubling the last"),
    ("period-column-unknown", ((AGREEMENTS, "period: year", "period: yaer"),), REPORT,
     "a dataset naming a period column that does not exist"),
    ("period-column-boolean", ((AGREEMENTS, "period: year", "period: has_agreement"),), REPORT,
     "a dataset whose period column holds yes/no"),
    ("period-previous-undated", ((TPM, "    count: teachers\n",
                                  "    count: teachers\n    period: previous\n"),), REPORT,
     "the previous period of a dataset without a period column"),
    ("period-bad-labels", ((TARGETS, "period: 2023", "period: 5 квартал 2023"),), REPORT,
     "a targets period that names no period"),
    ("period-compare-later", ((RULESET, "include:\n", "compare: 2031\ninclude:\n"),),
     REPORT, "a comparison with a later period"),
    ("period-targets-overlap", ((TARGETS, "  rma_curator_share:\n    planned: не менее 0,5\n",
                                 "  rma_curator_share:\n    periods:\n"
                                 "      - {from: 2020, planned: не менее 0,5}\n"
                                 "      - {from: 2021, to: 2030, planned: не менее 1}\n"
                                 "      - {from: 2023, planned: не менее 2}\n"
                                 "      - {from: 2030, to: 2020, planned: не менее 3}\n"),),
     REPORT, "planned values by period that overlap and run backwards"),
    ("period-by-quarter-of-years", ((RULESET, "include:\n",
                                     "period: IV квартал 2023\ncompare: true\ninclude:\n"),),
     (*REPORT, "--format", "json"), "a quarterly report over yearly data, compared"),
    ("norms-list", ((TARGETS, "  teachers_per_methodist:\n    planned: не более 200\n",
                     "  teachers_per_methodist:\n    - norm: a\n      planned: не более 200\n"
                     "    - norm: b\n      planned: около 60\n      levels: [nowhere]\n"
                     "    - planned: не более 1\n  old_levels:\n"),), REPORT,
     "several norms, one unreadable, one at an unknown level, one unnamed"),
    ("formula-versions", ((TPM, "formula: Z / M",
                           "formula:\n  - {from: 2023, formula: Z / M}\n"
                           "  - {from: 2023, to: 2020, formula: teachers_per_methodist}\n"
                           "  - {from: 2031, formula: Z / (M - M)}\n  - {formula: Z +}\n"
                           "  - {from: [2023], formula: x}"),), REPORT,
     "formula versions: overlapping, backwards, self-referring, broken, a list as a period"),
    ("formula-versions-later", ((TPM, "formula: Z / M",
                                 "formula:\n  - {from: 2031, formula: Z / M}"),), REPORT,
     "a formula in force only from a later period (none in force now)"),
    ("figure-of-everything", ((TPM, "    count: teachers\n",
                               "    figure: teachers\n    of: 1\n"),), REPORT,
     "a figure over a whole dataset (many rows: unknown, warned)"),
    ("targets-typo-and-unknown", ((TARGETS, "\ntitle:", "\ntitel:"),
                                  (TARGETS, "targets:\n",
                                   "targets:\n  teachers_per_methodst: не менее 1\n")),
     VALIDATE, "a targets file with a misspelt field and a misspelt indicator below it"),
    ("missing-titles", ((REC, "\ntitle:", "\ntitel:"), (TPM, "\ntitle:", "\nname:"),
                        (TPM, "formula: Z / M", "formula: Z / MM")), VALIDATE,
     "recommendations and an indicator without a title, one with a misspelt name"),
    ("computed-at-the-bound", ((ADM, "rule: experience >= 5",
                                "rule: experience / 10 * 10 >= 5"),), SCREEN,
     "a computed number compared at its bound (binary noise)"),
)


def structure_cases(builder: Builder) -> None:
    for slug, edits, args, about in STRUCTURE:
        name = f"spec-{slug}"
        folder = builder.folder(name)
        copy_rules(folder)
        for file, old, new in edits:
            replace_in(folder / file, old, new)
        csv = args[-1] == "csv"
        builder.add(folder, Case(name=name, description=about, args=args,
                                 inputs=(SHARED_INPUT,), stdout_csv=csv,
                                 tags=("spec", "structure")))


def many_errors_cases(builder: Builder) -> None:
    """Outcomes must not depend on how many problems there are to list."""
    for count in (1, 199, 200, 201, 400):
        name = f"spec-errors-{count}"
        folder = builder.folder(name)
        copy_rules(folder)
        extra = folder / "indicators" / "extra"
        extra.mkdir()
        for i in range(count):
            (extra / f"bad{i:04}.yaml").write_text(
                f"kind: indicator\nid: bad{i}\ntitle: B\nunit: number\n"
                f"variables:\n  Z: {{count: teacherz}}\nformula: Z / Q{i}\n", encoding="utf-8")
        builder.add(folder, Case(name=name, description=f"{count} broken indicators at once",
                                 args=REPORT, inputs=(SHARED_INPUT,), tags=("spec", "count")))
    name = "spec-cascade"
    folder = builder.folder(name)
    copy_rules(folder)
    replace_in(folder / "indicators/datasets/teachers.yaml", "kind: dataset", "kind: datset")
    replace_in(folder / APPS, "kind: dataset", "kind: dataset\nextra_field: 1")
    builder.add(folder, Case(name=name, description="two typos that every other spec "
                             "depends on (cascading errors)", args=REPORT,
                             inputs=(SHARED_INPUT,), tags=("spec", "cascade")))


# --- include: and spec paths that are not plain files ---

def _ruleset(folder: Path, includes: list[str]) -> None:
    lines = "".join(f"  - {inc}\n" for inc in includes)
    (folder / "ruleset.yaml").write_text(
        f"kind: ruleset\nid: r\ntitle: R\ninclude:\n{lines}", encoding="utf-8")


def include_cases(builder: Builder) -> None:
    plain = [("root", ['"/"'], "include of /", True),
             ("dev-zero", ['"/dev/zero"'], "include of /dev/zero", True),
             ("dev-urandom", ['"/dev/urandom"'], "include of /dev/urandom", True),
             ("dev-stdin", ['"/dev/stdin"'], "include of /dev/stdin", True),
             ("dev", ['"/dev"'], "include of /dev", True),
             ("proc-self", ['"/proc/self"'], "include of /proc/self", True),
             ("self", ['"."', '"ruleset.yaml"'], "a ruleset including itself", False),
             ("nul", ['"a\\0b"'], "a NUL character in the path", False),
             ("long", ['"' + "x" * 5000 + '"'], "a 5000-character path", False),
             ("long-segment", ['"' + "/".join(["y" * 250] * 30) + '"'],
              "a path of 30 long folders", False),
             ("empty", ['""'], "an empty include", False),
             ("tilde", ['"~"'], "include of ~", False),
             ("url", ['"https://example.org/rules.yaml"'], "a URL", False),
             ("windows", ['"C:\\\\rules\\\\kaliningrad"'], "a Windows path", False),
             ("number", ["2023"], "a number", False),
             ("many", ['"."'] * 3000, "3000 includes of the same folder", False),
             ("not-yaml", ['"notes.txt"'], "include of a text file", False),
             ("binary", ['"blob.yaml"'], "include of a binary file named .yaml", False)]
    for slug, includes, about, isolated in plain:
        name = f"include-{slug}"
        folder = builder.folder(name)
        _ruleset(folder, includes)
        (folder / "notes.txt").write_text("Это не спецификация: просто заметки.\n"
                                          "kind: dataset\n", encoding="utf-8")
        (folder / "blob.yaml").write_bytes(bytes(range(256)) * 64)
        builder.add(folder, Case(name=name, description=about, args=("validate", "."),
                                 isolated=isolated, tags=("spec", "include")))
    # Made at run time, never committed: a FIFO, symlink loops, links to devices.
    def fifo_in_folder(folder: Path) -> None:
        (folder / "sub").mkdir()
        os.mkfifo(folder / "sub" / "p.yaml")

    def dir_loop(folder: Path) -> None:
        (folder / "d").mkdir()
        os.symlink("..", folder / "d" / "up")

    specials: list[tuple[str, Callable[[Path], None], list[str], str]] = [
        ("fifo", lambda f: os.mkfifo(f / "pipe.yaml"), ['"pipe.yaml"'],
         "include of a FIFO named .yaml"),
        ("fifo-in-folder", fifo_in_folder, ['"sub"'], "a folder holding a FIFO named .yaml"),
        ("symlink-loop", lambda f: os.symlink("loop", f / "loop"), ['"loop"'],
         "a symlink to itself"),
        ("symlink-dir-loop", dir_loop, ['"d"'], "a folder with a symlink to its parent"),
        ("symlink-zero", lambda f: os.symlink("/dev/zero", f / "zero.yaml"), ['"."'],
         "a folder with a .yaml symlink to /dev/zero"),
        ("symlink-dangling", lambda f: os.symlink("missing-target.yaml", f / "gone.yaml"),
         ['"."'], "a folder with a dangling .yaml symlink"),
    ]
    for slug, make, includes, about in specials:
        name = f"include-{slug}"
        folder = builder.folder(name)
        _ruleset(folder, includes)
        make(folder)
        builder.add(folder, Case(name=name, description=about, args=("validate", "."),
                                 isolated=True, tags=("spec", "include", "special")))
    # Spec paths given on the command line.
    for slug, target, about in (("dev-null", "/dev/null", "validate /dev/null"),
                                ("dev-zero-arg", "/dev/zero", "validate /dev/zero"),
                                ("fifo-arg", "p.yaml", "validate a FIFO"),
                                ("rules-zero", "/dev/zero", "report --rules /dev/zero")):
        name = f"paths-{slug}"
        folder = builder.folder(name)
        if target == "p.yaml":
            os.mkfifo(folder / "p.yaml")
        args: tuple[str, ...] = (("report", "--rules", target, "--data", ".")
                                 if slug == "rules-zero" else ("validate", target))
        builder.add(folder, Case(name=name, description=about, args=args, isolated=True,
                                 tags=("spec", "path", "special")))
