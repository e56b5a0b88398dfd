"""The teaching notebooks: committed without outputs, and each runs cleanly in a fresh kernel.

Each notebook is executed once (module-scoped fixture) with nbclient in a new
kernel of this interpreter, then checked: no errors, no warnings printed, and
the expected number of charts, each a real picture (not blank).

The kernel's environment never carries ``MPLBACKEND``: Streamlit (and
``conftest.py``) set ``MPLBACKEND=Agg``, and a kernel that inherits it
draws charts off-screen and shows none, without any error.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from jupyter_client import AsyncKernelManager  # noqa: E402
from jupyter_client.kernelspec import KernelSpec  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Every notebook, with the number of charts it shows when run.
CHARTS = {
    "01_reading_a_survival_curve.ipynb": 2,
    "02_where_22_percent_comes_from.ipynb": 1,
    "03_observed_and_relative_survival.ipynb": 2,
    "04_recurrence_free_survival.ipynb": 3,
    "05_deaths_by_cause.ipynb": 2,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_PNG_BYTES = 10_000
CELL_TIMEOUT = 120
#: A code cell that shows a chart: ``display(fig)`` or ``display(<something>.figure)``.
CHART_CELL = re.compile(r"display\((?:fig|[\w.]*\.figure)\)")

# jupyter_core 5.0 to 5.7 warn (DeprecationWarning) about their move to platformdirs unless
# JUPYTER_PLATFORM_DIRS is set; the kernel's environment sets it, the test process may not.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Jupyter is migrating its paths to use standard platformdirs:DeprecationWarning"
)


class ThisPythonKernel(AsyncKernelManager):
    """A kernel of the interpreter running the tests, whatever kernel specs are installed."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (this interpreter)",
            language="python",
        )


def kernel_env() -> dict[str, str]:
    """The test process's environment without MPLBACKEND, so the kernel draws inline.

    The project folder comes first on PYTHONPATH, so the kernel imports the
    ``survival`` package under test even where it is not installed.
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger note about frozen modules on stderr
    return env


def client_for(nb):
    """An nbclient runner of ``nb`` in a fresh kernel of this interpreter, in notebooks/."""
    return nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=ThisPythonKernel,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )


def execute(nb, env: dict[str, str] | None = None):
    """Run ``nb`` in place; raises CellExecutionError when a cell fails."""
    client_for(nb).execute(env=kernel_env() if env is None else env)
    return nb


async def execute_all(names) -> dict[str, object]:
    """Run the named notebooks side by side, each in its own kernel: the result, or the error."""

    async def one(name: str):
        nb = read(name)
        await client_for(nb).async_execute(env=kernel_env())
        return nb

    results = await asyncio.gather(*(one(name) for name in names), return_exceptions=True)
    return dict(zip(names, results))


def read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def outputs(nb, kind: str | None = None) -> list:
    return [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if kind is None or o.output_type == kind
    ]


def pngs(cell_or_nb) -> list[bytes]:
    cells = cell_or_nb.cells if hasattr(cell_or_nb, "cells") else [cell_or_nb]
    return [
        base64.b64decode(o["data"]["image/png"])
        for c in cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]


def assert_real_picture(png: bytes) -> None:
    """A PNG of some size with something drawn on it: not one flat colour, not nearly all background."""
    from matplotlib.image import imread

    assert png[:8] == PNG_SIGNATURE
    assert len(png) > MIN_PNG_BYTES, len(png)
    pixels = imread(io.BytesIO(png), format="png")[..., :3]
    assert pixels.std() > 0
    background = pixels[0, 0]
    drawn = np.any(np.abs(pixels - background) > 0.05, axis=-1).mean()
    assert drawn > 0.01, f"only {drawn:.2%} of the pixels differ from the background"


@pytest.fixture(scope="module")
def executed() -> dict[str, object]:
    """Each notebook run once: the executed notebook, or the error it stopped with."""
    return asyncio.run(execute_all(list(CHARTS)))


def ran(executed, name: str):
    result = executed[name]
    if isinstance(result, Exception):
        pytest.fail(f"{name} stopped with an error:\n{result}")
    return result


# -- The committed files ------------------------------------------------------------------------


def test_every_notebook_is_listed():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(CHARTS)


@pytest.mark.parametrize("name", CHARTS)
def test_committed_notebook_is_valid_and_has_no_outputs(name):
    nb = read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", CHARTS)
def test_committed_notebook_says_what_it_is_not(name):
    text = " ".join(c.source for c in read(name).cells if c.cell_type == "markdown")
    assert "not medical advice" in text
    assert "## Sources" in text or name.startswith("01_")
    assert "alive out of 100" not in text


def prose(markdown: str) -> str:
    """Markdown as plain sentences: code spans read as one short word, headings end a sentence."""
    text = re.sub(r"`[^`]*`", "it", markdown)
    text = re.sub(r"^#+\s*(.*)$", r"\1.", text, flags=re.M)
    text = re.sub(r"^\s*(?:[*-]|\d+\.)\s+", "", text, flags=re.M)
    return text.replace("*", "")


@pytest.mark.parametrize("name", CHARTS)
def test_explanations_read_at_grade_8_or_below(name):
    textstat = pytest.importorskip("textstat")
    cells = [
        c for c in read(name).cells if c.cell_type == "markdown" and not c.source.startswith("## Sources")
    ]
    grades = {c.id: textstat.flesch_kincaid_grade(prose(c.source)) for c in cells}
    assert max(grades.values()) <= 8, grades


# -- Running them -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_runs_without_errors_or_warnings(executed, name):
    nb = ran(executed, name)
    assert outputs(nb, "error") == []
    stderr = [o.text for o in outputs(nb, "stream") if o.name == "stderr"]
    assert stderr == []


@pytest.mark.parametrize("name", CHARTS)
def test_notebook_shows_its_charts(executed, name):
    nb = ran(executed, name)
    images = pngs(nb)
    assert len(images) == CHARTS[name]
    for png in images:
        assert_real_picture(png)


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_cell_shows_one_picture(executed, name):
    nb = ran(executed, name)
    chart_cells = [c for c in nb.cells if c.cell_type == "code" and CHART_CELL.search(c.source)]
    assert len(chart_cells) == CHARTS[name]
    assert [len(pngs(c)) for c in chart_cells] == [1] * len(chart_cells)


# -- The kernel and its guard -------------------------------------------------------------------

PROBE = [
    "import os, sys\nprint(sys.executable)\nprint(os.environ.get('MPLBACKEND'))",
    # No %matplotlib magic: the chart shows only if the kernel starts with the inline backend.
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1, 2], [1, 0.6, 0.3])\n"
    "ax.fill_between([0, 1, 2], 0, [1, 0.6, 0.3], alpha=0.3)\ndisplay(fig)\nplt.close(fig)",
]


def probe():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in PROBE])


def test_kernel_is_this_interpreter_and_draws_inline_despite_mplbackend_agg(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as Streamlit and conftest.py leave it
    nb = execute(probe())
    executable, backend = nb.cells[0].outputs[0].text.splitlines()
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    assert "inline" in backend
    images = pngs(nb)
    assert len(images) == 1
    assert_real_picture(images[0])


def test_without_the_guard_a_kernel_with_mplbackend_agg_shows_no_chart():
    """Why the guard exists: the same probe, in a kernel that inherits Agg, shows no picture."""
    nb = execute(probe(), env={**kernel_env(), "MPLBACKEND": "Agg"})
    assert nb.cells[0].outputs[0].text.splitlines()[1] == "Agg"
    assert outputs(nb, "error") == [] and pngs(nb) == []


def test_a_broken_notebook_fails():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert 1 + 1 == 3, 'wrong sum'")])
    with pytest.raises(CellExecutionError, match="wrong sum"):
        execute(nb)
