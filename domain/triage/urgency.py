"""Urgency rules: words that tell a ticket cannot wait, in several languages.

Each rule names a signal (an outage, a security problem, ...), the priority it
calls for and, per language, the phrases that show it. A phrase matches as
whole words (Chinese and Japanese by substring), case-insensitively. A phrase
right after a negation ("not urgent", "nicht dringend", "pas urgent", "no es
urgente", "不紧急") does not count. The suggested priority is the highest one
among the rules that fire, and every firing rule is reported with the words
that made it fire, so an agent can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.tickets.priority import TicketPriority

URGENT = TicketPriority.URGENT
HIGH = TicketPriority.HIGH


@dataclass(frozen=True, slots=True)
class UrgencyRule:
    name: str
    priority: TicketPriority
    description: str
    tag: str | None
    phrases: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class UrgencySignal:
    rule: str
    priority: TicketPriority
    description: str
    tag: str | None
    matched: str
    language: str

    @property
    def reason(self) -> str:
        return f"{self.description}: the ticket says \u201c{self.matched}\u201d"


RULES: tuple[UrgencyRule, ...] = (
    UrgencyRule(
        "outage",
        URGENT,
        "service outage",
        "outage",
        {
            "en": (
                "outage",
                "is down",
                "are down",
                "went down",
                "goes down",
                "site down",
                "server down",
                "service down",
                "system down",
                "app down",
                "website down",
                "production down",
                "not loading at all",
                "nothing works",
                "service unavailable",
            ),
            "de": (
                "ausfall",
                "störung",
                "ist down",
                "geht gar nichts",
                "nicht erreichbar",
                "funktioniert gar nichts",
                "komplett ausgefallen",
                "ausgefallen",
            ),
            "fr": (
                "panne",
                "hors service",
                "est down",
                "inaccessible",
                "plus rien ne marche",
                "ne fonctionne plus du tout",
            ),
            "es": (
                "caída del servicio",
                "caído",
                "caida",
                "fuera de servicio",
                "no funciona nada",
                "interrupción del servicio",
            ),
            "zh": ("宕机", "服务中断", "无法访问", "系统崩溃", "全部瘫痪", "挂了"),
        },
    ),
    UrgencyRule(
        "security",
        URGENT,
        "possible security incident",
        "security",
        {
            "en": (
                "security",
                "hacked",
                "breach",
                "compromised",
                "unauthorized access",
                "unauthorised access",
                "phishing",
                "someone logged into my account",
                "data leak",
            ),
            "de": (
                "sicherheit",
                "gehackt",
                "sicherheitslücke",
                "unbefugter zugriff",
                "kompromittiert",
                "datenleck",
                "phishing",
            ),
            "fr": (
                "sécurité",
                "piraté",
                "piratage",
                "faille",
                "compromis",
                "accès non autorisé",
                "hameçonnage",
                "phishing",
                "fuite de données",
            ),
            "es": (
                "seguridad",
                "hackeado",
                "hackearon",
                "brecha",
                "comprometida",
                "comprometido",
                "acceso no autorizado",
                "phishing",
                "filtración",
            ),
            "zh": ("安全", "被黑", "黑客", "泄露", "未经授权", "钓鱼", "被盗号"),
        },
    ),
    UrgencyRule(
        "fraud",
        URGENT,
        "possible fraud or stolen means of payment",
        "fraud",
        {
            "en": (
                "fraud",
                "fraudulent",
                "scam",
                "stolen",
                "did not make this payment",
                "didn't make this payment",
                "transaction i did not make",
                "payment i did not make",
                "unauthorized transaction",
                "unauthorised transaction",
                "don't recognise",
                "don't recognize",
            ),
            "de": ("betrug", "betrügerisch", "gestohlen", "nicht autorisiert", "nicht von mir"),
            "fr": (
                "fraude",
                "frauduleux",
                "frauduleuse",
                "arnaque",
                "volé",
                "volée",
                "je n'ai pas effectué",
            ),
            "es": (
                "fraude",
                "fraudulento",
                "estafa",
                "robado",
                "robada",
                "no reconozco",
                "no realicé",
            ),
            "zh": ("欺诈", "诈骗", "被盗", "盗刷", "不是我本人"),
        },
    ),
    UrgencyRule(
        "double-charge",
        HIGH,
        "charged more than once",
        "billing",
        {
            "en": (
                "charged twice",
                "double charged",
                "double charge",
                "charged two times",
                "duplicate charge",
                "charged multiple times",
                "billed twice",
            ),
            "de": (
                "doppelt abgebucht",
                "zweimal abgebucht",
                "doppelt belastet",
                "zweimal belastet",
                "doppelte abbuchung",
                "doppelt berechnet",
            ),
            "fr": (
                "débité deux fois",
                "prélevé deux fois",
                "facturé deux fois",
                "double prélèvement",
                "double débit",
            ),
            "es": (
                "cobrado dos veces",
                "cobraron dos veces",
                "cargo duplicado",
                "doble cargo",
                "cobro duplicado",
            ),
            "zh": ("重复扣款", "扣了两次", "重复收费", "扣费两次"),
        },
    ),
    UrgencyRule(
        "login",
        HIGH,
        "cannot get into the account",
        "login",
        {
            "en": (
                "cannot log in",
                "can't log in",
                "cant log in",
                "unable to log in",
                "cannot login",
                "can't login",
                "unable to login",
                "cannot sign in",
                "can't sign in",
                "unable to sign in",
                "locked out",
                "account locked",
                "account blocked",
                "account suspended",
            ),
            "de": (
                "kann mich nicht anmelden",
                "kann mich nicht einloggen",
                "anmeldung nicht möglich",
                "login nicht möglich",
                "konto gesperrt",
                "ausgesperrt",
            ),
            "fr": (
                "impossible de me connecter",
                "je ne peux pas me connecter",
                "n'arrive pas à me connecter",
                "compte bloqué",
                "compte verrouillé",
            ),
            "es": (
                "no puedo iniciar sesión",
                "no puedo entrar",
                "no puedo acceder",
                "cuenta bloqueada",
                "no me deja iniciar sesión",
            ),
            "zh": (
                "无法登录",
                "不能登录",
                "登录不了",
                "登不上",
                "账户被锁",
                "账号被锁",
                "账户被冻结",
            ),
        },
    ),
    UrgencyRule(
        "asked-urgent",
        HIGH,
        "the customer says it is urgent",
        None,
        {
            "en": (
                "urgent",
                "urgently",
                "asap",
                "as soon as possible",
                "emergency",
                "immediately",
                "critical",
            ),
            "de": ("dringend", "eilt", "sofort", "so schnell wie möglich", "notfall", "kritisch"),
            "fr": (
                "urgent",
                "urgente",
                "urgence",
                "au plus vite",
                "immédiatement",
                "dès que possible",
                "critique",
            ),
            "es": (
                "urgente",
                "urgencia",
                "lo antes posible",
                "inmediatamente",
                "cuanto antes",
                "crítico",
                "emergencia",
            ),
            "zh": ("紧急", "急需", "尽快", "马上", "立刻", "十万火急"),
        },
    ),
)

_NEGATIONS = {
    "en": r"(?:not|no|isn't|isnt|never|without)",
    "de": r"(?:nicht|kein|keine|nie)",
    "fr": r"(?:pas|non|sans|jamais)",
    "es": r"(?:no|sin|nunca)",
}
_UNSPACED = {"zh", "ja"}
_NEGATED_UNSPACED = ("不", "没", "無", "无", "非")


def _pattern(language: str, phrase: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    if language in _UNSPACED:
        return re.compile(re.escape(phrase))
    return re.compile(rf"(?<![\w'])({body})(?![\w'])", re.IGNORECASE)


_COMPILED = [
    (rule, language, phrase, _pattern(language, phrase))
    for rule in RULES
    for language, phrases in rule.phrases.items()
    for phrase in phrases
]


def _negated(text: str, start: int, language: str) -> bool:
    if language in _UNSPACED:
        return text[max(0, start - 1) : start] in _NEGATED_UNSPACED
    before = text[max(0, start - 30) : start]
    negations = "|".join(_NEGATIONS.values())
    return re.search(rf"(?<!\w)(?:{negations})\s+(?:\w+\s+)?$", before, re.IGNORECASE) is not None


def urgency_signals(text: str) -> list[UrgencySignal]:
    """Every rule that fires on `text`, most urgent first, one signal per rule."""
    found: dict[str, UrgencySignal] = {}
    for rule, language, _phrase, pattern in _COMPILED:
        if rule.name in found:
            continue
        for match in pattern.finditer(text):
            if _negated(text, match.start(), language):
                continue
            found[rule.name] = UrgencySignal(
                rule=rule.name,
                priority=rule.priority,
                description=rule.description,
                tag=rule.tag,
                matched=match.group(0),
                language=language,
            )
            break
    order = {rule.name: i for i, rule in enumerate(RULES)}
    return sorted(found.values(), key=lambda s: (-s.priority.rank, order[s.rule]))


def rule_priority(text: str) -> tuple[TicketPriority | None, list[UrgencySignal]]:
    """The priority the rules call for (None when none fires) and the signals behind it."""
    signals = urgency_signals(text)
    return (signals[0].priority if signals else None), signals
