from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from application.errors import InvalidCursor
from application.queries import DEFAULT_PAGE_SIZE, PageRequest, TicketQuery, TicketSort
from application.ticket_cursor import decode_cursor, encode_cursor, key_of
from application.use_cases.delete_ticket import DeleteTicket, DeleteTicketHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.access import Actor
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.sla_clock import SlaStatus
from entrypoints.http.auth import SIGNED_IN, STAFF
from entrypoints.http.controllers.users import PageNumber, PageSize
from entrypoints.http.etags import etag_of, expected_versions, write_if_match
from entrypoints.http.openapi_responses import problems
from entrypoints.http.pagination import CURSOR_LIST_HEADERS, page_response
from entrypoints.http.schemas.tickets import Ticket, TicketCreate, TicketUpdate

ETAG_HEADER = [
    ResponseHeader(name="ETag", description="The ticket version, quoted", documentation_only=True)
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description='The ETag you last saw (e.g. "3"), or a list of them; the write fails '
        "with 412 unless the ticket is still at one of them (strong comparison: a weak "
        "W/ tag never matches)",
    ),
]


def ticket_response(ticket: Ticket, status_code: int = 200) -> Response[Ticket]:
    return Response(ticket, status_code=status_code, headers={"ETag": etag_of(ticket.version)})


class TicketsController(Controller):
    path = "/api/tickets"
    tags = ["tickets"]

    @post(
        "/",
        summary="Open a ticket (customers: for themselves)",
        response_headers=ETAG_HEADER,
        responses=problems(400, 403, 413),
        **SIGNED_IN,
    )
    async def open(
        self,
        data: JSONBody[TicketCreate],
        open_ticket: NamedDependency[OpenTicketHandler],
        actor: NamedDependency[Actor],
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
            ),
            actor,
        )
        return ticket_response(Ticket.of(ticket), status_code=201)

    @get(
        "/",
        summary="List tickets (customers: their own)",
        response_headers=CURSOR_LIST_HEADERS,
        responses=problems(400),
        **SIGNED_IN,
    )
    async def list_tickets(
        self,
        request: Request[Any, Any, Any],
        list_tickets: NamedDependency[ListTicketsHandler],
        actor: NamedDependency[Actor],
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
        sla: Annotated[
            SlaStatus | None,
            QueryParameter(
                description="breached: a target was missed; at_risk: one falls due within "
                "SLA_AT_RISK_MINUTES; ok: neither"
            ),
        ] = None,
        cursor: Annotated[
            str | None,
            QueryParameter(
                description="Keyset paging: the X-Next-Cursor of the previous page (same sort); "
                "replaces `page`, cheap at any depth"
            ),
        ] = None,
    ) -> Response[list[Ticket]]:
        if cursor is not None and page != 1:
            raise InvalidCursor("send either `cursor` or `page`, not both")
        query = TicketQuery(
            status=status,
            priority=priority,
            requester_id=requester_id,
            assignee_id=assignee_id,
            tag=tag or None,
            category=category.strip() or None if category else None,
            text=q or None,
            sla=sla,
            sort=sort,
            page=PageRequest(page=page, page_size=page_size),
            after=decode_cursor(cursor, sort) if cursor is not None else None,
        )
        found = await list_tickets(query, actor)
        next_cursor = None
        if found.has_next and found.items:
            next_cursor = encode_cursor(sort, key_of(found.items[-1], sort))
        return page_response(
            request,
            found,
            [Ticket.of(t) for t in found.items],
            next_cursor=next_cursor,
            by_cursor=cursor is not None,
        )

    @get(
        "/{ticket_id:int}",
        summary="Get a ticket (customers: their own)",
        response_headers=ETAG_HEADER,
        responses=problems(404),
        **SIGNED_IN,
    )
    async def get_ticket(
        self,
        ticket_id: FromPath[int],
        get_ticket: NamedDependency[GetTicketHandler],
        actor: NamedDependency[Actor],
    ) -> Response[Ticket]:
        return ticket_response(Ticket.of(await get_ticket(ticket_id, actor)))

    @patch(
        "/{ticket_id:int}",
        summary="Change some fields of a ticket (agents and admins)",
        response_headers=ETAG_HEADER,
        responses=problems(400, 403, 404, 409, 412, 413),
        **STAFF,
    )
    async def patch_ticket(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[TicketUpdate],
        update_ticket: NamedDependency[UpdateTicketHandler],
        actor: NamedDependency[Actor],
        if_match: IfMatch = None,
    ) -> Response[Ticket]:
        return await self._update(ticket_id, data, update_ticket, actor, if_match)

    @put(
        "/{ticket_id:int}",
        summary="Change some fields of a ticket (same as PATCH)",
        responses=problems(400, 403, 404, 409, 412, 413),
        response_headers=ETAG_HEADER,
        **STAFF,
    )
    async def put_ticket(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[TicketUpdate],
        update_ticket: NamedDependency[UpdateTicketHandler],
        actor: NamedDependency[Actor],
        if_match: IfMatch = None,
    ) -> Response[Ticket]:
        return await self._update(ticket_id, data, update_ticket, actor, if_match)

    @delete(
        "/{ticket_id:int}",
        summary="Delete a ticket and its replies (agents and admins)",
        status_code=204,
        responses=problems(403, 404, 412),
        **STAFF,
    )
    async def delete_ticket(
        self,
        ticket_id: FromPath[int],
        delete_ticket: NamedDependency[DeleteTicketHandler],
        actor: NamedDependency[Actor],
        if_match: IfMatch = None,
    ) -> None:
        versions = expected_versions(if_match, kind="ticket", identifier=ticket_id)
        await write_if_match(
            versions,
            lambda version: delete_ticket(
                DeleteTicket(ticket_id=ticket_id, expected_version=version), actor
            ),
        )

    @staticmethod
    async def _update(
        ticket_id: int,
        data: TicketUpdate,
        update_ticket: UpdateTicketHandler,
        actor: Actor,
        if_match: str | None,
    ) -> Response[Ticket]:
        versions = expected_versions(if_match, kind="ticket", identifier=ticket_id)
        changes = data.to_changes()
        ticket = await write_if_match(
            versions,
            lambda version: update_ticket(
                UpdateTicket(ticket_id=ticket_id, changes=changes, expected_version=version),
                actor,
            ),
        )
        return ticket_response(Ticket.of(ticket))
