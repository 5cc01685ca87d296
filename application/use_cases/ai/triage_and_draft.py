"""The background job every new ticket gets: triage it and draft a first reply."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from application.ai.triage import TriageSuggestions
from application.ai.triage_record import TriageRecord
from application.errors import StaleVersion
from application.jobs.runner import describe
from application.ports.clock import Clock
from application.ports.job_queue import JobContext, JobPayload
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.use_cases.ai.first_response import (
    FirstResponseWriter,
    customer_name,
    pending_draft,
    record_first_response,
)
from domain.drafting.review import DraftRecord
from domain.tickets import Ticket
from domain.tickets.activity import Activity, ActivityAction
from domain.tickets.changes import TicketChanges

log = logging.getLogger("astratickets.ai")

TRIAGE_JOB = "triage_ticket"


def triage_job_key(ticket_id: int, version: int) -> str:
    return f"triage:{ticket_id}:v{version}"


def triage_job_payload(ticket: Ticket) -> dict[str, int]:
    assert ticket.id is not None
    return {"ticket_id": ticket.id, "version": ticket.version}


@dataclass(frozen=True, slots=True)
class AutoApplyPolicy:
    """Admins may let confident suggestions set a new ticket's category and add tags.

    Off by default. Only suggestions with a confidence of at least `threshold`
    (that did not abstain) apply; a category set by a person is never
    replaced; priority is never changed and nothing is ever sent.
    """

    enabled: bool = False
    threshold: float = 0.9


class TriageAndDraftTicket:
    """Job handler for `triage_ticket` jobs (payload: ticket_id, version).

    Rules:
    - idempotent: a ticket that is gone, or already has a draft for that
      version (written by this job or on demand), is left alone; the draft,
      triage and activity entries commit together with the job's `done` mark
      (`claim_effects`), so two runs of one job at once (a worker presumed dead
      that was not) still write them once;
    - triage, retrieval and drafting run, and the triage and a `pending`
      draft are stored together with their activity entries (actor: none);
    - a language-model failure is raised (the queue retries with back-off)
      until the last attempt, which falls back to the extractive draft with
      the reason; any other failure on the last attempt stores a `failed`
      draft with the reason (and the triage, when it was made) before the
      job is marked failed;
    - with auto-apply on, confident category and tag suggestions are then
      applied to the ticket unless someone changed it meanwhile.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        writer: FirstResponseWriter,
        clock: Clock,
        auto_apply: AutoApplyPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._writer = writer
        self._clock = clock
        self._auto_apply = auto_apply or AutoApplyPolicy()

    async def __call__(self, payload: JobPayload, context: JobContext) -> None:
        ticket_id, version = int(payload["ticket_id"] or 0), int(payload["version"] or 0)
        async with self._uow(read_only=True) as uow:
            ticket = await uow.tickets.get(ticket_id)
            if ticket is None or await uow.ai.has_drafts(ticket_id, version):
                return
            name = await customer_name(uow, ticket)
        suggestions: TriageSuggestions | None = None
        try:
            suggestions = await self._writer.triage(ticket)
            passages = await self._writer.passages(ticket)
            draft = await self._writer.draft(
                ticket, passages, customer_name=name, fall_back=context.is_last_attempt
            )
        except Exception as error:
            if context.is_last_attempt:
                await self._record_failure(ticket, version, suggestions, error, context)
            raise
        now = self._clock.now()
        triage = TriageRecord.of(ticket_id, version, suggestions, now)
        record = pending_draft(ticket, version, draft, passages, attempts=context.attempt, now=now)
        async with self._uow() as uow:
            if not await self._first_to_write(uow, context.key, ticket_id, version):
                return
            await record_first_response(uow, triage, record, actor_id=None, now=now)
            await uow.commit()
        if self._auto_apply.enabled:
            await self._apply(ticket, suggestions)

    async def _record_failure(
        self,
        ticket: Ticket,
        version: int,
        suggestions: TriageSuggestions | None,
        error: Exception,
        context: JobContext,
    ) -> None:
        assert ticket.id is not None
        now = self._clock.now()
        triage = TriageRecord.of(ticket.id, version, suggestions, now) if suggestions else None
        reason = describe(error)
        failed = DraftRecord.failed(
            ticket_id=ticket.id,
            ticket_version=version,
            model=self._writer.model_name,
            reason=reason,
            attempts=context.attempt,
            now=now,
        )
        async with self._uow() as uow:
            if not await self._first_to_write(uow, context.key, ticket.id, version, failure=reason):
                return
            await record_first_response(uow, triage, failed, actor_id=None, now=now)
            await uow.commit()

    @staticmethod
    async def _first_to_write(
        uow: UnitOfWork, key: str, ticket_id: int, version: int, *, failure: str | None = None
    ) -> bool:
        """Claim the job's effects in this unit of work (see JobStateRepository): False
        when another run of the job already wrote them, or a draft exists for the version."""
        if not await uow.jobs.claim_effects(key, failure=failure):
            return False
        return not await uow.ai.has_drafts(ticket_id, version)

    async def _apply(self, ticket: Ticket, suggestions: TriageSuggestions) -> None:
        threshold = self._auto_apply.threshold

        def confident(confidence: float | None, abstained: bool) -> bool:
            return not abstained and confidence is not None and confidence >= threshold

        category = suggestions.category
        new_category = None
        if (
            category
            and ticket.category is None
            and confident(category.confidence, category.abstained)
        ):
            new_category = category.value
        new_tags = [
            t.value
            for t in suggestions.tags
            if confident(t.confidence, t.abstained) and t.value not in ticket.tags
        ]
        if new_category is None and not new_tags:
            return
        changes = TicketChanges(
            **({"category": new_category} if new_category else {}),
            **({"tags": [*ticket.tags, *new_tags]} if new_tags else {}),
        )
        assert ticket.id is not None
        try:
            async with self._uow() as uow:
                current = await uow.tickets.get(ticket.id)
                if current is None or current.version != ticket.version:
                    return  # changed by someone since: people win
                now = self._clock.now()
                before = {name: getattr(current, name) for name in changes.given()}
                changed = current.apply(changes, now)
                if not changed:
                    return
                await uow.tickets.update(current, expected_version=ticket.version)
                await uow.activity.add(
                    Activity.changes(
                        ticket_id=ticket.id,
                        actor_id=None,
                        before={name: before[name] for name in changed},
                        after={name: getattr(current, name) for name in changed},
                        now=now,
                    )
                )
                await uow.activity.add(
                    Activity(
                        ticket.id,
                        None,
                        ActivityAction.AI_APPLIED,
                        {"category": new_category, "tags": new_tags, "threshold": threshold},
                        now,
                    )
                )
                await uow.commit()
        except StaleVersion:
            log.info("ticket %s changed during auto-apply; suggestions left as they are", ticket.id)
