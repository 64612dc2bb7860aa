"""Fixtures of the build tier: the tools that the tiny builds and the chapter checks run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from booktest import ROOT, require, require_module


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


@pytest.fixture(scope="session")
def nncode_dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """nncode's sdist and wheel, made once from the repository as a release is made:
    ``python -m build`` (pinned in requirements-test.txt) builds the sdist, then the wheel
    from the unpacked sdist, each in an isolated environment."""
    require_module("build", "build (requirements-test.txt)")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("nncode-*.whl")
    (sdist,) = out.glob("nncode-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}
