"""Project-level promises: the README's commands, CI, and a light import."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert all(c.startswith("python3 -m venv .venv && .venv/bin/pip install -e ") for c in commands)


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci_lines[-1] == setup_commands()[1]


def test_import_is_light():
    code = (
        "import sys, survival; survival.actuarial; survival.load_dataset; "
        "print(sorted(m for m in ('lifelines', 'scipy', 'matplotlib', 'streamlit') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_raw_export_is_not_in_the_project():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "breast.example.txt" not in tracked and "breast.example.dic" not in tracked


def _wheel_tree(tmp_path: Path) -> Path:
    """The project built as a wheel (no dependencies) and unpacked, as pip would install it."""
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("survival_explorer-*.whl")
    tree = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(tree)
    return tree


def _in_tree(tree: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python code with the unpacked wheel first on the path, outside the project folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("SURVIVAL_DATA_DIR", "SURVIVAL_SHARED_DIR")}
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tree)!r})\n{code}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_wheel_carries_its_data_and_app_and_runs_without_the_project_or_shared(tmp_path):
    tree = _wheel_tree(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for dataset in ("seer-breast", "seer-prostate"):
        for name in ("lifetables.csv", "trend.csv", "periods.csv", "provenance.json"):
            assert (tree / "survival" / "data" / dataset / name).is_file()
    assert (tree / "ui" / "app.py").is_file() and (tree / "ui" / "streamlit.toml").is_file()
    done = _in_tree(
        tree,
        "import survival.cli, ui\nprint(survival.cli.__file__, ui.__file__)\n"
        "raise SystemExit(survival.cli.main(['summary', '--stage', 'distant']))",
        elsewhere,
    )
    assert done.returncode == 0, done.stderr
    assert str(tree) in done.stdout.splitlines()[0] and "Distant stage" in done.stdout
    app = _in_tree(
        tree,
        "from streamlit.testing.v1 import AppTest\n"
        "from survival.cli.maintenance import app_command\n"
        "command = app_command([])\n"
        "at = AppTest.from_file(command[4], default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "at.selectbox(key='understand_stage').set_value('Distant').run()\n"
        "assert not at.exception, at.exception\n"
        "print(command[4]); print(at.header[0].value)",
        elsewhere,
    )
    assert app.returncode == 0, app.stderr
    assert app.stdout.splitlines()[-2] == str(tree / "ui" / "app.py")
    assert app.stdout.splitlines()[-1] == "The short answer"


def _tool(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", name, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_finds_nothing_to_lint():
    done = _tool("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_finds_nothing_to_reformat():
    done = _tool("ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_no_type_errors():
    """The package's type hints hold (``[tool.mypy]`` in pyproject.toml checks ``survival/``)."""
    done = _tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
