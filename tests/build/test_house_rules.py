"""The rules of the repository that no single tool checks: the test suite's layout and skip
policy, the Makefile's help and its one-run-per-check `make test`, and no reference to a
file outside the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from booktest import ROOT, require

TESTS = ROOT / "tests"
TIERS = ("unit", "build", "site", "browser", "pdf")
# Only tests/booktest.py (require) may decide to skip.
SKIPS = re.compile(r"pytest\.skip\(|importorskip|mark\.skip(if)?\b|NNBOOK_REQUIRE\b")


def all_test_files() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def test_every_test_file_sits_in_a_tier_folder():
    files = all_test_files()
    assert len(files) > 20
    outside = [f for f in files if f.relative_to(TESTS).parts[0] not in TIERS]
    assert not outside, outside


def test_test_files_have_unique_basenames():
    names = [f.name for f in TESTS.rglob("*.py") if f.name != "conftest.py"]
    assert sorted(names) == sorted(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_helpers_are_imported_by_name_never_from_conftest():
    """Each tier has its own conftest.py: `from conftest import ...` would be ambiguous."""
    found = [
        f"{f.relative_to(ROOT)}:{n}"
        for f in TESTS.rglob("*.py")
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(r"\s*(from conftest import|import conftest\b)", line)
    ]
    assert not found, found


def test_one_skip_policy():
    """Every missing dependency goes through booktest.require, which fails under `make test`."""
    found = [
        f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
        for f in TESTS.rglob("*.py")
        if f.name not in ("booktest.py", "test_house_rules.py")
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
        if SKIPS.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_skip_pattern_sees_a_skip():
    assert SKIPS.search('torch = pytest.importorskip("torch")')
    assert SKIPS.search("@pytest.mark.skipif(sys.platform == 'win32', reason='')")
    assert SKIPS.search('    pytest.skip("no site")')
    assert not SKIPS.search('if change.get("skip_last"):')


def test_git_ignores_no_test_file():
    """A test file that .gitignore hides (such as the old `build/` pattern, which matched
    tests/build/) would pass here and be missing from every clone."""
    require(shutil.which("git") and (ROOT / ".git").exists(), "a git checkout with git")
    files = [str(f.relative_to(ROOT)) for f in TESTS.rglob("*.py")]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "", result.stdout  # check-ignore prints every ignored path


# ---------------------------------------------------------------- the Makefile
def make(*args: str) -> str:
    require(shutil.which("make"), "GNU make")
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def phony_targets() -> list[str]:
    """Every target declared .PHONY in the Makefile and in mk/*.mk."""
    targets = []
    for path in [ROOT / "Makefile", *sorted((ROOT / "mk").glob("*.mk"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(".PHONY:"):
                targets += line.removeprefix(".PHONY:").split()
    return targets


def test_make_help_lists_every_target_on_one_line():
    lines = make("help").splitlines()
    listed = [line.split()[1] for line in lines]
    targets = phony_targets()
    assert {"help", "book", "check", "test", "html", "pdf", "live", "bench", "clean"} <= set(
        targets
    )
    assert sorted(listed) == sorted(set(listed)), "a target is listed twice"
    assert sorted(listed) == sorted(set(targets)), set(listed) ^ set(targets)
    for line in lines:
        assert re.fullmatch(r"make \S+ +\S.*", line), line  # a description on the same line


def dry_run(target: str) -> list[str]:
    """The commands `make TARGET` would run on a fresh clone (sub-makes replaced by `true`)."""
    return make("-n", "-B", target, "MAKE=true").splitlines()


def count(commands: list[str], pattern: str) -> int:
    return sum(1 for c in commands if re.search(pattern, c))


def test_make_test_runs_every_check_once():
    commands = dry_run("test")
    assert count(commands, r"-m pytest") == 1  # every tier, in one run
    assert count(commands, r"ruff check ") == 1
    assert count(commands, r"ruff format --check ") == 1
    assert count(commands, r"mypy ") == 1
    assert count(commands, r"build \. --builder html -W") == 1  # the site
    assert count(commands, r"--builder html") == 1  # one site: live code uses it too
    assert count(commands, r"--builder pdflatex") == 1  # the PDF
    # the workflows and the citation are checked inside pytest (tests/build/test_repo_meta.py)
    assert count(commands, r"check\.mjs|check_citation") == 0


def test_make_check_is_lint_types_and_the_unit_tier():
    commands = dry_run("check")
    assert count(commands, r"-m pytest tests/unit\b") == 1
    assert count(commands, r"-m pytest") == 1
    assert count(commands, r"ruff check ") == count(commands, r"mypy ") == 1
    assert count(commands, r"jupyter-book|npm ") == 0  # nothing is built


def test_make_live_serves_the_one_built_site():
    commands = dry_run("live")
    assert count(commands, r"--builder html") == 1
    assert count(commands, r"live_serve\.py _build/html ") == 1
    assert count(commands, r"npm pack --silent thebe@") == 1  # thebe, for every build


@pytest.mark.parametrize("target", ["pdf", "live", "html"])
def test_every_book_build_makes_the_book_prerequisites_first(target):
    """A fragment read before mk/r.mk must still get the R kernel (a fresh clone's
    `make pdf` failed with "No such kernel named ir")."""
    commands = dry_run(target)
    build = next(n for n, c in enumerate(commands) if "jupyter-book build" in c)
    kernel = next(n for n, c in enumerate(commands) if "IRkernel::installspec" in c)
    data = next(n for n, c in enumerate(commands) if "nncode.r_bridge" in c)
    assert kernel < build and data < build


# ---------------------------------------------------------------- the repository stands alone
def test_nothing_refers_to_files_outside_the_repository():
    require(shutil.which("git") and (ROOT / ".git").exists(), "a git checkout with git")
    pattern = "BOOK" + "_SPEC|\\.\\./" + "shared"  # written so that this file does not match
    result = subprocess.run(
        ["git", "grep", "-n", "-E", pattern],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout  # 1: no match
