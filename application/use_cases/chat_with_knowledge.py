from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from application.ai.chat_prompt import MAX_TURN_CHARS, build_chat_messages
from application.ai.drafting import EXTRACTIVE_MODEL
from application.ai.errors import LanguageModelBadOutput, LanguageModelError
from application.ai.output_guard import InstructionEcho
from application.errors import NotFound
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.ports.language_model import ChatMessage, LanguageModel
from application.use_cases.knowledge.search_knowledge import (
    KnowledgeMatch,
    SearchKnowledge,
    SearchKnowledgeHandler,
    kb_passage,
    similar_enough,
)
from domain.access import Actor
from domain.drafting import ExtractivePolicy, Passage, filter_citations
from domain.drafting.extractive import extract_steps, quoted_steps
from domain.drafting.inline_markdown import plain_snippet
from domain.drafting.templates import template_for
from domain.errors import FieldProblem, InvalidValue
from domain.language import reply_language

log = logging.getLogger("astratickets.ai")

MAX_QUERY_CHARS = 2_000
MAX_HISTORY = 20
MAX_RESULTS = 10
NOTHING_FOUND = template_for("en").kb_has_nothing
NO_DIRECT_ANSWER = template_for("en").kb_no_direct_answer


@dataclass(frozen=True, slots=True)
class ChatQuestion:
    query: str
    history: Sequence[ChatMessage] = ()
    collection: str | None = None
    n_results: int = 5


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    query: str
    answer: str
    sources: tuple[KnowledgeMatch, ...]
    model: str
    snippets: tuple[str, ...] = field(default_factory=tuple)
    fallback_reason: str | None = None


def _validate(question: ChatQuestion) -> str:
    problems = []
    query = question.query.strip()
    if not query:
        problems.append(FieldProblem("query", "must not be empty"))
    elif len(query) > MAX_QUERY_CHARS:
        problems.append(FieldProblem("query", f"must be at most {MAX_QUERY_CHARS} characters"))
    if len(question.history) > MAX_HISTORY:
        problems.append(FieldProblem("history", f"must hold at most {MAX_HISTORY} turns"))
    for i, turn in enumerate(question.history):
        if turn.role not in ("user", "assistant"):
            problems.append(FieldProblem(f"/history/{i}/role", "must be user or assistant"))
        if not turn.content.strip():
            problems.append(FieldProblem(f"/history/{i}/content", "must not be empty"))
        elif len(turn.content) > MAX_TURN_CHARS:
            problems.append(
                FieldProblem(
                    f"/history/{i}/content", f"must be at most {MAX_TURN_CHARS} characters"
                )
            )
    if not 1 <= question.n_results <= MAX_RESULTS:
        problems.append(FieldProblem("n_results", f"must be between 1 and {MAX_RESULTS}"))
    if problems:
        raise InvalidValue(problems)
    return query


class ChatWithKnowledgeHandler:
    """A conversation with the knowledge base (agents and admins).

    Rules:
    - a question has 1..2000 characters; up to 20 earlier turns (`user` or
      `assistant`, 1..4000 characters each) give it context; 1..10 passages;
    - the passages are those of the knowledge-base search's best matches for
      the question together with the previous question (so a follow-up keeps
      its subject) whose similarity reaches `kb_passage_min_score`
      (KB_PASSAGE_MIN_SCORE, as for drafts: a passage about something else is
      no answer); a default collection that does not exist yet gives none, a
      named one that does not exist is not found;
    - with no passage left the answer is that the knowledge base has nothing on
      it, citing nothing, and no language model is asked (`model: "extractive"`);
    - with a language model configured it answers from the passages, quoted as
      data, citing them as [n]; citations of passages not given are removed,
      and an answer echoing the instructions is refused;
    - without one, or when it fails, the answer quotes the relevant steps of
      the best passages verbatim, each cited [n] (`model: "extractive"`).
    """

    def __init__(
        self,
        search: SearchKnowledgeHandler,
        model: LanguageModel | None = None,
        *,
        max_tokens: int = 600,
        nonce_factory: Callable[[], str] = lambda: secrets.token_hex(8),
        kb_passage_min_score: float = 0.0,
    ) -> None:
        self._search = search
        self._model = model
        self._min_similarity = kb_passage_min_score
        self._max_tokens = max_tokens
        self._nonce_factory = nonce_factory

    async def __call__(self, question: ChatQuestion, actor: Actor) -> ChatAnswer:
        actor.must_be_staff("chat with the knowledge base")
        query = _validate(question)
        matches = similar_enough(await self._retrieve(query, question), self._min_similarity)
        if not matches:
            nothing = template_for(reply_language(query)).kb_has_nothing
            return ChatAnswer(query, nothing, (), EXTRACTIVE_MODEL)
        passages = [kb_passage(m) for m in matches]
        snippets = tuple(plain_snippet(p.content) for p in passages)
        reason = None
        if self._model is not None:
            try:
                answer, model = await self._generate(query, question.history, passages)
                return ChatAnswer(query, answer, tuple(matches), model, snippets)
            except LanguageModelError as error:
                reason = str(error)
                log.warning("chat with the language model failed; extractive answer: %s", error)
        answer = self._extract(query, passages)
        return ChatAnswer(query, answer, tuple(matches), EXTRACTIVE_MODEL, snippets, reason)

    async def _retrieve(self, query: str, question: ChatQuestion) -> list[KnowledgeMatch]:
        earlier = [t.content for t in question.history if t.role == "user"]
        search_text = f"{earlier[-1]}\n{query}"[-MAX_QUERY_CHARS:] if earlier else query
        try:
            return await self._search(
                SearchKnowledge(
                    query=search_text, collection=question.collection, limit=question.n_results
                )
            )
        except (NotFound, EmbeddingSpaceMismatch) as error:
            if question.collection is not None:
                raise
            log.info("no knowledge-base passages for a chat question: %s", error)
            return []

    async def _generate(
        self, query: str, history: Sequence[ChatMessage], passages: list[Passage]
    ) -> tuple[str, str]:
        assert self._model is not None
        messages, nonce = build_chat_messages(
            query, history, passages, nonce_factory=self._nonce_factory
        )
        completion = await self._model.complete(
            messages, temperature=0.2, max_tokens=self._max_tokens
        )
        answer = completion.text.strip()
        if InstructionEcho([messages[0].content], nonce).found_in(answer):
            raise LanguageModelBadOutput(completion.model, "the answer repeats the instructions")
        text, _ = filter_citations(re.sub(r"\n{3,}", "\n\n", answer), passages)
        if not text.strip():
            raise LanguageModelBadOutput(completion.model, "the answer is empty")
        return text.strip(), completion.model

    @staticmethod
    def _extract(query: str, passages: list[Passage]) -> str:
        steps = extract_steps(query, passages, ExtractivePolicy())
        if not steps:
            return template_for(reply_language(query)).kb_no_direct_answer
        return quoted_steps(steps, reply_language(query))
