"""Querysets compiled to SQL once per process, then run again with new values.

Django builds and compiles a queryset anew on every request. For the queries each page runs (an
access check with its joins, a page of the action log with its subqueries) that takes 0.3–1 ms a
query, several times what SQLite or PostgreSQL take to answer them (see bench/). A `Prepared`
query is built once per shape from a function that returns the queryset, called with stand-in
values; its SQL is kept, and each later call runs that SQL with the real values in the stand-ins'
places, through the queryset's own iterable: rows come back exactly as the queryset would give
them (model instances with their select_related rows, values, value lists), and prefetch_related
still runs.

A value must reach the SQL as a query parameter, unchanged: an id, a list of ids, a date, a slug.
Whatever shapes the SQL itself (a slice, a flag that adds a filter, None) is passed as
`Literal(x)` and gets SQL of its own. A value that does not reach the SQL as itself is refused
when its query is first prepared, so a wrong binding fails loudly rather than reading other rows.
"""

import datetime
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class Literal:
    """A value that shapes the SQL (it is part of the text, or decides what the text is)."""

    value: object


class NotPrepared(TypeError):
    """A value cannot be bound to prepared SQL: the query's function uses it in another way."""


# Two series of stand-ins, each prepared once: the SQL and where each value goes must come out
# the same from both, or the function shapes its SQL from a value (or a constant happened to
# equal a stand-in). Integers stay positive and within 32 bits, dates within the calendar.
_SERIES = (
    (2_000_000_000, datetime.date(1000, 1, 1).toordinal(), "a"),
    (1_900_000_000, datetime.date(1100, 1, 1).toordinal(), "b"),
)
_LARGEST = 2**63 - 1  # an id past a 64-bit integer reads no row, without preparing


def _stand_in(value, n: int, series: int):
    """A value no real row holds, of the kind of `value`, recognisable among the SQL's params."""
    first_int, first_day, prefix = _SERIES[series]
    if isinstance(value, bool):
        raise NotPrepared("a flag shapes the SQL: pass it as Literal(...)")
    if isinstance(value, int):
        return first_int + n
    if isinstance(value, str):
        return f"\x1fprepared {prefix}{n}\x1f"
    if isinstance(value, datetime.datetime):
        raise NotPrepared("a date and time is converted on its way to the SQL: not prepared")
    if isinstance(value, datetime.date):
        return datetime.date.fromordinal(first_day + n)
    raise NotPrepared(f"no stand-in for {type(value).__name__}")


def _kind(value) -> object:
    if isinstance(value, Literal):
        try:
            hash(value.value)
        except TypeError:
            raise NotPrepared("a Literal's value must be hashable (a tuple, not a list)") from None
        return ("literal", type(value.value).__name__, value.value)
    if value is None:
        return ("literal", "NoneType", None)
    if isinstance(value, list):
        return ("list", len(value), type(next(iter(value), None)).__name__)
    return type(value).__name__


def _too_large(value) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(type(item) is int and not -_LARGEST <= item <= _LARGEST for item in items)


@dataclass(frozen=True)
class _Slot:
    name: str
    index: int | None  # the position in a list value, None for a single value
    as_text: bool  # a date the backend sends as text (SQLite)


@dataclass
class _Compiled:
    queryset: QuerySet | None  # None: not prepared, the function's queryset is run each time
    sql: str = ""
    slots: tuple = ()  # one per parameter: a _Slot or the constant itself, in a 1-tuple
    state: dict | None = None


MAX_SHAPES = 512  # SQL kept per prepared query; past it, a new shape is compiled each time


class Prepared:
    """`Prepared(build)`: `build(**values)` returns a queryset; calling the prepared query with
    the same keyword arguments returns the queryset's rows as a list.

    `build` must take as an argument every value that can change: one it reads itself (today's
    date, a setting) would be kept in the SQL as it was when first prepared. A shape whose SQL
    the ORM finds can match nothing (an empty list, a stand-in out of a column's range) is not
    prepared: its queryset is built and run each time.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        functools.update_wrapper(self, build)

    def __call__(self, **values) -> list:
        values = {name: _unique(value) for name, value in values.items()}
        if any(_too_large(value) for value in values.values()):
            return list(self.build(**unwrapped(values)))
        shape = tuple((name, _kind(value)) for name, value in sorted(values.items()))
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compile(values)
            if len(self._compiled) < MAX_SHAPES:  # lists of many lengths stay bounded
                self._compiled[shape] = compiled
        if compiled.queryset is None:
            return list(self.build(**unwrapped(values)))
        params = tuple(_bind(slot, values) for slot in compiled.slots)
        return list(_with_sql(compiled, params))

    def _compile(self, values: dict) -> _Compiled:
        first = self._compile_with(values, series=0)
        if first.queryset is None:
            return first
        second = self._compile_with(values, series=1)
        if second.queryset is None:
            return second
        if (first.sql, first.slots) != (second.sql, second.slots):
            raise NotPrepared(
                f"{self.build.__qualname__}: its SQL depends on the values given, not only "
                "on where they go; pass what shapes it as Literal(...)"
            )
        return first

    def _compile_with(self, values: dict, series: int) -> _Compiled:
        stand_ins, found, n = {}, {}, itertools.count(1)
        for name, value in values.items():
            if isinstance(value, Literal) or value is None:
                stand_ins[name] = value.value if isinstance(value, Literal) else None
            elif isinstance(value, list):
                stand_ins[name] = [_stand_in(item, next(n), series) for item in value]
                for index, stand_in in enumerate(stand_ins[name]):
                    found[stand_in] = _Slot(name, index, False)
            else:
                stand_ins[name] = _stand_in(value, next(n), series)
                found[stand_ins[name]] = _Slot(name, None, False)
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled(queryset=None)
        ops = connections[queryset.db].ops
        as_text = {
            ops.adapt_datefield_value(stand_in): slot
            for stand_in, slot in found.items()
            if isinstance(stand_in, datetime.date)
        }
        slots, used = [], set()
        for param in params:
            slot = _lookup(found, param)
            if slot is None and (text := _lookup(as_text, param)) is not None:
                slot = _Slot(text.name, text.index, as_text=True)
            if slot is None:
                slots.append((param,))  # a constant of the SQL: a status, a separator
                continue
            slots.append(slot)
            used.add((slot.name, slot.index))
        missing = {(slot.name, slot.index) for slot in found.values()} - used
        if missing:
            names = ", ".join(sorted({name for name, _index in missing}))
            raise NotPrepared(
                f"{self.build.__qualname__}: {names} does not reach the SQL as a parameter "
                "unchanged; pass it as Literal(...) if it shapes the SQL"
            )
        state = {
            "select": compiler.select,
            "klass_info": compiler.klass_info,
            "annotation_col_map": compiler.annotation_col_map,
            "col_count": compiler.col_count,
            "has_extra_select": compiler.has_extra_select,
        }
        return _Compiled(queryset=queryset, sql=sql, slots=tuple(slots), state=state)


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    """Decorator form: `@prepared def rows(board): return Thing.objects.filter(board=board)`."""
    return Prepared(build)


def _unique(value):
    """A list value without repeats, in order (the ORM drops repeats from `IN (...)` too)."""
    if isinstance(value, tuple):
        raise NotPrepared("a tuple (a range?) is not prepared: pass a list of values")
    if isinstance(value, list | set | frozenset):
        if None in value:
            raise NotPrepared("None in a list of values: the ORM leaves it out of the SQL")
        return list(dict.fromkeys(value))
    return value


def unwrapped(values: dict) -> dict:
    """The values as the query's function takes them: each Literal's own value."""
    return {name: v.value if isinstance(v, Literal) else v for name, v in values.items()}


def _lookup(table: dict, param):
    try:
        return table.get(param)
    except TypeError:  # an unhashable parameter is a constant of the SQL
        return None


def _bind(slot, values: dict):
    if isinstance(slot, tuple):
        return slot[0]
    value = values[slot.name]
    if slot.index is not None:
        value = value[slot.index]
    return value.isoformat() if slot.as_text else value


def _with_sql(compiled: _Compiled, params: tuple) -> QuerySet:
    """A copy of the prepared queryset that runs its kept SQL with these params. Its query is
    a shallow copy that is never changed: the compiler does not set it up again."""
    queryset = _shallow_copy(compiled.queryset)
    query = _shallow_copy(compiled.queryset.query)
    query.get_compiler = functools.partial(_compiler, query, compiled, params)
    queryset._query = query  # not through the setter, which picks the iterable anew
    return queryset


def _shallow_copy(obj):
    # Not copy.copy(): pickling support makes a queryset fetch its rows when copied.
    duplicate = object.__new__(type(obj))
    duplicate.__dict__.update(obj.__dict__)
    return duplicate


def _compiler(query, compiled: _Compiled, params: tuple, using=None, connection=None, **kwargs):
    compiler = type(query).get_compiler(query, using, connection, **kwargs)
    for name, value in compiled.state.items():
        setattr(compiler, name, value)
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    return compiler
