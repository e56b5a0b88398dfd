"""survival.datasets.trend_fits: every bundled selection's joinpoint trend, fitted at build time, read back exactly."""

from __future__ import annotations

import itertools
import shutil
import warnings
from dataclasses import fields, replace

import pandas as pd
import pytest

import survival.estimate.recent as recent
from survival.datasets.catalogue import CATALOGUE, _read, data_dir, load_dataset
from survival.datasets.description import PERIOD
from survival.datasets.trend_fits import FILE, read_trend_fits, write_trend_fits
from survival.errors import FragileEstimateWarning

#: One selection per dataset fitted afresh in the tests (a SEER breast fit takes about a second).
SAMPLES = {
    "seer-breast": {"stage": "Distant", "age": "45-65s"},
    "seer-prostate": {},
    "slovenia-colorectal": {},
    "finland-colon": {},
    "finland-melanoma": {},
}


def _fresh(name: str, choices: dict):
    data = load_dataset(name)
    selection = (
        data.select(**choices, period=data.default_period()) if data.has_periods else data.select(**choices)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        return recent.selection_trend(replace(data, trend_fits={}), selection), recent.trend_key(selection)


def assert_same_trend(ours, theirs) -> None:
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    for f in fields(ours):
        a, b = getattr(ours, f.name), getattr(theirs, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True, obj=f.name)
        else:
            assert a == b, f.name


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_a_stored_trend_equals_a_fresh_fit_bit_for_bit(name):
    fresh, key = _fresh(name, SAMPLES[name])
    stored = load_dataset(name).trend_fits
    assert key in stored
    assert_same_trend(stored[key], fresh)


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_every_selection_has_a_stored_trend(name):
    data = load_dataset(name)
    names = [v.name for v in data.variables if v.name != PERIOD]
    expected = {tuple(zip(names, labels)) for labels in itertools.product(*(data.levels(n) for n in names))}
    assert set(data.trend_fits) == expected
    assert any(fit is not None for fit in data.trend_fits.values())


def test_the_page_and_the_cli_use_the_stored_trend_without_fitting(monkeypatch):
    data = load_dataset("seer-breast")
    selection = data.select(stage="Localized", age="45-65s", period=data.default_period())

    def no_fit(*args, **kwargs):
        raise AssertionError("fitted although a stored trend exists")

    monkeypatch.setattr(recent, "fit_trend", no_fit)
    trend = recent.selection_trend(data, selection)
    assert trend is not None and trend.joinpoints == (1981, 1989)  # JPSurv's own fit of this group
    with pytest.raises(AssertionError, match="fitted although"):
        recent.selection_trend(replace(data, trend_fits={}), selection)  # an upload: fitted when asked
    with pytest.raises(AssertionError, match="fitted although"):
        recent.selection_trend(data, selection, horizon=10)  # stored trends are of 5 years: another is fitted


def test_fits_for_other_tables_are_not_used(tmp_path):
    folder = tmp_path / "seer-prostate"
    shutil.copytree(data_dir() / "seer-prostate", folder)
    assert len(read_trend_fits(folder)) == 1
    tables = folder / "lifetables.csv"
    tables.write_text(tables.read_text().replace("\n", "\r\n", 1))  # the same numbers, other bytes
    assert read_trend_fits(folder) == {}
    assert _read("seer-prostate", folder).trend_fits == {}


def test_writing_fits_afresh_and_reads_back_the_same(tmp_path):
    folder = tmp_path / "seer-prostate"
    shutil.copytree(data_dir() / "seer-prostate", folder)
    (folder / FILE).unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        assert write_trend_fits(folder, _read("seer-prostate", folder)) == 1
    assert (folder / FILE).read_text() == (data_dir() / "seer-prostate" / FILE).read_text()
