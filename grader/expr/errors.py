"""The one error type of the expression language: a message for a person and where it points.

Every problem a learner can cause (syntax, unknown name, shapes that do not fit, input that is
too large) is an ``ExprError`` so that the checker and the preview show it the same way: the
message, the column (1-based) and a caret line under the input.
"""

from __future__ import annotations


class ExprError(Exception):
    """A problem in the learner's text, located at ``column`` (1-based) spanning ``width`` chars."""

    def __init__(self, message: str, column: int | None = None, width: int = 1):
        super().__init__(message)
        self.message = message
        self.column = column
        self.width = max(1, width)

    def caret(self, text: str) -> str:
        """The input (one line) with a caret line under the faulty part, for monospace display."""
        if self.column is None:
            return ""
        line = text.replace("\n", " ").replace("\t", " ").replace("\x00", "␀")
        start = self.column - 1
        return f"{line}\n{' ' * start}{'^' * min(self.width, max(1, len(line) - start))}"

    def describe(self, text: str) -> str:
        """Message plus caret line, ready to print."""
        caret = self.caret(text) if len(text) <= 200 else ""
        return f"{self.message}\n{caret}" if caret else self.message
