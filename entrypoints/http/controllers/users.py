from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from application.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageRequest, UserQuery
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from domain.errors import InvalidValue
from entrypoints.http.openapi_responses import problems
from entrypoints.http.pagination import LIST_HEADERS, page_response
from entrypoints.http.schemas.users import User, UserCreate

PageNumber = Annotated[int, QueryParameter(ge=1, description="Page number, from 1")]
PageSize = Annotated[
    int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1..{MAX_PAGE_SIZE}")
]
MAX_IDS = 100


def parse_ids(raw: str | None) -> tuple[int, ...] | None:
    if raw is None:
        return None
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() and len(part) < 12 for part in parts):
        raise InvalidValue.single("ids", "must be a comma-separated list of user ids")
    if len(parts) > MAX_IDS:
        raise InvalidValue.single("ids", f"at most {MAX_IDS} ids at once")
    return tuple(int(part) for part in parts)


class UsersController(Controller):
    path = "/api/users"
    tags = ["users"]

    @post("/", summary="Register a user", responses=problems(400, 409, 413))
    async def register(
        self, data: JSONBody[UserCreate], register_user: NamedDependency[RegisterUserHandler]
    ) -> User:
        user = await register_user(RegisterUser(email=data.email, name=data.name))
        return User.of(user)

    @get("/", summary="List users", responses=problems(), response_headers=LIST_HEADERS)
    async def list_users(
        self,
        request: Request[Any, Any, Any],
        list_users: NamedDependency[ListUsersHandler],
        page: FromQuery[PageNumber] = 1,
        page_size: FromQuery[PageSize] = DEFAULT_PAGE_SIZE,
        q: FromQuery[str | None] = None,
        ids: Annotated[
            str | None, QueryParameter(description="Comma-separated ids, e.g. 1,2,3 (max 100)")
        ] = None,
    ) -> Response[list[User]]:
        query = UserQuery(
            text=q or None, ids=parse_ids(ids), page=PageRequest(page=page, page_size=page_size)
        )
        found = await list_users(query)
        return page_response(request, found, [User.of(u) for u in found.items])

    @get("/{user_id:int}", summary="Get a user", responses=problems(404))
    async def get_user(
        self, user_id: FromPath[int], get_user: NamedDependency[GetUserHandler]
    ) -> User:
        return User.of(await get_user(user_id))

    @delete(
        "/{user_id:int}",
        summary="Delete a user who has no tickets or replies",
        responses=problems(404, 409),
        status_code=204,
    )
    async def delete_user(
        self, user_id: FromPath[int], delete_user: NamedDependency[DeleteUserHandler]
    ) -> None:
        await delete_user(user_id)
