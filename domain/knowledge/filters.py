"""Metadata filters (`where`): the Chroma-style dialect the API accepts, checked up front.

{"lang": "en"}                              equal
{"views": {"$gte": 10}}                     $eq $ne $gt $gte $lt $lte
{"tag": {"$in": ["billing", "refunds"]}}    $in $nin (1..100 values)
{"$and": [...]} / {"$or": [...]}            2..20 clauses, nested at most 4 deep
{"a": 1, "b": 2}                            several keys mean all of them
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidValue

_COMPARISONS = ("$eq", "$ne", "$gt", "$gte", "$lt", "$lte")
_MEMBERSHIP = ("$in", "$nin")
MAX_DEPTH = 4
MAX_CLAUSES = 20
MAX_VALUES = 100


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


@dataclass(frozen=True, slots=True)
class _Condition:
    key: str
    op: str
    value: Any

    def matches(self, metadata: Mapping[str, object]) -> bool:
        if self.key not in metadata:
            return self.op in ("$ne", "$nin")
        actual = metadata[self.key]
        if self.op == "$eq":
            return _same(actual, self.value)
        if self.op == "$ne":
            return not _same(actual, self.value)
        if self.op == "$in":
            return any(_same(actual, v) for v in self.value)
        if self.op == "$nin":
            return not any(_same(actual, v) for v in self.value)
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        if self.op == "$gt":
            return actual > self.value
        if self.op == "$gte":
            return actual >= self.value
        if self.op == "$lt":
            return actual < self.value
        return actual <= self.value

    def to_dict(self) -> dict[str, Any]:
        return {self.key: {self.op: list(self.value) if self.op in _MEMBERSHIP else self.value}}


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


@dataclass(frozen=True, slots=True)
class _Group:
    op: str  # "$and" | "$or"
    clauses: tuple[_Condition | _Group, ...]

    def matches(self, metadata: Mapping[str, object]) -> bool:
        check = all if self.op == "$and" else any
        return check(clause.matches(metadata) for clause in self.clauses)

    def to_dict(self) -> dict[str, Any]:
        return {self.op: [clause.to_dict() for clause in self.clauses]}


@dataclass(frozen=True, slots=True)
class MetadataFilter:
    """A parsed `where`; `matches` evaluates it, `to_dict` gives the canonical form."""

    root: _Condition | _Group

    @classmethod
    def parse(cls, raw: object, field: str = "where") -> MetadataFilter | None:
        if raw is None or raw == {}:
            return None
        return cls(_parse(raw, field, 1))

    def matches(self, metadata: Mapping[str, object]) -> bool:
        return self.root.matches(metadata)

    def to_dict(self) -> dict[str, Any]:
        return self.root.to_dict()


def _fail(field: str, message: str) -> InvalidValue:
    return InvalidValue.single(field, message)


def _parse(raw: object, field: str, depth: int) -> _Condition | _Group:
    if depth > MAX_DEPTH:
        raise _fail(field, f"is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(raw, dict) or not raw:
        raise _fail(field, "must be a non-empty object")
    if len(raw) > 1:
        parts = tuple(_parse({k: v}, field, depth + 1) for k, v in raw.items())
        return _Group("$and", parts)
    ((key, value),) = raw.items()
    if not isinstance(key, str):
        raise _fail(field, "keys must be strings")
    if key in ("$and", "$or"):
        if not isinstance(value, list) or not 2 <= len(value) <= MAX_CLAUSES:
            raise _fail(field, f"{key} takes a list of 2..{MAX_CLAUSES} filters")
        return _Group(key, tuple(_parse(item, field, depth + 1) for item in value))
    if key.startswith("$"):
        raise _fail(field, f"unknown operator {key}; use $and or $or at this level")
    if _scalar(value):
        return _Condition(key, "$eq", value)
    if not isinstance(value, dict) or len(value) != 1:
        raise _fail(field, f'{key}: give a value or one operator such as {{"$eq": ...}}')
    ((op, operand),) = value.items()
    if op in _COMPARISONS:
        if not _scalar(operand):
            raise _fail(field, f"{key}: {op} takes a string, number or boolean")
        if op in ("$gt", "$gte", "$lt", "$lte") and (
            isinstance(operand, bool) or not isinstance(operand, int | float)
        ):
            raise _fail(field, f"{key}: {op} takes a number")
        return _Condition(key, op, operand)
    if op in _MEMBERSHIP:
        if (
            not isinstance(operand, list)
            or not 1 <= len(operand) <= MAX_VALUES
            or not all(_scalar(v) for v in operand)
        ):
            raise _fail(field, f"{key}: {op} takes a list of 1..{MAX_VALUES} values")
        return _Condition(key, op, tuple(operand))
    allowed = ", ".join((*_COMPARISONS, *_MEMBERSHIP))
    raise _fail(field, f"{key}: unknown operator {op}; allowed: {allowed}")
