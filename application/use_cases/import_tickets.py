from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from application.ports import Clock, UnitOfWorkFactory
from domain.access import Actor
from domain.errors import FieldProblem, InvalidValue
from domain.tickets import Reply, Ticket, TicketPriority, TicketStatus
from domain.tickets.activity import Activity, ActivityAction
from domain.tickets.imported import ImportedReply, ImportedTicket, import_ticket
from domain.tickets.sla_policy import SlaPolicy
from domain.users import NAME_MAX_LENGTH, Email, Role, User

MAX_TICKETS = 10_000
MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    content: str
    author_email: str | None = None
    internal: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TicketRecord:
    title: str
    content: str
    requester_email: str
    status: str = TicketStatus.OPEN.value
    priority: str = TicketPriority.MEDIUM.value
    tags: str | Iterable[str] | None = None
    category: str | None = None
    created_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    replies: Sequence[ReplyRecord] = ()


@dataclass(frozen=True, slots=True)
class ImportTickets:
    """`records[i]` is the ticket at pointer `/i`; `problems` are those its reader already
    found (e.g. a field of the wrong type), reported together with the rest."""

    records: Sequence[TicketRecord | None]
    problems: Sequence[FieldProblem] = field(default_factory=tuple)


def _pointer(index: int, problem: FieldProblem) -> FieldProblem:
    return FieldProblem(f"/{index}/{problem.field}", problem.message)


def _refuse(problems: list[FieldProblem]) -> InvalidValue:
    shown = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        shown.append(FieldProblem("body", f"and {len(problems) - MAX_PROBLEMS} more problem(s)"))
    return InvalidValue(shown)


def _new_customer(email: str, now: datetime) -> User:
    name = email.split("@", 1)[0][:NAME_MAX_LENGTH]
    return User.register(email=email, name=name, now=now, role=Role.CUSTOMER)


class ImportTicketsHandler:
    """Bring in historical tickets with their replies (agents and admins).

    Rules:
    - 1..10,000 tickets per call, all or nothing: any problem refuses the whole
      import, each problem named by a JSON pointer (`/3/title`,
      `/3/replies/0/created_at`; at most 100 are listed);
    - requester and reply author e-mails are resolved to users; an unknown
      address becomes a new customer account named after the address's local
      part, without a password (it cannot sign in until one is set); a reply
      without `author_email` is the requester's; a reply counts as a first
      response only when its author is an agent or admin (see
      `domain.tickets.imported` for how timestamps rebuild the SLA clocks);
    - everything is written in one transaction, in bulk; each ticket's
      activity log gets one `imported` entry (by the importing agent, at the
      moment of the import);
    - imported tickets are not triaged by the AI (they already carry their
      labels); they do count as label changes for retraining.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: ImportTickets, actor: Actor) -> list[int]:
        actor.must_be_staff("import tickets")
        records = command.records
        if not records:
            raise InvalidValue.single("body", "must contain at least one ticket")
        if len(records) > MAX_TICKETS:
            raise InvalidValue.single(
                "body", f"must contain at most {MAX_TICKETS:,} tickets (got {len(records):,})"
            )
        problems = list(command.problems)
        emails = self._emails(records, problems)
        now = self._clock.now()
        async with self._uow() as uow:
            known = await uow.users.get_by_emails(sorted(set(emails.values())))
            missing = sorted(set(emails.values()) - known.keys())
            # Unknown requesters stand in as negative ids until their accounts exist.
            ids = {email: user.id for email, user in known.items()}
            ids.update({email: -(n + 1) for n, email in enumerate(missing)})
            staff = {email for email, user in known.items() if user.role.is_staff}
            policy = await uow.sla_policies.get()
            built = self._build(records, emails, ids, staff, now, policy, problems)
            if problems:
                raise _refuse(problems)
            created = [_new_customer(email, now) for email in missing]
            await uow.users.add_many(created)
            real = {-(n + 1): user.id for n, user in enumerate(created)}
            tickets = [ticket for ticket, _ in built]
            for ticket in tickets:
                ticket.requester_id = real.get(ticket.requester_id, ticket.requester_id)
            await uow.tickets.add_many(tickets)
            replies: list[Reply] = []
            for ticket, ticket_replies in built:
                for reply in ticket_replies:
                    reply.ticket_id = ticket.id  # type: ignore[assignment]
                    reply.author_id = real.get(reply.author_id, reply.author_id)
                    replies.append(reply)
            await uow.replies.add_many(replies)
            await uow.activity.add_many(
                [
                    Activity(
                        ticket.id,  # type: ignore[arg-type]
                        actor.user_id,
                        ActivityAction.IMPORTED,
                        {
                            "status": ticket.status.value,
                            "priority": ticket.priority.value,
                            "created_at": ticket.created_at.isoformat(),
                            "replies": len(ticket_replies),
                        },
                        now,
                    )
                    for ticket, ticket_replies in built
                ]
            )
            await uow.commit()
        return [ticket.id for ticket in tickets]  # type: ignore[misc]

    @staticmethod
    def _emails(
        records: Sequence[TicketRecord | None], problems: list[FieldProblem]
    ) -> dict[str, str]:
        """Every valid address by its pointer (`3/requester_email`); problems for the rest."""
        found: dict[str, str] = {}
        for i, record in enumerate(records):
            if record is None:
                continue
            named = [("requester_email", record.requester_email)] + [
                (f"replies/{j}/author_email", reply.author_email)
                for j, reply in enumerate(record.replies)
                if reply.author_email is not None
            ]
            for where, raw in named:
                try:
                    found[f"{i}/{where}"] = Email(raw).value
                except InvalidValue as error:
                    problems.append(FieldProblem(f"/{i}/{where}", error.problems[0].message))
        return found

    @staticmethod
    def _build(
        records: Sequence[TicketRecord | None],
        emails: dict[str, str],
        ids: dict[str, int],
        staff: set[str],
        now: datetime,
        policy: SlaPolicy | None,
        problems: list[FieldProblem],
    ) -> list[tuple[Ticket, list[Reply]]]:
        built = []
        for i, record in enumerate(records):
            requester = emails.get(f"{i}/requester_email")
            if record is None or requester is None:
                continue
            replies = []
            for j, reply in enumerate(record.replies):
                author = emails.get(f"{i}/replies/{j}/author_email", requester)
                replies.append(
                    ImportedReply(
                        author_id=ids.get(author, 0),
                        content=reply.content,
                        internal=reply.internal,
                        created_at=reply.created_at,
                        from_staff=author in staff,
                    )
                )
            try:
                built.append(
                    import_ticket(
                        ImportedTicket(
                            title=record.title,
                            content=record.content,
                            requester_id=ids[requester],
                            status=record.status,
                            priority=record.priority,
                            tags=record.tags,
                            category=record.category,
                            created_at=record.created_at,
                            first_response_at=record.first_response_at,
                            resolved_at=record.resolved_at,
                            replies=tuple(replies),
                        ),
                        now=now,
                        policy=policy,
                    )
                )
            except InvalidValue as error:
                problems.extend(_pointer(i, p) for p in error.problems)
        return built
