"""Measure the disk size of a fresh virtual environment made from a requirement file.

    python tools/env_size.py binder/requirements.txt [requirements.txt ...]

For each file: a new venv in a temporary folder, `pip install -r FILE` run from the
repository root (as repo2docker runs it, so `-e .` means this repository), then the size
of the venv on disk (`du`, in MB of 10^6 bytes) and its five largest packages. The venv is
removed afterwards. `make env-size` runs it on the Binder and the local requirements; the
README quotes the figures. pip uses its own configuration and cache, so a second run is
faster, but the size does not depend on them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def disk_usage(path: Path) -> int:
    """Bytes that ``path`` takes on disk (what `du -s --block-size=1` reports)."""
    out = subprocess.run(
        ["du", "-s", "--block-size=1", str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[0])


def measure(requirements: Path) -> dict[str, object]:
    """Install ``requirements`` into a fresh venv; its size, largest packages and time."""
    with tempfile.TemporaryDirectory(prefix="env-size-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        start = time.monotonic()
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(requirements)],
            cwd=ROOT,
            check=True,
        )
        seconds = time.monotonic() - start
        (site,) = (venv / "lib").glob("python3*/site-packages")
        packages = sorted(
            ((disk_usage(p), p.name) for p in site.iterdir() if p.is_dir()), reverse=True
        )
        return {"bytes": disk_usage(venv), "largest": packages[:5], "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="+", type=Path, help="requirement files")
    args = parser.parse_args()
    for requirements in args.requirements:
        result = measure(requirements.resolve())
        mb = int(result["bytes"]) / 1e6  # type: ignore[call-overload]
        print(
            f"{requirements}: {mb:,.0f} MB on disk (pip install took {result['seconds']:.0f} s)",
            flush=True,
        )
        for size, name in result["largest"]:  # type: ignore[attr-defined]
            print(f"    {size / 1e6:8,.0f} MB  {name}", flush=True)


if __name__ == "__main__":
    main()
