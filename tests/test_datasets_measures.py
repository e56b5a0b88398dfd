"""Dataset.measures and Dataset.curve: every measure named with its method, from the committed tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survival.datasets.catalogue import CATALOGUE, load_dataset
from survival.datasets.measures import INFO, MEASURES, MeasureCurve, curve_from_rows, figures, measure_curve
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial


def test_every_measure_has_a_title_a_method_and_a_curve_measure():
    assert tuple(INFO) == MEASURES
    assert INFO["net"].method == "Pohar Perme"
    assert INFO["relative"].method == "Ederer II, SEER life table"
    assert INFO["cause-specific"].method == "Kaplan-Meier on cancer deaths"
    assert {i.curve_measure for i in INFO.values()} == {"observed", "relative", "net", "cause-specific"}


def test_life_table_datasets_offer_observed_and_relative_survival():
    data = load_dataset("seer-breast")
    selection = data.select("distant")
    assert data.measures() == data.measures(selection) == ("observed", "relative")
    est = actuarial(data.table(selection))
    observed, relative = data.curve(selection, "observed"), data.curve(selection, "relative")
    np.testing.assert_array_equal(observed.curve.survival, est.observed().survival)
    np.testing.assert_array_equal(relative.curve.survival, est.relative().survival)
    assert observed.name == "Observed survival (actuarial life table)"
    assert relative.name == "Relative survival (Ederer II, SEER life table)"
    assert relative.curve.label == data.describe(selection)
    with pytest.raises(
        SurvivalDataError, match=r"This dataset has no 'net' survival.*choose one of: observed, relative"
    ):
        data.curve(selection, "net")
    with pytest.raises(SurvivalDataError, match=r"no 'crude' survival"):
        data.curve(selection, "crude")


@pytest.mark.parametrize("name", ["slovenia-colorectal", "finland-colon", "finland-melanoma"])
def test_net_curves_are_the_committed_rows(name):
    data = load_dataset(name)
    selection = data.select()
    for measure in data.measures(selection)[2:]:
        got = data.curve(selection, measure)
        rows = data.net[
            np.logical_and.reduce([(data.net[n] == v).to_numpy() for n, v in selection.labels])
            & (data.net["measure"] == measure).to_numpy()
        ]
        np.testing.assert_array_equal(got.curve.time, rows["time"])
        np.testing.assert_array_equal(got.curve.survival, rows["survival"])
        assert got.curve.time[0] == 0 and got.curve.survival[0] == 1
        assert got.curve.conf_type == INFO[measure].conf_type and got.curve.method == "actuarial"
        assert got.method == INFO[measure].method


def test_single_years_and_age_groups_say_where_net_survival_is():
    data = load_dataset("finland-colon")
    one_year = data.select(stage="distant", period="1990")
    assert data.measures(one_year) == ("observed", "relative")
    with pytest.raises(SurvivalDataError, match=r"no 'net' survival for Distant stage.*not a single year"):
        data.curve(one_year, "net")
    older = data.select(stage="distant", age="75+")
    assert "net" in data.measures(older) and "net-standardised" not in data.measures(older)
    with pytest.raises(
        SurvivalDataError, match=r"and All ages: age-standardised figures are for all ages together"
    ):
        data.curve(older, "net-standardised")


def test_measure_curve_reads_figures_with_the_method_named():
    data = load_dataset("finland-colon")
    selection = data.select(stage="distant")
    curves = [data.curve(selection, m) for m in data.measures(selection)]
    table = figures(curves, times=(1, 3, 5, 10))
    assert list(table["measure"].unique()) == list(MEASURES)
    assert len(table) == 4 * len(MEASURES) and table["survival"].notna().all()
    net = table[table["measure"] == "net"].set_index("years")
    assert net["method"].iloc[0] == "Pohar Perme" and net["conf_type"].iloc[0] == "log"
    assert (net["ci_low"] < net["survival"]).all() and (net["survival"] < net["ci_high"]).all()
    assert figures([]).columns.tolist()[:3] == ["measure", "method", "years"]


def test_curve_from_rows_keeps_counts_and_joins_whole_years_by_straight_lines():
    rows = pd.DataFrame(
        {
            "time": [0.0, 1.0, 2.0],
            "survival": [1.0, 0.8, 0.5],
            "se": [0.0, 0.1, 0.1],
            "ci_low": [1.0, 0.6, 0.3],
            "ci_high": [1.0, 0.9, 0.7],
            "n_at_risk": [0, 10, 8],
            "n_events": [0, 2, 3],
            "n_censored": [0, 0, 1],
        }
    )
    got = measure_curve("net", curve_from_rows(rows, "net", "everyone"))
    assert isinstance(got, MeasureCurve) and got.curve.measure == "net"
    assert got.curve.at(1.5)[0] == pytest.approx(0.65)
    assert got.at([2]).loc[0, "survival"] == 0.5 and got.curve.n_events.sum() == 5


def test_teaching_datasets_are_marked_for_the_patient_page_to_leave_out():
    teaching = [name for name, entry in CATALOGUE.items() if entry.description.is_teaching]
    assert teaching == ["finland-colon", "finland-melanoma"]
    assert list(CATALOGUE)[:3] == ["seer-breast", "seer-prostate", "slovenia-colorectal"]


@pytest.mark.parametrize("name", ["slovenia-colorectal", "finland-colon", "finland-melanoma"])
def test_words_for_readers_are_at_grade_8_or_below(name):
    textstat = pytest.importorskip("textstat")
    d = CATALOGUE[name].description
    texts = [*d.caveats, d.staging.note, d.left_out, *d.questions, *(i.about for i in INFO.values())]
    texts += [text for v in d.variables for text in (v.note, *v.plain.values(), *v.menu.values())]
    for text in (t for t in texts if len(t.split()) >= 8):
        assert textstat.flesch_kincaid_grade(text) <= 8, text


def test_registry_codes_are_described_as_codes():
    data = load_dataset("slovenia-colorectal")
    assert data.describe(data.select(stage="99")) == (
        "stage code 99, all ages, both sexes, colon and rectum, diagnosed 1994-2000"
    )
    assert (
        load_dataset("finland-colon")
        .describe(load_dataset("finland-colon").select(stage="distant"))
        .startswith("Distant stage, all ages")
    )
