"""nncode as a package an instructor installs: `python -m build` makes a wheel and an sdist
that hold the package and nothing of the book; the wheel installs in a fresh virtual
environment and runs the README's example; the metadata is complete and the version has
one source."""

from __future__ import annotations

import email.parser
import itertools
import re
import subprocess
import tarfile
import zipfile

import pytest
import tomllib
import yaml
from booktest import ROOT, fresh_venv, pip_install

import nncode

# What belongs to the book, not to the package: none of it may ship in the wheel.
NOT_PACKAGE = ("tests/", "assets/", "tools/", "book/", "binder/", "mk/", "node_modules/")


def wheel_names(wheel) -> list[str]:
    return zipfile.ZipFile(wheel).namelist()


def wheel_metadata(wheel) -> email.message.Message:
    (name,) = [n for n in wheel_names(wheel) if n.endswith(".dist-info/METADATA")]
    return email.parser.Parser().parsestr(zipfile.ZipFile(wheel).read(name).decode())


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


# ---------------------------------------------------------------- what the archives hold
def test_wheel_contains_every_module(nncode_dist):
    in_wheel = {n for n in wheel_names(nncode_dist["wheel"]) if n.endswith(".py")}
    in_tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nncode").rglob("*.py")}
    assert in_tree <= in_wheel, f"missing from the wheel: {sorted(in_tree - in_wheel)}"
    assert "nncode/py.typed" in wheel_names(nncode_dist["wheel"])


def test_wheel_holds_the_package_and_nothing_of_the_book(nncode_dist):
    version = nncode.__version__
    names = wheel_names(nncode_dist["wheel"])
    foreign = [n for n in names if not n.startswith(("nncode/", f"nncode-{version}.dist-info/"))]
    assert not foreign, foreign
    assert not [n for n in names for part in NOT_PACKAGE if f"/{part}" in f"/{n}"]
    assert f"nncode-{version}.dist-info/licenses/LICENSE" in names


def test_sdist_holds_the_sources_of_the_package_only(nncode_dist):
    with tarfile.open(nncode_dist["sdist"]) as tar:
        names = [m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name]
    for needed in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "nncode/network.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(NOT_PACKAGE)]


# ---------------------------------------------------------------- metadata and version
def test_wheel_metadata_is_complete(nncode_dist):
    meta = wheel_metadata(nncode_dist["wheel"])
    assert meta["Name"] == "nncode"
    assert meta["Version"] == nncode.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["Keywords"] and "backpropagation" in meta["Keywords"]
    assert meta["Author"] or meta["Author-email"]
    classifiers = meta.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Intended Audience :: Education" in classifiers
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls["Source"] == repository_url()
    assert {"Homepage", "Issues", "Changelog"} <= set(urls)
    assert meta["Description-Content-Type"] == "text/markdown"
    requires = meta.get_all("Requires-Dist")
    assert any(r.startswith("numpy") for r in requires)
    # the extra that a chapter notebook's first cell installs
    assert "book" in meta.get_all("Provides-Extra")
    book = [r for r in requires if 'extra == "book"' in r]
    assert {re.split(r"[<>=;\s]", r)[0] for r in book} == {"matplotlib", "scikit-learn", "myst-nb"}


def test_the_version_has_one_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "nncode.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", nncode.__version__)
    # the citation and the changelog name the same release
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == nncode.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(
        r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.MULTILINE
    )
    assert releases, "CHANGELOG.md lists no release as `## [X.Y.Z] - YYYY-MM-DD`"
    assert releases[0][0] == nncode.__version__
    assert str(cff["date-released"]) == releases[0][1]


def test_the_readme_documents_the_install_from_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f'pip install "nncode @ git+{repository_url()}"' in readme


# ---------------------------------------------------------------- a fresh install
def readme_example() -> str:
    """The Python example of the README's section on nncode (the first ```python block
    after the heading that names `pip install`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Install nncode", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_runs_the_readme_example(nncode_dist, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, str(nncode_dist["wheel"]))
    workdir = tmp_path / "elsewhere"  # not the repository: nncode must come from the wheel
    workdir.mkdir()
    script = "import nncode, sys; print('FROM', nncode.__file__, nncode.__version__)\n"
    result = subprocess.run(
        [str(python), "-c", script + readme_example()],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    where = next(ln for ln in result.stdout.splitlines() if ln.startswith("FROM"))
    assert str(tmp_path / "venv") in where and where.endswith(nncode.__version__)
    losses = [float(v) for v in re.findall(r"loss = ([0-9.]+)", result.stdout)]
    assert len(losses) >= 5, result.stdout
    assert all(b < a for a, b in itertools.pairwise(losses)), losses  # training lowers the loss
