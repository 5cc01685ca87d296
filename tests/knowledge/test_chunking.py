from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValue
from domain.knowledge import ChunkingPolicy, chunk_document

ARTICLE = """# Password reset

If you forgot your password, open the sign-in page. Choose **Forgot password**.

## Steps
1. Open the page.
2. Enter your e-mail.

```
# not a heading inside code
```

## Notes
""" + " ".join(f"Sentence number {i} is here." for i in range(40))


def test_headings_become_sections_and_chunks_never_cross_them() -> None:
    chunks = chunk_document("pw", "Reset", ARTICLE, ChunkingPolicy(max_chars=300, overlap=80))
    sections = [c.section for c in chunks]
    assert sections[0] == "Password reset"
    assert sections[1] == "Password reset > Steps"
    assert set(sections[2:]) == {"Password reset > Notes"}
    assert "# not a heading inside code" in chunks[1].text
    assert all(c.title == "Reset" and c.document_id == "pw" for c in chunks)
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_list_items_keep_their_lines() -> None:
    (_, steps, *_) = chunk_document("pw", "", ARTICLE, ChunkingPolicy(max_chars=300, overlap=0))
    assert steps.text.startswith("1. Open the page.\n2. Enter your e-mail.")


def test_long_sections_overlap_by_whole_sentences() -> None:
    chunks = chunk_document("pw", "", ARTICLE, ChunkingPolicy(max_chars=300, overlap=80))
    notes = [c.text for c in chunks if c.section.endswith("Notes")]
    assert len(notes) > 2
    for before, after in itertools.pairwise(notes):
        first_sentence = re.match(r"Sentence number \d+ is here\.", after)
        assert first_sentence and first_sentence.group(0) in before


def test_the_title_and_section_travel_in_the_embedded_text() -> None:
    (first, *_) = chunk_document("pw", "Reset", ARTICLE, ChunkingPolicy())
    assert first.embedding_text.startswith("Reset > Password reset\n\n")


def test_chunking_off_keeps_the_document_whole() -> None:
    (only,) = chunk_document("pw", "", ARTICLE, ChunkingPolicy(enabled=False))
    assert only.text == ARTICLE.strip()


def test_chunk_ids_change_with_their_content() -> None:
    a = chunk_document("d", "T", "one. two.", ChunkingPolicy())
    b = chunk_document("d", "T", "one. three.", ChunkingPolicy())
    assert a == chunk_document("d", "T", "one. two.", ChunkingPolicy())
    assert a[0].id != b[0].id and a[0].id.startswith("d#0-")


@pytest.mark.parametrize(("max_chars", "overlap"), [(100, 0), (9000, 0), (400, 201), (400, -1)])
def test_policy_limits(max_chars: int, overlap: int) -> None:
    with pytest.raises(InvalidValue):
        ChunkingPolicy(max_chars=max_chars, overlap=overlap)


words = st.text(alphabet="abcdefghij", min_size=1, max_size=30)
sentences = st.lists(words, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=8).map(" ".join)
documents = st.lists(
    st.one_of(paragraphs, words.map(lambda w: f"## {w}")), min_size=1, max_size=12
).map("\n\n".join)
policies = st.builds(
    lambda size, share: ChunkingPolicy(max_chars=size, overlap=size * share // 100),
    st.integers(200, 1200),
    st.integers(0, 50),
)


@given(documents, policies)
def test_every_chunk_fits_and_no_word_is_lost(text: str, policy: ChunkingPolicy) -> None:
    chunks = chunk_document("doc", "Title", text, policy)
    assert all(0 < len(c.text) <= policy.max_chars for c in chunks)
    body = [w for line in text.splitlines() if not line.startswith("## ") for w in line.split()]
    seen = [w for c in chunks for w in c.text.split()]
    assert set(body) <= set(seen)


@given(documents, policies)
def test_chunking_is_deterministic_and_ids_unique(text: str, policy: ChunkingPolicy) -> None:
    first = chunk_document("doc", "T", text, policy)
    assert first == chunk_document("doc", "T", text, policy)
    assert len({c.id for c in first}) == len(first)
