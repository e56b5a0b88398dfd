"""Words the lessons share: lists, chances and p-values as a reader sees them."""

from __future__ import annotations


def and_list(items: list[str]) -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def chance_words(p: float) -> str:
    """A p-value as "about 3 times in 1,000"."""
    if p < 0.001:
        return "less than 1 time in 1,000"
    if p < 0.01:
        return f"about {max(1, round(1000 * p))} times in 1,000"
    return f"about {max(1, round(100 * p))} times in 100"


def p_words(p: float) -> str:
    """A p-value in a sentence: ``"p = 0.0034"``, or ``"p < 0.0001"`` (never "p = 0.0000")."""
    return "p < 0.0001" if p < 0.0001 else f"p = {p:.4f}"


def p_text(p: float) -> str:
    """A p-value as the app's tables and metrics show it: three decimals, or ``"< 0.001"``."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def p_clause(p: float) -> str:
    """A p-value in a sentence as the app's tables show it: ``"p = 0.012"``, or ``"p < 0.001"``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
