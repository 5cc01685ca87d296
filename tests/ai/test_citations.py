from domain.drafting import Passage, cited_numbers, filter_citations


def passages(n: int) -> list[Passage]:
    return [
        Passage(f"p{i}", f"doc{i}", f"Title {i}", f"Content {i}", 1.0 - i / 10, "kb")
        for i in range(1, n + 1)
    ]


def test_keeps_citations_of_provided_passages_and_lists_them_in_order():
    text, citations = filter_citations("Reset it [2]. Then sign in [1].", passages(2))
    assert text == "Reset it [2]. Then sign in [1]."
    assert [c.number for c in citations] == [2, 1]
    assert citations[0].passage_id == "p2" and citations[0].document_id == "doc2"


def test_removes_citations_that_point_to_no_passage():
    text, citations = filter_citations("Do this [1]. Then that [7]. Never [0].", passages(2))
    assert text == "Do this [1]. Then that. Never."
    assert [c.number for c in citations] == [1]


def test_lists_keep_only_their_valid_numbers():
    text, citations = filter_citations("Steps [1, 5, 2] and [9; 10].", passages(2))
    assert text == "Steps [1, 2] and."
    assert [c.number for c in citations] == [1, 2]


def test_other_citation_styles_are_normalised():
    text, citations = filter_citations("A[^1] B【2】 C [3][1]", passages(3))
    assert text == "A[1] B[2] C [3][1]"
    assert [c.number for c in citations] == [1, 2, 3]


def test_no_passages_means_no_citation_survives():
    text, citations = filter_citations("As documented [1].", [])
    assert text == "As documented."
    assert citations == ()


def test_repeated_citations_are_listed_once():
    _, citations = filter_citations("[1] and again [1] and [2]", passages(2))
    assert [c.number for c in citations] == [1, 2]
    assert cited_numbers("[1] and again [1] and [2]") == [1, 1, 2]


def test_ordinary_brackets_are_left_alone():
    text, _ = filter_citations("Press [Enter] or see [the guide].", passages(1))
    assert text == "Press [Enter] or see [the guide]."
