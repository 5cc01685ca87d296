"""Generated helpdesk histories, replayed into any backend.

A history is made once, in plain Python, by driving the domain (opening tickets,
changing status and priority, replying, rating) at random moments with random
microseconds; `store` then writes the resulting tickets, replies and ratings into
a backend through its repositories. Every backend gets exactly the same data
(only the ids it hands out differ).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.tickets import Reply, Ticket, TicketChanges, TicketPriority, TicketStatus
from domain.tickets.satisfaction import SatisfactionRating
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy, SlaTarget
from domain.users import Role, User
from domain.working_time import BusinessHours

NOW = datetime(2026, 3, 20, 15, 7, 31, 250_001, tzinfo=UTC)
CATEGORIES = [None, "billing", "access", "hardware", "network"]
CUSTOMERS = [1, 2, 3, 4, 5]
AGENTS = [101, 102, 103]

BUSINESS_POLICY = SlaPolicy(
    targets={
        TicketPriority.URGENT: SlaTarget.minutes(30, 240),
        TicketPriority.HIGH: SlaTarget.minutes(120, 960, True),
        TicketPriority.MEDIUM: SlaTarget.minutes(480, 2400, True),
        TicketPriority.LOW: SlaTarget.minutes(960, 4800, True),
    },
    business_hours=BusinessHours.parse(
        "Europe/Berlin",
        {
            d: [("08:00", "12:30"), ("13:15", "18:00")]
            for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
        },
    ),
)


@dataclass
class History:
    tickets: list[Ticket] = field(default_factory=list)
    replies: list[list[Reply]] = field(default_factory=list)
    ratings: list[list[SatisfactionRating]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _gap(rng: random.Random, most_minutes: int) -> timedelta:
    return timedelta(
        minutes=rng.randint(1, most_minutes),
        seconds=rng.randint(0, 59),
        microseconds=rng.randint(0, 999_999),
    )


def generate(seed: int, count: int = 90, days: int = 50) -> History:
    rng = random.Random(seed)
    policy = BUSINESS_POLICY if seed % 2 else DEFAULT_POLICY
    history = History()
    for index in range(count):
        requester = rng.choice(CUSTOMERS)
        opened = NOW - timedelta(days=rng.uniform(0, days))
        ticket = Ticket.open(
            title=f"Ticket {index}",
            content="Something broke",
            requester_id=requester,
            now=opened,
            priority=rng.choice(list(TicketPriority)),
            status=rng.choice(
                [TicketStatus.OPEN] * 6 + [TicketStatus.PENDING, TicketStatus.RESOLVED]
            ),
            category=rng.choice(CATEGORIES),
            sla_policy=policy,
        )
        ticket.id = -1  # a placeholder until stored
        replies: list[Reply] = []
        ratings: list[SatisfactionRating] = []
        moment = opened
        for _ in range(rng.randint(0, 9)):
            moment += _gap(rng, rng.choice([30, 240, 3000]))
            if moment >= NOW:
                break
            roll = rng.random()
            if roll < 0.4:
                target = rng.choice(ticket.status.allowed_next())
                ticket.apply(TicketChanges(status=target), moment, sla_policy=policy)
            elif roll < 0.5:
                priority = rng.choice(list(TicketPriority))
                ticket.apply(TicketChanges(priority=priority), moment, sla_policy=policy)
            elif roll < 0.85 and ticket.status is not TicketStatus.CLOSED:
                staff = rng.random() < 0.7
                reply = ticket.reply(
                    author_id=rng.choice(AGENTS) if staff else requester,
                    content="Reply",
                    internal=staff and rng.random() < 0.25,
                    now=moment,
                    from_staff=staff,
                )
                reply.ai_assisted = staff and rng.random() < 0.4
                replies.append(reply)
            elif ticket.status.is_resolved and not any(
                r.resolved_at == ticket.resolved_at for r in ratings
            ):
                ratings.append(
                    SatisfactionRating.give(
                        ticket=ticket,
                        rater_id=requester,
                        score=rng.randint(1, 5),
                        comment=rng.choice([None, "ok", "Danke schön"]),
                        now=moment,
                        earlier=ratings,
                    )
                )
        history.tickets.append(ticket)
        history.replies.append(replies)
        history.ratings.append(ratings)
    return history


async def store(uow_factory: Any, history: History) -> dict[str, Any]:
    """Write the history into a backend; returns the ids it gave (placeholder -> id)."""
    users: dict[int, int] = {}
    async with uow_factory() as uow:
        for placeholder in CUSTOMERS + AGENTS:
            role = Role.CUSTOMER if placeholder in CUSTOMERS else Role.AGENT
            user = User.register(
                email=f"u{placeholder}-{random.getrandbits(32)}@example.com",
                name=f"User {placeholder}",
                now=NOW - timedelta(days=400),
                role=role,
            )
            await uow.users.add(user)
            users[placeholder] = user.id
        ticket_ids: list[int] = []
        for ticket, replies, ratings in zip(
            history.tickets, history.replies, history.ratings, strict=True
        ):
            stored = copy.deepcopy(ticket)
            stored.id = None
            stored.requester_id = users[ticket.requester_id]
            await uow.tickets.add(stored)
            ticket_ids.append(stored.id)
            for reply in replies:
                copied = copy.deepcopy(reply)
                copied.id, copied.ticket_id = None, stored.id
                copied.author_id = users[reply.author_id]
                await uow.replies.add(copied)
            for rating in ratings:
                copied = copy.deepcopy(rating)
                copied.id, copied.ticket_id = None, stored.id
                copied.rater_id = users[rating.rater_id]
                await uow.ratings.add(copied)
        await uow.commit()
    return {"users": users, "tickets": ticket_ids}
