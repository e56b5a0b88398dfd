"""The paths benchmark's floors compute what the project computes (the timed runs themselves are not tests)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from benchmarks.paths import (
    TABLE_COLUMNS,
    floor_km,
    floor_logrank,
    goals_section,
    grouped_frame,
    project_grouped,
)
from benchmarks.reading import FLOOR_SCRIPT, write_rows
from survival.estimate.kaplan_meier import logrank_rows
from survival.io.individual import read_individual_csv


@pytest.mark.parametrize("kind", ["int", "float"])
@pytest.mark.parametrize("groups", [1, 7])
def test_the_grouped_floor_is_the_same_table(kind, groups):
    frame = grouped_frame(3000, groups, kind, seed=3)
    project, floor = project_grouped(frame), floor_km(frame)
    assert len(project) == len(floor)
    assert project["group"].tolist() == floor["group"].tolist()
    for column in TABLE_COLUMNS:
        np.testing.assert_allclose(project[column], floor[column], rtol=1e-12, atol=1e-14, err_msg=column)


def test_the_logrank_floor_is_the_same_statistic():
    rng = np.random.default_rng(1)
    t, e, g = rng.integers(0, 7301, 5000), rng.integers(0, 2, 5000), rng.integers(0, 2, 5000)
    assert floor_logrank(t, e, g) == pytest.approx(logrank_rows(t, e, g).statistic, rel=1e-10)


def test_written_rows_read_back(tmp_path):
    path = tmp_path / "rows.csv"
    write_rows(path, 1000, "int", block=300)
    frame = pd.read_csv(path)
    assert list(frame.columns) == ["duration", "event", "stage"] and len(frame) == 1000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        counts = read_individual_csv(path, group="stage", time_unit="days")
    assert counts.n_rows == 1000 and counts.groups() == [("I",), ("II",), ("III",), ("IV",)]
    assert "observed" in FLOOR_SCRIPT


def test_goals_say_pass_or_missed():
    text = goals_section([("a", 1.2, 1.5), ("b", 2.0, 1.5)])
    assert "| a | 1.20x | pass |" in text and "| b | 2.00x | MISSED |" in text


def test_the_upload_benchmark_reads_what_it_wrote(tmp_path):
    """The driver reads the file as the app does and counts every row (memory figures are positive)."""
    from benchmarks.reading import write_rows
    from benchmarks.upload import drive

    path = tmp_path / "rows.csv"
    write_rows(path, 20_000, "int")
    got = drive(str(path))
    assert got["rows"] == 20_000
    assert got["file_mib"] == pytest.approx(path.stat().st_size / 2**20)
    assert got["worker_peak_mib"] > 0 and got["seconds"] > 0
