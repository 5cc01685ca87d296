"""The category descriptions a fresh install starts with (docs/ai.md, "Categories").

They cover the topics of the sample knowledge base (`sample_kb/`) and the usual
requests of a support desk, so that a new ticket gets a category (zero-shot, by
similarity to these descriptions) before any ticket has been labelled.
Administrators edit or delete them with `PUT /api/ai/categories`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.ports.classifier_store import CategoryDescription

if TYPE_CHECKING:
    from entrypoints.container import Container

DEFAULT_CATEGORIES: tuple[CategoryDescription, ...] = (
    CategoryDescription(
        "billing",
        "Charges, payments, invoices and subscription plans: a double or unexpected "
        "charge on a card or bank statement, a declined payment, the wrong amount on an "
        "invoice or receipt, updating the payment method, cancelling or changing a "
        "subscription.",
    ),
    CategoryDescription(
        "refunds",
        "Getting money back: asking for a refund, the status of a refund that has not "
        "arrived yet, the refund policy, returning a purchase for a refund.",
    ),
    CategoryDescription(
        "account access",
        "Cannot sign in or log in: a forgotten password, a password reset e-mail that "
        "does not arrive, a locked account, two-factor authentication codes that fail, "
        "a hacked or compromised account.",
    ),
    CategoryDescription(
        "account management",
        "Opening, changing or closing an account: signing up for a new account, "
        "changing the e-mail address, name or profile details, switching to another "
        "account or plan type, deleting the account, newsletters, personal data and "
        "privacy.",
    ),
    CategoryDescription(
        "orders and shipping",
        "Buying and receiving products: placing, changing or cancelling an order or "
        "purchase, where an order or package is and tracking it, shipping options and "
        "delivery times, a late, lost or damaged delivery, the shipping address.",
    ),
    CategoryDescription(
        "technical problem",
        "Something in the product does not work: an error message, a crash, a bug, a "
        "page or the app that does not load, is very slow or times out, a feature "
        "that behaves wrongly, an outage.",
    ),
    CategoryDescription(
        "feature request",
        "Suggestions for the software: asking for a new feature, an improvement, an "
        "export, setting or integration that the product does not have yet.",
    ),
    CategoryDescription(
        "feedback and complaints",
        "Opinions about the service: a complaint about poor service or an agent, "
        "dissatisfaction, a review, praise or other feedback.",
    ),
    CategoryDescription(
        "general question",
        "General questions: how to contact customer support or speak to a human agent, "
        "opening hours, questions about the company or its policies that fit no other "
        "category.",
    ),
)


async def seed_default_categories(container: Container) -> str:
    """Store DEFAULT_CATEGORIES on a fresh install (no categories, no tickets yet)."""
    from application.use_cases.classifier.seed_categories import SeedCategoriesHandler

    seed = SeedCategoriesHandler(
        container.classifier_store(), container.unit_of_work(), container.clock()
    )
    if await seed(DEFAULT_CATEGORIES):
        return f"categories: added {len(DEFAULT_CATEGORIES)} default category descriptions"
    return "categories: already described (or tickets exist): left as they are"
