from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.knowledge import DocumentDraft, MetadataFilter, collection_name
from domain.knowledge.documents import metadata

META = {"lang": "en", "views": 12, "draft": False, "score": 0.5}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"lang": "en"}, True),
        ({"lang": {"$ne": "en"}}, False),
        ({"views": {"$gt": 11}}, True),
        ({"views": {"$lte": 11}}, False),
        ({"lang": {"$in": ["de", "en"]}}, True),
        ({"lang": {"$nin": ["de", "en"]}}, False),
        ({"draft": False}, True),
        ({"draft": 0}, False),
        ({"missing": {"$ne": 1}}, True),
        ({"$or": [{"lang": "de"}, {"views": {"$gte": 12}}]}, True),
        ({"lang": "en", "views": 3}, False),
    ],
)
def test_filters_match_like_chroma(where: dict, expected: bool) -> None:
    parsed = MetadataFilter.parse(where)
    assert parsed is not None and parsed.matches(META) is expected


@pytest.mark.parametrize(
    "where",
    [
        {"lang": {"$regex": "e"}},
        {"$not": [{"a": 1}]},
        {"$and": [{"a": 1}]},
        {"views": {"$gt": "10"}},
        {"lang": {"$in": []}},
        {"lang": ["en"]},
        {"lang": {"$eq": "en", "$ne": "de"}},
        "lang=en",
        {
            "$and": [
                {"$and": [{"$and": [{"$and": [{"a": 1}, {"b": 1}]}, {"c": 1}]}, {"d": 1}]},
                {"e": 1},
            ]
        },
    ],
)
def test_bad_filters_are_refused_with_a_reason(where: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        MetadataFilter.parse(where)
    assert caught.value.problems[0].field == "where"


def test_several_keys_mean_all_of_them_in_the_canonical_form() -> None:
    parsed = MetadataFilter.parse({"a": 1, "b": {"$in": [1, 2]}})
    assert parsed is not None
    assert parsed.to_dict() == {"$and": [{"a": {"$eq": 1}}, {"b": {"$in": [1, 2]}}]}


@pytest.mark.parametrize("name", ["kb_main", "faq-2024", "abc"])
def test_collection_names(name: str) -> None:
    assert collection_name(name) == name


@pytest.mark.parametrize("name", ["ab", "KB", "-kb", "kb_", "a" * 64, "k b"])
def test_bad_collection_names(name: str) -> None:
    with pytest.raises(InvalidValue):
        collection_name(name)


def test_metadata_rules() -> None:
    assert metadata(META) == META
    with pytest.raises(InvalidValue) as caught:
        metadata({"_kind": "x", "ok": [1], "n": float("nan"), "1x": 1})
    assert {p.field for p in caught.value.problems} == {
        "metadata._kind",
        "metadata.ok",
        "metadata.n",
        "metadata.1x",
    }


def test_drafts_report_every_problem_at_once() -> None:
    with pytest.raises(InvalidValue) as caught:
        DocumentDraft.of(text="  ", id="bad id", title="t" * 301, max_chars=10)
    assert {p.field for p in caught.value.problems} == {"id", "title", "text"}
    draft = DocumentDraft.of(text=" Hello ", title="  A   title ", max_chars=10)
    assert (draft.text, draft.title, len(draft.id)) == ("Hello", "A title", 32)
