"""Records for relative survival: units made explicit, every bad cell named by row, column and fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.errors import SurvivalDataError
from survival.estimate.net_records import net_records_from_frame
from survival.population import population_table_from_frame


def table(last_year=2000, days_per_year=365.241):
    rows = [(s, a, y) for s in ("male", "female") for a in range(0, 101, 10) for y in (1980, 1990)]
    frame = pd.DataFrame(rows, columns=["sex", "age", "year"]).assign(hazard_per_day=1e-4)
    return population_table_from_frame(
        frame, unit="hazard_per_day", days_per_year=days_per_year, last_year=last_year, source="table"
    )


def frame(**changes) -> pd.DataFrame:
    f = pd.DataFrame(
        {
            "time": [10.0, 24.0, 3.5],
            "status": [1, 0, 1],
            "age": [60, 71.5, 45],
            "sex": ["M", "female", 2],
            "diag": ["1985-03-02", "1999-12-31", "1980-01-01"],
            "stage": ["local", "distant", "local"],
        }
    )
    for column, (row, value) in changes.items():
        f[column] = f[column].astype(object)
        f.loc[row, column] = value
    return f


def build(f, **kw):
    args = dict(
        time="time",
        status="status",
        age="age",
        sex="sex",
        diagnosis="diag",
        time_unit="months",
        age_unit="years",
        groups=["stage"],
        source="data.csv",
    )
    args.update(kw)
    return net_records_from_frame(f, table(), **args)


def test_units_become_days():
    r = build(frame())
    np.testing.assert_allclose(r.time, [10 * 365.241 / 12, 24 * 365.241 / 12, 3.5 * 365.241 / 12])
    np.testing.assert_allclose(r.age, [60 * 365.241, 71.5 * 365.241, 45 * 365.241])
    assert list(r.sex) == [0, 1, 1] and list(r.status) == [1, 0, 1]
    assert list(r.diagnosis) == [5539.0, 10956.0, 3652.0]  # days since 1970-01-01
    assert r.days_per_year == 365.241 and len(r) == 3 and r.group_columns == ("stage",)
    groups, codes = r.group_index()
    assert groups == [("distant",), ("local",)] and list(codes) == [1, 0, 1]
    assert list(r.subset([True, False, True]).rows) == [1, 3]


def test_days_years_and_year_only_diagnosis():
    f = frame().assign(year=[1985, 1999, 1980])
    r = build(f, time_unit="days", age_unit="days", diagnosis="year", diagnosis_unit="year")
    assert list(r.time) == [10, 24, 3.5] and list(r.age) == [60, 71.5, 45]
    assert str(np.datetime64(int(r.diagnosis[0]), "D")) == "1985-07-01"  # mid-year
    assert build(frame(), time_unit="years").time[0] == pytest.approx(3652.41)


def test_status_values_map_labels():
    f = frame(status=(0, "Dead: cancer")).assign(status=["Dead: cancer", "Alive", "Dead: other"])
    r = build(f, status_values={"Alive": 0, "Dead: cancer": 1, "Dead: other": 1})
    assert list(r.status) == [1, 0, 1]


@pytest.mark.parametrize(
    "changes, kw, message",
    [
        (
            {"time": (1, -2)},
            {},
            r"The follow-up time -2 is negative.*data.csv, row 2, column 'time'.*in months, 0 or more",
        ),
        ({"time": (0, "soon")}, {}, r"The follow-up time 'soon' is not a number.*row 1, column 'time'"),
        ({"time": (2, None)}, {}, r"follow-up time \(empty\) is not a number.*row 3"),
        (
            {"status": (1, 2)},
            {},
            r"The status 2 is neither death nor censoring.*row 2, column 'status'.*1 \(died\) or 0 \(censored\)",
        ),
        ({"age": (2, -1)}, {}, r"The age at diagnosis -1 is negative.*row 3, column 'age'"),
        (
            {"age": (0, 130)},
            {},
            r"The age at diagnosis 130.0 years is impossible.*row 1, column 'age'.*below 125 years",
        ),
        ({"age": (0, 60 * 365)}, {}, r"21900.0 years is impossible.*in the unit stated \(age_unit\)"),
        ({"sex": (1, "x")}, {}, r"Unknown sex 'x'.*row 2, column 'sex'.*pass sex_labels"),
        ({"diag": (1, "31/12/1999")}, {}, r"The date of diagnosis '31/12/1999' is not a date.*YYYY-MM-DD"),
        (
            {"diag": (0, "1979-12-31")},
            {},
            r"diagnosis on 1979-12-31 is outside the population table's years \(1980-01-01 to 2000-12-31\).*row 1.*follow-up may run past",
        ),
        ({"diag": (2, "2001-01-01")}, {}, r"2001-01-01 is outside the population table's years"),
        ({"stage": (1, " ")}, {}, r"A group label is empty.*row 2, column 'stage'"),
    ],
)
def test_record_errors(changes, kw, message):
    with pytest.raises(SurvivalDataError, match=message):
        build(frame(**changes), **kw)


def test_structural_errors():
    with pytest.raises(
        SurvivalDataError, match=r"no column 'stat'.*name the columns: time, stat, age, sex, diag, stage"
    ):
        build(frame(), status="stat")
    with pytest.raises(SurvivalDataError, match=r"The records have no rows.*one row per person"):
        build(frame().iloc[:0])
    with pytest.raises(ValueError, match="time_unit"):
        build(frame(), time_unit="weeks")
    with pytest.raises(ValueError, match="age_unit"):
        build(frame(), age_unit="months")
    with pytest.raises(ValueError, match="diagnosis_unit"):
        build(frame(), diagnosis_unit="month")
    f = frame().assign(year=[1985.5, 1999, 1980])
    with pytest.raises(SurvivalDataError, match=r"year of diagnosis 1985.5 is not a whole year"):
        build(f, diagnosis="year", diagnosis_unit="year")


def test_custom_sex_labels_and_arrays_are_read_only():
    f = frame().assign(sex=["man", "woman", "woman"])
    r = build(f, sex_labels={"man": "male", "woman": "female"})
    assert list(r.sex) == [0, 1, 1]
    with pytest.raises(ValueError):
        r.time[0] = 1.0
