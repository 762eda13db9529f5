"""Writes the notebook fixtures in this folder as Jupyter saves them (nbformat 4.5: cell ids,
outputs, execution counts, attachments, Markdown), each in a right and a wrong version.

Run it from the repository root after changing a fixture: ``.venv/bin/python
tests/data/notebooks/build.py``. The tests read the committed .ipynb files, not this script.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).parent
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5"
       "ErkJggg==")
KERNEL = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                         "name": "python3"},
          "language_info": {"name": "python", "version": "3.11.7",
                            "mimetype": "text/x-python", "file_extension": ".py"}}

MATMUL = {
    "right": "def matmul_backward(A, B, G):\n"
             "    \"\"\"Adjoints of A and B for C = A @ B.\"\"\"\n"
             "    grad_A = G @ transposed(B)\n"
             "    grad_B = transposed(A) @ G\n"
             "    return grad_A, grad_B",
    "wrong": "def matmul_backward(A, B, G):\n"
             "    \"\"\"Adjoints of A and B for C = A @ B.\"\"\"\n"
             "    grad_A = (G @ transposed(B)) * A\n"
             "    grad_B = (transposed(A) @ G) * B\n"
             "    return grad_A, grad_B",
}
MATMUL_MISTAKE = "times-input"

ROWMAJOR = {
    "right": "def rowmajor_backward(X, W1, W2, y, sigma, dsigma):\n"
             "    Z = X @ W1\n"
             "    H = sigma(Z)\n"
             "    adj_R = SQUARE_FACTOR * (H @ W2 - y)\n"
             "    adj_Z = (adj_R @ W2.T) * dsigma(Z)\n"
             "    return X.T @ adj_Z, H.T @ adj_R",
    "wrong": "def rowmajor_backward(X, W1, W2, y, sigma, dsigma):\n"
             "    Z = X @ W1\n"
             "    H = sigma(Z)\n"
             "    adj_R = SQUARE_FACTOR * (H @ W2 - y)\n"
             "    adj_Z = (adj_R @ W2.T) * dsigma(H)\n"
             "    return X.T @ adj_Z, H.T @ adj_R",
}
ROWMAJOR_MISTAKE = "derivative-at-activation"


def _stream(text: str):
    return new_output("stream", name="stdout", text=text)


def _run(cells):
    """Execution counts as after a session of running cells (not in order, as people do)."""
    count = 1
    for cell in cells:
        if cell.cell_type == "code":
            cell.execution_count = count
            for output in cell.outputs:
                if output.output_type == "execute_result":
                    output.execution_count = count
            count += 2
    return cells


def cs231n_style(version: str):
    """An assignment notebook: setup magics, a stub later replaced, a gradient check with its
    output, a plot, a cell that never ends and one that crashes."""
    intro = new_markdown_cell(
        "# Backward pass of a matrix product\n\nFor $C = AB$ and the adjoint "
        "$G = \\partial F / \\partial C$, write `matmul_backward`.\n\n![diagram](attachment:d.png)",
        attachments={"d.png": {"image/png": PNG}})
    setup = new_code_cell("%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n"
                          "import numpy as np\nimport matplotlib.pyplot as plt\n"
                          "plt.rcParams['figure.figsize'] = (10.0, 8.0)")
    install = new_code_cell("!pip install --quiet numpy", outputs=[
        _stream("Requirement already satisfied: numpy\n")])
    stub = new_code_cell("def matmul_backward(A, B, G):\n    # TODO\n    pass")
    helper = new_code_cell("def transposed(M):\n    return np.swapaxes(M, 0, 1)")
    answer = new_code_cell("# Your final answer\n" + MATMUL[version])
    check = new_code_cell(
        "rng = np.random.default_rng(0)\nA, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))\n"
        "G = rng.normal(size=(3, 2))\ngA, gB = matmul_backward(A, B, G)\n"
        "print('relative error:', np.abs(gA - G @ B.T).max())",
        outputs=[_stream("relative error: 0.0\n")])
    plot = new_code_cell("losses = [1.0 / (i + 1) for i in range(100)]\nplt.plot(losses)\n"
                         "plt.show()", outputs=[new_output(
                             "display_data", data={"image/png": PNG, "text/plain":
                                                   "<Figure size 1000x800 with 1 Axes>"})])
    train = new_code_cell("# train until interrupted\nwhile True:\n    pass",
                          outputs=[new_output("error", ename="KeyboardInterrupt", evalue="",
                                              traceback=["KeyboardInterrupt"])])
    crash = new_code_cell("weights = np.load('weights_i_forgot_to_upload.npy')\n1 / 0",
                          outputs=[new_output("error", ename="ZeroDivisionError",
                                              evalue="division by zero", traceback=["..."])])
    cells = _run([intro, setup, install, stub, new_markdown_cell("## Helpers"), helper, answer,
                  check, plot, train, crash])
    return new_notebook(cells=cells, metadata={
        **KERNEL, "backprop_tutor": {"exercise": "adjoints/matmul-backward"}})


def helpers_style(version: str):
    """No metadata: the exercise named by a comment in a cell; the helper and a constant the
    function needs come from other cells, one of them below the function."""
    header = new_code_cell("# exercise: adjoints/matmul-backward\nimport numpy as np")
    answer = new_code_cell(MATMUL[version].replace("transposed(", "T("))
    later = new_code_cell("def T(M):\n    return M.transpose()\n\n\nT.__doc__ = 'transpose'")
    scratch = new_code_cell("A = np.eye(3)\nmatmul_backward(A, A, A)", outputs=[new_output(
        "execute_result", data={"text/plain": "(array(...), array(...))"})])
    return new_notebook(cells=_run([header, answer, later, scratch]), metadata=KERNEL)


def two_exercises(version: str):
    """Two exercises in one notebook, each named in its own cell, sharing the imports."""
    cells = [
        new_markdown_cell("# Week 3: adjoints\nTwo functions, each checked on its own."),
        new_code_cell("import numpy as np\nfrom numpy import swapaxes\nSQUARE_FACTOR = 2.0"),
        new_code_cell("# exercise: adjoints/matmul-backward\n"
                      "def transposed(M):\n    return swapaxes(M, 0, 1)\n\n" + MATMUL[version]),
        new_code_cell("# exercise: mlp/rowmajor-two-layer\n" + ROWMAJOR[version]),
        new_code_cell("while True:\n    pass"),
    ]
    return new_notebook(cells=_run(cells), metadata=KERNEL)


def magic_lines(version: str):
    """IPython lines inside the cells that define the answer (help, %time, shell captures)."""
    cells = [
        new_code_cell("import numpy as np\nnp.swapaxes?\nfiles = !ls\n"
                      "def transposed(M):\n    return np.swapaxes(M, 0, 1)"),
        new_code_cell("%time x = 1\n" + MATMUL[version] + "\n%timeit matmul_backward(np.eye(2), "
                      "np.eye(2), np.eye(2))"),
    ]
    return new_notebook(cells=_run(cells), metadata={
        **KERNEL, "backprop_tutor": {"exercise": ["adjoints/matmul-backward"]}})


STYLES = {"cs231n": cs231n_style, "helpers": helpers_style, "two-exercises": two_exercises,
          "magic-lines": magic_lines}


def broken_cell():
    """A scratch cell that is not Python (an unclosed bracket)."""
    cells = [new_code_cell("import numpy as np\n\ndef transposed(M):\n    return M.T"),
             new_code_cell(MATMUL["right"]),
             new_code_cell("print(matmul_backward(np.eye(2), np.eye(2), np.eye(2))")]
    return new_notebook(cells=_run(cells), metadata={
        **KERNEL, "backprop_tutor": {"exercise": "adjoints/matmul-backward"}})


def in_cell_magic():
    """The answer in a %%time cell: cell magics are not run."""
    cells = [new_code_cell("import numpy as np\n\ndef transposed(M):\n    return M.T"),
             new_code_cell("%%time\n" + MATMUL["right"])]
    return new_notebook(cells=_run(cells), metadata={
        **KERNEL, "backprop_tutor": {"exercise": "adjoints/matmul-backward"}})


def name_from_magic():
    """The helper is set only by a line magic, which is not run."""
    cells = [new_code_cell("import numpy as np\ntransposed = %env TRANSPOSE"),
             new_code_cell(MATMUL["right"])]
    return new_notebook(cells=_run(cells), metadata={
        **KERNEL, "backprop_tutor": {"exercise": "adjoints/matmul-backward"}})


def main() -> None:
    for name, build in STYLES.items():
        for version in ("right", "wrong"):
            nbformat.write(build(version), HERE / f"{name}-{version}.ipynb")
    for name, build in {"broken-cell": broken_cell, "in-cell-magic": in_cell_magic,
                        "name-from-magic": name_from_magic}.items():
        nbformat.write(build(), HERE / f"{name}.ipynb")
    for path in HERE.glob("*.ipynb"):
        nbformat.validate(nbformat.read(path, as_version=4))


if __name__ == "__main__":
    main()
