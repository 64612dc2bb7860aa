"""Sphinx extension, and the converter behind it: every chapter opens in Colab, and every
chapter notebook a reader takes away installs nncode where it is missing.

- **Colab.** Colab opens ``.ipynb`` files from a GitHub repository, not MyST Markdown. The
  workflow ``.github/workflows/notebooks.yml`` converts the chapters on each push to
  ``main`` (``python tools/notebooks.py OUT``, which calls ``chapter_notebook`` below) and
  publishes them on the branch ``NOTEBOOKS_BRANCH``, at the chapters' own paths. This
  extension adds "Colab" to the launch menu (the rocket) of every chapter page, linking
  ``https://colab.research.google.com/github/OWNER/REPO/blob/notebooks/PAGE.ipynb``.
- **The install cell.** The first cell of each converted Python chapter, and of the
  executed notebook of the page's download menu, installs ``nncode[book]`` from the
  repository when ``nncode`` (or a library the chapter imports) is missing, and does
  nothing where it is present. The environment variable ``NNCODE_REQUIREMENT`` replaces
  what pip installs (a local wheel, a fork, a tag): the tests point it at the wheel they
  build.
- **Links for the live-code fallback.** Each chapter page carries its Binder, Colab and
  download links as JSON (``<script id="nn-launch-links">``), which ``assets/live.js``
  offers when live code cannot start.

Importable without Sphinx (the workflow installs only jupytext and PyYAML).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOTEBOOKS_BRANCH = "notebooks"
COLAB = "https://colab.research.google.com/github"
INSTALL_ENV = "NNCODE_REQUIREMENT"
INSTALL_CELL_ID = "nncode-install"
LINKS_ID = "nn-launch-links"
# The modules of `nncode[book]`: their import names (pyproject.toml's extra "book")
BOOK_MODULES = ("nncode", "myst_nb", "matplotlib", "sklearn")
TORCH_CPU = "pip install torch --index-url https://download.pytorch.org/whl/cpu"


# ---------------------------------------------------------------- the notebooks
def imported_modules(source: str) -> set[str]:
    """The top-level modules a cell's source imports (IPython magics and shell lines left
    out)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    names = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def github_parts(repository_url: str) -> tuple[str, str]:
    """``("owner", "repo")`` of a ``https://github.com/owner/repo`` URL."""
    if "github.com/" not in repository_url:
        raise ValueError(
            f"repository url {repository_url!r}: expected https://github.com/OWNER/REPO"
        )
    owner, repo = repository_url.rstrip("/").split("github.com/", 1)[1].split("/")[:2]
    return owner, repo


def colab_url(repository_url: str, page: str) -> str:
    """The Colab link of a chapter (``page`` without suffix, e.g. ``book/part4/walkthrough``)."""
    owner, repo = github_parts(repository_url)
    return f"{COLAB}/{owner}/{repo}/blob/{NOTEBOOKS_BRANCH}/{page}.ipynb"


def install_cell_source(repository_url: str, modules: set[str]) -> str:
    """The source of the first cell of a Python chapter that imports ``modules``."""
    needed = [m for m in BOOK_MODULES if m == "nncode" or m in modules]
    requirement = f"nncode[book] @ git+{repository_url.rstrip('/')}"
    lines = [
        "# Run this cell first. Where nncode, the book's package, or a library this chapter",
        "# imports is missing (on Colab, for example), it installs them with pip; where they",
        f"# are present it does nothing. Set {INSTALL_ENV} to install another nncode (a wheel).",
        "import importlib.util",
        "import os",
        "import subprocess",
        "import sys",
        "",
        f"if any(importlib.util.find_spec(m) is None for m in {needed!r}):",
        f'    requirement = os.environ.get("{INSTALL_ENV}", "{requirement}")',
        '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", requirement], check=True)',
        "    importlib.invalidate_caches()",
    ]
    if "torch" in modules:
        lines += [
            'if importlib.util.find_spec("torch") is None:',
            f'    print("This chapter also needs PyTorch (CPU is enough): {TORCH_CPU}")',
        ]
    return "\n".join(lines)


def with_install_cell(nb: Any, repository_url: str) -> Any:
    """``nb`` (an nbformat notebook) with the install cell first, once (Python kernels
    only; a notebook that already has it is returned as it is)."""
    if nb.metadata.get("kernelspec", {}).get("language") != "python":
        return nb
    if nb.cells and nb.cells[0].get("id") == INSTALL_CELL_ID:
        return nb
    import nbformat

    modules: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            modules |= imported_modules(cell.source)
    cell = nbformat.v4.new_code_cell(install_cell_source(repository_url, modules))
    cell["id"] = INSTALL_CELL_ID
    cell.metadata["tags"] = [INSTALL_CELL_ID]
    nb.cells.insert(0, cell)
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):
        nb.nbformat_minor = 5  # cell ids
    return nb


def chapter_notebook(source: Path, repository_url: str) -> Any:
    """A chapter (MyST Markdown with a jupytext header) as a notebook without outputs, the
    install cell first."""
    import jupytext

    return with_install_cell(jupytext.read(source), repository_url)


# ---------------------------------------------------------------- the site
def _launch_group(context: dict) -> dict | None:
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            return group
    return None


def add_colab_and_links(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Add Colab to the chapter's launch menu, the install cell to its downloadable
    notebook, and the fallback links as JSON (after the theme's launch buttons)."""
    group = _launch_group(context)
    repository = app.config.nnbook_repository_url
    if group is None or not repository:
        return
    colab = colab_url(repository, pagename)
    group["buttons"].append(
        {
            "type": "link",
            "text": "Colab",
            "tooltip": "Open this chapter as a notebook in Google Colab",
            "icon": "_static/images/logo_colab.png",
            "url": colab,
            "label": "colab-button",
        }
    )
    links: dict[str, str] = {"colab": colab}
    binder = [b["url"] for b in group["buttons"] if b.get("text") == "Binder"]
    if binder:
        links["binder"] = binder[0]
        launch = (app.config.html_theme_options or {}).get("launch_buttons", {})
        links["binderhub"] = str(launch.get("binderhub_url", "")).rstrip("/")
    ipynb = context.get("ipynb_source")
    if ipynb:
        links["download"] = f"{context['pathto']('_sources', 1)}/{ipynb}"
        _add_install_cell(Path(app.outdir) / "_sources" / ipynb, repository)
    body = json.dumps(links).replace("</", "<\\/")
    # on the builder, not on the app: the builder forgets it after this page
    app.builder.add_js_file(None, body=body, type="application/json", id=LINKS_ID)  # type: ignore[attr-defined]


def _add_install_cell(path: Path, repository_url: str) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if nb.cells and nb.cells[0].get("id") == INSTALL_CELL_ID:
        return
    nbformat.write(with_install_cell(nb, repository_url), path)


def _repository(app: Sphinx, config: Any) -> None:
    if not config.nnbook_repository_url:
        theme = config.html_theme_options or {}
        config.nnbook_repository_url = theme.get("repository_url", "")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("nnbook_repository_url", "", "html")
    app.connect("config-inited", _repository)
    app.connect("html-page-context", add_colab_and_links, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
