"""tools/mutation_report.py: the score table and its verdicts, on verdicts we write here."""

from __future__ import annotations

import subprocess
import sys

from booktest import ROOT

REPORT = ROOT / "tools" / "mutation_report.py"

RESULTS = """\
    nncode.losses.x_mse__mutmut_1: killed
    nncode.losses.x_mse__mutmut_2: killed
    nncode.losses.x_bce__mutmut_1: timeout
    nncode.losses.x_bce__mutmut_2: survived
    nncode.optim.xǁAdamǁstep__mutmut_1: killed
    nncode.optim.xǁAdamǁstep__mutmut_2: killed
"""


def report(tmp_path, equivalents: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "results.txt").write_text(RESULTS, encoding="utf-8")
    (tmp_path / "equivalents.txt").write_text(equivalents, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(REPORT), "--results", str(tmp_path / "results.txt"),
         "--equivalents", str(tmp_path / "equivalents.txt"), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_survivor_fails_its_module_and_is_named(tmp_path):
    run = report(tmp_path, "")
    assert run.returncode == 1
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()[2:4]}
    # losses: 4 mutants, 3 killed (a timeout counts), 1 survivor: 75 %
    assert rows["nncode.losses"] == ["4", "3", "0", "1", "75.0", "%"]
    assert rows["nncode.optim"] == ["2", "2", "0", "0", "100.0", "%"]
    assert "nncode.losses.x_bce__mutmut_2 survived" in run.stdout


def test_an_equivalent_mutant_with_its_reason_counts_as_killed(tmp_path):
    run = report(tmp_path, "nncode.losses.x_bce__mutmut_2: the clip bound is never reached\n")
    assert run.returncode == 0, run.stdout
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()[2:4]}
    assert rows["nncode.losses"] == ["4", "3", "1", "0", "100.0", "%"]


def test_a_stale_or_unexplained_entry_fails(tmp_path):
    stale = report(
        tmp_path, "nncode.losses.x_bce__mutmut_2: why\nnncode.losses.x_mse__mutmut_1: x\n"
    )
    assert (
        stale.returncode == 1
        and "x_mse__mutmut_1 is listed as equivalent but was killed" in stale.stdout
    )
    bare = report(tmp_path, "nncode.losses.x_bce__mutmut_2\n")
    assert bare.returncode != 0 and "give the reason" in bare.stderr


def test_a_glob_limits_the_table_and_the_threshold_applies(tmp_path):
    run = report(tmp_path, "", "nncode.optim*")
    assert run.returncode == 0 and "nncode.losses" not in run.stdout
    assert report(tmp_path, "", "--threshold", "70").returncode == 0


def test_survivors_are_listed_for_a_second_run(tmp_path):
    run = report(tmp_path, "", "--survivors")
    assert run.returncode == 0 and run.stdout == "nncode.losses.x_bce__mutmut_2\n"
    listed = report(tmp_path, "nncode.losses.x_bce__mutmut_2: equivalent\n", "--survivors")
    assert listed.stdout == ""
