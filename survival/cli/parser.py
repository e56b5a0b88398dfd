"""Command line: ``survival-explorer COMMAND``, the parser and the entry point.

Commands (each does its work in :mod:`survival.cli.commands`, :mod:`survival.cli.files` or
:mod:`survival.cli.maintenance`):

``datasets``
    List the bundled datasets: site, years, kind, groups, periods, citation.
``summary``
    Key figures of one group of a dataset (table or JSON).
``trend``
    The joinpoint trend of relative survival by year of diagnosis, with projections.
``explain``
    The plain-language explanation of one group of a dataset, as Markdown.
``plot``
    Draw a curve, icon array, trend or comparison to a PNG, SVG or PDF file.
``lifetable``
    Estimate survival per group and interval from a SEER*Stat export, a
    life-table CSV or one row per person.
``build-data``
    Rebuild the bundled tables from their raw sources.
``app``
    Start the Streamlit app from the installed package.

Bad input ends with exit status 2 and one paragraph saying what is wrong,
where and how to fix it; the user never sees a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Sequence

from survival.errors import FragileEstimateWarning, SurvivalDataError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for bad input (a :class:`~survival.errors.SurvivalDataError`,
        explained on standard error), 1 for a bug. A bad option makes the
        parser exit with status 2 (``SystemExit``) after one plain paragraph.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FragileEstimateWarning)
            text = args.run(args)
        fragile = [str(w.message) for w in caught if issubclass(w.category, FragileEstimateWarning)]
        for message in dict.fromkeys(fragile):  # each once, in order
            print(f"survival-explorer: warning: {message}", file=sys.stderr)
    except SurvivalDataError as err:
        print(f"survival-explorer: {err.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the user must never see a traceback
        print(
            f"survival-explorer: something went wrong inside the program "
            f"({type(err).__name__}: {err}). This is a bug; please report it with the command "
            "you ran.",
            file=sys.stderr,
        )
        return 1
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one plain paragraph (exit status 2)."""

    def error(self, message: str):
        self.exit(
            2,
            f"survival-explorer: {message[0].upper()}{message[1:]}. How to fix: see '{self.prog} --help'.\n",
        )


def _conf_level(text: str) -> float:
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"the confidence level must be between 0 and 1, like 0.95 (got {text})"
        )
    return value


def _width(text: str) -> float:
    value = _number(text)
    if not 1 / 365.25 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"the interval width must be between one day (0.0028) and 100 years (got {text})"
        )
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands; each sets ``run``, the function that does it."""
    from survival.cli import commands as c
    from survival.cli import files, maintenance, recent
    from survival.cli.selection import add_selection

    parser = _Parser(
        prog="survival-explorer",
        description="Survival statistics from cancer-registry data, computed the way the registry does.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    datasets = commands.add_parser("datasets", help="list the bundled datasets, their groups and periods")
    datasets.set_defaults(run=c.run_datasets)

    table = commands.add_parser(
        "lifetable",
        help="estimate survival from a file, per group and interval",
        description="Estimate survival from a file of your own. --format csv is an export: text cells "
        "that a spreadsheet would run as formulas (starting with = + - @) are escaped "
        "with a leading single quote.",
    )
    table.add_argument("file", type=Path, help="a SEER*Stat .dic, a life-table CSV or an individual-row CSV")
    table.add_argument(
        "--by",
        "--group",
        action="append",
        metavar="COLUMN",
        dest="by",
        help="group by this column (repeatable); life tables are pooled over the others",
    )
    table.add_argument(
        "--method",
        choices=("actuarial", "km", "kaplan-meier"),
        default="actuarial",
        help="actuarial (life table) or Kaplan-Meier (km; one row per person)",
    )
    table.add_argument("--duration", default="duration", help="individual rows: the time column")
    table.add_argument("--event", default="event", help="individual rows: the 0/1 event column (1 = died)")
    table.add_argument(
        "--time-unit",
        choices=("days", "months", "years"),
        default="years",
        help="individual rows: the unit of the durations (output is in years)",
    )
    table.add_argument(
        "--width", type=_width, default=1.0, help="individual rows, actuarial: interval width in years"
    )
    table.add_argument(
        "--conf-type",
        choices=("log-log", "log", "plain", "arcsine"),
        default="log-log",
        help="Kaplan-Meier: the confidence interval's transform, as R's conf.type (default log-log; "
        "R's default is log); the actuarial method keeps SEER*Stat's log-log",
    )
    table.add_argument(
        "--median-rule",
        choices=("first", "midpoint"),
        default="first",
        help="the median: the first time survival falls to one half or below (default), or R's "
        "midpoint of a stretch where a Kaplan-Meier curve is exactly one half",
    )
    records = table.add_argument_group("relative and net survival of one row per person (with --population)")
    records.add_argument(
        "--population",
        metavar="ID|FILE",
        help="a population table: us, finland, slovenia, or a CSV of your own "
        "(sex, age, year, and a hazard or survival column)",
    )
    records.add_argument(
        "--population-unit",
        choices=("hazard_per_day", "rate_per_year", "survival_probability"),
        help="the unit of your own population table's values",
    )
    records.add_argument("--age", default="age", help="the column of age at diagnosis (default age)")
    records.add_argument("--age-unit", choices=("years", "days"), default="years")
    records.add_argument("--sex", default="sex", help="the column of sex: 1/2, m/f or male/female")
    records.add_argument(
        "--diagnosis",
        default="diagnosis",
        help="the column of the date of diagnosis (or its year, with --diagnosis-unit year)",
    )
    records.add_argument("--diagnosis-unit", choices=("date", "year"), default="date")
    _common(table)
    table.set_defaults(run=files.run_lifetable)

    summary = commands.add_parser("summary", help="key figures of one group of a dataset")
    add_selection(summary)
    summary.add_argument(
        "--window",
        metavar="FIRST-LAST",
        help="period estimates instead: the follow-up years (when the intervals end), e.g. 2009-2013, "
        "or 'latest' for the most recent complete window",
    )
    _common(summary, formats=("table", "json"))
    summary.set_defaults(run=c.run_summary)

    trend = commands.add_parser("trend", help="joinpoint trend of relative survival by year of diagnosis")
    add_selection(trend)
    trend.add_argument(
        "--max-joinpoints",
        type=int,
        choices=range(4),
        default=3,
        metavar="0-3",
        help="the most joinpoints tried (chosen by BIC; default 3)",
    )
    trend.add_argument(
        "--years", type=int, default=5, help="the survival time whose trend is shown (default 5)"
    )
    trend.add_argument("--format", choices=("table", "json"), default="table")
    trend.set_defaults(run=recent.run_trend)

    explain = commands.add_parser("explain", help="explain one group of a dataset in plain words")
    add_selection(explain)
    explain.add_argument(
        "--figure",
        type=_percent,
        metavar="PERCENT",
        help='a figure you were told, e.g. "22%%": find the diagnosis years it comes from',
    )
    explain.add_argument(
        "--lived",
        type=int,
        choices=range(6),
        default=0,
        metavar="0-5",
        help="years already lived since diagnosis: the figures then describe people alive that long",
    )
    explain.set_defaults(run=c.run_explain)

    plot = commands.add_parser("plot", help="draw a chart of a dataset's groups to a PNG, SVG or PDF file")
    plot.add_argument("--kind", choices=("curve", "icons", "trend", "compare"), required=True)
    add_selection(plot, many=True)
    plot.add_argument(
        "--measure",
        choices=("observed", "relative", "both"),
        default=None,
        help="default: both for curve, observed for compare, relative for trend",
    )
    plot.add_argument("--years", type=int, default=5, help="icons and trend: years after diagnosis")
    plot.add_argument("--figure", type=_percent, metavar="PERCENT", help="trend: a figure to locate")
    plot.add_argument("--presentation", action="store_true", help="large type for slides")
    plot.add_argument("-o", "--output", type=Path, required=True, help="FILE.png, FILE.svg or FILE.pdf")
    plot.set_defaults(run=c.run_plot)

    build = commands.add_parser("build-data", help="rebuild the bundled tables from their raw sources")
    build.add_argument(
        "--dataset",
        default=None,
        help="one dataset id, or population:ID for a population table (default: every one)",
    )
    build.add_argument(
        "--source", type=Path, default=None, help="the dataset's source folder (default: ../shared/data/<id>)"
    )
    build.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the package's data/<id>)"
    )
    build.set_defaults(run=maintenance.run_build)

    app = commands.add_parser("app", help="start the Streamlit app in a browser")
    app.add_argument(
        "streamlit_args", nargs=argparse.REMAINDER, help="passed on to streamlit run, e.g. --server.port 8502"
    )
    app.set_defaults(run=maintenance.run_app)
    return parser


def _percent(text: str) -> float:
    value = _number(text.strip().rstrip("%"))
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"the figure must be a percent between 0 and 100, like 22 (got {text})"
        )
    return value / 100


def _common(parser: argparse.ArgumentParser, formats=("table", "csv", "json")) -> None:
    parser.add_argument("--format", choices=formats, default="table")
    parser.add_argument(
        "--conf-level", type=_conf_level, default=0.95, help="confidence level (default 0.95)"
    )
    parser.add_argument(
        "--convention",
        choices=("seer", "ratio"),
        default="seer",
        help="relative survival: SEER*Stat's capped convention or the plain ratio",
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
