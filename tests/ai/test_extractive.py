from domain.drafting import ExtractivePolicy, Passage, compose_extractive_reply
from domain.drafting.templates import TEMPLATES

RESET = Passage(
    "kb-1#0",
    "kb-1",
    "Reset your password",
    "# Reset your password\n\n1. Open the sign-in page.\n2. Choose 'Forgot password'.\n"
    "3. Follow the link we e-mail you.",
    0.9,
    "kb",
)
BILLING = Passage(
    "kb-2#0",
    "kb-2",
    "Billing",
    "Invoices are sent monthly. If you were charged twice, the duplicate is refunded "
    "within five days. Refunds go back to the original card.",
    0.7,
    "kb",
)
SOLVED = Passage(
    "ticket-17",
    "ticket-17",
    "Cannot log in",
    "We unlocked the account. Please clear your browser cache and sign in again.",
    0.6,
    "ticket",
)


def test_reply_has_greeting_quoted_cited_steps_and_closing():
    text, citations = compose_extractive_reply(
        "I forgot my password and cannot log in", [RESET], "en", customer_name="Anna"
    )
    en = TEMPLATES["en"]
    assert text.startswith("Hello Anna,\n\n" + en.intro)
    assert "1. \u201cOpen the sign-in page.\u201d [1]" in text
    assert "3. \u201cFollow the link we e-mail you.\u201d [1]" in text
    assert en.closing in text
    assert text.endswith(f"{en.sign_off}\n{en.team}")
    assert [c.number for c in citations] == [1]
    assert citations[0].document_id == "kb-1"


def test_prose_contributes_the_sentences_that_share_words_with_the_ticket():
    text, citations = compose_extractive_reply("I was charged twice this month", [BILLING], "en")
    assert "If you were charged twice, the duplicate is refunded within five days." in text
    assert "Invoices are sent monthly." not in text
    assert [c.number for c in citations] == [1]


def test_several_passages_keep_their_own_numbers():
    text, citations = compose_extractive_reply(
        "cannot log in, charged twice", [RESET, BILLING, SOLVED], "en"
    )
    assert "[1]" in text and "[2]" in text and "[3]" in text
    assert [c.source for c in citations] == ["kb", "kb", "ticket"]


def test_steps_are_bounded_and_never_repeated():
    twice = Passage("kb-3#0", "kb-3", "Again", RESET.content, 0.5, "kb")
    text, _ = compose_extractive_reply(
        "password", [RESET, twice], "en", policy=ExtractivePolicy(max_steps=2)
    )
    assert text.count("\u201c") == 2
    text, citations = compose_extractive_reply("password", [RESET, twice], "en")
    assert text.count("Open the sign-in page.") == 1
    assert [c.number for c in citations] == [1]


def test_long_steps_are_cut_at_a_word():
    long = Passage("kb-4#0", "kb-4", "Long", "word " * 200, 0.5, "kb")
    policy = ExtractivePolicy(max_quote_chars=50)
    text, _ = compose_extractive_reply("word", [long], "en", policy=policy)
    quoted = text.split("\u201c")[1].split("\u201d")[0]
    assert len(quoted) <= 51 and quoted.endswith("…")


def test_without_passages_the_reply_only_acknowledges():
    text, citations = compose_extractive_reply("Hallo, mein Konto ist gesperrt", [], "de")
    de = TEMPLATES["de"]
    assert text.startswith(de.greeting)
    assert de.nothing_found in text
    assert "[" not in text and citations == ()


def test_templates_exist_for_the_supported_languages_and_english_is_the_fallback():
    for language in ("en", "de", "fr", "es", "zh"):
        text, _ = compose_extractive_reply("x", [RESET], language)
        assert TEMPLATES[language].closing in text
    text, _ = compose_extractive_reply("x", [RESET], "ru")
    assert TEMPLATES["en"].closing in text


def test_signature_replaces_the_team_name():
    text, _ = compose_extractive_reply("x", [RESET], "fr", signature="Marie, support")
    assert text.endswith("Cordialement,\nMarie, support")


MARKDOWN_STEPS = Passage(
    "kb-3#0",
    "kb-3",
    "Two-factor authentication",
    "## Turn on two-factor authentication\n\n---\n\n"
    "1. Open **Settings** > `Security`.\n"
    "2. Choose *Two-factor* and scan the code, see [the guide](https://help.example/2fa).\n"
    "3. Keep the recovery codes in a safe place, e.g. `recovery_codes.txt`.",
    0.9,
    "kb",
)


def test_markdown_is_quoted_as_the_plain_text_a_customer_reads():
    text, _ = compose_extractive_reply("how do I turn on two-factor", [MARKDOWN_STEPS], "en")
    assert "1. \u201cOpen Settings > Security.\u201d [1]" in text
    assert "Choose Two-factor and scan the code, see the guide (https://help.example/2fa)." in text
    assert "recovery_codes.txt" in text
    for syntax in ("**", "`", "](", "##", "---"):
        assert syntax not in text


def test_prose_with_markdown_is_quoted_plain():
    article = Passage(
        "kb-4#0",
        "kb-4",
        "Refunds",
        "> **Refunds** for a _duplicate charge_ reach the card within ~~ten~~ five days.",
        0.8,
        "kb",
    )
    text, _ = compose_extractive_reply("refund for a duplicate charge", [article], "en")
    assert "\u201cRefunds for a duplicate charge reach the card within five days.\u201d [1]" in text
