"""The command line (DESIGN.md, "Command line"): ``root`` has the group, its global options and
the learner's commands; the instructor's and author's commands live in one module each
(``grade``, ``gradescope``, ``pack``, ``progress``, ``watch``), imported only when used."""

from tutor.cli.root import main

__all__ = ["main"]
