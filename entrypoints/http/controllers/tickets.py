from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from application.queries import DEFAULT_PAGE_SIZE, PageRequest, TicketQuery, TicketSort
from application.use_cases.delete_ticket import DeleteTicket, DeleteTicketHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.tickets import TicketPriority, TicketStatus
from entrypoints.http.controllers.users import PageNumber, PageSize
from entrypoints.http.etags import etag_of, expected_version
from entrypoints.http.openapi_responses import problems
from entrypoints.http.pagination import LIST_HEADERS, page_response
from entrypoints.http.schemas.tickets import Ticket, TicketCreate, TicketUpdate

ETAG_HEADER = [
    ResponseHeader(name="ETag", description="The ticket version, quoted", documentation_only=True)
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description='The ETag you last saw (e.g. "3"); the write fails with 412 if it is stale',
    ),
]


def ticket_response(ticket: Ticket, status_code: int = 200) -> Response[Ticket]:
    return Response(ticket, status_code=status_code, headers={"ETag": etag_of(ticket.version)})


class TicketsController(Controller):
    path = "/api/tickets"
    tags = ["tickets"]

    @post("/", summary="Open a ticket", response_headers=ETAG_HEADER, responses=problems(400, 413))
    async def open(
        self, data: JSONBody[TicketCreate], open_ticket: NamedDependency[OpenTicketHandler]
    ) -> Response[Ticket]:
        ticket = await open_ticket(
            OpenTicket(
                title=data.title,
                content=data.content,
                requester_id=data.requester_id,
                status=data.status,
                priority=data.priority,
                tags=data.tags,
                category=data.category,
                assignee_id=data.assignee_id,
            )
        )
        return ticket_response(Ticket.of(ticket), status_code=201)

    @get("/", summary="List tickets", response_headers=LIST_HEADERS, responses=problems())
    async def list_tickets(
        self,
        request: Request[Any, Any, Any],
        list_tickets: NamedDependency[ListTicketsHandler],
        page: FromQuery[PageNumber] = 1,
        page_size: FromQuery[PageSize] = DEFAULT_PAGE_SIZE,
        status: FromQuery[TicketStatus | None] = None,
        priority: FromQuery[TicketPriority | None] = None,
        requester_id: FromQuery[int | None] = None,
        assignee_id: FromQuery[int | None] = None,
        tag: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        q: Annotated[
            str | None, QueryParameter(description="Text in the title or content, any case")
        ] = None,
        sort: FromQuery[TicketSort] = TicketSort.CREATED_AT_DESC,
    ) -> Response[list[Ticket]]:
        query = TicketQuery(
            status=status,
            priority=priority,
            requester_id=requester_id,
            assignee_id=assignee_id,
            tag=tag or None,
            category=category or None,
            text=q or None,
            sort=sort,
            page=PageRequest(page=page, page_size=page_size),
        )
        found = await list_tickets(query)
        return page_response(request, found, [Ticket.of(t) for t in found.items])

    @get(
        "/{ticket_id:int}",
        summary="Get a ticket",
        response_headers=ETAG_HEADER,
        responses=problems(404),
    )
    async def get_ticket(
        self, ticket_id: FromPath[int], get_ticket: NamedDependency[GetTicketHandler]
    ) -> Response[Ticket]:
        return ticket_response(Ticket.of(await get_ticket(ticket_id)))

    @patch(
        "/{ticket_id:int}",
        summary="Change some fields of a ticket",
        response_headers=ETAG_HEADER,
        responses=problems(400, 404, 409, 412, 413),
    )
    async def patch_ticket(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[TicketUpdate],
        update_ticket: NamedDependency[UpdateTicketHandler],
        if_match: IfMatch = None,
    ) -> Response[Ticket]:
        return await self._update(ticket_id, data, update_ticket, if_match)

    @put(
        "/{ticket_id:int}",
        summary="Change some fields of a ticket (same as PATCH)",
        responses=problems(400, 404, 409, 412, 413),
        response_headers=ETAG_HEADER,
    )
    async def put_ticket(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[TicketUpdate],
        update_ticket: NamedDependency[UpdateTicketHandler],
        if_match: IfMatch = None,
    ) -> Response[Ticket]:
        return await self._update(ticket_id, data, update_ticket, if_match)

    @delete(
        "/{ticket_id:int}",
        summary="Delete a ticket and its replies",
        status_code=204,
        responses=problems(404, 412),
    )
    async def delete_ticket(
        self,
        ticket_id: FromPath[int],
        delete_ticket: NamedDependency[DeleteTicketHandler],
        if_match: IfMatch = None,
    ) -> None:
        version = expected_version(if_match, kind="ticket", identifier=ticket_id)
        await delete_ticket(DeleteTicket(ticket_id=ticket_id, expected_version=version))

    @staticmethod
    async def _update(
        ticket_id: FromPath[int],
        data: JSONBody[TicketUpdate],
        update_ticket: UpdateTicketHandler,
        if_match: str | None,
    ) -> Response[Ticket]:
        version = expected_version(if_match, kind="ticket", identifier=ticket_id)
        ticket = await update_ticket(
            UpdateTicket(ticket_id=ticket_id, changes=data.to_changes(), expected_version=version)
        )
        return ticket_response(Ticket.of(ticket))
