"""First start: make sure someone can sign in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from application.use_cases.ensure_admin import EnsureAdmin
from entrypoints.container import Container

DEFAULT_ADMIN_EMAIL = "admin@astratickets.local"


@dataclass(frozen=True, slots=True)
class AdminBootstrap:
    created: bool
    email: str | None = None
    generated_password: str | None = None

    def message(self, base_url: str) -> str:
        if not self.created:
            return (
                f"Sign in at {base_url} with an admin account "
                "(`astratickets users create --role admin` adds one)."
            )
        if self.generated_password:
            return (
                f"Created the first admin account. Sign in at {base_url} as\n"
                f"    e-mail:   {self.email}\n"
                f"    password: {self.generated_password}\n"
                "This password is shown only once: change it after signing in "
                "(or set ADMIN_EMAIL / ADMIN_PASSWORD before the first start)."
            )
        return f"Created the first admin account {self.email}. Sign in at {base_url}."


async def ensure_first_admin(container: Container) -> AdminBootstrap:
    """Create an admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated
    password, unless an active admin exists already."""
    settings = container.settings()
    email = settings.admin_email or DEFAULT_ADMIN_EMAIL
    generated = None if settings.admin_password else secrets.token_urlsafe(12)
    password = settings.admin_password or generated
    assert password is not None
    user, created = await container.ensure_admin()(EnsureAdmin(email=email, password=password))
    if not created or user is None:
        return AdminBootstrap(created=False)
    return AdminBootstrap(created=True, email=user.email.value, generated_password=generated)
