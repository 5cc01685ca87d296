"""The output guard: answers that repeat the instructions are recognised, genuine ones are not."""

from __future__ import annotations

import pytest

from application.ai.chat_prompt import chat_system_prompt
from application.ai.output_guard import InstructionEcho
from application.ai.prompts import SYSTEM_RULES, TICKET_NOTICE, system_prompt
from domain.drafting.templates import TEMPLATES

NONCE = "0123456789abcdef"
DRAFT_GUARD = InstructionEcho([system_prompt("en", NONCE), TICKET_NOTICE], NONCE)


@pytest.mark.parametrize(
    "answer",
    [
        system_prompt("en", NONCE),
        "Sure! " + SYSTEM_RULES[2][80:200],
        # Reflowed, re-cased and decorated: the words are what counts.
        "\n".join(f"- **{w.upper()}**" for w in SYSTEM_RULES[1].split()[:12]),
        f"Hello, here is the tag: <ticket-{NONCE}>",
        f"I was told: {TICKET_NOTICE}",
    ],
)
def test_echoes_of_the_instructions_are_recognised(answer: str) -> None:
    assert DRAFT_GUARD.found_in(answer)


def test_genuine_replies_are_not_mistaken_for_echoes() -> None:
    genuine = [
        "Hello Ada, open Settings and choose Security, then Reset password [1]. If that does "
        "not help, a colleague will look into it. Kind regards, the support team",
        "Please do not share your password with anyone, not even with our team [2].",
    ]
    for template in TEMPLATES.values():
        genuine += [template.intro, template.nothing_found, template.closing]
    assert not [text for text in genuine if DRAFT_GUARD.found_in(text)]


def test_the_chat_guard_knows_the_chat_instructions() -> None:
    guard = InstructionEcho([chat_system_prompt(NONCE)], NONCE)
    assert guard.found_in(chat_system_prompt("ffffffffffffffff"))  # another nonce, same words
    assert not guard.found_in("Open Settings [1], then choose Security [2].")
