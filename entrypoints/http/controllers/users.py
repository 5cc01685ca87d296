from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from application.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageRequest, UserQuery
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from application.use_cases.update_user import UpdateUser, UpdateUserHandler
from domain.access import Actor
from domain.errors import InvalidValue
from domain.users import Role
from entrypoints.http.auth import ADMIN, SIGNED_IN, STAFF
from entrypoints.http.openapi_responses import problems
from entrypoints.http.pagination import LIST_HEADERS, page_response
from entrypoints.http.schemas.users import User, UserCreate, UserUpdate

PageNumber = Annotated[int, QueryParameter(ge=1, description="Page number, from 1")]
PageSize = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1..{MAX_PAGE_SIZE}"),
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

    @post(
        "/",
        summary="Add an account (admins: any role; agents: customers without password)",
        responses=problems(400, 403, 409, 413),
        **STAFF,
    )
    async def register(
        self,
        data: JSONBody[UserCreate],
        register_user: NamedDependency[RegisterUserHandler],
        actor: NamedDependency[Actor],
    ) -> User:
        command = RegisterUser(
            email=data.email, name=data.name, role=data.role.value, password=data.password
        )
        return User.of(await register_user(command, actor))

    @get(
        "/",
        summary="List accounts (agents and admins)",
        responses=problems(403),
        response_headers=LIST_HEADERS,
        **STAFF,
    )
    async def list_users(
        self,
        request: Request[Any, Any, Any],
        list_users: NamedDependency[ListUsersHandler],
        actor: NamedDependency[Actor],
        page: FromQuery[PageNumber] = 1,
        page_size: FromQuery[PageSize] = DEFAULT_PAGE_SIZE,
        q: FromQuery[str | None] = None,
        role: FromQuery[Role | None] = None,
        ids: Annotated[
            str | None, QueryParameter(description="Comma-separated ids, e.g. 1,2,3 (max 100)")
        ] = None,
    ) -> Response[list[User]]:
        query = UserQuery(
            text=q or None,
            ids=parse_ids(ids),
            role=role,
            page=PageRequest(page=page, page_size=page_size),
        )
        found = await list_users(query, actor)
        return page_response(request, found, [User.of(u) for u in found.items])

    @get(
        "/{user_id:int}",
        summary="Get an account (customers: only their own)",
        responses=problems(404),
        **SIGNED_IN,
    )
    async def get_user(
        self,
        user_id: FromPath[int],
        get_user: NamedDependency[GetUserHandler],
        actor: NamedDependency[Actor],
    ) -> User:
        return User.of(await get_user(user_id, actor))

    @patch(
        "/{user_id:int}",
        summary="Change an account (admins: anything; everyone: own name)",
        description="Nobody sets their own password here (403): that is "
        "`POST /api/auth/password`, which asks for the current one.",
        responses=problems(400, 403, 404, 409, 413),
        **SIGNED_IN,
    )
    async def update_user(
        self,
        user_id: FromPath[int],
        data: JSONBody[UserUpdate],
        update_user: NamedDependency[UpdateUserHandler],
        actor: NamedDependency[Actor],
    ) -> User:
        given = data.given()
        command = UpdateUser(
            user_id=user_id,
            name=given["name"],  # type: ignore[arg-type]
            role=given["role"],  # type: ignore[arg-type]
            active=given["active"],  # type: ignore[arg-type]
            password=given["password"],  # type: ignore[arg-type]
        )
        return User.of(await update_user(command, actor))

    @delete(
        "/{user_id:int}",
        summary="Delete an account that has no tickets or replies (admins)",
        status_code=204,
        responses=problems(403, 404, 409),
        **ADMIN,
    )
    async def delete_user(
        self,
        user_id: FromPath[int],
        delete_user: NamedDependency[DeleteUserHandler],
        actor: NamedDependency[Actor],
    ) -> None:
        await delete_user(user_id, actor)
