"""The program behind a function object, for ``check(EXERCISE, function)`` in a notebook or a
script: read from source, never by running or pickling the function here.

The function's own file (a script, or the cell IPython registered in ``linecache``) is read
as one cell and cut down as a notebook's cells are (``grader.program``). What that file does
not define is looked up in the function's globals, which is where an interactive session
keeps the rest: a module becomes its import, a function or class from another cell brings
that cell's source, a plain value (a number, a string, a small array) is written out as a
literal. Anything else is named in the notes, so the learner knows what to move into the
function.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
import types
from dataclasses import replace
from typing import Any

from grader.program import Cell, Program, extract

ARRAY_LIMIT = 10_000
"""Array elements written out as a literal at most (a module-level weight matrix, say)."""
ROUNDS = 8
"""Rounds of looking up names from other cells (each may bring cells needing more)."""

NO_SOURCE = (
    "check() needs the source code of {name}(), and Python kept none (it was typed at the "
    "plain python prompt, or created with exec without a linecache entry). Define it in a "
    "notebook cell or a .py file and call check() again, or pass its source as a string: "
    "check({exercise!r}, source_text)."
)


def program_for(function: Any, wanted: str, exercise: str) -> Program:
    """The program that defines ``wanted`` (the exercise's function name) from ``function``."""
    function = inspect.unwrap(function)
    if not isinstance(function, types.FunctionType):
        return Program(
            problem=f"check() takes a function written in Python, or its source "
            f"as a string; got {type(function).__name__}."
        )
    name = _name_of(function)
    if name is None:
        return Program(
            problem="check() reads the function by its name: define it with def "
            f"(or assign the lambda to a name) and pass that, as in "
            f"check({exercise!r}, {wanted})."
        )
    main = _cell_of(function)
    if main is None:
        return Program(problem=NO_SOURCE.format(name=name, exercise=exercise))
    cells: list[Cell] = []
    prelude: list[str] = []
    notes: list[str] = []
    seen_files = {function.__code__.co_filename}
    for _ in range(ROUNDS):
        program = _extract(cells, prelude, main, name, function, wanted)
        if program.problem is not None or not program.undefined:
            break
        progress = False
        for undefined in program.undefined:
            found = _from_globals(function.__globals__, undefined, seen_files)
            if isinstance(found, Cell):
                cells.append(found)
                progress = True
            elif found is not None:
                prelude.append(found)
                progress = True
            elif undefined in function.__globals__:
                notes.append(
                    f"{undefined} is a {type(function.__globals__[undefined]).__name__} "
                    f"defined outside the code check() can read: compute it inside "
                    f"{name}(), or pass the source as a string."
                )
        if not progress:
            break
    return replace(program, notes=tuple(dict.fromkeys((*program.notes, *notes))))


def _extract(
    cells: list[Cell], prelude: list[str], main: Cell, name: str, function, wanted: str
) -> Program:
    every = (
        ([Cell("your session's imports", "\n".join(dict.fromkeys(prelude)))] if prelude else [])
        + cells
        + [main]
    )
    program = extract(every, name, target_line=function.__code__.co_firstlineno)
    if program.problem is None and name != wanted:  # check(EX, my_version): graded as asked
        program = replace(program, source=program.source + f"\n{wanted} = {name}\n")
    return program


def _name_of(function: types.FunctionType) -> str | None:
    """The name a program can define it by: its own, or for a lambda the global bound to it."""
    if function.__name__ != "<lambda>":
        return function.__name__
    return next((k for k, v in function.__globals__.items() if v is function), None)


def _cell_of(function: types.FunctionType) -> Cell | None:
    filename = function.__code__.co_filename
    lines = linecache.getlines(filename, function.__globals__)
    if not lines:
        return None
    return Cell(_label(filename), "".join(lines))


def _label(filename: str) -> str:
    if filename.startswith("<") or "ipykernel" in filename:
        return "your cell"
    return filename.rsplit("/", 1)[-1]


def _from_globals(namespace: dict, name: str, seen_files: set[str]) -> Cell | str | None:
    """What stands for ``name``: a cell of source, a line of Python, or None."""
    if name not in namespace:
        return None
    value = namespace[name]
    if isinstance(value, types.ModuleType):
        module = value.__name__
        if not _installed(module):
            return None
        return f"import {module}" if module == name else f"import {module} as {name}"
    imported = _import_of(value, name)
    if imported is not None:
        return imported
    if isinstance(value, (types.FunctionType, type)):
        return _defining_source(value, seen_files)
    return _literal(name, value)


def _import_of(value: Any, name: str) -> str | None:
    """``from numpy import transpose as tr`` for an object a library the sandbox has too (the
    standard library, an installed distribution) exposes under its own name."""
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if (
        not isinstance(module, str)
        or not isinstance(qualname, str)
        or "." in qualname
        or "<" in qualname
        or not _installed(module)
    ):
        return None
    if getattr(sys.modules.get(module), qualname, None) is not value:
        return None
    return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")


def _defining_source(value: Any, seen_files: set[str]) -> Cell | None:
    """The cell (or file) a function or class of the session was defined in."""
    code = getattr(inspect.unwrap(value), "__code__", None) if callable(value) else None
    filename = code.co_filename if code is not None else None
    if filename is None and isinstance(value, type):
        try:
            filename = inspect.getsourcefile(value)
        except (TypeError, OSError):
            filename = None
    if filename is None or filename in seen_files:
        return None
    lines = linecache.getlines(filename)
    if not lines:
        return None
    seen_files.add(filename)
    return Cell(_label(filename), "".join(lines))


def _installed(module: str) -> bool:
    """A module learner code can import in the sandbox too: the standard library's or an
    installed distribution's (the learner's own helpers.py is read as source instead)."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return True
    loaded = sys.modules.get(top)
    where = getattr(loaded, "__file__", None) or ""
    return "site-packages" in where or "dist-packages" in where


def _literal(name: str, value: Any) -> str | None:
    if isinstance(
        value,
        (bool, int, float, complex, str, bytes, type(None), tuple, list, dict, set, frozenset),
    ):
        text = repr(value)
        try:
            ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        return f"{name} = {text}"
    if (
        type(value).__module__ == "numpy"
        and type(value).__name__ == "ndarray"
        and value.size <= ARRAY_LIMIT
        and value.dtype.kind in "biuf"
    ):
        return f"{name} = __import__('numpy').array({value.tolist()!r}, dtype={str(value.dtype)!r})"
    return None
