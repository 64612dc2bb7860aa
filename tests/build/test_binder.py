"""Binder's environment (binder/): small and fast because its PyTorch is the CPU build.

repo2docker reads binder/ instead of the repository root. Checked here without Binder:
the files parse as repo2docker and pip read them, and pip itself, asked what it would
install (`--dry-run --report`), resolves torch to the CPU build and pulls no NVIDIA
package. The chapters' imports against the same file are checked in
tests/build/test_chapter_notebooks.py; the size of an environment made from it is
measured by `make env-size` (tools/env_size.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import tomllib
from booktest import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

BINDER = ROOT / "binder"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# What a CUDA build of PyTorch brings along
GPU_PACKAGES = re.compile(r"^(nvidia-.*|triton|cuda-.*)$")


def gpu_problems(report: dict) -> list[str]:
    """What is wrong, for a machine without a GPU, in a `pip install --report` report: a
    torch that is not the CPU build, or any package of NVIDIA's CUDA stack."""
    installs = {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in report["install"]}
    problems = [f"{name}=={v}" for name, v in installs.items() if GPU_PACKAGES.match(name)]
    if "torch" not in installs:
        problems.append("torch is not installed at all")
    elif Version(installs["torch"]).local != "cpu":
        problems.append(f"torch=={installs['torch']} is not the CPU build (+cpu)")
    return problems


def test_binder_reads_its_own_folder_with_python_3_11():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    needed = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert Version("3.11") >= Version(needed.removeprefix(">="))
    # repo2docker ignores the root's files once binder/ exists: none may pretend otherwise
    assert not (ROOT / "runtime.txt").exists()


def test_the_binder_requirements_parse():
    """Every line is an option pip knows, an include that exists, or a requirement."""
    lines = [
        ln.split("#")[0].strip() for ln in (BINDER / "requirements.txt").read_text().splitlines()
    ]
    lines = [ln for ln in lines if ln]
    assert f"--extra-index-url {CPU_INDEX}" in lines
    requirements = []
    for line in lines:
        if line.startswith("--extra-index-url "):
            assert line.split()[1].startswith("https://")
        elif line.startswith("-r "):
            assert (BINDER / line.split()[1]).is_file(), line
        else:
            requirements.append(Requirement(line))
    (torch,) = [r for r in requirements if r.name == "torch"]
    (pinned,) = torch.specifier
    assert pinned.operator == "==" and Version(pinned.version).local == "cpu"
    # the CPU pin also satisfies the local pin of requirements.txt (`==` ignores `+cpu`)
    local = [
        ln for ln in (ROOT / "requirements.txt").read_text().splitlines() if ln.startswith("torch")
    ]
    assert Requirement(local[0]).specifier.contains(Version(pinned.version))
    # nncode comes from the repository (through requirements.txt's `-e .`)
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()


def test_the_gpu_check_sees_a_cuda_build():
    """The control for the resolution test: a report of PyPI's CUDA build fails it."""
    cuda = {
        "install": [
            {"metadata": {"name": "torch", "version": "2.13.0"}},
            {"metadata": {"name": "nvidia-cublas", "version": "13.1.0"}},
            {"metadata": {"name": "triton", "version": "3.5.0"}},
        ]
    }
    assert len(gpu_problems(cuda)) == 3
    cpu = {"install": [{"metadata": {"name": "torch", "version": "2.13.0+cpu"}}]}
    assert gpu_problems(cpu) == []
    assert gpu_problems({"install": []}) == ["torch is not installed at all"]


@pytest.mark.slow
def test_pip_resolves_torch_to_the_cpu_build(tmp_path):
    """pip, reading binder/requirements.txt from the repository root as repo2docker does,
    would install the CPU build of torch and nothing of CUDA. Where PyTorch's CPU index is
    out of reach, a find-links folder or mirror in pip's own configuration may provide the
    same wheel; with neither, pip finds no `+cpu` build and the test fails."""
    report = tmp_path / "report.json"
    env = {**os.environ, "PIP_RETRIES": "0"}  # an unreachable index fails at once
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--disable-pip-version-check",
            "--report",
            str(report),
            "-r",
            "binder/requirements.txt",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    resolved = json.loads(report.read_text())
    assert gpu_problems(resolved) == []
    names = {i["metadata"]["name"].lower() for i in resolved["install"]}
    assert {"nncode", "numpy", "matplotlib", "scikit-learn", "myst-nb", "jupytext"} <= names
    # no test or development tool comes along
    assert not names & {"pytest", "hypothesis", "ruff", "mypy", "playwright", "jupyter-book"}
