"""Signing in (OAuth2 form or JSON), failing alike, being throttled, and who you are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from httpx import Response

from tests.http.api import PASSWORD, Api, assert_problem, assert_unauthorized

TOKEN_URL = "/api/auth/token"


def sign_in_form(api: Api, username: str, password: str) -> Response:
    return api.anonymous().client.post(TOKEN_URL, data={"username": username, "password": password})


def sign_in_json(api: Api, email: str, password: str) -> Response:
    return api.anonymous().client.post(TOKEN_URL, json={"email": email, "password": password})


def assert_token(api: Api, response: Response, user_id: int) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 30 * 60
    me = api.with_token(body["access_token"]).client.get("/api/auth/me")
    assert me.status_code == 200 and me.json()["id"] == user_id
    return body["access_token"]


@pytest.mark.parametrize("way", [sign_in_form, sign_in_json])
def test_sign_in_with_the_form_or_json_gives_a_bearer_token(api: Api, way) -> None:
    user = api.user("ada@example.com", "Ada", role="agent", password=PASSWORD)
    assert_token(api, way(api, "ada@example.com", PASSWORD), user["id"])
    assert_token(api, way(api, "  ADA@Example.com ", PASSWORD), user["id"])


def test_the_form_may_also_come_as_multipart(api: Api) -> None:
    user = api.user("ada@example.com", role="agent", password=PASSWORD)
    response = api.anonymous().client.post(
        TOKEN_URL, files={"username": (None, "ada@example.com"), "password": (None, PASSWORD)}
    )
    assert_token(api, response, user["id"])


def test_me_is_the_signed_in_account_with_its_role(api: Api) -> None:
    for role in ("customer", "agent", "admin"):
        account = api.account(role, name=f"A {role}")
        me = account.client.get("/api/auth/me").json()
        assert me == api.client.get(f"/api/users/{account.me['id']}").json()
        assert (me["role"], me["name"], me["active"]) == (role, f"A {role}", True)
        assert "password" not in str(me).lower()


def test_every_failed_sign_in_is_the_same_401(api: Api) -> None:
    api.user("ok@example.com", password=PASSWORD)
    gone = api.user("gone@example.com", password=PASSWORD)
    api.client.patch(f"/api/users/{gone['id']}", json={"active": False})
    api.user("nopass@example.com")
    problems = []
    for email, password in [
        ("ok@example.com", "not the password"),
        ("nobody@example.com", PASSWORD),
        ("gone@example.com", PASSWORD),
        ("nopass@example.com", PASSWORD),
    ]:
        for way in (sign_in_form, sign_in_json):
            problem = assert_unauthorized(way(api, email, password))
            problems.append({k: problem.get(k) for k in ("type", "title", "detail", "errors")})
            api.clock.advance(timedelta(minutes=16))  # stay below the throttle
    assert all(p == problems[0] for p in problems), problems


@pytest.mark.parametrize(
    ("kwargs", "status", "field"),
    [
        ({"data": {"username": "a@example.com"}}, 422, "password"),
        ({"data": {"password": "x"}}, 422, "username"),
        ({"json": {"email": "a@example.com"}}, 422, "password"),
        ({"json": {"email": "a@example.com", "password": "x", "role": "admin"}}, 422, "role"),
        ({"json": ["a@example.com", "x"]}, 422, None),
        ({"content": b"{", "headers": {"Content-Type": "application/json"}}, 400, None),
        ({"content": b"a@example.com:x", "headers": {"Content-Type": "text/plain"}}, 415, None),
    ],
)
def test_a_malformed_sign_in_is_refused_before_any_check(api: Api, kwargs, status, field) -> None:
    response = api.anonymous().client.post(TOKEN_URL, **kwargs)
    problem = assert_problem(response, status)
    if field is not None:
        assert field in str(problem["errors"]) or field in problem["detail"], problem


# --- throttling ----------------------------------------------------------------------------


def _retry_after(response: Response) -> int:
    problem = assert_problem(response, 429)
    assert "try again" in problem["detail"]
    return int(response.headers["Retry-After"])


def test_five_failures_block_the_account_even_for_the_right_password(api: Api) -> None:
    user = api.user("ada@example.com", role="agent", password=PASSWORD)
    for _ in range(4):
        assert_unauthorized(sign_in_form(api, "ada@example.com", "wrong"))

    assert _retry_after(sign_in_form(api, "ada@example.com", "wrong")) == 15 * 60
    api.clock.advance(timedelta(minutes=5))
    assert _retry_after(sign_in_json(api, "ada@example.com", PASSWORD)) == 10 * 60
    assert _retry_after(sign_in_form(api, "ADA@example.com", PASSWORD)) == 10 * 60

    api.clock.advance(timedelta(minutes=10))
    assert_token(api, sign_in_form(api, "ada@example.com", PASSWORD), user["id"])
    # the success cleared the account's count: four more failures are merely 401s
    for _ in range(4):
        assert_unauthorized(sign_in_form(api, "ada@example.com", "wrong"))


def test_a_blocked_account_keeps_the_tokens_it_has(api: Api) -> None:
    """(Other accounts from other addresses are not blocked: see the use-case tests;
    every request of the test client comes from one address.)"""
    victim = api.account("agent", "victim@example.com")
    for _ in range(5):
        sign_in_form(api, "victim@example.com", "wrong")
    assert _retry_after(sign_in_form(api, "victim@example.com", PASSWORD)) > 0

    assert victim.client.get("/api/auth/me").status_code == 200


def test_many_failures_from_one_address_block_every_account_from_it(api: Api) -> None:
    user = api.user("ada@example.com", role="agent", password=PASSWORD)
    for number in range(19):
        assert_unauthorized(sign_in_form(api, f"guess{number}@example.com", "wrong"))
    assert _retry_after(sign_in_form(api, "guess99@example.com", "wrong")) == 15 * 60

    assert _retry_after(sign_in_form(api, "ada@example.com", PASSWORD)) == 15 * 60

    api.clock.advance(timedelta(minutes=15))
    assert_token(api, sign_in_form(api, "ada@example.com", PASSWORD), user["id"])


def test_failures_spread_beyond_the_window_never_block(api: Api) -> None:
    user = api.user("ada@example.com", role="agent", password=PASSWORD)
    for _ in range(12):
        assert_unauthorized(sign_in_form(api, "ada@example.com", "wrong"))
        api.clock.advance(timedelta(minutes=4))
    assert_token(api, sign_in_form(api, "ada@example.com", PASSWORD), user["id"])


# --- passwords -----------------------------------------------------------------------------


def test_a_changed_password_replaces_the_old_one(api: Api) -> None:
    account = api.account()
    response = account.client.post(
        "/api/auth/password",
        json={"current_password": PASSWORD, "new_password": "my brand new passphrase"},
    )
    assert response.status_code == 200
    assert "passphrase" not in response.text
    assert_unauthorized(sign_in_form(api, account.me["email"], PASSWORD))
    assert_token(
        api, sign_in_form(api, account.me["email"], "my brand new passphrase"), account.me["id"]
    )
