"""The benchmarks' sides agree on small generated data: Mayak's results and problems against
hand-written Polars computing and checking the same (each benchmark exits 1 when they
differ): the expert review, the indicators (with a lookup too), the periods and the whole
report; and the other benchmarks run to their end."""

from __future__ import annotations

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("scale", [0.02, 0.1])
def test_the_expertise_benchmark_sides_agree(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str],
                                             scale: float) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_expertise  # noqa: PLC0415  (found on the path set above)

    assert bench_expertise.main(["--scale", str(scale), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "findings agree" in out and "MISMATCH" not in out


def test_the_indicators_benchmark_sides_agree(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Values, counts and findings of the same-work side are Mayak's, with a lookup too,
    on the data with one slip of each kind."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_indicators  # noqa: PLC0415  (found on the path set above)

    assert bench_indicators.main(["--scale", "0.02", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("findings agree") == 2 and "MISMATCH" not in out


def test_the_report_benchmark_documents_agree(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The same-work script writes Mayak's report (notes on the problems included), on the
    data with one slip of each kind too."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_report  # noqa: PLC0415  (found on the path set above)

    assert bench_report.main(["--scale", "0.02", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "agrees line for line" in out and "MISMATCH" not in out


def test_the_periods_benchmark_sides_agree(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Both years of every level, the change and the ratio: the groups of each year are
    those with rows in it, as Mayak has them."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_periods  # noqa: PLC0415  (found on the path set above)

    assert bench_periods.main(["--scale", "0.01", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "rows agree" in out and "MISMATCH" not in out


@pytest.mark.parametrize("name", ["bench_screening", "bench_documents"])
def test_the_other_benchmarks_run_to_their_end(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               name: str) -> None:
    """A measurement that no longer runs (Mayak's outputs changed under it) is caught here,
    not by the next person timing it."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    benchmark = __import__(name)
    assert benchmark.main(["--scale", "0.01", "--repeat", "1"]) == 0
    assert "ratio" in capsys.readouterr().out
