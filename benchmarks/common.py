"""Shared helpers of the retrieval evaluation and benchmark scripts."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """`ASTRATICKETS_SHARED_DATA`, or `../shared/data` beside the repository."""
    configured = os.environ.get("ASTRATICKETS_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def bitext_csv(name: str = "dev.csv") -> Path:
    return shared_data() / "bitext-support" / name


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    instruction: str
    intent: str
    category: str
    response: str


def read_rows(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as file:
        return [
            Row(n, r["instruction"], r["intent"], r["category"], r["response"])
            for n, r in enumerate(csv.DictReader(file))
        ]


def humanise(label: str) -> str:
    """'cancel_order' -> 'Cancel order'."""
    return label.replace("_", " ").strip().capitalize()


def split_kb(rows: list[Row], per_intent: int) -> tuple[list[Row], list[Row]]:
    """The first `per_intent` answers of each intent (file order) make the KB; the rest query it."""
    by_intent: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_intent[row.intent].append(row)
    kb = [r for intent in sorted(by_intent) for r in by_intent[intent][:per_intent]]
    chosen = {r.number for r in kb}
    return kb, [r for r in rows if r.number not in chosen]


# The vocabulary of generated tickets (dashboard and scaling benchmarks).
CATEGORIES = [None, "billing", "access", "hardware", "network", "shipping", "account", "other"]
WORDS = [
    "printer",
    "vpn",
    "login",
    "password",
    "invoice",
    "refund",
    "order",
    "delivery",
    "account",
    "error",
    "screen",
    "network",
    "slow",
    "crash",
    "update",
    "email",
    "cannot",
    "access",
    "payment",
    "card",
    "shipping",
    "broken",
]


def listener_pid(base_url: str) -> int:
    """The pid listening on the server's port (the uvicorn parent)."""
    port = int(base_url.rsplit(":", 1)[1])
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if int(parts[1].split(":")[1], 16) == port and parts[3] == "0A":
            inode = parts[9]
            break
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if fd.readlink().name == f"socket:[{inode}]":
                return int(fd.parts[2])
        except OSError:
            continue
    raise RuntimeError("server process not found")
