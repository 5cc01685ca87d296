"""Exact arithmetic for the dashboard's figures.

The database returns integers (counts, sums, durations in microseconds, and the
values at given ranks); every ratio, mean and percentile is then formed here with
exact fractions and rounded half away from zero. Both adapters use these
functions, so their figures agree to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MICROSECONDS = 1_000_000


@dataclass(frozen=True, slots=True)
class Percentile:
    """The p-th percentile by linear interpolation between the closest ranks
    (PostgreSQL's percentile_cont, Excel's PERCENTILE.INC, Hyndman-Fan type 7).

    For n sorted values v_1..v_n, h = p * (n - 1); the result is
    v_(floor(h)+1) + (h - floor(h)) * (v_(floor(h)+2) - v_(floor(h)+1)).
    """

    numerator: int
    denominator: int

    def lower_rank(self, n: int) -> int:
        """1-based rank of the lower of the two values the percentile lies between."""
        return (n - 1) * self.numerator // self.denominator + 1

    def weight(self, n: int) -> Fraction:
        """How far between the lower and the upper value the percentile lies."""
        return Fraction((n - 1) * self.numerator % self.denominator, self.denominator)


MEDIAN = Percentile(1, 2)
P90 = Percentile(9, 10)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """`value` (not negative) rounded to `places` decimals, halves away from zero."""
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(whole).scaleb(-places)


def percentage(part: int, whole: int) -> Decimal | None:
    """100 * part / whole, rounded half up to one decimal; None when whole is 0."""
    if whole == 0:
        return None
    return round_half_up(Fraction(100 * part, whole), 1)


def mean(total: int, count: int, places: int = 2, scale: int = 1) -> Decimal | None:
    """total / (count * scale), rounded half up to `places` decimals; None when count is 0."""
    if count == 0:
        return None
    return round_half_up(Fraction(total, count * scale), places)


def seconds(microseconds: Fraction) -> int:
    """Whole seconds, rounded half up (durations are never negative)."""
    return int(round_half_up(microseconds / MICROSECONDS, 0))


def percentile_from_ranks(p: Percentile, n: int, values: dict[int, int]) -> int | None:
    """The percentile in whole seconds, from the microsecond values at the ranks
    `p.lower_rank(n)` and the one above it (when there is one); None when n is 0."""
    if n == 0:
        return None
    rank = p.lower_rank(n)
    low = values[rank]
    weight = p.weight(n)
    high = values[rank + 1] if weight else low
    return seconds(low + weight * (high - low))


def percentile_of_sorted(p: Percentile, ordered: Sequence[int]) -> int | None:
    """The same percentile straight from all the (sorted, microsecond) values."""
    n = len(ordered)
    if n == 0:
        return None
    h = Fraction(p.numerator, p.denominator) * (n - 1)
    below = int(h)  # h >= 0, so this is the floor
    fraction = h - below
    upper = ordered[below + 1] if below + 1 < n else ordered[below]
    return seconds(ordered[below] + fraction * (upper - ordered[below]))
