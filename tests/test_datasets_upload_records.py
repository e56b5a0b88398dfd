"""dataset_from_records: one's own records and a population table give relative and net survival."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from datasets_synthetic import population, population_frame, records
from net_data import FINNISH_DEATHS, colon_frame

from survival.datasets.catalogue import load_dataset
from survival.datasets.description import UPLOAD
from survival.datasets.upload_records import dataset_from_records, population_for
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.net_lifetable import seer_lifetable
from survival.estimate.net_records import net_records_from_frame
from survival.estimate.net_survival import relative_survival

COLUMNS = dict(time="years", status="died", age="age", sex="sex", diagnosis="diagnosed", time_unit="years")


def upload(frame=None, population_table=None, **options):
    options = {**COLUMNS, "groups": ["stage"], "name": "mine.csv", **options}
    table = population_frame() if population_table is None else population_table
    unit = "rate_per_year" if population_table is None else None
    return dataset_from_records(records() if frame is None else frame, table, population_unit=unit, **options)


@pytest.fixture(scope="module")
def mine():
    return upload()


def own_records(frame: pd.DataFrame, by=("stage",)):
    return net_records_from_frame(frame, population(), age_unit="years", groups=list(by), **COLUMNS)


def test_the_upload_is_a_dataset_of_ones_own_with_periods_and_all_years(mine):
    assert mine.description.kind == UPLOAD and mine.title == "Your data: mine.csv"
    assert mine.period_labels("period") == ["1990-1994", "1995-1999", "1990-1999"]
    assert mine.stages() == ["early", "late", "All"]
    assert mine.measures() == ("observed", "relative", "net", "relative-standardised", "net-standardised")
    assert mine.provenance["people"] == 600 and mine.provenance["days_per_year"] == 365.25


def test_net_survival_equals_pohar_perme_on_the_same_records(mine):
    frame = records()
    late = frame[frame["stage"] == "late"]
    curve = relative_survival(own_records(late, ()), population(), method="pohar-perme").curve()
    got = mine.curve(mine.select(stage="late", period="1990-1999"), "net")
    times = got.curve.time
    np.testing.assert_allclose(got.curve.survival, curve.at(times), rtol=1e-13)
    assert got.method == "Pohar Perme"


def test_relative_survival_comes_from_seer_life_tables_of_the_records(mine):
    frame = records()
    early = frame[frame["stage"] == "early"]
    life = seer_lifetable(own_records(early, ()), population(), years=20)
    want = actuarial(life).relative()
    got = mine.curve(mine.select(stage="early", period="1990-1999"), "relative").curve
    np.testing.assert_allclose(got.survival, want.survival, rtol=1e-13)


def test_a_table_or_its_frame_give_the_same_dataset(mine):
    again = upload(population_table=population())
    pd.testing.assert_frame_equal(again.net, mine.net)
    pd.testing.assert_frame_equal(again.lifetables.frame, mine.lifetables.frame)


def test_bundled_us_table_and_years_of_diagnosis():
    frame = records().assign(diagnosed=lambda f: f["diagnosed"].str[:4].astype(int))
    data = upload(frame, "us", diagnosis_unit="year", groups=[])
    assert data.measures(data.select(period="1990-1999"))[:3] == ("observed", "relative", "net")
    assert data.provenance["population_table"] == "bundled population table us"


def test_the_finnish_colon_records_give_the_bundled_figures():
    frame = colon_frame()
    data = dataset_from_records(
        frame,
        "finland",
        time="surv_mm",
        status="status",
        age="age",
        sex="sex",
        diagnosis="dx",
        time_unit="months",
        groups=["stage"],
        status_values=FINNISH_DEATHS,
    )
    bundled = load_dataset("finland-colon")
    for measure in ("net", "relative", "net-standardised"):
        mine = data.curve(data.select(stage="Distant", period="1975-1994"), measure).curve
        theirs = bundled.curve(bundled.select(stage="Distant", period="1975-1994"), measure).curve
        np.testing.assert_allclose(mine.survival, theirs.survival, rtol=1e-9)


def broken(column: str, row: int, value) -> pd.DataFrame:
    frame = records()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "age",
            None,
            r"The age at diagnosis \(empty\) is not a number.*row 4, column 'age'.*in years as a number",
        ),
        (
            "age",
            430.0,
            r"The age at diagnosis 430.0 years is impossible.*row 4, column 'age'.*below 125 years",
        ),
        ("sex", "x", r"Unknown sex 'x'.*row 4, column 'sex'.*code sex as male/female"),
        ("diagnosed", "2016-05-01", r"diagnosis on 2016-05-01 is outside the population table's years"),
        ("diagnosed", "soon", r"The date of diagnosis 'soon' is not a date.*row 4.*YYYY-MM-DD"),
    ],
)
def test_bad_records_are_refused_with_the_row_the_column_and_the_fix(column, value, message):
    with pytest.raises(SurvivalDataError, match=message):
        upload(broken(column, 3, value))


def test_years_outside_a_bundled_table_name_its_range():
    frame = broken("diagnosed", 0, "2016-05-01")
    with pytest.raises(
        SurvivalDataError, match=r"2016-05-01 is outside.*\(1940-01-01 to 2014-12-31\).*row 1"
    ):
        upload(frame, "us")


def test_population_tables_and_names_are_checked():
    with pytest.raises(
        SurvivalDataError, match=r"unit of your population table was not given.*rate_per_year"
    ):
        population_for(population_frame())
    with pytest.raises(SurvivalDataError, match=r"no bundled population table 'mars'"):
        population_for("mars")
    assert population_for(" US ").days_per_year == 365.25
    with pytest.raises(SurvivalDataError, match=r"'Year' has a name the dataset uses.*rename the column"):
        upload(records().assign(Year="a"), groups=["Year"])
    with pytest.raises(SurvivalDataError, match=r"Every follow-up time is 0.*time from diagnosis to death"):
        upload(records().assign(years=0.0))
