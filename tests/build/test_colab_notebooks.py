"""The chapters as the Colab buttons open them: converted by tools/notebooks.py (what the
workflow .github/workflows/notebooks.yml publishes on the branch `notebooks`), each Python
chapter with a first cell that installs nncode where it is missing.

The slow test does what a Colab reader does, on this machine: a fresh virtual environment
with Jupyter's kernel but without nncode, the converted walk-through run from a temporary
folder, the install cell pointed at the wheel of this repository by ``NNCODE_REQUIREMENT``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml
from booktest import (
    PUBLISHED_ERROR,
    PUBLISHED_LOG,
    ROOT,
    code_cells,
    fresh_venv,
    lazy_module,
    notebook_chapters,
    pip_install,
)

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tools" / "sphinx_ext"))
import nnbook_launch
import notebooks

jupytext = lazy_module("jupytext", "jupytext (requirements.txt)")
nbformat = lazy_module("nbformat", "nbformat (requirements.txt, with myst-nb)")

EXECUTED = "book/part4/walkthrough"
# Runs a notebook with the kernel of the venv it is run by (nbclient and ipykernel there)
RUNNER = """
import sys, nbclient, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3").execute()
nbformat.write(nb, sys.argv[2])
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("notebooks")
    notebooks.convert(out)
    return out


def test_every_notebook_chapter_is_converted(converted):
    written = sorted(p.relative_to(converted).as_posix() for p in converted.rglob("*.ipynb"))
    assert written == sorted(f"{page}.ipynb" for page in notebook_chapters())


@pytest.mark.parametrize("page", notebook_chapters())
def test_a_converted_chapter_is_the_chapter_with_the_install_cell_first(converted, page):
    nb = nbformat.read(converted / f"{page}.ipynb", as_version=4)
    nbformat.validate(nb)
    chapter = code_cells(jupytext.read(ROOT / f"{page}.md"))
    cells = code_cells(nb)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    if nb.metadata["kernelspec"]["language"] == "python":
        assert nb.cells[0]["id"] == nnbook_launch.INSTALL_CELL_ID
        assert "pip" in cells[0] and cells[1:] == chapter
    else:  # the R chapter: no Python cell in an R notebook
        assert cells == chapter


def test_the_install_cell_names_the_repository_of_the_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/")
    source = nnbook_launch.install_cell_source(url, {"nncode", "torch"})
    assert f'"nncode[book] @ git+{url}"' in source
    assert "download.pytorch.org/whl/cpu" in source  # torch is only pointed at, never pulled


def test_the_install_cell_does_nothing_where_nncode_is_present(tmp_path):
    """Here nncode and the chapter's libraries are installed: the cell must not call pip
    (with a requirement that cannot install, a call would fail the cell)."""
    source = nnbook_launch.install_cell_source("https://github.com/o/r", {"nncode", "myst_nb"})
    env = {**os.environ, nnbook_launch.INSTALL_ENV: str(tmp_path / "no-such.whl")}
    # the control: a module that is missing makes it call pip, which fails on that wheel
    missing = source.replace("'myst_nb'", "'no_such_module_here'")
    present, absent = (
        subprocess.run(
            [sys.executable, "-c", cell],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for cell in (source, missing)
    )
    assert present.returncode == 0, present.stderr
    assert absent.returncode != 0 and "no-such.whl" in absent.stderr


def test_the_workflow_publishes_the_converted_chapters_on_the_notebooks_branch():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "notebooks.yml").read_text())
    assert wf[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    assert wf["permissions"] == {"contents": "write"}
    (job,) = wf["jobs"].values()
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python tools/notebooks.py _build/notebooks" in runs
    assert f"git init -q -b {nnbook_launch.NOTEBOOKS_BRANCH}" in runs
    assert f"{nnbook_launch.NOTEBOOKS_BRANCH}\n" in runs.split("git push", 1)[1] + "\n"
    assert "jupytext" in runs and "-c constraints.txt" in runs


@pytest.mark.slow
def test_a_converted_chapter_runs_in_a_fresh_venv_without_nncode(converted, nncode_dist, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    # the reader's Jupyter: a kernel and a client, nothing of the book
    pip_install(python, "-c", str(ROOT / "constraints.txt"), "ipykernel", "nbclient")
    absent = subprocess.run([str(python), "-c", "import nncode"], capture_output=True, check=False)
    assert absent.returncode != 0, "the fresh venv already has nncode"

    workdir = tmp_path / "reader"  # a folder of its own, far from the repository
    workdir.mkdir()
    notebook = workdir / "walkthrough.ipynb"
    notebook.write_bytes((converted / f"{EXECUTED}.ipynb").read_bytes())
    wheel = nncode_dist["wheel"]
    env = {**os.environ, nnbook_launch.INSTALL_ENV: f"nncode[book] @ {wheel.as_uri()}"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(python), "-c", RUNNER, str(notebook), str(workdir / "executed.ipynb")],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    executed = json.loads((workdir / "executed.ipynb").read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert PUBLISHED_ERROR in text
    for value in PUBLISHED_LOG:
        assert value in text

    # the install cell put this repository's wheel into the venv
    where = subprocess.run(
        [str(python), "-c", "import nncode; print(nncode.__file__, nncode.__version__)"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(tmp_path / "venv") in where
