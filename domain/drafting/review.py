"""A stored draft reply and its review by an agent.

Rules:
- a draft is written for one version of a ticket and starts `pending`; a
  draft the pipeline could not write is stored `failed`, with the reason;
- only a pending draft can be decided, once: accepted as it is (`accepted`),
  accepted after changes (`edited`), or `rejected` with a reason of 1..1000
  characters; a decided or failed draft refuses any further decision;
- accepting records how much of the draft the agent changed (`changed_share`,
  0..1, see `changed_share`), who decided and when; the text that is sent is
  the agent's, never anything the agent did not see.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError
from domain.text import bounded_text
from domain.tickets.reply import REPLY_MAX_LENGTH

REJECT_REASON_MAX_LENGTH = 1000
_WORD = re.compile(r"\S+")


class DraftStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EDITED = "edited"
    REJECTED = "rejected"
    FAILED = "failed"


class DraftNotPending(DomainError):
    """The draft was decided already, or never written: it cannot be decided now."""

    def __init__(self, draft_id: int | None, status: DraftStatus | None = None) -> None:
        self.draft_id = draft_id
        self.status = status
        now = f"is {status.value}" if status else "was decided by someone else a moment ago"
        super().__init__(f"draft {draft_id} {now}; only a pending draft can be decided")


@dataclass(frozen=True, slots=True)
class DraftCitation:
    """A passage a draft cites as [marker]: a knowledge-base chunk or a solved ticket."""

    marker: int
    title: str
    snippet: str
    document_id: str | None = None
    chunk_id: str | None = None
    ticket_id: int | None = None


def changed_share(draft: str, sent: str) -> float:
    """The share of words that differ between the draft and the text sent (0..1).

    Words are compared in order: 1 - matching words / the longer text's word
    count. Identical texts give 0, texts with no word in common 1.
    """
    before, after = _WORD.findall(draft), _WORD.findall(sent)
    longest = max(len(before), len(after))
    if longest == 0:
        return 0.0
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return round(1 - matched / longest, 4)


@dataclass(eq=False)
class DraftRecord:
    """A first reply proposed for `ticket_id` at `ticket_version`, and what became of it.

    `model` is "extractive" for the built-in drafter; `fallback_reason` says why
    the configured language model was not used; `attempts` counts the runs it
    took. Token counts and latency are None when not measured.
    """

    ticket_id: int
    ticket_version: int
    status: DraftStatus
    text: str
    model: str
    created_at: datetime
    language: str | None = None
    latency_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    citations: tuple[DraftCitation, ...] = ()
    fallback_reason: str | None = None
    failure_reason: str | None = None
    attempts: int = 1
    id: int | None = field(default=None)
    reject_reason: str | None = None
    reply_id: int | None = None
    changed_share: float | None = None
    decided_at: datetime | None = None
    decided_by: int | None = None

    @classmethod
    def failed(
        cls,
        *,
        ticket_id: int,
        ticket_version: int,
        model: str,
        reason: str,
        attempts: int,
        now: datetime,
    ) -> DraftRecord:
        return cls(
            ticket_id=ticket_id,
            ticket_version=ticket_version,
            status=DraftStatus.FAILED,
            text="",
            model=model,
            created_at=now,
            failure_reason=reason[:2000],
            attempts=attempts,
        )

    def _must_be_pending(self) -> None:
        if self.status is not DraftStatus.PENDING:
            raise DraftNotPending(self.id, self.status)

    def accept(self, *, text: str | None, by: int, now: datetime) -> str:
        """Decide to send the draft, as it is (`text` None or identical) or edited.

        Returns the text to send.
        """
        self._must_be_pending()
        sent = self.text if text is None else bounded_text("text", text, REPLY_MAX_LENGTH)
        unchanged = sent.strip() == self.text.strip()
        self.status = DraftStatus.ACCEPTED if unchanged else DraftStatus.EDITED
        self.changed_share = 0.0 if unchanged else changed_share(self.text, sent)
        self.decided_at = now
        self.decided_by = by
        return sent

    def reject(self, *, reason: str, by: int, now: datetime) -> None:
        self._must_be_pending()
        self.reject_reason = bounded_text("reason", reason, REJECT_REASON_MAX_LENGTH)
        self.status = DraftStatus.REJECTED
        self.decided_at = now
        self.decided_by = by
