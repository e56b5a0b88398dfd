"""Every chart kind for every bundled selection, and the plot command."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

from survival.cli.parser import main
from survival.datasets.catalogue import load_dataset
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import actuarial
from survival.estimate.crude import crude_probabilities
from survival.estimate.trend import single_year_trend, years_matching
from survival.plot.dataset_charts import compare_chart, curve_chart, icons_chart, trend_chart

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def close(chart):
    chart.ax.figure.clear()


def estimable(data, sel, years=1):
    return not math.isnan(actuarial(data.table(sel)).observed().at(years)[0])


@pytest.mark.parametrize("stage", ["Localized", "Regional", "Distant"])
def test_curves_and_icons_for_every_selection(data, stage):
    for age in data.ages():
        for period in data.period_labels():
            sel = data.select(stage, age, period)
            if not estimable(data, sel):
                with pytest.raises(SurvivalDataError, match="no survival figures yet"):
                    curve_chart(data, sel)
                continue
            est = actuarial(data.table(sel))
            chart = curve_chart(data, sel)
            lines = [
                ln
                for ln in chart.ax.get_lines()
                if ln.get_label() in ("Observed survival", "Relative survival")
            ]
            assert [ln.get_label() for ln in lines] == ["Observed survival", "Relative survival"]
            np.testing.assert_allclose(lines[0].get_xydata()[:, 1], est.observed().survival)
            np.testing.assert_allclose(lines[1].get_xydata()[:, 1], est.relative().survival)
            assert chart.ax.get_ylim() == pytest.approx((0, 1), abs=0.02)
            assert "At risk" in [t.get_text() for t in chart.ax.figure.findobj(matplotlib.text.Text)]
            assert len(chart.table) == len(est.observed().time)
            close(chart)
            counts = crude_probabilities(est).out_of_100(5)
            if counts is None:
                continue
            icons = icons_chart(data, sel)
            assert icons.table["people"].tolist() == list(counts)
            assert f"{counts[0]} alive" in icons.alt_text
            close(icons)


def test_trend_for_every_stage_and_age(data):
    for stage in data.stages():
        for age in data.ages():
            sel = data.select(stage, age)
            chart = trend_chart(data, sel, figure=0.22)
            table = single_year_trend(data, sel)
            drawn = chart.table.dropna(subset=["relative"])
            np.testing.assert_allclose(drawn["relative"], table["relative"])
            matching = years_matching(table, "relative", 0.22)
            assert ("ringed" in chart.alt_text) and (not matching or str(matching[0]) in chart.alt_text)
            close(chart)


def test_comparisons_of_periods_and_of_ages(data):
    for stage in data.stages():
        for age in data.ages():
            sels = [data.select(stage, age, p) for p in data.period_labels("period")[:-1]]
            chart = compare_chart(data, sels)
            labels = {t.get_text() for t in chart.ax.texts}
            assert {s.period for s in sels} <= labels
            close(chart)
        chart = compare_chart(data, [data.select(stage, a) for a in data.ages()], measure="observed")
        assert "by age group" in chart.ax.get_title(loc="left").replace("\n", " ")
        close(chart)


def test_compare_needs_one_measure(data):
    with pytest.raises(ValueError, match="one measure"):
        compare_chart(data, [data.select("distant"), data.select("localized")], measure="both")


@pytest.mark.parametrize(
    "kind, extra",
    [
        ("curve", []),
        ("icons", ["--years", "10"]),
        ("trend", ["--figure", "22%"]),
        ("compare", ["--stage", "regional", "--stage", "localized"]),
    ],
)
@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<svg"), (".pdf", b"%PDF")])
def test_plot_command_writes_each_format(tmp_path, capsys, kind, extra, suffix, magic):
    out = tmp_path / f"chart{suffix}"
    code = main(["plot", "--kind", kind, "--stage", "distant", *extra, "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    head = out.read_bytes()[:4096]
    assert magic in head


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "compare", "--stage", "distant"], "A comparison needs two or more groups"),
        (["--kind", "curve", "--stage", "distant", "--stage", "regional"], "Only a comparison takes several"),
        (
            [
                "--kind",
                "compare",
                "--stage",
                "distant",
                "--stage",
                "regional",
                "--age",
                "65+",
                "--age",
                "00-49",
            ],
            "varies one thing at a time",
        ),
        (["--kind", "icons", "--stage", "distant", "--period", "2012"], "There is no 5-year figure"),
        (["--kind", "trend", "--stage", "distant", "--measure", "both"], "This chart shows one measure"),
    ],
)
def test_plot_command_errors(tmp_path, capsys, args, message):
    code = main(["plot", *args, "-o", str(tmp_path / "c.png")])
    _, err = capsys.readouterr()
    assert code == 2 and message in err
    assert not (tmp_path / "c.png").exists()


def test_plot_refuses_unknown_extensions(tmp_path, capsys):
    code = main(["plot", "--kind", "curve", "--stage", "distant", "-o", str(tmp_path / "c.jpg")])
    assert code == 2 and "does not end in .png, .svg or .pdf" in capsys.readouterr()[1]
