"""Errors and warnings raised by the survival package."""

from __future__ import annotations


class SurvivalDataError(ValueError):
    """Input data that cannot be used, with what is wrong, where, and how to fix it.

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
        self.what = what
        self.where = where
        self.fix = fix
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
    """The data are valid but the estimate rests on little information."""


def row_where(row: int, column: str | None = None, source: str | None = None) -> str:
    """Describe a location as ``"file x, row N, column 'c'"`` (rows counted from 1)."""
    parts = []
    if source:
        parts.append(f"file {source}")
    parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column '{column}'")
    return ", ".join(parts)
