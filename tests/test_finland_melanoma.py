"""The bundled Finnish melanoma tables (teaching data): rebuilt from the records, checked against R and recomputation."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from bundled_rebuild import assert_same_provenance, assert_same_tables, readme_citation
from net_data import FINNISH_DEATHS, fixture, popmort
from shared_data import shared_file

from survival.datasets.catalogue import load_dataset
from survival.datasets.description import TEACHING
from survival.datasets.finland_melanoma import DESCRIPTION, SPEC, build
from survival.estimate.net_records import NetRecords, net_records_from_frame
from survival.estimate.net_standardise import age_standardised
from survival.estimate.net_survival import relative_survival

ID = "finland-melanoma"
ALL = {"age": "All ages", "sex": "Both sexes", "period": "1975-1994"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp(ID)
    build(shared_file(ID, "melanoma.csv").parent, out)
    return out


@pytest.fixture(scope="module")
def data():
    return load_dataset(ID)


@lru_cache
def melanoma() -> NetRecords:
    frame = pd.read_csv(shared_file(ID, "melanoma.csv"))
    return net_records_from_frame(
        frame,
        popmort(),
        time="surv_mm",
        status="status",
        age="age",
        sex="sex",
        diagnosis="dx",
        time_unit="months",
        age_unit="years",
        groups=["stage", "sex"],
        status_values=FINNISH_DEATHS,
    )


def rows_of(data, measure: str, **labels) -> pd.DataFrame:
    return data.curve(data.select(**{**ALL, **labels}), measure).curve.to_frame().set_index("time")


@pytest.mark.parametrize("name", ["lifetables.csv", "trend.csv", "periods.csv", "net.csv"])
def test_committed_tables_equal_a_fresh_build(rebuilt, name):
    assert_same_tables(rebuilt, ID, (name,))


def test_committed_provenance_names_the_source_checksums(rebuilt):
    provenance = assert_same_provenance(rebuilt, ID, ID)
    assert provenance["cases"] == 7775
    assert set(provenance["source_files"]) == {"melanoma.csv", "popmort.csv"}


@pytest.mark.parametrize("stage", ["Distant", "Localised", "Regional", "Unknown"])
def test_cause_specific_survival_equals_survfit(data, stage):
    ref = fixture("net_cause_specific.csv")
    ref = ref[(ref["data"] == "melanoma") & (ref["stage"] == stage) & (ref["months"] <= 240)]
    rows = rows_of(data, "cause-specific", stage=stage).loc[ref["months"].to_numpy() / 12]
    np.testing.assert_allclose(rows["survival"], ref["estimate"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(rows["se"], ref["std_err"], rtol=0, atol=1e-9)


@pytest.mark.parametrize(("stage", "sex"), [("Localised", "Female"), ("Distant", "Male"), (None, "Male")])
def test_net_survival_equals_relative_survival_recomputed_from_the_records(data, stage, sex):
    records = melanoma()
    mask = (records.groups["sex"] == sex).to_numpy()
    if stage is not None:
        mask &= (records.groups["stage"] == stage).to_numpy()
    curve = relative_survival(records.subset(mask), popmort(), method="pohar-perme").curve()
    rows = rows_of(data, "net", stage=stage, sex=sex)
    np.testing.assert_allclose(rows["survival"], curve.at(rows.index.to_numpy()), rtol=1e-9)
    np.testing.assert_allclose(rows["ci_high"], curve.ci_at(rows.index.to_numpy())[1], rtol=1e-9)


def test_age_standardisation_uses_icss_2(data):
    assert SPEC.icss == 2
    records = melanoma()
    localised = records.subset((records.groups["stage"] == "Localised").to_numpy())
    rows = rows_of(data, "net-standardised", stage="Localised")
    ref = age_standardised(localised, popmort(), standard=2, times=rows.index.to_numpy())
    np.testing.assert_allclose(rows["survival"], ref.estimate[0], rtol=1e-9)
    assert ref.weights == (0.28, 0.17, 0.21, 0.20, 0.14)


def test_teaching_data_are_labelled_as_such_everywhere(data):
    assert DESCRIPTION.kind == TEACHING and DESCRIPTION.is_teaching
    assert "teaching data" in DESCRIPTION.title
    assert any("simulation" in c and "not official" in c for c in DESCRIPTION.caveats)
    assert DESCRIPTION.citation == readme_citation(ID)
    assert data.stages() == ["Localised", "Regional", "Distant", "Unknown", "All stages"]
    assert "cause-specific" in data.measures()
