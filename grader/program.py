"""The program a notebook's function needs, read with ``ast`` and never run here.

A notebook is not a script: cells hold plots, data loading, training loops, IPython magics
and shell lines, and running it top to bottom (as nbgrader and Otter do) lets one
``while True`` or one crash cost every exercise in it. Instead, for the function an exercise
asks for, this module keeps exactly what that function needs: its last definition, the helper
functions, classes and module-level names it uses (transitively) and the imports those names
come from, in notebook order and on their own line numbers, so that a traceback can point at
the cell. Everything else is left out; what the learner should know about that (a magic that
defined a name the function uses, a function defined twice) comes back as notes for the
feedback.

Names a function body uses are looked up as Python does when the function is *called* (the
last definition in the notebook); names a module-level statement uses, as when it *runs* (the
last definition above it), with ``symtable`` telling locals from globals.
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

BUILTINS = frozenset(dir(builtins))
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef) + COMPREHENSIONS
DEFINITIONS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Assign,
    ast.AnnAssign,
    ast.AugAssign,
    ast.Import,
    ast.ImportFrom,
)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
NAMED_SCOPES = FUNCTIONS + (ast.ClassDef,)
UNNAMED_SCOPES = (ast.Lambda,) + COMPREHENSIONS
IMPORTS = (ast.Import, ast.ImportFrom)
COMPREHENSION_SCOPES = frozenset({"listcomp", "setcomp", "dictcomp", "genexpr"})
NOTED = 5
"""Notes of one kind at most: a learner needs the first few, and a hostile notebook with
thousands of undefined names must not make the grader scan its cells thousands of times."""

# IPython syntax that is not Python: line magics, shell escapes (also assigned: ``x = !ls``),
# help (``np.dot?``). Only looked for when a cell does not parse as it is, so a ``%`` that
# continues an expression in brackets stays Python.
_MAGIC_LINE = re.compile(r"^\s*(?:[%!]|\?)")
_ASSIGNED_ESCAPE = re.compile(r"^\s*([A-Za-z_][\w\s,]*?)\s*=\s*[%!]")
_HELP_LINE = re.compile(r"^\s*[\w.]+\s*\?\??\s*$")
_WORD = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Cell:
    """A code cell's text and how to name it to a person (``cell 4 (In [7])``)."""

    label: str
    text: str


@dataclass(frozen=True)
class Dropped:
    """A line (or a whole ``%%`` cell) left out because it is IPython syntax, not Python."""

    cell: int
    line: int
    text: str
    names: frozenset[str] = frozenset()
    """Names it would have set (``files = !ls``, or what a ``%%`` cell defines)."""
    whole_cell: bool = False


@dataclass(frozen=True)
class Program:
    """What is run for one function, or why nothing can be."""

    source: str = ""
    notes: tuple[str, ...] = ()
    """What the feedback says about how the notebook was read."""
    problem: str | None = None
    """Set when there is nothing to run: an unreadable cell, the function nowhere."""
    lines: tuple[tuple[int, int], ...] = ()
    """For each line of ``source`` (1-based, index 0 unused), its (cell index, line)."""
    cells: tuple[Cell, ...] = ()
    undefined: tuple[str, ...] = ()
    """Names the program uses that no cell defines (nor Python's builtins)."""

    def where(self, line: int) -> str | None:
        """``cell 4 (In [7]), line 2`` for a line of ``source``."""
        if 0 < line < len(self.lines):
            cell, at = self.lines[line]
            return f"{self.cells[cell].label}, line {at}"
        return None


@dataclass
class _Statement:
    index: int
    cell: int
    node: ast.stmt
    first: int
    last: int
    definition: bool
    binds: frozenset[str]
    run_refs: frozenset[str] = frozenset()
    """Global names read when the statement runs (values, decorators, defaults, class bodies)."""
    call_refs: frozenset[str] = frozenset()
    """Global names read when a function it defines is called."""


@dataclass
class _Cells:
    """The notebook's code cells as parsed statements."""

    cells: Sequence[Cell]
    texts: list[list[str]] = field(default_factory=list)
    statements: list[_Statement] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    problem: str | None = None


def extract(cells: Sequence[Cell], function: str, *, target_line: int | None = None) -> Program:
    """The program to run for ``function``: see the module's docstring. ``target_line``
    picks the definition in the last cell that spans that line instead of the last one (a
    function object knows where it was defined)."""
    parsed = _parse(cells)
    if parsed.problem is not None:
        return Program(problem=parsed.problem, cells=tuple(cells))
    return _Extraction(parsed, function, target_line).program()


@dataclass(frozen=True)
class WrittenAnswer:
    """A text answer written in a notebook's ``check`` call."""

    text: str
    variant: str | None = None
    """The call's ``variant=N`` for a family, as written (checked where the family is)."""


def written_answer(cells: Sequence[Cell], exercise: str) -> WrittenAnswer | None:
    """The text answer a notebook gives in a ``check("PACK/ID", "answer")`` call (what
    ``start --notebook`` writes for expression and choice exercises, with ``variant=N`` for a
    family's variant); the last one wins."""
    found = None
    for cell in cells:
        if exercise not in cell.text:
            continue
        try:
            tree = ast.parse(_strip_ipython(cell.text)[0])
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _called(node.func) == "check"
                and len(node.args) >= 2
                and isinstance(first := node.args[0], ast.Constant)
                and isinstance(second := node.args[1], ast.Constant)
                and isinstance(first.value, str)
                and isinstance(second.value, str)
                and first.value == exercise
            ):
                found = WrittenAnswer(second.value, _variant_keyword(node))
    return found


def _variant_keyword(call: ast.Call) -> str | None:
    """``variant=N`` as written: a literal is read as its text (``VariantError`` words what
    is not a number); anything else is shown as the source the learner wrote."""
    for keyword in call.keywords:
        if keyword.arg == "variant":
            value = keyword.value
            if isinstance(value, ast.Constant) and value.value is not None:
                return str(value.value)
            return ast.unparse(value)
    return None


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _strip_ipython(text: str) -> tuple[str, list[tuple[int, str, frozenset[str]]]]:
    """A cell's text with IPython-only lines replaced by ``pass`` (so that blocks stay blocks
    and line numbers stay put); the lines dropped, with the names they would have set."""
    out, dropped = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        assigned = _ASSIGNED_ESCAPE.match(line)
        if _MAGIC_LINE.match(line) or _HELP_LINE.match(line) or assigned:
            names = (
                frozenset(n.strip() for n in assigned.group(1).split(","))
                if assigned
                else frozenset()
            )
            dropped.append((number, line.strip(), names))
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}pass")
        else:
            out.append(line)
    return "\n".join(out) + "\n", dropped


def _parse(cells: Sequence[Cell]) -> _Cells:
    parsed = _Cells(cells)
    for number, cell in enumerate(cells):
        try:
            _parse_cell(parsed, number, cell)
        except (RecursionError, MemoryError):  # the parser's own limits on nesting
            parsed.problem = (
                f"{cell.label} cannot be read as Python: it is nested too "
                "deeply (brackets or operators thousands of levels deep)."
            )
        if parsed.problem is not None:
            break
    return parsed


def _parse_cell(parsed: _Cells, number: int, cell: Cell) -> None:
    """Adds the cell's statements to ``parsed``, or sets its ``problem``."""
    text = cell.text
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("%%"):  # a cell magic: the whole cell is not Python
        parsed.dropped.append(
            Dropped(number, 1, first.strip(), _cell_magic_names(text), whole_cell=True)
        )
        parsed.texts.append([])
        return
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        text, dropped = _strip_ipython(text)
        parsed.dropped.extend(
            Dropped(number, line, source, names) for line, source, names in dropped
        )
        try:
            tree = ast.parse(text)
        except SyntaxError as error:
            parsed.problem = _syntax_problem(cell, error, bool(dropped))
            return
        except ValueError as error:  # a NUL character
            parsed.problem = f"{cell.label} cannot be read as Python: {error}"
            return
    lines = text.splitlines()
    parsed.texts.append(lines)
    try:
        table = symtable.symtable(text, cell.label, "exec")
    except SyntaxError as error:  # e.g. a nonlocal without a binding: ast accepts it
        parsed.problem = _syntax_problem(cell, error, False)
        return
    scopes = _scopes_by_line(table)
    for node in tree.body:
        parsed.statements.append(_statement(len(parsed.statements), number, node, scopes))


def _syntax_problem(cell: Cell, error: SyntaxError, stripped: bool) -> str:
    where = (f" on line {error.lineno}" if error.lineno else "") + (
        f", column {error.offset}" if error.lineno and error.offset else ""
    )
    text = (error.text or "").strip()
    message = f"{cell.label} cannot be read as Python: {error.msg}{where}"
    if text:
        message += f":\n    {text}"
    if stripped:
        message += (
            "\n(IPython magics and ! lines in it were left out first; the rest must be Python.)"
        )
    return message + ("\nFix the cell, or turn it into a Markdown cell if it is not code.")


def _cell_magic_names(text: str) -> frozenset[str]:
    body = "\n".join(text.splitlines()[1:])
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    return frozenset().union(*(_binds(node) for node in tree.body)) if tree.body else frozenset()


def _scopes_by_line(table: symtable.SymbolTable) -> dict[int, list[symtable.SymbolTable]]:
    scopes: dict[int, list[symtable.SymbolTable]] = {}
    for child in table.get_children():
        scopes.setdefault(child.get_lineno(), []).append(child)
    return scopes


def _statement(
    index: int, cell: int, node: ast.stmt, scopes: dict[int, list[symtable.SymbolTable]]
) -> _Statement:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
    last = node.end_lineno or node.lineno
    run_refs: set[str] = set(_run_time_loads(node))
    call_refs: set[str] = set()
    for line in range(first, last + 1):
        for table in scopes.get(line, ()):
            _scope_refs(table, run_refs, call_refs, called=False)
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        run_refs.add(node.target.id)
    return _Statement(
        index,
        cell,
        node,
        first,
        last,
        _is_definition(node),
        _binds(node),
        frozenset(run_refs),
        frozenset(call_refs),
    )


def _scope_refs(
    table: symtable.SymbolTable, run_refs: set[str], call_refs: set[str], called: bool
) -> None:
    """Global names a nested scope reads, sorted by when: a function's body when it is
    called; a class body (or a comprehension) when its enclosing code runs."""
    kind = table.get_type()
    is_function = kind == "function" and table.get_name() not in COMPREHENSION_SCOPES
    called = called or is_function
    target = call_refs if called else run_refs
    for symbol in table.get_symbols():
        if symbol.is_referenced() and (
            symbol.is_global() or (kind == "class" and not symbol.is_local())
        ):
            target.add(symbol.get_name())
    for child in table.get_children():
        _scope_refs(child, run_refs, call_refs, called)


def _run_time_loads(node: ast.AST) -> set[str]:
    """Names read at module level by ``node``, without the bodies of nested scopes."""
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Load):
            names.add(current.id)
        if isinstance(current, NESTED) and current is not node:
            continue  # their names are in their symbol tables
        if isinstance(current, NAMED_SCOPES) and current is node:
            stack.extend(_header_parts(current))
            continue
        stack.extend(ast.iter_child_nodes(current))
    return names


def _header_parts(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[ast.AST]:
    """What runs when a ``def`` or ``class`` statement runs: decorators, defaults, bases."""
    parts: list[ast.AST] = list(node.decorator_list)
    if isinstance(node, ast.ClassDef):
        return parts + list(node.bases) + [k.value for k in node.keywords]
    args = node.args
    parts += [d for d in args.defaults + args.kw_defaults if d is not None]
    parts += [
        a.annotation
        for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
        if a is not None and a.annotation is not None
    ]
    return parts + ([node.returns] if node.returns is not None else [])


def _is_definition(node: ast.stmt) -> bool:
    """Statements that only define names, which are the ones ever run."""
    if isinstance(node, ast.ImportFrom) and node.module == "__future__":
        return False  # a cell compiles on its own in Jupyter; here it could not come first
    if isinstance(node, ast.AnnAssign):
        return node.value is not None and isinstance(node.target, ast.Name)
    if isinstance(node, DEFINITIONS):
        return True
    if isinstance(node, (ast.If, ast.Try)):  # `try: import x / except ImportError: x = None`
        bodies = [node.body, node.orelse] + (
            [node.finalbody] + [h.body for h in node.handlers] if isinstance(node, ast.Try) else []
        )
        return all(
            _is_definition(s) or isinstance(s, ast.Pass) or _is_docstring(s)
            for body in bodies
            for s in body
        )
    return False


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _binds(node: ast.stmt) -> frozenset[str]:
    """The module-level names ``node`` sets when it runs (``*`` for a star import)."""
    names: set[str] = set()
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, NAMED_SCOPES):
            names.add(current.name)
            continue
        if isinstance(current, UNNAMED_SCOPES):
            continue
        if isinstance(current, IMPORTS):
            for alias in current.names:
                names.add(alias.asname or alias.name.split(".")[0])
            continue
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Store):
            names.add(current.id)
        if isinstance(current, ast.ExceptHandler) and current.name:
            names.add(current.name)
        stack.extend(ast.iter_child_nodes(current))
    return frozenset(names)


class _Extraction:
    def __init__(self, parsed: _Cells, function: str, target_line: int | None):
        self.parsed = parsed
        self.function = function
        self.target_line = target_line
        self.cells = parsed.cells
        self.binders: dict[str, list[_Statement]] = {}
        for statement in parsed.statements:
            if statement.definition:
                for name in statement.binds:
                    self.binders.setdefault(name, []).append(statement)
        self.notes: list[str] = []

    def _resolve(self, name: str, before: int | None) -> _Statement | None:
        for statement in reversed(self.binders.get(name, ())):
            if before is None or statement.index < before:
                return statement
        return None

    def _target(self) -> _Statement | None:
        if self.target_line is not None:
            last_cell = len(self.cells) - 1
            for statement in self.binders.get(self.function, ()):
                if (
                    statement.cell == last_cell
                    and statement.first <= self.target_line <= statement.last
                ):
                    return statement
        return self._resolve(self.function, None)

    def program(self) -> Program:
        target = self._target()
        if target is None:
            return Program(
                problem=self._missing(), notes=tuple(self.notes), cells=tuple(self.cells)
            )
        included = {target.index: target}
        unresolved: dict[str, _Statement] = {}
        queue = [target]
        while queue:
            statement = queue.pop()
            wanted = [(n, statement.index) for n in statement.run_refs] + [
                (n, None) for n in statement.call_refs
            ]
            for name, before in sorted(wanted, key=lambda w: (w[0], w[1] is None)):
                if name in BUILTINS and name not in self.binders:
                    continue
                found = self._resolve(name, before)
                if found is None:
                    unresolved.setdefault(name, statement)
                elif found.index not in included:
                    included[found.index] = found
                    queue.append(found)
        if unresolved and "*" in self.binders:  # a star import may define them
            for star in self.binders["*"]:
                included.setdefault(star.index, star)
        self._note_twice(included.values())
        self._note_unresolved(unresolved)
        self._note_dropped_inside(included.values())
        program = self._render(sorted(included.values(), key=lambda s: s.index))
        return replace(
            program,
            undefined=tuple(sorted(n for n in unresolved if self._resolve(n, None) is None)),
        )

    def _render(self, statements: list[_Statement]) -> Program:
        offsets, total = [], 0
        for lines in self.parsed.texts:
            offsets.append(total)
            total += len(lines)
        out = [""] * (total + 1)
        where = [(0, 0)] * (total + 1)
        for number, lines in enumerate(self.parsed.texts):
            for at in range(1, len(lines) + 1):
                where[offsets[number] + at] = (number, at)
        for statement in statements:
            lines = self.parsed.texts[statement.cell]
            base = offsets[statement.cell]
            node = statement.node
            for at in range(statement.first, statement.last + 1):
                text = lines[at - 1]
                if _simple(node):  # it may share its first and last lines with others
                    text = _columns(
                        text,
                        node.col_offset if at == statement.first else 0,
                        node.end_col_offset if at == statement.last else None,
                    )
                line = base + at
                out[line] = f"{out[line]}; {text}" if out[line] and at == statement.first else text
        source = "\n".join(out[1:]) + "\n"
        return Program(
            source=source, notes=tuple(self.notes), lines=tuple(where), cells=tuple(self.cells)
        )

    def _missing(self) -> str:
        message = f"no code cell defines {self.function}(), the function this exercise asks for"
        for drop in self.parsed.dropped:
            if self.function in drop.names:
                self.notes.append(
                    f"{self.function}() is defined in {self.cells[drop.cell].label}, which "
                    f"starts with {drop.text.split()[0]}: cell magics are not run, so move "
                    "the function into a plain code cell."
                    if drop.whole_cell
                    else f"{self.function} is set only by an IPython line in "
                    f"{self.cells[drop.cell].label} ({drop.text}), which is not run."
                )
        for statement in self.parsed.statements:
            if self.function in statement.binds and not statement.definition:
                self.notes.append(
                    f"{self.function} is set in {self.cells[statement.cell].label} by a "
                    f"statement that is not a definition, which is not run: define it with "
                    "def at the top level of a cell."
                )
        return message + "."

    def _note_twice(self, included) -> None:
        for statement in included:
            if not isinstance(statement.node, FUNCTIONS):
                continue
            name = statement.node.name
            defs = [
                s
                for s in self.binders.get(name, ())
                if isinstance(s.node, FUNCTIONS) and s.node.name == name
            ]
            if len(defs) > 1:
                places = ", ".join(self.cells[s.cell].label for s in defs[:-1])
                self.notes.append(
                    f"{name}() is defined {len(defs)} times (in {places} and "
                    f"{self.cells[defs[-1].cell].label}): the last definition, in "
                    f"{self.cells[defs[-1].cell].label}, is the one used, as when the "
                    "notebook is run from the top."
                )

    def _note_unresolved(self, unresolved: dict[str, _Statement]) -> None:
        for name, user in sorted(unresolved.items())[:NOTED]:
            used_in = self.cells[user.cell].label
            later = self._resolve(name, None)
            if later is not None:
                self.notes.append(
                    f"{name} is used in {used_in} before any cell above it defines it (it is "
                    f"defined in {self.cells[later.cell].label}): the notebook is read from "
                    "the top, so define it first."
                )
                continue
            drop = next(
                (
                    d
                    for d in self.parsed.dropped
                    if name in d.names or (not d.whole_cell and name in _WORD.findall(d.text))
                ),
                None,
            )
            if drop is not None:
                self.notes.append(
                    f"{name} is used in {used_in} but set only by IPython syntax in "
                    f"{self.cells[drop.cell].label} ({drop.text}), which is not run: "
                    "magics and ! lines are left out; set it in plain Python."
                )
                continue
            other = next(
                (s for s in self.parsed.statements if name in s.binds and not s.definition), None
            )
            if other is not None:
                self.notes.append(
                    f"{name} is used in {used_in} but set only in "
                    f"{self.cells[other.cell].label} by a statement that is not a "
                    "definition (a loop, a with block, a call): only functions, classes, "
                    "imports and assignments are run; compute it inside the function."
                )

    def _note_dropped_inside(self, included) -> None:
        run = {(s.cell, line) for s in included for line in range(s.first, s.last + 1)}
        inside = [d for d in self.parsed.dropped if (d.cell, d.line) in run and not d.whole_cell]
        for drop in inside[:NOTED]:
            self.notes.append(
                f"Line {drop.line} of {self.cells[drop.cell].label} ({drop.text}) is "
                "IPython syntax and was left out of the code that is run."
            )


def _simple(node: ast.stmt) -> bool:
    """A statement that may share its line with others (``a = 1; b = 2``)."""
    return not isinstance(
        node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.Try)
    )


def _columns(line: str, start: int, end: int | None) -> str:
    """Part of a line by ``ast``'s column offsets, which count UTF-8 bytes."""
    data = line.encode("utf-8")
    return data[start:end].decode("utf-8")
