from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, ValidationException
from litestar.params import JSONBody
from litestar.security.jwt import Token

from application.use_cases.sign_in import SignIn, SignInHandler
from application.use_cases.sign_up import SignUp, SignUpHandler
from entrypoints.http.auth import PUBLIC, SIGNED_IN, SignedIn
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.users import AccessToken, SignInJson, SignUpRequest, User
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

    @get("/me", summary="The signed-in account", responses=problems(401), **SIGNED_IN)
    async def me(self, request: Request[SignedIn, Any, Any]) -> User:
        return User.of(request.user.user)
