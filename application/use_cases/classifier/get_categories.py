from __future__ import annotations

from application.ports.classifier_store import CategoryDescription, ClassifierStore
from domain.access import Actor


class GetCategoriesHandler:
    """The category descriptions, in the administrators' order (agents and admins)."""

    def __init__(self, store: ClassifierStore) -> None:
        self._store = store

    async def __call__(self, actor: Actor) -> list[CategoryDescription]:
        actor.must_be_staff("see the category descriptions")
        return await self._store.categories()
