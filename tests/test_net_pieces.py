"""Piecewise-constant population hazards against a slow day-by-day walk and by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from net_data import popmort, slopop, survexp_us
from shared_data import shared_file
from slow_expected import SlowTable, day_number, relsurv_walk, slow_cumulative_hazard

from survival.estimate.net_pieces import calendar_start, fine_grid, pieces, snap_to_grid
from survival.population import population_table_from_frame


def small_table(year_on_birthday=False):
    rng = np.random.default_rng(7)
    rows = [(s, a, y) for s in ("male", "female") for a in range(0, 6) for y in (1970, 1971, 1973)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"])
    frame["hazard_per_day"] = rng.uniform(0, 0.002, len(frame))
    frame.loc[3, "hazard_per_day"] = 0.0
    table = population_table_from_frame(
        frame, unit="hazard_per_day", days_per_year=365.25, last_year=1975, year_on_birthday=year_on_birthday
    )
    return table, SlowTable(frame, 365.25, year_on_birthday)


def test_by_hand_one_birthday_and_one_new_year():
    frame = pd.DataFrame(
        [
            (s, a, y, h)
            for s in ("male", "female")
            for a, y, h in [(0, 1970, 0.001), (1, 1970, 0.002), (0, 1971, 0.003), (1, 1971, 0.004)]
        ],
        columns=["sex", "age", "year", "hazard_per_day"],
    )
    table = population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25)
    # aged 300 days on 1970-12-01 (day 334): a new year after 31 days, a birthday after 65.25
    pc = pieces(np.array([300.0]), np.array([334.0]), np.array([0]), np.array([100.0]), table)
    expected = 31 * 0.001 + (65.25 - 31) * 0.003 + (100 - 65.25) * 0.004
    assert pc.total[0] == pytest.approx(expected, rel=1e-14)
    assert list(pc.edges[0]) == [0, 31, 65.25, 100] and list(pc.hazard[0]) == [0.001, 0.003, 0.004]


@pytest.mark.parametrize("birthday", [False, True])
def test_exact_pieces_match_the_slow_walk(birthday):
    table, slow = small_table(birthday)
    rng = np.random.default_rng(11)
    n = 12
    age = rng.uniform(0, 4.5, n) * 365.25
    age[:3] = [0.0, 365.25, 4 * 365.25 + 0.5]
    diag = rng.integers(day_number(date(1970, 1, 1)), day_number(date(1972, 12, 31)), n).astype(float)
    sex = rng.integers(0, 2, n)
    horizon = rng.uniform(0, 3 * 365.25, n)
    pc = pieces(age, calendar_start(age, diag, table), sex, horizon, table)
    for i in range(n):
        when = date.fromordinal(date(1970, 1, 1).toordinal() + int(diag[i]))
        slow_total = slow_cumulative_hazard(slow, ("male", "female")[sex[i]], age[i], when, horizon[i])
        assert pc.total[i] == pytest.approx(slow_total, rel=1e-12, abs=1e-15)


def test_zero_hazard_substitute():
    table, _ = small_table()  # male, age 1, 1970 holds 0
    assert pieces(np.array([365.25]), np.array([0.0]), np.array([0]), np.array([10.0]), table).total[0] == 0
    pc = pieces(np.array([365.25]), np.array([0.0]), np.array([0]), np.array([10.0]), table, zero_hazard=1e-9)
    assert table.hazard[0, 1, 0] == 0 and pc.total[0] == pytest.approx(1e-8)


def test_snap_and_fine_grid_by_hand():
    grid = np.array([2.5, 3.0, 7.25])
    times = np.array([0.2, 1.0, 1.5, 2.5, 2.6, 3.0, 4.1, 7.2, 8.0])
    assert list(snap_to_grid(times, grid)) == [1.0, 1.0, 2.0, 2.5, 3.0, 3.0, 5.0, 7.25, 8.0]
    starts, steps, interval = fine_grid(grid)
    assert list(starts) == [0, 1, 2, 2.5, 3, 4, 5, 6, 7]
    assert list(steps) == [1, 1, 0.5, 0.5, 1, 1, 1, 1, 0.25]
    assert list(interval) == [0, 0, 0, 1, 2, 2, 2, 2, 2]


def test_relsurv_grid_matches_relsurvs_walk():
    table, slow = small_table()
    rng = np.random.default_rng(5)
    n = 10
    age = np.round(rng.uniform(0, 4.5, n) * 365.25)
    diag = rng.integers(0, 900, n).astype(float)
    sex = rng.integers(0, 2, n)
    time = np.round(rng.uniform(1, 700, n) * 4) / 4  # quarter days: steps shorter than a day too
    grid = np.unique(time)
    pc = pieces(age, diag, sex, time, table, grid=grid)
    for i in range(n):
        when = date.fromordinal(date(1970, 1, 1).toordinal() + int(diag[i]))
        walked = relsurv_walk(slow, ("male", "female")[sex[i]], age[i], when, time[i], list(grid))
        assert pc.total[i] == pytest.approx(walked, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", ["slopop", "popmort", "survexp_us"])
def test_real_tables_match_the_slow_walk(name):
    files = {
        "slopop": ("slovenia-colorectal", "slopop_long.csv"),
        "popmort": ("finland-popmort", "popmort.csv"),
        "survexp_us": ("us-population-mortality", "survexp_us_long.csv"),
    }
    table = {"slopop": slopop, "popmort": popmort, "survexp_us": survexp_us}[name]()
    long = table.to_frame()  # popmort: hazards from -ln(prob); the walk only reads the numbers
    raw = pd.read_csv(shared_file(*files[name]))
    assert len(raw) == len(long)
    slow = SlowTable(long, table.days_per_year, table.year_on_birthday)
    cases = [
        (0, 60.3, date(1994, 8, 26), 8000.0),
        (1, 99.5, date(1999, 12, 31), 3000.0),
        (0, 12.0, date(1980, 2, 29), 5000.5),
        (1, 102.9, date(1994, 1, 1), 4000.0),
    ]
    for sex, years, when, horizon in cases:
        age = years * table.days_per_year
        pc = pieces(
            np.array([age]),
            calendar_start(np.array([age]), np.array([float(day_number(when))]), table),
            np.array([sex]),
            np.array([horizon]),
            table,
        )
        walked = slow_cumulative_hazard(slow, ("male", "female")[sex], age, when, horizon)
        assert pc.total[0] == pytest.approx(walked, rel=1e-11)
