from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.use_cases.list_ratings import ListRatingsHandler
from application.use_cases.rate_ticket import RateTicket, RateTicketHandler
from domain.access import Actor
from entrypoints.http.auth import SIGNED_IN
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.satisfaction import Rating, RatingCreate, Satisfaction


class SatisfactionController(Controller):
    path = "/api/tickets/{ticket_id:int}/satisfaction"
    tags = ["satisfaction"]

    @post(
        "/",
        summary="Rate a resolved ticket, 1 to 5 (its requester; once per resolution)",
        responses=problems(400, 403, 404, 409, 413),
        **SIGNED_IN,
    )
    async def rate(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[RatingCreate],
        rate_ticket: NamedDependency[RateTicketHandler],
        actor: NamedDependency[Actor],
    ) -> Rating:
        rating = await rate_ticket(
            RateTicket(ticket_id=ticket_id, score=data.score, comment=data.comment), actor
        )
        return Rating.of(rating)

    @get(
        "/",
        summary="The ticket's satisfaction: the current resolution's rating and the history",
        responses=problems(404),
        **SIGNED_IN,
    )
    async def satisfaction(
        self,
        ticket_id: FromPath[int],
        list_ratings: NamedDependency[ListRatingsHandler],
        actor: NamedDependency[Actor],
    ) -> Satisfaction:
        ticket, ratings = await list_ratings(ticket_id, actor)
        return Satisfaction.of(ticket, ratings)
