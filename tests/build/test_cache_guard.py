"""The build runs again what changed: the whole book when nncode changes, and the pages
that read a data file when that file changes (tools/cache_guard.py)."""

from __future__ import annotations

import os
from pathlib import Path

from booktest import require_module, tool_module

cache_guard = tool_module("tools/cache_guard.py")


def make(tmp_path: Path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("x = 1\n")
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "entry").write_text("cached outputs")
    return pkg, cache


def test_unchanged_package_keeps_the_cache(tmp_path):
    pkg, cache = make(tmp_path)
    cache_guard.guard(pkg, cache)  # first run: no stamp yet, so the cache is emptied
    cache.mkdir(exist_ok=True)
    (cache / "entry").write_text("cached outputs")
    assert cache_guard.guard(pkg, cache) is False
    assert (cache / "entry").exists()


def test_edited_package_empties_the_cache(tmp_path):
    pkg, cache = make(tmp_path)
    cache_guard.guard(pkg, cache)
    cache.mkdir(exist_ok=True)
    (cache / "entry").write_text("cached outputs")
    (pkg / "a.py").write_text("x = 2\n")
    assert cache_guard.guard(pkg, cache) is True
    assert not cache.exists()


def test_new_module_empties_the_cache(tmp_path):
    pkg, cache = make(tmp_path)
    cache_guard.guard(pkg, cache)
    cache.mkdir(exist_ok=True)
    (pkg / "b.py").write_text("")
    assert cache_guard.guard(pkg, cache) is True


def test_cache_without_stamp_is_not_trusted(tmp_path):
    pkg, cache = make(tmp_path)
    assert cache_guard.guard(pkg, cache) is True
    assert not cache.exists()


def test_edited_package_drops_every_sphinx_environment(tmp_path):
    """Sphinx re-reads only the pages whose source changed: its saved environments (of the
    site and of the live copy) must go, or unchanged pages keep their old outputs."""
    pkg, cache = make(tmp_path)
    cache_guard.guard(pkg, cache)
    environments = [tmp_path / "_build" / ".doctrees", tmp_path / "_build/live/_build/.doctrees"]
    for doctrees in environments:
        doctrees.mkdir(parents=True)
        (doctrees / "environment.pickle").write_text("old pages")
    assert cache_guard.guard(pkg, cache) is False
    assert all((d / "environment.pickle").exists() for d in environments)  # unchanged: kept
    (pkg / "a.py").write_text("x = 2\n")
    assert cache_guard.guard(pkg, cache) is True
    assert not any(d.exists() for d in environments)


# ---------------------------------------------------------------- data files pages read
def cache_a_page(cache: Path, page: Path) -> None:
    """Put executed outputs of ``page`` into a real jupyter-cache, as myst-nb does."""
    nbformat = require_module("nbformat", "nbformat (requirements-book.txt)")
    base = require_module("jupyter_cache.base", "jupyter-cache (requirements-book.txt)")
    jupyter_cache = require_module("jupyter_cache", "jupyter-cache (requirements-book.txt)")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(f"# {page.name}")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    jc = jupyter_cache.get_cache(str(cache))
    jc.cache_notebook_bundle(base.CacheBundleIn(nb, str(page)), check_validity=False)


def cached_pages(cache: Path) -> set[str]:
    jupyter_cache = require_module("jupyter_cache", "jupyter-cache (requirements-book.txt)")
    return {Path(r.uri).name for r in jupyter_cache.get_cache(str(cache)).list_cache_records()}


def make_book(tmp_path: Path):
    """Two pages that read one data file (from two folders) and one that reads none."""
    book = tmp_path / "book"
    (book / "appendix").mkdir(parents=True)
    (book / "part5").mkdir()
    (book / "appendix" / "results.json").write_text('{"ratio": 1.5}')
    reader = book / "appendix" / "bench.md"
    reader.write_text('with open("results.json") as fh:\n    res = json.load(fh)\n')
    other_reader = book / "part5" / "digits.md"
    other_reader.write_text("bench = Path('../appendix/results.json').read_text()\n")
    bystander = book / "part5" / "moons.md"
    bystander.write_text("print(\"no data here: 'missing.json' is not a file\")\n")
    cache = tmp_path / "_build" / ".jupyter_cache"
    for page in (reader, other_reader, bystander):
        cache_a_page(cache, page)
    return book, cache, [reader, other_reader, bystander]


def test_the_pages_that_read_a_data_file_are_found(tmp_path):
    book, _, (reader, other_reader, _) = make_book(tmp_path)
    data = (book / "appendix" / "results.json").resolve()
    assert cache_guard.data_readers(book) == {data: [reader, other_reader]}


def test_a_changed_data_file_runs_its_readers_again(tmp_path):
    book, cache, (reader, other_reader, bystander) = make_book(tmp_path)
    # no record of an earlier run, but a cache: every reader counts as changed
    assert cache_guard.guard_data(book, cache) == sorted([reader, other_reader])
    for page in (reader, other_reader):
        cache_a_page(cache, page)
    long_ago = 1_000_000_000
    for page in (reader, other_reader, bystander):
        os.utime(page, (long_ago, long_ago))

    assert cache_guard.guard_data(book, cache) == []  # nothing changed: all kept
    assert cached_pages(cache) == {"bench.md", "digits.md", "moons.md"}
    assert reader.stat().st_mtime == long_ago

    (book / "appendix" / "results.json").write_text('{"ratio": 0.9}')  # what `make bench` does
    assert cache_guard.guard_data(book, cache) == sorted([reader, other_reader])
    assert cached_pages(cache) == {"moons.md"}  # their outputs are gone, the other stays
    assert reader.stat().st_mtime > long_ago and other_reader.stat().st_mtime > long_ago
    assert bystander.stat().st_mtime == long_ago  # Sphinx reads only the readers again
    assert cache_guard.guard_data(book, cache) == []


def test_a_first_build_has_nothing_to_run_again(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "results.json").write_text("{}")
    (book / "page.md").write_text('open("results.json")\n')
    assert cache_guard.guard_data(book, tmp_path / "_build" / ".jupyter_cache") == []
