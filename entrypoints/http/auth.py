"""Who is calling: bearer tokens (Litestar's JWT security) and role guards.

Every route declares its access rule in `opt["access"]`:
- `public`: no token needed (sign-in, sign-up, health, docs, the console's files);
- `signed_in`: any active account; the use case applies finer rules
  (a customer sees only their own tickets);
- `staff`: agents and admins;
- `admin`: admins only.
The authorisation matrix test reads these from the route table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.security.jwt import OAuth2PasswordBearerAuth, Token

from adapters.sql.limits import storable_id
from domain.access import Actor
from domain.users import Role, User

TOKEN_URL = "/api/auth/token"


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    STAFF = "staff"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What `request.user` holds on an authenticated request."""

    user: User
    actor: Actor


async def _retrieve_account(
    token: Token, connection: ASGIConnection[Any, Any, Any, Any]
) -> SignedIn | None:
    try:
        user_id = int(token.sub)
    except ValueError:
        return None
    if not storable_id(user_id):
        return None
    found = await connection.app.state.container.authenticate()(user_id)
    if found is None:
        return None
    user, actor = found
    # A token issued under an earlier password no longer speaks for the account.
    if not connection.app.state.sessions.speaks_for(token, user):
        return None
    return SignedIn(user, actor)


def build_auth(secret_key: str, token_minutes: int) -> OAuth2PasswordBearerAuth[SignedIn, Token]:
    return OAuth2PasswordBearerAuth[SignedIn, Token](
        token_secret=secret_key,
        token_url=TOKEN_URL,
        retrieve_user_handler=_retrieve_account,
        default_token_expiration=timedelta(minutes=token_minutes),
        exclude=["^/schema"],
        exclude_opt_key="public",
        description="Sign in at /api/auth/token (username = e-mail) to get a bearer token.",
    )


def _require(*roles: Role) -> Any:
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        signed_in: SignedIn = connection.user
        if signed_in.actor.role not in allowed:
            names = " or ".join(sorted(role.value for role in allowed))
            raise PermissionDeniedException(f"this needs the {names} role")

    return guard


PUBLIC: dict[str, Any] = {"opt": {"access": Access.PUBLIC, "public": True}, "security": [{}]}
SIGNED_IN: dict[str, Any] = {"opt": {"access": Access.SIGNED_IN}}
STAFF: dict[str, Any] = {
    "opt": {"access": Access.STAFF},
    "guards": [_require(Role.AGENT, Role.ADMIN)],
}
ADMIN: dict[str, Any] = {"opt": {"access": Access.ADMIN}, "guards": [_require(Role.ADMIN)]}


def provide_actor(request: Request[SignedIn, Any, Any]) -> Actor:
    return request.user.actor
