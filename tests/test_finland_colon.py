"""The bundled Finnish colon tables (teaching data): rebuilt from the records, checked against R."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bundled_rebuild import assert_same_provenance, assert_same_tables, readme_citation
from net_data import FINNISH_DEATHS, colon_frame, fixture, popmort
from shared_data import shared_file

from survival.datasets.catalogue import load_dataset
from survival.datasets.description import TEACHING
from survival.datasets.finland_colon import DESCRIPTION, build
from survival.estimate.actuarial import actuarial
from survival.estimate.cause_specific import cause_specific_survival
from survival.estimate.net_records import net_records_from_frame
from survival.estimate.net_survival import relative_survival

ID = "finland-colon"
ALL = {"age": "All ages", "sex": "Both sexes", "period": "1975-1994"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp(ID)
    build(shared_file(ID, "colon.csv").parent, out)
    return out


@pytest.fixture(scope="module")
def data():
    return load_dataset(ID)


def rows_of(data, measure: str, **labels) -> pd.DataFrame:
    return data.curve(data.select(**{**ALL, **labels}), measure).curve.to_frame().set_index("time")


@pytest.mark.parametrize("name", ["lifetables.csv", "trend.csv", "periods.csv", "net.csv"])
def test_committed_tables_equal_a_fresh_build(rebuilt, name):
    assert_same_tables(rebuilt, ID, (name,))


def test_committed_provenance_names_the_source_checksums(rebuilt):
    provenance = assert_same_provenance(rebuilt, ID, ID)
    assert provenance["cases"] == 15564
    assert set(provenance["source_files"]) == {"colon.csv", "popmort.csv"}
    assert provenance["population_table"] == "finland"


@pytest.mark.parametrize("stage", ["Distant", "Localised", "Regional", "Unknown", "All"])
def test_pohar_perme_equals_relsurv_at_whole_years(data, stage):
    ref = fixture("net_rs_surv.csv")
    ref = ref[(ref["data"] == "colon") & (ref["method"] == "pohar-perme") & (ref["stage"] == stage)]
    ref = ref[(ref["years"] % 1 == 0) & (ref["years"] <= 20)].set_index("years")
    rows = rows_of(data, "net", stage=None if stage == "All" else stage).loc[ref.index]
    np.testing.assert_allclose(rows["survival"], ref["estimate"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["se"], ref["std_err"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["ci_low"], ref["lower95"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("stage", ["Distant", "Localised", "Regional", "Unknown"])
def test_cause_specific_survival_equals_survfit(data, stage):
    ref = fixture("net_cause_specific.csv")
    ref = ref[(ref["data"] == "colon") & (ref["stage"] == stage) & (ref["months"] <= 240)]
    rows = rows_of(data, "cause-specific", stage=stage).loc[ref["months"].to_numpy() / 12]
    np.testing.assert_allclose(rows["survival"], ref["estimate"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["se"], ref["std_err"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["ci_low"], ref["lower95"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["ci_high"], ref["upper95"], rtol=0, atol=1e-9)


def test_age_standardised_survival_equals_rs_surv_combined_in_r(data):
    ref = fixture("net_standardised_rs_surv.csv")
    for method, measure in (("ederer2", "relative-standardised"), ("pohar-perme", "net-standardised")):
        r = ref[ref["method"] == method].set_index("years")
        rows = rows_of(data, measure).loc[r.index]
        np.testing.assert_allclose(rows["survival"], r["estimate"], rtol=0, atol=1e-9)
        np.testing.assert_allclose(rows["se"], r["std_err"], rtol=0, atol=1e-9)


def test_life_tables_equal_an_independent_seer_ederer2_in_r(data):
    ref = fixture("datasets_seer_ederer2.csv")
    ref = ref[ref["data"] == ID]
    for stage, rows in ref.groupby("stage"):
        selection = data.select(**{**ALL, "stage": None if stage == "All" else stage})
        est = actuarial(data.table(selection)).to_frame().set_index("interval_end").loc[rows["interval_end"]]
        for column in ("alive", "died", "lost"):
            np.testing.assert_array_equal(est[column], rows[column])
        for column in ("expected_interval", "observed", "expected", "relative"):
            np.testing.assert_allclose(est[column], rows[column], rtol=0, atol=5e-10, err_msg=column)


def test_a_small_selection_equals_a_recomputation_from_the_records(data):
    """Regional, 60-74, women, 1985-1989: net and cause-specific survival, read and grouped here."""
    frame = colon_frame()
    chosen = frame[
        (frame["stage"] == "Regional")
        & (frame["agegrp"] == "60-74")
        & (frame["sex"] == "Female")
        & frame["yydx"].between(1985, 1989)
    ]
    records = net_records_from_frame(
        chosen,
        popmort(),
        time="surv_mm",
        status="status",
        age="age",
        sex="sex",
        diagnosis="dx",
        time_unit="months",
        age_unit="years",
        status_values=FINNISH_DEATHS,
    )
    net = relative_survival(records, popmort(), method="pohar-perme").curve()
    labels = {"stage": "Regional", "age": "60-74", "sex": "Female", "period": "1985-1989"}
    rows = rows_of(data, "net", **labels)
    times = rows.index.to_numpy()
    np.testing.assert_allclose(rows["survival"], net.at(times), rtol=1e-9)
    specific = cause_specific_survival(chosen, time="surv_mm", status="status", time_unit="months").curve()
    rows = rows_of(data, "cause-specific", **labels)
    np.testing.assert_allclose(rows["survival"], specific.at(rows.index.to_numpy() * 12), rtol=1e-9)
    assert rows["n_at_risk"].iloc[1] == len(chosen)
    assert (
        rows["n_events"].sum()
        == ((chosen["status"] == "Dead: cancer") & (chosen["surv_mm"] <= 12 * times[-1])).sum()
    )


def test_teaching_data_are_labelled_as_such_everywhere(data):
    assert DESCRIPTION.kind == TEACHING and DESCRIPTION.is_teaching
    assert "teaching data" in DESCRIPTION.title
    assert any("simulation" in c and "not official" in c for c in DESCRIPTION.caveats)
    assert DESCRIPTION.citation == readme_citation(ID)
    assert data.stages() == ["Localised", "Regional", "Distant", "Unknown", "All stages"]
    assert data.ages() == ["0-44", "45-59", "60-74", "75+", "All ages"]
    assert data.default_period() == "1985-1989"
    assert data.measures() == (
        "observed",
        "relative",
        "net",
        "cause-specific",
        "relative-standardised",
        "net-standardised",
    )
