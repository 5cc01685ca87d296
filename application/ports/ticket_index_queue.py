"""What the similar-ticket index still owes, kept in the database next to the tickets.

Every committed ticket write (create, change, delete) adds an entry for the ticket
in the same transaction, so the obligation can never be lost, whatever happens to
the vector store or the process afterwards. An entry says only "bring ticket N's
vector up to date": whoever settles it reads the ticket's current state (or its
absence, after a delete), so entries can be settled in any order, more than once,
by any process.

Entry ids grow with every insert and are never reused. A ticket's entries are
added after its row is written (and locked) in the same transaction, so all
entries of one ticket up to id N were committed before the transaction that added
entry N: indexing the ticket as that transaction left it settles them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class QueuedIndexing:
    """One claimed entry: `attempts` counts earlier failed tries."""

    id: int
    ticket_id: int
    attempts: int


class TicketIndexQueue(Protocol):
    """The entries the similar-ticket index owes. Never commits: the unit of work does."""

    async def enqueue(self, ticket_ids: Sequence[int], at: datetime) -> dict[int, int]:
        """Add one entry per ticket, due at `at`; each ticket's newest entry id (its mark)."""

    async def settle(self, marks: Mapping[int, int]) -> None:
        """Remove each ticket's entries with ids up to its mark (the ticket is indexed
        as it was when the mark was taken); later entries stay."""

    async def claim(
        self, now: datetime, limit: int, *, token: str, lease_until: datetime
    ) -> list[QueuedIndexing]:
        """Take up to `limit` entries due at `now`, oldest first, for this token until
        `lease_until`. An entry claimed by another (unexpired) token is never taken:
        two processes claiming at once get disjoint entries."""

    async def settle_claimed(self, token: str) -> None:
        """Remove the entries this token still holds (they are done)."""

    async def release_claimed(self, token: str, due: datetime) -> None:
        """Give back the entries this token holds, due at `due`, attempts unchanged
        (nothing was tried: the vector store was unreachable)."""

    async def retry_claimed(self, token: str, due: Mapping[int, datetime]) -> None:
        """Give back the entries this token holds: entry id -> when it is due again;
        each one's `attempts` grows by one."""

    async def pending(self) -> int:
        """How many entries there are, due or not."""
