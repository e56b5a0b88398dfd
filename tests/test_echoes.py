"""Every value a message echoes is cut to a sensible length, with an ellipsis (audit item 4).

A 50 MB group label used to come back whole in a warning (50,000,126
characters). Messages now show at most :data:`survival.errors.SHOWN_CHARACTERS`
characters of any one value, and no part of any error or warning can exceed
:data:`survival.errors.MAX_MESSAGE_CHARACTERS`.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from seerstat_fixtures import FORMATS, LIFE, VARIABLES, make_data, make_dic

from survival import (
    counts_from_frame,
    lifetable_from_frame,
    read_individual_csv,
    read_lifetable_csv,
    read_seerstat,
    read_seerstat_lifetable,
)
from survival.errors import (
    MAX_MESSAGE_CHARACTERS,
    FragileEstimateWarning,
    SurvivalDataError,
    row_where,
    shown,
)
from survival.tables.lifetable import resolve_columns, warn_if_fragile

LONG = "x" * 1_000_000
SHORT_ENOUGH = 600  # a whole message quoting a long value, cut


def test_shown_cuts_with_an_ellipsis():
    assert shown("abc") == "abc"
    assert shown("y" * 41) == "y" * 37 + "..."
    assert len(shown(LONG)) == 40 and shown(12345, 4) == "1..."
    assert row_where(3, LONG, "f.csv") == f"file f.csv, row 3, column '{'x' * 37}...'"


def test_a_fifty_megabyte_label_is_cut_in_the_warning():
    """The audit's case: one person whose group label is 50 MB."""
    label = "L" * 50_000_000
    raw = (
        "duration,event,g\n" + "".join(f"{i % 9 + 1},{i % 2},A\n" for i in range(30)) + f"3,1,{label}\n"
    ).encode()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        counts = read_individual_csv(raw, group="g", name="f.csv")
    assert counts.groups()[1] == (label,)  # the data are kept whole; only the message is cut
    messages = [str(w.message) for w in caught if issubclass(w.category, FragileEstimateWarning)]
    assert messages == [
        f"Fewer than 10 people in 1 group(s): {'L' * 37}... (1); their estimates are very uncertain"
    ]


def refusal(read) -> SurvivalDataError:
    with pytest.raises(SurvivalDataError) as info:
        read()
    assert len(info.value.message) < SHORT_ENOUGH, info.value.message[:300]
    assert "x" * 81 not in info.value.message
    return info.value


PEOPLE = "duration,event,g\n" + "".join(f"{i % 9 + 1},{i % 2},A\n" for i in range(12))
LIFE_CSV = "g,interval_start,interval_end,alive,died,lost\nA,0,1,100,10,5\nA,1,2,85,5,0\n"


@pytest.mark.parametrize(
    "text, options",
    [
        (PEOPLE + f"{LONG},1,A\n", {}),  # a duration
        (PEOPLE + f"3,{LONG},A\n", {}),  # an event code
        (PEOPLE, {"group": LONG}),  # a group column asked for and missing
        (PEOPLE, {"duration": LONG}),  # a column asked for and missing
        (PEOPLE, {"group": [LONG, LONG.upper()]}),  # a column chosen twice
        (PEOPLE.replace("g\n", "g,time\n", 1).replace(",A\n", ",A," + LONG + "\n"), {"group": ["g", "time"]}),
    ],
    ids=[
        "duration",
        "event",
        "group-name",
        "missing-column",
        "chosen-twice",
        "reserved-group-with-long-labels",
    ],
)
def test_individual_rows_echo_cut_values(text, options):
    refusal(lambda: read_individual_csv(text.encode(), name="f.csv", **options))


def test_life_tables_echo_cut_values():
    refusal(
        lambda: read_lifetable_csv(
            LIFE_CSV.replace("A,1,2,85", f"{LONG},1,2,85")
            .replace("A,0,1", f"{LONG},0,1")
            .replace(f"{LONG},1,2,85", f"{LONG},2,3,85")
            .encode(),
            name="t.csv",
        )
    )
    refusal(lambda: read_lifetable_csv(LIFE_CSV.replace("A,0,1,100", f"A,0,1,{LONG}").encode(), name="t.csv"))
    refusal(
        lambda: read_lifetable_csv(
            LIFE_CSV.replace("g,", "observed" + LONG[8:] + ",").encode(), by=[LONG], name="t.csv"
        )
    )
    refusal(lambda: resolve_columns([LONG] * 30, ["nope" + LONG]))


def test_life_table_warnings_cut_labels():
    frame = pd.DataFrame(
        {"g": [LONG], "interval_start": [0], "interval_end": [1], "alive": [5], "died": [0], "lost": [5]}
    )
    with pytest.warns(FragileEstimateWarning) as caught:
        warn_if_fragile(lifetable_from_frame(frame))
    assert all(len(str(w.message)) < SHORT_ENOUGH for w in caught)


def test_frames_echo_cut_values():
    refusal(lambda: counts_from_frame(pd.DataFrame({"duration": [LONG], "event": [1]})))
    refusal(lambda: counts_from_frame(pd.DataFrame({"duration": [1.0], LONG: [1]}), event=LONG + "!"))


def seer_rows(column: int, value: str):
    rows = [list(r) for r in LIFE]
    rows[0][column] = value
    return make_data(rows)


@pytest.mark.parametrize(
    "dic, data",
    [
        (make_dic(), seer_rows(4, LONG)),  # a count
        (make_dic(), seer_rows(7, LONG)),  # a statistic
        (make_dic(), seer_rows(3, LONG)),  # an interval number
        (make_dic(), seer_rows(2, LONG)),  # a group code
        (make_dic({"Field delimiter": LONG}), make_data(LIFE)),  # an option
        (make_dic({"Flags included": LONG}), make_data(LIFE)),
        (make_dic(session={"MonthsPerInterval": LONG}), make_data(LIFE)),
        (
            make_dic(
                formats={**FORMATS, "Interval": {1: "<1 yr", 2: "1-<2 yr " + LONG, 3: "2-<3 yr"}},
                session={"MonthsPerInterval": "6"},
            ),
            make_data(LIFE),
        ),
        (make_dic({"Variable names included": "true"}), make_data(LIFE, header=[LONG, *VARIABLES[1:]])),
    ],
    ids=["count", "statistic", "interval", "group-code", "delimiter", "flag", "months", "label", "header"],
)
def test_seerstat_echoes_cut_values(dic, data):
    refusal(lambda: read_seerstat_lifetable(dic.encode(), data))


def test_no_part_of_a_message_exceeds_the_cap():
    error = SurvivalDataError(LONG, LONG, LONG)
    assert max(len(error.what), len(error.where), len(error.fix)) == MAX_MESSAGE_CHARACTERS
    assert error.what.endswith("...")
    assert len(str(FragileEstimateWarning(LONG))) == MAX_MESSAGE_CHARACTERS


def test_an_uncut_message_keeps_its_words():
    with pytest.raises(SurvivalDataError, match=r"'abc' is not a number"):
        read_seerstat(make_dic().encode(), seer_rows(4, "abc"))
