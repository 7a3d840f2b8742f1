"""Compile Mayak expressions to Polars expressions.

``_parse`` turns the text into one Python ``ast`` expression; ``_Compiler`` turns each node
into a typed ``pl.Expr``. Nothing is evaluated row by row.

Semantics (see docs/expressions.md):
- unknown (null) propagates: ``1 + null`` is null, ``null > 3`` is null;
- ``and`` / ``or`` / ``not`` follow three-valued (Kleene) logic: ``false and null`` is false,
  ``true or null`` is true, ``true and null`` is null;
- ``a if c else b`` is null when ``c`` is null;
- division, ``//`` and ``%`` by zero give null ("no data"), never inf or NaN; so does any
  arithmetic whose result would not be a finite number (``Z ** 10`` too large, ``1e308 * 10``).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import polars as pl
from msgspec import Struct
from simpleeval import SimpleEval

from mayak.expr._parse import MAX_EXPRESSION_LENGTH, MAX_NODES, CompileError, Parsed, parse
from mayak.expr._rounding import settled
from mayak.messages._catalogue import Hint, Key, kind_key
from mayak.messages._suggest import suggestion

__all__ = ["MAX_EXPRESSION_LENGTH", "MAX_NODES", "CompileError", "Kind", "Name", "Typed",
           "compile_expression", "finite", "names_used", "parse"]

Kind = Literal["number", "boolean", "string", "date", "null"]

MAX_POWER = 10
MAX_LIST_LENGTH = 200
MAX_LITERAL = 2**53  # numbers beyond this lose digits


class Typed(Struct, frozen=True):
    """A compiled expression and what kind of value it yields. ``overflow`` is true on the
    rows where some arithmetic inside gave a value that is not a finite number (it became
    unknown); None when the expression has no arithmetic that could. ``settled``: when
    ``expr`` is a computed number made finite, the number before that and the checks of
    ``overflow`` but its own (so that it can be computed once for both)."""

    expr: pl.Expr
    kind: Kind
    categories: tuple[str, ...] | None = None  # allowed values of a category column
    ordered: bool = False
    overflow: pl.Expr | None = None
    settled: tuple[pl.Expr, tuple[pl.Expr, ...]] | None = None


def without_noise(typed: Typed) -> Typed:
    """A number without the noise of binary arithmetic (see ``mayak.expr._rounding``): the
    value a derived column holds and a comparison reads, so that what a text shows of it
    is what was decided on. Other kinds as they are."""
    if typed.kind != "number":
        return typed
    return Typed(settled(typed.expr), typed.kind, overflow=typed.overflow)


class Name(Struct, frozen=True):
    """What a name in an expression refers to. ``misplaced``: a message key — the name
    exists, but not here (a dataset column in a formula). ``finite``: a number known to be
    finite or unknown (a count), which needs no check."""

    expr: pl.Expr
    kind: Kind
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    misplaced: str | None = None
    finite: bool = False


_NOT_FINITE = [math.inf, -math.inf, math.nan]


def finite(expr: pl.Expr, *, nonzero: bool = False) -> pl.Expr:
    """A number, or null instead of inf / NaN (NaN would compare above every number); with
    ``nonzero``, zero too is null (a denominator: division by zero is no data).

    ``expr`` is referenced once: a when/then (or ``fill_nan``) would copy it, and copies
    nested in copies grow exponentially. "nan", "inf" and 1e400 read from a file are
    numbers to Polars, but no data to a methodologist."""
    return expr.cast(pl.Float64).replace([0.0, *_NOT_FINITE] if nonzero else _NOT_FINITE, None)


_ARITHMETIC: dict[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: (a / b).floor(),
    ast.Mod: lambda a, b: a % b,
}
_DIVISIONS = (ast.Div, ast.FloorDiv, ast.Mod)
# Computed numbers (not a bare name or literal) are checked where a non-finite value would
# be misread: compared, listed, passed to a function, or the expression's result. Inside
# + - * the inf / NaN simply carry on to that point, so long sums stay cheap.
_COMPUTED = (ast.BinOp, ast.UnaryOp, ast.IfExp, ast.Call)
MAX_COPIES = 5000  # the expression tree once the parts used twice are counted twice

_COMPARISONS: dict[type[ast.cmpop], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}

_SYMBOLS: dict[type[ast.AST], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
    ast.Gt: ">", ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in", ast.And: "and",
    ast.Or: "or", ast.Not: "not", ast.USub: "-", ast.UAdd: "+",
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
    ast.MatMult: "@", ast.Invert: "~", ast.Is: "is", ast.IsNot: "is not",
}

# Plain names of what the language refuses (message keys).
_CONSTRUCTS: dict[type[ast.AST], str] = {
    ast.JoinedStr: "fstring", ast.FormattedValue: "fstring", ast.NamedExpr: "walrus",
    ast.Lambda: "lambda", ast.Tuple: "tuple", ast.List: "list", ast.Set: "set",
    ast.Dict: "dict", ast.Subscript: "subscript", ast.Slice: "slice",
    ast.ListComp: "comprehension", ast.SetComp: "comprehension",
    ast.DictComp: "comprehension", ast.GeneratorExp: "comprehension", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Starred: "starred",
}
_CONSTANTS: dict[type, str] = {bytes: "bytes", complex: "complex", type(...): "ellipsis"}

# Cyrillic letters that look like Latin ones: a name typed on the wrong keyboard layout.
_LATIN_TWINS = str.maketrans("аеорсухАВЕКМНОРСТХ", "aeopcyxABEKMHOPCTX")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


class _Compiler(SimpleEval):  # type: ignore[misc]
    """simpleeval's walker, with every node handler returning a typed ``pl.Expr`` instead
    of a Python value; its operator table is empty and its node table holds only the
    constructs of the language."""

    def __init__(self, names: Mapping[str, Name],
                 functions: Mapping[str, Callable[..., Typed]]) -> None:
        super().__init__(operators={}, functions=dict(functions), names={})
        self.scope = names
        self.overflows: list[pl.Expr] = []
        # Only these nodes exist in the language; anything else is refused.
        self.nodes: dict[type[ast.AST], Callable[[Any], Typed]] = {
            ast.Name: self._compile_name,
            ast.Constant: self._compile_constant,
            ast.UnaryOp: self._compile_unary,
            ast.BinOp: self._compile_binop,
            ast.BoolOp: self._compile_boolop,
            ast.Compare: self._compile_compare,
            ast.IfExp: self._compile_ifexp,
            ast.Call: self._compile_call,
        }

    def compile(self, node: ast.expr) -> Typed:
        unsettled = self._eval(node)
        typed = self._settled(unsettled, node)
        if not self.overflows:
            return typed
        overflow = pl.any_horizontal(self.overflows).fill_null(False)
        settled = None if typed is unsettled else (unsettled.expr, tuple(self.overflows[:-1]))
        return Typed(typed.expr, typed.kind, typed.categories, typed.ordered, overflow, settled)

    def _eval(self, node: ast.AST) -> Typed:
        handler = self.nodes.get(type(node))
        if handler is None:
            if isinstance(node, ast.Attribute):  # point at the dot, not the object
                raise CompileError("expr.attribute", {"attr": node.attr},
                                   node.value.end_col_offset or node.col_offset)
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
                node = node.slice
            construct = Key(f"construct.{_CONSTRUCTS.get(type(node), 'other')}")
            raise CompileError("expr.construct", {"construct": construct},
                               getattr(node, "col_offset", 0))
        result: Typed = handler(node)
        return result

    def _guarded(self, raw: pl.Expr, *, nonzero: bool = False) -> pl.Expr:
        """``raw`` as a finite number or null; remembers where a value was out of range.
        With ``nonzero``, zero too is null (a denominator: division by zero is no data)."""
        self.overflows.append(raw.is_finite().not_())
        return finite(raw, nonzero=nonzero)

    def _settled(self, typed: Typed, node: ast.expr) -> Typed:
        """A computed number made finite or unknown before it is used as a whole."""
        if typed.kind != "number" or not isinstance(node, _COMPUTED):
            return typed
        return Typed(self._guarded(typed.expr), "number")

    def _compared(self, typed: Typed, node: ast.expr) -> Typed:
        """A computed number as a comparison reads it: finite, and the decimal it stands for
        (29 / 100 * 100 is 29, not 28.999999999999996, so «не менее 29» holds)."""
        typed = self._settled(typed, node)
        return without_noise(typed) if isinstance(node, _COMPUTED) else typed

    # -- leaves ---------------------------------------------------------------------------

    def _compile_name(self, node: ast.Name) -> Typed:
        if node.id.startswith("_"):
            raise CompileError("expr.private_name", {"name": node.id}, node.col_offset)
        ref = self.scope.get(node.id)
        if ref is None:
            raise self._unknown_name(node)
        if ref.misplaced:
            usable = ", ".join(sorted(n for n, r in self.scope.items() if not r.misplaced))
            raise CompileError(ref.misplaced, {"name": node.id, "known": usable},
                               node.col_offset)
        expr = ref.expr
        if ref.kind == "number" and not ref.finite:  # a NaN or inf in the data is no number
            self.overflows.append(expr.is_finite().not_())
            expr = pl.when(expr.is_finite()).then(expr)
        return Typed(expr, ref.kind, ref.categories, ref.ordered)

    def _unknown_name(self, node: ast.Name) -> CompileError:
        name = node.id
        known = [n for n, r in self.scope.items() if not r.misplaced]
        listed = ", ".join(sorted(known))
        cyrillic = [(i, c) for i, c in enumerate(name) if _is_cyrillic(c)]
        twin = name.translate(_LATIN_TWINS)
        latin = any(c.isascii() and c.isalpha() for c in name)
        if cyrillic and (latin or twin in known):
            position, char = cyrillic[0]
            return CompileError("expr.mixed_alphabet",
                                {"name": name, "char": char, "position": position + 1,
                                 "hint": Hint(twin) if twin in known else suggestion(twin, known),
                                 "known": listed}, node.col_offset)
        if name in self.functions:
            return CompileError("expr.function_as_name", {"name": name}, node.col_offset)
        return CompileError("expr.unknown_name",
                            {"name": name, "hint": suggestion(name, known), "known": listed},
                            node.col_offset)

    def _compile_constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            return Typed(pl.lit(value), "boolean")
        if isinstance(value, int | float) and not abs(value) <= MAX_LITERAL:  # 1e309 is inf
            raise CompileError("expr.number_too_large", {}, node.col_offset)
        if isinstance(value, int | float):
            return Typed(pl.lit(value), "number")
        if isinstance(value, str):
            return Typed(pl.lit(value), "string")
        if value is None:
            return Typed(pl.lit(None), "null")
        construct = Key(f"construct.{_CONSTANTS.get(type(value), 'other')}")
        raise CompileError("expr.construct", {"construct": construct}, node.col_offset)

    # -- operators ------------------------------------------------------------------------

    def _expect(self, typed: Typed, kind: Kind, node: ast.AST, op: str) -> Typed:
        """``typed`` if it is of ``kind``; a bare ``None`` becomes an unknown of that kind."""
        if typed.kind not in (kind, "null"):
            raise CompileError("expr.type", {"op": op, "expected": kind_key(kind),
                                             "got": kind_key(typed.kind)},
                               getattr(node, "col_offset", 0))
        if typed.kind == "null":
            dtype = pl.Boolean if kind == "boolean" else pl.Float64
            return Typed(typed.expr.cast(dtype), kind)
        return typed

    def _compile_unary(self, node: ast.UnaryOp) -> Typed:
        operand = self._eval(node.operand)
        op = _SYMBOLS.get(type(node.op), type(node.op).__name__)
        if isinstance(node.op, ast.Not):
            operand = self._expect(operand, "boolean", node.operand, op)
            return Typed(~operand.expr, "boolean")
        if isinstance(node.op, ast.USub | ast.UAdd):
            operand = self._expect(operand, "number", node.operand, op)
            value = operand.expr.cast(pl.Float64)  # -x of the smallest Int64 would wrap
            return Typed(-value if isinstance(node.op, ast.USub) else value, "number")
        raise CompileError("expr.operator", {"op": op}, node.col_offset)

    def _compile_binop(self, node: ast.BinOp) -> Typed:
        op = _SYMBOLS.get(type(node.op), type(node.op).__name__)
        left = self._expect(self._eval(node.left), "number", node.left, op)
        right = self._expect(self._eval(node.right), "number", node.right, op)
        # Float64: Int64 arithmetic would silently wrap around past 9.2e18.
        a, b = left.expr.cast(pl.Float64), right.expr.cast(pl.Float64)
        if isinstance(node.op, ast.Pow):
            exponent = self._power_exponent(node.right)
            if exponent == 0:  # x ** 0 is 1, but unknown (or out of range) x stays so
                return Typed(a * 0 + 1, "number")
            # a negative power divides: 0 ** -1 or an overflowed base give no data
            base = self._guarded(a, nonzero=True) if exponent < 0 else a
            return Typed(base.pow(exponent), "number")
        build = _ARITHMETIC.get(type(node.op))
        if build is None:
            raise CompileError("expr.operator", {"op": op}, node.col_offset)
        if isinstance(node.op, _DIVISIONS):  # x / inf would be 0: a lost overflow
            b = self._guarded(b, nonzero=True)
        return Typed(build(a, b), "number")

    @staticmethod
    def _power_exponent(node: ast.expr) -> float:
        value = node.value if isinstance(node, ast.Constant) else None
        if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)):
            value = -node.operand.value if isinstance(node.operand.value, int | float) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or abs(value) > MAX_POWER:
            raise CompileError("expr.power", {"limit": MAX_POWER}, node.col_offset)
        return float(value)

    def _compile_boolop(self, node: ast.BoolOp) -> Typed:
        op = _SYMBOLS[type(node.op)]
        parts = [self._expect(self._eval(value), "boolean", value, op) for value in node.values]
        combined = parts[0].expr
        conjunction = isinstance(node.op, ast.And)
        for part in parts[1:]:
            # Polars' & and | already follow Kleene logic on nulls.
            combined = combined & part.expr if conjunction else combined | part.expr
        return Typed(combined, "boolean")

    def _compile_compare(self, node: ast.Compare) -> Typed:
        left_node: ast.expr = node.left
        left = self._eval(left_node)
        result: pl.Expr | None = None
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            op = _SYMBOLS.get(type(op_node), type(op_node).__name__)
            left = self._compared(left, left_node)
            if isinstance(op_node, ast.In | ast.NotIn):
                step = self._membership(left, right_node, op_node)
                right = left
            else:
                right = self._compared(self._eval(right_node), right_node)
                step = self._comparison((left_node, left), (right_node, right), op_node, op)
            result = step if result is None else result & step
            left_node, left = ast.Name(id=""), right  # settled already
        assert result is not None  # ast.Compare always has at least one operator
        return Typed(result, "boolean")

    def _comparison(self, left: tuple[ast.expr, Typed], right: tuple[ast.expr, Typed],
                    op_node: ast.cmpop, op: str) -> pl.Expr:
        offset = right[0].col_offset
        if isinstance(op_node, ast.Is | ast.IsNot):
            raise CompileError("expr.is_none", {}, offset)
        build = _COMPARISONS.get(type(op_node))
        if build is None:
            raise CompileError("expr.operator", {"op": op}, offset)
        kinds = {left[1].kind, right[1].kind} - {"null"}
        if len(kinds) > 1:
            raise CompileError("expr.compare_types",
                               {"op": op, "left": kind_key(left[1].kind),
                                "right": kind_key(right[1].kind)}, offset)
        ordering = not isinstance(op_node, ast.Eq | ast.NotEq)
        if ordering and kinds == {"boolean"}:
            raise CompileError("expr.boolean_order", {"op": op}, offset)
        if kinds != {"string"}:
            return build(left[1].expr, right[1].expr)
        # A category column against a text literal: the literal must be one of its values,
        # and an ordered category compares by rank, not alphabetically.
        exprs = [left[1].expr, right[1].expr]
        for this, other, index in ((left, right, 1), (right, left, 0)):
            categories = this[1].categories
            literal = other[0].value if isinstance(other[0], ast.Constant) else None
            if categories and isinstance(literal, str):
                _check_category(literal, categories, other[0].col_offset)
                if this[1].ordered:
                    exprs[index] = pl.lit(literal, dtype=pl.Enum(list(categories)))
        ranked = any(t.ordered and t.categories for t in (left[1], right[1]))
        if ordering and not ranked:
            raise CompileError("expr.string_order", {"op": op}, offset)
        return build(exprs[0], exprs[1])

    def _membership(self, left: Typed, node: ast.expr, op_node: ast.cmpop) -> pl.Expr:
        if not isinstance(node, ast.List | ast.Tuple | ast.Set):
            raise CompileError("expr.in_list", {}, node.col_offset)
        if len(node.elts) > MAX_LIST_LENGTH:
            raise CompileError("expr.list_too_long", {"limit": MAX_LIST_LENGTH}, node.col_offset)
        values: list[Any] = []
        first: Kind | None = None
        for element in node.elts:
            value = _literal(element)
            if value is None:
                raise CompileError("expr.in_list", {}, element.col_offset)
            if isinstance(value, int | float) and not abs(value) <= MAX_LITERAL:
                raise CompileError("expr.number_too_large", {}, element.col_offset)
            kind: Kind = ("boolean" if isinstance(value, bool) else
                          "string" if isinstance(value, str) else "number")
            first = first or kind
            if kind != first or left.kind not in (kind, "null"):
                raise CompileError("expr.compare_types",
                                   {"op": "in",
                                    "left": kind_key(first if kind != first else left.kind),
                                    "right": kind_key(kind)}, element.col_offset)
            if left.categories and isinstance(value, str):
                _check_category(value, left.categories, element.col_offset)
            values.append(value)
        if left.kind == "null":  # None in [...] is unknown, whatever the list holds
            return pl.lit(None, dtype=pl.Boolean)
        subject = left.expr.cast(pl.String) if left.categories else left.expr
        if left.kind == "number":  # Polars 2 will not mix int and float in is_in
            subject, values = subject.cast(pl.Float64), [float(v) for v in values]
        inside = subject.is_in(values)
        return ~inside if isinstance(op_node, ast.NotIn) else inside

    def _compile_ifexp(self, node: ast.IfExp) -> Typed:
        test = self._expect(self._eval(node.test), "boolean", node.test, "if")
        body, orelse = self._eval(node.body), self._eval(node.orelse)
        kinds = {body.kind, orelse.kind} - {"null"}
        if len(kinds) > 1:
            raise CompileError("expr.branch_types", {"left": kind_key(body.kind),
                                                      "right": kind_key(orelse.kind)},
                               node.col_offset)
        # An unknown condition gives an unknown result, not the else branch.
        expr = pl.when(test.expr).then(body.expr).when(~test.expr).then(orelse.expr)
        return Typed(expr, kinds.pop() if kinds else "null")

    def _compile_call(self, node: ast.Call) -> Typed:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                return self._eval(node.func)  # refuses attribute access
            # `5(3)` or `(a + b)(c)`: a value followed by brackets, an operator is missing
            raise CompileError("expr.missing_operator", {},
                               node.func.end_col_offset or node.col_offset)
        name = node.func.id
        function = self.functions.get(name)
        if function is None:
            if name in self.scope:
                raise CompileError("expr.name_as_function", {"name": name}, node.col_offset)
            hint = suggestion(name, list(self.functions))
            raise CompileError("expr.unknown_function",
                               {"name": name, "hint": hint,
                                "known": ", ".join(sorted(self.functions))}, node.col_offset)
        if node.keywords:
            raise CompileError("expr.keywords", {"name": name}, node.col_offset)
        args = [self._settled(self._eval(arg), arg) for arg in node.args]
        try:
            result: Typed = function(*args)
        except TypeError:
            raise CompileError("expr.arity", {"name": name, "given": len(args)},
                               node.col_offset) from None
        except CompileError as exc:
            exc.offset = node.col_offset
            raise
        return result


def _literal(node: ast.expr) -> Any:
    """The value of a literal list element (negative numbers included), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bool):
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, int | float)
            and not isinstance(node.operand.value, bool)):
        return -node.operand.value
    return None


def _check_category(value: str, categories: Sequence[str], offset: int) -> None:
    if value not in categories:
        raise CompileError("expr.unknown_category",
                           {"value": value, "hint": suggestion(value, categories),
                            "known": ", ".join(categories)}, offset)


def _copies(node: ast.AST) -> int:
    """Nodes of the compiled tree: a condition of ``if`` and a middle term of a chained
    comparison are used twice, so ``(1 if (1 if … > 0 else 0) > 0 else 0)`` doubles."""
    twice: set[int] = set()
    if isinstance(node, ast.IfExp):
        twice.add(id(node.test))
    elif isinstance(node, ast.Compare):
        twice.update(id(c) for c in node.comparators[:-1])
    return 1 + sum(_copies(child) * (2 if id(child) in twice else 1)
                   for child in ast.iter_child_nodes(node))


def _check_copies(tree: ast.expr) -> None:
    if _copies(tree) > MAX_COPIES:
        raise CompileError("expr.too_complex", {"limit": MAX_NODES})


def names_used(text: str) -> set[str]:
    """Every bare name an expression mentions (for dependency and cycle checks)."""
    called: set[int] = set()
    names: list[ast.Name] = []
    for node in ast.walk(parse(text).tree):  # one walk: a function's name is no name
        if isinstance(node, ast.Call):
            called.add(id(node.func))
        elif isinstance(node, ast.Name):
            names.append(node)
    return {n.id for n in names if id(n) not in called}


def compile_expression(text: str, names: Mapping[str, Name],
                       functions: Mapping[str, Callable[..., Typed]]) -> Typed:
    """Compile ``text`` against the given names; raises CompileError on the first problem."""
    parsed: Parsed = parse(text)
    try:
        _check_copies(parsed.tree)
        typed = _Compiler(names, functions).compile(parsed.tree)
    except CompileError as exc:
        exc.offset = parsed.offset(exc.offset)
        raise
    except RecursionError:  # nesting deeper than Python follows
        raise CompileError("expr.too_deep", {}, parsed.lead) from None
    if typed.kind == "null":  # `None`, `coalesce(None, None)`: no value could ever come out
        raise CompileError("expr.always_unknown", {}, parsed.offset(0))
    return typed
