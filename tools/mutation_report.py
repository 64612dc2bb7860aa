"""The mutation score of every module after ``mutmut run`` (``make mutation`` runs this).

It reads mutmut's verdicts (``mutmut results --all true``) and the list of equivalent
mutants, ``tools/mutation_equivalents.txt``: one ``mutant name: reason`` per line, for a
mutant that changes the code but not what it computes, so that no test can kill it.
It prints one row per module and every survivor, and fails when a module scores below
the threshold, when a mutant of a module was not run yet, or when the list names a mutant
that is no longer a survivor (a stale entry: mutmut numbers the mutants of a function
again when the function changes, so check the new survivors with ``mutmut show NAME``).

score = (killed + timed out + listed as equivalent) / mutants

Usage: python tools/mutation_report.py [--threshold 95] [--equivalents FILE] [GLOB ...]
(a GLOB such as ``'nncode.losses*'`` limits the table to the modules it matches, as
``mutmut run GLOB`` limits the run).
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.txt"
KILLED = {"killed", "timeout", "caught by type check"}


def module_of(mutant: str) -> str:
    """``nncode.losses.x_bce__mutmut_3`` -> ``nncode.losses`` (methods are ``xǁClassǁname``)."""
    return re.split(r"\.xǁ|\.x_", mutant, maxsplit=1)[0]


def read_equivalents(path: Path) -> dict[str, str]:
    """``{mutant name: reason}`` from the list; a line without a reason is an error."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(":")
        if not reason.strip():
            raise SystemExit(f"{path.name}:{number}: give the reason after the name: {line!r}")
        found[name.strip()] = reason.strip()
    return found


def parse_results(text: str) -> dict[str, str]:
    """``{mutant name: status}`` from the lines ``name: status`` that mutmut prints."""
    verdicts = {}
    for line in text.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("nncode."):
            verdicts[name] = status.strip()
    return verdicts


def score_table(
    verdicts: dict[str, str], equivalents: dict[str, str], threshold: float
) -> tuple[list[str], list[str], list[str]]:
    """The table's lines, the survivors, and the problems that fail the run."""
    counts: dict[str, Counter] = defaultdict(Counter)
    problems, survivors = [], []
    for name, status in sorted(verdicts.items()):
        module = module_of(name)
        counts[module]["mutants"] += 1
        if status in KILLED:
            counts[module]["killed"] += 1
            if name in equivalents:
                problems.append(f"{name} is listed as equivalent but was killed: remove it")
        elif status == "not checked":
            counts[module]["not run"] += 1
        elif name in equivalents:
            counts[module]["equivalent"] += 1
        else:
            counts[module]["survived"] += 1
            survivors.append(f"{name} {status}: kill it with a test (mutmut show {name})")
    stale = [n for n in equivalents if n not in verdicts and module_of(n) in counts]
    problems += [f"{n} is listed as equivalent but no longer exists: remove it" for n in stale]
    width = max([len("module"), *(len(m) for m in counts)]) + 2  # the longest module name
    head = f"{'module':<{width}}{'mutants':>8}{'killed':>8}{'equiv.':>8}{'survived':>9}{'score':>8}"
    lines = [head, "-" * len(head)]
    for module, c in sorted(counts.items()):
        if c["not run"]:
            problems.append(f"{module}: {c['not run']} mutants were not run yet (mutmut run)")
            score_text = "not run"
        else:
            score = 100.0 * (c["killed"] + c["equivalent"]) / c["mutants"]
            score_text = f"{score:.1f} %"
            if score < threshold:
                problems.append(f"{module} scores {score:.1f} %, below {threshold:g} %")
        lines.append(
            f"{module:<{width}}{c['mutants']:>8}{c['killed']:>8}{c['equivalent']:>8}"
            f"{c['survived']:>9}{score_text:>8}"
        )
    return lines, survivors, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("globs", nargs="*", help="report only the modules these mutants are in")
    parser.add_argument("--threshold", type=float, default=95.0, help="minimum score, in %%")
    parser.add_argument("--equivalents", type=Path, default=EQUIVALENTS)
    parser.add_argument("--results", type=Path, help="read this saved output of mutmut results")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="only print the names of the survivors not listed as equivalent, one per line "
        "(mutmut keeps a verdict until the function changes: `mutmut run NAME...` tests "
        "them again against new tests)",
    )
    args = parser.parse_args(argv)
    if args.results:
        text = args.results.read_text(encoding="utf-8")
    else:
        mutmut = Path(sys.executable).with_name("mutmut")
        text = subprocess.run(
            [str(mutmut), "results", "--all", "true"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    verdicts = parse_results(text)
    if args.globs:
        modules = {module_of(n) for n in verdicts if any(fnmatch.fnmatch(n, g) for g in args.globs)}
        verdicts = {n: s for n, s in verdicts.items() if module_of(n) in modules}
    equivalents = read_equivalents(args.equivalents)
    if args.survivors:
        for name, status in sorted(verdicts.items()):
            if status not in KILLED and status != "not checked" and name not in equivalents:
                print(name)
        return 0
    if not verdicts:
        print("mutation report: no mutants found; run `make mutation` first")
        return 1
    lines, survivors, problems = score_table(verdicts, equivalents, args.threshold)
    print("\n".join(lines))
    for line in survivors + problems:
        print(f"  {line}")
    print(f"mutation report: {'FAILED' if problems else 'every module'} at >= {args.threshold:g} %")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
