"""The command line's period estimates (summary --window) and joinpoint trends (trend)."""

from __future__ import annotations

import json

import pytest

from survival.cli.parser import main
from survival.datasets.catalogue import load_dataset
from survival.estimate.cohorts import single_year_table
from survival.estimate.joinpoint import fit_joinpoint
from survival.estimate.joinpoint_data import bundled_joinpoint_data
from survival.estimate.joinpoint_trends import cumulative_survival, hazard_trends
from survival.estimate.period import period_survival


def quiet_trend(data, selection):
    """The selection's trend, its notes on intervals without excess deaths silenced (the CLI prints them)."""
    import warnings

    from survival.errors import FragileEstimateWarning
    from survival.estimate.recent import selection_trend

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FragileEstimateWarning)
        return selection_trend(data, selection)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_window_gives_period_estimates_labelled_as_such(capsys):
    code, out, err = run(
        capsys,
        "summary",
        "--dataset",
        "seer-breast",
        "--stage",
        "distant",
        "--window",
        "2009-2013",
        "--format",
        "json",
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["kind"] == "period" and payload["label"] == "Period estimate, follow-up in 2009-2013"
    assert payload["follow_up_years"] == [2009, 2013]
    assert [e["years"] for e in payload["estimates"]] == [1, 3, 5, 10]
    yearly = single_year_table(load_dataset().lifetables).select(stage="Distant", age="All ages")
    expected = period_survival(yearly, (2008, 2012)).at((1, 3, 5, 10))
    for row, (_, want) in zip(payload["estimates"], expected.iterrows()):
        assert row["relative"] == pytest.approx(want["relative"], abs=1e-12)
        assert row["observed_low"] == pytest.approx(want["observed_low"], abs=1e-12)
    five = payload["estimates"][2]
    assert 0.30 < five["relative"] < 0.36  # the figure around 32% patients are quoted today
    assert (five["diagnosed_from"], five["diagnosed_to"]) == (2004, 2012)  # every cohort behind it


def test_latest_window_and_an_incomplete_one(capsys):
    code, out, _ = run(capsys, "summary", "--stage", "distant", "--window", "latest", "--format", "json")
    assert code == 0 and json.loads(out)["follow_up_years"] == [2009, 2013]
    code, out, err = run(capsys, "summary", "--stage", "distant", "--window", "2010-2014")
    assert code == 2 and out == ""
    assert "Follow-up in 2010-2014 is not complete" in err and "2009-2013" in err
    code, _, err = run(capsys, "summary", "--stage", "distant", "--window", "2013")
    assert code == 2 and "is not a window of years" in err


def test_trend_gives_joinpoints_slopes_and_projections(capsys):
    code, out, err = run(
        capsys,
        "trend",
        "--dataset",
        "seer-breast",
        "--stage",
        "localized",
        "--age",
        "45-65s",
        "--max-joinpoints",
        "3",
        "--format",
        "json",
    )
    assert code == 0, err
    payload = json.loads(out)
    fit = fit_joinpoint(bundled_joinpoint_data(load_dataset().lifetables, "Localized", "45-65s"), 3)
    assert payload["joinpoints"] == [int(j) for j in fit.best.joinpoints] == [1981, 1989]
    hazard = hazard_trends(fit.best)
    assert [s["excess_hazard_annual_change"] for s in payload["segments"]] == pytest.approx(
        hazard["annual_change"].tolist(), abs=1e-12
    )
    projected = cumulative_survival(fit.best, (5,)).to_frame().set_index("year")
    rows = payload["relative_survival_5y"]
    assert rows[-1]["year"] == 2013 and rows[-1]["status"] == "projected"
    for row in rows:
        assert row["value"] == pytest.approx(projected.loc[row["year"], "relative_survival"], abs=1e-12)
        assert row["se"] == pytest.approx(projected.loc[row["year"], "se"], abs=1e-12)
    code, out, _ = run(capsys, "trend", "--stage", "localized", "--age", "45-65s")
    assert code == 0 and "joinpoints: 1981, 1989" in out


def test_prostate_summary_gives_its_five_year_relative_survival(capsys):
    code, out, err = run(
        capsys, "summary", "--dataset", "seer-prostate", "--period", "1990-1994", "--format", "json"
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["dataset"] == "seer-prostate" and payload["period"] == "1990-1994"
    five = [row for row in payload["survival"] if row["years"] == 5][0]
    assert 0.9 < five["relative"]["value"] <= 1.0
    code, out, _ = run(capsys, "datasets")
    assert "seer-breast:" in out and "seer-prostate:" in out and "official registry figures" in out


def test_summary_reports_the_restricted_mean_with_its_interval(capsys):
    from survival.estimate.actuarial import actuarial
    from survival.estimate.rmst import restricted_mean

    code, out, _ = run(capsys, "summary", "--stage", "distant", "--format", "json")
    assert code == 0
    rmst = {row["tau"]: row for row in json.loads(out)["rmst"]}
    data = load_dataset()
    curve = actuarial(data.table(data.select("distant"))).observed()
    want = restricted_mean(curve, 5)
    assert rmst[5]["estimate"] == pytest.approx(want.estimate, abs=1e-12)
    assert (rmst[5]["low"], rmst[5]["high"]) == pytest.approx((want.ci_low, want.ci_high), abs=1e-12)


def test_explain_takes_the_years_already_lived(capsys):
    from survival.words.explanation import explain

    code, out, _ = run(capsys, "explain", "--stage", "distant", "--lived", "2")
    assert code == 0
    data = load_dataset()
    selection = data.select("distant")
    from survival.estimate.recent import latest_window

    want = explain(data, selection, lived=2, window=latest_window(data), trend=quiet_trend(data, selection))
    assert out == want.to_markdown()


def test_summary_of_a_teaching_set_gives_observed_relative_and_net_each_with_its_method(capsys):
    code, out, err = run(
        capsys, "summary", "--dataset", "finland-colon", "--stage", "distant", "--format", "json"
    )
    assert code == 0, err
    payload = json.loads(out)
    methods = {(m["measure"], m["method"]) for m in payload["measures"]}
    assert {
        ("observed", "actuarial life table"),
        ("relative", "Ederer II, SEER life table"),
        ("net", "Pohar Perme"),
    } <= methods
    data = load_dataset("finland-colon")
    selection = data.select(stage="Distant")
    net = data.curve(selection, "net").at((1, 3, 5, 10))
    shown = [m for m in payload["measures"] if m["measure"] == "net"]
    assert [m["survival"] for m in shown] == pytest.approx(net["survival"].tolist(), abs=1e-12)
    assert all(m["ci_low"] < m["survival"] < m["ci_high"] for m in shown)


def test_datasets_lists_every_dataset_and_population_table(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0
    for name in (
        "seer-breast",
        "seer-prostate",
        "slovenia-colorectal",
        "finland-colon",
        "finland-melanoma",
        "population:us",
        "population:finland",
        "population:slovenia",
    ):
        assert f"\n{name}:" in "\n" + out
    assert out.count("kind: teaching data") == 2 and "kind: registry records" in out
    assert "sexes:" in out and "sexs" not in out


def test_explain_leads_with_the_newest_figures_as_the_patient_page_does(capsys):
    from survival.estimate.recent import latest_window
    from survival.words.explanation import explain

    code, out, err = run(capsys, "explain", "--stage", "distant")
    assert code == 0
    data = load_dataset()
    selection = data.select("distant")
    want = explain(data, selection, window=latest_window(data), trend=quiet_trend(data, selection))
    assert out == want.to_markdown()
    assert "what happened to them in 2009 to 2013" in out
    assert len(err.strip().splitlines()) == len(set(err.strip().splitlines()))  # each warning once
    code, out, _ = run(capsys, "explain", "--stage", "distant", "--period", "2000-2004")
    assert "They were diagnosed in 2000 to 2004" in out


def test_a_period_estimate_is_refused_where_no_one_was_diagnosed_in_the_window(capsys):
    code, out, err = run(capsys, "summary", "--dataset", "slovenia-colorectal", "--window", "latest")
    assert code == 2 and out == ""
    assert (
        "No one in these data was diagnosed in the last years of follow-up (diagnosed to 2000, followed to 2017)"
        in err
    )


def test_every_command_works_on_every_dataset_and_stage(capsys, tmp_path):
    """No dataset, stage or command ends in a bug: each gives figures or a plain refusal."""
    from survival.datasets.catalogue import CATALOGUE

    for name in CATALOGUE:
        data = load_dataset(name)
        stages = list(data.description.stage.levels) if data.description.stage else [None]
        for stage in stages[:2] + stages[-1:]:
            chosen = ["--dataset", name] + (["--stage", stage] if stage else [])
            for command in (
                ["summary"],
                ["explain", "--lived", "2"],
                ["trend", "--max-joinpoints", "1"],
                ["plot", "--kind", "icons", "-o", str(tmp_path / "c.png")],
            ):
                code, _, err = run(capsys, command[0], *chosen, *command[1:])
                assert code in (0, 2) and "something went wrong" not in err, (name, stage, command, err)
