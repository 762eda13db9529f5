"""Notebooks (budget: a class of notebooks grades within 30 % of the rate of the same class as
``.py`` files), and the Python API's warm check.

Generates a class with ``bench_batch``'s mix of answers, then writes each answer a second time
as a notebook the way a learner's looks after a session: the exercise in the metadata, the
answer split into cells (imports, one cell per function), Markdown between them, a setup cell
with ``%matplotlib inline`` and ``!pip``, a scratch cell calling the function with its output,
a plot cell with a PNG output, and a training loop that never ends. Both classes are graded
by a cold ``backprop-tutor grade --jobs 2`` process, alternately, ``--rounds`` times each; the
best round of each is compared (the machine's other load only ever slows a round down).

Then ``from grader import check`` is timed: the first call (it starts the sandbox) and the
warm calls after it, on a function defined in a Jupyter-like cell.

    python benchmarks/bench_notebooks.py [--count 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import ast
import base64
import linecache
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat
from bench_batch import make_class, time_grade
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grader.submission import HEADER

PNG = base64.b64encode(bytes(range(256)) * 80).decode()  # a ~27 kB plot output
SETUP = (
    "%matplotlib inline\n!pip install --quiet numpy\nimport matplotlib.pyplot as plt\n"
    "plt.rcParams['figure.figsize'] = (8, 6)"
)


def as_notebook(source: str) -> str:
    """A ``.py`` answer as the notebook a learner would hand in for it."""
    exercise = next(
        (
            m.group(2)
            for line in source.splitlines()[:10]
            if (m := HEADER.match(line)) and m.group(1) == "exercise"
        ),
        None,
    )
    body = "\n".join(line for line in source.splitlines() if not HEADER.match(line))
    cells = [
        new_markdown_cell(
            f"# {exercise}\n\nFill in the function below; $\\delta^l$ is the error of layer $l$."
        ),
        new_code_cell(SETUP),
    ]
    try:
        statements = ast.parse(body).body
    except SyntaxError:  # a syntax error stays in one cell, as the learner wrote it
        statements = []
        cells.append(new_code_cell(body))
    lines = body.splitlines()
    for statement in statements:
        start = min(
            [statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", [])]
        )
        text = "\n".join(lines[start - 1 : statement.end_lineno])
        cells.append(new_code_cell(text))
        if isinstance(statement, ast.FunctionDef):
            cells.append(new_markdown_cell(f"`{statement.name}` is done; test it below."))
    cells += [
        new_code_cell(
            "import numpy as np\nA = np.eye(3)\nprint(A.shape)",
            outputs=[new_output("stream", name="stdout", text="(3, 3)\n")],
            execution_count=7,
        ),
        new_code_cell(
            "plt.plot(np.arange(10) ** 2)\nplt.show()",
            outputs=[new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})],
            execution_count=8,
        ),
        new_code_cell("while True:\n    pass", execution_count=9),
    ]
    notebook = new_notebook(
        cells=cells, metadata={"backprop_tutor": {"exercise": exercise}} if exercise else {}
    )
    return nbformat.writes(notebook)


def notebook_class(py_root: Path, nb_root: Path) -> Counter:
    kinds: Counter = Counter()
    for answer in sorted(py_root.glob("*/answer.*")):
        folder = nb_root / answer.parent.name
        folder.mkdir(parents=True)
        text = answer.read_text(encoding="utf-8")
        if answer.suffix == ".py":
            (folder / "answer.ipynb").write_text(as_notebook(text), encoding="utf-8")
            kinds["notebooks"] += 1
        else:  # expression answers are text files in both classes
            (folder / answer.name).write_text(text, encoding="utf-8")
            kinds["text"] += 1
    return kinds


def time_api(repeat: int) -> tuple[float, list[float]]:
    """Seconds of the first ``check()`` and of each warm one after it."""
    from grader import check

    source = "import numpy as np\n\n\ndef matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n"
    filename = "/tmp/ipykernel_1/bench.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(source, filename, "exec"), namespace)
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        verdict = check("adjoints/matmul-backward", namespace["matmul_backward"], record=False)
        times.append(time.perf_counter() - start)
        assert verdict.passed, verdict.feedback
    return times[0], times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=0.5)
    parser.add_argument("--api-calls", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        py_root, nb_root = Path(tmp) / "py" / "class", Path(tmp) / "nb" / "class"
        py_root.mkdir(parents=True)
        make_class(py_root, args.count)
        kinds = notebook_class(py_root, nb_root)
        size = sum(p.stat().st_size for p in nb_root.glob("*/*.ipynb")) / kinds["notebooks"]
        print(
            f"class: {args.count} learners; as notebooks: {kinds['notebooks']} notebooks "
            f"(~{size / 1000:.0f} kB each) and {kinds['text']} expression answers"
        )
        best = {"py": float("inf"), "ipynb": float("inf")}
        reports = {}
        for _ in range(args.rounds):
            for name, root in (("py", py_root), ("ipynb", nb_root)):
                elapsed, reports[name] = time_grade(root, args.jobs, args.timeout)
                best[name] = min(best[name], elapsed)
        for name in best:
            statuses = Counter(r["status"] for r in reports[name]["results"])
            print(
                f"grade --jobs {args.jobs}, {name:>5} class: best of {args.rounds} "
                f"{best[name]:.2f} s -> {args.count / best[name]:.0f} submissions/s  ("
                + ", ".join(f"{s} {n}" for s, n in statuses.most_common())
                + ")"
            )
        same = [(a["status"], a["mistake"]) for a in reports["py"]["results"]] == [
            (b["status"], b["mistake"]) for b in reports["ipynb"]["results"]
        ]
        print(
            f"notebook rate / .py rate: {best['py'] / best['ipynb']:.2f} (budget >= 0.70); "
            f"same verdicts: {same}"
        )
    first, warm = time_api(args.api_calls)
    print(
        f"grader.check(): first call {first * 1000:.0f} ms (starts the sandbox), warm "
        f"p50 {statistics.median(warm) * 1000:.1f} ms over {len(warm)} calls"
    )
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
