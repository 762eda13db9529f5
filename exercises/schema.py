"""Reading ``pack.toml`` and ``exercise.toml`` into models, checking every field on the way.

Each reader records problems instead of stopping at the first, so that an instructor fixing a
pack sees the whole list in one run. Only the format is checked here; whether a reference is
right is the graders' job (``pack validate``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exercises.model import (
    DEFAULT_ATOL,
    DEFAULT_RTOL,
    Choice,
    ChoiceSpec,
    CodeMistake,
    CodeSpec,
    Exercise,
    ExpressionSpec,
    FamilySpec,
    FunctionSpec,
    InputSpec,
    Pack,
    QuantitySpec,
    Source,
    SymbolSpec,
    WrongAnswer,
)
from exercises.parse_cache import ParseCache
from exercises.problems import Problem, did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DIM_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

PACK_KEYS = {"id", "title", "version", "description", "authors", "exercises", "order"}
EXERCISE_KEYS = {"id", "title", "kind", "difficulty", "tags", "hints", "sources", "family"}
"""The keys every exercise has; each kind adds its own table (``SECTIONS``). An expression
exercise may give a ``[family]`` (a template) instead of its ``[expression]`` table."""
SOURCE_KEYS = {"document", "author", "section"}
CODE_KEYS = {
    "function",
    "signature",
    "outputs",
    "module",
    "reference",
    "starter",
    "dims",
    "inputs",
    "generator",
    "cost",
    "gradients",
    "rtol",
    "atol",
    "trials",
    "mistakes",
}
MISTAKE_KEYS = {"id", "function", "feedback"}
EXPRESSION_KEYS = {"symbols", "functions", "quantities", "expected", "cost", "wrt", "wrong", "dims"}
SYMBOL_KEYS = {"shape", "spellings", "description", "symmetric"}
FAMILY_KEYS = {"template", "retries"}
"""Any other key of [family] is an option of its template (checked by ``pack validate``)."""
FUNCTION_KEYS = {"spellings", "derivative_of"}
QUANTITY_KEYS = {"definition", "spellings"}
WRONG_KEYS = {"expression", "mistake", "feedback"}
CHOICE_KEYS = {"options", "correct"}
OPTION_KEYS = {"key", "text", "feedback", "mistake"}


class Reader:
    """Typed access to a TOML table that records a problem for each bad or unknown field."""

    def __init__(self, file: Path, problems: list[Problem], cache: ParseCache):
        self.file = file
        self.problems = problems
        self.cache = cache

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message))

    def table(self, data: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problem(where, f"must be a table, not {type(data).__name__}")
            return {}
        for key in data:
            if key not in allowed:
                self.problem(_join(where, key), f"unknown key '{key}'{did_you_mean(key, allowed)}")
        return data

    def get(
        self,
        data: dict,
        where: str,
        key: str,
        kind: type | tuple,
        *,
        required: bool,
        default: Any = None,
    ) -> Any:
        field = _join(where, key)
        if key not in data:
            if required:
                self.problem(field, f"missing required field '{key}'")
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            names = " or ".join(_type_name(k) for k in kinds)
            self.problem(field, f"must be {names}, not {_type_name(type(value))}")
            return default
        return value

    def text(
        self, data: dict, where: str, key: str, *, required: bool = True, default: str = ""
    ) -> str:
        value = self.get(data, where, key, str, required=required, default=default)
        if required and isinstance(value, str) and not value.strip():
            self.problem(_join(where, key), f"'{key}' must not be empty")
        return value

    def strings(self, data: dict, where: str, key: str, *, required: bool = False) -> tuple:
        value = self.get(data, where, key, list, required=required, default=[])
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            else:
                self.problem(f"{_join(where, key)}[{i}]", "must be a string")
        return tuple(out)

    def identifier(self, data: dict, where: str, key: str) -> str:
        value = self.text(data, where, key)
        if value and not ID_PATTERN.match(value):
            self.problem(
                _join(where, key),
                f"'{value}' is not a valid id: use lowercase letters, digits and '-'",
            )
        return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(kind: type) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
        bool: "true or false",
    }.get(kind, kind.__name__)


def read_toml(file: Path, problems: list[Problem], cache: ParseCache) -> dict[str, Any] | None:
    try:
        return cache.toml(file)
    except FileNotFoundError:
        problems.append(Problem(file, "", "file is missing"))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(file, "", f"not valid TOML: {error}"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(file, "", f"cannot be read: {error}"))
    return None


def read_pack(
    folder: Path, origin: str, problems: list[Problem], cache: ParseCache | None = None
) -> Pack | None:
    """Read a pack folder; exercises with problems are left out, the rest still load."""
    cache = cache or ParseCache()
    pack_file = folder / "pack.toml"
    data = read_toml(pack_file, problems, cache)
    if data is None:
        return None
    r = Reader(pack_file, problems, cache)
    r.table(data, "", PACK_KEYS)
    before = len(problems)
    pack_id = r.identifier(data, "", "id")
    title = r.text(data, "", "title")
    version = r.text(data, "", "version")
    description = r.text(data, "", "description", required=False)
    authors = r.strings(data, "", "authors")
    order = r.strings(data, "", "exercises", required=True)
    position = r.get(data, "", "order", int, required=False)
    if position is not None and position < 0:
        r.problem("order", f"order must be 0 or more, not {position}")
    if len(problems) > before:
        return None
    exercises = []
    seen: set[str] = set()
    for i, exercise_id in enumerate(order):
        if exercise_id in seen:
            r.problem(f"exercises[{i}]", f"duplicate exercise id '{exercise_id}'")
            continue
        seen.add(exercise_id)
        sub = folder / exercise_id
        if not sub.is_dir():
            others = [p.name for p in folder.iterdir() if p.is_dir() and p.name not in seen]
            r.problem(
                f"exercises[{i}]",
                f"no folder '{exercise_id}' for this exercise{did_you_mean(exercise_id, others)}",
            )
            continue
        exercise = read_exercise(sub, pack_id, version, problems, cache)
        if exercise is not None:
            exercises.append(exercise)
    listed = set(order)
    for sub in sorted(folder.iterdir()):
        if (sub / "exercise.toml").is_file() and sub.name not in listed:
            r.problem("exercises", f"folder '{sub.name}' has an exercise.toml but is not listed")
    return Pack(
        id=pack_id,
        title=title,
        version=version,
        description=description,
        folder=folder,
        exercises=tuple(exercises),
        authors=authors,
        origin=origin,
        order=position,
    )


def read_exercise(
    folder: Path,
    pack_id: str,
    pack_version: str,
    problems: list[Problem],
    cache: ParseCache | None = None,
) -> Exercise | None:
    cache = cache or ParseCache()
    file = folder / "exercise.toml"
    data = read_toml(file, problems, cache)
    if data is None:
        return None
    r = Reader(file, problems, cache)
    before = len(problems)
    r.table(data, "", EXERCISE_KEYS | set(SECTIONS))
    exercise_id = data.get("id", folder.name)
    if not isinstance(exercise_id, str) or exercise_id != folder.name:
        r.problem("id", f"id '{exercise_id}' must match its folder name '{folder.name}'")
    elif not ID_PATTERN.match(exercise_id):
        r.problem("id", f"'{exercise_id}' is not a valid id: use lowercase letters, digits and '-'")
    title = r.text(data, "", "title")
    kind = r.text(data, "", "kind")
    if kind and kind not in SECTIONS:
        r.problem(
            "kind",
            f"kind must be one of {', '.join(SECTIONS)}, not '{kind}'"
            f"{did_you_mean(kind, tuple(SECTIONS))}",
        )
    difficulty = r.get(data, "", "difficulty", int, required=True, default=1)
    if not 1 <= difficulty <= 5:
        r.problem("difficulty", f"difficulty must be from 1 to 5, not {difficulty}")
    tags = r.strings(data, "", "tags")
    hints = r.strings(data, "", "hints")
    sources = _sources(r, data)
    prompt_path = folder / "prompt.md"
    if not prompt_path.is_file():
        r.problem("", f"prompt file {prompt_path.name} is missing")
    solution_path = folder / "solution.md"
    for section in SECTIONS:
        if section in data and section != kind:
            r.problem(section, f"[{section}] does not belong to a '{kind}' exercise")
    parsed: dict[str, Any] = {}
    if "family" in data:
        if kind != "expression":
            r.problem("family", "a [family] is an expression exercise's template")
        elif kind in data:
            r.problem("family", "give either [family] (a template) or [expression], not both")
        else:
            parsed["family"] = _family(r, data["family"])
    if kind in SECTIONS and kind not in data and "family" not in parsed:
        r.problem(kind, f"a '{kind}' exercise needs a [{kind}] table")
    if kind in SECTIONS and kind in data:
        reader = SECTIONS[kind]
        parsed[reader.field] = reader.parse(r, folder, data[kind])
    if len(problems) > before:
        return None
    return Exercise(
        pack=pack_id,
        id=exercise_id,
        title=title,
        kind=kind,
        folder=folder,
        prompt_path=prompt_path,
        difficulty=difficulty,
        sources=sources,
        hints=hints,
        tags=tags,
        pack_version=pack_version,
        **parsed,
        solution_path=solution_path if solution_path.is_file() else None,
    )


def _sources(r: Reader, data: dict) -> tuple[Source, ...]:
    raw = r.get(data, "", "sources", list, required=True, default=[])
    if "sources" in data and not raw:
        r.problem("sources", "cite at least one source document")
    out = []
    for i, item in enumerate(raw):
        where = f"sources[{i}]"
        table = r.table(item, where, SOURCE_KEYS)
        if table:
            out.append(
                Source(
                    document=r.text(table, where, "document"),
                    author=r.text(table, where, "author"),
                    section=r.text(table, where, "section"),
                )
            )
    return tuple(out)


def _code(r: Reader, folder: Path, raw: Any) -> CodeSpec | None:
    t = r.table(raw, "code", CODE_KEYS)
    function = r.text(t, "code", "function")
    signature = r.text(t, "code", "signature", required=False, default=f"{function}(...)")
    outputs = r.strings(t, "code", "outputs", required=True)
    if "outputs" in t and not outputs:
        r.problem("code.outputs", "name at least one output")
    module = folder / r.text(t, "code", "module", required=False, default="reference.py")
    starter = folder / r.text(t, "code", "starter", required=False, default="starter.py")
    reference = r.text(t, "code", "reference")
    generator = r.get(t, "code", "generator", str, required=False)
    cost = r.get(t, "code", "cost", str, required=False)
    dims = _dims(r, r.get(t, "code", "dims", dict, required=False, default={}))
    inputs = _inputs(
        r, r.get(t, "code", "inputs", dict, required=True, default={}), dims, generator
    )
    gradients = r.get(t, "code", "gradients", dict, required=False, default={})
    input_names = {i.name for i in inputs}
    for out, inp in gradients.items():
        if out not in outputs:
            r.problem(
                f"code.gradients.{out}", f"'{out}' is not an output{did_you_mean(out, outputs)}"
            )
        if inp not in input_names:
            r.problem(
                f"code.gradients.{out}",
                f"'{inp}' is not an input{did_you_mean(str(inp), input_names)}",
            )
    if gradients and not cost:
        r.problem("code.gradients", "gradients are checked against a cost: add 'cost'")
    rtol = float(r.get(t, "code", "rtol", (float, int), required=False, default=DEFAULT_RTOL))
    atol = float(r.get(t, "code", "atol", (float, int), required=False, default=DEFAULT_ATOL))
    trials = r.get(t, "code", "trials", int, required=False, default=3)
    if not 1 <= trials <= 50:
        r.problem("code.trials", f"trials must be from 1 to 50, not {trials}")
    mistakes = []
    for i, item in enumerate(r.get(t, "code", "mistakes", list, required=False, default=[])):
        where = f"code.mistakes[{i}]"
        m = r.table(item, where, MISTAKE_KEYS)
        if m:
            mistakes.append(
                CodeMistake(
                    id=r.identifier(m, where, "id"),
                    function=r.text(m, where, "function"),
                    feedback=r.text(m, where, "feedback"),
                )
            )
    _check_module(r, module, starter, function, reference, generator, cost, mistakes)
    return CodeSpec(
        function=function,
        signature=signature,
        outputs=outputs,
        module=module,
        reference=reference,
        starter=starter,
        dims=dims,
        inputs=inputs,
        generator=generator,
        cost=cost,
        gradients=dict(gradients),
        rtol=rtol,
        atol=atol,
        trials=trials,
        mistakes=tuple(mistakes),
    )


def _dims(r: Reader, raw: dict) -> dict[str, tuple[int, int]]:
    dims = {}
    for name, bounds in raw.items():
        where = f"code.dims.{name}"
        if not DIM_PATTERN.match(name):
            r.problem(where, f"dimension name '{name}' must be an identifier")
        if (
            not isinstance(bounds, list)
            or len(bounds) != 2
            or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
        ):
            r.problem(where, "a dimension is [low, high], two integers")
            continue
        low, high = bounds
        if not 1 <= low <= high <= 64:
            r.problem(where, f"need 1 <= low <= high <= 64, not [{low}, {high}]")
            continue
        dims[name] = (low, high)
    return dims


def _inputs(r: Reader, raw: dict, dims: dict, generator: str | None) -> tuple[InputSpec, ...]:
    if not raw:
        r.problem("code.inputs", "declare the function's arguments, in order")
    inputs = []
    for name, shape in raw.items():
        where = f"code.inputs.{name}"
        if shape == "generated":
            if not generator:
                r.problem(where, "a 'generated' input needs code.generator")
            inputs.append(InputSpec(name, "generated"))
        elif shape == "scalar":
            inputs.append(InputSpec(name, "scalar"))
        elif isinstance(shape, list):
            parts: list[int | str] = []
            for d in shape:
                if isinstance(d, int) and not isinstance(d, bool) and d >= 1:
                    parts.append(d)
                elif isinstance(d, str) and d in dims:
                    parts.append(d)
                else:
                    r.problem(
                        where,
                        f"dimension '{d}' is not declared in code.dims"
                        f"{did_you_mean(str(d), tuple(dims))}",
                    )
            inputs.append(InputSpec(name, "array", tuple(parts)))
        else:
            r.problem(where, 'an input is a shape list like ["m", "n"], "scalar" or "generated"')
    return tuple(inputs)


def _check_module(
    r: Reader,
    module: Path,
    starter: Path,
    function: str,
    reference: str,
    generator: str | None,
    cost: str | None,
    mistakes: list[CodeMistake],
) -> None:
    """Check, without running it, that the reference module defines what the TOML names."""
    if not starter.is_file():
        r.problem("code.starter", f"starter file {starter.name} is missing")
    else:
        starter_defs = _module_functions(r, starter, "code.starter")
        if starter_defs is not None and function and function not in starter_defs:
            r.problem("code.starter", f"{starter.name} does not define {function}()")
    if not module.is_file():
        r.problem("code.module", f"reference module {module.name} is missing")
        return
    defined = _module_functions(r, module, "code.module")
    if defined is None:
        return
    wanted = [("code.reference", reference), ("code.generator", generator), ("code.cost", cost)]
    wanted += [(f"code.mistakes[{i}].function", m.function) for i, m in enumerate(mistakes)]
    for field, name in wanted:
        if name and name not in defined:
            r.problem(
                field, f"{module.name} defines no function '{name}'{did_you_mean(name, defined)}"
            )


def _module_functions(r: Reader, file: Path, field: str) -> set[str] | None:
    try:
        return set(r.cache.functions(file))
    except SyntaxError as error:
        r.problem(field, f"{file.name} cannot be imported: syntax error on line {error.lineno}")
        return None
    except (OSError, UnicodeDecodeError) as error:
        r.problem(field, f"{file.name} cannot be read: {error}")
        return None


def _shape(r: Reader, where: str, raw: Any) -> tuple | None:
    if (
        isinstance(raw, list)
        and len(raw) == 2
        and all(
            (isinstance(d, int) and not isinstance(d, bool) and d >= 1)
            or (isinstance(d, str) and DIM_PATTERN.match(d))
            for d in raw
        )
    ):
        return tuple(raw)
    r.problem(where, "shape is [rows, cols], each a dimension name or a positive integer")
    return None


def _expression(r: Reader, folder: Path, raw: Any) -> ExpressionSpec | None:
    t = r.table(raw, "expression", EXPRESSION_KEYS)
    symbols = []
    for name, spec in r.get(t, "expression", "symbols", dict, required=True, default={}).items():
        where = f"expression.symbols.{name}"
        s = r.table(spec, where, SYMBOL_KEYS)
        shape = _shape(r, f"{where}.shape", s.get("shape")) if s else None
        if shape is not None:
            symmetric = r.get(s, where, "symmetric", bool, required=False, default=False)
            if symmetric and shape[0] != shape[1]:
                r.problem(f"{where}.symmetric", "only a square matrix can be symmetric")
            symbols.append(
                SymbolSpec(
                    name=name,
                    shape=shape,
                    spellings=r.strings(s, where, "spellings"),
                    description=r.text(s, where, "description", required=False),
                    symmetric=symmetric,
                )
            )
    functions = []
    raw_functions = r.get(t, "expression", "functions", dict, required=False, default={})
    for name, spec in raw_functions.items():
        where = f"expression.functions.{name}"
        f = r.table(spec, where, FUNCTION_KEYS)
        base = r.get(f, where, "derivative_of", str, required=False)
        if base is not None and base not in raw_functions:
            r.problem(
                f"{where}.derivative_of",
                f"'{base}' is not a declared function{did_you_mean(base, raw_functions)}",
            )
        functions.append(FunctionSpec(name, r.strings(f, where, "spellings"), base))
    quantities = []
    raw_q = r.get(t, "expression", "quantities", dict, required=False, default={})
    for name, spec in raw_q.items():
        where = f"expression.quantities.{name}"
        q = r.table(spec, where, QUANTITY_KEYS)
        if q:
            quantities.append(
                QuantitySpec(name, r.text(q, where, "definition"), r.strings(q, where, "spellings"))
            )
    expected = r.strings(t, "expression", "expected", required=True)
    if "expected" in t and not expected:
        r.problem("expression.expected", "give at least one expected answer")
    cost = r.get(t, "expression", "cost", str, required=False)
    wrt = r.get(t, "expression", "wrt", str, required=False)
    names = {s.name for s in symbols}
    for variable in [] if wrt is None else [v.strip() for v in wrt.split(",")]:
        if variable not in names:
            r.problem(
                "expression.wrt",
                f"'{variable}' is not a declared symbol{did_you_mean(variable, names)}",
            )
    if cost is not None and wrt is None:  # wrt alone still checks the answer's shape
        r.problem(
            "expression.cost",
            "a 'cost' needs 'wrt': the variable the answer is its gradient with respect to",
        )
    wrong = []
    for i, item in enumerate(r.get(t, "expression", "wrong", list, required=False, default=[])):
        where = f"expression.wrong[{i}]"
        w = r.table(item, where, WRONG_KEYS)
        if w:
            wrong.append(
                WrongAnswer(
                    r.text(w, where, "expression"),
                    r.identifier(w, where, "mistake"),
                    r.text(w, where, "feedback"),
                )
            )
    dims = {}
    used = {d for s in symbols for d in s.shape if isinstance(d, str)}
    for dim, shown in r.get(t, "expression", "dims", dict, required=False, default={}).items():
        where = f"expression.dims.{dim}"
        if dim not in used:
            r.problem(where, f"'{dim}' is not a dimension of any symbol{did_you_mean(dim, used)}")
        elif not isinstance(shown, str) or not shown.strip():
            r.problem(where, 'give how the prompt writes the dimension, e.g. "n_{l+1}"')
        else:
            dims[dim] = shown
    return ExpressionSpec(
        symbols=tuple(symbols),
        expected=expected,
        functions=tuple(functions),
        quantities=tuple(quantities),
        cost=cost,
        wrt=wrt,
        wrong=tuple(wrong),
        dims=tuple(dims.items()),
    )


def _family(r: Reader, raw: Any) -> FamilySpec:
    t = r.get({"family": raw}, "", "family", dict, required=True, default={})
    template = r.text(t, "family", "template")
    retries = r.get(t, "family", "retries", int, required=False, default=3)
    if not 1 <= retries <= 20:
        r.problem("family.retries", f"retries must be from 1 to 20, not {retries}")
    options = []
    for key, value in t.items():
        if key in FAMILY_KEYS:
            continue
        if isinstance(value, list):
            value = tuple(value)
        items = value if isinstance(value, tuple) else (value,)
        if not all(isinstance(v, (str, int, float, bool)) for v in items):
            r.problem(
                f"family.{key}",
                "a template option is a string, a number, true/false or a list of those",
            )
            continue
        options.append((key, value))
    return FamilySpec(template, tuple(sorted(options)), retries)


def _choice(r: Reader, folder: Path, raw: Any) -> ChoiceSpec | None:
    t = r.table(raw, "choice", CHOICE_KEYS)
    options = []
    for i, item in enumerate(r.get(t, "choice", "options", list, required=True, default=[])):
        where = f"choice.options[{i}]"
        o = r.table(item, where, OPTION_KEYS)
        if o:
            options.append(
                Choice(
                    key=r.text(o, where, "key"),
                    text=r.text(o, where, "text"),
                    feedback=r.text(o, where, "feedback", required=False),
                    mistake=r.get(o, where, "mistake", str, required=False),
                )
            )
    keys = [o.key for o in options]
    if len(set(keys)) != len(keys):
        r.problem("choice.options", "option keys must be distinct")
    if len(options) < 2:
        r.problem("choice.options", "a choice needs at least two options")
    correct = r.text(t, "choice", "correct")
    if correct and correct not in keys:
        r.problem("choice.correct", f"'{correct}' is not one of the option keys {', '.join(keys)}")
    return ChoiceSpec(tuple(options), correct)


@dataclass(frozen=True)
class Section:
    """How one kind's table (``[code]``, ``[expression]``…) is read: ``parse`` turns the raw
    table into the kind's spec, recording problems on the reader, and the spec is stored in
    the exercise's field ``field``."""

    parse: Callable[[Reader, Path, Any], Any]
    field: str


SECTIONS: dict[str, Section] = {
    "code": Section(_code, "code"),
    "expression": Section(_expression, "expression"),
    "choice": Section(_choice, "choice"),
}
"""Kind -> how its table is read; a kind registered in ``grader.kinds`` adds itself here, its
spec going to ``Exercise.section``."""
