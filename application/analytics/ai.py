"""The dashboard's AI figures from their counts: the arithmetic both adapters share.

Each adapter counts over the tickets created in the range (docs/analytics.md, "AI");
the percentages and the mean share changed are made here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.analytics.arithmetic import mean, percentage
from application.analytics.figures import AiFigures, DraftFigures, Durations, TriageFigures

DECIDED_DRAFTS = ("accepted", "edited", "rejected")
SENT_DRAFTS = ("accepted", "edited")
BASIS_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class AiCounts:
    """`triaged`: tickets with a triage, `abstained` by their latest one; `judged`: latest
    triages that named a category for a ticket that has one, `agreed` the same one;
    drafts by decision; `sent`: accepted or edited drafts with a measured change, and
    `changed_bp` the sum of their changed shares in basis points."""

    triaged: int = 0
    abstained: int = 0
    judged: int = 0
    agreed: int = 0
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    sent: int = 0
    changed_bp: int = 0


def ai_figures(counts: AiCounts, with_draft: Durations, without_draft: Durations) -> AiFigures:
    c = counts
    decided = c.accepted + c.edited + c.rejected
    return AiFigures(
        triage=TriageFigures(
            triaged=c.triaged,
            abstained=c.abstained,
            abstention_pct=percentage(c.abstained, c.triaged),
            judged=c.judged,
            agreed=c.agreed,
            accuracy_pct=percentage(c.agreed, c.judged),
        ),
        drafts=DraftFigures(
            decided=decided,
            accepted=c.accepted,
            edited=c.edited,
            rejected=c.rejected,
            accepted_pct=percentage(c.accepted, decided),
            edited_pct=percentage(c.edited, decided),
            rejected_pct=percentage(c.rejected, decided),
            sent=c.sent,
            mean_changed_pct=mean(c.changed_bp, c.sent, places=1, scale=100),
        ),
        first_response_with_draft=with_draft,
        first_response_without_draft=without_draft,
    )
