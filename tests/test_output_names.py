"""Output names never collide with input names (audit item 1).

A group column called like an output column (``observed``, ``relative``...)
used to come out with survival values where its labels were. Every reader now
refuses such a group column, naming it and suggesting a new name; the lists of
output names are checked against what the estimators and the command line
actually produce, so a new output column cannot slip past them.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from seerstat_fixtures import FORMATS, VARIABLES, make_data, make_dic
from seerstat_fixtures import LIFE as SEER_LIFE

from survival import (
    counts_from_frame,
    kaplan_meier_counts,
    km_table,
    lifetable_from_frame,
    read_individual_csv,
    read_lifetable_csv,
    read_seerstat_lifetable,
    summarize,
)
from survival.errors import SurvivalDataError
from survival.estimate.actuarial import OUTPUT_COLUMNS, actuarial
from survival.io.names import (
    COUNT_COLUMNS,
    CURVE_COLUMNS,
    ESTIMATE_COLUMNS,
    EXPORT_COLUMNS,
    INTERNAL_COLUMNS,
    OUTPUT_NAMES,
    SUMMARY_FIELDS,
    check_group_names,
    check_output_names,
)
from survival.tables.lifetable import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

LIFE = "{g},interval_start,interval_end,alive,died,lost\nA,0,1,100,10,5\nA,1,2,85,5,0\nB,0,1,50,20,0\n"
PEOPLE = "duration,event,{g}\n" + "".join(f"{i % 9 + 1},{i % 2},{'AB'[i % 2]}\n" for i in range(24))
#: Names a life-table CSV reads as its own columns, or refuses in its header, never as groups.
LIFETABLE_OWN = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | {"_row"}


def refused(name: str):
    """The refusal every reader gives a group column called ``name``."""
    return pytest.raises(
        SurvivalDataError,
        match=rf"A group column cannot be called '{name}' \(the name is used "
        rf"for .*\).*Where: .*column '{name}'.*How to fix: rename the "
        r"column, for example to 'group'",
    )


@pytest.mark.parametrize("name", sorted(OUTPUT_NAMES - LIFETABLE_OWN))
def test_life_table_group_columns_named_like_outputs_are_refused(name):
    for written in (name, name.upper()):
        with refused(written):
            read_lifetable_csv(LIFE.format(g=written).encode(), name="t.csv")


@pytest.mark.parametrize("name", sorted(OUTPUT_NAMES))
def test_life_table_frames_refuse_them_too(name):
    frame = pd.DataFrame(
        {
            "interval_start": [0.0, 1.0],
            "interval_end": [1.0, 2.0],
            "alive": [10, 8],
            "died": [2, 1],
            "lost": [0, 7],
            name.title(): ["A", "A"],
        }
    )
    if name.title() in frame.columns[:5]:
        pytest.skip("a life table's own column")
    with refused(name.title()):
        lifetable_from_frame(frame, [name.title()])


@pytest.mark.parametrize("name", sorted(OUTPUT_NAMES - {"_row"}))
def test_individual_group_columns_named_like_outputs_are_refused(name):
    for written in (name, name.upper()):
        with refused(written):
            read_individual_csv(PEOPLE.format(g=written).encode(), group=written, name="f.csv")
    frame = pd.DataFrame({"duration": [1.0, 2.0, 3.0], "event": [1, 0, 1], name: ["A", "B", "A"]})
    with refused(name):
        counts_from_frame(frame, group=name)


def test_the_audit_case_observed_as_a_group_no_longer_loses_its_labels():
    """The life table of the audit: its group column 'observed' came out holding survival values."""
    with pytest.raises(SurvivalDataError, match=r"cannot be called 'observed'.*rename the column"):
        read_lifetable_csv(LIFE.format(g="observed").encode(), name="t.csv")
    renamed = read_lifetable_csv(LIFE.format(g="group").encode(), name="t.csv")
    assert actuarial(renamed).to_frame()["group"].tolist() == ["A", "A", "B"]


def test_the_suggested_name_is_free():
    with pytest.raises(SurvivalDataError, match=r"for example to 'relative_group'"):
        check_group_names(["relative"], "t.csv", other_columns=["group", "relative", "alive"])


def test_seerstat_group_variables_named_like_outputs_are_refused():
    variables = [v if v != "Sex" else "Relative" for v in VARIABLES]
    formats = {("Relative" if k == "Sex" else k): v for k, v in FORMATS.items()}
    dic = make_dic(variables=variables, formats=formats)
    with pytest.raises(
        SurvivalDataError,
        match=r"cannot be called 'Relative'.*column 'Relative'.*How to fix: "
        r"rename the variable in the \.dic's \[Life Page Variables\]",
    ):
        read_seerstat_lifetable(dic.encode(), make_data(SEER_LIFE))


# --- the lists against what the estimators produce ------------------------------------------------------


def small_table():
    return read_lifetable_csv(
        (
            "interval_start,interval_end,alive,died,lost,expected\n0,1,100,10,5,0.99\n1,2,85,5,0,0.98\n"
        ).encode(),
        name="t.csv",
    )


def test_estimate_columns_are_the_actuarial_and_kaplan_meier_columns():
    assert tuple(ESTIMATE_COLUMNS) == tuple(OUTPUT_COLUMNS)
    assert list(actuarial(small_table()).to_frame().columns) == list(ESTIMATE_COLUMNS)
    counts = counts_from_frame(pd.DataFrame({"duration": [1.0, 2.0, 3.0] * 4, "event": [1, 0, 1] * 4}))
    assert set(km_table(counts).columns) <= set(ESTIMATE_COLUMNS)
    assert tuple(counts.frame.columns) == COUNT_COLUMNS
    assert tuple(kaplan_meier_counts(counts).to_frame().columns) == CURVE_COLUMNS


def test_summary_fields_cover_every_key_of_a_summary():
    keys = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        walk(summarize(small_table()).to_dict())
    assert keys <= set(SUMMARY_FIELDS), keys - set(SUMMARY_FIELDS)


def test_export_columns_cover_what_the_command_line_adds():
    from survival.cli.files import format_frame

    frame = actuarial(small_table()).to_frame()
    csv = format_frame(frame, "csv", {"relative_convention": "SEER*Stat's"})
    added = set(csv.splitlines()[0].split(",")) - set(frame.columns)
    assert added and added <= set(EXPORT_COLUMNS) | {"'" + c for c in EXPORT_COLUMNS}


def test_internal_columns_are_the_ones_the_readers_add():
    assert set(INTERNAL_COLUMNS) == {"_row", "_order", "_weighted"}
    assert OUTPUT_NAMES == {n.lower() for n in OUTPUT_NAMES}


def test_every_dataclass_field_of_a_result_is_listed():
    from survival.estimate.results import Median
    from survival.estimate.summary import ConditionalAt, Estimate, Summary, SurvivalAt

    for kind in (Summary, SurvivalAt, ConditionalAt, Estimate, Median):
        assert {f.name for f in dataclasses.fields(kind)} <= set(SUMMARY_FIELDS), kind


def test_check_output_names_refuses_a_clash():
    check_output_names(["stage", "age"], EXPORT_COLUMNS)
    with pytest.raises(
        SurvivalDataError,
        match=r"two columns called 'relative_convention': the input has one "
        r"already \('Relative_Convention'\).*rename that column",
    ):
        check_output_names(["stage", "Relative_Convention"], EXPORT_COLUMNS, "the CSV export")


def test_group_columns_with_other_names_are_read():
    table = read_lifetable_csv(LIFE.format(g="observation_period").encode(), name="t.csv")
    assert table.group_columns == ("observation_period",)
    assert np.all(actuarial(table).to_frame()["observation_period"] == ["A", "A", "B"])
