"""Nothing a customer may not see reaches them, through any route, filter or search.

Canary strings are planted where only staff may look: another customer's ticket
and e-mail, an internal note, an AI draft and its rejection reason, the AI
triage of the ticket. Then a customer calls every route open to customers
(read from the app's route table, so a new route is covered the day it is
added), with their own ticket's id and with the other customer's, with every
list filter and text search set to the canaries — and no answer may contain
any canary. Staff, calling the same routes, do see them (so the canaries are
really there).
"""

from __future__ import annotations

import re
from typing import Any

from tests.http.api import Api

OTHER_CUSTOMER = "canary-other-customer-7f3a"
INTERNAL_NOTE = "canary-internal-note-91cc"
REJECT_REASON = "canary-reject-reason-0b2e"
CANARIES = (OTHER_CUSTOMER, INTERNAL_NOTE, REJECT_REASON)
CUSTOMER_LEVELS = {"public", "signed_in"}
FILTERS = ("q", "tag", "category", "status", "priority", "requester_id", "assignee_id", "sla")


def _customer_reads(api: Api) -> list[str]:
    """GET routes that a customer may call, from the app's own route table."""
    app = api.client.raw.app
    paths = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            access = handler.opt.get("access")
            if "GET" in handler.http_methods and str(access) in CUSTOMER_LEVELS:
                paths.append(route.path)
    return sorted(set(paths))


def _fill(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(values.get(m.group(1), 1)), path)


def _plant(api: Api) -> tuple[Api, dict[str, Any], dict[str, Any]]:
    agent = api.account("agent")
    customer = api.account("customer", name="Carla Customer")
    other = api.account("customer", email=f"{OTHER_CUSTOMER}@example.com", name=OTHER_CUSTOMER)
    theirs = other.ticket(title=f"{OTHER_CUSTOMER} card", content=f"{OTHER_CUSTOMER} details")
    mine = customer.ticket(title="My card is declined", content="It fails at every shop.")
    agent.reply(mine["id"], f"{INTERNAL_NOTE}: fraud flag on this account", internal=True)
    agent.reply(mine["id"], "We are looking into it.")
    suggested = agent.client.post(f"/api/ai/tickets/{mine['id']}/suggest")
    assert suggested.status_code == 200, suggested.text
    rejected = agent.client.post(
        f"/api/tickets/{mine['id']}/drafts/{suggested.json()['draft_id']}/reject",
        json={"reason": REJECT_REASON},
    )
    assert rejected.status_code == 200, rejected.text
    return customer, mine, theirs


def test_no_customer_route_shows_another_customers_data_notes_or_ai_records(api: Api) -> None:
    customer, mine, theirs = _plant(api)
    me = customer.me["id"]
    answers: dict[str, str] = {}
    for path in _customer_reads(api):
        for ticket in (mine, theirs):
            url = _fill(path, {"ticket_id": ticket["id"], "user_id": theirs["requester_id"]})
            answers[url] = customer.client.get(url).text
            for name in FILTERS:
                for value in (*CANARIES, str(theirs["requester_id"]), "open", "medium"):
                    filtered = customer.client.get(url, params={name: value})
                    # an error may quote the value sent: that is the customer's own input
                    answers[f"{url}?{name}={value}"] = filtered.text.replace(value, "")
        answers[_fill(path, {"user_id": me, "ticket_id": mine["id"]})] = customer.client.get(
            _fill(path, {"user_id": me, "ticket_id": mine["id"]})
        ).text

    leaked = {url: c for url, text in answers.items() for c in CANARIES if c in text}
    assert not leaked, leaked
    assert len(answers) > 100  # the sweep really ran over routes x filters


def test_staff_do_see_the_canaries(api: Api) -> None:
    _, mine, theirs = _plant(api)

    seen = " ".join(
        api.client.get(url).text
        for url in (
            f"/api/tickets/{theirs['id']}",
            f"/api/tickets/{mine['id']}/replies",
            f"/api/tickets/{mine['id']}/drafts",
        )
    )

    assert all(canary in seen for canary in CANARIES)
