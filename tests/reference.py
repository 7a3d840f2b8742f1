"""A deliberately plain, row-by-row evaluator of Mayak expressions: the reference the
compiled Polars expressions are checked against. Semantics: unknown (None) propagates,
and/or/not are three-valued (Kleene), division by zero is unknown, ``x if c else y`` is
unknown when ``c`` is. A number that is not finite (inf, NaN) carries on through + - *
and becomes unknown wherever it is used as a whole: compared, listed, passed to a function,
divided by, or as the result."""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from typing import Any


def _and(values: list[Any]) -> Any:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: list[Any]) -> Any:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _round_half_away(x: float, digits: int) -> float:
    """As people round the decimal written: binary noise is settled at 9 decimals first."""
    scale = 10**digits
    return math.copysign(math.floor(round(abs(x) * scale, 9) + 0.5) / scale, x)


def _settled(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _binop(op: ast.operator, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a = float(a)
    if isinstance(op, ast.Pow):
        b = float(b)
        if b == 0:
            return a * 0 + 1
        if b < 0 and (not math.isfinite(a) or a == 0):
            return None
        try:
            return a**b
        except OverflowError:
            return math.inf
    b = float(b)
    if isinstance(op, ast.Add):
        return a + b
    if isinstance(op, ast.Sub):
        return a - b
    if isinstance(op, ast.Mult):
        return a * b
    if b == 0 or not math.isfinite(b):  # a denominator is used as a whole
        return None
    if isinstance(op, ast.Div):
        return a / b
    if isinstance(op, ast.FloorDiv):
        return a / b if not math.isfinite(a / b) else float(math.floor(a / b))
    return a % b  # floored modulo: the sign of the divisor


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
            ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
            ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}


def evaluate(text: str, row: Mapping[str, Any]) -> Any:
    return _settled(_eval(ast.parse(text, mode="eval").body, row))


def _eval(node: ast.AST, row: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return row[node.id]
    if isinstance(node, ast.BinOp):
        return _binop(node.op, _eval(node.left, row), _eval(node.right, row))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, row)
        if value is None:
            return None
        return (not value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, row) for v in node.values]
        return _and(values) if isinstance(node.op, ast.And) else _or(values)
    if isinstance(node, ast.Compare):
        return _compare(node, row)
    if isinstance(node, ast.IfExp):
        test = _eval(node.test, row)
        if test is None:
            return None
        return _eval(node.body, row) if test else _eval(node.orelse, row)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return _call(node.func.id, [_settled(_eval(a, row)) for a in node.args])
    raise NotImplementedError(ast.dump(node))


def _compare(node: ast.Compare, row: Mapping[str, Any]) -> Any:
    results, left = [], _settled(_eval(node.left, row))
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        if isinstance(op, ast.In | ast.NotIn):
            options = [_eval(e, row) for e in comparator.elts]  # type: ignore[attr-defined]
            inside = None if left is None else left in options
            results.append(inside if inside is None or isinstance(op, ast.In) else not inside)
            continue
        right = _settled(_eval(comparator, row))
        results.append(None if left is None or right is None
                       else _COMPARE[type(op)](left, right))
        left = right
    return _and(results)


def _call(name: str, args: list[Any]) -> Any:
    if name == "is_null":
        return args[0] is None
    if name == "coalesce":
        return next((a for a in args if a is not None), None)
    if any(a is None for a in args):
        return None
    if name == "abs":
        return abs(args[0])
    if name in ("min", "max"):
        return (min if name == "min" else max)(args)
    if name == "round":
        return _round_half_away(float(args[0]), int(args[1]) if len(args) > 1 else 0)
    if name in ("floor", "ceil"):
        return float((math.floor if name == "floor" else math.ceil)(args[0]))
    raise NotImplementedError(name)
