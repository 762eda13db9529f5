"""What kernel confinement costs a batch (budget: at most 15 % of throughput), A/B in one run.

The class of ``bench_batch`` is graded by cold ``grade --jobs 2`` processes, alternating: the
kernel level (namespaces, the run slot's uid, Landlock, seccomp) and the process level of the
same code (``BACKPROP_TUTOR_SANDBOX=process``); with ``--against PYTHON``, also the interpreter
of another checkout (e.g. a clone of the commit before a change, with its own ``.venv``).
Alternating pairs keep a VM's drifting speed out of the comparison.

    python benchmarks/bench_isolation.py [--count 1000] [--pairs 6] [--against .../python]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import make_class, time_grade  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=0.5)
    parser.add_argument("--against", help="python of another checkout to time as well")
    args = parser.parse_args()
    contenders = {
        "kernel": (sys.executable, dict(os.environ)),
        "process": (sys.executable, {**os.environ, "BACKPROP_TUTOR_SANDBOX": "process"}),
    }
    if args.against:
        contenders["against"] = (args.against, dict(os.environ))
    times: dict[str, list[float]] = {name: [] for name in contenders}
    with tempfile.TemporaryDirectory(prefix="bench-isolation-") as tmp:
        root = Path(tmp) / "class"
        root.mkdir()
        make_class(root, args.count)
        statuses = {}
        for _ in range(args.pairs):
            for name, (python, env) in contenders.items():
                elapsed, report = time_grade(root, args.jobs, args.timeout, python=python, env=env)
                times[name].append(elapsed)
                statuses[name] = Counter(
                    (r["status"], r.get("isolation", "?")) for r in report["results"]
                )
    for name, samples in times.items():
        mean = statistics.mean(samples)
        print(
            f"{name:8s} mean {mean:.2f} s  -> {args.count / mean:.0f} submissions/s "
            f"(runs: {', '.join(f'{s:.2f}' for s in samples)})"
        )
        print(f"         verdicts: {dict(statuses[name])}")
    base = statistics.mean(times["process"])
    cost = statistics.mean(times["kernel"]) / base - 1
    print(f"kernel level costs {cost:+.1%} wall time against the process level")
    if args.against:
        cost = statistics.mean(times["kernel"]) / statistics.mean(times["against"]) - 1
        print(f"kernel level costs {cost:+.1%} wall time against {args.against}")


if __name__ == "__main__":
    main()
