"""The scaled topology (docs/deploy.md): two API processes and a worker share nothing but
PostgreSQL, Redis and the Chroma server, and behave as one product.

Every step alternates between the two API processes (A and B): a token from A works on
B, knowledge ingested through A is found through B, tickets created through B are
triaged and drafted by the worker (never by an API process), a draft is accepted
through A and the dashboard read through B counts it; failed sign-ins are counted
across processes, and a classifier trained at A's request is used by B.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.topology.conftest import Topology

pytestmark = [pytest.mark.postgres, pytest.mark.chroma_server, pytest.mark.model]

DRAFT_TIMEOUT_S = 180
TRAINING_TIMEOUT_S = 180

ARTICLES = [
    {
        "id": "orbit-scanner-pairing",
        "title": "Pairing the Orbit 3 barcode scanner",
        "text": "To pair the Orbit 3 barcode scanner over Bluetooth, hold the trigger and the "
        "power button for five seconds until the light blinks blue, then choose "
        "'Orbit 3' in the warehouse app under Devices. A scanner paired with another "
        "tablet must be unpaired there first.",
    },
    {
        "id": "thermal-label-printing",
        "title": "Printing shipping labels on a thermal printer",
        "text": "Thermal label printers need 4x6 inch labels. If labels print blank, the "
        "roll is upside down: thermal paper only darkens on its coated side. Calibrate "
        "the printer by holding its feed button until it advances two labels.",
    },
    {
        "id": "warehouse-sync-w114",
        "title": "Stock sync error W-114",
        "text": "Error W-114 means the stock counts of a warehouse could not be synchronised "
        "because two locations share the same bin code. Rename one of the bins under "
        "Warehouse settings and press Sync again.",
    },
]

TICKETS = [
    ("Scanner will not pair", "My Orbit 3 scanner does not pair with the new tablet."),
    ("Labels come out blank", "Every shipping label from our thermal printer is blank."),
    ("Sync fails with W-114", "Stock sync stops with error W-114 since this morning."),
]


def _deadline_poll(what: str, timeout_s: float, probe):  # type: ignore[no-untyped-def]
    """Call `probe` until it returns something truthy (returned), failing after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout_s:g} s")
        time.sleep(0.5)


def test_two_api_processes_and_a_worker_run_the_whole_pipeline(topology: Topology) -> None:
    # Signed in on A, the token works on B: tokens are signed with the shared SECRET_KEY.
    token = topology.admin_token(topology.api_a)
    a = topology.client(topology.api_a, token)
    b = topology.client(topology.api_b, token)
    assert b.get("/api/auth/me").json()["email"] == "admin@topology.example.com"

    # Knowledge ingested through A is searchable through B (Chroma server + SQL).
    ingested = a.post("/api/kb/ingest", json={"documents": ARTICLES})
    assert ingested.status_code == 201, ingested.text
    found = b.post("/api/kb/search", json={"query": "bluetooth scanner won't connect"})
    assert found.status_code == 200, found.text
    assert found.json()["matches"][0]["document_id"] == "orbit-scanner-pairing"

    # Tickets created through B; the worker triages and drafts each one exactly once.
    customer = a.post(
        "/api/users",
        json={
            "email": "buyer@topology.example.com",
            "name": "Buyer",
            "role": "customer",
            "password": "buyer-password-5521-topology",
        },
    )
    assert customer.status_code == 201, customer.text
    ticket_ids = []
    for title, content in TICKETS:
        created = b.post(
            "/api/tickets",
            json={"title": title, "content": content, "requester_id": customer.json()["id"]},
        )
        assert created.status_code == 201, created.text
        ticket_ids.append(created.json()["id"])

    clients = [a, b]
    states = {}
    for n, ticket_id in enumerate(ticket_ids):
        api = clients[n % 2]

        def drafted(api: httpx.Client = api, ticket_id: int = ticket_id) -> dict | None:
            state = api.get(f"/api/tickets/{ticket_id}/ai").json()
            job = state["job"]
            if job is not None and job["status"] == "failed":
                raise AssertionError(f"the job of ticket {ticket_id} failed: {job['error']}")
            return state if job is not None and job["status"] == "done" else None

        states[ticket_id] = _deadline_poll(f"a draft for {ticket_id}", DRAFT_TIMEOUT_S, drafted)

    worker_log = topology.worker.output()
    for ticket_id, state in states.items():
        assert state["job"]["attempts"] == 1
        assert state["triage"] is not None
        assert len(state["drafts"]) == 1 and state["drafts"][0]["status"] == "pending"
        # The worker ran the job (SAQ logs each job it processes, with its key)...
        assert re.search(rf"Processing .*key: triage:{ticket_id}:v1\b", worker_log), worker_log
    # ... and no API process did (one attempt each; their queue only enqueues).
    for name in ("api-a", "api-b"):
        log = next(p for p in topology.group.started if p.name == name).output()
        assert "Processing" not in log, log

    # The drafts are grounded in the articles ingested through A (the worker searched
    # the same Chroma server and database).
    cited = {
        citation["document_id"]
        for state in states.values()
        for citation in state["drafts"][0]["citations"]
    }
    assert {"orbit-scanner-pairing", "thermal-label-printing", "warehouse-sync-w114"} <= cited

    # A draft accepted through A is counted by the dashboard read through B.
    first = ticket_ids[0]
    draft = states[first]["drafts"][0]
    accepted = a.post(f"/api/tickets/{first}/drafts/{draft['id']}/accept", json={})
    assert accepted.status_code == 201, accepted.text
    rejected = b.post(
        f"/api/tickets/{ticket_ids[1]}/drafts/{states[ticket_ids[1]]['drafts'][0]['id']}/reject",
        json={"reason": "needs the printer model"},
    )
    assert rejected.status_code == 200, rejected.text
    dashboard = b.get("/api/stats/dashboard")
    assert dashboard.status_code == 200, dashboard.text
    figures = dashboard.json()
    assert figures["totals"]["created"] == len(TICKETS)
    assert figures["ai"]["triage"]["triaged"] == len(TICKETS)
    drafts = figures["ai"]["drafts"]
    assert (drafts["decided"], drafts["accepted"], drafts["rejected"]) == (2, 1, 1)
    assert drafts["accepted_pct"] == 50.0
    assert figures["ai"]["first_response_with_draft"]["count"] == 1
    assert a.get(f"/api/tickets/{first}/replies").json()[0]["content"] == draft["text"]


def test_failed_sign_ins_are_counted_across_processes(topology: Topology) -> None:
    a = topology.client(topology.api_a, topology.admin_token(topology.api_a))
    password = "agent-password-8842-topology"
    email = "agent-throttled@topology.example.com"
    created = a.post(
        "/api/users", json={"email": email, "name": "Agent", "role": "agent", "password": password}
    )
    assert created.status_code == 201, created.text

    # Five failures, alternating between the processes, block the account (limit 5).
    apis = [topology.api_a, topology.api_b]
    answers = [topology.sign_in(apis[n % 2], email, "wrong-password").status_code for n in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    # Blocked on both, even with the right password.
    for api in apis:
        blocked = topology.sign_in(api, email, password)
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def _history(category: str, subjects: list[str], problems: list[str]) -> list[dict]:
    created_at = (datetime.now(UTC) - timedelta(days=120)).isoformat()
    return [
        {
            "title": f"{problem} ({subject})",
            "content": f"Hello, {problem.lower()} for our {subject}. Please help.",
            "requester_email": "history@topology.example.com",
            "category": category,
            "created_at": created_at,
        }
        for subject in subjects
        for problem in problems
    ]


def test_a_classifier_trained_at_one_process_s_request_is_used_by_the_other(
    topology: Topology,
) -> None:
    token = topology.admin_token(topology.api_b)
    a = topology.client(topology.api_a, token)
    b = topology.client(topology.api_b, token)
    question = {"texts": ["We were charged twice on the last invoice, please refund one"]}
    # Labels no category description uses, so only the trained model can answer them.
    before = b.post("/api/ai/classify", json=question)
    assert before.status_code == 409 or before.json()["results"][0]["category"] != "ledger"

    history = _history(
        "ledger",
        ["annual plan", "team plan", "starter plan", "add-on seats"],
        [
            "We were charged twice",
            "The invoice shows the wrong VAT number",
            "Please refund the last payment",
            "Our card was declined at renewal",
            "The receipt is missing the company address",
        ],
    ) + _history(
        "faults",
        ["mobile app", "web console", "warehouse tablet", "label printer"],
        [
            "The app crashes on start",
            "Pages load very slowly",
            "Sync fails with a timeout error",
            "The screen stays blank after login",
            "Uploads stop at ninety percent",
        ],
    )
    imported = a.post("/api/tickets/import", json=history)
    assert imported.status_code == 201, imported.text

    training = a.post("/api/ai/classifier/train")
    assert training.status_code == 202, training.text

    def trained() -> dict | None:
        status = b.get("/api/ai/classifier").json()
        if status["status"] == "failed":
            raise AssertionError(f"training failed: {status['error']}")
        return status if status["status"] == "ready" else None

    status = _deadline_poll("the trained classifier", TRAINING_TIMEOUT_S, trained)
    assert status["method"] == "supervised"
    assert sorted(status["categories"]) == ["faults", "ledger"]
    assert re.search(r"Processing .*key: train_triage_models:run-\d+", topology.worker.output())

    # B loads the model the worker stored, without a restart.
    classified = b.post("/api/ai/classify", json=question)
    assert classified.status_code == 200, classified.text
    assert classified.json()["results"][0]["category"] == "ledger"
    other = a.post("/api/ai/classify", json={"texts": ["The mobile app crashes on start"]})
    assert other.json()["results"][0]["category"] == "faults"
