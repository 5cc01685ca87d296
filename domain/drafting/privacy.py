"""Masking another customer's personal details in the answers lent by a solved ticket.

An agent's public answer on a solved ticket may be reused as a passage for
another customer's draft. It often greets or quotes its own customer. Rules:

- the solved ticket's requester's name (whole, and each part of two or more
  letters) and e-mail address become `[customer]` and `[email]`;
- every other e-mail address becomes `[email]`;
- a phone-like run of seven or more digits (spaces, dots, dashes, slashes
  and brackets allowed between them, a leading `+` or `(` too) becomes
  `[number]`, unless it holds a date written year-month-day;
- matching ignores case; names match whole words only, so "Al" does not mask
  "Also"; a name part that is also a common English word ("Will", "May",
  "Grace", "Bill" ...: COMMON_WORDS) matches only when capitalised, so a
  customer called Will does not mask "we will refund you" (it still masks
  "Hi Will" and "Will Smith").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CUSTOMER = "[customer]"
EMAIL = "[email]"
NUMBER = "[number]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+(])[+(]?\d(?:[\s./()-]{0,2}\d){6,}(?!\w)")
_DATE = re.compile(r"\d{4}([-./])\d{1,2}\1\d{1,2}")

# Given names that are also words a support answer uses in lower case.
COMMON_WORDS = frozenset(
    {
        "april", "art", "bill", "bob", "can", "chase", "chip", "chris", "dawn", "dean",
        "don", "faith", "frank", "gene", "grace", "guy", "hope", "iris", "jack", "joy",
        "june", "lance", "mark", "max", "may", "miles", "neil", "pat", "penny", "ray",
        "rich", "rob", "rose", "ruby", "sandy", "sky", "summer", "sunny", "tim", "victor",
        "wade", "will", "win",
    }
)  # fmt: skip


def mask_personal_details(
    text: str, *, names: Iterable[str | None] = (), emails: Iterable[str | None] = ()
) -> str:
    """`text` with the given names and e-mail addresses, every e-mail address and phone-like
    numbers masked."""
    for email in emails:
        if email:
            text = re.sub(re.escape(email), EMAIL, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(EMAIL, text)
    words: set[str] = set()
    for name in names:
        if name and name.strip():
            words.add(name.strip())
            words.update(part for part in re.split(r"[\s,]+", name) if len(part) >= 2)
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(_name_pattern(word), CUSTOMER, text)
    return _PHONE.sub(lambda m: m[0] if _DATE.search(m[0]) else NUMBER, text)


def _name_pattern(word: str) -> str:
    """Whole-word, case-insensitive; capitalised only for a common word (see the rules)."""
    if word.lower() not in COMMON_WORDS:
        return rf"(?i:(?<!\w){re.escape(word)}(?!\w))"
    head, rest = re.escape(word[0].upper()), re.escape(word[1:])
    return rf"(?<!\w){head}(?i:{rest})(?!\w)"
