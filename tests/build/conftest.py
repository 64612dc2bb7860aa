"""Fixtures of the build tier: the tools that the tiny builds and the chapter checks run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from booktest import require


@pytest.fixture(scope="session")
def jupyter_book() -> Path:
    """The venv's jupyter-book (requirements-book.txt)."""
    jb = Path(sys.executable).with_name("jupyter-book")
    require(jb.exists(), f"jupyter-book is not installed beside {sys.executable}")
    return jb


@pytest.fixture(scope="session")
def rscript() -> str:
    """Debian's Rscript (r-base-core, installed by mk/r.mk)."""
    path = shutil.which("Rscript")
    require(path is not None, "Rscript is not on PATH (Debian's r-base-core; make r-kernel)")
    assert path is not None
    return path
