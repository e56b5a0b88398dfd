"""The "reproduce in Python" snippets of the "Compare groups" page: the survival package, and lifelines.

Pure functions of the page's choices that return Python source. The tests run
each snippet and check it prints and draws the numbers the page shows; a
p-value prints as the page shows it ("p < 0.001", never "p = 0").
"""

from __future__ import annotations

#: The weighted tests the page shows, as (rho, gamma); (0, 0) is the log-rank test.
TESTS = ((0, 0), (1, 0), (0, 1), (1, 1))
P_LINE = '    p = "p < 0.001" if {v}.p_value < 0.001 else f"p = {{{v}.p_value:.3f}}"'


def _selections(ref: str, groups: tuple) -> list[str]:
    return [
        f"data = load_dataset({ref!r})",
        "selections = [",
        *(f"    data.select(**{dict(labels)!r})," for labels in groups),
        "]",
    ]


def package_snippet(ref: str, groups: tuple, options: dict, tau: int | None, with_test: bool) -> str:
    """Python that redraws the chart and recomputes its numbers, medians, RMST and tests with the package.

    ``options`` are :func:`survival.plot.dataset_charts.compare_chart`'s keyword
    arguments; ``tau`` the RMST horizon (None: no RMST); ``with_test`` adds the
    log-rank and weighted tests.
    """
    method, conf_type = options["method"], options["conf_type"]
    lines = [
        '# Reproduce the "Compare groups" chart and numbers with the survival package.',
        "from survival import load_dataset",
        *(["from survival.estimate.groups import logrank_groups"] if with_test else []),
        *(["from survival.estimate.lifetable_curves import counts_from_lifetable"] if with_test else []),
        *(["from survival.estimate.weighted_logrank import fleming_harrington_counts"] if with_test else []),
        "from survival.lessons.comparison import median_table, rmst_contrasts, rmst_table, selection_curves",
        "from survival.plot.dataset_charts import compare_chart",
        "",
        *_selections(ref, groups),
        "chart = compare_chart(",
        "    data, selections,",
        *(f"    {name}={value!r}," for name, value in options.items()),
        ")",
        "print(chart.table.round(3).to_string(index=False))  # the numbers in the chart",
        "",
    ]
    if options["measure"] == "observed":
        lines += [
            "# Medians by both conventions (years)",
            f"curves = selection_curves(data, selections, method={method!r}, conf_type={conf_type!r})",
            "print(median_table(curves).round(2).to_string(index=False))",
            "",
        ]
    if tau is not None:
        lines += [
            f"# Restricted mean survival time over the first {tau} years, and each group against the first",
            f"print(rmst_table(curves, {tau}).round(3).to_string(index=False))",
            f"print(rmst_contrasts(curves, {tau}).round(4).to_string(index=False))",
            "",
        ]
    if with_test:
        lines += [
            "# Log-rank test, with deaths and losses placed at the end of each year",
            "test = logrank_groups(data.lifetables, [s.group for s in selections])",
            P_LINE.format(v="test").strip(),
            'print(f"chi-squared {test.statistic:,.1f}, {test.df} degrees of freedom, {p}")',
            "# ... and the weighted tests beside it",
            "counts = counts_from_lifetable(data.lifetables)",
            f"for rho, gamma in {list(TESTS)!r}:",
            "    weighted = fleming_harrington_counts(",
            "        counts, [s.group for s in selections], rho=rho, gamma=gamma",
            "    )",
            P_LINE.format(v="weighted"),
            '    print(f"{weighted.name}: chi-squared {weighted.statistic:,.1f}, {p}")',
            "",
        ]
    lines.append('chart.ax.figure.savefig("comparison.png", dpi=300, bbox_inches="tight")')
    return "\n".join(lines) + "\n"


def lifelines_snippet(ref: str, groups: tuple) -> str:
    """Python that fits lifelines' Kaplan-Meier curves and log-rank test to the same counts, and checks ours.

    lifelines has no actuarial life table, so this is the Kaplan-Meier version:
    one row per group and time with the people who died or were censored
    there as weights (deaths and losses at the end of each year).
    """
    lines = [
        "# The same Kaplan-Meier curves and tests in lifelines, fitted to the same counts.",
        "import numpy as np",
        "import pandas as pd",
        "from lifelines import KaplanMeierFitter",
        "from lifelines.statistics import multivariate_logrank_test",
        "from matplotlib.figure import Figure",
        "from survival import load_dataset",
        "from survival.estimate.lifelines_bridge import from_lifelines",
        "from survival.estimate.lifetable_curves import counts_from_lifetable",
        "from survival.lessons.comparison import selection_curves",
        "",
        *_selections(ref, groups),
        "curves = selection_curves(data, selections, method='kaplan-meier')  # ours, log-log bands",
        "counts = counts_from_lifetable(data.lifetables)",
        "rows = []",
        "for curve, selection in zip(curves, selections):",
        "    part = counts.select_group(selection.group)",
        "    for event, column in ((1, 'died'), (0, 'censored')):",
        "        rows.append(part.assign(event=event, people=part[column], group=curve.label))",
        "rows = pd.concat(rows)",
        "rows = rows[rows['people'] > 0].reset_index(drop=True)",
        "",
        "ax = Figure(figsize=(10, 6)).subplots()  # a figure of its own, not pyplot's",
        "fitters = []",
        "for curve in curves:",
        "    mine = rows[rows['group'] == curve.label]",
        "    fitter = KaplanMeierFitter(label=curve.label)",
        "    fitter.fit(mine['time'], mine['event'], weights=mine['people'].to_numpy())",
        "    fitter.plot_survival_function(ax=ax)",
        "    fitters.append(fitter)",
        "    # Back to the survival package: the same curve over the years the page shows",
        "    back = from_lifelines(fitter)",
        "    assert np.allclose(back.at(curve.time), curve.survival, rtol=0, atol=1e-10)",
        '    print(curve.label, "median:", fitter.median_survival_time_)',
        "",
        "test = multivariate_logrank_test(",
        "    rows['time'], rows['group'], rows['event'], weights=rows['people'].to_numpy()",
        ")",
        'p = "p < 0.001" if test.p_value < 0.001 else f"p = {test.p_value:.3f}"',
        'print(f"log-rank: chi-squared {test.test_statistic:,.1f}, {p}")',
        "# Not Peto-Peto here: lifelines 0.30's Fleming-Harrington weights ignore `weights`, so on counts",
        "# like these they differ from the same test on one row per person (lifelines pull request 1698).",
        "",
        "# For a curve from one row per person, survival.estimate.lifelines_bridge.to_lifelines(curve)",
        "# gives the fitted KaplanMeierFitter directly.",
        'ax.figure.savefig("comparison-lifelines.png", dpi=300, bbox_inches="tight")',
    ]
    return "\n".join(lines) + "\n"
