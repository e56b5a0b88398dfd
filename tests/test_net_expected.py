"""Each person's expected survival against R survival's survexp and the slow walk."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from net_data import FINNISH_DEATHS, colon_frame, colrec_frame, fixture, popmort, slopop, survexp_us
from slow_expected import SlowTable, day_number, slow_cumulative_hazard

from survival.estimate import net_expected
from survival.estimate.net_expected import chunks, expected_cumulative_hazard, expected_survival
from survival.estimate.net_records import net_records_from_frame

REF = "net_survexp_people.csv"


def people_of(name: str, index):
    if name == "slopop":
        table = slopop()
        return table, net_records_from_frame(
            colrec_frame().iloc[index],
            table,
            time="time",
            status="stat",
            age="age",
            sex="sex",
            diagnosis="diag",
            time_unit="days",
            age_unit="days",
        )
    if name == "popmort":
        table = popmort()
        return table, net_records_from_frame(
            colon_frame().iloc[index],
            table,
            time="surv_mm",
            status="status",
            age="age",
            sex="sex",
            diagnosis="dx",
            time_unit="months",
            age_unit="years",
            status_values=FINNISH_DEATHS,
        )
    table = survexp_us()
    us = fixture("net_survexp_us_people.csv").iloc[index].assign(time=1, status=0)
    return table, net_records_from_frame(
        us,
        table,
        time="time",
        status="status",
        age="age_years",
        sex="sex",
        diagnosis="diag",
        time_unit="days",
        age_unit="years",
    )


@pytest.mark.parametrize("name", ["slopop", "popmort", "survexp.us"])
def test_matches_survexp(name):
    ref = fixture(REF)
    ref = ref[ref.table == name]
    persons = ref.person.unique()
    table, records = people_of(name, persons - 1)
    days = np.sort(ref.time_days.unique())
    got = expected_survival(records, table, days)
    want = ref.pivot(index="person", columns="time_days", values="expected").loc[persons, days].to_numpy()
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_matches_the_slow_walk_past_the_tables_last_age_and_year():
    table, records = people_of("survexp.us", [3])  # aged 100.2 in 2012: past 109 and 2014 within 30 years
    slow = SlowTable(table.to_frame(), table.days_per_year, year_on_birthday=True)
    horizon = 30 * 365.25
    when = date.fromordinal(date(1970, 1, 1).toordinal() + int(records.diagnosis[0]))
    walked = slow_cumulative_hazard(slow, "female", records.age[0], when, horizon)
    assert expected_cumulative_hazard(records, table, [horizon])[0, 0] == pytest.approx(walked, rel=1e-12)
    assert day_number(when) == records.diagnosis[0]


def test_chunks_bound_memory(monkeypatch):
    table = slopop()
    sizes = [s.stop - s.start for s in chunks(1_000_000, 20 * 365.241, table)]
    assert sum(sizes) == 1_000_000 and max(sizes) * (2 * 22 + 2) <= net_expected.CHUNK_CELLS
    table, records = people_of("slopop", list(range(40)))
    whole = expected_cumulative_hazard(records, table, [0, 100, 2000])
    monkeypatch.setattr(net_expected, "CHUNK_CELLS", 1)  # 256 people per chunk at least; force many
    np.testing.assert_array_equal(expected_cumulative_hazard(records, table, [0, 100, 2000]), whole)
    assert (whole[:, 0] == 0).all()


def test_times_must_not_be_negative():
    table, records = people_of("slopop", [0])
    with pytest.raises(ValueError, match="times must be 0 or more"):
        expected_survival(records, table, [-1])
    assert isinstance(records.groups, pd.DataFrame)
