"""Each chapter as a notebook: what a reader downloads must run in plain Jupyter.

A chapter is a MyST Markdown notebook. jupytext turns each into an `.ipynb`; one of them
(the walk-through) is executed with nbclient outside the repository, so that `nncode`
must come from the installed package, and must reproduce the published printout. The
chapters may import only what `requirements.txt` installs. (That the site's download
menu offers the same notebook is checked in tests/site/test_download_links.py.)
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pytest
from booktest import (
    PUBLISHED_ERROR,
    PUBLISHED_LOG,
    ROOT,
    code_cells,
    lazy_module,
    notebook_chapters,
)
from packaging.requirements import Requirement

sys.path.insert(0, str(ROOT / "tools" / "sphinx_ext"))
import nnbook_launch

jupytext = lazy_module("jupytext", "jupytext (requirements.txt)")
nbformat = lazy_module("nbformat", "nbformat (requirements.txt, with myst-nb)")
nbclient = lazy_module("nbclient", "nbclient (requirements.txt, with myst-nb)")

EXECUTED = "book/part4/walkthrough"


def test_there_are_notebook_chapters():
    assert EXECUTED in notebook_chapters("python")


@pytest.mark.parametrize("page", notebook_chapters())
def test_chapter_converts_to_a_valid_notebook(page, tmp_path):
    source = ROOT / f"{page}.md"
    nb = jupytext.read(source)
    n_directives = len(re.findall(r"^```\{code-cell\}", source.read_text(), re.MULTILINE))
    assert len(code_cells(nb)) == n_directives
    assert nb.metadata["kernelspec"]["name"]
    target = tmp_path / f"{source.stem}.ipynb"
    jupytext.write(nb, target)
    nbformat.validate(nbformat.read(target, as_version=4))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# The requirement files a reader installs: locally (with `-e .`) and on Binder (binder/,
# with a CPU-only PyTorch); both must give every chapter what it imports.
REQUIREMENT_FILES = ["requirements.txt", "binder/requirements.txt"]


def requirement_names(path: Path) -> list[str]:
    """The projects a requirement file names, following its `-r` includes (relative to
    the file, as pip reads them); options and local paths (`-e .`) are left out."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            names += requirement_names(path.parent / line.split(None, 1)[1])
        elif line and not line.startswith(("-", ".")):
            names.append(_normal(Requirement(line).name))
    return names


def _required_distributions(requirements: Path) -> set[str]:
    """What `pip install -r REQUIREMENTS` installs: its entries and their dependencies."""
    todo = requirement_names(requirements)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_normal(req.name))
    return seen


@pytest.mark.parametrize("requirements", REQUIREMENT_FILES)
@pytest.mark.parametrize("page", notebook_chapters("python"))
def test_chapter_imports_only_what_requirements_install(page, requirements):
    """Plain Jupyter with `pip install -r REQUIREMENTS` has every module a chapter uses."""
    modules = set()
    for source in code_cells(jupytext.read(ROOT / f"{page}.md")):
        modules |= nnbook_launch.imported_modules(source)
    required = _required_distributions(ROOT / requirements)
    owners = importlib.metadata.packages_distributions()
    for module in sorted(modules):
        if module in sys.stdlib_module_names or module == "nncode":  # `-e .`
            continue
        dists = {_normal(d) for d in owners.get(module, [])}
        assert dists & required, f"{page} imports {module!r}, not in {requirements}"


def test_the_import_scan_sees_a_missing_requirement(tmp_path):
    """The control: a requirement file without scikit-learn does not cover `sklearn`."""
    lean = tmp_path / "lean.txt"
    lean.write_text("numpy\n")
    (tmp_path / "top.txt").write_text("-r lean.txt\ntorch==2.13.0+cpu\n")
    assert requirement_names(tmp_path / "top.txt") == ["numpy", "torch"]
    owners = importlib.metadata.packages_distributions()
    assert "scikit-learn" in {_normal(d) for d in owners["sklearn"]}
    assert "scikit-learn" not in _required_distributions(lean)


def test_downloaded_chapter_runs_in_plain_jupyter(tmp_path):
    """Execute the walk-through as a reader would: a fresh kernel, outside the repo."""
    nb = jupytext.read(ROOT / f"{EXECUTED}.md")
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    text = "\n".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    assert PUBLISHED_ERROR in text
    for value in PUBLISHED_LOG:
        assert value in text
    assert not any(out.output_type == "error" for c in nb.cells for out in c.get("outputs", []))
