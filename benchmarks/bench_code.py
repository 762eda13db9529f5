"""Code grading speed (budgets: warm check p50 <= 20 ms, cold `backprop-tutor check` <= 1 s).

Warm: one ``grader.engine.Engine`` kept open, as inside the TUI; every check still forks a
fresh child of the fork server, draws fresh inputs, runs the reference and compares. Cold: a
new ``backprop-tutor check EXERCISE FILE`` process each time (interpreter start, catalog, fork
server start, check, recording the attempt) with a throw-away progress store. Submissions are
correct answers written as learners write them (tests/data/code). Peak RSS is this process's
(the grader side: engine, references, inputs), from ``resource.getrusage``.

    python benchmarks/bench_code.py [--repeat 200] [--cold 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import percentiles  # benchmarks/timing.py

from exercises.loader import load_catalog
from grader.engine import Engine

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "code"
CASES = {
    "adjoints/matmul-backward": DATA / "adjoints__matmul-backward" / "right_tensordot.py",
    "mlp/backward": DATA / "mlp__backward" / "right_loop_lists.py",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--cold", type=int, default=10)
    args = parser.parse_args()
    catalog = load_catalog()
    failures = 0
    with Engine() as engine:
        for qid, path in CASES.items():
            exercise, source = catalog.find(qid), path.read_text(encoding="utf-8")
            engine.check(exercise, source)  # the fork server starts on the first check
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                verdict = engine.check(exercise, source)
                samples.append(time.perf_counter() - start)
                failures += not verdict.passed
            print(f"warm check {qid:28} {percentiles(samples, 2)}   [budget p50 20 ms]")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the grader process        {peak:7.1f} MB")

    exe = Path(sys.executable).with_name("backprop-tutor")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BACKPROP_TUTOR_DB": str(Path(tmp) / "p.sqlite3"),
            "BACKPROP_TUTOR_LEARNER": "bench",
        }
        for qid, path in CASES.items():
            cold = []
            for _ in range(args.cold):
                start = time.perf_counter()
                run = subprocess.run(
                    [str(exe), "check", qid, str(path)], env=env, capture_output=True, check=False
                )
                cold.append(time.perf_counter() - start)
                failures += run.returncode != 0
            print(f"cold check {qid:28} {percentiles(cold, 2)}   [budget 1 s]")
    if failures:
        print(f"{failures} checks of correct submissions did not pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
