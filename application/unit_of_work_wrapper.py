"""Wrapping the unit-of-work factory: how per-process caches and the similar-ticket index
hear of what a unit of work wrote.

Rules:
- read-only units of work pass through untouched (they write nothing to hear of), and
  so do all of them while a wrapper is switched off (`wraps` False);
- a writing unit of work is wrapped: the subclass notes what it cares about as the use
  case writes, and acts on it in `commit`; what it noted is dropped when the unit of
  work rolls back or ends (`_drop_notes`);
- everything else (repositories not watched, attributes of the factory) is the wrapped
  one's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class WritingUnitOfWorkWrapper:
    """A writing unit of work with something to do around its commit."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def _drop_notes(self) -> None:
        """Forget what was noted: the unit of work rolled back or ended."""

    async def __aenter__(self) -> Any:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._drop_notes()
        await self._inner.__aexit__(*exc_info)

    async def rollback(self) -> None:
        self._drop_notes()
        await self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class WritingUnitOfWorkWrapperFactory(ABC):
    """Wraps a unit-of-work factory: writing units of work get `_wrap`ped."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    @property
    def wraps(self) -> bool:
        return True

    @abstractmethod
    def _wrap(self, uow: Any) -> WritingUnitOfWorkWrapper:
        """The writing unit of work `uow`, wrapped."""

    def __call__(self, *, read_only: bool = False) -> Any:
        uow = self._inner(read_only=read_only)
        return self._wrap(uow) if self.wraps and not read_only else uow

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
