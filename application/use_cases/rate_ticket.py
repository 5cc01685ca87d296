from __future__ import annotations

from dataclasses import dataclass

from application.ports import Clock, UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.tickets.activity import Activity, ActivityAction
from domain.tickets.satisfaction import SatisfactionRating


@dataclass(frozen=True, slots=True)
class RateTicket:
    ticket_id: int
    score: int
    comment: str | None = None


class RateTicketHandler:
    """The requester rates a resolved ticket, once per resolution.

    Only the requester may rate (others see 404 or 403 as for any ticket they may
    not act on); the ticket must be resolved or closed (else 409); a resolution
    already rated cannot be rated again (409), but reopening and resolving the
    ticket again allows a new rating. Every rating is kept, and logged.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: RateTicket, actor: Actor) -> SatisfactionRating:
        now = self._clock.now()
        async with self._uow() as uow:
            ticket = await visible_ticket(uow, command.ticket_id, actor)
            rating = SatisfactionRating.give(
                ticket=ticket,
                rater_id=actor.user_id,
                score=command.score,
                comment=command.comment,
                now=now,
                earlier=await uow.ratings.list_for_ticket(command.ticket_id),
            )
            await uow.ratings.add(rating)
            await uow.activity.add(
                Activity(
                    command.ticket_id,
                    actor.user_id,
                    ActivityAction.RATED,
                    {"rating_id": rating.id, "score": rating.score},
                    now,
                )
            )
            await uow.commit()
        return rating
