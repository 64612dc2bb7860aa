"""Keep the book's executed outputs fresh: run again every page whose inputs changed.

jupyter-cache keys a notebook on its own code cells only, and Sphinx re-reads only the
pages whose source changed. So after an edit to ``nncode``, or to a data file that a page
reads (``book/appendix/bench_results.json``, which ``make bench`` rewrites), both would
happily serve the old outputs. The Makefile runs this script before every build:

- it hashes every file of the package (names and contents); if the hash differs from
  the one stored beside the cache, it deletes the cache and every saved Sphinx
  environment under the build folder, so that every page is executed again;
- it finds the data files the pages read (a quoted path ending in ``.json`` or ``.csv``
  in a page's text that names an existing file, relative to the page's folder) and
  hashes each; for every file that changed, it removes the cached outputs of the pages
  that read it and touches those pages, so that Sphinx reads, and the cache executes,
  exactly those pages again.

Usage: python tools/cache_guard.py [PACKAGE_DIR] [CACHE_DIR] [BOOK_DIR]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A quoted relative path to a data file, as a page's code names it: "bench_results.json"
DATA_LITERAL = re.compile(r"""["']([^"'\s]+\.(?:json|csv))["']""")


def package_hash(package: Path) -> str:
    """SHA-256 over the sorted relative paths and bytes of every .py file in ``package``."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _drop_environments(build: Path) -> None:
    """Delete every saved Sphinx environment under ``build`` (HTML, live copy, LaTeX)."""
    for doctrees in [build / ".doctrees", *build.glob("*/_build/.doctrees")]:
        shutil.rmtree(doctrees, ignore_errors=True)


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
        _drop_environments(cache.parent)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale or missing_stamp


def data_readers(book: Path) -> dict[Path, list[Path]]:
    """Each data file that a page of ``book`` names, with the pages that name it."""
    readers: dict[Path, list[Path]] = {}
    for page in sorted(book.rglob("*.md")):
        for name in DATA_LITERAL.findall(page.read_text(encoding="utf-8")):
            data = (page.parent / name).resolve()
            if data.is_file() and page not in readers.setdefault(data, []):
                readers[data].append(page)
    return readers


def _forget_outputs(page: Path, cache: Path) -> None:
    """Remove the cached outputs of ``page`` from the jupyter-cache at ``cache``."""
    if not cache.exists():
        return
    from jupyter_cache import get_cache  # installed with the book's tool chain

    jc = get_cache(str(cache))
    for record in jc.list_cache_records():
        if Path(record.uri).resolve() == page.resolve():
            jc.remove_cache(record.pk)


def guard_data(book: Path, cache: Path) -> list[Path]:
    """Run again the pages of ``book`` whose data files changed since the last call.

    Returns those pages. Their cached outputs are removed and their sources touched, so
    that Sphinx reads them again. With no record of the last call but a cache already
    there, every page that reads a data file counts as changed.
    """
    stamp = cache.parent / (cache.name + ".data-hashes.json")
    known = json.loads(stamp.read_text()) if stamp.exists() else None
    readers = data_readers(book)
    current = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in readers}
    changed = [p for p in readers if known is None or known.get(str(p)) != current[str(p)]]
    if known is None and not cache.exists():
        changed = []  # nothing was built yet: nothing is stale
    pages = sorted({page for data in changed for page in readers[data]})
    for page in pages:
        _forget_outputs(page, cache)
        os.utime(page)  # newer than Sphinx's last reading of it
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    return pages


if __name__ == "__main__":
    pkg = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "nncode"
    cache = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / ".jupyter_cache"
    book = Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "book"
    if guard(pkg, cache):
        print(f"cache_guard: {pkg.name} changed, emptied {cache}")
    for page in guard_data(book, cache):
        print(f"cache_guard: a data file of {page.relative_to(book)} changed; it runs again")
