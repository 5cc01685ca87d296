"""Bearer tokens: only an untampered, unexpired HS256 token of an active account gets in.

Every refusal is the same 401 problem with `WWW-Authenticate: Bearer`, on
routes for any account and on staff routes alike (never a 403 or a 500).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.http.api import SECRET_KEY, Api, Server, assert_unauthorized

PROBED = ("/api/auth/me", "/api/users", "/api/tickets")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def claims(sub: Any = "1", *, expires_in: timedelta = timedelta(minutes=5), **extra: Any):
    now = datetime.now(UTC)
    values = {"sub": sub, "iat": int(now.timestamp()), "exp": int((now + expires_in).timestamp())}
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None}


def signed(payload: dict[str, Any], key: str = SECRET_KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def hand_made(header: dict[str, Any], payload: dict[str, Any], key: str | None) -> str:
    """A token with any header, HMAC-SHA256-signed with `key` (or unsigned)."""
    head = f"{_segment(header)}.{_segment(payload)}"
    if key is None:
        return head + "."
    signature = hmac.new(key.encode(), head.encode(), hashlib.sha256).digest()
    return f"{head}.{_b64(signature)}"


def assert_refused(api: Api, token: str | None, *, header: str | None = None) -> None:
    value = header if header is not None else f"Bearer {token}"
    for path in PROBED:
        response = api.client.raw.get(path, headers={"Authorization": value})
        problem = assert_unauthorized(response)
        assert "token" in problem["detail"], problem


def test_a_token_made_with_the_apps_key_gets_in(api: Api) -> None:
    """The positive control for everything below: these helpers do make good tokens."""
    token = signed(claims(str(api.me["id"])))
    response = api.client.raw.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["id"] == api.me["id"]
    sign_in_token = jwt.decode(api.token, SECRET_KEY, algorithms=["HS256"])
    assert sign_in_token["sub"] == str(api.me["id"])
    assert sign_in_token["exp"] - sign_in_token["iat"] == 30 * 60


def test_no_token_at_all(api: Api) -> None:
    for path in PROBED:
        assert_unauthorized(api.anonymous().client.get(path))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer not-a-jwt", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "", "token"],
)
def test_garbage_in_the_authorization_header(api: Api, header: str) -> None:
    assert_refused(api, None, header=header)


def test_a_tampered_signature(api: Api) -> None:
    head, payload, signature = api.token.split(".")
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    assert_refused(api, f"{head}.{payload}.{flipped}")
    assert_refused(api, f"{head}.{payload}.")


def test_a_tampered_payload_keeps_no_signature(api: Api) -> None:
    """A customer who edits `sub` in their own token to the admin's id gets nowhere."""
    customer = api.account()
    head, _, signature = customer.token.split(".")
    decoded = jwt.decode(customer.token, options={"verify_signature": False})
    forged = _segment({**decoded, "sub": str(api.me["id"])})
    assert_refused(api, f"{head}.{forged}.{signature}")


def test_a_token_signed_with_another_key(api: Api) -> None:
    assert_refused(api, signed(claims(str(api.me["id"])), key="another-key-" + "x" * 40))


def test_an_unsigned_alg_none_token(api: Api) -> None:
    payload = claims(str(api.me["id"]))
    assert_refused(api, hand_made({"alg": "none", "typ": "JWT"}, payload, None))
    assert_refused(api, hand_made({"alg": "None", "typ": "JWT"}, payload, None))


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_another_hmac_algorithm_even_with_the_right_key(api: Api, algorithm: str) -> None:
    assert_refused(api, signed(claims(str(api.me["id"])), algorithm=algorithm))


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "PS256"])
def test_an_asymmetric_header_over_an_hmac_signature(api: Api, algorithm: str) -> None:
    """The key-confusion trick: claim RS256 but sign with the (symmetric) secret."""
    token = hand_made({"alg": algorithm, "typ": "JWT"}, claims(str(api.me["id"])), SECRET_KEY)
    assert_refused(api, token)


def test_an_expired_token(api: Api) -> None:
    expired = claims(str(api.me["id"]), expires_in=timedelta(seconds=-1))
    expired["iat"] -= 3600
    assert_refused(api, signed(expired))


def test_a_token_not_valid_yet_or_issued_in_the_future(api: Api) -> None:
    later = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())
    assert_refused(api, signed(claims(str(api.me["id"]), nbf=later)))
    assert_refused(api, signed(claims(str(api.me["id"]), iat=later)))


def test_a_token_without_expiry_or_subject(api: Api) -> None:
    assert_refused(api, signed({"sub": str(api.me["id"])}))
    assert_refused(api, signed(claims(None)))


@pytest.mark.parametrize(
    "sub",
    [
        "abc",
        "",
        " ",
        "1.0",
        "1e3",
        "0x1",
        "-1",
        "0",
        "99999",
        "2147483648",
        "9" * 30,
        "9" * 5000,
        1,
        ["1"],
        None,
    ],
)
def test_a_subject_that_names_no_account(api: Api, sub: Any) -> None:
    payload = claims("1")
    payload["sub"] = sub
    assert_refused(api, signed(payload))


def test_the_token_of_a_deleted_account(api: Api) -> None:
    leaver = api.account("agent")
    assert leaver.client.get("/api/auth/me").status_code == 200
    assert api.client.delete(f"/api/users/{leaver.me['id']}").status_code == 204
    assert_refused(api, leaver.token)


def test_the_token_of_a_deactivated_account_stops_at_once_and_works_again_on_return(
    api: Api,
) -> None:
    agent = api.account("agent")
    assert agent.client.get("/api/users").status_code == 200

    assert (
        api.client.patch(f"/api/users/{agent.me['id']}", json={"active": False}).json()["active"]
        is False
    )
    assert_refused(api, agent.token)

    api.client.patch(f"/api/users/{agent.me['id']}", json={"active": True})
    assert agent.client.get("/api/users").status_code == 200


def test_a_role_change_applies_to_the_next_request(api: Api) -> None:
    agent = api.account("agent")
    assert agent.client.get("/api/users").status_code == 200
    api.client.patch(f"/api/users/{agent.me['id']}", json={"role": "customer"})
    assert agent.client.get("/api/users").status_code == 403
    assert agent.client.get("/api/auth/me").json()["role"] == "customer"


def test_a_change_made_by_another_process_counts_within_the_auth_cache_lifetime(
    api: Api, server: Server, http_database: Path
) -> None:
    """Another worker or the CLI deactivates the account: this process, which cached it,
    refuses it once AUTH_CACHE_SECONDS have passed, not before (docs/security.md)."""
    agent = api.account("agent")
    assert agent.client.get("/api/users").status_code == 200
    with closing(sqlite3.connect(http_database)) as elsewhere, elsewhere:
        elsewhere.execute("UPDATE users SET active = 0 WHERE id = ?", (agent.me["id"],))

    # The server's clock is the real time plus an offset: half the lifetime leaves
    # room for the real time this test takes.
    ttl = timedelta(seconds=server.container.settings().auth_cache_seconds)
    server.clock.advance(ttl / 2)
    assert agent.client.get("/api/users").status_code == 200
    server.clock.advance(ttl / 2)
    assert_refused(api, agent.token)


def test_public_routes_ignore_a_bad_token(api: Api) -> None:
    bad = {"Authorization": "Bearer not-a-jwt"}
    assert api.client.raw.get("/health", headers=bad).status_code == 200
    assert api.client.raw.get("/schema/openapi.json", headers=bad).status_code == 200
    response = api.client.raw.post(
        "/api/auth/token",
        headers=bad,
        data={"username": "root@helpdesk.test", "password": "admin's long passphrase"},
    )
    assert response.status_code == 200
