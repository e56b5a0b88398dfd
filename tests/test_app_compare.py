"""AppTest of the "Compare groups" page: widgets driven by key, numbers checked against the package."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from survival.datasets.catalogue import load_dataset
from survival.estimate.actuarial import actuarial
from survival.estimate.kaplan_meier import logrank
from survival.estimate.lifetable_curves import counts_from_lifetable
from survival.io.csv_export import safe_csv
from survival.lessons import comparison
from survival.plot.curves import comparison_table
from survival.plot.dataset_charts import interval_columns
from ui import state
from ui.components import numbers_key

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "ui/pages/compare.py"
# Keys the page defines for itself (ui/pages/compare.py; importing it would run the page).
CHART = "compare_chart"
CHART_AREA = "compare_chart_area"
CONTROLS = "compare_controls"
LOGRANK_AREA = "compare_logrank_area"
MEDIAN_AREA = "compare_median_area"
RMST_AREA = "compare_rmst_area"
CONF_TYPE = "compare_conf_type"
RMST_YEARS = "compare_rmst_years"
VARYING = {"stage": state.COMPARE_STAGES, "age": state.COMPARE_AGES, "period": state.COMPARE_PERIODS}
DATA = load_dataset()


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def set_widget(at: AppTest, kind: str, key: str, value) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, at.exception
    return at


def shown_table(at: AppTest) -> pd.DataFrame:
    """The data table under "The numbers in this chart", opened as a reader would open it."""
    if not at.session_state[numbers_key(CHART)]:
        at.session_state[numbers_key(CHART)] = True
        at.run()
        assert not at.exception
    return at.get_by_key(CHART_AREA).dataframe[0].value


def shown_logrank(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.get_by_key(LOGRANK_AREA).metric}


def groups_of(at: AppTest, by: str) -> list[tuple[str, str, str]]:
    """(stage, age, period) of each compared group, read from the widgets."""
    fixed = {
        d: at.selectbox(key=k).value
        for d, k in (
            ("stage", state.COMPARE_STAGE),
            ("age", state.COMPARE_AGE),
            ("period", state.COMPARE_PERIOD),
        )
        if d != by
    }
    return [
        tuple({**fixed, by: v}[d] for d in ("stage", "age", "period"))
        for v in at.multiselect(key=VARYING[by]).value
    ]


def expected_table(groups, labels, measure: str = "observed") -> pd.DataFrame:
    """The package's numbers, straight from the actuarial estimator (SEER's log-log intervals, named)."""
    curves = [
        getattr(actuarial(DATA.table(DATA.select(*g))), measure)(label=label)
        for g, label in zip(groups, labels)
    ]
    return interval_columns(comparison_table(curves), "log-log")


def assert_logrank_shown(at: AppTest, groups) -> None:
    result = logrank(counts_from_lifetable(DATA.lifetables), groups)
    shown = shown_logrank(at)
    statistic = float(shown["Log-rank statistic (chi-squared)"].replace(",", ""))
    assert statistic == pytest.approx(result.statistic, abs=0.05 + 1e-9)
    assert shown["Degrees of freedom"] == str(len(groups) - 1) == str(result.df)
    p = shown["p-value"]
    if result.p_value < 0.001:
        assert p == "< 0.001"
    else:
        assert float(p) == pytest.approx(result.p_value, abs=0.0005 + 1e-12)


def test_defaults_show_three_stages_with_the_package_numbers_and_log_rank():
    at = open_page()
    assert at.title[0].value == "Compare groups"
    assert at.radio(key=state.COMPARE_BY).value == "stage"
    assert at.multiselect(key=state.COMPARE_STAGES).value == DATA.stages()
    assert at.selectbox(key=state.COMPARE_AGE).value == "All ages"
    assert at.selectbox(key=state.COMPARE_PERIOD).value == DATA.default_period()
    groups = groups_of(at, "stage")
    pd.testing.assert_frame_equal(
        shown_table(at), expected_table(groups, DATA.stages()), check_exact=False, rtol=1e-12, atol=1e-12
    )
    assert_logrank_shown(at, groups)
    image = at.get_by_key(CHART_AREA).image
    assert len(image) == 1
    assert any(
        c.value.startswith("On these yearly tables, Kaplan-Meier counts people lost") for c in at.caption
    )
    assert not at.get_by_key(LOGRANK_AREA).info


def test_no_exception_after_each_toggle():
    at = open_page()
    for kind, key, value in [
        ("toggle", state.COMPARE_BAND, True),
        ("toggle", state.COMPARE_RISK, False),
        ("toggle", state.PRESENTATION, True),
        ("radio", state.COMPARE_METHOD, "kaplan-meier"),
        ("selectbox", CONF_TYPE, "arcsine"),
        ("radio", state.COMPARE_MEASURE, "relative"),
        ("radio", state.COMPARE_MEASURE, "observed"),
        ("toggle", state.COMPARE_BAND, False),
        ("toggle", state.COMPARE_RISK, True),
        ("toggle", state.PRESENTATION, False),
    ]:
        set_widget(at, kind, key, value)
        assert len(at.get_by_key(CHART_AREA).image) == 1, (key, value)
        assert not at.error
    alt_text = at.get_by_key(CHART_AREA).image[0].proto.imgs[0].alt
    assert "Line chart comparing observed survival of 3 groups" in alt_text


@pytest.mark.parametrize("by", ["stage", "age", "period"])
def test_compare_by_each_dimension(by):
    at = set_widget(open_page(), "radio", state.COMPARE_BY, by)
    labels = at.multiselect(key=VARYING[by]).value
    groups = groups_of(at, by)
    assert len(groups) == 3 and len({g for g in groups}) == 3
    if by == "age":
        assert "All ages" not in labels  # "All ages" holds the same people as the age groups
    if by == "period":
        assert labels[-1] == DATA.default_period()
    pd.testing.assert_frame_equal(
        shown_table(at), expected_table(groups, labels), check_exact=False, rtol=1e-12, atol=1e-12
    )
    assert_logrank_shown(at, groups)
    # Two groups: one degree of freedom.
    set_widget(at, "multiselect", VARYING[by], labels[:2])
    assert_logrank_shown(at, groups[:2])
    assert list(shown_table(at).columns[1::3]) == [f"{label} survival" for label in labels[:2]]


def test_relative_survival_says_log_rank_does_not_apply(tmp_path, monkeypatch):
    at = set_widget(open_page(), "radio", state.COMPARE_METHOD, "kaplan-meier")
    set_widget(at, "radio", state.COMPARE_MEASURE, "relative")
    area = at.get_by_key(LOGRANK_AREA)
    assert not area.metric
    text = area.info[0].value
    assert "log-rank test does not apply to relative survival" in text
    assert "Pohar Perme" in text
    # Relative survival is actuarial only; the method choice is not offered.
    assert not [r for r in at.radio if r.key == state.COMPARE_METHOD]
    groups = groups_of(at, "stage")
    pd.testing.assert_frame_equal(
        shown_table(at),
        expected_table(groups, DATA.stages(), "relative"),
        check_exact=False,
        rtol=1e-12,
        atol=1e-12,
    )
    assert "measure='relative'," in at.code[0].value and "method='actuarial'," in at.code[0].value
    assert "logrank" not in at.code[0].value
    monkeypatch.chdir(tmp_path)
    exec(compile(at.code[0].value, "<snippet>", "exec"), namespace := {})  # noqa: S102
    pd.testing.assert_frame_equal(
        namespace["chart"].table, shown_table(at), check_exact=False, rtol=1e-12, atol=1e-12
    )


def test_kaplan_meier_numbers_are_one_minus_deaths_over_alive_per_year():
    at = set_widget(open_page(), "radio", state.COMPARE_METHOD, "kaplan-meier")
    table = shown_table(at)
    for stage, age, period in groups_of(at, "stage"):
        f = DATA.table(DATA.select(stage, age, period)).frame
        walk = np.cumprod(1 - f["died"] / f["alive"]).to_numpy()
        finished = ~((f["alive"] == f["died"] + f["lost"]) & (f["lost"] > 0)).to_numpy()
        shown = table.set_index("time")[f"{stage} survival"].dropna()
        np.testing.assert_allclose(shown.loc[f["interval_end"][finished]], walk[finished], rtol=1e-12)
    assert "Kaplan-Meier" in at.get_by_key(CHART_AREA).image[0].proto.imgs[0].alt


@pytest.mark.parametrize("by, method", [("stage", "actuarial"), ("age", "kaplan-meier")])
def test_snippet_runs_and_reproduces_the_numbers_shown(by, method, tmp_path, monkeypatch, capsys):
    at = set_widget(open_page(), "radio", state.COMPARE_BY, by)
    set_widget(at, "radio", state.COMPARE_METHOD, method)
    code = at.code[0].value
    assert "from survival" in code and f"method={method!r}" in code
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "<snippet>", "exec"), namespace)  # noqa: S102 - the page's own snippet
    pd.testing.assert_frame_equal(
        namespace["chart"].table, shown_table(at), check_exact=False, rtol=1e-12, atol=1e-12
    )
    test = namespace["test"]
    shown = shown_logrank(at)
    assert f"{test.statistic:,.1f}" == shown["Log-rank statistic (chi-squared)"]
    assert str(test.df) == shown["Degrees of freedom"]
    assert (tmp_path / "comparison.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "degrees of freedom" in capsys.readouterr().out


def test_downloads_give_the_chart_files_and_an_escaped_csv():
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.media_file_manager import MediaFileManager

    managers = []

    class Recording(MediaFileManager):
        """AppTest's media manager, kept so the deferred chart files can be made (internal API)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    at = AppTest.from_file(APP, default_timeout=60).run()
    with mock.patch.object(app_test, "MediaFileManager", Recording):
        at.switch_page(PAGE).run()
    assert not at.exception
    manager = managers[-1]

    def content(url: str) -> bytes:
        return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content

    starts = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}
    for fmt, start in starts.items():
        button = at.download_button(key=f"{CHART}_{fmt}")
        assert content(manager.execute_deferred(button.proto.deferred_file_id)).startswith(start)
    csv = at.download_button(key=f"{CHART}_csv")
    assert content(manager.execute_deferred(csv.proto.deferred_file_id)).decode() == safe_csv(shown_table(at))


def test_one_group_has_no_log_rank_and_none_asks_for_a_choice():
    at = set_widget(open_page(), "multiselect", state.COMPARE_STAGES, ["Distant"])
    assert len(at.get_by_key(CHART_AREA).image) == 1
    assert "two or more groups" in at.get_by_key(LOGRANK_AREA).markdown[0].value
    set_widget(at, "multiselect", state.COMPARE_STAGES, [])
    assert "Choose at least one" in at.info[0].value
    assert not at.image


def test_a_period_without_follow_up_shows_a_plain_error():
    at = set_widget(open_page(), "selectbox", state.COMPARE_PERIOD, "2013")
    assert "There are no survival figures yet for people diagnosed in 2013" in at.error[0].value
    assert any("earlier period" in t.value for t in at.text)
    set_widget(at, "radio", state.COMPARE_METHOD, "kaplan-meier")
    assert at.error and not at.image


# -- Issue 18: the chart first -------------------------------------------------------------------


def in_page_order(node) -> list:
    """Every element under ``node``, depth first, in the order the page lays them out."""
    children = getattr(node, "children", None)
    if not children:
        return [node]
    out = [node]
    for key in sorted(children):
        out += in_page_order(children[key])
    return out


def test_the_chart_comes_before_the_choices():
    """At 1366 x 900 the chart is in view: it is the first column, with the choices beside it.

    On a narrow screen Streamlit stacks the columns in this order, so the chart still comes first.
    """
    at = open_page()
    order = in_page_order(at.main)
    kinds = [type(e).__name__ for e in order]
    first_image = kinds.index("Image")
    first_widget = min(kinds.index(k) for k in ("Selectbox", "Radio", "Multiselect") if k in kinds)
    assert first_image < first_widget
    assert [type(e).__name__ for e in order[:first_image]].count("Markdown") <= 2  # title and one caption
    controls = at.get_by_key(CONTROLS)
    assert {w.key for w in controls.radio} >= {state.COMPARE_BY, state.COMPARE_MEASURE}
    assert state.COMPARE_DATASET in {w.key for w in controls.selectbox}


# -- Issue 19: interval types, medians, RMST, weighted tests, lifelines ---------------------------


def km_curves(at: AppTest, conf_type: str = "log-log"):
    selections = [DATA.select(*g) for g in groups_of(at, "stage")]
    return comparison.selection_curves(DATA, selections, method="kaplan-meier", conf_type=conf_type)


@pytest.mark.parametrize("conf_type", ["log-log", "log", "plain", "arcsine"])
def test_kaplan_meier_intervals_of_each_type_are_named_and_computed(conf_type):
    at = set_widget(open_page(), "radio", state.COMPARE_METHOD, "kaplan-meier")
    set_widget(at, "selectbox", CONF_TYPE, conf_type)
    curves = km_curves(at, conf_type)
    table = shown_table(at)
    for curve in curves:
        low, high = curve.confidence_interval(0.95, conf_type)
        column = table.set_index("time")[f"{curve.label} ci_low (95% {conf_type})"].dropna()
        np.testing.assert_allclose(column, low, rtol=0, atol=1e-12)
        np.testing.assert_allclose(
            table.set_index("time")[f"{curve.label} ci_high (95% {conf_type})"].dropna(),
            high,
            rtol=0,
            atol=1e-12,
        )
    assert at.get_by_key(CHART_AREA).image[0].proto.imgs[0].alt.endswith(f"Intervals are 95% {conf_type}.")
    assert (
        f"title='Observed survival by stage (Kaplan-Meier, 95% {conf_type} CI)\\nAll ages" in at.code[0].value
    )
    medians = next(d.value for d in at.get_by_key(MEDIAN_AREA).dataframe)
    assert set(medians["Interval"]) == {f"95% {conf_type}"}


def test_actuarial_intervals_are_seer_log_log_without_a_choice():
    at = open_page()
    assert not [s for s in at.selectbox if s.key == CONF_TYPE]
    assert any("95% log-log, as SEER*Stat" in c.value for c in at.caption)


@pytest.mark.parametrize("method", ["actuarial", "kaplan-meier"])
def test_medians_by_both_conventions_are_the_package(method):
    at = set_widget(open_page(), "radio", state.COMPARE_METHOD, method)
    shown = next(d.value for d in at.get_by_key(MEDIAN_AREA).dataframe)
    selections = [DATA.select(*g) for g in groups_of(at, "stage")]
    curves = comparison.selection_curves(DATA, selections, method=method)
    pd.testing.assert_frame_equal(shown, comparison.median_table(curves))
    distant = shown.set_index("Group").loc["Distant"]
    assert distant["Median (first)"] == pytest.approx(curves[2].median("first").value, abs=1e-12)
    if method == "kaplan-meier":
        assert distant["Median (midpoint)"] == curves[2].median("midpoint").value
    else:
        assert np.isnan(distant["Median (midpoint)"])
    assert "Two conventions" in at.get_by_key(MEDIAN_AREA).markdown[-1].value


@pytest.mark.parametrize("method", ["actuarial", "kaplan-meier"])
def test_rmst_of_the_curves_shown_with_intervals_and_group_comparisons(method):
    at = set_widget(open_page(), "radio", state.COMPARE_METHOD, method)
    area = at.get_by_key(RMST_AREA)
    assert at.select_slider(key=RMST_YEARS).value == 5
    selections = [DATA.select(*g) for g in groups_of(at, "stage")]
    curves = comparison.selection_curves(DATA, selections, method=method)
    table, contrasts = (d.value for d in area.dataframe)
    pd.testing.assert_frame_equal(table, comparison.rmst_table(curves, 5))
    want = comparison.rmst_contrasts(curves, 5)
    p_columns = ["Difference p", "Ratio p"]
    pd.testing.assert_frame_equal(contrasts.drop(columns=p_columns), want.drop(columns=p_columns))
    assert set(contrasts["Difference p"]) == {"< 0.001"}
    sentence = area.markdown[0].value.replace("\\", "")
    assert comparison.rmst_sentence(curves[0], 5) in sentence
    if method == "actuarial":  # trapezoids between the ends of the years
        s = curves[2].survival[:6]
        assert table["RMST (years)"].iloc[2] == pytest.approx(((s[1:] + s[:-1]) / 2).sum(), rel=1e-12)
    else:  # steps at the ends of the years
        assert table["RMST (years)"].iloc[2] == pytest.approx(curves[2].survival[:5].sum(), rel=1e-12)
    set_widget(at, "select_slider", RMST_YEARS, 3)
    table = at.get_by_key(RMST_AREA).dataframe[0].value
    pd.testing.assert_frame_equal(table, comparison.rmst_table(curves, 3))
    assert "print(rmst_table(curves, 3)" in at.code[0].value


def test_weighted_tests_sit_beside_the_log_rank_with_a_note():
    at = open_page()
    area = at.get_by_key(LOGRANK_AREA)
    shown = area.dataframe[0].value
    groups = [DATA.select(*g).group for g in groups_of(at, "stage")]
    want = comparison.weighted_tests(counts_from_lifetable(DATA.lifetables), groups)
    assert shown["Test"].tolist() == want["Test"].tolist()
    np.testing.assert_allclose(shown["Chi-squared"], want["Chi-squared"], rtol=1e-12)
    assert shown["p"].tolist() == ["< 0.001"] * 4
    assert float(shown_logrank(at)["Log-rank statistic (chi-squared)"].replace(",", "")) == pytest.approx(
        shown["Chi-squared"].iloc[0], abs=0.05
    )
    assert "Which test when" in area.markdown[-1].value and "Peto-Peto" in area.markdown[-1].value
    at = set_widget(at, "multiselect", state.COMPARE_STAGES, ["Localized", "Regional"])
    two = at.get_by_key(LOGRANK_AREA).dataframe[0].value
    assert (two["df"] == 1).all()


def test_snippet_prints_p_values_as_the_page_shows_them(tmp_path, monkeypatch, capsys):
    at = open_page()
    monkeypatch.chdir(tmp_path)
    exec(compile(at.code[0].value, "<snippet>", "exec"), {})  # noqa: S102 - the page's own snippet
    out = capsys.readouterr().out
    assert "p < 0.001" in out and "p = 0" not in out
    assert out.count("p < 0.001") == 5  # the log-rank test, then the four tests beside it
    assert "Peto-Peto (Fleming-Harrington G(1, 0)): chi-squared" in out


def test_lifelines_snippet_fits_the_same_curves_and_log_rank(tmp_path, monkeypatch, capsys):
    at = set_widget(open_page(), "radio", state.COMPARE_BY, "age")
    assert [t.label for t in at.tabs] == ["survival package", "lifelines"]
    code = at.code[1].value
    assert "from lifelines import KaplanMeierFitter" in code and "from_lifelines" in code
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "<lifelines snippet>", "exec"), namespace)  # noqa: S102 - the page's own snippet
    for fitter, curve in zip(namespace["fitters"], km_curves_by(at, "age")):
        at_times = fitter.survival_function_at_times(curve.time).to_numpy()
        np.testing.assert_allclose(at_times, curve.survival, rtol=0, atol=1e-10)
    shown = float(shown_logrank(at)["Log-rank statistic (chi-squared)"].replace(",", ""))
    assert namespace["test"].test_statistic == pytest.approx(shown, abs=0.05)
    out = capsys.readouterr().out
    assert "log-rank: chi-squared" in out and "p = 0" not in out
    assert (tmp_path / "comparison-lifelines.png").read_bytes()[:4] == b"\x89PNG"


def km_curves_by(at: AppTest, by: str):
    selections = [DATA.select(*g) for g in groups_of(at, by)]
    return comparison.selection_curves(DATA, selections, method="kaplan-meier")


def test_relative_survival_shows_no_median_rmst_or_weighted_tests():
    at = set_widget(open_page(), "radio", state.COMPARE_MEASURE, "relative")
    headers = [h.value for h in at.header]
    assert "Median survival" not in headers and "Restricted mean survival time" not in headers
    assert not at.get_by_key(LOGRANK_AREA).dataframe


def test_every_bundled_dataset_compares():
    from survival.datasets.catalogue import CATALOGUE

    at = open_page()
    for ref in CATALOGUE:
        set_widget(at, "selectbox", state.COMPARE_DATASET, ref)
        for method in ("actuarial", "kaplan-meier"):
            set_widget(at, "radio", state.COMPARE_METHOD, method)
            assert not at.error, (ref, [e.value for e in at.error])
            assert len(at.get_by_key(CHART_AREA).image) == 1, ref
            assert at.get_by_key(MEDIAN_AREA).dataframe and at.get_by_key(RMST_AREA).dataframe


@pytest.mark.parametrize("kind", ["lifetable", "individual"])
def test_this_sessions_upload_compares_too(kind):
    from test_app_your_data import LIFETABLE, individual_rows, upload

    if kind == "lifetable":
        at = upload("lifetable", [("table.csv", LIFETABLE)])
    else:
        at = upload("individual", [("rows.csv", individual_rows())])
        at.multiselect(key=state.UPLOAD_GROUP).set_value(["stage"]).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    upload_ref = at.session_state[state.UPLOADED].ref
    at.selectbox(key=state.COMPARE_DATASET).set_value(upload_ref).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(at.get_by_key(CHART_AREA).image) == 1
    set_widget(at, "radio", state.COMPARE_METHOD, "kaplan-meier")
    set_widget(at, "selectbox", CONF_TYPE, "log")
    assert len(at.get_by_key(CHART_AREA).image) == 1
    medians = at.get_by_key(MEDIAN_AREA).dataframe[0].value
    expected = ["Distant", "Local"] if kind == "lifetable" else ["Early", "Late"]
    assert sorted(medians["Group"]) == expected and set(medians["Interval"]) == {"95% log"}
    assert at.get_by_key(RMST_AREA).dataframe and at.get_by_key(LOGRANK_AREA).dataframe
    assert any("to_lifelines" in m.value for m in at.markdown) and not at.code  # no snippet for an upload
