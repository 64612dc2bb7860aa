"""The execution cache is emptied when nncode changes, and kept when it does not."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT

spec = importlib.util.spec_from_file_location("cache_guard", ROOT / "tools" / "cache_guard.py")
cache_guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cache_guard)


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
