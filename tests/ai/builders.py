"""Small labelled ticket sets for the classifier tests (made up, not from any data set)."""

from __future__ import annotations

import itertools

from application.ports.classifier_model import LabelledText

TOPICS = {
    "billing": [
        "invoice {x} shows a wrong amount",
        "refund for invoice {x} please",
        "why was my card charged {x} on the invoice",
        "the invoice total for {x} is too high",
    ],
    "login": [
        "password reset link for {x} does not arrive",
        "cannot sign in with password since {x}",
        "two factor code rejected at login {x}",
        "my login password expired {x}",
    ],
    "shipping": [
        "parcel {x} has not been delivered",
        "tracking number for parcel {x} shows no delivery",
        "the courier lost parcel {x}",
        "delivery of parcel {x} is late",
    ],
}
FILLERS = ["today", "yesterday", "last week", "again", "this morning", "for order 12"]


def labelled(per_label: int = 12, labels: tuple[str, ...] = tuple(TOPICS)) -> list[LabelledText]:
    out = []
    for label in labels:
        pool = itertools.cycle(
            (template, filler) for filler in FILLERS for template in TOPICS[label]
        )
        for _ in range(per_label):
            template, filler = next(pool)
            out.append(LabelledText(template.format(x=filler), label))
    return out
