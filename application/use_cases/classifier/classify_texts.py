from __future__ import annotations

from collections.abc import Sequence

from application.errors import Conflict
from application.ports.classifier_model import Prediction
from application.ports.triage_models import TriageModelSource
from domain.access import Actor
from domain.errors import FieldProblem, InvalidValue
from domain.tickets.ticket import CONTENT_MAX_LENGTH

MAX_TEXTS = 256


class NoCategoryModel(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "there is no category model yet: train the classifier on labelled tickets, "
            "or describe at least two categories"
        )


class ClassifyTextsHandler:
    """The category the model in force gives each text (agents and admins).

    Rules: 1..256 texts, each non-blank and at most 20,000 characters (as a
    ticket's content); each result is the best category, its confidence and
    whether the model abstains below its threshold; with no category model
    (none trained, fewer than two categories described) the request conflicts.
    """

    def __init__(self, models: TriageModelSource) -> None:
        self._models = models

    async def __call__(self, texts: Sequence[str], actor: Actor) -> list[Prediction]:
        actor.must_be_staff("classify texts")
        if not 1 <= len(texts) <= MAX_TEXTS:
            raise InvalidValue.single("texts", f"must hold 1..{MAX_TEXTS} texts (got {len(texts)})")
        problems = [
            FieldProblem(f"/texts/{i}", "must not be empty")
            if not text.strip()
            else FieldProblem(f"/texts/{i}", f"must be at most {CONTENT_MAX_LENGTH} characters")
            for i, text in enumerate(texts)
            if not text.strip() or len(text) > CONTENT_MAX_LENGTH
        ]
        if problems:
            raise InvalidValue(problems)
        model = (await self._models.current()).category
        if model is None:
            raise NoCategoryModel()
        return await model.predict(list(texts))
