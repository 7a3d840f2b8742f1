from __future__ import annotations

import pytest
from mayak.messages._problems import Problem
from mayak.spec._yaml import MAX_ALIASES, YamlDocument, read_yaml


def parse(source: str) -> YamlDocument:
    document = read_yaml("spec.yaml", source)
    assert isinstance(document, YamlDocument), document
    return document


def refuse(source: str) -> Problem:
    problem = read_yaml("spec.yaml", source)
    assert isinstance(problem, Problem), problem
    return problem


def test_dates_stay_text_and_yes_no_are_not_booleans() -> None:
    data = parse("date: 2023-05-31\nanswer: yes\nflag: true\nn: 1_000\nx: 0,5\n").data
    assert data == {"date": "2023-05-31", "answer": "yes", "flag": True, "n": 1000, "x": "0,5"}


def test_positions_of_values_and_keys() -> None:
    document = parse("kind: indicator\nvariables:\n  A: {count: teachers}\n")
    assert document.positions[("variables", "A", "count")] == (3, 14)
    assert document.key_positions[("variables", "A")] == (3, 3)
    location = document.location(("variables", "A", "missing"))
    assert (location.line, location.col) == (3, 6)  # nearest known parent


def test_quoted_value_position_points_inside_the_quotes() -> None:
    document = parse('where: "a and b"\n')
    assert document.positions[("where",)] == (1, 9)


@pytest.mark.parametrize(("source", "code"), [
    ("a: 1\na: 2\n", "yaml.duplicate_key"),
    ("a: !!python/object:os.system x\n", "yaml.tag"),
    ("a: !custom x\n", "yaml.tag"),
    ("a: [1, 2\n", "yaml.syntax_started"),  # also says where the [ began
    ("a: b: c\n", "yaml.why.colon"),  # told in the catalogue's words
    ("a: @x\n", "yaml.why.bad_start"),
    ("a: b\n%x\n", "yaml.syntax"),  # a rare one: in the parser's words
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "yaml.too_deep"),
    ("a: " + "x" * 1_000_000 + "\n", "yaml.file_too_large"),
    ("", "yaml.empty"),
    ("base: &b {x: 1}\nchild:\n  <<: *b\n", "yaml.complex_key"),
])
def test_refused_documents(source: str, code: str) -> None:
    assert refuse(source).code == code


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    problem = refuse("\n".join(lines) + "\n")
    assert problem.code in ("yaml.too_many_aliases", "yaml.too_large")


def test_a_few_aliases_are_fine() -> None:
    data = parse("a: &a [1, 2]\nb: *a\nc: *a\n").data
    assert data["b"] == data["c"] == [1, 2]
    assert MAX_ALIASES >= 2


def test_yaml_1_1_numbers_stay_as_written() -> None:
    document = read_yaml("f.yaml", "a: 1:30\nb: 0b101\nc: .inf\nd: 0x1F\n")
    assert not isinstance(document, Problem)
    assert document.data == {"a": "1:30", "b": "0b101", "c": ".inf", "d": 31}
