from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValue
from domain.tickets import Tags
from domain.tickets.tags import MAX_TAG_LENGTH, MAX_TAGS


def test_comma_separated_text_and_lists_give_the_same_tags():
    assert Tags.parse(" Billing,  URGENT ,vip").values == ("billing", "urgent", "vip")
    assert Tags.parse([" Billing", "URGENT ", "vip"]).values == ("billing", "urgent", "vip")
    assert Tags.parse(("a", "b")).values == ("a", "b")
    assert Tags.parse(iter(["a", "b"])).values == ("a", "b")


def test_a_list_item_is_one_tag_even_with_a_comma():
    assert Tags.parse(["a,b"]).values == ("a,b",)


@pytest.mark.parametrize("raw", [None, "", " , ,, ", [], ["", "  "]])
def test_nothing_or_blank_gives_no_tags(raw):
    assert Tags.parse(raw) == Tags()
    assert len(Tags.parse(raw)) == 0


def test_repeats_keep_their_first_position():
    assert Tags.parse("b, A, a, c, B ,a").values == ("b", "a", "c")


def test_tags_behave_like_a_small_ordered_collection():
    tags = Tags.parse("x, y")
    assert list(tags) == ["x", "y"]
    assert len(tags) == 2
    assert "x" in tags and "z" not in tags
    with pytest.raises(dataclasses.FrozenInstanceError):
        tags.values = ()  # type: ignore[misc]


def test_at_most_twenty_tags_counted_after_removing_repeats():
    assert MAX_TAGS == 20
    twenty = [f"t{i}" for i in range(20)]
    assert len(Tags.parse(twenty)) == 20
    assert len(Tags.parse([*twenty, "T0", " t19 "])) == 20
    with pytest.raises(InvalidValue) as error:
        Tags.parse([*twenty, "t20"])
    assert [p.field for p in error.value.problems] == ["tags"]
    assert "21" in error.value.problems[0].message


def test_at_most_forty_characters_each_counted_after_trimming():
    assert MAX_TAG_LENGTH == 40
    assert Tags.parse(["é" * 40]).values == ("é" * 40,)
    assert Tags.parse(["  " + "x" * 40 + "  "]).values == ("x" * 40,)
    with pytest.raises(InvalidValue) as error:
        Tags.parse(["ok", "x" * 41])
    assert [p.field for p in error.value.problems] == ["tags"]


def test_tags_that_grow_when_lower_cased_are_measured_afterwards():
    # 'İ' lower-cases to two code points: 21 of them make 42 characters.
    assert len("İ".lower()) == 2
    with pytest.raises(InvalidValue):
        Tags.parse(["İ" * 21])


@pytest.mark.parametrize("raw", [["ok", 3], [None], [b"bytes"]])
def test_every_tag_must_be_a_string(raw):
    with pytest.raises(InvalidValue) as error:
        Tags.parse(raw)
    assert [p.field for p in error.value.problems] == ["tags"]


def test_nul_is_refused_in_tags():
    with pytest.raises(InvalidValue, match="NUL"):
        Tags.parse("ok, bad\x00tag")


# --- properties ----------------------------------------------------------------------------

tag_text = st.text(max_size=12)
raw_tags = st.one_of(
    st.none(),
    st.lists(tag_text, max_size=25),
    st.lists(tag_text, max_size=25).map(",".join),
)


def parse_or_none(raw):
    try:
        return Tags.parse(raw)
    except InvalidValue:
        return None


@given(raw_tags)
def test_normalising_twice_is_normalising_once(raw):
    once = parse_or_none(raw)
    if once is not None:
        assert Tags.parse(once.values) == once
        assert Tags.parse(list(once)) == once


@given(st.lists(tag_text, max_size=25))
def test_parsed_tags_are_canonical(items):
    tags = parse_or_none(items)
    if tags is None:
        return
    assert len(tags) <= MAX_TAGS
    assert len(set(tags.values)) == len(tags)
    for tag in tags:
        assert tag and tag == tag.strip().lower() and len(tag) <= MAX_TAG_LENGTH
    # order: the first appearance of each normalised tag
    firsts = list(dict.fromkeys(i.strip().lower() for i in items if i.strip()))
    assert list(tags.values) == firsts


@given(st.lists(st.text(alphabet="abcXYZ ", max_size=6), max_size=25))
def test_a_string_and_its_items_parse_alike(items):
    items = [i.replace(",", "") for i in items]
    as_text = parse_or_none(",".join(items))
    as_list = parse_or_none(items)
    assert as_text == as_list
