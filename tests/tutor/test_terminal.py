"""ASCII forms of the tutor's glyphs: what a Latin-1 or ASCII terminal shows instead."""

from __future__ import annotations

import pytest

from tutor.terminal import ERRORS, ascii_form, use_colour


@pytest.mark.parametrize(
    "text, ascii",
    [
        ("∂C/∂Wˡ⁺¹ = δˡ⁺¹ (aˡ)ᵀ", "dC/dW^{l+1} = delta^{l+1} (a^l)^T"),
        ("σ′(zᵢ₋₁) ⊙ x", "sigma'(z_{i-1}) .* x"),
        ("✓ shape: n×m", "ok shape: nxm"),
        ("✗ value", "x value"),
        ("½‖Ax‖²", "1/2||Ax||^2"),
        ("λᵢ = Wᵢ₊₁ᵀ λᵢ₊₁", "lambda_i = W_{i+1}^T lambda_{i+1}"),
    ],
)
def test_ascii_forms_are_what_the_expression_language_reads(text, ascii):
    assert ascii_form(text) == ascii
    assert ascii_form(text).isascii()


def test_the_error_handler_keeps_what_latin1_can_show_and_joins_script_runs():
    assert "✓ Wˡ⁺¹ ½ ×".encode("latin-1", ERRORS) == "ok W^{l+1} ½ ×".encode("latin-1")


class _Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Stream(True)) and not use_colour(_Stream(False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Stream(True))
