from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.tickets import Reply, ReplyCreate


class RepliesController(Controller):
    path = "/api/tickets/{ticket_id:int}/replies"
    tags = ["replies"]

    @post(
        "/",
        summary="Reply to a ticket, or add an internal note",
        responses=problems(400, 404, 409, 413),
    )
    async def post_reply(
        self,
        ticket_id: FromPath[int],
        data: JSONBody[ReplyCreate],
        post_reply: NamedDependency[PostReplyHandler],
    ) -> Reply:
        reply = await post_reply(
            PostReply(
                ticket_id=ticket_id,
                author_id=data.author_id,
                content=data.content,
                internal=data.internal,
            )
        )
        return Reply.of(reply)

    @get("/", summary="The ticket's conversation, oldest first", responses=problems(404))
    async def list_replies(
        self, ticket_id: FromPath[int], list_replies: NamedDependency[ListRepliesHandler]
    ) -> list[Reply]:
        return [Reply.of(r) for r in await list_replies(ticket_id)]
