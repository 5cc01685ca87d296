import pytest

from domain.language import detect_language, reply_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, I cannot log in to my account since yesterday. Can you help?", "en"),
        ("Hallo, ich kann mich seit gestern nicht mehr anmelden. Können Sie mir helfen?", "de"),
        ("Bonjour, je ne peux plus me connecter à mon compte depuis hier. Merci", "fr"),
        ("Hola, no puedo iniciar sesión en mi cuenta desde ayer. ¿Me pueden ayudar?", "es"),
        ("你好，我从昨天开始无法登录我的账户，请帮忙。", "zh"),  # noqa: RUF001
        ("こんにちは、ログインできません。助けてください。", "ja"),
        ("Здравствуйте, я не могу войти в свой аккаунт.", "ru"),
    ],
)
def test_detects_the_language_a_ticket_is_written_in(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "12345 !!!", "OK"])
def test_too_little_evidence_gives_no_language(text):
    assert detect_language(text) is None


def test_replies_in_a_supported_language_else_english():
    assert reply_language("Hallo, das ist nicht gut und ich bin sauer.") == "de"
    assert reply_language("Здравствуйте, я не могу войти в свой аккаунт.") == "en"
    assert reply_language("???") == "en"
    assert reply_language("???", default="fr") == "fr"
