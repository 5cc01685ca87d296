"""Sliding sessions: `POST /api/auth/refresh` renews a token, a password change ends every
earlier token, and no token outlives SESSION_MAX_HOURS after the password sign-in
(entrypoints/http/session_tokens.py, docs/security.md).

Tokens carry, in Litestar's extras, `auth_time` (when the password was checked) and `cred`
(a stamp of the account's password hash). Tokens issued before these existed carry
neither and stay good until their expiry.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.http.api import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PASSWORD,
    SECRET_KEY,
    Api,
    Caller,
    Server,
    assert_problem,
    assert_unauthorized,
)
from tests.http.servers import running_server, settings_for

REFRESH_URL = "/api/auth/refresh"
LIFETIME = 30 * 60
MAX_AGE = 12 * 3600


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_api(request: pytest.FixtureRequest) -> Api:
    """The admin's API over SQLite, then over PostgreSQL."""
    return request.getfixturevalue("api" if request.param == "sqlite" else "pg_api")


def claims_of(token: str) -> dict[str, Any]:
    """The token's claims, its signature checked with the app's key."""
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def extras_of(token: str) -> dict[str, Any]:
    return claims_of(token)["extras"]


def crafted(sub: int, *, iat: int, exp: int, **extras: Any) -> str:
    """A token signed with the app's key, shaped as Litestar encodes it (extras nested)."""
    payload: dict[str, Any] = {"sub": str(sub), "iat": iat, "exp": exp}
    if extras:
        payload["extras"] = extras
    return jwt.encode(payload, SECRET_KEY, algorithm="HS256")


def renew(api: Api) -> dict[str, Any]:
    response = api.client.post(REFRESH_URL)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    return body


def assert_signed_in(api: Api, user_id: int) -> None:
    response = api.client.get("/api/auth/me")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == user_id


# --- what sign-in issues -------------------------------------------------------------------


def test_a_sign_in_token_carries_its_session_and_password_stamp(api: Api) -> None:
    before = int(time.time())
    agent = api.account("agent")
    claims = claims_of(agent.token)
    assert before <= claims["extras"]["auth_time"] == claims["iat"] <= int(time.time())
    assert claims["exp"] - claims["iat"] == LIFETIME
    cred = claims["extras"]["cred"]
    assert len(cred) == 16 and int(cred, 16) >= 0
    assert "argon" not in agent.token.lower()
    # Another sign-in of the same account, same password: the same stamp.
    assert extras_of(api.sign_in(agent.me["email"], PASSWORD).token)["cred"] == cred


@pytest.fixture
def short_sessions(tmp_path: Path) -> Iterator[Server]:
    """An app whose sessions (1 hour) are shorter than a token's lifetime (3 hours)."""
    settings = settings_for(
        "memory://", tmp_path, access_token_expire_minutes=180, session_max_hours=1
    )
    with running_server(settings) as server:
        yield server


def test_the_sign_in_token_never_outlives_the_session(short_sessions: Server) -> None:
    response = short_sessions.client.post(
        "/api/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["expires_in"] == 3600  # the real remaining time, not 180 minutes
    claims = claims_of(body["access_token"])
    assert claims["exp"] == claims["extras"]["auth_time"] + 3600
    assert claims["exp"] - claims["iat"] == 3600

    renewed = Api(short_sessions, Caller(short_sessions.client, body["access_token"]))
    again = renew(renewed)
    assert 0 < again["expires_in"] <= 3600
    assert claims_of(again["access_token"])["exp"] == claims["exp"]


# --- renewal -------------------------------------------------------------------------------


def test_renewal_gives_a_later_token_of_the_same_session(any_api: Api) -> None:
    agent = any_api.account("agent")
    signed_in = extras_of(agent.token)
    now = int(time.time())
    # A token of this session issued five minutes ago (as the console would hold it).
    older = agent.with_token(
        crafted(agent.me["id"], iat=now - 300, exp=now - 300 + LIFETIME, **signed_in)
    )

    body = renew(older)

    assert body["expires_in"] == LIFETIME
    claims = claims_of(body["access_token"])
    assert claims["exp"] > now - 300 + LIFETIME
    assert claims["exp"] - claims["iat"] == LIFETIME
    assert claims["extras"] == signed_in  # the same auth_time and stamp
    renewed = agent.with_token(body["access_token"])
    assert_signed_in(renewed, agent.me["id"])
    assert extras_of(renew(renewed)["access_token"]) == signed_in  # and again


def test_renewal_stops_at_the_session_maximum(api: Api) -> None:
    agent = api.account("agent")
    cred = extras_of(agent.token)["cred"]
    now = int(time.time())

    # Two minutes of the session left: the renewed token ends with the session.
    began = now - MAX_AGE + 120
    nearly = crafted(agent.me["id"], iat=now - 60, exp=now + 600, auth_time=began, cred=cred)
    body = renew(agent.with_token(nearly))
    assert 0 < body["expires_in"] <= 120
    assert claims_of(body["access_token"])["exp"] == began + MAX_AGE

    # Past the maximum: the token still works until it expires, but is not renewed.
    for began in (now - MAX_AGE, now - MAX_AGE - 3600, 0):
        old = agent.with_token(
            crafted(agent.me["id"], iat=now - 60, exp=now + 600, auth_time=began, cred=cred)
        )
        assert_signed_in(old, agent.me["id"])
        problem = assert_unauthorized(old.client.post(REFRESH_URL))
        assert problem["detail"] == "the session began more than 12 hours ago: sign in again"
        assert problem["title"] == "Session too old"


def test_an_expired_or_foreign_token_is_not_renewed(api: Api) -> None:
    agent = api.account("agent")
    extras = extras_of(agent.token)
    now = int(time.time())
    expired = crafted(agent.me["id"], iat=now - 3600, exp=now - 1, **extras)
    assert_unauthorized(agent.with_token(expired).client.post(REFRESH_URL))
    assert_unauthorized(api.anonymous().client.post(REFRESH_URL))
    foreign = jwt.encode(
        {"sub": str(agent.me["id"]), "iat": now, "exp": now + 60, "extras": extras},
        "another-key-" + "x" * 40,
        algorithm="HS256",
    )
    assert_unauthorized(agent.with_token(foreign).client.post(REFRESH_URL))


def test_a_deactivated_account_cannot_renew(any_api: Api) -> None:
    agent = any_api.account("agent")
    renew(agent)
    response = any_api.client.patch(f"/api/users/{agent.me['id']}", json={"active": False})
    assert response.status_code == 200, response.text
    assert_unauthorized(agent.client.post(REFRESH_URL))

    any_api.client.patch(f"/api/users/{agent.me['id']}", json={"active": True})
    renew(agent)


# --- tokens from before auth_time and cred -------------------------------------------------


def test_a_token_without_session_extras_works_and_renews_from_its_iat(api: Api) -> None:
    agent = api.account("agent")
    now = int(time.time())
    legacy = agent.with_token(crafted(agent.me["id"], iat=now - 600, exp=now + 60))
    assert_signed_in(legacy, agent.me["id"])

    body = renew(legacy)

    extras = extras_of(body["access_token"])
    assert extras == {"auth_time": now - 600, "cred": extras_of(agent.token)["cred"]}
    assert_signed_in(agent.with_token(body["access_token"]), agent.me["id"])

    # Issued more than SESSION_MAX_HOURS ago: good until it expires, never renewed.
    ancient = agent.with_token(crafted(agent.me["id"], iat=now - MAX_AGE - 1, exp=now + 60))
    assert_signed_in(ancient, agent.me["id"])
    assert_unauthorized(ancient.client.post(REFRESH_URL))


@pytest.mark.parametrize(
    "extras",
    [
        {"cred": "0" * 16},
        {"cred": ""},
        {"cred": 12345},
        {"auth_time": "yesterday"},
        {"auth_time": True},
        {"auth_time": -5},
    ],
)
def test_a_token_with_a_wrong_stamp_or_session_start_is_refused(
    api: Api, extras: dict[str, Any]
) -> None:
    agent = api.account("agent")
    now = int(time.time())
    token = crafted(agent.me["id"], iat=now, exp=now + 60, **{**extras_of(agent.token), **extras})
    problem = assert_unauthorized(agent.with_token(token).client.get("/api/auth/me"))
    assert "token" in problem["detail"]
    assert_unauthorized(agent.with_token(token).client.post(REFRESH_URL))


# --- a password change ends every earlier session ------------------------------------------


def test_a_password_set_by_an_admin_ends_every_earlier_session(any_api: Api) -> None:
    agent = any_api.account("agent")
    elsewhere = any_api.sign_in(agent.me["email"], PASSWORD)  # another browser
    renewed = agent.with_token(renew(agent)["access_token"])

    response = any_api.client.patch(
        f"/api/users/{agent.me['id']}", json={"password": "a brand new passphrase"}
    )
    assert response.status_code == 200, response.text

    for old in (agent, elsewhere, renewed):
        assert_unauthorized(old.client.get("/api/auth/me"))
        assert_unauthorized(old.client.post(REFRESH_URL))
    fresh = any_api.sign_in(agent.me["email"], "a brand new passphrase")
    assert_signed_in(fresh, agent.me["id"])
    renew(fresh)
    assert_signed_in(any_api, any_api.me["id"])  # the admin's own session is untouched


def test_changing_ones_own_password_ends_the_old_session_and_starts_a_new_one(api: Api) -> None:
    """POST /api/auth/password (tests/http/test_own_password.py has the rest of its rules)."""
    customer = api.account()
    url = f"/api/users/{customer.me['id']}"
    assert customer.client.patch(url, json={"name": "Renamed"}).status_code == 200
    assert_signed_in(customer, customer.me["id"])  # other changes keep the session

    response = customer.client.post(
        "/api/auth/password",
        json={"current_password": PASSWORD, "new_password": "my own new passphrase"},
    )
    assert response.status_code == 200, response.text
    assert_unauthorized(customer.client.get("/api/auth/me"))
    assert_unauthorized(customer.client.post(REFRESH_URL))
    fresh = customer.with_token(response.json()["access_token"])
    assert_signed_in(fresh, customer.me["id"])
    assert extras_of(fresh.token)["cred"] != extras_of(customer.token)["cred"]
    renew(fresh)
    assert_signed_in(api.sign_in(customer.me["email"], "my own new passphrase"), customer.me["id"])


def test_a_password_set_by_another_process_counts_within_the_auth_cache_lifetime(
    api: Api, server: Server, http_database: Path
) -> None:
    """`astratickets users set-password` (or another worker) writes a new hash: this process,
    which cached the account, refuses the old tokens once AUTH_CACHE_SECONDS have passed."""
    agent = api.account("agent")
    assert_signed_in(agent, agent.me["id"])
    with closing(sqlite3.connect(http_database)) as other, other:
        other.execute(
            "UPDATE users SET password_hash = password_hash || 'x' WHERE id = ?",
            (agent.me["id"],),
        )

    ttl = timedelta(seconds=server.container.settings().auth_cache_seconds)
    server.clock.advance(ttl / 2)
    assert_signed_in(agent, agent.me["id"])
    server.clock.advance(ttl / 2)
    assert_unauthorized(agent.client.get("/api/auth/me"))
    assert_unauthorized(agent.client.post(REFRESH_URL))


def test_the_refresh_route_is_documented(api: Api) -> None:
    operation = api.client.get("/schema/openapi.json").json()["paths"][REFRESH_URL]["post"]
    assert set(operation["responses"]) >= {"200", "401"}
    assert operation.get("security") != [{}]  # not a public route: the bearer token applies
    problem = assert_problem(api.anonymous().client.post(REFRESH_URL), 401)
    assert problem["title"] == "Unauthorized"
