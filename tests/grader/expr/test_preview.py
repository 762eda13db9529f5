"""The live preview: how the input was understood, its shape, or the error; no sympy."""

from __future__ import annotations

import subprocess
import sys

from expr_anchors import anchor

from grader.expr.preview import preview


def test_preview_makes_left_associative_grouping_visible():
    shown = preview(anchor("matrix-calculus/activation-yax"), "y ⊙ σ'(Ax) xᵀ")
    assert shown.ok and shown.rendering == "(y ⊙ σ'(A x)) xᵀ" and shown.shape == "m×n"


def test_preview_renders_layer_indices_and_transposes():
    shown = preview(anchor("mlp/delta-hidden"), "sigma'(z_l) .* (W_{l+1}' delta^{l+1})")
    assert shown.rendering == "σ'(zˡ) ⊙ ((Wˡ⁺¹)ᵀ δˡ⁺¹)" and shown.shape == "n_l×1"


def test_preview_of_a_multi_part_answer_lists_each_shape():
    from expr_anchors import constructed

    shown = preview(constructed("matrix-calculus/matmul-adjoints"), "Λ B^T, A^T Λ")
    assert shown.rendering == "Λ Bᵀ, Aᵀ Λ" and shown.shape == "m×n, n×p"


def test_preview_of_an_error_has_column_and_caret():
    shown = preview(anchor("matrix-calculus/linear-yax"), "A^T y x^")
    assert not shown.ok and shown.column == 9
    assert shown.caret == "A^T y x^\n        ^"


def test_preview_does_not_import_sympy():
    code = (
        "import sys; from expr_anchors import anchor; from grader.expr.preview import preview;"
        "preview(anchor('mlp/delta-hidden'), \"σ'(z^l) ⊙ W^{l+1}\");"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=__file__.rsplit("/", 1)[0],
        check=True,
    )
    assert out.stdout.strip() == "False"
