"""Rules for free text that every entity shares."""

from __future__ import annotations

from domain.errors import InvalidValue


def bounded_text(field: str, value: str, max_length: int, *, strip: bool = True) -> str:
    """Return the text, trimmed when `strip`, if it has 1..max_length characters.

    Text that is empty once trimmed, longer than `max_length` or contains a NUL
    character is refused: NUL cannot be stored by every database and is never
    meaningful in a support conversation.
    """
    if not isinstance(value, str):
        raise InvalidValue.single(field, "must be a string")
    text = value.strip() if strip else value
    if not text.strip():
        raise InvalidValue.single(field, "must not be empty")
    if len(text) > max_length:
        raise InvalidValue.single(
            field, f"must be at most {max_length} characters (got {len(text)})"
        )
    if "\x00" in text:
        raise InvalidValue.single(field, "must not contain NUL characters")
    return text
