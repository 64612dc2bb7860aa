"""Each chapter as a notebook: what a reader downloads must run in plain Jupyter.

A chapter is a MyST Markdown notebook. jupytext turns each into an `.ipynb`; one of them
(the walk-through) is executed with nbclient outside the repository, so that `nncode`
must come from the installed package, and must reproduce the published printout. The
chapters may import only what `requirements.txt` installs. (That the site's download
menu offers the same notebook is checked in tests/site/test_download_links.py.)
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys

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


def _imported_modules(source: str) -> set[str]:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _required_distributions() -> set[str]:
    """What `pip install -r requirements.txt` installs: its entries and their dependencies."""
    todo = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            todo.append(_normal(re.split(r"[<>=!~\[; ]", line)[0]))
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


@pytest.mark.parametrize("page", notebook_chapters("python"))
def test_chapter_imports_only_what_requirements_install(page):
    """Plain Jupyter with `pip install -r requirements.txt` has every module a chapter uses."""
    modules = set()
    for source in code_cells(jupytext.read(ROOT / f"{page}.md")):
        modules |= _imported_modules(source)
    required = _required_distributions()
    owners = importlib.metadata.packages_distributions()
    for module in sorted(modules):
        if module in sys.stdlib_module_names or module == "nncode":  # `-e .`
            continue
        dists = {_normal(d) for d in owners.get(module, [])}
        assert dists & required, f"{page} imports {module!r}, not in requirements.txt"


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


def test_binder_finds_the_requirements():
    """Binder builds from the repo root: requirements.txt there installs nncode."""
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    major_minor = tuple(int(x) for x in runtime.removeprefix("python-").split("."))
    needed = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    assert major_minor >= (int(needed.group(1)), int(needed.group(2)))
    # Binder opens the .md chapter as a notebook only with jupytext installed there
    assert "jupytext" in _required_distributions()
