"""The message catalogue: every key formats in both languages with the same parameters."""

from __future__ import annotations

import difflib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.messages import _en, _ru
from mayak.messages._catalogue import CATALOGUE, LANGUAGES, Key, Number, text
from mayak.messages._problems import Location, Problem


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_formats_in_both_languages(key: str) -> None:
    fields = {lang: _placeholders(CATALOGUE[key][lang]) for lang in LANGUAGES}
    assert fields["ru"] == fields["en"], f"{key}: {fields}"
    params = {name: f"<{name}>" for name in fields["ru"]}
    for lang in LANGUAGES:
        shown = text(key, lang, **params)
        for value in params.values():
            assert value in shown or value == "<hint>"


def test_unknown_key_is_a_bug_not_a_silent_echo() -> None:
    with pytest.raises(KeyError):
        text("no.such.key", "ru")


def test_missing_parameter_is_a_bug() -> None:
    with pytest.raises(KeyError):
        text("where.row", "ru")


def test_a_parameter_equal_to_a_key_is_shown_as_given() -> None:
    # A column of the user's that happens to be called like a message key stays as written.
    assert text("where.column", "en", column="value.unknown") == "column 'value.unknown'"
    assert text("where.column", "en", column=Key("value.unknown")) == "column 'no data'"


def test_marked_parameters_are_translated() -> None:
    assert text("where.column", "ru", column=Key("type.string", "type.null")) == (
        "столбец «текст / пустое значение»")
    assert text("where.row", "ru", row=Number(2.5)) == "строка 2,5"
    with pytest.raises(KeyError):
        Key("not.a.key")


def test_literal_braces_survive() -> None:
    assert "{имя}" in text("expr.template_brace", "ru")
    assert "{name}" in text("expr.template_brace", "en")


def test_each_language_has_every_key_and_no_other() -> None:
    assert set(_ru.MESSAGES) == set(_en.MESSAGES)
    assert set(CATALOGUE) == set(_ru.MESSAGES)


def test_a_suggestion_is_marked_and_shown_as_a_sentence() -> None:
    from mayak.messages._suggest import suggestion  # noqa: PLC0415

    hint = suggestion("experiense", ["experience", "age"])
    assert hint == "experience"
    assert "возможно, имелось в виду «experience»" in text("schema.unknown_key", "ru",
                                                          field="x", hint=hint, allowed="a")
    assert "did you mean 'experience'" in text("schema.unknown_key", "en",
                                               field="x", hint=hint, allowed="a")
    # A plain word is shown as given: only marked parameters are translated.
    assert text("schema.unknown_key", "en", field="x", hint="-", allowed="a").startswith(
        "unknown field 'x'-")
    assert text("schema.unknown_key", "en", field="x", hint=suggestion("zzz", ["a"]),
                allowed="a") == "unknown field 'x'; allowed: a"


_WORDS = st.text(alphabet="аеиоклмнрстMN0123456789 -", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(word=_WORDS, known=st.lists(_WORDS, min_size=201, max_size=400))
def test_a_long_list_is_shortlisted_without_changing_the_suggestion(word: str,
                                                                    known: list[str]) -> None:
    from mayak.messages._suggest import CUTOFF, suggestion  # noqa: PLC0415

    others = [k for k in known if k != word]
    plain = difflib.get_close_matches(word, others, n=1, cutoff=CUTOFF)
    assert str(suggestion(word, known)) == (plain[0] if plain else "")


def test_a_mistyped_unit_among_thousands_is_suggested() -> None:
    from mayak.messages._suggest import suggestion  # noqa: PLC0415

    units = [f"Муниципалитет {n:04}" for n in range(1, 2701)]
    assert str(suggestion("Муниципалитет 27OO", units)) == "Муниципалитет 2700"


def test_a_problem_is_said_on_one_line_whatever_it_quotes() -> None:
    # A header written over two lines in Excel, a key or value with a line break in a spec.
    problem = Problem("schema.pattern", {"value": "A\r\nb\u2028c", "rule": "x"},
                      Location("a.yaml", 2, 3, "variables.A\n"))
    shown = problem.render("ru")
    assert len(shown.splitlines()) == 1
    assert "«A\\r\\nb\\u2028c»" in shown and "variables.A\\n" in shown
    cell = Problem("data.empty_row", {}, Location("a.xlsx", row=4, column="Дата\nзаявки"))
    assert cell.render("en").splitlines() == [cell.render("en")]
    assert problem.params["value"] == "A\r\nb\u2028c"  # the value itself is kept as it is
