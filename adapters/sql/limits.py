"""What the columns can hold, so that values no row can have never reach the driver.

Ids are INTEGER columns: 32 bits on PostgreSQL and MySQL, and drivers refuse (or
the server errors on) a bigger parameter. No stored text contains NUL (the domain
refuses it) and PostgreSQL cannot even take one as a parameter. A lookup for such
a value therefore finds nothing, without asking the database.
"""

from __future__ import annotations

ID_MIN = -(2**31)
ID_MAX = 2**31 - 1


def storable_id(value: int) -> bool:
    return ID_MIN <= value <= ID_MAX


def storable_text(value: str) -> bool:
    return "\x00" not in value
