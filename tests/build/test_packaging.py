"""nncode installs whole from a wheel, not only from an editable checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from booktest import ROOT


def test_wheel_contains_every_module(tmp_path):
    # build from a clean copy: a stale build/ folder in the checkout could hide a gap
    src = tmp_path / "src"
    shutil.copytree(ROOT / "nncode", src / "nncode", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("nncode-*.whl")
    in_wheel = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    in_tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nncode").rglob("*.py")}
    assert in_tree <= in_wheel, f"missing from the wheel: {sorted(in_tree - in_wheel)}"
