"""Expression grading speed (budgets: warm check p50 <= 30 ms, preview <= 10 ms per keystroke,
cold `backprop-tutor check ... --answer` process <= 1 s).

Answers are a realistic mix for the built-in expression exercises (right ones in several
notations, declared and generic mistakes, syntax and shape errors) plus hostile inputs. Warm
figures reuse the per-exercise cache as the TUI does; cold figures start a fresh process each
time with a throw-away progress store.

    python benchmarks/bench_expr.py [--repeat 200] [--cold 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from timing import percentiles, timed  # benchmarks/timing.py

from exercises.loader import load_catalog
from grader.expr.check import check_expression
from grader.expr.preview import preview

ANSWERS = {
    "matrix-calculus/linear-yax": [
        "y x^T",
        "yxᵀ",
        "x y^T",
        "y^T x",
        "2 y x^T",
        "A y",
        "A^T y x^",
        "(x y')'",
    ],
    "mlp/delta-hidden": [
        "σ'(z^l) ⊙ ((W^{l+1})^T δ^{l+1})",
        "sigma'(z_l) .* (W_{l+1}' delta^{l+1})",
        "diag(σ'(z^l)) (W^{l+1})^T δ^{l+1}",
        "(W^{l+1})^T δ^{l+1}",
        "σ'(z^l) ⊙ (W^{l+1})^T δ^{l+1}",
        "σ(z^l)",
    ],
    "adjoints/lemma-grad-w": [
        "(λ ∘ f'(W z)) z^T",
        "z (λ ∘ f'(W z))^T",
        "λ z^T",
        r"\left[ \lambda \odot f'(W z) \right] z^\top",
    ],
    "adjoints/lambda-recursion": [
        "W_3^T ((z_3 - y) ∘ f_3'(W_3 z_2))",
        "W3' ((z3 - y) .* f3'(W3 z2))",
        "W_3^T (z_3 - y)",
    ],
}
HOSTILE = [
    "(" * 40000 + "y" + ")" * 40000,
    "y\x00x",
    "(y^T y)^99999999999",
    "__import__('os').system('true')",
    "-" * 900 + "y",
    "y x^T + " * 20000,
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--cold", type=int, default=10)
    args = parser.parse_args()
    catalog = load_catalog(entry_points=False)
    exercises = {e.qualified_id: e for p in catalog.packs for e in p.exercises}
    cases = [(exercises[q], a) for q, answers in ANSWERS.items() if q in exercises for a in answers]

    first = []
    for exercise, answer in cases:
        start = time.perf_counter()
        check_expression(exercise, answer)
        first.append(time.perf_counter() - start)
    print(f"first check per answer (fills caches)   {percentiles(first)}")

    prev, warm = [], []
    for exercise, answer in cases:
        prev += timed(partial(preview, exercise, answer), args.repeat // 10)
        warm += timed(partial(check_expression, exercise, answer), args.repeat // 10)
    print(f"preview (parse + shapes + render)      {percentiles(prev)}   [budget 10 ms]")
    print(f"warm check                             {percentiles(warm)}   [budget p50 30 ms]")

    yax = exercises["matrix-calculus/linear-yax"]
    hostile = []
    for text in HOSTILE:
        hostile += timed(partial(check_expression, yax, text), 5)
    print(
        f"hostile inputs (refused)               {percentiles(hostile)}   max "
        f"{max(hostile) * 1000:.3f} ms"
    )

    exe = Path(sys.executable).with_name("backprop-tutor")
    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BACKPROP_TUTOR_DB": str(Path(tmp) / "p.sqlite3"),
            "BACKPROP_TUTOR_LEARNER": "bench",
        }
        for i in range(args.cold):
            exercise, answer = cases[i % len(cases)]
            start = time.perf_counter()
            subprocess.run(
                [str(exe), "check", exercise.qualified_id, "--answer", answer],
                env=env,
                capture_output=True,
                check=False,
            )
            cold.append(time.perf_counter() - start)
    print(f"cold `backprop-tutor check --answer`   {percentiles(cold)}   [budget 1 s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
