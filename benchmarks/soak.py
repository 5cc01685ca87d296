"""Soak run (`make soak`): mixed traffic against `astratickets serve` for a bounded time.

Starts the server on loopback (SQLite by default, or `--database-url`), signs in a few
agents and customers, then keeps `--clients` concurrent clients busy for `--seconds`
with a support team's mix: customers open tickets and reply, agents list with filters,
read, reply, add notes and change status and priority with If-Match. It reports the
requests sent, throughput, latency, the error rate (any 5xx, and any 4xx other than the
412s that concurrent If-Match writes are expected to get), the server's memory (RSS of
its processes) at the start and the end, and finally checks that every ticket and reply
the clients were told was stored is there: lost records must be zero.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from benchmarks.common import listener_pid
from tests.reliability.live_server import ADMIN_EMAIL, ADMIN_PASSWORD, live_server, sign_in

PASSWORD = "soak-password-123"


def _rss_mb(pid_root: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    pids = [pid_root]
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().split()
        except OSError:
            continue
        if int(fields[3]) in pids:
            pids.append(int(fields[0]))
    total = 0
    for pid in set(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def _client(base_url: str, token: str, role: str, state: dict, deadline: float) -> None:
    rng = random.Random()
    async with httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as http:
        mine: list[int] = []  # a customer's own tickets
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if role == "customer":
                kind = rng.choice(["open", "reply", "list"]) if mine else "open"
                ticket_id = rng.choice(mine) if mine else None
            else:
                kind = rng.choice(["list", "list", "read", "reply", "note", "update"])
                if not state["tickets"]:
                    kind = "list"
                ticket_id = rng.choice(state["tickets"]) if state["tickets"] else None
            if kind == "open":
                response = await http.post(
                    "/api/tickets",
                    json={"title": f"Soak {rng.random():.6f}", "content": "Card declined."},
                )
                if response.status_code == 201:
                    mine.append(response.json()["id"])
                    state["tickets"].append(response.json()["id"])
                    state["stored_tickets"].add(response.json()["id"])
            elif kind == "list":
                params = rng.choice([{}, {"status": "open"}, {"priority": "high"}, {"q": "Soak"}])
                response = await http.get("/api/tickets", params=params)
            elif kind == "read":
                response = await http.get(f"/api/tickets/{ticket_id}")
            elif kind in ("reply", "note"):
                response = await http.post(
                    f"/api/tickets/{ticket_id}/replies",
                    json={"content": f"reply {rng.random():.9f}", "internal": kind == "note"},
                )
                if response.status_code == 201:
                    state["stored_replies"][response.json()["id"]] = ticket_id
            else:
                current = await http.get(f"/api/tickets/{ticket_id}")
                response = await http.patch(
                    f"/api/tickets/{ticket_id}",
                    json={"priority": rng.choice(["low", "medium", "high", "urgent"])},
                    headers={"If-Match": current.headers.get("ETag", "*")},
                )
            state["latencies"].append(time.perf_counter() - started)
            state["statuses"][(kind, response.status_code)] += 1


def _accounts(base_url: str, clients: int) -> list[tuple[str, str]]:
    """Agents and customers (one in three), signed in: (role, token) each."""
    tokens = []
    run = f"{random.getrandbits(32):08x}"  # a reused database keeps earlier runs' accounts
    with httpx.Client(base_url=base_url, timeout=30) as admin:
        admin.headers["Authorization"] = f"Bearer {sign_in(base_url, ADMIN_EMAIL, ADMIN_PASSWORD)}"
        for i in range(clients):
            role = "agent" if i % 3 else "customer"
            email = f"soak{i}-{run}@example.com"
            body = {"email": email, "name": f"Soak {i}", "role": role, "password": PASSWORD}
            admin.post("/api/users", json=body).raise_for_status()
            tokens.append((role, sign_in(base_url, email, PASSWORD)))
    return tokens


async def _traffic(base_url: str, tokens: list[tuple[str, str]], seconds: float) -> dict:
    state: dict = {
        "tickets": [],
        "stored_tickets": set(),
        "stored_replies": {},
        "latencies": [],
        "statuses": Counter(),
    }
    started = time.monotonic()
    await asyncio.gather(
        *(_client(base_url, t, role, state, started + seconds) for role, t in tokens)
    )
    return {**state, "elapsed": time.monotonic() - started}


def _lost(base_url: str, state: dict) -> int:
    """Tickets and replies the server acknowledged that cannot be read back."""
    lost = 0
    with httpx.Client(base_url=base_url, timeout=60) as admin:
        admin.headers["Authorization"] = f"Bearer {sign_in(base_url, ADMIN_EMAIL, ADMIN_PASSWORD)}"
        for ticket_id in state["stored_tickets"]:
            if admin.get(f"/api/tickets/{ticket_id}").status_code != 200:
                lost += 1
        stored = set()
        for ticket_id in set(state["stored_replies"].values()):
            stored |= {r["id"] for r in admin.get(f"/api/tickets/{ticket_id}/replies").json()}
    return lost + len(set(state["stored_replies"]) - stored)


def soak(base_url: str, clients: int, seconds: float, server_pid: int) -> dict:
    tokens = _accounts(base_url, clients)
    rss_start = _rss_mb(server_pid)
    result = asyncio.run(_traffic(base_url, tokens, seconds))
    rss_end = _rss_mb(server_pid)
    return {**result, "rss": (rss_start, rss_end), "lost": _lost(base_url, result)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="astratickets-soak-") as folder:
        url = args.database_url or f"sqlite:///{folder}/soak.db"
        with live_server(url, Path(folder), workers=args.workers) as server:
            server_pid = listener_pid(server.base_url)
            result = soak(server.base_url, args.clients, args.seconds, server_pid)
    statuses: Counter = result["statuses"]
    total = sum(statuses.values())
    errors = sum(n for (kind, code), n in statuses.items() if code >= 500)
    refused = sum(n for (kind, code), n in statuses.items() if 400 <= code < 500 and code != 412)
    latencies = sorted(result["latencies"])
    print(f"soak: {args.clients} clients for {result['elapsed']:.0f} s, {args.workers} worker(s)")
    print(f"  requests {total}  ({total / result['elapsed']:.0f}/s)")
    print(
        f"  latency p50 {statistics.median(latencies) * 1000:.1f} ms  "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms"
    )
    print(
        f"  5xx {errors}  unexpected 4xx {refused}  412 (lost If-Match races) "
        f"{sum(n for (k, c), n in statuses.items() if c == 412)}"
    )
    print(f"  server RSS {result['rss'][0]:.0f} MB -> {result['rss'][1]:.0f} MB")
    print(
        f"  tickets stored {len(result['stored_tickets'])}, replies stored "
        f"{len(result['stored_replies'])}, lost {result['lost']}"
    )
    return 0 if errors == 0 and refused == 0 and result["lost"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
