"""A read-only mapping that survives pickling, for the mappings records hand out.

``types.MappingProxyType`` cannot be pickled, so a result or spec holding one could not be
sent to another process (``multiprocessing``, ``concurrent.futures``). The frozendict
package would do, but on import it patches ``copy`` and, where installed, ``orjson``: not
something a library may do to the program that embeds it.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Frozen(Mapping[K, V]):
    """A read-only copy of a mapping: no item can be set or removed. Compares equal to any
    mapping with the same items, pickles and copies as itself."""

    __slots__ = ("_items",)
    _items: dict[K, V]

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        object.__setattr__(self, "_items", dict(items))

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    # The dictionary's own views and lookup, at its speed (Mapping's go through __getitem__).
    def keys(self) -> KeysView[K]:
        """The keys, a read-only view."""
        return self._items.keys()

    def values(self) -> ValuesView[V]:
        """The values, a read-only view."""
        return self._items.values()

    def items(self) -> ItemsView[K, V]:
        """The (key, value) pairs, a read-only view."""
        return self._items.items()

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` where there is none."""
        return self._items.get(key, default)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Frozen):
            return self._items == other._items
        return self._items == other if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a dict: its values may change hash

    def __or__(self, other: Mapping[K, V]) -> dict[K, V]:
        """A new dict of both, ``other``'s values winning (as ``MappingProxyType`` does)."""
        return {**self._items, **other}

    def __ror__(self, other: Mapping[K, V]) -> dict[K, V]:
        return {**other, **self._items}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __reduce__(self) -> tuple[type[Frozen[K, V]], tuple[dict[K, V]]]:
        return type(self), (self._items,)
