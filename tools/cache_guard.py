"""Empty the notebook execution cache when the nncode package has changed.

jupyter-cache keys a notebook on its own code cells only, so after an edit to ``nncode``
it would happily serve the old outputs. The Makefile runs this script before every
build: it hashes every file of the package (names and contents) and, if the hash differs
from the one stored beside the cache, deletes the cache so that every page is executed
again.

Usage: python tools/cache_guard.py [PACKAGE_DIR] [CACHE_DIR]
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_hash(package: Path) -> str:
    """SHA-256 over the sorted relative paths and bytes of every .py file in ``package``."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def guard(package: Path, cache: Path) -> bool:
    """Delete ``cache`` if ``package`` changed since the stamp was written. True if deleted."""
    stamp = cache.parent / (cache.name + ".nncode-hash")
    current = package_hash(package)
    stale = stamp.exists() and stamp.read_text().strip() != current
    missing_stamp = cache.exists() and not stamp.exists()
    if stale or missing_stamp:
        shutil.rmtree(cache, ignore_errors=True)
        # Sphinx re-reads (and so re-executes) only the pages whose source changed; its
        # saved environment would keep serving the old outputs of every other page.
        shutil.rmtree(cache.parent / ".doctrees", ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale or missing_stamp


if __name__ == "__main__":
    pkg = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "nncode"
    cache = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / ".jupyter_cache"
    if guard(pkg, cache):
        print(f"cache_guard: {pkg.name} changed, emptied {cache}")
