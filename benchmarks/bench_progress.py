"""Progress store speed: what recording and reading cost the tutor and the CLI.

Recording happens after every check (it shares the interactive check's budget), and `list`,
the tutor's home screen and `progress` read statuses and views from a store that grows by one
row per attempt; so both are measured on a store with a realistic history (a class of learners,
months of attempts), in a throw-away folder.

    python benchmarks/bench_progress.py [--learners 30] [--attempts 400] [--repeat 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from timing import percentiles, timed  # benchmarks/timing.py

from exercises.loader import load_catalog
from grader.verdict import Verdict
from tutor.progress.store import ProgressStore

MISTAKES = (None, "transposed", "sign", "scale", "swapped", "shape")


def fill(store: ProgressStore, exercises: list, learners: int, attempts: int) -> None:
    """A class's history: each learner's attempts spread over the last 120 days."""
    rng = random.Random(1)
    now = dt.datetime.now(dt.UTC)
    for n in range(learners):
        for _ in range(attempts):
            exercise = rng.choice(exercises)
            passed = rng.random() < 0.4
            verdict = Verdict(
                exercise.qualified_id,
                "passed" if passed else "wrong",
                1.0 if passed else 0.0,
                "",
                mistake=None if passed else rng.choice(MISTAKES),
            )
            when = now - dt.timedelta(minutes=rng.randrange(120 * 24 * 60))
            store.record_verdict(
                f"learner{n:03d}",
                exercise,
                verdict,
                "y x^T" * 20,
                hints_used=rng.randrange(3),
                when=when,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--attempts", type=int, default=400, help="per learner")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--dir",
        type=Path,
        help="where to make the store (default: a temporary "
        "folder; fsync costs depend on the disk under it)",
    )
    args = parser.parse_args()
    catalog = load_catalog([], entry_points=False)
    exercises = catalog.exercises()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        store = ProgressStore(Path(folder) / "progress.sqlite3")
        start = time.perf_counter()
        fill(store, exercises, args.learners, args.attempts)
        total = args.learners * args.attempts
        filled = time.perf_counter() - start
        print(
            f"history: {total} attempts by {args.learners} learners in {filled:.2f} s "
            f"({total / filled:.0f} attempts/s, one transaction each)"
        )
        exercise = exercises[0]
        verdict = Verdict(exercise.qualified_id, "wrong", 0.0, "", mistake="transposed")
        recorded = timed(
            lambda: store.record_verdict("learner000", exercise, verdict, "x y^T"), args.repeat
        )
        print(f"{'record one attempt':<25} {percentiles(recorded)}")
        learner = "learner000"
        for name, fn in [
            ("statuses (list, home)", lambda: store.statuses(learner)),
            ("exercise_stats", lambda: store.exercise_stats(learner)),
            ("streak", lambda: store.streak(learner)),
            ("activity (30 days)", lambda: store.activity(learner, 30)),
            ("frequent_mistakes", lambda: store.frequent_mistakes(learner)),
            ("recent_attempts (10)", lambda: store.recent_attempts(learner, 10)),
            ("due_reviews", lambda: store.due_reviews(learner)),
            ("exercise_stats --all", lambda: store.exercise_stats(None)),
        ]:
            print(f"{name:<25} {percentiles(timed(fn, max(10, args.repeat // 4)))}")
        start = time.perf_counter()
        ProgressStore(store.path).close()
        print(f"open an existing store    {(time.perf_counter() - start) * 1000:7.3f} ms")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
