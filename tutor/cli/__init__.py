"""The command line (DESIGN.md, "Command line"). ``main`` has the group, its global options
and the small commands (``tutor``, ``list``, ``show``, ``start``); ``check``, ``grade``,
``gradescope``, ``pack``, ``progress`` and ``watch`` live in one module each, imported only when
used; ``context`` hands every command the session, and ``verdict_text``, ``show_text``,
``grade_table`` and ``output_file`` write for terminals and files."""

from tutor.cli.main import main

__all__ = ["main"]
