"""Tests for survival.published: the quoted headline figures, never merged with ours."""

from __future__ import annotations

import pandas as pd

from survival.published import COLUMNS, beside, published_figures


def test_every_quoted_figure_has_its_source_release_and_value_as_printed():
    table = published_figures()
    assert list(table.columns) == list(COLUMNS) and len(table) >= 3
    for row in table.itertuples():
        assert row.url.startswith("https://") and row.release and row.diagnosis_years and row.registries
        assert row.value_as_printed.endswith("%") and row.measure and row.stage
    assert set(table["site"]) == {"breast", "prostate"}


def test_the_figures_read_on_the_publishers_pages():
    breast = published_figures("Breast")
    assert dict(zip(breast["diagnosis_years"], breast["value_as_printed"])) == {
        "2004-2010": "89.2%",
        "2012-2018": "90%",
    }
    prostate = published_figures("prostate")
    assert "28.7%" in list(prostate["value_as_printed"]) and "32.3%" in list(prostate["value_as_printed"])


def test_ours_and_the_quoted_stay_separate_rows_and_say_which():
    ours = pd.DataFrame(
        [{"source": "Survival Explorer", "value_as_printed": "33.4%", "measure": "5-year relative survival"}]
    )
    both = beside(ours, "breast")
    assert list(both["Kind"]) == ["computed here", "quoted", "quoted"]
    assert list(both["Value as printed"]) == ["33.4%", "89.2%", "90%"]
    assert both.loc[0, "Link"] == "" and both.loc[1, "Link"].startswith("https://")
    assert list(beside(ours, "lung")["Kind"]) == ["computed here"]
