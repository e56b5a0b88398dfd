"""Tests for survival.plot.summary_page: the one-page printable summary of the patient page."""

from __future__ import annotations

import datetime as dt
import re

from matplotlib.text import Text

from survival.datasets.catalogue import load_dataset
from survival.estimate.recent import latest_window
from survival.plot.style import figure_bytes
from survival.plot.summary_page import PAGE_SIZE, plain_text, summary_page
from survival.words.explanation import explain


def test_the_page_holds_the_answer_charts_caveats_questions_source_and_date():
    data = load_dataset()
    sel, window = data.select("Distant"), latest_window(data)
    exp = explain(data, sel, lived=2, window=window)
    fig = summary_page(data, sel, exp, lived=2, window=window, made_on=dt.date(2026, 12, 4))
    assert tuple(fig.get_size_inches()) == PAGE_SIZE
    text = " ".join(t.get_text() for t in fig.findobj(Text)).replace("\n", " ")
    for words in (
        "The short answer",
        "about 53 were alive 5 years after diagnosis",
        "How this figure was made",
        "What these numbers cannot tell you",
        "Questions worth asking your care team",
        "hormone receptor and HER2 status",
        "Made with Survival Explorer on 2026-12-04",
        "not medical advice",
        "53 alive",
    ):
        assert words in re.sub(r"\s+", " ", text), words
    assert len(fig.axes) == 2  # the icon array and the curve
    pdf = figure_bytes(fig, "pdf")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert re.search(rb"/MediaBox \[ ?0 0 612 792 ?\]", pdf)  # US Letter, not cropped


def test_markdown_marks_are_removed_for_print():
    assert plain_text("- **Stage.** SEER\\*Stat") == "Stage. SEER*Stat"
