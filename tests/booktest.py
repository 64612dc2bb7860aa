"""What the tests of every tier share: the book's paths and published numbers, its pages,
and the one skip policy (``require``).

The tiers' ``conftest.py`` files hold fixtures only; tests import these helpers by this
module's name (``pythonpath = ["tests"]`` in pyproject.toml), never from ``conftest``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"

# The printouts of the source tutorial's detailed walk-through (Part IV of the book), which
# nncode, the page, the PDF and the downloaded notebook must all reproduce to every digit
PUBLISHED_ERROR = "[[0.05013458, 0.03727248, 0.25388062]]"
PUBLISHED_LOG = [
    "0.11553",
    "0.11082",
    "0.10606",
    "0.09845",
    "0.08483",
    "0.06396",
    "0.04206",
    "0.02641",
    "0.01719",
    "0.01190",
]
# The forward example another source works on a [2, 3, 2, 1] ReLU network (its first sample
# x = (6.1, 8.7), target 113), to the digits it printed, and its dJ/dw(3)_{2,1} as it rounds it.
# Typed here from the source, not imported from nncode.data: a test that read them from
# the package would pass whatever the package says.
PUBLISHED_FORWARD = {
    "x0": (6.1, 8.7),
    "y": (113.0,),
    "z1": (-0.314, 0.818, -0.417),
    "x1": (0.0, 0.818, 0.0),
    "z2": (-0.07362, 0.02454),
    "x2": (0.0, 0.02454),
    "z3": (0.0017178,),
    "x3": (0.0017178,),
}
PUBLISHED_DJ_DW3_21 = -2.77


# ---------------------------------------------------------------- the skip policy
# `make check` and `make test` set NNBOOK_REQUIRE=1: they install every tool, package and
# artefact the tests need, so a missing one is a failure there. Only a test run by hand
# (`.venv/bin/python -m pytest tests/site/test_links.py`) skips what it cannot check.
REQUIRE_ALL = "NNBOOK_REQUIRE"


def require(condition: object, what: str) -> None:
    """Go on if ``condition`` holds; else fail under `make test`, skip otherwise.

    ``what`` says what is missing and how to get it, e.g. "the PDF is not built (make pdf)".
    """
    if condition:
        return
    if os.environ.get(REQUIRE_ALL) == "1":
        pytest.fail(f"missing: {what}. `make test` installs or builds it (see mk/*.mk)")
    pytest.skip(f"missing: {what}", allow_module_level=True)


def require_module(name: str, what: str) -> ModuleType:
    """Import the module ``name`` now, under the skip policy (``what`` names its source)."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        require(False, f"{what}: {error}")
        raise  # not reached: require skipped or failed


class _LazyModule:
    def __init__(self, name: str, what: str) -> None:
        self._name, self._what = name, what

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # introspection (pytest, inspect) must not import it
            raise AttributeError(attr)
        return getattr(require_module(self._name, self._what), attr)


def lazy_module(name: str, what: str) -> Any:
    """A module imported at its first use, under the skip policy.

    ``torch = lazy_module("torch", "PyTorch (requirements-test.txt)")`` at the top of a test
    file: only the tests that touch ``torch`` need it, and only they skip (by hand) or fail
    (under `make test`) when it is missing.
    """
    return _LazyModule(name, what)


# ---------------------------------------------------------------- the book's pages
def toc_pages() -> list[str]:
    """The root page and every file of `_toc.yml`, as paths without suffix, in order."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = re.search(r"^root:\s*(\S+)", toc, re.MULTILINE)
    assert root is not None, "_toc.yml names no root page"
    return [root.group(1), *re.findall(r"file:\s*(\S+)", toc)]


def notebook_chapters(language: str | None = None) -> list[str]:
    """The pages of `_toc.yml` that are notebooks (a jupytext header with a kernelspec),
    optionally only those whose kernel runs `language`."""
    chapters = []
    for page in toc_pages():
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        header = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))
        spec = (header or {}).get("kernelspec")
        if spec and (language is None or spec.get("language") == language):
            chapters.append(page)
    return chapters


def code_cells(nb: Any) -> list[str]:
    """The sources of a notebook's code cells."""
    return [c.source for c in nb.cells if c.cell_type == "code"]


# ---------------------------------------------------------------- the tools
def tool_module(path: str) -> ModuleType:
    """A fresh copy of the module at ``path`` (relative to the repository root), loaded by
    its file: the tools and Sphinx extensions are scripts, not an installed package."""
    name = Path(path).stem
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- networks
def randomize(net: Any, rng: np.random.Generator, scale: float = 1.0) -> None:
    """Give every weight and bias an O(1) random value, so that gradients are not tiny."""
    for p in net.params.values():
        p[...] = rng.normal(0.0, scale, size=p.shape)


# ---------------------------------------------------------------- fresh environments
def fresh_venv(path: Path) -> Path:
    """A new virtual environment at ``path`` with nothing but pip (no nncode, no system
    packages); returns its Python. pip keeps the configuration of this machine (its index,
    find-links and cache), as a reader's pip would."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path / "bin" / "python"


def pip_install(python: Path, *args: str, timeout: float = 900) -> None:
    """``python -m pip install -q ARGS``; fails with pip's own message when pip does."""
    import subprocess

    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert result.returncode == 0, f"pip install {' '.join(args)} failed:\n{result.stderr[-3000:]}"
