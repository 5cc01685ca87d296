"""The dashboard over HTTP: JSON and CSV, who may see it, and its parameters."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from tests.http.api import Api, assert_problem


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_the_dashboard_counts_what_happened(api: Api) -> None:
    agent, customer = api.account("agent"), api.account()
    first = customer.ticket(priority="urgent")
    customer.ticket(priority="low")
    agent.reply(first["id"], "Done")
    agent.patch(first["id"], status="resolved", category="access")
    customer.client.post(f"/api/tickets/{first['id']}/satisfaction", json={"score": 5})

    response = agent.client.get("/api/stats/dashboard")
    assert response.status_code == 200, response.text
    d = response.json()
    assert d["range"]["to"] == _today() and d["range"]["group_by"] == "day"
    assert len(d["trend"]) == 30 and d["trend"][-1]["created"] == 2
    assert (d["totals"]["created"], d["totals"]["resolved"], d["totals"]["open_now"]) == (2, 1, 1)
    assert d["totals"]["by_priority"] == {"low": 1, "medium": 0, "high": 0, "urgent": 1}
    assert d["totals"]["by_category"] == [
        {"category": None, "count": 1},
        {"category": "access", "count": 1},
    ]
    assert d["sla"]["first_response"]["met"] == 1 and d["sla"]["first_response"]["met_pct"] == 100.0
    assert d["satisfaction"]["overall"] == {
        "count": 1,
        "average": 5.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
    }
    assert d["ai"]["triage"]["triaged"] == 0 and d["ai"]["drafts"]["accepted_pct"] is None

    urgent = agent.client.get(
        "/api/stats/dashboard", params={"priority": "urgent", "group_by": "week"}
    )
    assert urgent.json()["totals"]["created"] == 1


def test_the_same_figures_as_csv(api: Api) -> None:
    customer = api.account()
    api.ticket(customer.me["id"], category='=HYPERLINK("http://evil")')
    params = {"from": "2025-12-29", "to": _today(), "group_by": "week"}
    as_json = api.client.get("/api/stats/dashboard", params=params).json()
    response = api.client.get("/api/stats/dashboard.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    cells = {(r["section"], r["figure"], r["key"]): r["value"] for r in rows}
    assert cells[("totals", "created", "")] == str(as_json["totals"]["created"]) == "1"
    assert cells[("range", "from", "")] == "2025-12-29"
    assert cells[("sla", "first_response.met_pct", "")] == ""
    assert cells[("satisfaction", "overall.distribution", "5")] == "0"
    weeks = [r for r in rows if r["section"] == "trend" and r["figure"] == "created"]
    assert len(weeks) == len(as_json["trend"])
    assert ("totals", "by_category", '\'=HYPERLINK("http://evil")') in cells  # never a formula


def test_the_dashboard_is_for_staff(api: Api) -> None:
    customer = api.account()
    assert_problem(customer.client.get("/api/stats/dashboard"), 403)
    assert_problem(customer.client.get("/api/stats/dashboard.csv"), 403)
    assert api.anonymous().client.get("/api/stats/dashboard").status_code == 401


def test_dashboard_parameters_are_checked(api: Api) -> None:
    get = api.client.get
    assert_problem(
        get("/api/stats/dashboard", params={"from": "2026-02-01", "to": "2026-01-01"}), 422, "to"
    )
    assert_problem(
        get("/api/stats/dashboard", params={"from": "2020-01-01", "to": "2026-01-01"}), 422, "to"
    )
    assert_problem(get("/api/stats/dashboard", params={"group_by": "month"}), 422, "group_by")
    assert_problem(get("/api/stats/dashboard", params={"from": "yesterday"}), 422)
    assert_problem(get("/api/stats/dashboard", params={"priority": "p0"}), 422, "priority")
    nothing = get("/api/stats/dashboard", params={"category": "nope\x00"})
    assert nothing.status_code in (400, 422)
    start = (datetime.now(UTC).date() - timedelta(days=2)).isoformat()
    assert len(get("/api/stats/dashboard", params={"from": start}).json()["trend"]) == 3
