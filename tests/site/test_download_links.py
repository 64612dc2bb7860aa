"""The chapter pages offer what a reader takes away: the chapter as a notebook, and the
links to its source on the repository, to Binder and to the issue tracker."""

from __future__ import annotations

import re

import pytest
import yaml
from booktest import ROOT, code_cells, lazy_module, notebook_chapters

jupytext = lazy_module("jupytext", "jupytext (requirements.txt)")
nbformat = lazy_module("nbformat", "nbformat (requirements.txt, with myst-nb)")

EXECUTED = "book/part4/walkthrough"


@pytest.mark.parametrize("page", notebook_chapters())
def test_site_offers_the_chapter_as_ipynb(page, site):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    link = re.search(r'href="((?!https?:)[^"]+\.ipynb)"', html)  # not Colab's link
    assert link, f"{page}: no .ipynb in the download menu"
    target = (site / page).parent / link.group(1)
    assert target.resolve() == (site / "_sources" / f"{page}.ipynb").resolve()
    downloaded = nbformat.read(target, as_version=4)
    nbformat.validate(downloaded)
    chapter = code_cells(jupytext.read(ROOT / f"{page}.md"))
    if downloaded.metadata["kernelspec"]["language"] == "python":
        # first the cell that installs nncode where it is missing (nnbook_launch), unrun
        first = downloaded.cells[0]
        assert first["id"] == "nncode-install" and not first.outputs
        assert "pip" in first.source and code_cells(downloaded)[1:] == chapter
    else:
        assert code_cells(downloaded) == chapter


@pytest.mark.parametrize("page", notebook_chapters())
def test_every_chapter_opens_in_colab(page, site):
    """The launch menu links the chapter's notebook on the branch that the workflow
    .github/workflows/notebooks.yml publishes (tests/build/test_colab_notebooks.py)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    owner_name = config["repository"]["url"].rstrip("/").split("github.com/", 1)[1]
    colab = f"https://colab.research.google.com/github/{owner_name}/blob/notebooks/{page}.ipynb"
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f'href="{colab}"' in html


def test_launch_repository_edit_and_issue_buttons(site):
    """The chapter page links its source on the repository, Binder and the issue tracker."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].rstrip("/")
    branch = config["repository"]["branch"]
    owner_name = repo.split("github.com/", 1)[1]
    page = f"{EXECUTED}"
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="(https://[^"]+)"', html))
    assert repo in links
    assert f"{repo}/edit/{branch}/{page}.md" in links
    assert any(u.startswith(f"{repo}/issues/new?") for u in links)
    binder = config["launch_buttons"]["binderhub_url"].rstrip("/")
    assert f"{binder}/v2/gh/{owner_name}/{branch}?urlpath=lab/tree/{page}.md" in links
    assert "initThebeSBT()" in html  # the "Live Code" button
