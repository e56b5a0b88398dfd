"""Readers of the shared population tables: units converted once, each checked against the raw file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shared_data import shared_file

from survival.errors import SurvivalDataError
from survival.population import read_popmort, read_slopop, read_survexp_us


def test_slopop_keeps_hazard_per_day_and_irregular_bands():
    path = shared_file("slovenia-colorectal", "slopop_long.csv")
    raw = pd.read_csv(path, float_precision="round_trip")  # the default parser drops digits
    table = read_slopop(path)
    assert table.hazard.shape == (2, 104, 45) and table.days_per_year == 365.241
    assert list(table.years[:6]) == [1930, 1948, 1952, 1960, 1970, 1980] and table.last_year == 2020
    frame = table.to_frame().merge(raw, on=["sex", "age", "year"], suffixes=("", "_raw"))
    assert len(frame) == 9360
    np.testing.assert_array_equal(frame["hazard_per_day"], frame["hazard_per_day_raw"])
    assert (table.hazard == 0).sum() == 267  # the zeros are kept
    assert not table.year_on_birthday


def test_survexp_us_is_per_day_with_365_25_day_years_and_birthday_years():
    path = shared_file("us-population-mortality", "survexp_us_long.csv")
    table = read_survexp_us(path)
    assert table.hazard.shape == (2, 110, 75) and table.days_per_year == 365.25
    assert table.year_on_birthday and (table.years[0], table.last_year) == (1940, 2014)
    raw = pd.read_csv(path, float_precision="round_trip").set_index(["sex", "age", "year"])["hazard_per_day"]
    assert table.hazard[1, 37, 2014 - 1940] == raw[("female", 37, 2014)]


def test_popmort_probability_becomes_minus_log_over_365_241():
    path = shared_file("finland-popmort", "popmort.csv")
    raw = pd.read_csv(path)
    table = read_popmort(path)
    assert table.hazard.shape == (2, 106, 50) and table.days_per_year == 365.241
    one = raw[(raw.sex == 2) & (raw.age == 70) & (raw.year == 1980)].iloc[0]
    assert table.hazard[1, 70, 1980 - 1951] == pytest.approx(-np.log(one.prob) / 365.241, rel=1e-15)
    # the file's rate is -ln(prob), to the 4-byte floats Stata stored prob in
    by_rate = read_popmort(path, column="rate")
    np.testing.assert_allclose(by_rate.hazard * 365.241, table.hazard * 365.241, rtol=0, atol=3e-8)
    rate_25 = read_popmort(path, column="rate", days_per_year=365.25)
    np.testing.assert_allclose(rate_25.hazard * 365.25, by_rate.hazard * 365.241, rtol=1e-14)


def test_reader_errors(tmp_path):
    with pytest.raises(SurvivalDataError, match=r"There is no file .*nothing.csv.*check the path"):
        read_slopop(tmp_path / "nothing.csv")
    bad = tmp_path / "popmort.csv"
    pd.DataFrame({"sex": [1], "year": [1990], "age": [0]}).to_csv(bad, index=False)
    with pytest.raises(
        SurvivalDataError, match=r"no column 'prob'.*the file needs the columns sex, age, year, prob"
    ):
        read_popmort(bad)
    with pytest.raises(ValueError, match="column must be 'prob' or 'rate'"):
        read_popmort(bad, column="q")
    slo = tmp_path / "slopop.csv"
    pd.DataFrame(
        {"sex": ["male"], "age": [0], "year": [1930], "year_from": ["1930-02-01"], "hazard_per_day": [0.001]}
    ).to_csv(slo, index=False)
    with pytest.raises(
        SurvivalDataError, match=r"band starting '1930-02-01' does not start on 1 January.*row 2"
    ):
        read_slopop(slo)


def test_hazards_are_read_to_the_last_digit(tmp_path):
    """pandas' default float parser reads 0.000442999388963638 as 0.0004429993889636; the readers must not."""
    path = tmp_path / "slopop_long.csv"
    rows = [
        (sex, age, 1930, "1930-01-01", "", h)
        for sex in ("male", "female")
        for age, h in ((0, "0.000442999388963638"), (1, "0.000269641720722466"))
    ]
    pd.DataFrame(rows, columns=["sex", "age", "year", "year_from", "year_to", "hazard_per_day"]).to_csv(
        path, index=False
    )
    table = read_slopop(path)
    assert table.hazard[0, 0, 0] == float("0.000442999388963638")
    assert table.hazard[1, 1, 0] == float("0.000269641720722466")
