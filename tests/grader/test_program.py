"""What is run for a notebook's function: exactly what it needs, read with ast, never run."""

from __future__ import annotations

import textwrap

import pytest

from grader.program import Cell, extract


def cells(*texts: str) -> list[Cell]:
    return [Cell(f"cell {i}", textwrap.dedent(t).strip("\n")) for i, t in enumerate(texts, 1)]


def run(program_source: str, *call: object):
    """Execute the extracted program (trusted test code) and call f."""
    namespace: dict = {}
    exec(compile(program_source, "program", "exec"), namespace)
    return namespace["f"](*call)


def test_only_the_function_and_what_it_uses_are_kept():
    program = extract(
        cells(
            """
        import numpy as np
        import matplotlib.pyplot as plt
        """,
            "data = np.load('train.npy')\nplt.plot(data)",
            "def helper(x):\n    return 2 * x",
            "def f(x):\n    return helper(np.asarray(x))",
            "while True:\n    pass",
            "1 / 0",
        ),
        "f",
    )
    assert program.problem is None
    assert "import numpy as np" in program.source
    assert "matplotlib" not in program.source
    assert "np.load" not in program.source and "while True" not in program.source
    assert "1 / 0" not in program.source
    assert run(program.source, 3).item() == 6


def test_a_function_body_sees_the_last_definition_even_from_a_later_cell():
    program = extract(
        cells(
            "def f(x):\n    return x * SCALE + offset()",
            "SCALE = 10",
            "def offset():\n    return 1",
            "SCALE = 100",
        ),
        "f",
    )
    assert run(program.source, 2) == 201
    assert "SCALE = 10\n" not in program.source  # the first value is never read


def test_a_module_level_statement_sees_what_is_above_it():
    program = extract(
        cells(
            "base = 2",
            "factor = base * 3",
            "base = 1000",
            "def f(x):\n    return x * factor",
        ),
        "f",
    )
    assert run(program.source, 1) == 6
    assert "base = 1000" not in program.source


def test_augmented_assignments_keep_the_chain_they_extend():
    program = extract(cells("scale = 1.0\nscale *= 3", "def f(x):\n    return x * scale"), "f")
    assert run(program.source, 2) == 6


def test_locals_and_parameters_do_not_pull_in_module_names():
    program = extract(
        cells(
            "data = open('/nonexistent/train.csv').read()",
            "x = load_everything()",
            "def f(data):\n    x = [d for d in data]\n    return sum(x)",
        ),
        "f",
    )
    assert "open(" not in program.source and "load_everything" not in program.source
    assert run(program.source, [1, 2]) == 3


def test_semicolon_lines_keep_only_the_statements_needed():
    program = extract(
        cells(
            "import math; print('hello'); Y = 3; plot(Y)",
            "def f():\n    return math.sqrt(Y)",
        ),
        "f",
    )
    assert "print" not in program.source and "plot" not in program.source
    assert run(program.source) == pytest.approx(3**0.5)


def test_classes_decorators_lambdas_defaults_and_guarded_imports():
    program = extract(
        cells(
            """
        import functools
        try:
            import numpy as xp
        except ImportError:
            xp = None
        """,
            "relu = lambda z: xp.maximum(z, 0)",
            """
        class Layer:
            kind = "dense"
            def act(self, z):
                return relu(z)
        """,
            "DEFAULT = -1.0",
            """
        @functools.lru_cache(maxsize=None)
        def f(v=DEFAULT):
            return float(Layer().act(xp.array(v)))
        """,
        ),
        "f",
    )
    assert run(program.source) == 0.0
    assert run(program.source, 2.5) == 2.5


def test_the_last_definition_wins_and_the_notes_say_so():
    program = extract(
        cells(
            "def f(x):\n    return 0",
            "def g():\n    pass",
            "def f(x):\n    return x + 1",
        ),
        "f",
    )
    assert run(program.source, 1) == 2
    assert any("f() is defined 2 times" in n and "cell 3" in n for n in program.notes)


def test_ipython_lines_are_left_out_and_line_numbers_point_at_cells():
    program = extract(
        cells(
            "%matplotlib inline\n!pip install numpy\nfiles = !ls\nimport numpy as np\nnp.dot?",
            "%%time\ndef g():\n    return 1",
            "def f(x):\n    %time y = 1\n    return np.asarray(x) * 2",
        ),
        "f",
    )
    assert program.problem is None
    assert "!" not in program.source and "%" not in program.source
    assert run(program.source, 2).item() == 4
    line = program.source.splitlines().index("    return np.asarray(x) * 2") + 1
    assert program.where(line) == "cell 3, line 3"
    assert any("Line 2 of cell 3" in n for n in program.notes)


def test_a_percent_that_continues_an_expression_is_python():
    program = extract(cells("M = (7\n% 4)", "def f():\n    return M"), "f")
    assert run(program.source) == 3


def test_a_function_only_in_a_cell_magic_is_missing_and_the_notes_say_why():
    program = extract(cells("%%time\ndef f(x):\n    return x"), "f")
    assert program.problem.startswith("no code cell defines f()")
    assert any("%%time" in n and "plain code cell" in n for n in program.notes)


def test_a_name_set_by_a_magic_or_a_loop_is_explained():
    magic = extract(cells("W = %env WEIGHTS", "def f():\n    return W"), "f")
    assert any("W is used in cell 2 but set only by IPython syntax" in n for n in magic.notes)
    loop = extract(cells("for i in range(3):\n    last = i", "def f():\n    return last"), "f")
    assert any("not a definition" in n for n in loop.notes)


def test_used_before_defined_is_explained():
    program = extract(cells("k = n + 1", "n = 1", "def f():\n    return k"), "f")
    assert any(
        "n is used in cell 1 before any cell above it defines it" in note for note in program.notes
    )


def test_a_cell_that_is_not_python_is_a_problem_naming_the_cell():
    program = extract(cells("def f(:\n    pass"), "f")
    assert program.problem.startswith("cell 1 cannot be read as Python")
    assert "line 1" in program.problem and "Traceback" not in program.problem


def test_a_scope_error_that_only_the_compiler_sees_is_a_problem_too():
    program = extract(cells("def g():\n    nonlocal q", "def f():\n    return 1"), "f")
    assert program.problem.startswith("cell 1 cannot be read as Python")


def test_a_star_import_is_kept_only_when_a_name_is_otherwise_undefined():
    needed = extract(cells("from math import *", "def f():\n    return sqrt(4)"), "f")
    assert run(needed.source) == 2
    unused = extract(cells("from matplotlib.pylab import *", "def f():\n    return 4"), "f")
    assert "matplotlib" not in unused.source


def test_unicode_before_a_semicolon_keeps_its_columns():
    program = extract(cells("café = 'é'; λ = 2", "def f():\n    return λ"), "f")
    assert run(program.source) == 2


@pytest.mark.parametrize("text", ["x = " + "-" * 100_000 + "1", "x = " + "1+" * 200_000 + "1"])
def test_a_cell_nested_past_the_parsers_limits_is_a_problem_not_a_crash(text):
    program = extract(cells(text, "def f():\n    return 1"), "f")
    assert (
        program.problem == "cell 1 cannot be read as Python: it is nested too deeply "
        "(brackets or operators thousands of levels deep)."
    )
