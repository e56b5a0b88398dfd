"""Tests for ui.share: reading and writing a page's choices as query parameters.

restore/publish with Streamlit are exercised by tests/test_app_understand.py and the
real-browser test; here, the parsing and encoding rules.
"""

from __future__ import annotations

import pytest

from ui.share import Param, as_bool, encode


def test_a_value_outside_the_widgets_options_is_ignored():
    stage = Param("understand_stage", ["Localized", "Regional", "Distant"])
    assert stage.read(["Distant"]) == "Distant"
    assert stage.read(["stage 4"]) is None
    lived = Param("understand_lived", range(6), int)
    assert lived.read(["2"]) == 2 and lived.read(["9"]) is None and lived.read(["two"]) is None


def test_lists_repeat_and_free_text_is_kept():
    many = Param("compare_stages", ["Localized", "Regional", "Distant"], many=True)
    assert many.read(["Distant", "Regional"]) == ["Distant", "Regional"]
    assert many.read(["Distant", "x"]) is None
    free = Param("understand_figure", [], lambda t: t[:12])
    assert free.read(["22% and some more"]) == "22% and some"


@pytest.mark.parametrize(("text", "value"), [("1", True), ("true", True), ("no", False), ("0", False)])
def test_booleans(text, value):
    assert as_bool(text) is value


def test_booleans_refuse_other_text():
    with pytest.raises(ValueError, match="maybe"):
        as_bool("maybe")


def test_encode_leaves_out_empty_choices():
    assert encode(
        {"stage": "Distant", "lived": 2, "figure": None, "slides": True, "x": "", "ages": ["00-49", "65+"]}
    ) == {
        "stage": "Distant",
        "lived": "2",
        "slides": "1",
        "ages": ["00-49", "65+"],
    }
