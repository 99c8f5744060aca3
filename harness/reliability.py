"""`make fiabilite`: the suite run N times in random order, in parallel, and the
scenarios that did not give the same result every time.

Each run is `pytest steps -n 2 -p randomly --randomly-seed=<seed>` (pytest-randomly
shuffles the scenarios, the same order in every worker), with its JUnit report in
a temporary directory (reports/ is left alone) and no second run with tracing
(`--sans-trace`). A scenario is unstable when its outcomes differ between runs;
one that fails in every run is reported apart (a failure, not a flake). Each
seed is printed, so an unstable order can be replayed with `--randomly-seed`.

Exit code: 0 when every scenario gave the same result in every run and none
failed, 1 otherwise, 2 for a bad command line.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def outcomes(junit: Path) -> dict[str, str]:
    """test id -> passed, failed, skipped (an error counts as failed)."""
    found: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            found[test_id] = "failed"
        elif case.find("skipped") is not None:
            found[test_id] = "skipped"
        else:
            found[test_id] = "passed"
    return found


def compare(runs: list[dict[str, str]]) -> tuple[dict[str, list[str]], list[str]]:
    """(unstable: test id -> its outcome in each run, '-' when absent; always failing)."""
    by_test: dict[str, list[str]] = defaultdict(lambda: ["-"] * len(runs))
    for n, run in enumerate(runs):
        for test_id, outcome in run.items():
            by_test[test_id][n] = outcome
    unstable = {t: o for t, o in sorted(by_test.items()) if len(set(o)) > 1}
    failing = sorted(t for t, o in by_test.items() if set(o) == {"failed"})
    return unstable, failing


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(seed: int, workers: str, paths: list[str], workdir: Path) -> tuple[dict[str, str], float, float]:
    junit = workdir / f"junit-{seed}.xml"
    command = [sys.executable, "-m", "pytest", *paths, "-n", workers, "-p", "randomly", f"--randomly-seed={seed}",
               "-q", "--sans-trace", f"--junitxml={junit}", f"--cucumber-report={workdir / f'cucumber-{seed}.json'}",
               f"--output={workdir / f'traces-{seed}'}"]
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    if not junit.exists():
        raise RuntimeError(f"le passage de graine {seed} n'a pas écrit de rapport JUnit "
                           f"(relancez : {' '.join(command[2:])})")
    return outcomes(junit), wall, _children_cpu() - cpu


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"entier attendu, pas « {text} »") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"au moins 1, pas {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.reliability",
                                     description="Rejoue la suite N fois en ordre aléatoire et liste les scénarios "
                                                 "instables.")
    parser.add_argument("--fois", type=_positive, default=10, help="nombre de passages (défaut 10)")
    parser.add_argument("--travailleurs", default="2", help="processus pytest-xdist par passage (défaut 2)")
    parser.add_argument("--graine", type=int, default=int(time.time()) % 100_000,
                        help="graine du premier passage (les suivants : +1, +2…)")
    parser.add_argument("chemins", nargs="*", default=["steps"], help="ce que pytest joue (défaut : steps)")
    args = parser.parse_args(argv)

    runs: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="fiabilite-") as tmp:
        for n in range(args.fois):
            seed = args.graine + n
            result, wall, cpu = run_once(seed, args.travailleurs, args.chemins, Path(tmp))
            failed = sum(o == "failed" for o in result.values())
            print(f"passage {n + 1}/{args.fois}, graine {seed} : {len(result)} tests, {failed} en échec, "
                  f"{wall:.0f} s, {cpu:.0f} s CPU", flush=True)
            runs.append(result)
    unstable, failing = compare(runs)
    seeds = f"{args.graine}…{args.graine + args.fois - 1}"
    print(f"\n{args.fois} passages en ordre aléatoire (-n {args.travailleurs}, graines {seeds}) : "
          f"{len(set().union(*runs))} tests, {len(unstable)} instable(s), {len(failing)} toujours en échec.")
    for test_id, per_run in unstable.items():
        print(f"  instable : {test_id} — " + ", ".join(per_run))
    for test_id in failing:
        print(f"  toujours en échec : {test_id}")
    return 1 if unstable or failing else 0


if __name__ == "__main__":
    sys.exit(main())
