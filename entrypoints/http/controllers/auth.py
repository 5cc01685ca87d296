from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, ValidationException
from litestar.params import JSONBody
from litestar.security.jwt import Token

from application.use_cases.change_own_password import (
    ChangeOwnPassword,
    ChangeOwnPasswordHandler,
)
from application.use_cases.sign_in import SignIn, SignInHandler
from application.use_cases.sign_up import SignUp, SignUpHandler
from entrypoints.http.auth import PUBLIC, SIGNED_IN, SignedIn
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.users import (
    AccessToken,
    AuthOptions,
    ChangePasswordRequest,
    SignInJson,
    SignUpRequest,
    User,
)
from entrypoints.http.session_tokens import IssuedToken, SessionTokens

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def _credentials(request: Request[Any, Any, Any]) -> SignInJson:
    """The OAuth2 password form (username = e-mail) or JSON {email, password}."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        form = await request.form()
        username, password = form.get("username"), form.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise ValidationException(
                "username and password are required",
                extra=[
                    {"key": key, "message": "is required"}
                    for key, value in (("username", username), ("password", password))
                    if not isinstance(value, str)
                ],
            )
        return SignInJson(email=username, password=password)
    if content_type in ("application/json", ""):
        body = await request.body()
        try:
            return msgspec.json.decode(body, type=SignInJson)
        except msgspec.ValidationError as error:
            raise ValidationException(
                "invalid sign-in", extra=[{"key": "body", "message": str(error)}]
            ) from None
        except msgspec.DecodeError as error:
            raise ClientException(f"JSON is malformed: {error}") from None
    raise ClientException(
        "send the OAuth2 password form or JSON {email, password}", status_code=415
    )


def _access_token(issued: IssuedToken) -> AccessToken:
    return AccessToken(
        access_token=issued.access_token, token_type="bearer", expires_in=issued.expires_in
    )


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post(
        "/token",
        summary="Sign in: exchange e-mail and password for a bearer token",
        description="Takes the OAuth2 password form (`username` = e-mail, `password`) "
        "or JSON `{email, password}`.",
        status_code=200,
        responses=problems(400, 401, 415, 429, public=True),
        **PUBLIC,
    )
    async def token(
        self, request: Request[Any, Any, Any], sign_in: NamedDependency[SignInHandler]
    ) -> AccessToken:
        credentials = await _credentials(request)
        client = request.client.host if request.client else "unknown"
        user = await sign_in(
            SignIn(email=credentials.email, password=credentials.password, client=client)
        )
        return _access_token(request.app.state.sessions.sign_in(user))

    @post(
        "/refresh",
        summary="Renew the bearer token of the signed-in session",
        description="Answers a new token for the session of the token sent, with a later "
        "expiry: ACCESS_TOKEN_EXPIRE_MINUTES from now, but never more than "
        "SESSION_MAX_HOURS after the password sign-in that began the session. "
        "401 once the session is that old (sign in again), or for any token that is no "
        "longer valid (expired, account deactivated, password changed since).",
        status_code=200,
        responses=problems(401),
        **SIGNED_IN,
    )
    async def refresh(self, request: Request[SignedIn, Token, Any]) -> AccessToken:
        sessions: SessionTokens = request.app.state.sessions
        return _access_token(sessions.renew(request.auth, request.user.user))

    @post(
        "/signup",
        summary="Register as a customer (when sign-up is open)",
        responses=problems(400, 403, 409, 413, public=True),
        **PUBLIC,
    )
    async def signup(
        self, data: JSONBody[SignUpRequest], sign_up: NamedDependency[SignUpHandler]
    ) -> User:
        user = await sign_up(SignUp(email=data.email, name=data.name, password=data.password))
        return User.of(user)

    @post(
        "/password",
        summary="Change your own password (the current one is asked for)",
        description="`{current_password, new_password}`. Answers a new bearer token for a new "
        "session (like sign-in): the password change ends every other session of the account, "
        "in every browser, and this token keeps the caller signed in. A wrong "
        "`current_password` is 400 (`wrong-password`, on that field) and counts as a failed "
        "sign-in of the account: while the account is blocked (or once this failure blocks "
        "it) the answer is 429 with `Retry-After`, and nothing changes. A weak "
        "`new_password` is 422 on that field. 409 if the password was changed meanwhile.",
        status_code=200,
        responses=problems(400, 401, 409, 429),
        **SIGNED_IN,
    )
    async def change_password(
        self,
        request: Request[SignedIn, Token, Any],
        data: JSONBody[ChangePasswordRequest],
        change_own_password: NamedDependency[ChangeOwnPasswordHandler],
    ) -> AccessToken:
        command = ChangeOwnPassword(
            current_password=data.current_password, new_password=data.new_password
        )
        user = await change_own_password(command, request.user.actor)
        return _access_token(request.app.state.sessions.sign_in(user))

    @get(
        "/options",
        summary="What the sign-in page may offer: whether sign-up is open",
        responses=problems(public=True),
        **PUBLIC,
    )
    async def options(self, sign_up: NamedDependency[SignUpHandler]) -> AuthOptions:
        return AuthOptions(signup_open=sign_up.is_open)

    @get("/me", summary="The signed-in account", responses=problems(401), **SIGNED_IN)
    async def me(self, request: Request[SignedIn, Any, Any]) -> User:
        return User.of(request.user.user)
