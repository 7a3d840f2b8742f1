"""Compile Mayak expressions to Polars expressions.

simpleeval parses the text; a small subclass replaces its node handlers so that each node
yields a typed ``pl.Expr`` instead of a Python value. Nothing is evaluated row by row.

Semantics (see docs/expressions.md):
- unknown (null) propagates: ``1 + null`` is null, ``null > 3`` is null;
- ``and`` / ``or`` / ``not`` follow three-valued (Kleene) logic: ``false and null`` is false,
  ``true or null`` is true, ``true and null`` is null;
- ``a if c else b`` is null when ``c`` is null;
- division, ``//`` and ``%`` by zero give null ("no data"), never inf or NaN.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl
from mayak._messages import kind_key
from simpleeval import SimpleEval

Kind = Literal["number", "boolean", "string", "date", "null"]

MAX_EXPRESSION_LENGTH = 2000
MAX_NODES = 300
MAX_POWER = 10
MAX_LIST_LENGTH = 200


@dataclass(frozen=True)
class Typed:
    """A compiled expression and what kind of value it yields."""

    expr: pl.Expr
    kind: Kind
    categories: tuple[str, ...] | None = None  # allowed values of a category column
    ordered: bool = False


@dataclass(frozen=True)
class Name:
    """What a name in an expression refers to."""

    expr: pl.Expr
    kind: Kind
    categories: tuple[str, ...] | None = None
    ordered: bool = False


@dataclass
class CompileError(Exception):
    """A problem in one expression. ``offset`` is the 0-based column inside the text."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    offset: int = 0


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def _nonzero(expr: pl.Expr) -> pl.Expr:
    # A zero denominator is "no data": null instead of inf / NaN (NaN sorts above numbers).
    return pl.when(expr != 0).then(expr)


MAX_LITERAL = 2**53  # integer literals beyond this lose digits as numbers


def _finite(value: pl.Expr) -> pl.Expr:
    # (-1) ** 0.5 is NaN and 0 ** -1 is inf; an expression gives no data instead.
    return pl.when(value.is_finite()).then(value)


_ARITHMETIC: dict[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a.cast(pl.Float64) / _nonzero(b),
    ast.FloorDiv: lambda a, b: (a.cast(pl.Float64) / _nonzero(b)).floor(),
    ast.Mod: lambda a, b: a % _nonzero(b),
}

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


class _Compiler(SimpleEval):  # type: ignore[misc]
    """simpleeval's walker, with every handler returning a ``Typed`` Polars expression."""

    def __init__(self, names: Mapping[str, Name],
                 functions: Mapping[str, Callable[..., Typed]]) -> None:
        super().__init__(operators={}, functions=dict(functions), names={})
        self.scope = names
        # Only these nodes exist in the language; anything else (attributes, subscripts,
        # lambdas, comprehensions, f-strings, assignments) is refused.
        self.nodes = {
            ast.Expr: self._eval_expr,
            ast.Name: self._compile_name,
            ast.Constant: self._compile_constant,
            ast.UnaryOp: self._compile_unary,
            ast.BinOp: self._compile_binop,
            ast.BoolOp: self._compile_boolop,
            ast.Compare: self._compile_compare,
            ast.IfExp: self._compile_ifexp,
            ast.Call: self._compile_call,
        }

    def _eval(self, node: ast.AST) -> Typed:
        handler = self.nodes.get(type(node))
        if handler is None:
            if isinstance(node, ast.Attribute):  # point at the dot, not the object
                raise CompileError("expr.attribute", {"attr": node.attr},
                                   node.value.end_col_offset or node.col_offset)
            raise CompileError("expr.construct", {"construct": type(node).__name__},
                               getattr(node, "col_offset", 0))
        result: Typed = handler(node)
        return result

    # -- leaves ---------------------------------------------------------------------------

    def _compile_name(self, node: ast.Name) -> Typed:
        if node.id.startswith("_"):
            raise CompileError("expr.private_name", {"name": node.id}, node.col_offset)
        ref = self.scope.get(node.id)
        if ref is None:
            hint = _suggest(node.id, [*self.scope, *self.functions])
            known = ", ".join(sorted(self.scope))
            raise CompileError("expr.unknown_name",
                               {"name": node.id, "hint": hint, "known": known}, node.col_offset)
        return Typed(ref.expr, ref.kind, ref.categories, ref.ordered)

    def _compile_constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            return Typed(pl.lit(value), "boolean")
        if isinstance(value, int) and abs(value) > MAX_LITERAL:
            raise CompileError("expr.number_too_large", {}, node.col_offset)
        if isinstance(value, int | float):
            return Typed(pl.lit(value), "number")
        if isinstance(value, str):
            return Typed(pl.lit(value), "string")
        if value is None:
            return Typed(pl.lit(None), "null")
        raise CompileError("expr.construct", {"construct": type(value).__name__},
                           node.col_offset)

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
            return Typed(-operand.expr if isinstance(node.op, ast.USub) else operand.expr,
                         "number")
        raise CompileError("expr.operator", {"op": op}, node.col_offset)

    def _compile_binop(self, node: ast.BinOp) -> Typed:
        op = _SYMBOLS.get(type(node.op), type(node.op).__name__)
        left = self._expect(self._eval(node.left), "number", node.left, op)
        right = self._expect(self._eval(node.right), "number", node.right, op)
        if isinstance(node.op, ast.Pow):
            return Typed(_finite(left.expr.pow(self._power_exponent(node.right))), "number")
        build = _ARITHMETIC.get(type(node.op))
        if build is None:
            raise CompileError("expr.operator", {"op": op}, node.col_offset)
        result = build(left.expr, right.expr)
        return Typed(_finite(result) if isinstance(node.op, ast.Mult) else result, "number")

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
            if isinstance(op_node, ast.In | ast.NotIn):
                step = self._membership(left, right_node, op_node)
                right = left
            else:
                right = self._eval(right_node)
                step = self._comparison((left_node, left), (right_node, right), op_node, op)
            result = step if result is None else result & step
            left_node, left = right_node, right
        assert result is not None  # ast.Compare always has at least one operator
        return Typed(result, "boolean")

    def _comparison(self, left: tuple[ast.expr, Typed], right: tuple[ast.expr, Typed],
                    op_node: ast.cmpop, op: str) -> pl.Expr:
        offset = right[0].col_offset
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
            raise CompileError("expr.operator", {"op": op}, offset)
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
            return self._eval(node.func)  # refuses attributes and anything else
        name = node.func.id
        function = self.functions.get(name)
        if function is None:
            hint = _suggest(name, list(self.functions))
            raise CompileError("expr.unknown_function",
                               {"name": name, "hint": hint,
                                "known": ", ".join(sorted(self.functions))}, node.col_offset)
        if node.keywords:
            raise CompileError("expr.keywords", {"name": name}, node.col_offset)
        args = [self._eval(arg) for arg in node.args]
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
                           {"value": value, "hint": _suggest(value, categories),
                            "known": ", ".join(categories)}, offset)


def _check_size(text: str, tree: ast.AST) -> None:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise CompileError("expr.too_long", {"limit": MAX_EXPRESSION_LENGTH})
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise CompileError("expr.too_complex", {"limit": MAX_NODES})


def parse(text: str) -> ast.expr:
    """Parse one expression; syntax errors and oversize input become CompileError."""
    if not isinstance(text, str) or not text.strip():
        raise CompileError("expr.empty")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise CompileError("expr.too_long", {"limit": MAX_EXPRESSION_LENGTH})
    try:
        node = SimpleEval.parse(text.replace("\n", " "))
    except SyntaxError as exc:
        raise CompileError("expr.syntax", {"detail": exc.msg},
                           max((exc.offset or 1) - 1, 0)) from None
    if not isinstance(node, ast.Expr):
        raise CompileError("expr.construct", {"construct": type(node).__name__})
    _check_size(text, node)
    return node.value


def names_used(text: str) -> set[str]:
    """Every bare name an expression mentions (for dependency and cycle checks)."""
    tree = parse(text)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def compile_expression(text: str, names: Mapping[str, Name],
                       functions: Mapping[str, Callable[..., Typed]]) -> Typed:
    """Compile ``text`` against the given names; raises CompileError on the first problem."""
    tree = parse(text)
    compiler = _Compiler(names, functions)
    compiler.expr = text
    try:
        return compiler._eval(tree)
    except CompileError as exc:
        # ast counts columns in UTF-8 bytes; people count characters (Cyrillic is 2 bytes)
        exc.offset = len(text.encode("utf-8")[:exc.offset].decode("utf-8", errors="ignore"))
        raise
