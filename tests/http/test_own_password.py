"""Changing one's own password over HTTP: `POST /api/auth/password` asks for the current
one, answers a new session and ends every other; `PATCH /api/users/{own id}` no longer sets
it; `GET /api/auth/options` tells the sign-in page whether sign-up is open
(docs/security.md, "Changing one's own password")."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import jwt
import pytest

from tests.http.api import (
    ADMIN_PASSWORD,
    PASSWORD,
    SECRET_KEY,
    Api,
    Server,
    assert_problem,
    assert_unauthorized,
    message_for,
)
from tests.http.servers import running_server, settings_for

PASSWORD_URL = "/api/auth/password"
OPTIONS_URL = "/api/auth/options"
NEW_PASSWORD = "a fresh staple of words"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_api(request: pytest.FixtureRequest) -> Api:
    """The admin's API over SQLite, then over PostgreSQL."""
    return request.getfixturevalue("api" if request.param == "sqlite" else "pg_api")


def change(api: Api, current: str, new: str = NEW_PASSWORD):
    return api.client.post(PASSWORD_URL, json={"current_password": current, "new_password": new})


def extras_of(token: str) -> dict:
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])["extras"]


def sign_in_status(api: Api, email: str, password: str) -> int:
    response = api.anonymous().client.post(
        "/api/auth/token", data={"username": email, "password": password}
    )
    return response.status_code


# --- the right current password ------------------------------------------------------------


@pytest.mark.parametrize("role", ["customer", "agent", "admin"])
def test_a_password_change_keeps_this_session_and_ends_every_other(any_api: Api, role: str) -> None:
    me = any_api.account(role)
    elsewhere = any_api.sign_in(me.me["email"], PASSWORD)  # another browser
    old_stamp = extras_of(me.token)["cred"]
    before = int(time.time())

    response = change(me, PASSWORD)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("bearer", 30 * 60)
    # A new session, as sign-in starts one: checked just now, under the new password.
    extras = extras_of(body["access_token"])
    assert extras["auth_time"] >= before and extras["cred"] != old_stamp
    fresh = me.with_token(body["access_token"])
    assert fresh.client.get("/api/auth/me").json() == me.me
    assert fresh.client.post("/api/auth/refresh").status_code == 200
    # Every token issued under the old password is refused, this browser's old one too.
    for old in (me, elsewhere):
        assert_unauthorized(old.client.get("/api/auth/me"))
        assert_unauthorized(old.client.post("/api/auth/refresh"))
    assert sign_in_status(any_api, me.me["email"], PASSWORD) == 401
    assert any_api.sign_in(me.me["email"], NEW_PASSWORD).me == me.me
    assert any_api.client.get("/api/auth/me").status_code == 200  # nobody else is touched


def test_the_admins_own_password_is_changed_the_same_way(api: Api) -> None:
    response = change(api, ADMIN_PASSWORD)
    assert response.status_code == 200, response.text
    assert_unauthorized(api.client.get("/api/auth/me"))
    admin = api.with_token(response.json()["access_token"])
    assert admin.client.get("/api/users").status_code == 200
    assert api.sign_in(admin.me["email"], NEW_PASSWORD).me["role"] == "admin"


# --- refusals ------------------------------------------------------------------------------


def test_a_wrong_current_password_is_400_on_its_field_and_changes_nothing(any_api: Api) -> None:
    me = any_api.account("agent")
    problem = assert_problem(change(me, "not my password"), 400, "current_password")
    assert problem["title"] == "Wrong password"
    assert message_for(problem, "current_password") == "is not your current password"
    assert me.client.get("/api/auth/me").status_code == 200  # still signed in
    assert sign_in_status(any_api, me.me["email"], NEW_PASSWORD) == 401
    assert sign_in_status(any_api, me.me["email"], PASSWORD) == 200


def test_wrong_current_passwords_are_counted_as_failed_sign_ins(any_api: Api) -> None:
    me = any_api.account()
    for _ in range(4):
        assert_problem(change(me, "guess"), 400, "current_password")
    # The fifth failure within the window blocks the account, as at sign-in...
    blocked = change(me, "guess")
    assert_problem(blocked, 429)
    assert int(blocked.headers["Retry-After"]) == 15 * 60
    # ...and the sixth attempt is refused even with the right password, as is signing in.
    any_api.clock.advance(timedelta(minutes=5))
    sixth = change(me, PASSWORD)
    assert_problem(sixth, 429)
    assert int(sixth.headers["Retry-After"]) == 10 * 60
    assert sign_in_status(any_api, me.me["email"], PASSWORD) == 429
    assert me.client.get("/api/auth/me").status_code == 200  # the session itself goes on

    any_api.clock.advance(timedelta(minutes=10))
    assert change(me, PASSWORD).status_code == 200
    assert sign_in_status(any_api, me.me["email"], NEW_PASSWORD) == 200


def test_failed_sign_ins_count_against_the_password_change_too(api: Api) -> None:
    me = api.account()
    for _ in range(5):
        api.anonymous().client.post(
            "/api/auth/token", data={"username": me.me["email"], "password": "guess"}
        )
    assert_problem(change(me, PASSWORD), 429)


@pytest.mark.parametrize(
    "new", ["short", "aaaaaaaaaaaa", "{email}", "x" * 257, "nul\x00in the middle"]
)
def test_a_weak_new_password_is_422_on_its_field_and_changes_nothing(api: Api, new: str) -> None:
    me = api.account()
    response = change(me, PASSWORD, new.format(email=me.me["email"]))
    assert_problem(response, 422, "new_password")
    assert me.client.get("/api/auth/me").status_code == 200
    assert sign_in_status(api, me.me["email"], PASSWORD) == 200


@pytest.mark.parametrize(
    "body",
    [
        {"new_password": NEW_PASSWORD},
        {"current_password": PASSWORD},
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "user_id": 1},
        {"current_password": None, "new_password": NEW_PASSWORD},
    ],
)
def test_a_malformed_request_is_422_before_any_check(api: Api, body: dict) -> None:
    me = api.account()
    assert_problem(me.client.post(PASSWORD_URL, json=body), 422)
    assert me.client.get("/api/auth/me").status_code == 200


def test_nobody_changes_a_password_without_a_session(api: Api) -> None:
    me = api.account()
    assert_unauthorized(
        api.anonymous().client.post(
            PASSWORD_URL, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
    )
    assert sign_in_status(api, me.me["email"], PASSWORD) == 200


# --- PATCH /api/users/{id} -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["customer", "agent", "admin"])
def test_patch_no_longer_sets_ones_own_password(any_api: Api, role: str) -> None:
    me = any_api.account(role, name="Before")
    url = f"/api/users/{me.me['id']}"
    for body in ({"password": NEW_PASSWORD}, {"name": "After", "password": NEW_PASSWORD}):
        problem = assert_problem(me.client.patch(url, json=body), 403)
        assert "POST /api/auth/password" in problem["detail"]
    assert me.client.get("/api/auth/me").json()["name"] == "Before"  # nothing changed
    assert sign_in_status(any_api, me.me["email"], NEW_PASSWORD) == 401
    # Renaming oneself still works, and keeps the session.
    renamed = me.client.patch(url, json={"name": " After "})
    assert renamed.status_code == 200, renamed.text
    assert me.client.get("/api/auth/me").json()["name"] == "After"


@pytest.mark.parametrize("role", ["customer", "agent", "admin"])
def test_admins_still_set_other_accounts_passwords(any_api: Api, role: str) -> None:
    other = any_api.account(role)
    response = any_api.client.patch(
        f"/api/users/{other.me['id']}", json={"password": "set by the admin"}
    )
    assert response.status_code == 200, response.text
    assert_unauthorized(other.client.get("/api/auth/me"))
    assert any_api.sign_in(other.me["email"], "set by the admin").me["id"] == other.me["id"]


# --- whether sign-up is open ---------------------------------------------------------------


@pytest.fixture
def closed_sign_up(tmp_path: Path) -> Iterator[Server]:
    with running_server(settings_for("memory://", tmp_path, allow_signup=False)) as server:
        yield server


def test_the_options_say_sign_up_is_open(api: Api) -> None:
    response = api.anonymous().client.get(OPTIONS_URL)
    assert response.status_code == 200, response.text
    assert response.json() == {"signup_open": True}
    signup = api.anonymous().client.post(
        "/api/auth/signup", json={"email": "new@example.com", "name": "N", "password": PASSWORD}
    )
    assert signup.status_code == 201


def test_the_options_say_sign_up_is_closed(closed_sign_up: Server) -> None:
    client = closed_sign_up.client
    response = client.get(OPTIONS_URL)
    assert response.status_code == 200, response.text
    assert response.json() == {"signup_open": False}
    signup = client.post(
        "/api/auth/signup", json={"email": "new@example.com", "name": "N", "password": PASSWORD}
    )
    assert_problem(signup, 403)


def test_the_new_routes_are_documented(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    change_doc = paths[PASSWORD_URL]["post"]
    assert set(change_doc["responses"]) >= {"200", "400", "401", "422", "429"}
    assert change_doc.get("security") != [{}]  # the bearer token applies
    options_doc = paths[OPTIONS_URL]["get"]
    assert options_doc.get("security") == [{}]  # public
    assert "401" not in options_doc["responses"]
