"""Choosing groups of a dataset on the command line: ``--stage``, ``--age``, ``--period``, ``--select``."""

from __future__ import annotations

import argparse
from argparse import Namespace

from survival.datasets.dataset import Dataset, Selection
from survival.errors import SurvivalDataError

NAMED = ("stage", "age", "period")


def add_selection(parser: argparse.ArgumentParser, many: bool = False) -> None:
    """The options that choose one group (or, with ``many``, groups varying in one thing)."""
    action = "append" if many else "store"
    parser.add_argument(
        "--dataset",
        default="seer-breast",
        help="a dataset id from 'survival-explorer datasets' (default seer-breast)",
    )
    parser.add_argument("--stage", action=action, help='e.g. "distant", when the dataset has stages')
    parser.add_argument("--age", action=action, help="an age group as the data name it; default all ages")
    parser.add_argument(
        "--period",
        action=action,
        help='e.g. "1990-1994" or "2008"; default: the most recent period with five '
        "complete years of follow-up",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="VARIABLE=LABEL",
        help="any other grouping variable of the dataset, e.g. sex=Female (repeatable)",
    )


def _choices(args: Namespace) -> dict[str, list]:
    """Every variable given, as a list of labels (one label unless compared)."""
    given: dict[str, list] = {}
    for name in NAMED:
        value = getattr(args, name, None)
        if value is not None:
            given[name] = value if isinstance(value, list) else [value]
    for item in args.select:
        name, sep, label = item.partition("=")
        if not sep or not name.strip():
            raise SurvivalDataError(
                f"'{item}' is not VARIABLE=LABEL", "the --select option", "write it like --select sex=Female"
            )
        given.setdefault(name.strip(), []).append(label.strip())
    return given


def one_selection(data: Dataset, args: Namespace) -> Selection:
    """The one group the options choose."""
    return data.select(**{name: labels[0] for name, labels in _choices(args).items()})


def selections(data: Dataset, args: Namespace, compare: bool) -> list[Selection]:
    """The groups to draw: one, or for a comparison several varying in exactly one thing."""
    given = _choices(args)
    several = [name for name, labels in given.items() if len(labels) > 1]
    if not compare and several:
        raise SurvivalDataError(
            f"Only a comparison takes several values (--{several[0]} was given "
            f"{len(given[several[0]])} times)",
            "the options",
            "use --kind compare, or give one value",
        )
    if len(several) > 1:
        raise SurvivalDataError(
            "A comparison varies one thing at a time",
            "the options",
            f"give several values for one of --{' or --'.join(several)}, not both",
        )
    if compare and not several:
        raise SurvivalDataError(
            "A comparison needs two or more groups",
            "the options",
            "repeat one option, e.g. --stage localized --stage distant",
        )
    if not several:
        return [one_selection(data, args)]
    varying = several[0]
    fixed = {name: labels[0] for name, labels in given.items() if name != varying}
    return [data.select(**{**fixed, varying: label}) for label in given[varying]]
