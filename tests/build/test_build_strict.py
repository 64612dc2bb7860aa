"""The book build is strict: a failing cell or a broken reference fails it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from booktest import ROOT


def makefile_build_flags() -> list[str]:
    line = next(l for l in (ROOT / "Makefile").read_text().splitlines() if "$(JB) build" in l)
    return line.split("$(JB) build .", 1)[1].split()


def test_makefile_builds_with_warnings_as_errors():
    flags = makefile_build_flags()
    assert "-W" in flags and "-n" in flags and "--keep-going" in flags


def build_tiny_book(jb: Path, tmp_path: Path, chapter: str) -> subprocess.CompletedProcess:
    book = tmp_path / "book"
    book.mkdir()
    (book / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    config = (ROOT / "_config.yml").read_text()
    # the real configuration's local Sphinx extensions come along (paths are relative)
    for ext_dir in set(yaml.safe_load(config)["sphinx"].get("local_extensions", {}).values()):
        shutil.copytree(ROOT / ext_dir, book / ext_dir)
    config = config.replace("cache: _build/.jupyter_cache", f"cache: {tmp_path / 'cache'}")
    (book / "_config.yml").write_text(config)
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(chapter)
    return subprocess.run(
        [str(jb), "build", str(book), *makefile_build_flags()],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )


HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
# Tiny
"""


def test_a_failing_cell_fails_the_build(jupyter_book, tmp_path):
    result = build_tiny_book(
        jupyter_book, tmp_path, HEADER + "\n```{code-cell} ipython3\n1 / 0\n```\n"
    )
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr


def test_a_broken_reference_fails_the_build(jupyter_book, tmp_path):
    result = build_tiny_book(jupyter_book, tmp_path, HEADER + "\nSee {ref}`no-such-label`.\n")
    assert result.returncode != 0
    assert "no-such-label" in result.stdout + result.stderr


def test_a_clean_tiny_book_passes(jupyter_book, tmp_path):
    """The control: the same build succeeds when nothing is wrong."""
    result = build_tiny_book(
        jupyter_book, tmp_path, HEADER + "\n```{code-cell} ipython3\n1 + 1\n```\n"
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    shutil.rmtree(tmp_path / "book" / "_build", ignore_errors=True)
