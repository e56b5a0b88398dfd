"""Population tables: one unit inside (hazard per day), conversions once, validation at the boundary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.errors import SurvivalDataError
from survival.population import PopulationTable, population_table_from_frame
from survival.population.table import year_start_days


def long_table(value: str = "hazard_per_day", fill=0.0001) -> pd.DataFrame:
    rows = [(s, a, y) for s in ("male", "female") for a in (0, 1, 2) for y in (1990, 1995, 2000)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"])
    frame[value] = fill
    return frame


def test_units_become_hazard_per_day():
    p = long_table("survival_probability", 0.99)
    from_prob = population_table_from_frame(p, unit="survival_probability", days_per_year=365.25)
    assert from_prob.hazard == pytest.approx(-np.log(0.99) / 365.25, rel=1e-15)
    r = long_table("rate_per_year", 0.5)
    from_rate = population_table_from_frame(r, unit="rate_per_year", days_per_year=365.241)
    assert from_rate.hazard == pytest.approx(0.5 / 365.241, rel=1e-15)
    d = long_table("hazard_per_day", 0.002)
    assert population_table_from_frame(
        d, unit="hazard_per_day", days_per_year=365.25
    ).hazard == pytest.approx(0.002, rel=0)


def test_round_trip_in_every_unit():
    rng = np.random.default_rng(3)
    frame = long_table()
    frame["hazard_per_day"] = rng.uniform(0, 0.001, len(frame))
    table = population_table_from_frame(
        frame.sample(frac=1, random_state=1), unit="hazard_per_day", days_per_year=365.241
    )
    back = table.to_frame("survival_probability")
    again = population_table_from_frame(back, unit="survival_probability", days_per_year=365.241)
    np.testing.assert_allclose(again.hazard, table.hazard, rtol=1e-12, atol=1e-18)
    rate = table.to_frame("rate_per_year").merge(frame, on=["sex", "age", "year"])
    np.testing.assert_allclose(rate["rate_per_year"], rate["hazard_per_day"] * 365.241, rtol=1e-15)


def test_cells_bands_and_cut_points():
    table = population_table_from_frame(
        long_table(),
        unit="hazard_per_day",
        days_per_year=365.241,
        sex_labels={"male": "male", "female": "female"},
        last_year=2004,
    )
    assert table.sexes == ("male", "female")
    assert list(table.ages) == [0, 1, 2] and list(table.years) == [1990, 1995, 2000]
    np.testing.assert_array_equal(table.age_cuts, [0, 365.241, 730.482])
    assert list(table.year_cuts) == [7305.0, 9131.0, 10957.0]  # 1990-01-01, 1995-01-01, 2000-01-01
    assert str(table.first_date) == "1990-01-01" and str(table.last_date) == "2004-12-31"
    assert not table.hazard.flags.writeable
    assert isinstance(table, PopulationTable)


def test_year_start_days():
    assert list(year_start_days([1970, 1971, 1960, 2000])) == [0, 365, -3653, 10957]


def test_sex_codes_one_and_two():
    frame = long_table()
    frame["sex"] = frame["sex"].map({"male": 1, "female": 2})
    frame.loc[frame["sex"] == 2, "hazard_per_day"] = 0.0003
    table = population_table_from_frame(frame, unit="hazard_per_day", days_per_year=365.25)
    assert table.hazard[0].max() == 0.0001 and table.hazard[1].min() == 0.0003


@pytest.mark.parametrize(
    "change, unit, message",
    [
        (
            lambda f: f.drop(index=4),
            "hazard_per_day",
            r"no row for sex=male, age=1, year=1995.*How to fix: give one row for every sex, age \(0-2\) and year",
        ),
        (
            lambda f: pd.concat([f, f.iloc[[3]]]),
            "hazard_per_day",
            r"The cell sex=male, age=1, year=1990 appears twice \(rows 5 and 20\).*keep one row per sex, age and year",
        ),
        (
            lambda f: f.assign(hazard_per_day=np.where(f.index == 2, -0.1, 0.001)),
            "hazard_per_day",
            r"The hazard -0.1 is negative.*row 4, column 'hazard_per_day'",
        ),
        (
            lambda f: f.assign(hazard_per_day=np.where(f.index == 0, np.nan, 0.001)),
            "hazard_per_day",
            r"no number in this cell.*row 2.*fill in every cell",
        ),
        (
            lambda f: f.assign(sex=np.where(f.index == 1, "x", f.sex)),
            "hazard_per_day",
            r"Unknown sex 'x' in the population table.*row 3, column 'sex'.*code sex as male/female",
        ),
        (
            lambda f: f.assign(age=np.where(f.index == 1, 1.5, f.age)),
            "hazard_per_day",
            r"1.5 is not a whole number.*column 'age'.*age in whole years",
        ),
        (lambda f: f[f.age > 0], "hazard_per_day", r"starts at age 1, not 0"),
        (
            lambda f: f.assign(hazard_per_day=0.9),
            "hazard_per_day",
            r"0.9 \(hazard_per_day\) is 0.9 per day, more than any population has.*check the unit",
        ),
    ],
)
def test_table_errors(change, unit, message):
    with pytest.raises(SurvivalDataError, match=message):
        population_table_from_frame(change(long_table()), unit=unit, days_per_year=365.25, source="t.csv")


@pytest.mark.parametrize(
    "value, message",
    [
        (0.0, r"probability 0 is outside \(0, 1\].*row 2, column 'survival_probability'"),
        (1.2, r"probability 1.2 is outside \(0, 1\]"),
        (97.0, r"outside \(0, 1\].*it may be a percent: divide by 100"),
    ],
)
def test_probability_errors(value, message):
    frame = long_table("survival_probability", 0.99)
    frame.loc[0, "survival_probability"] = value
    with pytest.raises(SurvivalDataError, match=message):
        population_table_from_frame(frame, unit="survival_probability", days_per_year=365.25)


def test_probability_one_is_a_zero_hazard():
    frame = long_table("survival_probability", 1.0)
    assert (
        population_table_from_frame(frame, unit="survival_probability", days_per_year=365.25).max_hazard == 0
    )


def test_missing_column_and_bad_arguments():
    with pytest.raises(
        SurvivalDataError, match=r"no column 'rate_per_year'.*name the columns sex, age, year"
    ):
        population_table_from_frame(long_table(), unit="rate_per_year", days_per_year=365.25)
    with pytest.raises(ValueError, match="Unknown unit"):
        population_table_from_frame(long_table(), unit="per_day", days_per_year=365.25)
    with pytest.raises(ValueError, match="about 365"):
        population_table_from_frame(long_table(), unit="hazard_per_day", days_per_year=1)
    with pytest.raises(ValueError, match="before the table's last band"):
        population_table_from_frame(long_table(), unit="hazard_per_day", days_per_year=365.25, last_year=1999)
