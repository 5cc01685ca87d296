from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from application.ports import Clock, UnitOfWorkFactory
from application.queries import Page, SlaWindow, TicketQuery
from domain.access import Actor
from domain.tickets import Ticket

DEFAULT_AT_RISK = timedelta(minutes=60)


class ListTicketsHandler:
    """Tickets matching every given filter, one page at a time, with the total.

    A customer's list only ever holds their own tickets, whatever the filters say.
    The `sla` filter is judged at the clock's current time: breached, at risk
    (would breach within `at_risk`), or ok.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, at_risk: timedelta = DEFAULT_AT_RISK
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._at_risk = at_risk

    async def __call__(self, query: TicketQuery, actor: Actor) -> Page[Ticket]:
        if not actor.is_staff:
            if query.requester_id not in (None, actor.user_id):
                return Page([], None if query.after else 0, query.page, more=False)
            query = replace(query, requester_id=actor.user_id)
        if query.sla is not None:
            now = self._clock.now()
            query = replace(query, sla_window=SlaWindow(now, now + self._at_risk))
        async with self._uow(read_only=True) as uow:
            return await uow.tickets.list(query)
