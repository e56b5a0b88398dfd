"""Session-state and widget keys, named once here so pages and tests agree."""

from __future__ import annotations

DEFAULT_DATASET = "seer-breast"

# This session's own data (ui.uploads.Uploaded), offered on every page
UPLOADED = "uploaded_dataset"

# Understand a number (landing page)
UNDERSTAND_DATASET = "understand_dataset"
STAGE = "understand_stage"
AGE = "understand_age"
PERIOD = "understand_period"
FIGURE = "understand_figure"
FIGURE_MEANING = "understand_figure_meaning"  # "did you mean 22%?" for a figure typed as 0.22
LIVED = "understand_lived"
UNDERSTAND_PRESENTATION = "understand_presentation"
SUMMARY_PDF = "understand_summary_pdf"
#: The period choice on the patient page that means "the most recent figures" (a period estimate).
RECENT = "most recent"

# Compare groups
COMPARE_DATASET = "compare_dataset"
COMPARE_BY = "compare_by"
COMPARE_STAGES = "compare_stages"
COMPARE_AGES = "compare_ages"
COMPARE_PERIODS = "compare_periods"
COMPARE_STAGE = "compare_stage"
COMPARE_AGE = "compare_age"
COMPARE_PERIOD = "compare_period"
COMPARE_MEASURE = "compare_measure"
COMPARE_METHOD = "compare_method"
COMPARE_BAND = "compare_band"
COMPARE_RISK = "compare_risk"
PRESENTATION = "presentation_mode"

# Your own data
UPLOAD_KIND = "upload_kind"
UPLOAD_FILES = "upload_files"
UPLOAD_DURATION = "upload_duration"
UPLOAD_EVENT = "upload_event"
UPLOAD_GROUP = "upload_group"
UPLOAD_UNIT = "upload_unit"

# How survival curves work
LEARN_STEP = "learn_step"
LEARN_GROUP = "learn_group"


def widget(page: str, name: str, dataset: str = DEFAULT_DATASET, suffix: str = "") -> str:
    """The key of a page's widget for a dataset's variable, e.g. ``understand_stage``.

    The default dataset's keys are the plain ones above (``compare_stages`` with
    ``suffix="s"``); another dataset's carry its id, so a choice made for one
    dataset never lands on another's labels.
    """
    middle = "" if dataset == DEFAULT_DATASET else f"{dataset}_"
    return f"{page}_{middle}{name}{suffix}"
