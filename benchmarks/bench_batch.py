"""Batch grading throughput (budget: >= 200 code submissions/s on 2 cores, every one isolated).

Generates a class of submissions in a temporary folder -- a realistic mix for every built-in
code exercise (right answers in several styles, the exercise's own known mistakes, transposed
and sign slips, crashes, syntax errors, wrong shapes, a few infinite loops that hit the time
limit) plus some expression answers -- and times a cold ``backprop-tutor grade DIR --jobs 2``
process end to end (start-up, discovery, grading, writing the JSON report). The loops spend
their whole time limit on a core, so the same class is timed again without them: the rate
then is what the per-submission cost alone allows.

The baseline is how an instructor would grade without the tool: one ``pytest`` process per
submission running a small test that imports the file and compares with the reference on random
inputs, two at a time (the same two cores). It is run on a subset of the code submissions and
extrapolated (the per-submission cost is start-up dominated and does not depend on the set).

    python benchmarks/bench_batch.py [--count 1000] [--baseline 100] [--timeout 0.5]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from exercises.loader import load_catalog

MATMUL = "adjoints/matmul-backward"
MATMUL_ANSWERS = {
    "right": "return G @ B.T, A.T @ G",
    "right-dot": "return np.dot(G, B.T), np.dot(A.T, G)",
    "right-einsum": "return np.einsum('ik,jk->ij', G, B), np.einsum('ij,ik->jk', A, G)",
    "right-list": "return [G @ B.T, A.T @ G]",
    "transposed": "return B @ G.T, G.T @ A",
    "sign": "return -(G @ B.T), -(A.T @ G)",
    "swapped": "return A.T @ G, G @ B.T",
    "half-right": "return G @ B.T, G.T @ A",
    "no-adjoint": "return np.ones_like(G) @ B.T, A.T @ np.ones_like(G)",
    "crash": "return G @ B, A @ G",
    "none": "grad_A = G @ B.T",
    "name-error": "return grad_A, grad_B",
}
WEIGHTS = {
    "right": 30,
    "right-dot": 6,
    "right-einsum": 4,
    "right-list": 4,
    "transposed": 14,
    "sign": 5,
    "swapped": 4,
    "half-right": 8,
    "no-adjoint": 5,
    "crash": 8,
    "none": 4,
    "name-error": 4,
}
EXPRESSIONS = {
    "matrix-calculus/linear-yax": [
        "y x^T",
        "y xᵀ",
        "x y^T",
        "2 y x^T",
        "-y x^T",
        "y^T x",
        "A x",
        "y x^",
    ]
}
TIMEOUT_SHARE = 0.005
EXPRESSION_SHARE = 0.1


def matmul_source(body: str) -> str:
    return (
        f"# exercise: {MATMUL}\nimport numpy as np\n\n\ndef matmul_backward(A, B, G):\n    {body}\n"
    )


def reference_source(exercise, function: str) -> str | None:
    """A submission written like the exercise's ``function`` (its reference: right; one of its
    declared mistakes: a realistic wrong answer): that function and the module's functions it
    calls, renamed to what the learner writes. None when it needs more than numpy."""
    spec = exercise.code
    tree = ast.parse(spec.module.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    wanted, todo = [], [function]
    while todo:
        name = todo.pop()
        if name in wanted or name not in functions:
            continue
        wanted.append(name)
        used = {n.id for n in ast.walk(functions[name]) if isinstance(n, ast.Name)}
        if used & imported:
            return None
        todo += sorted(used & functions.keys())
    # a mistake that calls the reference by the learner's function name would call itself
    clash = {spec.function: f"_{spec.function}_part"} if function != spec.function else {}
    body = "\n\n\n".join(ast.unparse(_renamed(functions[name], clash)) for name in reversed(wanted))
    return (
        f"# exercise: {exercise.qualified_id}\nimport numpy as np\n\n\n{body}\n\n\n"
        f"{spec.function} = {clash.get(function, function)}\n"
    )


def _renamed(function: ast.FunctionDef, names: dict[str, str]) -> ast.FunctionDef:
    """A copy of ``function`` with the given names (its own and the ones it uses) replaced."""
    tree = ast.parse(ast.unparse(function))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            node.name = names.get(node.name, node.name)
        elif isinstance(node, ast.Name):
            node.id = names.get(node.id, node.id)
    return tree.body[0]


def loop_source(exercise) -> str:
    name = exercise.code.function
    return (
        f"# exercise: {exercise.qualified_id}\n\n\ndef {name}(*args, **kwargs):\n"
        "    while True:\n        pass\n"
    )


def make_class(root: Path, count: int) -> tuple[Counter, list[str]]:
    """``count`` submissions, one folder per learner; returns how many of each kind and the
    learners whose answer is an infinite loop."""
    catalog = load_catalog([], entry_points=False)
    code_exercises = [e for e in catalog.exercises() if e.kind == "code"]
    expressions = [
        (qid, text) for qid, texts in EXPRESSIONS.items() if catalog.find(qid) for text in texts
    ]
    pool: list[tuple[str, str, str]] = []
    for name, weight in WEIGHTS.items():
        pool += [(f"matmul:{name}", ".py", matmul_source(MATMUL_ANSWERS[name]))] * weight
    for exercise in code_exercises:
        if exercise.qualified_id == MATMUL:
            continue
        right = reference_source(exercise, exercise.code.reference)
        if right is None:
            continue
        pool += [(f"{exercise.id}:right", ".py", right)] * 6
        for mistake in exercise.code.mistakes:
            wrong = reference_source(exercise, mistake.function)
            if wrong is not None:
                pool.append((f"{exercise.id}:{mistake.id}", ".py", wrong))
    loops = [(f"{e.id}:loop", ".py", loop_source(e)) for e in code_exercises]
    kinds: Counter = Counter()
    looping: list[str] = []
    n_loops = max(1, round(count * TIMEOUT_SHARE)) if loops else 0
    n_expr = round(count * EXPRESSION_SHARE) if expressions else 0
    for i in range(count):
        if i % max(1, count // max(1, n_loops)) == 7 and kinds["loops"] < n_loops:
            kind, suffix, text = loops[i % len(loops)]
            kinds["loops"] += 1
            looping.append(f"learner{i:04}")
        elif i % 10 == 3 and kinds["expressions"] < n_expr:
            qid, answer = expressions[i % len(expressions)]
            kind, suffix, text = "expression", ".txt", f"# exercise: {qid}\n{answer}\n"
            kinds["expressions"] += 1
        else:
            kind, suffix, text = pool[(i * 7919) % len(pool)]
            kinds[kind] += 1
        folder = root / f"learner{i:04}"
        folder.mkdir()
        (folder / f"answer{suffix}").write_text(text, encoding="utf-8")
    return kinds, looping


def time_grade(
    root: Path,
    jobs: int,
    timeout: float,
    *,
    python: str = sys.executable,
    env: dict[str, str] | None = None,
) -> tuple[float, dict]:
    """Wall seconds of one cold ``grade`` process over ``root`` (run by ``python``, the
    interpreter of the checkout to time), and its JSON report."""
    report = root.parent / "report.json"
    command = [
        python,
        "-m",
        "tutor",
        "grade",
        str(root),
        "--jobs",
        str(jobs),
        "--timeout",
        str(timeout),
        "--seed",
        "1",
        "--format",
        "json",
        "--output",
        str(report),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root.parent)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"grade failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, json.loads(report.read_text())


PYTEST_TEMPLATE = """\
import importlib.util
import sys

import numpy as np

sys.path.insert(0, {ref_dir!r})
from reference import matmul_backward as reference


def load():
    spec = importlib.util.spec_from_file_location("submission", {path!r})
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_matmul_backward():
    rng = np.random.default_rng(0)
    A, B, G = rng.normal(size=(3, 4)), rng.normal(size=(4, 5)), rng.normal(size=(3, 5))
    got = load().matmul_backward(A, B, G)
    for mine, expected in zip(got, reference(A, B, G)):
        np.testing.assert_allclose(mine, expected, rtol=1e-7)
"""


def time_pytest_baseline(root: Path, count: int, timeout: float, jobs: int) -> float:
    """Seconds per submission for one pytest process each (``jobs`` at a time)."""
    exercise = load_catalog([], entry_points=False).find(MATMUL)
    subs = sorted(p for p in root.glob("*/answer.py") if MATMUL in p.read_text()[:80])[:count]
    tests = root.parent / "pytest-baseline"
    tests.mkdir()
    files = []
    for i, sub in enumerate(subs):
        test = tests / f"test_sub{i:04}.py"
        test.write_text(
            PYTEST_TEMPLATE.format(ref_dir=str(exercise.code.module.parent), path=str(sub))
        )
        files.append(test)

    def run(test: Path) -> None:
        try:
            subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                capture_output=True,
                timeout=max(timeout, 10.0),
                cwd=tests,
            )
        except subprocess.TimeoutExpired:
            pass

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as executor:
        list(executor.map(run, files))
    return (time.perf_counter() - start) / max(1, len(files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--baseline",
        type=int,
        default=100,
        help="submissions in the pytest baseline subset (0: skip)",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp) / "class"
        root.mkdir()
        kinds, looping = make_class(root, args.count)
        code = args.count - kinds["expressions"]
        print(
            f"class: {args.count} submissions ({code} code, {kinds['expressions']} "
            f"expression, {kinds['loops']} infinite loops at --timeout {args.timeout:g})"
        )
        elapsed, report = time_grade(root, args.jobs, args.timeout)
        statuses = Counter(r["status"] for r in report["results"])
        rate = args.count / elapsed
        print(
            f"grade --jobs {args.jobs}: {elapsed:.2f} s wall (cold process, report "
            f"written) -> {rate:.0f} submissions/s"
        )
        print("  statuses: " + ", ".join(f"{s} {n}" for s, n in statuses.most_common()))
        if looping:
            calm = Path(tmp) / "class-without-loops"
            shutil.copytree(
                root,
                calm,
                ignore=lambda folder, names: [
                    n for n in names if Path(folder) == root and n in looping
                ],
            )
            count = args.count - len(looping)
            elapsed, _ = time_grade(calm, args.jobs, args.timeout)
            print(
                f"  the same class without its {len(looping)} infinite loops: {elapsed:.2f} s "
                f"-> {count / elapsed:.0f} submissions/s"
            )
        if args.baseline:
            per = time_pytest_baseline(root, args.baseline, args.timeout, args.jobs)
            print(
                f"pytest per submission ({args.baseline} matmul submissions, {args.jobs} "
                f"at a time, extrapolated to {args.count}): {per * 1000:.0f} ms each -> "
                f"{1 / per:.1f} submissions/s, {per * args.count:.0f} s for the class"
            )
            print(f"ratio: grade is {rate * per:.0f}x faster")


if __name__ == "__main__":
    main()
