"""The bundled population tables: conversion exact, rebuilt from the sources, and a slow day-by-day walk."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from shared_data import shared_file
from slow_expected import SlowTable, slow_cumulative_hazard

from survival.datasets.catalogue import build_dataset, buildable, data_dir
from survival.errors import SurvivalDataError
from survival.estimate.net_expected import expected_cumulative_hazard
from survival.estimate.net_records import net_records_from_frame
from survival.population import POPULATION_KIND, POPULATIONS, build_population, load_population
from survival.population.bundled import population_dir, population_provenance

SOURCES = {
    "us": ("us-population-mortality", "survexp_us_long.csv", 365.25, 2014, True),
    "finland": ("finland-popmort", "popmort.csv", 365.241, 2000, False),
    "slovenia": ("slovenia-colorectal", "slopop_long.csv", 365.241, 2020, False),
}
PEOPLE = pd.DataFrame(
    {
        "time": [30 * 365.0, 12 * 365.0, 25 * 365.0],
        "status": [0, 0, 0],
        "age": [61.3, 0.4, 88.9],
        "sex": ["female", "male", "male"],
        "year": [1990, 1998, 1980],
    }
)


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_packaged_table_equals_the_converted_source_exactly(name):
    folder, file, days, last, birthday = SOURCES[name]
    source = POPULATIONS[name].read(shared_file(folder, file))
    packaged = load_population(name)
    np.testing.assert_array_equal(packaged.hazard, source.hazard)
    np.testing.assert_array_equal(packaged.ages, source.ages)
    np.testing.assert_array_equal(packaged.years, source.years)
    assert (packaged.days_per_year, packaged.last_year, packaged.year_on_birthday) == (days, last, birthday)
    assert packaged.sexes == ("male", "female")


def test_popmort_probabilities_become_hazards_per_day_exactly():
    raw = pd.read_csv(shared_file("finland-popmort", "popmort.csv"))
    packaged = pd.read_csv(population_dir("finland") / "hazard.csv", float_precision="round_trip")
    merged = packaged.assign(sex=packaged["sex"].map({"male": 1, "female": 2})).merge(
        raw, on=["sex", "age", "year"]
    )
    assert len(merged) == len(raw) == 10600
    np.testing.assert_array_equal(merged["hazard_per_day"], -np.log(merged["prob"].to_numpy()) / 365.241)


@pytest.mark.parametrize("name", ["us", "slovenia"])
def test_hazards_per_day_are_kept_digit_for_digit(name):
    folder, file, *_ = SOURCES[name]
    raw = pd.read_csv(shared_file(folder, file), float_precision="round_trip")
    packaged = pd.read_csv(population_dir(name) / "hazard.csv", float_precision="round_trip")
    merged = packaged.merge(raw, on=["sex", "age", "year"], suffixes=("", "_source"))
    assert len(merged) == len(raw)
    np.testing.assert_array_equal(merged["hazard_per_day"], merged["hazard_per_day_source"])


@pytest.mark.parametrize("name", list(SOURCES))
def test_a_fresh_build_equals_the_committed_files(name, tmp_path):
    report = build_dataset(f"population:{name}", out_dir=tmp_path)
    assert report.rows == {"hazard.csv": len(pd.read_csv(population_dir(name) / "hazard.csv"))}
    assert (tmp_path / "hazard.csv").read_bytes() == (population_dir(name) / "hazard.csv").read_bytes()
    fresh = json.loads((tmp_path / "provenance.json").read_text())
    assert fresh == population_provenance(name)
    folder, file, *_ = SOURCES[name]
    assert f"{fresh['source_files'][file]}  {file}" in shared_file(folder, "SHA256SUMS").read_text()
    assert fresh["unit"] == "hazard_per_day" and fresh["kind"] == POPULATION_KIND


@pytest.mark.parametrize("name", list(SOURCES))
def test_a_slow_day_by_day_walk_agrees_with_expected_survival_from_the_packaged_table(name):
    """The walk reads the packaged CSV's rows itself; the vectorised code reads load_population()."""
    table = load_population(name)
    raw = pd.read_csv(population_dir(name) / "hazard.csv", float_precision="round_trip")
    slow = SlowTable(raw, table.days_per_year, year_on_birthday=table.year_on_birthday)
    records = net_records_from_frame(
        PEOPLE,
        table,
        time="time",
        status="status",
        age="age",
        sex="sex",
        diagnosis="year",
        time_unit="days",
        age_unit="years",
        diagnosis_unit="year",
    )
    horizons = np.array([1.0, 400.5, 3652.5, 9000.0])
    vectorised = expected_cumulative_hazard(records, table, horizons)
    for i in range(len(PEOPLE)):
        when = date(int(PEOPLE["year"][i]), 7, 1)
        walked = [slow_cumulative_hazard(slow, PEOPLE["sex"][i], records.age[i], when, h) for h in horizons]
        np.testing.assert_allclose(vectorised[i], walked, rtol=1e-12)


def test_population_tables_are_listed_for_build_data():
    assert buildable()[-3:] == ["population:us", "population:finland", "population:slovenia"]
    assert all(p.kind == POPULATION_KIND for p in POPULATIONS.values())
    assert population_dir("us") == data_dir() / "populations" / "us"


def test_unknown_and_missing_tables_are_refused(tmp_path):
    with pytest.raises(
        SurvivalDataError, match=r"no bundled population table 'mars'.*choose one of: us, finland"
    ):
        load_population("mars")
    with pytest.raises(SurvivalDataError, match=r"'us' is not installed.*rebuild it with survival-explorer"):
        load_population("us", directory=tmp_path)
    with pytest.raises(SurvivalDataError, match=r"no SHA256SUMS"):
        build_population("us", source=tmp_path, out_dir=tmp_path / "out")
