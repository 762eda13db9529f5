"""Family speed (budgets: drawing a variant and its first warm check <= 50 ms p50; cold
`backprop-tutor check EX --variant N --answer ...` process <= 1 s).

"Draw + first check" is what the tutor does when a learner meets a fresh variant: draw the
cost, derive its answer and wrong answers (symbolic reverse mode, finite-difference check),
then grade one answer, with the grader already imported (warm process) but nothing about the
variant cached. Each built-in family contributes the same number of fresh variant numbers.

    python benchmarks/bench_families.py [--variants 40] [--cold 6]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import percentiles  # benchmarks/timing.py

from exercises.loader import load_catalog
from grader.expr.check import check_expression
from grader.family.variant import variant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=40, help="fresh variants per family")
    parser.add_argument("--cold", type=int, default=6)
    args = parser.parse_args()
    families = [e for e in load_catalog(entry_points=False).exercises() if e.family]
    warmup = variant(families[0], 999_999)  # imports and caches that are per process
    check_expression(warmup, warmup.expression.expected[0])

    fresh, by_family = [], {}
    for family in families:
        times = []
        for n in range(10_000, 10_000 + args.variants):
            start = time.perf_counter()
            v = variant(family, n)
            check_expression(v, v.derived.slips[0].expression)
            times.append(time.perf_counter() - start)
        by_family[family.qualified_id] = times
        fresh += times
    for qid, times in by_family.items():
        print(f"  {qid:<28} draw + first check {percentiles(times)}")
    print(f"draw a variant + first warm check      {percentiles(fresh)}   [budget p50 50 ms]")

    exe = Path(sys.executable).with_name("backprop-tutor")
    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BACKPROP_TUTOR_DB": str(Path(tmp) / "p.sqlite3"),
            "BACKPROP_TUTOR_LEARNER": "bench",
        }
        for i in range(args.cold):
            family = families[i % len(families)]
            answer = variant(family, 20_000 + i).expression.expected[0]
            start = time.perf_counter()
            subprocess.run(
                [
                    str(exe),
                    "check",
                    family.qualified_id,
                    "--variant",
                    str(20_000 + i),
                    "--answer",
                    answer,
                ],
                env=env,
                capture_output=True,
                check=False,
            )
            cold.append(time.perf_counter() - start)
    print(f"cold `check EX --variant N --answer`   {percentiles(cold)}   [budget 1 s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
