"""Convert every chapter into a Jupyter notebook, as Colab and the notebooks branch get them.

    python tools/notebooks.py OUT

writes OUT/<page>.ipynb for each chapter of `_toc.yml` that is a notebook (a MyST Markdown
file with a jupytext header and a kernelspec), at the chapter's own path, with no outputs
(the notebooks are run by the reader; the site's download menu has the executed ones),
and, in a Python chapter, the install cell first (tools/sphinx_ext/nnbook_launch.py).
The workflow .github/workflows/notebooks.yml runs it on each push to `main` and publishes
OUT on the branch `notebooks`, which the chapters' Colab buttons open. Needs jupytext
and PyYAML only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "sphinx_ext"))
import nnbook_launch


def notebook_pages(root: Path = ROOT) -> list[str]:
    """The pages of `_toc.yml` (root first) whose source has a kernelspec, without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    pages += re.findall(r"file:\s*(\S+)", (root / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for page in pages:
        text = (root / f"{page}.md").read_text(encoding="utf-8")
        header = text.split("\n---", 1)[0] if text.startswith("---") else ""
        if re.search(r"^kernelspec:", header, re.MULTILINE):
            found.append(page)
    return found


def repository_url(root: Path = ROOT) -> str:
    """The repository of `_config.yml` (``repository.url``)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return str(config["repository"]["url"]).rstrip("/")


def convert(out: Path, root: Path = ROOT) -> list[Path]:
    """Write every chapter notebook under ``out``; the paths written."""
    import jupytext

    url = repository_url(root)
    written = []
    for page in notebook_pages(root):
        target = out / f"{page}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(nnbook_launch.chapter_notebook(root / f"{page}.md", url), target)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the notebooks into")
    args = parser.parse_args()
    written = convert(args.out)
    print(f"{len(written)} chapter notebooks written under {args.out}")


if __name__ == "__main__":
    main()
