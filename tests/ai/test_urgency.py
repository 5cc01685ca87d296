import pytest

from domain.tickets import TicketPriority
from domain.triage import RULES, rule_priority, urgency_signals


@pytest.mark.parametrize(
    ("text", "rule", "priority"),
    [
        ("Our website is down since 9am", "outage", "urgent"),
        ("Major outage in the EU region", "outage", "urgent"),
        ("Der Dienst ist komplett ausgefallen", "outage", "urgent"),
        ("Le site est en panne depuis ce matin", "outage", "urgent"),
        ("El servicio está caído desde ayer", "outage", "urgent"),
        ("系统宕机了，所有用户都受影响", "outage", "urgent"),  # noqa: RUF001
        ("I think my account was hacked", "security", "urgent"),
        ("Mein Konto wurde gehackt", "security", "urgent"),
        ("Mon compte a été piraté", "security", "urgent"),
        ("Creo que mi cuenta fue hackeada por phishing", "security", "urgent"),
        ("账户信息泄露了", "security", "urgent"),
        ("There is a fraudulent payment on my card", "fraud", "urgent"),
        ("Das ist Betrug, die Zahlung war nicht von mir", "fraud", "urgent"),
        ("Il y a une fraude sur mon compte", "fraud", "urgent"),
        ("Es un fraude, no reconozco este pago", "fraud", "urgent"),
        ("我的卡被盗刷了", "fraud", "urgent"),
        ("I was charged twice for the same order", "double-charge", "high"),
        ("Mir wurde doppelt abgebucht", "double-charge", "high"),
        ("J'ai été débité deux fois", "double-charge", "high"),
        ("Me han cobrado dos veces", "double-charge", "high"),
        ("这个订单被重复扣款", "double-charge", "high"),
        ("I cannot log in to my account", "login", "high"),
        ("Ich kann mich nicht anmelden", "login", "high"),
        ("Je ne peux pas me connecter", "login", "high"),
        ("No puedo iniciar sesión", "login", "high"),
        ("我无法登录", "login", "high"),
        ("This is urgent, please answer ASAP", "asked-urgent", "high"),
        ("Bitte dringend bearbeiten", "asked-urgent", "high"),
        ("C'est urgent", "asked-urgent", "high"),
        ("Es urgente", "asked-urgent", "high"),
        ("请紧急处理", "asked-urgent", "high"),
    ],
)
def test_each_rule_fires_in_each_language(text, rule, priority):
    signals = urgency_signals(text)
    assert rule in [s.rule for s in signals]
    fired = next(s for s in signals if s.rule == rule)
    assert fired.priority == TicketPriority(priority)
    assert fired.matched.lower() in text.lower()
    assert fired.matched in fired.reason


@pytest.mark.parametrize(
    "text",
    [
        "This is not urgent, just a question about invoices",
        "Das ist nicht dringend",
        "Ce n'est pas urgent",
        "No es urgente",
        "不紧急，有空再看",  # noqa: RUF001
        "How do I download my invoice?",
        "Please calm down the notification volume",
        "I'd like to downgrade my plan",
    ],
)
def test_negated_or_ordinary_text_fires_nothing(text):
    assert urgency_signals(text) == []
    assert rule_priority(text) == (None, [])


def test_the_most_urgent_rule_decides_and_every_signal_is_reported():
    priority, signals = rule_priority("URGENT: site is down and I was charged twice")
    assert priority == TicketPriority.URGENT
    assert [s.rule for s in signals] == ["outage", "double-charge", "asked-urgent"]


def test_every_rule_has_phrases_in_the_five_languages():
    for rule in RULES:
        assert {"en", "de", "fr", "es", "zh"} <= set(rule.phrases), rule.name
