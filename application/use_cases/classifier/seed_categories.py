from __future__ import annotations

from collections.abc import Sequence

from application.ports.classifier_store import CategoryDescription, ClassifierStore
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory


class SeedCategoriesHandler:
    """Give a fresh install a starting set of category descriptions.

    Rules: the descriptions are stored only when none are described and no
    ticket exists yet (a fresh install), so seeding is idempotent, never
    overwrites what administrators wrote, and never brings back categories they
    deleted once tickets exist. Administrators edit or delete the seeded ones
    like any others (`SetCategoriesHandler`). Returns whether they were stored.
    """

    def __init__(self, store: ClassifierStore, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._store = store
        self._uow = uow
        self._clock = clock

    async def __call__(self, defaults: Sequence[CategoryDescription]) -> bool:
        if not defaults or await self._store.categories():
            return False
        async with self._uow(read_only=True) as uow:
            if await uow.tickets.labels_after(0, 1):
                return False
        await self._store.replace_categories(list(defaults), self._clock.now())
        return True
