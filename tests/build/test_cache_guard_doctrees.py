"""An nncode change must also drop Sphinx's saved environment, or unchanged pages keep
their old outputs (Sphinx re-reads only the pages whose source changed)."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

spec = importlib.util.spec_from_file_location("cache_guard", ROOT / "tools" / "cache_guard.py")
cache_guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cache_guard)


def test_edited_package_drops_the_sphinx_environment(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("x = 1\n")
    cache = tmp_path / "_build" / ".jupyter_cache"
    doctrees = tmp_path / "_build" / ".doctrees"
    cache.mkdir(parents=True)
    cache_guard.guard(pkg, cache)
    doctrees.mkdir(parents=True)
    (doctrees / "environment.pickle").write_text("old pages")
    assert cache_guard.guard(pkg, cache) is False
    assert (doctrees / "environment.pickle").exists()  # unchanged package: kept
    (pkg / "a.py").write_text("x = 2\n")
    assert cache_guard.guard(pkg, cache) is True
    assert not doctrees.exists()
