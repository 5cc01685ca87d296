"""Fixed wording of built-in replies, per reply language (English is the fallback)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReplyTemplate:
    greeting_named: str
    greeting: str
    intro: str
    nothing_found: str
    closing: str
    kb_has_nothing: str  # the knowledge chat, when nothing is similar enough
    kb_no_direct_answer: str  # the knowledge chat, when the articles found hold no step
    sign_off: str
    team: str
    open_quote: str
    close_quote: str

    def greet(self, name: str | None) -> str:
        clean = " ".join((name or "").split())
        return self.greeting_named.format(name=clean) if clean else self.greeting


TEMPLATES: dict[str, ReplyTemplate] = {
    "en": ReplyTemplate(
        greeting_named="Hello {name},",
        greeting="Hello,",
        intro="Thank you for contacting us. Based on our help articles, this should help:",
        nothing_found=(
            "Thank you for contacting us. We have received your request and a member of "
            "our team will get back to you shortly."
        ),
        closing=(
            "If this does not solve the problem, just reply to this message and we will "
            "take it from there."
        ),
        kb_has_nothing="The knowledge base has nothing on this yet.",
        kb_no_direct_answer=(
            "No step in the knowledge base answers this directly; the closest articles "
            "are listed below."
        ),
        sign_off="Kind regards,",
        team="The support team",
        open_quote="\u201c",
        close_quote="\u201d",
    ),
    "de": ReplyTemplate(
        greeting_named="Hallo {name},",
        greeting="Guten Tag,",
        intro=(
            "vielen Dank für Ihre Nachricht. Laut unseren Hilfeartikeln sollte "
            "Folgendes weiterhelfen:"
        ),
        nothing_found=(
            "vielen Dank für Ihre Nachricht. Wir haben Ihre Anfrage erhalten und ein "
            "Mitglied unseres Teams meldet sich in Kürze bei Ihnen."
        ),
        closing=(
            "Falls das Problem damit nicht gelöst ist, antworten Sie einfach auf diese "
            "Nachricht – wir kümmern uns darum."  # noqa: RUF001
        ),
        kb_has_nothing="Die Wissensdatenbank enthält dazu noch nichts.",
        kb_no_direct_answer=(
            "Kein Schritt in der Wissensdatenbank beantwortet das direkt; die passendsten "
            "Artikel stehen unten."
        ),
        sign_off="Freundliche Grüße",
        team="Ihr Support-Team",
        open_quote="\u201e",
        close_quote="\u201c",
    ),
    "fr": ReplyTemplate(
        greeting_named="Bonjour {name},",
        greeting="Bonjour,",
        intro=(
            "Merci de nous avoir contactés. D'après nos articles d'aide, voici ce qui "
            "devrait vous aider\u00a0:"
        ),
        nothing_found=(
            "Merci de nous avoir contactés. Nous avons bien reçu votre demande et un "
            "membre de notre équipe vous répondra rapidement."
        ),
        closing=(
            "Si cela ne résout pas le problème, répondez simplement à ce message et "
            "nous prendrons le relais."
        ),
        kb_has_nothing="La base de connaissances ne contient encore rien à ce sujet.",
        kb_no_direct_answer=(
            "Aucune étape de la base de connaissances n'y répond directement\u00a0; les "
            "articles les plus proches sont listés ci-dessous."
        ),
        sign_off="Cordialement,",
        team="L'équipe support",
        open_quote="«\u00a0",
        close_quote="\u00a0»",
    ),
    "es": ReplyTemplate(
        greeting_named="Hola, {name}:",
        greeting="Hola:",
        intro=(
            "Gracias por ponerse en contacto con nosotros. Según nuestros artículos de "
            "ayuda, esto debería ayudarle:"
        ),
        nothing_found=(
            "Gracias por ponerse en contacto con nosotros. Hemos recibido su solicitud y "
            "un miembro de nuestro equipo le responderá en breve."
        ),
        closing=("Si esto no resuelve el problema, responda a este mensaje y nos encargaremos."),
        kb_has_nothing="La base de conocimientos aún no tiene nada sobre esto.",
        kb_no_direct_answer=(
            "Ningún paso de la base de conocimientos responde a esto directamente; los "
            "artículos más cercanos aparecen abajo."
        ),
        sign_off="Saludos cordiales,",
        team="El equipo de soporte",
        open_quote="«",
        close_quote="»",
    ),
    "zh": ReplyTemplate(
        greeting_named="{name}，您好！",  # noqa: RUF001
        greeting="您好！",  # noqa: RUF001
        intro="感谢您联系我们。根据我们的帮助文档，以下内容应该能帮到您：",  # noqa: RUF001
        nothing_found="感谢您联系我们。我们已收到您的请求，团队成员会尽快回复您。",  # noqa: RUF001
        closing="如果问题仍未解决，请直接回复此消息，我们会继续跟进。",  # noqa: RUF001
        kb_has_nothing="知识库中暂时没有相关内容。",
        kb_no_direct_answer="知识库中没有直接回答此问题的步骤；最相关的文章列在下方。",  # noqa: RUF001
        sign_off="此致",
        team="客服团队",
        open_quote="\u201c",
        close_quote="\u201d",
    ),
}


def template_for(language: str) -> ReplyTemplate:
    """The template of `language`, or the English one when there is none."""
    return TEMPLATES.get(language, TEMPLATES["en"])
