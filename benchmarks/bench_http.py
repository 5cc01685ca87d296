"""HTTP API throughput and latency: AstraTickets against a FastAPI baseline, with wrk.

For each app (AstraTickets, and the minimal FastAPI + pydantic + synchronous
SQLAlchemy app in tests/bench/fastapi_baseline, the original system's stack), each
database (SQLite, PostgreSQL) and each worker count (1, 2): a fresh database, the
server started as a real process (`astratickets serve --workers N`; `uvicorn
--workers N` for the baseline), an agent and a customer, `--seed-tickets` tickets
opened over HTTP, a short warm-up, then wrk (a separate process, closed loop:
`--connections` connections, `--threads` threads) drives each endpoint for
`--seconds`:

- get: GET /api/tickets/{id} of a random seeded ticket;
- list: GET /api/tickets?status=..[&priority=..]&page=1|2&page_size=20 (with the total);
- reply: POST /api/tickets/{id}/replies on a random seeded ticket;
- create: POST /api/tickets (last, so that list and get see the same tickets in both apps).

It reports requests/s, latency p50/p99 (wrk's, in a Lua `done` hook), the server's
CPU time per request (all its processes, from /proc: steadier than requests/s on a
shared machine) and fails loudly on any non-2xx response or socket error. The
server's memory (RSS of each of its processes, from /proc) is sampled at idle and
every 0.2 s under load; one more AstraTickets process with the real embedding model
reports its RSS at idle and after a knowledge-base search. Ratios AstraTickets / baseline
are printed for reads (get, list) and writes (reply, create); the targets are
>= 2x on reads and >= 1.5x on writes.

AstraTickets runs with ENVIRONMENT=production, AI triage on create off and the light
knowledge base (hashing embedder, vectors in memory), so that the ticket API is what
is measured; the new tickets are still handed to the similar-ticket index.

    .venv/bin/python -m benchmarks.bench_http [--seconds 6] [--connections 32]
        [--apps astratickets,baseline] [--databases sqlite,postgresql] [--workers 1,2]

Results: printed, and written to var/bench/http.json and var/bench/http.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from benchmarks.common import REPO, listener_pid
from tests.bench.fastapi_baseline.app import issue_token
from tests.bench.fastapi_baseline.database import create_schema, make_engine
from tests.bench.fastapi_baseline.models import User
from tests.reliability.live_server import (
    free_port,
    live_server,
    sign_in,
    stop_process,
    wait_until_healthy,
)

ENDPOINTS = ("get", "list", "reply", "create")
READS = ("get", "list")
WRITES = ("reply", "create")
TARGETS = {"reads": 2.0, "writes": 1.5}
PASSWORD = "bench-http-password-123"
BASELINE_SECRET = "bench-http-baseline-secret-of-at-least-32-bytes"
STATUSES = ("open", "in_progress", "pending")
PRIORITIES = ("low", "medium", "high", "urgent")
# The ticket API alone: no AI triage job per new ticket, no model to load.
ASTRATICKETS_ENV = {
    "ENVIRONMENT": "production",
    "AI_TRIAGE_ON_CREATE": "false",
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Server:
    base_url: str
    pgid: int
    token: str  # an agent's
    requester_id: int  # a customer's
    ticket_ids: list[int] = field(default_factory=list)


@dataclass
class Run:
    app: str
    database: str
    workers: int
    endpoint: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms_per_request: float  # the server's CPU time (all its processes) / requests
    rss_peak_mb: float  # the largest single process
    rss_total_peak_mb: float  # all the server's processes


# --- memory -------------------------------------------------------------------------


def _group_cpu_s(pgid: int) -> float:
    """User + system CPU time of the process group's live processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _group_rss_mb(pgid: int) -> dict[int, float]:
    """RSS of every process of the process group, from /proc, in MB."""
    found: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                found[int(stat.parent.name)] = int(line.split()[1]) / 1024
    return found


class RssSampler:
    """Samples a process group's RSS every `interval` s in a thread; keeps the peaks."""

    def __init__(self, pgid: int, interval: float = 0.2) -> None:
        self._pgid = pgid
        self._interval = interval
        self._stop = threading.Event()
        self.peak_one = 0.0
        self.peak_total = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = _group_rss_mb(self._pgid)
            if sizes:
                self.peak_one = max(self.peak_one, max(sizes.values()))
                self.peak_total = max(self.peak_total, sum(sizes.values()))
            self._stop.wait(self._interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# --- databases ----------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str, folder: Path, postgres_url: str, prefix: str) -> Iterator[str]:
    """A new empty database: a SQLite file in `folder`, or one created on the server."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'bench-{secrets.token_hex(3)}.db'}"
        return
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(
        make_url(postgres_url).set(drivername="postgresql+psycopg2"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- servers ------------------------------------------------------------------------


@contextmanager
def astratickets(
    url: str, folder: Path, workers: int, env: dict[str, str] | None = None
) -> Iterator[Server]:
    with live_server(url, folder, workers=workers, env={**ASTRATICKETS_ENV, **(env or {})}) as live:
        admin = {"Authorization": f"Bearer {live.admin_token()}"}
        ids = {}
        for role in ("agent", "customer"):
            email = f"bench-{role}@example.com"
            body = {"email": email, "name": f"Bench {role}", "role": role, "password": PASSWORD}
            created = httpx.post(f"{live.base_url}/api/users", json=body, headers=admin, timeout=30)
            created.raise_for_status()
            ids[role] = created.json()["id"]
        token = sign_in(live.base_url, "bench-agent@example.com", PASSWORD)
        yield Server(live.base_url, os.getpgid(listener_pid(live.base_url)), token, ids["customer"])


@contextmanager
def baseline(url: str, folder: Path, workers: int) -> Iterator[Server]:
    sync_url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    create_schema(sync_url)
    engine = make_engine(sync_url)
    with Session(engine) as db:
        agent = User(email="bench-agent@example.com", name="Bench agent", role="agent")
        customer = User(email="bench-customer@example.com", name="Bench customer")
        db.add_all([agent, customer])
        db.commit()
        agent_id, customer_id = agent.id, customer.id
    engine.dispose()
    port = free_port()
    log = folder / f"baseline-{port}.log"
    env = {
        **os.environ,
        "BASELINE_DATABASE_URL": sync_url,
        "BASELINE_SECRET_KEY": BASELINE_SECRET,
    }
    # The same uvicorn settings as `astratickets serve` (uvloop, httptools, no access log
    # written at WARNING), for the app the original system ran.
    command = [
        sys.executable, "-m", "uvicorn", "--factory",
        "tests.bench.fastapi_baseline.app:app_from_env",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--no-server-header", "--proxy-headers",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=REPO,
            start_new_session=True,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process, log)
        yield Server(base_url, process.pid, issue_token(BASELINE_SECRET, agent_id), customer_id)
    finally:
        stop_process(process)


SERVERS = {"astratickets": astratickets, "baseline": baseline}


async def seed_tickets(server: Server, count: int, concurrency: int = 16) -> None:
    """`count` tickets over HTTP, across statuses and priorities; their ids kept."""
    headers = {"Authorization": f"Bearer {server.token}"}
    gate = asyncio.Semaphore(concurrency)

    async with httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=60) as http:

        async def one(n: int) -> int:
            body = {
                "title": f"Seeded ticket {n}",
                "content": f"Customer request number {n}: the card payment was declined twice.",
                "requester_id": server.requester_id,
                "status": STATUSES[n % len(STATUSES)],
                "priority": PRIORITIES[(n // len(STATUSES)) % len(PRIORITIES)],
                "tags": ["billing", "card"] if n % 2 else ["login"],
            }
            async with gate:
                response = await http.post("/api/tickets", json=body)
            response.raise_for_status()
            return response.json()["id"]

        server.ticket_ids = list(await asyncio.gather(*(one(n) for n in range(count))))


# --- wrk ----------------------------------------------------------------------------

LUA = r"""
local token = "%(token)s"
local requester = %(requester)d
local ids = {%(ids)s}
local mode = "%(mode)s"
local statuses = {"open", "in_progress", "pending"}
local priorities = {"low", "medium", "high", "urgent"}
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (number or 0) * 7919)
end

local function pick(list) return list[math.random(#list)] end

function request()
  if mode == "get" then
    return wrk.format("GET", "/api/tickets/" .. pick(ids), headers)
  elseif mode == "list" then
    local path = "/api/tickets?status=" .. pick(statuses)
    if math.random(2) == 1 then path = path .. "&priority=" .. pick(priorities) end
    return wrk.format("GET", path .. "&page=" .. math.random(2) .. "&page_size=20", headers)
  elseif mode == "reply" then
    local body = '{"content":"Thanks, we are looking into it (' .. math.random(1000000) .. ')."}'
    return wrk.format("POST", "/api/tickets/" .. pick(ids) .. "/replies", headers, body)
  else
    local body = '{"title":"Card declined ' .. math.random(1000000) .. '",'
      .. '"content":"My card payment was declined twice this morning, please help.",'
      .. '"requester_id":' .. requester .. ',"priority":"' .. pick(priorities) .. '",'
      .. '"tags":["billing"]}'
    return wrk.format("POST", "/api/tickets", headers, body)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,'
      .. '"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def wrk_script(folder: Path, server: Server, mode: str) -> Path:
    path = folder / f"wrk-{mode}-{secrets.token_hex(3)}.lua"
    path.write_text(
        LUA
        % {
            "token": server.token,
            "requester": server.requester_id,
            "ids": ",".join(map(str, server.ticket_ids)),
            "mode": mode,
        }
    )
    return path


def run_wrk(
    server: Server, script: Path, seconds: int, connections: int, threads: int
) -> dict[str, int]:
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
        "-s", str(script), server.base_url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{output}")
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise RuntimeError(f"wrk printed no result:\n{output}")


# --- one configuration ----------------------------------------------------------------


def measure(
    app: str, database: str, workers: int, args: argparse.Namespace, folder: Path
) -> tuple[list[Run], dict[str, float]]:
    runs: list[Run] = []
    with (
        fresh_database(database, folder, args.postgres_url, args.database_prefix) as url,
        SERVERS[app](url, folder, workers) as server,
    ):
        asyncio.run(seed_tickets(server, args.seed_tickets))
        idle = _group_rss_mb(server.pgid)
        for mode in ("get", "list"):  # warm-up: code paths, caches, pools
            run_wrk(server, wrk_script(folder, server, mode), args.warmup, args.connections, 1)
        for endpoint in ENDPOINTS:
            script = wrk_script(folder, server, endpoint)
            cpu_before = _group_cpu_s(server.pgid)
            with RssSampler(server.pgid) as rss:
                result = run_wrk(server, script, args.seconds, args.connections, args.threads)
            cpu = _group_cpu_s(server.pgid) - cpu_before
            errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
            seconds = result["duration_us"] / 1e6
            run = Run(
                app=app,
                database=database,
                workers=workers,
                endpoint=endpoint,
                requests=result["requests"],
                seconds=round(seconds, 2),
                rps=round(result["requests"] / seconds, 1),
                p50_ms=result["p50_us"] / 1000,
                p99_ms=result["p99_us"] / 1000,
                errors=errors,
                cpu_ms_per_request=round(cpu * 1000 / max(result["requests"], 1), 2),
                rss_peak_mb=round(rss.peak_one, 1),
                rss_total_peak_mb=round(rss.peak_total, 1),
            )
            print(
                f"  {app:<12} {database:<10} w{workers} {endpoint:<6} {run.rps:8.1f} req/s"
                f"  p50 {run.p50_ms:7.1f} ms  p99 {run.p99_ms:7.1f} ms  errors {errors}"
                f"  CPU {run.cpu_ms_per_request:.2f} ms/req"
                f"  RSS {run.rss_peak_mb:.0f} MB (all {run.rss_total_peak_mb:.0f})",
                flush=True,
            )
            runs.append(run)
    memory = {
        "idle_one_mb": round(max(idle.values()), 1),
        "idle_total_mb": round(sum(idle.values()), 1),
    }
    return runs, memory


def embedder_memory(folder: Path) -> dict[str, float]:
    """One AstraTickets process with the real embedding model: RSS idle, then after a search."""
    env = {"EMBEDDING_MODEL": "", "VECTOR_STORE_PATH": "", "LOAD_SAMPLE_KB": "true"}
    data = folder / "embedder"
    data.mkdir()
    with astratickets(f"sqlite:///{data / 'kb.db'}", data, 1, env) as server:
        idle = max(_group_rss_mb(server.pgid).values())
        headers = {"Authorization": f"Bearer {server.token}"}
        found = httpx.post(
            f"{server.base_url}/api/kb/search",
            json={"query": "I forgot my password"},
            headers=headers,
            timeout=120,
        )
        found.raise_for_status()
        loaded = max(_group_rss_mb(server.pgid).values())
    return {"idle_mb": round(idle, 1), "after_search_mb": round(loaded, 1)}


# --- report ---------------------------------------------------------------------------


def ratios(runs: list[Run]) -> dict[str, dict[str, float]]:
    """AstraTickets req/s / baseline req/s, per endpoint and configuration."""
    by = {(r.app, r.database, r.workers, r.endpoint): r.rps for r in runs}
    table: dict[str, dict[str, float]] = {}
    for (app, database, workers, endpoint), rps in by.items():
        other = by.get(("baseline", database, workers, endpoint))
        if app == "astratickets" and other:
            table.setdefault(f"{database} w{workers}", {})[endpoint] = round(rps / other, 2)
    return table


def markdown(results: dict) -> str:
    lines = [
        f"Measured {results['date']} on {results['machine']}, wrk {results['settings']}.",
        "",
        "| app | database | workers | endpoint | req/s | p50 ms | p99 ms | errors "
        "| server CPU ms/req | peak RSS MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["runs"]:
        lines.append(
            f"| {r['app']} | {r['database']} | {r['workers']} | {r['endpoint']} | "
            f"{r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | "
            f"{r['cpu_ms_per_request']:.2f} | "
            f"{r['rss_peak_mb']:.0f} ({r['rss_total_peak_mb']:.0f} all) |"
        )
    lines += ["", "| AstraTickets / baseline | " + " | ".join(ENDPOINTS) + " |"]
    lines.append("| --- |" + " --- |" * len(ENDPOINTS))
    for config, row in results["ratios"].items():
        cells = " | ".join(f"{row[e]:.2f}x" if e in row else "-" for e in ENDPOINTS)
        lines.append(f"| {config} | {cells} |")
    lines += ["", "Idle RSS (one process / all): " + json.dumps(results["idle_memory"])]
    if results.get("embedder_memory"):
        lines.append("Real embedder, one process: " + json.dumps(results["embedder_memory"]))
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average at the end {load}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=6, help="wrk run per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="per read endpoint, per server")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed-tickets", type=int, default=300)
    parser.add_argument("--apps", default="astratickets,baseline")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-embedder", action="store_true", help="skip the real-model RSS")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--database-prefix", default="astratickets_bench_http")
    parser.add_argument("--output", type=Path, default=REPO / "var" / "bench")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (make wrk)", file=sys.stderr)
        return 2
    started = time.monotonic()
    runs: list[Run] = []
    idle_memory: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        folder = Path(tmp)
        for database in args.databases.split(","):
            for workers in map(int, args.workers.split(",")):
                for app in args.apps.split(","):
                    measured, idle = measure(app, database, workers, args, folder)
                    runs += measured
                    idle_memory[f"{app} {database} w{workers}"] = idle
        embedder = {} if args.no_embedder else embedder_memory(folder)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "settings": (
            f"{args.connections} connections, {args.threads} threads, {args.seconds:g} s per "
            f"endpoint after {args.warmup:g} s warm-ups, {args.seed_tickets} seeded tickets"
        ),
        "runs": [asdict(r) for r in runs],
        "ratios": ratios(runs),
        "idle_memory": idle_memory,
        "embedder_memory": embedder,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "http.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output / "http.md").write_text(markdown(results))
    print()
    print(markdown(results))
    print(f"({time.monotonic() - started:.0f} s; written to {args.output}/http.json and http.md)")
    failed = [r for r in runs if r.errors]
    if failed:
        for r in failed:
            print(f"FAILED: {r.app} {r.database} w{r.workers} {r.endpoint}: {r.errors} errors")
        return 1
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise SystemExit(main())
