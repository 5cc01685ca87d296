from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.use_cases.delete_reply import DeleteReply, DeleteReplyHandler
from application.use_cases.list_activity import ListActivityHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from domain.access import AccessDenied, Actor
from entrypoints.http.auth import SIGNED_IN, STAFF
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.tickets import ActivityEntry, Reply, ReplyCreate


class RepliesController(Controller):
    path = "/api/tickets/{ticket_id:int}"
    tags = ["replies"]

    @post(
        "/replies",
        summary="Reply to a ticket, or add an internal note (agents and admins)",
        responses=problems(400, 403, 404, 409, 413),
        **SIGNED_IN,
    )
    async def post_reply(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[ReplyCreate],
        post_reply: NamedDependency[PostReplyHandler],
        actor: NamedDependency[Actor],
    ) -> Reply:
        if data.author_id is not None and data.author_id != actor.user_id:
            raise AccessDenied("replies are posted as the signed-in account only")
        reply = await post_reply(
            PostReply(ticket_id=ticket_id, content=data.content, internal=data.internal), actor
        )
        return Reply.of(reply)

    @get(
        "/replies",
        summary="The ticket's conversation, oldest first (customers: public replies only)",
        responses=problems(404),
        **SIGNED_IN,
    )
    async def list_replies(
        self,
        ticket_id: FromPath[int],
        list_replies: NamedDependency[ListRepliesHandler],
        actor: NamedDependency[Actor],
    ) -> list[Reply]:
        return [Reply.of(r) for r in await list_replies(ticket_id, actor)]

    @delete(
        "/replies/{reply_id:int}",
        summary="Remove a reply or note (agents and admins; logged)",
        status_code=204,
        responses=problems(403, 404),
        **STAFF,
    )
    async def delete_reply(
        self,
        ticket_id: FromPath[int],
        reply_id: FromPath[int],
        delete_reply: NamedDependency[DeleteReplyHandler],
        actor: NamedDependency[Actor],
    ) -> None:
        await delete_reply(DeleteReply(ticket_id=ticket_id, reply_id=reply_id), actor)

    @get(
        "/activity",
        summary="Who changed what and when (agents and admins)",
        responses=problems(403, 404),
        **STAFF,
    )
    async def list_activity(
        self,
        ticket_id: FromPath[int],
        list_activity: NamedDependency[ListActivityHandler],
        actor: NamedDependency[Actor],
    ) -> list[ActivityEntry]:
        return [ActivityEntry.of(entry) for entry in await list_activity(ticket_id, actor)]
