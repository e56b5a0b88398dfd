"""Errors and warnings raised by the survival package."""

from __future__ import annotations

#: The most characters of one value (a cell, a label, a column name) that a message echoes.
SHOWN_CHARACTERS = 40
#: The most characters of each part of an error (what, where, fix) and of a warning: a safety net
#: behind :func:`shown`, so that no message can echo a whole file.
MAX_MESSAGE_CHARACTERS = 2000
ELLIPSIS = "..."


def shown(value, limit: int = SHOWN_CHARACTERS) -> str:
    """``value`` as text for a message, cut to ``limit`` characters with an ellipsis marking the cut."""
    text = str(value)
    return text if len(text) <= limit else text[: max(limit - len(ELLIPSIS), 1)] + ELLIPSIS


class SurvivalDataError(ValueError):
    """Input data that cannot be used, with what is wrong, where, and how to fix it.

    Each part is cut to :data:`MAX_MESSAGE_CHARACTERS` characters.

    Parameters
    ----------
    what : str
        What is wrong, in plain words.
    where : str, optional
        Where it is (file, row, column), e.g. ``"row 12, column 'died'"``.
    fix : str, optional
        How to fix it.
    """

    def __init__(self, what: str, where: str | None = None, fix: str | None = None):
        self.what = shown(what, MAX_MESSAGE_CHARACTERS)
        self.where = None if where is None else shown(where, MAX_MESSAGE_CHARACTERS)
        self.fix = None if fix is None else shown(fix, MAX_MESSAGE_CHARACTERS)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The full one-paragraph message: what, where, how to fix."""
        parts = [self.what.rstrip(".") + "."]
        if self.where:
            parts.append(f"Where: {self.where}.")
        if self.fix:
            parts.append(f"How to fix: {self.fix.rstrip('.')}.")
        return " ".join(parts)


class FragileEstimateWarning(UserWarning):
    """The data are valid but the estimate rests on little information.

    A message is cut to :data:`MAX_MESSAGE_CHARACTERS` characters.
    """

    def __init__(self, *args):
        super().__init__(*(shown(a, MAX_MESSAGE_CHARACTERS) if isinstance(a, str) else a for a in args))


def row_where(row: int, column: str | None = None, source: str | None = None) -> str:
    """Describe a location as ``"file x, row N, column 'c'"`` (rows counted from 1; long names cut)."""
    parts = []
    if source:
        parts.append(f"file {source}")
    parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column '{shown(column)}'")
    return ", ".join(parts)
