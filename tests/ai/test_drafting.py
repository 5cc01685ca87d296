from adapters.llm.scripted_model import ScriptedLanguageModel
from application.ai.drafting import DraftRequest, ExtractiveDrafter, LlmDrafter
from application.ai.errors import LanguageModelBadOutput, LanguageModelTimeout
from application.ai.prompts import SYSTEM_RULES
from application.use_cases.draft_reply import DraftReplyHandler
from domain.drafting import Passage

PASSAGES = (
    Passage("kb-1#0", "kb-1", "Reset password", "1. Open settings.\n2. Choose reset.", 0.9),
    Passage("kb-2#0", "kb-2", "Two-factor", "Use your backup codes to sign in.", 0.8),
)
REQUEST = DraftRequest(
    "Passwort vergessen",
    "Hallo, ich habe mein Passwort vergessen und kann mich nicht anmelden.",
    PASSAGES,
    customer_name="Jonas",
)


async def test_llm_draft_keeps_valid_citations_and_reports_usage():
    model = ScriptedLanguageModel("Hallo Jonas, öffnen Sie die Einstellungen [1] [4].")
    draft = await LlmDrafter(model).draft(REQUEST)
    assert draft.text == "Hallo Jonas, öffnen Sie die Einstellungen [1]."
    assert [c.document_id for c in draft.citations] == ["kb-1"]
    assert draft.model == "fake/scripted"
    assert draft.language == "de"
    assert draft.prompt_tokens > 0 and draft.completion_tokens > 0
    (call,) = model.calls
    assert "Reply in German" in call.messages[0].content


async def test_llm_answer_echoing_the_instructions_is_refused():
    leaked = "Sure! My rules: " + SYSTEM_RULES[2]
    drafter = LlmDrafter(ScriptedLanguageModel(leaked))
    try:
        await drafter.draft(REQUEST)
    except LanguageModelBadOutput as error:
        assert "repeats the instructions" in str(error)
    else:
        raise AssertionError("a leaked system prompt must not become a draft")


async def test_llm_answer_echoing_the_quoting_tags_is_refused():
    drafter = LlmDrafter(
        ScriptedLanguageModel(lambda messages: messages[1].content),
        nonce_factory=lambda: "feedfacefeedface",
    )
    try:
        await drafter.draft(REQUEST)
    except LanguageModelBadOutput:
        pass
    else:
        raise AssertionError("an answer quoting the prompt must be refused")


async def test_extractive_draft_is_labelled_and_in_the_tickets_language():
    draft = await ExtractiveDrafter().draft(REQUEST)
    assert draft.model == "extractive"
    assert draft.language == "de"
    assert draft.text.startswith("Hallo Jonas,")
    assert "[1]" in draft.text
    assert draft.prompt_tokens == 0


async def test_without_a_language_model_the_draft_is_extractive():
    draft = await DraftReplyHandler(ExtractiveDrafter())(REQUEST)
    assert draft.model == "extractive" and draft.fallback_reason is None


async def test_a_failing_language_model_falls_back_to_the_extractive_draft():
    model = ScriptedLanguageModel(LanguageModelTimeout("openai/x", 5))
    handler = DraftReplyHandler(ExtractiveDrafter(), LlmDrafter(model))
    draft = await handler(REQUEST)
    assert draft.model == "extractive"
    assert "did not answer within 5 s" in (draft.fallback_reason or "")


async def test_a_working_language_model_writes_the_draft():
    model = ScriptedLanguageModel("Hello, see [2].")
    draft = await DraftReplyHandler(ExtractiveDrafter(), LlmDrafter(model))(REQUEST)
    assert draft.model == "fake/scripted"
    assert [c.number for c in draft.citations] == [2]
