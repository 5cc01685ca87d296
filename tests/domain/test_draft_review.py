"""The review of a stored draft: status transitions and the share an agent changed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.drafting.review import DraftNotPending, DraftRecord, DraftStatus, changed_share
from domain.errors import InvalidValue
from tests.fakes import T0

TEXT = "Hello Ada,\n\nOpen Settings and choose Security [1].\n\nKind regards"


def _pending() -> DraftRecord:
    return DraftRecord(1, 1, DraftStatus.PENDING, TEXT, "extractive", T0, id=5)


@pytest.mark.parametrize("text", [None, TEXT, f"  {TEXT}\n"])
def test_accepting_unchanged_text_sends_the_draft(text) -> None:
    draft = _pending()
    assert draft.accept(text=text, by=3, now=T0) == (TEXT if text is None else text.strip())
    assert (draft.status, draft.changed_share, draft.decided_by, draft.decided_at) == (
        DraftStatus.ACCEPTED,
        0.0,
        3,
        T0,
    )


def test_accepting_edited_text_records_how_much_changed() -> None:
    draft = _pending()
    edited = TEXT.replace("Open Settings", "Open the app's Settings")
    assert draft.accept(text=edited, by=3, now=T0) == edited
    assert draft.status is DraftStatus.EDITED
    # 10 words → 12 words, all 10 kept in order: 1 - 10/12
    assert draft.changed_share == pytest.approx(1 / 6, abs=1e-4)
    assert draft.text == TEXT  # the draft keeps what the AI wrote


def test_rejecting_needs_a_reason_of_at_most_1000_characters() -> None:
    for reason in ("", "   ", "x" * 1001):
        with pytest.raises(InvalidValue) as refused:
            _pending().reject(reason=reason, by=3, now=T0)
        assert refused.value.problems[0].field == "reason"
    draft = _pending()
    draft.reject(reason=" wrong product ", by=3, now=T0)
    assert (draft.status, draft.reject_reason, draft.decided_by) == (
        DraftStatus.REJECTED,
        "wrong product",
        3,
    )


@pytest.mark.parametrize("status", [s for s in DraftStatus if s is not DraftStatus.PENDING])
def test_only_a_pending_draft_can_be_decided(status) -> None:
    draft = _pending()
    draft.status = status
    with pytest.raises(DraftNotPending, match=f"is {status.value}"):
        draft.accept(text=None, by=3, now=T0)
    with pytest.raises(DraftNotPending):
        draft.reject(reason="no", by=3, now=T0)
    assert draft.status is status and draft.decided_at is None


def test_an_empty_edit_is_refused() -> None:
    with pytest.raises(InvalidValue):
        _pending().accept(text=" ", by=3, now=T0)


def test_a_failed_draft_keeps_a_bounded_reason() -> None:
    failed = DraftRecord.failed(
        ticket_id=1, ticket_version=2, model="openai/x", reason="e" * 5000, attempts=3, now=T0
    )
    assert failed.status is DraftStatus.FAILED and failed.text == ""
    assert len(failed.failure_reason) == 2000 and failed.attempts == 3


words = st.lists(st.sampled_from(["a", "b", "c", "reset", "password", "[1]"]), max_size=30)


@given(words, words)
def test_changed_share_is_a_share(before, after) -> None:
    share = changed_share(" ".join(before), " ".join(after))
    assert 0.0 <= share <= 1.0
    assert (share == 0.0) == (before == after) or not (before or after)
    assert changed_share(" ".join(before), " ".join(before)) == 0.0


def test_texts_with_nothing_in_common_changed_entirely() -> None:
    assert changed_share("open settings", "call us") == 1.0
