"""Rule sets, results, screenings and problems can be sent to another process (pickled),
and stay read-only there."""

from __future__ import annotations

import concurrent.futures
import copy
import multiprocessing
import pickle

import mayak
import polars as pl
import pytest
from mayak._frozen import Frozen

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES


def _indicators(rules: mayak.Ruleset) -> pl.DataFrame:
    return rules.evaluate_folder(KALININGRAD_DATA).indicators


def test_a_read_only_mapping_compares_pickles_and_refuses_changes() -> None:
    frozen = Frozen({"a": 1, "b": [2]})
    assert frozen == {"a": 1, "b": [2]} and frozen == Frozen({"a": 1, "b": [2]})
    assert frozen != {"a": 1} and list(frozen) == ["a", "b"] and len(frozen) == 2
    assert pickle.loads(pickle.dumps(frozen)) == frozen
    assert copy.deepcopy(frozen) == frozen
    with pytest.raises(TypeError):
        frozen["c"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        frozen._items = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(frozen)  # like a dict: what it holds may change
    assert repr(frozen) == "Frozen({'a': 1, 'b': [2]})"
    assert frozen | {"a": 0} == {"a": 0, "b": [2]} and {"c": 3} | frozen == {"c": 3, **frozen}


def test_a_result_and_its_parts_come_back_equal_and_read_only() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    result = rules.evaluate_folder(KALININGRAD_DATA)
    back = pickle.loads(pickle.dumps(result))
    assert back.indicators.equals(result.indicators)
    assert back.variables.equals(result.variables)
    assert back.recommendations.equals(result.recommendations)
    assert back.problems == result.problems and back.problems
    assert back.provenance == result.provenance and back.bases == result.bases
    with pytest.raises(TypeError):
        back.bases["other"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        back.problems[0].params["other"] = None  # type: ignore[index]


def test_a_rule_set_sent_to_another_process_evaluates_as_here() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    here = _indicators(rules)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing shared
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        there = pool.submit(_indicators, rules).result()
    assert there.equals(here)


def test_a_screening_and_the_data_read_come_back_equal() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    screening = rules.screen(KALININGRAD_DATA / "applications.xlsx")
    back = pickle.loads(pickle.dumps(screening))
    assert back.candidates.equals(screening.candidates)
    assert back.problems == screening.problems
    data = rules.read(KALININGRAD_DATA)
    read = pickle.loads(pickle.dumps(data))
    assert read.files == data.files and read.hashes == data.hashes
    assert set(read.frames) == set(data.frames)
    for name, frame in data.frames.items():
        assert pl.DataFrame(read.frames[name].collect()).equals(pl.DataFrame(frame.collect()))
