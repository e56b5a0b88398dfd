"""Icon arrays: what happens to 100 people, drawn as 100 person icons.

Each outcome's icons are grouped together, filled row by row from the top
left in the order the outcomes are given, so the eye can count them. Each
outcome has its own colour and its own fill (solid, striped, outlined,
cross-hatched, dotted, lined), so the chart reads without colour; a legend
says each outcome in words with its count ("26 alive").
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.legend_handler import HandlerPatch
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, AffineDeltaTransform

from survival.plot import style as cs

TOTAL = 100
#: Outcomes with how many of 100 people had each, such as [("alive", 26), ("died", 74)].
Counts = Iterable[tuple[str, int]]
COLUMNS = 10
X_STEP, Y_STEP = 0.72, 1.0


@dataclass(frozen=True)
class IconLook:
    """How one outcome's icons look: colour, solid or white fill, hatch, and that in words."""

    color: str
    solid: bool
    hatch: str | None
    words: str


LOOKS = (
    IconLook("#0072B2", True, None, "solid blue"),
    IconLook("#D55E00", False, "////", "striped vermillion"),
    IconLook("#009E73", False, None, "outlined green"),
    IconLook("#CC79A7", False, "xx", "cross-hatched purple"),
    IconLook("#E69F00", False, "..", "dotted orange"),
    IconLook("#000000", False, "---", "lined black"),
)


def person_path() -> Path:
    """A person glyph (round head, rounded shoulders) about 0.56 wide and 0.87 tall, centred on 0."""
    head = Path.circle((0.0, 0.27), 0.15)
    move, line, curve, close = Path.MOVETO, Path.LINETO, Path.CURVE3, Path.CLOSEPOLY
    body = Path(
        [
            (-0.28, -0.45),
            (-0.28, 0.0),
            (-0.28, 0.1),
            (-0.17, 0.1),
            (0.17, 0.1),
            (0.28, 0.1),
            (0.28, 0.0),
            (0.28, -0.45),
            (-0.28, -0.45),
        ],
        [move, line, curve, curve, line, curve, curve, line, close],
    )
    return Path.make_compound_path(head, body)


PERSON = person_path()


def check_counts(counts: Counts) -> list[tuple[str, int]]:
    """``counts`` as a list of (label, n) pairs, checked: whole numbers summing to exactly 100.

    Raises
    ------
    ValueError
        If a count is not a whole number of 0 or more, a label is empty or
        repeated, there are more outcomes than icon styles, or the counts do
        not add up to 100.
    """
    pairs = [(str(label), n) for label, n in counts]
    for label, n in pairs:
        whole = isinstance(n, numbers.Integral) or (isinstance(n, float) and float(n).is_integer())
        if not whole or n < 0:
            raise ValueError(f"Icon counts are whole numbers of people, 0 or more (got {n!r} for '{label}').")
    labels = [label for label, _ in pairs]
    if not all(labels) or len(set(labels)) != len(labels):
        raise ValueError(f"Each outcome needs its own non-empty label (got {labels}).")
    if not 1 <= len(pairs) <= len(LOOKS):
        raise ValueError(f"An icon array shows 1 to {len(LOOKS)} outcomes (got {len(pairs)}).")
    total = sum(int(n) for _, n in pairs)
    if total != TOTAL:
        raise ValueError(
            f"Icon counts must add up to exactly {TOTAL} people (they add up to "
            f"{total}); round proportions with survival.words.wording.split_100."
        )
    return [(label, int(n)) for label, n in pairs]


def icon_positions() -> np.ndarray:
    """Centres of the 100 icons in filling order: row by row from the top left."""
    index = np.arange(TOTAL)
    rows, cols = np.divmod(index, COLUMNS)
    return np.column_stack([cols * X_STEP, (TOTAL // COLUMNS - 1 - rows) * Y_STEP])


def _style(look: IconLook, style: cs.ChartStyle) -> dict:
    edge = cs.readable_on(look.color, ratio=3.0)
    return {
        "facecolor": look.color if look.solid else "white",
        "edgecolor": edge,
        "hatch": look.hatch,
        "linewidth": 1.6 if look.solid else 2.0 * style.line / 2.5,
    }


def _legend_glyph(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """A person glyph filling the legend's handle box (used by HandlerPatch)."""
    scale = 1.15 * height
    where = Affine2D().scale(scale).translate(width / 2 - xdescent, height / 2 - ydescent + 0.05 * scale)
    return PathPatch(PERSON.transformed(where))


def plot_icons(
    counts: Counts,
    *,
    ax: Axes | None = None,
    presentation: bool = False,
    title: str | None = None,
    width: float | None = None,
) -> Axes:
    """An icon array: 100 person icons in 10 rows of 10, grouped by outcome.

    Parameters
    ----------
    counts : sequence of (str, int)
        Outcomes and how many of 100 people had each, in the order to draw
        them; the counts must add up to exactly 100.
    ax : Axes, optional
        Where to draw; by default a new Figure (10 x 6.25 inches).
    presentation : bool
        A slide: 16:9, larger type (18 pt).
    title : str, optional
        A title above the icons.
    width : float, optional
        Figure width in inches for a narrow screen: the legend goes under the icons.

    Returns
    -------
    Axes
        The axes; each outcome's icons are one PathCollection, labelled with
        the outcome: the person glyph, placed at each icon's centre (its
        offsets, in data units). An outcome of 0 people has no legend entry
        (nothing of it can be seen).
    """
    pairs = check_counts(counts)
    style = cs.style_for(presentation, width)
    if ax is None:
        title = cs.fit_title(title, style)
        top = 0.3 + cs.title_height(title, style) / 72
        if style.narrow:
            grid = (style.width - 0.6) * (TOTAL // COLUMNS) * Y_STEP / (COLUMNS * X_STEP)
            under = 0.4 + sum(1 for _, n in pairs if n) * 2.3 * style.font / 72
            ax = cs.new_axes(style, height=top + grid + under)
            cs.set_margins(ax, left=0.3, right=0.3, top=top, bottom=under)
        else:
            ax = cs.new_axes(style)
            cs.set_margins(ax, left=0.3, right=0.3, top=top, bottom=0.2)
    positions, first, handles = icon_positions(), 0, []
    for i, ((label, n), look) in enumerate(zip(pairs, LOOKS)):
        props = _style(look, style)
        # One glyph, placed at each icon's centre: SVG writes it once and reuses it.
        ax.add_collection(
            PathCollection(
                [PERSON] if n else [],
                offsets=positions[first : first + n],
                offset_transform=ax.transData,
                transform=AffineDeltaTransform(ax.transData),  # type: ignore[arg-type]  # affine in practice
                label=label,
                gid=f"icons:{i}",
                **props,
            )
        )
        if n:  # an outcome nobody had cannot be seen: no legend entry
            handles.append(PathPatch(PERSON, label=f"{n} {label}", **props))
        first += n
    _finish(ax, style, handles, title)
    return ax


def _finish(ax: Axes, style: cs.ChartStyle, handles: list, title: str | None) -> None:
    """Limits, equal aspect, no axes lines, the legend to the right, the title."""
    ax.set_xlim(-0.5 * X_STEP, (COLUMNS - 0.5) * X_STEP)
    ax.set_ylim(-0.55 * Y_STEP, (TOTAL // COLUMNS - 0.45) * Y_STEP)
    ax.set_aspect("equal")
    ax.set_anchor("N" if style.narrow else "W")
    ax.set_axis_off()
    ax.legend(
        handles=handles,
        loc="upper left" if style.narrow else "center left",
        bbox_to_anchor=(0.0, -0.02) if style.narrow else (1.04, 0.5),
        frameon=False,
        fontsize=style.font,
        labelcolor=cs.TEXT_COLOR,
        handlelength=1.3,
        handleheight=1.8,
        labelspacing=0.9,
        handler_map={PathPatch: HandlerPatch(patch_func=_legend_glyph)},
    )
    cs.set_title(ax, style, title, pad=10)


def icons_alt_text(counts: Counts, *, title: str | None = None) -> str:
    """A text alternative of :func:`plot_icons`'s chart, with every count drawn (short sentences)."""
    pairs = check_counts(counts)
    parts = [f"{n} {label} ({look.words} icons)" for (label, n), look in zip(pairs, LOOKS) if n]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    lead = f"{title}. " if title else ""
    return (
        f"{lead}Icon array of 100 people, one person icon each, in 10 rows of 10. Each outcome is "
        f"grouped together, filled row by row from the top left: {listed}. Each icon is one person "
        "in 100, so the counts are also percents."
    )


def icons_table(counts: Counts) -> pd.DataFrame:
    """The numbers drawn: one row per outcome with ``outcome`` and ``people`` (out of 100)."""
    pairs = check_counts(counts)
    return pd.DataFrame(
        {"outcome": [label for label, _ in pairs], "people": np.array([n for _, n in pairs], dtype=np.int64)}
    )
