"""Tests for the SEER*Stat export reader (survival.io.seerstat)."""

from __future__ import annotations

import builtins
import io
import re
import zlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seerstat_fixtures import (
    FORMATS,
    LAYOUTS,
    LIFE,
    REAL_DIC,
    REAL_TXT,
    SUMMARY,
    SUMMARY_VARIABLES,
    VARIABLES,
    as_missing,
    gz,
    make_data,
    make_dic,
    real_rows,
    relayout,
    set_option,
)
from shared_data import require_shared

import survival.io.seerstat as seerstat
import survival.io.seerstat_files as seerstat_files
from survival.errors import SurvivalDataError
from survival.io.seerstat import (
    SeerStatDictionary,
    SeerStatExport,
    parse_dictionary,
    read_seerstat,
    snake_case,
)

needs_real = pytest.mark.usefixtures("real_files")  # skip without ../shared; fail in CI (shared_data)
LIFE_COLUMNS = [
    "Sex",
    "Stage",
    "interval",
    "interval_label",
    "interval_start",
    "interval_end",
    "alive",
    "died",
    "lost",
    "observed_interval",
    "observed_cum",
    "expected_interval",
    "expected_cum",
    "relative_interval",
    "relative_cum",
    "observed_se_interval",
    "observed_se_cum",
    "relative_se_interval",
    "relative_se_cum",
]


def assert_same_life(got: pd.DataFrame, want: pd.DataFrame, **kwargs) -> None:
    """Frames equal but for ``_row``, the data-file line numbers, which differ between layouts."""
    pd.testing.assert_frame_equal(
        got.drop(columns="_row", errors="ignore"), want.drop(columns="_row", errors="ignore"), **kwargs
    )


def read(dic=None, data=None, **kwargs) -> SeerStatExport:
    """Read a synthetic export from memory (defaults: the plain tab layout)."""
    dic = make_dic() if dic is None else dic
    data = make_data(LIFE) if data is None else data
    return read_seerstat(dic.encode("utf-8") if isinstance(dic, str) else dic, data, **kwargs)


def fails(*fragments, dic=None, data=None, **kwargs) -> SurvivalDataError:
    """Reading must raise a SurvivalDataError whose message holds every fragment, with where and fix."""
    with pytest.raises(SurvivalDataError, match=re.escape(fragments[0])) as info:
        read(dic, data, **kwargs)
    for fragment in fragments[1:]:
        assert fragment in str(info.value), str(info.value)
    assert info.value.where and info.value.fix, str(info.value)
    return info.value


@pytest.fixture(scope="module")
def real_files():
    """The shared SEER breast export: skipped without ../shared, a failure in CI."""
    return require_shared(REAL_DIC, "the SEER breast export"), require_shared(REAL_TXT, "its data file")


@pytest.fixture(scope="module")
def real(real_files):
    return read_seerstat(real_files[0])


# --- the dictionary ------------------------------------------------------------------------------------


@needs_real
def test_real_dictionary_keeps_column_order_not_var_numbers():
    d = parse_dictionary(REAL_DIC.read_text(encoding="utf-8"), source="breast.example.dic")
    assert d.sections["Export Options"]["Field delimiter"] == "tab"
    assert len(d.variables) == 18
    assert d.variables[8:10] == ("Observed Survival (Interval)", "Observed Survival (Cum)")
    assert d.summary_variables == ()
    assert d.formats["Breast stage"] == {0: "Distant", 1: "Localized", 2: "Regional"}
    assert d.formats["Age groups"][1] == "45-65s"
    assert (d.delimiter, d.missing, d.header, d.gzipped, d.percents) == ("\t", " ", False, False, False)
    assert (d.months_per_interval, d.data_filename, d.life_page_label) == (
        12.0,
        "breast.example.txt",
        "Life Page",
    )


def test_dictionary_sections_pages_and_formats():
    dic = make_dic(summary_variables=SUMMARY_VARIABLES, output=r"h:\JPsurv\DataTest\Export One.txt")
    dic = dic.replace("1=Female", '1=" Female "')
    d = parse_dictionary(dic)
    assert isinstance(d, SeerStatDictionary)
    assert d.variables == tuple(VARIABLES) and d.summary_variables == tuple(SUMMARY_VARIABLES)
    assert set(d.page_variables) == {"Life Page", "Summary Page"}
    assert d.formats["Sex"] == {0: "Male", 1: " Female "}
    assert d.data_filename == "Export One.txt"
    assert d.sections["Session Options"]["MonthsPerInterval"] == "12"


@pytest.mark.parametrize(
    "word, char",
    [
        ("tab", "\t"),
        ("comma", ","),
        ("semi-colon", ";"),
        ("Semicolon", ";"),
        ("pipe", "|"),
        ("space", " "),
        ("#", "#"),
    ],
)
def test_delimiter_words(word, char):
    assert parse_dictionary(make_dic({"Field delimiter": word})).delimiter == char


@pytest.mark.parametrize("word, text", [("space", " "), ("period", "."), ('"NA"', "NA"), ("*", "*")])
def test_missing_character_words(word, text):
    assert parse_dictionary(make_dic({"Missing character": word})).missing == text


def test_defaults_when_the_dic_omits_export_options():
    d = parse_dictionary(make_dic({k: None for k in ("Field delimiter", "Missing character", "GZipped")}))
    assert (d.delimiter, d.missing, d.gzipped, d.flags, d.labels) == ("\t", " ", False, False, False)


def test_empty_dictionary():
    with pytest.raises(SurvivalDataError, match=r"The dictionary is empty\. Where: file up\.dic"):
        parse_dictionary("\ufeff\r\n  \r\n", source="up.dic")


def test_dictionary_without_variables_section():
    dic = "[System]\r\nOutput filename=x.txt\r\n[Export Options]\r\nField delimiter=tab\r\n"
    with pytest.raises(SurvivalDataError, match=r"no \[Life Page Variables\] section.*Where: file x\.dic"):
        parse_dictionary(dic, source="x.dic")


def test_format_code_not_a_number():
    dic = make_dic().replace("0=Localized", "L=Localized")
    with pytest.raises(
        SurvivalDataError, match=r"format code 'L' is not a whole number\. Where: file d, line \d+"
    ):
        parse_dictionary(dic, source="d")


def test_bad_boolean_and_unknown_delimiter_are_named():
    fails(
        "'Flags included=maybe' is neither true nor false",
        "[Export Options]",
        dic=make_dic({"Flags included": "maybe"}),
    )
    fails("Unknown field delimiter 'colon'", dic=make_dic({"Field delimiter": "colon"}))


def test_months_per_interval_is_required():
    fails(
        "The .dic does not say how long an interval is",
        "MonthsPerInterval",
        dic=make_dic(session={"MonthsPerInterval": None}),
    )
    fails("MonthsPerInterval=0 is not a positive number", dic=make_dic(session={"MonthsPerInterval": "0"}))


def test_space_as_both_delimiter_and_missing_is_refused():
    fails(
        "a space both as the field delimiter and as the missing character",
        "Missing character=period",
        dic=make_dic({"Field delimiter": "space"}),
        data=make_data(LIFE, " "),
    )


def test_snake_case_rule():
    assert snake_case("Observed SE (Cum)") == "observed_se_cum"
    assert snake_case("Relative Survival (Interval)") == "relative_interval"
    assert snake_case("Cause-Specific Survival (Cum)") == "cause_specific_cum"
    assert snake_case("Survival") == "survival"


# --- the synthetic export --------------------------------------------------------------------------------


def test_synthetic_life_frame():
    export = read(name="my export")
    life = export.life
    assert list(life.columns) == LIFE_COLUMNS + ["_row"]
    assert life["_row"].tolist() == list(range(1, len(life) + 1))
    assert (
        export.group_columns == ("Sex", "Stage") and export.summary is None and export.source == "my export"
    )
    assert life["Sex"].tolist() == ["Male"] * 3 + ["Female"] * 2
    assert life["interval"].dtype == np.int64 and life["alive"].dtype == np.int64
    assert life["interval_label"].tolist() == ["<1 yr", "1-<2 yr", "2-<3 yr", "<1 yr", "1-<2 yr"]
    assert life["interval_start"].tolist() == [0.0, 1.0, 2.0, 0.0, 1.0]
    assert life["interval_end"].tolist() == [1.0, 2.0, 3.0, 1.0, 2.0]
    assert life["lost"].tolist() == [0, 2, 953, 1, 14]
    assert life["relative_cum"].iloc[1] == 0.9769 and np.isnan(life["relative_cum"].iloc[2])
    assert life["expected_cum"].iloc[2] == 0.9916
    assert export.dictionary.variables == tuple(VARIABLES)


HALF_YEARS = {**FORMATS, "Interval": {1: "<6 mo", 2: "6-<12 mo", 3: "12-<18 mo"}}


def test_months_per_interval_sets_interval_times():
    life = read(make_dic(session={"MonthsPerInterval": "6"}, formats=HALF_YEARS)).life
    assert life["interval_start"].tolist()[:3] == [0.0, 0.5, 1.0]
    assert life["interval_end"].tolist()[:3] == [0.5, 1.0, 1.5]
    assert life["interval_label"].tolist()[:3] == ["<6 mo", "6-<12 mo", "12-<18 mo"]


def test_rows_are_sorted_by_group_in_order_of_appearance_then_interval():
    shuffled = [LIFE[2], LIFE[0], LIFE[4], LIFE[1], LIFE[3]]
    assert_same_life(read(data=make_data(shuffled)).life, read().life)
    female_first = LIFE[3:] + LIFE[:3]
    assert read(data=make_data(female_first)).life["Sex"].tolist()[:2] == ["Female"] * 2


@pytest.mark.parametrize("layout", LAYOUTS)
def test_synthetic_layouts_read_the_same(layout):
    dic, data = relayout(layout, make_dic(), LIFE)
    assert_same_life(read(dic, data).life, read().life, check_exact=False, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    sep=st.sampled_from(["\t", ",", ";", "|"]),
    missing=st.sampled_from(["space", "period"]),
    newline=st.sampled_from(["\r\n", "\n"]),
    header=st.booleans(),
    bom=st.booleans(),
)
def test_any_declared_layout_reads_the_same(sep, missing, newline, header, bom):
    words = {"\t": "tab", ",": "comma", ";": "semi-colon", "|": "pipe"}
    dic = make_dic(
        {
            "Field delimiter": words[sep],
            "Missing character": missing,
            "Variable names included": str(header).lower(),
        }
    )
    data = make_data(
        LIFE, sep, {"space": " ", "period": "."}[missing], newline, VARIABLES if header else None
    )
    assert_same_life(read(dic, (b"\xef\xbb\xbf" if bom else b"") + data).life, read().life)


def test_labels_keep_text_not_in_any_format():
    dic = make_dic({"Variable format": "labels"}, formats={"Page type": FORMATS["Page type"]})
    rows = [["Life Page", "Men", "Stage I", "1", *row[4:]] for row in LIFE[:1]]
    life = read(dic, make_data(rows)).life
    assert (life["Sex"].iloc[0], life["Stage"].iloc[0], life["interval_label"].iloc[0]) == (
        "Men",
        "Stage I",
        "1",
    )


def test_codes_written_with_leading_zeros_or_spaces_are_decoded():
    rows = [["0", "01", " 0", "1", *LIFE[0][4:]]]
    life = read(data=make_data(rows)).life
    assert (life["Sex"].iloc[0], life["Stage"].iloc[0]) == ("Female", "Localized")


def test_cp1252_labels_are_decoded():
    dic = make_dic({"Variable format": "labels"})
    rows = [["Life Page", "Région", "Localized", "<1 yr", *LIFE[0][4:]]]
    life = read(dic, make_data(rows).decode("utf-8").encode("cp1252")).life
    assert life["Sex"].iloc[0] == "Région"


def test_unknown_statistics_and_count_name_variants():
    names = [*VARIABLES[:4], "ALIVE AT START", "Died", "Lost to Follow-up", "Cause-Specific Survival (Cum)"]
    rows = [row[:7] + [row[8]] for row in LIFE]
    life = read(make_dic(variables=names), make_data(rows)).life
    assert list(life.columns[-5:]) == ["alive", "died", "lost", "cause_specific_cum", "_row"]


def test_flags_are_stripped_and_kept_in_flag_columns():
    rows = [list(row) for row in LIFE]
    rows[0][16], rows[1][4], rows[2][8] = "0.0031#", "1011 ~", "^"
    export = read(make_dic({"Flags included": "true"}), make_data(rows))
    plain = read().life
    life = export.life
    assert list(life.columns) == LIFE_COLUMNS + [
        "alive_flag",
        "observed_cum_flag",
        "relative_se_cum_flag",
        "_row",
    ]
    pd.testing.assert_frame_equal(life[LIFE_COLUMNS], plain[LIFE_COLUMNS])
    assert life["relative_se_cum_flag"].tolist() == ["#", "", "", "", ""]
    assert life["alive_flag"].iloc[1] == "~" and life["observed_cum_flag"].iloc[2] == "^"


def test_summary_pages_go_to_summary_never_to_life():
    dic = make_dic(summary_variables=SUMMARY_VARIABLES)
    rows = [SUMMARY[0], *LIFE[:3], SUMMARY[1], *LIFE[3:]]
    export = read(dic, make_data(rows))
    assert_same_life(export.life, read().life)
    summary = export.summary
    assert list(summary.columns) == [
        "page_type",
        "Sex",
        "Stage",
        "Summary Interval",
        "observed_cum",
        "relative_cum",
        "relative_se_cum",
    ]
    assert summary["page_type"].tolist() == ["Summary Page"] * 2
    assert summary["Summary Interval"].tolist() == ["1 yr", "1 yr"]
    assert summary["relative_cum"].tolist() == [0.9928, 0.4125]


def test_other_page_types_with_a_section_go_to_summary():
    formats = {**FORMATS, "Page type": {0: "Life Page", 2: "Z-Statistics Page"}}
    dic = make_dic(formats=formats).replace(
        "[Format=Page type]",
        "[Z-Statistics Page Variables]\r\nVar1Name=Page type\r\nVar2Name=Z\r\n\r\n[Format=Page type]",
    )
    export = read(dic, make_data([*LIFE, ["2", "1.96"]]))
    assert export.summary.to_dict("list") == {"page_type": ["Z-Statistics Page"], "z": [1.96]}
    assert len(export.life) == len(LIFE)


def test_page_types_without_a_section_are_refused():
    fails(
        "Rows of page type 'Summary Page' cannot be read: the .dic has no [Summary Page Variables] section",
        "row 4, column 'Page type'",
        data=make_data([*LIFE[:3], SUMMARY[0], *LIFE[3:]]),
    )


def test_page_type_labels():
    dic = make_dic({"Variable format": "labels"}, summary_variables=SUMMARY_VARIABLES)
    rows = [
        ["Life Page", "Male", "Localized", "<1 yr", *LIFE[0][4:]],
        ["Summary Page", "Male", "Localized", "1 yr", "0.9", "0.9", "0.01"],
    ]
    export = read(dic, make_data(rows))
    assert len(export.life) == 1 and export.summary["observed_cum"].tolist() == [0.9]


# --- inputs ------------------------------------------------------------------------------------------------


def test_reads_paths_and_finds_the_data_file_the_dic_names(tmp_path):
    (tmp_path / "study.dic").write_text(make_dic(output=r"C:\exports\Other Name.TXT"), encoding="utf-8")
    (tmp_path / "other name.txt").write_bytes(make_data(LIFE))
    export = read_seerstat(tmp_path / "study.dic")
    assert export.source == "study.dic"
    assert_same_life(export.life, read().life)
    export = read_seerstat(str(tmp_path / "study.dic"), tmp_path / "other name.txt")
    assert_same_life(export.life, read().life)


@pytest.mark.parametrize(
    "filename, compress", [("study.txt", False), ("study.txt.gz", True), ("study.gz", True)]
)
def test_falls_back_to_the_dic_stem(tmp_path, filename, compress):
    (tmp_path / "study.dic").write_text(make_dic(output="gone.txt"), encoding="utf-8")
    (tmp_path / filename).write_bytes(gz(make_data(LIFE)) if compress else make_data(LIFE))
    assert_same_life(read_seerstat(tmp_path / "study.dic").life, read().life)


def test_reads_in_memory_inputs_and_never_writes(monkeypatch):
    real_open = builtins.open

    def no_writes(file, mode="r", *args, **kwargs):
        assert not set(mode) & set("wax+"), f"wrote {file}"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_writes)
    monkeypatch.setattr("tempfile.mkstemp", lambda *a, **k: pytest.fail("temporary file"))
    expected = read().life
    upload_dic, upload_data = io.BytesIO(make_dic().encode()), io.BytesIO(make_data(LIFE))
    upload_dic.name, upload_data.name = "up.dic", "up.txt"
    for dic, data in (
        (make_dic(), make_data(LIFE)),
        (upload_dic, upload_data),
        (make_dic().encode(), gz(make_data(LIFE))),
    ):
        export = read_seerstat(dic, data)
        assert_same_life(export.life, expected)
    assert read_seerstat(io.BytesIO(make_dic().encode()), io.BytesIO(make_data(LIFE))).source == "dictionary"
    assert read_seerstat(upload_dic, upload_data).source == "up.dic"


def test_dictionary_content_needs_data():
    with pytest.raises(SurvivalDataError, match="no data file came with it.*How to fix: pass the data file"):
        read_seerstat(make_dic())


def test_dic_not_found(tmp_path):
    with pytest.raises(
        SurvivalDataError, match=r"dictionary \(\.dic\) file was not found\. Where: expected .*nope\.dic"
    ):
        read_seerstat(tmp_path / "nope.dic")


def test_data_file_not_found_names_the_expected_path(tmp_path):
    (tmp_path / "study.dic").write_text(make_dic(output="export.txt"), encoding="utf-8")
    with pytest.raises(
        SurvivalDataError,
        match=r"not found beside the dictionary study\.dic\. Where: expected "
        + re.escape(str(tmp_path / "export.txt")),
    ):
        read_seerstat(tmp_path / "study.dic")
    with pytest.raises(
        SurvivalDataError, match=r"The data file was not found\. Where: expected .*missing\.txt"
    ):
        read_seerstat(tmp_path / "study.dic", tmp_path / "missing.txt")


def test_wrong_input_type():
    with pytest.raises(TypeError, match="expected a path"):
        read_seerstat(42)


# --- gzip and size limits ----------------------------------------------------------------------------------


def test_multi_member_gzip_is_read_whole():
    data = make_data(LIFE)
    assert_same_life(read(data=gz(data[:200]) + gz(data[200:])).life, read().life)


def test_decompression_bomb_is_refused_without_unpacking_it(monkeypatch):
    assert seerstat.MAX_DECOMPRESSED_BYTES == 256 * 1024 * 1024
    monkeypatch.setattr(seerstat, "MAX_DECOMPRESSED_BYTES", 1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(packer.compress(bytes(1 << 20)) for _ in range(200)) + packer.flush()
    assert len(bomb) < 300_000
    unpacked = []  # every piece the reader inflates: it must stop just past the limit

    class Counting:
        def __init__(self, *args, **kwargs):
            self._inflater = real_decompressobj(*args, **kwargs)

        def decompress(self, data, max_length=0):
            piece = self._inflater.decompress(data, max_length)
            unpacked.append(len(piece))
            return piece

        def __getattr__(self, name):
            return getattr(self._inflater, name)

    real_decompressobj = zlib.decompressobj
    monkeypatch.setattr(seerstat_files.zlib, "decompressobj", Counting)
    fails("larger than 1 MB of text", "file synthetic.txt", data=bomb)
    assert 1024 * 1024 < sum(unpacked) <= 1024 * 1024 + 1  # not the 200 MB the bomb holds
    fails("larger than 1 MB of text", data=bytes(2 * 1024 * 1024))


def test_damaged_and_truncated_gzip():
    packed = gz(make_data(LIFE))
    fails("The gzip data file ends early: it is truncated", data=packed[: len(packed) // 2])
    fails("The gzip data file is damaged", data=packed[:10] + b"\xff" * 40 + packed[50:])


# --- bad data, each error pinned -----------------------------------------------------------------------------


def test_empty_data_file():
    fails("The data file is empty", "file synthetic.txt", data=b"")
    fails("The data file is empty", data=b"\r\n\r\n")
    fails(
        "has a header row but no data rows",
        dic=make_dic({"Variable names included": "true"}),
        data=make_data([], header=VARIABLES),
    )


def test_row_with_the_wrong_number_of_fields():
    rows = [list(row) for row in LIFE]
    rows[1] = rows[1][:-2]
    fails(
        "The row has 15 fields but the .dic lists 17 variables",
        "file synthetic.txt, row 2",
        data=make_data(rows),
    )


def test_wrong_delimiter_is_named():
    err = fails(
        "the file looks comma-separated but the .dic declares tab", "row 1", data=make_data(LIFE, ",")
    )
    assert "Field delimiter=comma" in err.fix
    fails(
        "the file looks semi-colon-separated but the .dic declares comma",
        dic=make_dic({"Field delimiter": "comma"}),
        data=make_data(LIFE, ";"),
    )


def test_missing_character_other_than_declared():
    err = fails(
        "The cell holds '.', which looks like a missing value, but the .dic declares the missing "
        "character as space",
        "row 3, column 'Observed Survival (Interval)'",
        data=make_data(LIFE, missing="."),
    )
    assert "Missing character=period" in err.fix


def test_text_in_a_numeric_cell():
    rows = [list(row) for row in LIFE]
    rows[3][9] = "n/a?"
    fails("'n/a?' is not a number", "row 4, column 'Expected Survival (Interval)'", data=make_data(rows))


@pytest.mark.parametrize(
    "cell, what",
    [
        ("12.5", "A count is not a whole number (12.5)"),
        ("-3", "A count is negative (-3)"),
        (None, "A count is missing"),
    ],
)
def test_bad_counts(cell, what):
    rows = [list(row) for row in LIFE]
    rows[4][5] = cell
    fails(what, "row 5, column 'Died'", data=make_data(rows))


def test_truncated_final_line():
    data = make_data(LIFE)
    fails(
        "The last line stops after 8 of its 17 fields, with no line break after it: the file looks truncated",
        "row 5",
        data=data[: data.rindex(b"\t0.9500") - 2],
    )


def test_code_not_in_its_format():
    rows = [list(row) for row in LIFE]
    rows[2][2] = "7"
    err = fails("Code '7' is not in the .dic's [Format=Stage]", "row 3, column 'Stage'", data=make_data(rows))
    assert "7=<label>" in err.fix


def test_header_row_problems():
    dic = make_dic({"Variable names included": "true"})
    names = list(VARIABLES)
    names[5] = "Deaths"
    fails(
        "Column 6 is named 'Deaths' in the header row but 'Died' in the .dic",
        "row 1",
        dic=dic,
        data=make_data(LIFE, header=names),
    )
    fails(
        "The header row names 16 columns but the .dic lists 17",
        dic=dic,
        data=make_data(LIFE, header=names[:16]),
    )
    fails(
        "The first line holds data, but the .dic says it is a header row",
        "Variable names included=false",
        dic=dic,
        data=make_data(LIFE),
    )
    fails(
        "The data file starts with a header row, but the .dic says it has none",
        "row 1",
        data=make_data(LIFE, header=VARIABLES),
    )


def test_header_names_are_matched_loosely():
    dic = make_dic({"Variable names included": "true"})
    names = [f'"{v.upper()}"' for v in VARIABLES]
    assert_same_life(read(dic, make_data(LIFE, header=names)).life, read().life)


def test_statistics_above_one_under_proportions_hint_at_percents():
    dic, data = relayout("percents", make_dic(), LIFE)
    err = fails(
        "'Observed Survival (Interval)' is 99.02, above 1, but the .dic declares proportions",
        "row 1, column 'Observed Survival (Interval)'",
        data=data,
    )
    assert "RatesDisplayedAs=Percents" in err.fix


def test_relative_survival_may_exceed_one():
    rows = [list(row) for row in LIFE]
    rows[0][11] = rows[0][12] = "1.0213"
    assert read(data=make_data(rows)).life["relative_cum"].iloc[0] == 1.0213


def test_percents_above_one_hundred_and_negative_statistics():
    dic, data = relayout("percents", make_dic(), LIFE)
    fails(
        "'Observed Survival (Cum)' is 197.16%, above 100%",
        "row 2",
        dic=dic,
        data=data.replace(b"97.16", b"197.16"),
    )
    rows = [list(row) for row in LIFE]
    rows[1][13] = "-0.0043"
    fails(
        "'Observed SE (Interval)' is negative (-0.0043)",
        "row 2, column 'Observed SE (Interval)'",
        data=make_data(rows),
    )


def test_undecodable_bytes():
    data = make_data(LIFE).replace(b"0.9716", b"0.97\x81\x8d")
    fails(
        "Byte 0x81 at byte", "cannot be read as UTF-8 or cp1252 text", "file synthetic.txt, line 2", data=data
    )
    fails("cannot be read as UTF-8 text", "line 2", data=b"\xef\xbb\xbf" + data)
    fails(
        "The file holds NUL bytes",
        "UTF-16 without a byte-order mark",
        data=make_data(LIFE).decode().encode("utf-16-le"),
    )


def test_thousands_separator_when_declared_removed():
    rows = [list(row) for row in LIFE]
    rows[0][4] = "1,021"
    err = fails(
        "'1,021' has a thousands separator, but the .dic says they were removed",
        "row 1, column 'Alive at Start'",
        data=make_data(rows),
    )
    assert "Remove thousands separators=false" in err.fix


def test_flag_when_flags_not_declared():
    rows = [list(row) for row in LIFE]
    rows[0][7] = "0.9902#"
    fails("'0.9902#' carries a flag, but the .dic says 'Flags included=false'", "row 1", data=make_data(rows))


def test_repeated_interval_in_a_group():
    fails(
        "Interval 2 appears twice for the same group (also at row 2)",
        "row 3, column 'Interval'",
        data=make_data([*LIFE[:2], LIFE[1], *LIFE[2:]]),
    )


@pytest.mark.parametrize(
    "cell, what", [("0", "'0' is not an interval number"), ("1.5", "'1.5' is not an interval")]
)
def test_bad_interval(cell, what):
    rows = [list(row) for row in LIFE]
    rows[0][3] = cell
    fails(what, "row 1, column 'Interval'", data=make_data(rows))


def test_unknown_page_type_and_empty_group_cell():
    rows = [list(row) for row in LIFE]
    rows[1][0] = "9"
    fails(
        "Page type code '9' is not in the .dic's [Format=Page type]",
        "row 2, column 'Page type'",
        data=make_data(rows),
    )
    rows = [list(row) for row in LIFE]
    rows[1][1] = None
    fails("The grouping column 'Sex' has an empty cell", "row 2, column 'Sex'", data=make_data(rows))


def test_unclosed_quote():
    dic = make_dic({"Fields with delimiter in quotes": "true", "Field delimiter": "comma"})
    data = make_data(LIFE, ",").replace(b"1011", b'"1,011')
    fails("A quoted field is not closed on its line", "row 2", dic=dic, data=data)


def test_zip_archive_and_missing_life_pages():
    fails("The data file is a ZIP archive", data=b"PK\x03\x04rest")
    fails(
        "The data file has no life-page rows",
        dic=make_dic(summary_variables=SUMMARY_VARIABLES),
        data=make_data(SUMMARY),
    )


def test_dictionary_without_interval_or_counts():
    names = [v if v != "Interval" else "Months" for v in VARIABLES]
    fails("The .dic's life-page variables have no 'Interval' column", dic=make_dic(variables=names))
    names = [v if v != "Died" else "Deceased" for v in VARIABLES]
    fails("have no 'Died' column", dic=make_dic(variables=names))


def test_duplicate_names_in_the_dic():
    names = [v if v != "Observed Survival (Cum)" else "Observed Survival (Interval)" for v in VARIABLES]
    fails("The .dic names more than one column 'observed_interval'", dic=make_dic(variables=names))


def test_several_page_types_without_a_page_type_format():
    formats = {k: v for k, v in FORMATS.items() if k != "Page type"}
    rows = [list(row) for row in LIFE]
    rows[0][0] = "1"
    fails(
        "several page types but the .dic has no [Format=Page type]",
        dic=make_dic(formats=formats),
        data=make_data(rows),
    )
    assert_same_life(read(make_dic(formats=formats)).life, read().life)


# --- the real export ------------------------------------------------------------------------------------------


def test_real_export_quirks(real):
    life = real.life
    assert real.group_columns == ("Age groups", "Breast stage", "Year of diagnosis 1975+")
    assert len(life) == 6898 and real.summary is None
    assert list(life.columns[:7]) == [
        *real.group_columns,
        "interval",
        "interval_label",
        "interval_start",
        "interval_end",
    ]
    assert set(life["Age groups"]) == {"00-49", "45-65s", "65+"}
    assert set(life["Breast stage"]) == {"Distant", "Localized", "Regional"}
    assert life["Year of diagnosis 1975+"].iloc[0] == "1975" and life["interval_label"].iloc[0] == "<1 yr"
    first = life.iloc[0]
    assert (first["alive"], first["died"], first["lost"], first["observed_cum"]) == (1021, 10, 0, 0.9902057)
    last = life.groupby(list(real.group_columns), sort=False).tail(1)
    blank = life[life["observed_cum"].isna()]
    assert len(blank) > 300 and blank.index.isin(last.index).all() and blank["expected_cum"].notna().all()
    nxt = life.groupby(list(real.group_columns), sort=False)["alive"].shift(-1)
    left = life["alive"] - life["died"] - life["lost"]
    assert (nxt.dropna() == left[nxt.notna()]).all()


@needs_real
@pytest.mark.parametrize("layout", LAYOUTS)
def test_real_export_in_other_layouts_reads_the_same(real, layout):
    dic, data = relayout(layout, REAL_DIC.read_text(encoding="utf-8"), as_missing(real_rows(), " "))
    export = read_seerstat(dic, data, name="variant")
    assert_same_life(export.life, real.life, check_exact=False, rtol=1e-12)


@needs_real
def test_real_export_with_flags_and_summary_rows(real):
    dic = set_option(REAL_DIC.read_text(encoding="utf-8"), "Flags included", "true")
    dic = dic.replace("0=Life Page", "0=Life Page\r\n1=Summary Page")
    dic = dic.replace(
        "[Format=Page type]",
        "[Summary Page Variables]\r\nVar1Name=Page type\r\n"
        "Var2Name=Age groups\r\nVar3Name=Relative Survival (Cum)\r\n\r\n[Format=Page type]",
    )
    rows = as_missing(real_rows(), " ")
    flagged = [row for row in rows[::100] if row[17] is not None]
    for row in flagged:
        row[17] += "#"
    rows.insert(10, ["1", "2", "0.5"])
    export = read_seerstat(dic, make_data(rows))
    assert_same_life(export.life.drop(columns="relative_se_cum_flag"), real.life)
    assert (export.life["relative_se_cum_flag"] == "#").sum() == len(flagged)
    assert export.summary.to_dict("list") == {
        "page_type": ["Summary Page"],
        "Age groups": ["65+"],
        "relative_cum": [0.5],
    }


def test_percents_declared_over_a_file_of_proportions_is_refused():
    dic, _ = relayout("percents", make_dic(), LIFE)
    err = fails(
        "The .dic declares percents, but every value of 'Observed Survival (Interval)' is at most 1",
        "column 'Observed Survival (Interval)'",
        dic=dic,
        data=make_data(LIFE),
    )
    assert "RatesDisplayedAs=Proportions" in err.fix


def test_percents_declared_over_the_real_proportions_is_refused(real):
    dic = set_option(REAL_DIC.read_text(), "RatesDisplayedAs", "Percents")
    with pytest.raises(SurvivalDataError, match="looks like it holds proportions"):
        read_seerstat(dic, REAL_TXT.read_bytes())


# --- the declared interval length against the interval labels (audit item 3) ------------------------------


def test_months_per_interval_that_contradicts_the_labels_is_refused():
    """The audit's case: 6 months per interval over labels in years would halve every time."""
    error = fails(
        "The .dic declares 6 months per interval (MonthsPerInterval), but labels interval 1 '<1 yr', "
        "which runs from month 0 to month 12",
        "[Format=Interval] 1=<1 yr",
        "set MonthsPerInterval=12",
        dic=make_dic(session={"MonthsPerInterval": "6"}),
    )
    assert "so every time would be wrong" in error.what
    fails(
        "The .dic declares 12 months per interval (MonthsPerInterval), but labels interval 1 '<6 mo'",
        "set MonthsPerInterval=6",
        dic=make_dic(formats=HALF_YEARS),
    )
    labels = {**FORMATS, "Interval": {1: "<1 yr", 2: "1-<2 yr", 3: "3-<4 yr"}}  # one label off
    fails("labels interval 3 '3-<4 yr', which runs from month 36 to month 48", dic=make_dic(formats=labels))


@pytest.mark.parametrize(
    "months, labels",
    [
        ("3", {1: "<3 mo", 2: "3-<6 mo", 3: "6-<9 mo"}),
        ("12", {1: "0-<1 yr", 2: "1 - <2 yrs", 3: "2-<3 years"}),
        ("12", {1: "<12 mo", 2: "12-<24 mo", 3: "24-<36 mo"}),
        ("6", {1: "<0.5 yr", 2: "0.5-<1 yr", 3: "1-<1.5 yr"}),
        ("12", {1: "First year", 2: "Second year", 3: "Third year"}),  # another form: not checked
    ],
    ids=["quarters", "years-spelled", "months-for-years", "half-years-in-years", "words"],
)
def test_labels_that_agree_or_say_nothing_are_read(months, labels):
    life = read(make_dic(session={"MonthsPerInterval": months}, formats={**FORMATS, "Interval": labels})).life
    assert life["interval_end"].tolist()[:3] == [float(months) / 12 * k for k in (1, 2, 3)]


@pytest.mark.parametrize("months", ["0.5", "1e308", "1201", "5e-324"])
def test_implausible_months_per_interval_are_refused(months):
    without_labels = {k: v for k, v in FORMATS.items() if k != "Interval"}
    fails(
        f"MonthsPerInterval={months} is not a length SEER*Stat gives an interval (from 1 to 1200 months)",
        "[Session Options]",
        dic=make_dic(session={"MonthsPerInterval": months}, formats=without_labels),
    )


def test_label_bounds():
    from survival.io.seerstat_intervals import label_bounds

    assert label_bounds("<1 yr") == (0.0, 12.0)
    assert label_bounds("1-<2 yr") == (12.0, 24.0)
    assert label_bounds("6-<12 mo") == (6.0, 12.0)
    assert label_bounds(" 0 mo - <1 yr ") == (0.0, 12.0)
    assert label_bounds("1 yr") is None and label_bounds("<1 fortnight") is None and label_bounds("") is None


def test_a_dictionary_over_the_limit_is_refused_as_content_too(monkeypatch):
    import survival.io.seerstat as reader

    monkeypatch.setattr(reader, "MAX_DICTIONARY_BYTES", 1000)
    fails(
        "The file is larger than 0 MB, the most this reader accepts",
        "file dictionary",
        dic=make_dic() + ";" * 1000,
    )
