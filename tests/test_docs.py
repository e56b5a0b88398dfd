"""The documentation: docstrings on the public API, pydoc, links in the Markdown, the CLI in the README."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import pytest

import survival

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN = [
    ROOT / "README.md",
    ROOT / "survival" / "data" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
IMAGE_SUFFIXES = {".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp"}
MAX_IMAGE_BYTES = 300_000
#: Functions a reader of ``help(survival)`` looks for first.
MAIN_FUNCTIONS = (
    "read_seerstat",
    "read_lifetable_csv",
    "read_individual_csv",
    "actuarial",
    "kaplan_meier",
    "kaplan_meier_counts",
    "logrank",
    "conditional_lifetable",
    "summarize",
    "explain",
    "crude_probabilities",
    "load_dataset",
)


def module_names() -> list[str]:
    """Every module of the survival package, imported by name."""
    return sorted(m.name for m in pkgutil.walk_packages(survival.__path__, "survival."))


def has_doc(obj) -> bool:
    """A docstring of its own: not empty, and not the signature a dataclass writes when there is none."""
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and obj.__doc__ and obj.__doc__.startswith(f"{obj.__name__}("):
        return False
    return bool(doc.strip())


def defined_here(module) -> list[tuple[str, object]]:
    """Public functions and classes defined in ``module`` itself (not imported into it)."""
    return [
        (name, obj)
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
    ]


def public_methods(cls) -> list[tuple[str, object]]:
    """Public methods and properties defined in the class body (not inherited)."""
    out = []
    for name, attr in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attr, (staticmethod, classmethod)):
            attr = attr.__func__
        elif isinstance(attr, property):
            attr = attr.fget
        if inspect.isfunction(attr):
            out.append((name, attr))
    return out


def exported(name: str):
    """The object ``survival.<name>`` stands for, taken from the module that defines it."""
    return getattr(importlib.import_module(survival._EXPORTS[name]), name)


# --- docstrings ----------------------------------------------------------------------------------


def test_every_exported_name_has_a_docstring():
    missing = [name for name in survival.__all__ if not has_doc(exported(name))]
    assert not missing, f"names in survival.__all__ without a docstring: {missing}"


def test_exported_names_are_not_hidden_by_submodules_of_the_same_name():
    # Importing survival.x sets the attribute survival.x to the module, and the lazy
    # __getattr__ never runs again: an exported function named like a module then
    # becomes that module for `from survival import x` and help(survival.x).
    # Checked in a fresh interpreter, so this session's imports stay as they are.
    code = (
        "import importlib, inspect, pkgutil, survival\n"
        "for m in pkgutil.walk_packages(survival.__path__, 'survival.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(' '.join(n for n in survival.__all__ if inspect.ismodule(getattr(survival, n))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    hidden = done.stdout.split()
    assert not hidden, (
        f"once the package's modules are imported, these exported names are "
        f"modules, not the functions: {hidden}; rename the module or the export"
    )


@pytest.mark.parametrize("name", module_names())
def test_every_module_and_public_definition_has_a_docstring(name):
    module = importlib.import_module(name)
    missing = [] if has_doc(module) else ["(module docstring)"]
    missing += [f"{name}.{attr}" for attr, obj in defined_here(module) if not has_doc(obj)]
    assert not missing, f"public definitions without a docstring: {missing}"


@pytest.mark.parametrize("name", module_names())
def test_public_methods_have_docstrings(name):
    module = importlib.import_module(name)
    missing = [
        f"{name}.{cls_name}.{method}"
        for cls_name, cls in defined_here(module)
        if inspect.isclass(cls)
        for method, func in public_methods(cls)
        if not has_doc(func)
    ]
    assert not missing, f"public methods without a docstring: {missing}"


def test_pydoc_renders_the_package_and_its_main_functions():
    for name in module_names():  # as `python -m pydoc survival` does, with every module loaded
        importlib.import_module(name)
    text = pydoc.render_doc(survival, renderer=pydoc.plaintext)
    assert "Survival Explorer" in text
    shown = {name for name in survival.__all__ if re.search(rf"^    (class )?{name}\(", text, re.M)}
    assert set(MAIN_FUNCTIONS) <= set(survival.__all__)
    absent = [name for name in survival.__all__ if name not in shown]
    assert not absent, f"pydoc of the package does not document these exported names: {absent}"
    for name in MAIN_FUNCTIONS:
        summary = inspect.getdoc(exported(name)).splitlines()[0]
        assert summary in text, f"pydoc does not show the docstring of {name}"


@pytest.mark.parametrize("name", module_names())
def test_pydoc_renders_every_module(name):
    text = pydoc.render_doc(importlib.import_module(name), renderer=pydoc.plaintext)
    assert name in text


# --- links in the Markdown -----------------------------------------------------------------------

LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def prose(text: str) -> str:
    """Markdown without fenced code blocks and code spans, where links are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file (duplicates get -1, -2, ...)."""
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def links(path: Path) -> list[tuple[bool, str, str]]:
    """(is an image, text, target) of every Markdown link in a file's prose."""
    return [
        (bang == "!", text, target)
        for bang, text, target in LINK.findall(prose(path.read_text(encoding="utf-8")))
    ]


def is_external(target: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) is not None


def test_the_link_pattern_finds_links_and_skips_code():
    sample = (
        "See [methods](docs/methods.md#pooling) and ![a chart](img.png).\n"
        "`[not](a-link.md)`\n```\n[not](either.md)\n```\n"
    )
    found = LINK.findall(prose(sample))
    assert [(b, t) for b, _, t in found] == [("", "docs/methods.md#pooling"), ("!", "img.png")]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_existing_files_and_headings(path):
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    broken = []
    for _, _, target in links(path):
        if is_external(target):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"broken links in {path.relative_to(ROOT)}: {broken}"


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_images_exist_have_alt_text_and_stay_small(path):
    for is_image, alt, target in links(path):
        if not is_image or is_external(target):
            continue
        image = (path.parent / target).resolve()
        assert image.is_file(), f"image {target} in {path.name} is missing"
        assert image.suffix.lower() in IMAGE_SUFFIXES, f"{target} is not an image file"
        assert len(alt.strip()) >= 20, f"image {target} in {path.name} needs a describing alt text"
        assert image.stat().st_size <= MAX_IMAGE_BYTES, f"{target} is over {MAX_IMAGE_BYTES:,} bytes"


def test_readme_shows_a_screenshot_of_the_app():
    images = [target for is_image, _, target in links(ROOT / "README.md") if is_image]
    assert any(target.startswith("docs/images/") for target in images)


# --- the command line in the README --------------------------------------------------------------


def cli_commands() -> list[str]:
    """The sub-commands ``survival-explorer --help`` lists, read from the parser."""
    import argparse

    from survival.cli.parser import build_parser

    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return list(actions[0].choices)


def test_cli_commands_are_read_from_the_parser():
    assert {"datasets", "lifetable", "summary", "build-data"} <= set(cli_commands())


def test_readme_mentions_every_cli_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in cli_commands() if f"survival-explorer {c}" not in readme]
    assert not missing, f"the README does not show: {', '.join(f'survival-explorer {c}' for c in missing)}"
