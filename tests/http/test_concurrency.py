"""Optimistic concurrency: ETag out, If-Match in."""

from __future__ import annotations

import pytest

from tests.http.api import Api, assert_problem

WRITES = [
    ("PATCH", {"title": "Mine"}),
    ("PUT", {"title": "Mine"}),
    ("DELETE", None),
]


def _write(api: Api, method: str, ticket_id: int, body, if_match: str | None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return api.client.request(method, f"/api/tickets/{ticket_id}", json=body, headers=headers)


@pytest.fixture
def moved_on(api: Api) -> dict:
    """A ticket at version 2: someone else changed it after we read version 1."""
    requester = api.user()
    ticket = api.ticket(requester["id"])
    api.reply(ticket["id"])
    return api.patch(ticket["id"], priority="high")


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_stale_if_match_is_412_and_changes_nothing(api: Api, moved_on, method, body) -> None:
    before = api.snapshot()

    problem = assert_problem(_write(api, method, moved_on["id"], body, '"1"'), 412)

    assert "version" in problem["detail"]
    assert api.snapshot() == before
    fresh = api.client.get(f"/api/tickets/{moved_on['id']}")
    assert fresh.headers["ETag"] == '"2"'
    assert fresh.json() == moved_on


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_an_if_match_that_is_no_tag_of_ours_is_412(api: Api, moved_on, method, body) -> None:
    before = api.snapshot()
    for garbage in ("3", "garbage", '"abc"', '"-1"', '"1.0"', "W/", '""', '"99999999999999999"'):
        assert_problem(_write(api, method, moved_on["id"], body, garbage), 412)
    assert api.snapshot() == before


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_a_matching_if_match_succeeds_and_the_etag_moves_on(api: Api, moved_on, method) -> None:
    response = _write(api, method, moved_on["id"], {"title": "Mine"}, '"2"')

    assert response.status_code == 200
    assert response.headers["ETag"] == '"3"'
    assert response.json()["version"] == 3
    assert response.json()["title"] == "Mine"

    again = _write(api, method, moved_on["id"], {"title": "Mine again"}, '"2"')
    assert_problem(again, 412)
    followed = _write(
        api, method, moved_on["id"], {"title": "Mine again"}, response.headers["ETag"]
    )
    assert followed.status_code == 200
    assert followed.headers["ETag"] == '"4"'


def test_a_matching_if_match_deletes(api: Api, moved_on) -> None:
    response = _write(api, "DELETE", moved_on["id"], None, '"2"')
    assert response.status_code == 204
    assert_problem(api.client.get(f"/api/tickets/{moved_on['id']}"), 404)


@pytest.mark.parametrize("if_match", ["*", None])
@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_star_or_no_if_match_is_unconditional(api: Api, moved_on, method, if_match) -> None:
    response = _write(api, method, moved_on["id"], {"title": "Whatever"}, if_match)
    assert response.status_code == 200
    assert response.json()["version"] == 3


@pytest.mark.parametrize("if_match", ["*", None])
def test_star_or_no_if_match_deletes_unconditionally(api: Api, moved_on, if_match) -> None:
    assert _write(api, "DELETE", moved_on["id"], None, if_match).status_code == 204


def test_a_no_op_with_a_matching_if_match_keeps_the_etag(api: Api, moved_on) -> None:
    response = _write(api, "PATCH", moved_on["id"], {"priority": "high"}, '"2"')
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'


def test_if_match_on_an_unknown_ticket_is_404(api: Api) -> None:
    assert_problem(_write(api, "PATCH", 12345, {"title": "x"}, '"1"'), 404)
    assert_problem(_write(api, "DELETE", 12345, None, '"1"'), 404)


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_weak_tag_never_matches(api: Api, moved_on, method, body) -> None:
    before = api.snapshot()
    assert_problem(_write(api, method, moved_on["id"], body, 'W/"2"'), 412)
    assert api.snapshot() == before


@pytest.mark.parametrize(
    "if_match",
    ['"1", "2"', '"2", "1"', 'W/"1", "2"', '"abc" , "2"', '"1","2","7"', '"2", "2"'],
)
def test_a_list_matches_when_any_strong_tag_is_the_current_version(
    api: Api, moved_on, if_match
) -> None:
    response = _write(api, "PATCH", moved_on["id"], {"title": "Listed"}, if_match)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"3"'
    assert response.json()["title"] == "Listed"


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_list_without_the_current_version_is_412_and_changes_nothing(
    api: Api, moved_on, method, body
) -> None:
    before = api.snapshot()
    for listed in ('"1", "3"', 'W/"2", "1"', '"1", garbage, "2"'):
        assert_problem(_write(api, method, moved_on["id"], body, listed), 412)
    assert api.snapshot() == before


def test_a_listed_tag_deletes(api: Api, moved_on) -> None:
    assert _write(api, "DELETE", moved_on["id"], None, '"1", "2"').status_code == 204
    assert_problem(api.client.get(f"/api/tickets/{moved_on['id']}"), 404)
