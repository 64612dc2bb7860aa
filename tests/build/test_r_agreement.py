"""The R chapter's code, run by Rscript, gives the numbers of nncode.classic (to 1e-12)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from booktest import ROOT

from nncode import classic
from nncode.data import twelve_step_data
from nncode.r_bridge import classic_case, write_case

CHAPTER = ROOT / "book" / "part4" / "r_implementation.md"

# printed after the chapter's code: every number R computed, with all its digits
REPORT = """
emit <- function(name, m) cat(name, sprintf("%.17g", as.vector(t(m))), "\\n")
emit("wh", first$wh); emit("bh", first$bh); emit("wout", first$wout); emit("bout", first$bout)
emit("output", final_output)
"""


def chapter_r_code() -> str:
    cells = re.findall(r"```\{code-cell\} r\n(.*?)```", CHAPTER.read_text(), re.DOTALL)
    assert len(cells) >= 5, "the R chapter's code cells were not found"
    return "\n".join(cells)


def write_data(root: Path, case: dict) -> None:
    """Where the build writes the chapter's data: _build/r_data under the root."""
    write_case(root / "_build" / "r_data", case)


def run_chapter(rscript: str, root: Path) -> subprocess.CompletedProcess:
    """Run the chapter's R code from its own folder (book/part4) below ``root``."""
    workdir = root / "book" / "part4"
    workdir.mkdir(parents=True)
    script = workdir / "chapter.R"
    script.write_text(chapter_r_code() + REPORT)
    return subprocess.run(
        [rscript, "--vanilla", str(script)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def parse(stdout: str) -> dict[str, np.ndarray]:
    out = {}
    for line in stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("wh", "bh", "wout", "bout", "output"):
            out[parts[0]] = np.array([float(v) for v in parts[1:]])
    return out


@pytest.mark.parametrize("seed", [0, 7])
def test_r_and_numpy_agree(rscript, tmp_path, seed):
    epochs = 300
    write_data(tmp_path, classic_case(seed=seed, epochs=epochs))
    result = run_chapter(rscript, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    r = parse(result.stdout)
    # the reference, computed here from nncode.classic directly
    X, y = twelve_step_data()
    net = classic.ClassicMLP(4, 3, 1, rng=seed)
    net.step(X, y, 0.1)
    for name in ("wh", "bh", "wout", "bout"):
        np.testing.assert_allclose(r[name], getattr(net, name).ravel(), rtol=0, atol=1e-12)
    net.train(X, y, epochs - 1, lr=0.1)
    np.testing.assert_allclose(r["output"], net.predict(X).ravel(), rtol=0, atol=1e-12)


def test_the_chapter_stops_when_numpy_disagrees(rscript, tmp_path):
    """The chapter's own comparison must fail the build if R and NumPy drift apart."""
    case = classic_case(seed=0, epochs=50)
    case["step1_wh"] = case["step1_wh"] + 1e-9
    write_data(tmp_path, case)
    result = run_chapter(rscript, tmp_path)
    assert result.returncode != 0
    assert "differences < 1e-12" in result.stderr


def test_the_source_rowsums_bias_update_gives_per_sample_biases(rscript, tmp_path):
    write_data(tmp_path, classic_case(seed=0, epochs=10))
    result = run_chapter(rscript, tmp_path)
    assert "do all rows still hold the same biases? FALSE" in result.stdout
