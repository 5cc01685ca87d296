"""The dashboard over HTTP: JSON and CSV, who may see it, and its parameters."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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


def _busy_desk(api: Api) -> dict[str, Any]:
    """A few tickets answered, resolved and rated; the dashboard's JSON over them."""
    agent, customer = api.account("agent"), api.account()
    for priority, category, score in (("urgent", "access", 5), ("low", None, 2)):
        ticket = customer.ticket(priority=priority)
        agent.reply(ticket["id"], "Done")
        agent.patch(ticket["id"], status="resolved", category=category)
        path = f"/api/tickets/{ticket['id']}/satisfaction"
        assert customer.client.post(path, json={"score": score}).status_code == 201
    agent.patch(customer.ticket(priority="high")["id"], category="billing")
    return api.client.get("/api/stats/dashboard").json()


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every value of a JSON document by its path (list items by their index)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    found: dict[tuple[str, ...], Any] = {}
    for name, value in items:
        if isinstance(value, dict | list):
            found.update(_leaves(value, (*path, str(name))))
        else:
            found[(*path, str(name))] = value
    return found


def _csv_rows_of(as_json: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """The CSV docs/analytics.md describes for a JSON answer: every figure, one a row."""
    keyed = ("distribution", "by_status", "by_priority")
    rows: dict[tuple[str, str, str], str] = {}
    for path, value in _leaves(as_json).items():
        cell = "" if value is None else str(value)
        if path[0] == "trend":  # one row per period and count; the period's end is implied
            if path[2] in ("created", "resolved"):
                start = as_json["trend"][int(path[1])]["start"]
                rows[("trend", path[2], start)] = cell
        elif path[:2] == ("totals", "by_category"):
            if path[3] == "count":
                category = as_json["totals"]["by_category"][int(path[2])]["category"]
                rows[("totals", "by_category", category or "")] = cell
        elif path[0] == "generated_at":
            rows[("range", "generated_at", "")] = cell
        elif path[-2] in keyed:
            rows[(path[0], ".".join(path[1:-1]), path[-1])] = cell
        else:
            rows[(path[0], ".".join(path[1:]), "")] = cell
    return rows


def test_the_csv_has_every_figure_of_the_json(api: Api) -> None:
    as_json = _busy_desk(api)
    response = api.client.get("/api/stats/dashboard.csv")
    assert response.status_code == 200, response.text
    assert response.text.startswith("section,figure,key,value\r\n")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    cells = {(r["section"], r["figure"], r["key"]): r["value"] for r in rows}
    assert len(cells) == len(rows)  # no figure twice
    expected = _csv_rows_of(as_json)
    del expected[("range", "generated_at", "")], cells[("range", "generated_at", "")]
    assert cells == expected
    assert cells[("satisfaction", "overall.average", "")] == "3.5"
    assert cells[("ai", "first_response_without_draft.count", "")] == "2"


def test_analytics_md_names_every_figure(api: Api) -> None:
    """Every name in every figure's path of the JSON appears, in backticks, in the part
    of docs/analytics.md that defines that section."""
    doc = (Path(__file__).parents[2] / "docs" / "analytics.md").read_text(encoding="utf-8")
    parts = re.split(r"^## ", doc, flags=re.MULTILINE)
    heading = {
        "range": "Parameters",
        "generated_at": "Parameters",
        "totals": "Totals",
        "trend": "Trend",
        "sla": "SLA",
        "satisfaction": "Satisfaction",
        "ai": "AI",
    }
    missing: set[str] = set()
    for path in _leaves(_busy_desk(api)):
        part = next(p for p in parts if p.startswith(heading[path[0]] + "\n"))
        named = {
            word for code in re.findall(r"`([^`]+)`", part) for word in re.findall(r"\w+", code)
        }
        names = [n for n in path if not n.isdigit()]  # not list indexes, not scores
        if path[1:2] in (("by_status",), ("by_priority",)):
            names = names[:2]  # the keys are the statuses and priorities
        missing |= {f"{path[0]}: {n}" for n in names[1:] or names if n not in named}
    assert not missing, sorted(missing)


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
