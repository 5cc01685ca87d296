"""Tags: short labels that group tickets, kept in one canonical spelling."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import InvalidValue

MAX_TAGS = 20
MAX_TAG_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Tags:
    """An ordered set of tags.

    Each tag is trimmed and lower-cased; empty tags are dropped; a repeated tag
    keeps its first position. A ticket holds at most 20 tags of at most 40
    characters each, counted after normalisation. Normalising twice gives the
    same tags as normalising once.
    """

    values: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str | Iterable[str] | None) -> Tags:
        """Accept a comma-separated string or an iterable of strings."""
        if raw is None:
            return cls()
        if isinstance(raw, str):
            items: list[str] = raw.split(",")
        else:
            items = list(raw)
        seen: dict[str, None] = {}
        for item in items:
            if not isinstance(item, str):
                raise InvalidValue.single("tags", "every tag must be a string")
            tag = item.strip().lower()
            if not tag:
                continue
            if len(tag) > MAX_TAG_LENGTH:
                raise InvalidValue.single(
                    "tags", f"tag '{tag[:50]}' is longer than {MAX_TAG_LENGTH} characters"
                )
            if "\x00" in tag:
                raise InvalidValue.single("tags", "tags must not contain NUL characters")
            seen.setdefault(tag, None)
        if len(seen) > MAX_TAGS:
            raise InvalidValue.single(
                "tags", f"at most {MAX_TAGS} tags are allowed (got {len(seen)})"
            )
        return cls(tuple(seen))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, tag: object) -> bool:
        return tag in self.values
