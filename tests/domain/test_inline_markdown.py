import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.drafting.inline_markdown import plain_snippet, plain_text


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Go to **Settings** and click *Reset*.", "Go to Settings and click Reset."),
        ("Press __Save__ then _Close_.", "Press Save then Close."),
        ("***very*** important", "very important"),
        ("**Bold with _nested_ emphasis**", "Bold with nested emphasis"),
        ("~~old~~ new", "new"),
        ("within ~~ten~~ five days", "within five days"),
        ("five days ~~or ten~~.", "five days."),
        ("Run `pip install x` now", "Run pip install x now"),
        ("Type `**not bold**` literally", "Type **not bold** literally"),
        ("See [the page](https://a.example/x) now", "See the page (https://a.example/x) now"),
        ('See [the page](https://a.example/x "Title")', "See the page (https://a.example/x)"),
        ("[**Docs**](https://a.example)", "Docs (https://a.example)"),
        ("[https://a.example](https://a.example)", "https://a.example"),
        (
            "Mail <mailto:help@a.example> or <https://a.example>",
            "Mail mailto:help@a.example or https://a.example",
        ),
        ("![a screenshot](shot.png) Done", "a screenshot Done"),
        ("> quoted advice", "quoted advice"),
        ("line with a hard break\\", "line with a hard break"),
        ("Escaped \\*stars\\* stay", "Escaped *stars* stay"),
    ],
)
def test_inline_syntax_is_removed(markdown, plain):
    assert plain_text(markdown) == plain


@pytest.mark.parametrize(
    "text",
    [
        "snake_case_names and file_a_b.txt",
        "2 * 3 = 6 and 4 * 5",
        "a lone * star and a lone _ underscore",
        "Price: $5, 10% off (today only) [sic]",
        "C:\\Users\\me",
    ],
)
def test_text_that_is_not_markdown_syntax_is_unchanged(text):
    assert plain_text(text) == text


@given(st.text(alphabet=st.characters(blacklist_characters="*_`~[]()<>!\\\x00#"), max_size=80))
def test_text_without_markdown_characters_is_kept(text):
    assert plain_text(text) == text.strip()


def test_a_snippet_is_one_plain_line_cut_at_a_word():
    article = (
        "# Reset your password\n\n---\n\n1. Open **Settings** > `Security`.\n"
        "2. Choose [Forgot password?](https://help.example/reset).\n"
    )
    assert plain_snippet(article) == (
        "Reset your password Open Settings > Security. "
        "Choose Forgot password? (https://help.example/reset)."
    )
    long = "word " * 100
    cut = plain_snippet(long, 30)
    assert cut.endswith("…") and len(cut) <= 31 and not cut[:-1].endswith(" ")
