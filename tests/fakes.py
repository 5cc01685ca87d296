"""Hand-written fakes of the ports that have no in-memory adapter, and a cheap hasher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.passwords import Argon2PasswordHasher

T0 = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)

# Real Argon2id at the lowest cost it accepts: hashes stay genuine, tests stay fast.
CHEAP_HASHER = Argon2PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class FixedClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: datetime = T0) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock tells aware UTC time")
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta = timedelta(seconds=1)) -> datetime:
        self.current += delta
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


class TickingClock(FixedClock):
    """A clock that moves forward by `step` after every reading: each call sees a later time."""

    def __init__(self, start: datetime = T0, step: timedelta = timedelta(seconds=1)) -> None:
        super().__init__(start)
        self.step = step

    def now(self) -> datetime:
        moment = self.current
        self.current += self.step
        return moment


class OffsetClock:
    """The real time, shifted by an offset that tests move forward (and reset).

    For a long-lived app: timestamps keep moving as they do in production,
    while a test can jump past a time window (e.g. a sign-in block).
    """

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def reset(self) -> None:
        self.offset = timedelta()


class RivalWriter:
    """Another writer who gets in between a unit of work's read and its write.

    Wraps a unit-of-work factory. Each time a writing unit of work loads a ticket,
    while rival changes remain, the rival applies the next one to that ticket and
    commits it at once, through the real repositories. The loaded copy the caller
    holds is then one version behind, exactly as when two requests race.
    """

    def __init__(self, inner, clock, *changes) -> None:
        self._inner = inner
        self._clock = clock
        self.pending = list(changes)
        self.committed = 0

    def __call__(self, *, read_only: bool = False):
        uow = self._inner(read_only=read_only)
        return uow if read_only else _RacedUnitOfWork(uow, self)

    async def _interfere(self, uow, ticket_id: int) -> None:
        change = self.pending.pop(0)
        theirs = await uow.tickets.get(ticket_id)
        version = theirs.version
        theirs.apply(change, self._clock.now())
        await uow.tickets.update(theirs, expected_version=version)
        await uow.commit()
        self.committed += 1


class _RacedUnitOfWork:
    def __init__(self, inner, rival: RivalWriter) -> None:
        self._inner = inner
        self._rival = rival

    async def __aenter__(self):
        await self._inner.__aenter__()
        self.tickets = _RacedTickets(self._inner, self._rival)
        return self

    def __getattr__(self, name: str):
        """Every other repository is the inner unit of work's own."""
        return getattr(self._inner, name)

    async def __aexit__(self, *exc_info) -> None:
        await self._inner.__aexit__(*exc_info)

    async def commit(self) -> None:
        await self._inner.commit()

    async def rollback(self) -> None:
        await self._inner.rollback()


class _RacedTickets:
    def __init__(self, uow, rival: RivalWriter) -> None:
        self._uow = uow
        self._rival = rival

    def __getattr__(self, name: str):
        return getattr(self._uow.tickets, name)

    async def get(self, ticket_id: int):
        loaded = await self._uow.tickets.get(ticket_id)
        if loaded is not None and self._rival.pending:
            await self._rival._interfere(self._uow, ticket_id)
        return loaded
