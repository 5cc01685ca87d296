from __future__ import annotations

from collections.abc import Sequence

from application.ports.classifier_store import CategoryDescription, ClassifierStore
from application.ports.clock import Clock
from domain.access import Actor
from domain.errors import FieldProblem, InvalidValue, ProblemCollector
from domain.text import bounded_text
from domain.tickets.ticket import CATEGORY_MAX_LENGTH

MAX_CATEGORIES = 200
DESCRIPTION_MAX_LENGTH = 2000


class SetCategoriesHandler:
    """Replace the category descriptions (admins).

    Rules: at most 200 categories; a name has 1..100 characters (as a ticket's
    category, trimmed) and appears once; a description has 1..2000 characters.
    Without a learned category model, triage suggests categories by similarity
    to these descriptions (zero-shot); every process uses the new ones from its
    next triage on.
    """

    def __init__(self, store: ClassifierStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def __call__(
        self, items: Sequence[CategoryDescription], actor: Actor
    ) -> list[CategoryDescription]:
        actor.must_be_admin("change the category descriptions")
        if len(items) > MAX_CATEGORIES:
            raise InvalidValue.single("/items", f"must hold at most {MAX_CATEGORIES} categories")
        checks = ProblemCollector()
        seen: dict[str, int] = {}
        clean = []
        for i, item in enumerate(items):
            name = checks.check(bounded_text, f"/items/{i}/name", item.name, CATEGORY_MAX_LENGTH)
            description = checks.check(
                bounded_text, f"/items/{i}/description", item.description, DESCRIPTION_MAX_LENGTH
            )
            if name is not None and name in seen:
                checks.problems.append(
                    FieldProblem(f"/items/{i}/name", f"repeats /items/{seen[name]}/name")
                )
            elif name is not None:
                seen[name] = i
            clean.append(CategoryDescription(name or "", description or ""))
        checks.raise_if_any()
        await self._store.replace_categories(clean, self._clock.now())
        return clean
