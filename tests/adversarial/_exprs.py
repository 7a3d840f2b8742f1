"""Expression attacks, and the places of a spec that take an expression.

A payload is written with placeholders that each place fills with names of its own:
``@n@``/``@m@`` numbers, ``@d@``/``@e@`` dates, ``@s@`` text, ``@b@``/``@c@`` yes/no,
``@k@`` an ordered category. A place lacking a kind skips the payloads that need it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tests.adversarial._case import (
    SHARED_DATA,
    SHARED_INPUT,
    Builder,
    Case,
    copy_rules,
    replace_in,
    yaml_quote,
)

Kind = str  # "num", "bool" or "any"


@dataclass(frozen=True)
class Payload:
    slug: str
    text: str
    kind: Kind
    about: str
    places: tuple[str, ...] = ()  # always attacked here (besides the seeded choice)


LONG_NAME = "z" * 1990
DEEP = 150  # parentheses: below Python's parser limit (200), above most hand-written
P = Payload
PAYLOADS: tuple[Payload, ...] = (
    P("pow10", "@n@ ** 10", "num", "Z ** 10 overflows Int64 and rounding 0",
      ("formula", "values", "derive")),
    P("pow10_pow10", "@n@ ** 10 ** 10", "num", "a power of a power", ("formula",)),
    P("big_pow", "(@n@ * 1e30) ** 10", "num", "a finite base to an infinite result",
      ("formula", "of")),
    P("inf_sum", "1e308 + 1e308 + @n@", "num", "literal overflow to infinity",
      ("formula", "rule")),
    P("inf_literal", "1e309 + @n@", "num", "a literal that is already infinite", ("formula",)),
    P("nan_literal", "1e309 - 1e309 + @n@", "num", "NaN from inf - inf", ("formula", "of")),
    P("round_inf_digits", "round(@n@, 1e309)", "num", "round to infinite digits",
      ("formula", "explain")),
    P("round_400", "round(@n@, 400)", "num", "round to far too many digits", ("values",)),
    P("round_neg", "round(@n@, -400)", "num", "round to negative digits", ("formula",)),
    P("round_float_digits", "round(@n@, 1.5)", "num", "fractional digits in round"),
    P("round_big_int", "round(@n@, 9007199254740992)", "num", "an enormous digit count"),
    P("floor_inf", "floor(@n@ * 1e308 * 10)", "num", "floor of infinity",
      ("formula", "derive")),
    P("ceil_nan", "ceil(1e309 - 1e309)", "num", "ceil of NaN", ("values",)),
    P("mul_overflow", "@n@ * 9007199254740992 * 9007199254740992 * 9007199254740992",
      "num", "integer-looking overflow"),
    P("int_beyond", "@n@ + 9007199254740993", "num", "an integer literal past 2**53"),
    P("neg_sqrt", "(-1 - @n@) ** 0.5", "num", "square root of a negative number",
      ("formula", "rule")),
    P("zero_negpow", "(@n@ - @n@) ** -10", "num", "zero to a negative power", ("formula",)),
    P("div_zero", "@n@ / 0 + @n@ // 0 + @n@ % 0", "num", "every division by zero",
      ("formula", "derive")),
    P("div_negzero", "@n@ / -0.0", "num", "division by negative zero"),
    P("tiny", "@n@ * 1e-400", "num", "an underflowing literal"),
    P("literal_forms", "1_000 + 0x10 + .5 + 5. + 1E3 + @n@", "num", "unusual number literals"),
    P("complex_literal", "@n@ + 1j", "num", "a complex-number literal"),
    P("min_inf", "min(@n@, 1e309) + max(-1e309, @n@)", "num", "min/max with infinities"),
    P("min_one", "min(@n@)", "num", "min with one argument"),
    P("min_none", "min()", "num", "min without arguments"),
    P("round_three", "round(@n@, 1, 2)", "num", "round with three arguments"),
    P("coalesce_none", "coalesce(None, None)", "any", "coalesce of nothing known"),
    P("none_alone", "None", "any", "a bare None", ("formula", "rule", "decision", "when")),
    P("none_arith", "None + @n@", "num", "None in arithmetic", ("derive",)),
    P("ifexp_none", "@n@ if @n@ > 0 else None", "num", "a conditional with None"),
    P("bool_arith", "True + @n@", "num", "arithmetic on yes/no"),
    P("float_equality", "@n@ * 0 + 0.1 + 0.2 == 0.3", "bool", "binary fractions"),
    P("const_true", "True", "bool", "a constant condition", ("rule", "decision", "where")),
    P("const_compare", "1 == 1", "bool", "a condition without names", ("when",)),
    P("chain_compare", "0 < @n@ < 1 < 2 < 3 < 4 < 5 < 6 < 7 < 8 < 9", "bool",
      "a long comparison chain"),
    P("deep_parens", "(" * DEEP + "@n@" + ")" * DEEP, "num", "deeply nested parentheses"),
    P("too_deep_parens", "(" * 250 + "@n@" + ")" * 250, "num",
      "parentheses past the parser's limit"),
    P("unary_chain", "-" * 600 + "@n@", "num", "hundreds of unary minuses"),
    P("not_chain", "not " * 400 + "@b@", "bool", "hundreds of nots"),
    P("size_limit", "@n@" + " + 1" * 499, "num", "just under the size limit"),
    P("size_over", "@n@" + " + 1" * 520, "num", "over the size limit"),
    P("size_exact", "@n@ + " + "1" * (2000 - 10), "num", "one huge literal at the length limit"),
    P("long_name", LONG_NAME, "num", "a 1990-character unknown name"),
    P("semicolon", "@n@; import os", "num", "text after a semicolon",
      ("formula", "rule", "where")),
    P("semicolon_expr", "@n@ ; @n@ + 1", "num", "two expressions after a semicolon"),
    P("hash_comment", "@n@ # комментарий", "num", "a # comment inside the expression",
      ("formula", "derive")),
    P("newline", "@n@\n+ 1", "num", "a line break inside", ("values",)),
    P("backslash", "@n@ \\\n+ 1", "num", "a backslash line continuation"),
    P("tuple_comma", "@n@ > 0,5", "bool", "a decimal comma", ("rule",)),
    P("fullwidth_name", "@N@ + 0", "num", "fullwidth lookalike letters in a name",
      ("formula", "rule", "values")),
    P("cyrillic_lookalike", "@C@ + 0", "num", "a Cyrillic lookalike letter in a name",
      ("formula", "derive")),
    P("math_bold", "@B@ + 0", "num", "mathematical bold letters (NFKC) in a name"),
    P("zero_width", "@n@\u200b + 1", "num", "a zero-width space"),
    P("nbsp", "@n@\u00a0+ 1", "num", "a non-breaking space"),
    P("rtl_override", "@n@ + \u202e1", "num", "a right-to-left override"),
    P("nul_char", "@n@ + 1\u0000", "num", "a NUL character"),
    P("lone_surrogate", "@s@ == \"\ud800\"", "bool", "a lone surrogate in a string literal",
      ("rule", "where")),
    P("surrogate_pair", "@s@ == \"\ud835\udc19\"", "bool",
      "an escaped surrogate pair, as JSON tools write astral letters", ("where",)),
    P("emoji_string", "@s@ == \"👩‍🏫\"", "bool", "a combined emoji in a string literal"),
    P("russian_name", "стаж >= 5", "bool", "a Russian name", ("rule",)),
    P("empty", "", "any", "an empty expression", ("formula", "rule", "when", "decision")),
    P("blank", "   \t ", "any", "only spaces and a tab", ("derive",)),
    P("walrus", "(x := @n@)", "num", "an assignment expression"),
    P("starred", "*@n@", "num", "a starred name"),
    P("lambda", "(lambda: @n@)()", "num", "a lambda call"),
    P("dunder_import", "__import__('os').getpid()", "num", "__import__"),
    P("attribute", "@n@.real", "num", "an attribute"),
    P("subscript", "@s@[0]", "any", "a subscript"),
    P("fstring", "f'{@n@}'", "any", "an f-string"),
    P("matmul", "@n@ @ @n@", "num", "matrix multiplication"),
    P("shift", "@n@ << 2", "num", "a bit shift"),
    P("invert", "~@n@", "num", "bitwise not"),
    P("is_none", "@n@ is None", "bool", "identity test"),
    P("generator", "min(x for x in [1, 2])", "num", "a generator"),
    P("set_literal", "@n@ in {1, 2}", "bool", "a set literal"),
    P("dict_literal", "{'a': @n@}", "any", "a dict literal"),
    P("string_repeat", "@s@ * 1000000", "any", "string times a number"),
    P("string_concat", "@s@ + @s@", "any", "string concatenation"),
    P("string_order", "@s@ < @s@", "bool", "ordering text"),
    P("string_number", "@s@ == 1", "bool", "text compared with a number"),
    P("in_empty", "@n@ in []", "bool", "in an empty list"),
    P("in_long", "@n@ in [" + ", ".join(str(i) for i in range(250)) + "]", "bool",
      "in a list past the limit"),
    P("in_mixed", "@n@ in [1, 'a', None]", "bool", "in a mixed list"),
    P("in_inf", "@n@ in [1e309, -0.0, 0]", "bool", "in a list with infinity and -0"),
    P("in_names", "@n@ in [@n@, @m@]", "bool", "names inside the list"),
    P("date_minus", "@d@ - @e@", "any", "subtracting dates", ("derive", "explain")),
    P("date_plus", "@d@ + 1", "any", "date plus a number"),
    P("date_vs_text", "@d@ > '2023-01-01'", "bool", "date compared with text"),
    P("negative_years", "years_between(@d@, @e@)", "num",
      "negative durations: end before start", ("derive", "rule")),
    P("years_huge", "years_between(@e@, @d@) ** 10", "num", "years to the tenth power"),
    P("year_of_number", "year(@n@)", "num", "year of a number"),
    P("plural_number", "plural(@n@, 'а', 'б', 'в')", "any", "plural where a number goes"),
    P("plural_inf", "plural(@n@ * 1e308 * 10, 'а', 'б', 'в')", "any", "plural of infinity",
      ("text", "explain")),
    P("plural_nan", "plural(1e309 - 1e309, 'а', 'б', 'в')", "any", "plural of NaN",
      ("text",)),
    P("braces_in_string", "@s@ == '{}'", "bool", "braces inside a string"),
    P("ordered_category", "@k@ >= 'высшая' and @k@ < 'Высшая'", "bool",
      "an ordered category with a case typo"),
    P("keyword_args", "round(@n@, n=1)", "num", "keyword arguments"),
    P("unknown_function", "sqrt(@n@)", "num", "an unknown function"),
    P("period_power", "period ** 10 + @n@", "num", "period to the tenth power"),
    P("abs_int_min", "abs(-9007199254740992 * 1024) + @n@", "num", "abs of a huge negative"),
    P("bool_and_num", "@n@ and @b@", "bool", "and on a number"),
    P("kleene", "(@b@ or not @b@) and (@c@ or not @c@)", "bool", "excluded middle on unknowns"),
)

# Each place: how to make its spec file say the expression, what kinds of names it
# has, how it is run.
REPORT = ("report", "--rules", "rules/kaliningrad", "--data", SHARED_DATA)
SCREEN = ("screen", "--rules", "rules/kaliningrad", f"{SHARED_DATA}/applications.xlsx",
          "--format", "json")
TPM = "indicators/teachers_per_methodist.yaml"
ADM = "rules/kaliningrad/rma-admission.yaml"
REC = "rules/kaliningrad/recommendations-rma.yaml"
RMA_NAMES = {"n": "experience_years", "m": "experience", "d": "teaching_since",
             "e": "application_date", "s": "full_name", "b": "higher_pedagogical",
             "c": "retraining", "k": "category"}
APP_NAMES = {**RMA_NAMES, "m": "experience_years"}
INDICATOR_NAMES = {"n": "Z", "m": "M"}
REC_NAMES = {"n": "Z", "m": "M"}
DECISION_NAMES = {"b": "K1", "c": "K2"}


@dataclass(frozen=True)
class Place:
    name: str
    file: str
    old: str
    new: str  # "{q}" is the quoted expression, "{t}" the raw one
    kind: Kind
    names: dict[str, str]
    args: tuple[str, ...]
    template: bool = False  # the expression goes inside {…} of a text


PLACES: tuple[Place, ...] = (
    Place("formula", TPM, "formula: Z / M", "formula: {q}", "num", INDICATOR_NAMES, REPORT),
    Place("where", TPM, "where: outcome == 'admitted'", "where: {q}", "bool", RMA_NAMES,
          REPORT),
    Place("of", TPM, "  M:\n    count: rma\n",
          "  M:\n    sum: rma\n    of: {q}\n", "num", RMA_NAMES, (*REPORT, "--format", "json")),
    Place("derive", ADM, "experience: coalesce(experience_years, years_between("
          "teaching_since, application_date))", "experience: {q}", "num", APP_NAMES, SCREEN),
    Place("rule", ADM, "rule: experience >= 5", "rule: {q}", "bool", APP_NAMES, SCREEN),
    Place("explain", ADM, 'explain: "стаж {experience} (лет), требуется не менее 5"',
          "explain: {q}", "any", APP_NAMES, SCREEN, template=True),
    Place("decision", ADM, "decision: all", "decision: {q}", "bool", DECISION_NAMES, SCREEN),
    Place("values", REC, "needed: ceil(Z / planned)", "needed: {q}", "num", REC_NAMES,
          (*REPORT, "--format", "md")),
    Place("when", REC, "when: M == 0 and Z > 0", "when: {q}", "bool", REC_NAMES, REPORT),
    Place("text", REC, "", "", "any", REC_NAMES,
          (*REPORT, "--format", "json"), template=True),
)

LOOKALIKES = {"N": ("Ｚ", "ｅｘｐｅｒｉｅｎｃｅ"), "C": ("Ｍ", "ехрегіеnсе"),
              "B": ("𝐙", "𝐞𝐱𝐩𝐞𝐫𝐢𝐞𝐧𝐜𝐞")}


def _fill(payload: Payload, place: Place) -> str | None:
    """The payload with this place's names, shaped to the place's kind; None if it cannot
    be said here."""
    text = payload.text
    for token, (indicator_form, column_form) in LOOKALIKES.items():
        if f"@{token}@" in text:
            if "n" not in place.names:
                return None
            form = indicator_form if place.names["n"] == "Z" else column_form
            text = text.replace(f"@{token}@", form)
    for token in "nmdeskbck":
        if f"@{token}@" in text:
            if token not in place.names:
                return None
            text = text.replace(f"@{token}@", place.names[token])
    if place.template or place.kind == "any" or payload.kind == "any":
        return text
    if place.kind == "bool" and payload.kind == "num":
        return f"({text}) > 0"
    if place.kind == "num" and payload.kind == "bool":
        return f"1 if ({text}) else 0"
    return text


def _render(place: Place, expression: str) -> str:
    if place.name == "text":
        body = "Нужно {" + expression + "} методистов"
    elif place.template:
        body = "стаж {" + expression + "} лет"
    else:
        body = expression
    return place.new.format(q=yaml_quote(body), t=body)


def _write_place(folder: Path, place: Place, expression: str) -> None:
    copy_rules(folder)
    target = folder / place.file
    if place.name == "text":
        # Replace the whole first text line of the rule.
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines)
                     if line.lstrip().startswith("text: \"Включить"))
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index] = f"{indent}text: {yaml_quote('Нужно {' + expression + '} методистов')}\n"
        target.write_text("".join(lines), encoding="utf-8")
        return
    replace_in(target, place.old, _render(place, expression))


def _choose(seed: int) -> dict[str, list[str]]:
    """Places per payload: its own list plus two drawn with a fixed seed."""
    rng = random.Random(seed)
    names = [p.name for p in PLACES]
    chosen: dict[str, list[str]] = {}
    for payload in PAYLOADS:
        picks = list(payload.places)
        for name in rng.sample(names, len(names)):
            if len(picks) >= max(len(payload.places), 2):
                break
            if name not in picks:
                picks.append(name)
        chosen[payload.slug] = picks
    return chosen


def expression_cases(builder: Builder, seed: int = 20240601) -> None:
    places = {p.name: p for p in PLACES}
    chosen = _choose(seed)
    for payload in PAYLOADS:
        for place_name in chosen[payload.slug]:
            place = places[place_name]
            expression = _fill(payload, place)
            if expression is None:
                continue
            name = f"expr-{place.name}-{payload.slug}"
            folder = builder.folder(name)
            _write_place(folder, place, expression)
            builder.add(folder, Case(name=name, description=f"{payload.about}, in "
                                     f"{place.name}: {expression[:80]!r}",
                                     args=place.args, inputs=(SHARED_INPUT,),
                                     tags=("spec", "expression")))

