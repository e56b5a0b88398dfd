"""What a reader needs to know about a dataset: its grouping variables, words, staging and source.

A :class:`Description` is written by hand for each bundled dataset (in its
own module, e.g. :mod:`survival.datasets.seer_breast`) and made from the
columns of an upload for the reader's own data
(:func:`survival.datasets.uploads.dataset_from_table`). Words that belong to
one cancer (what "Localized" means for breast cancer, which subtypes the
figures leave out, the questions to ask) live here, never in the estimators
or the sentence builders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The kinds of dataset, as shown to readers.
OFFICIAL = "official registry figures"
RECORDS = "registry records"
TEACHING = "teaching data"
UPLOAD = "your own data"
KINDS = (OFFICIAL, RECORDS, TEACHING, UPLOAD)

#: The variable holding the period of diagnosis in every dataset's life tables.
PERIOD = "period"


@dataclass(frozen=True)
class Variable:
    """One grouping variable of a dataset, with its labels in order.

    Attributes
    ----------
    name : str
        The column in the dataset's life tables, e.g. ``"stage"``.
    title : str
        What to call it on a page, e.g. ``"Stage when the cancer was found"``.
    levels : tuple of str
        Its labels in the order to offer them; the pooled label ``total``, if
        any, comes last.
    total : str, optional
        The label of everyone pooled over this variable (``"All ages"``),
        when the tables have it.
    plain : mapping
        Label -> words for a sentence ("had spread to other parts of the
        body"); labels without an entry are quoted as they are.
    menu : mapping
        Label -> the text of a menu entry; labels without one show as they are.
    note : str
        Anything a reader should know about the labels (e.g. "as the source
        wrote them").
    noun : str
        What one label is, for messages ("age group"); default the name.
    """

    name: str
    title: str
    levels: tuple[str, ...]
    total: str | None = None
    plain: Mapping[str, str] = field(default_factory=dict)
    menu: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    noun: str = ""

    @property
    def what(self) -> str:
        """What one label is, for messages: ``noun``, or the name."""
        return self.noun or self.name.replace("_", " ")

    @property
    def groups(self) -> tuple[str, ...]:
        """The labels other than the total."""
        return tuple(level for level in self.levels if level != self.total)

    def menu_text(self, label: str) -> str:
        """The text of ``label`` in a menu."""
        return self.menu.get(label, label)


@dataclass(frozen=True)
class Staging:
    """Which variable is the stage at diagnosis, and the staging system behind its labels.

    Attributes
    ----------
    variable : str
        The name of the stage variable.
    system : str
        The staging system, e.g. "SEER historic summary stage".
    note : str
        What a reader should know, such as how it differs from AJCC stages.
    """

    variable: str
    system: str
    note: str = ""


@dataclass(frozen=True)
class Description:
    """A dataset's metadata: what it is, how it is grouped, and the words that belong to it.

    Attributes
    ----------
    id : str
        The dataset's id, e.g. ``"seer-breast"``.
    title : str
        One line: site, years and follow-up.
    site : str
        The cancer site as a reader says it, e.g. ``"breast"``.
    cancer : str
        The cancer in a sentence, e.g. ``"breast cancer"``.
    sex : str
        ``"female"``, ``"male"`` or ``"both"``.
    kind : str
        One of :data:`KINDS`.
    citation : str
        How to cite the source.
    variables : tuple of Variable
        The grouping variables other than the period of diagnosis, in order.
    staging : Staging, optional
        The stage variable and its staging system.
    first_year, last_year : int, optional
        The years of diagnosis covered.
    follow_up_end : int, optional
        The last calendar year of follow-up.
    periods : tuple of (int, int)
        The multi-year periods of diagnosis the tables are pooled into (each
        single year is a period too).
    left_out : str
        What the figures leave out that matters for this cancer, to end the
        sentence "They leave out things that matter a lot, such as ...".
    questions : tuple of str
        Questions worth asking a care team.
    caveats : tuple of str
        What a reader of these figures should know about the data.
    """

    id: str
    title: str
    site: str
    cancer: str
    sex: str
    kind: str
    citation: str
    variables: tuple[Variable, ...] = ()
    staging: Staging | None = None
    first_year: int | None = None
    last_year: int | None = None
    follow_up_end: int | None = None
    periods: tuple[tuple[int, int], ...] = ()
    left_out: str = "the type of cancer, the treatment, and a person's general health"
    questions: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS} (got {self.kind!r}).")
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names) or PERIOD in names:
            raise ValueError(f"Variable names must be distinct and not {PERIOD!r} (got {names}).")
        if self.staging is not None and self.staging.variable not in names:
            raise ValueError(f"The stage variable {self.staging.variable!r} is not one of {names}.")

    @property
    def is_teaching(self) -> bool:
        """Teaching data: never shown as official statistics on the patient page."""
        return self.kind == TEACHING

    def variable(self, name: str) -> Variable:
        """The variable called ``name`` (KeyError if there is none)."""
        for variable in self.variables:
            if variable.name == name:
                return variable
        raise KeyError(f"No variable {name!r}; the dataset has {[v.name for v in self.variables]}.")

    @property
    def stage(self) -> Variable | None:
        """The stage variable, if the dataset has one."""
        return self.variable(self.staging.variable) if self.staging else None
