"""Security headers on every response (docs/security.md, "Browser protections").

Rules:
- every response says `nosniff`, refuses to be framed (`frame-ancestors 'none'`
  and `X-Frame-Options: DENY`), sends no referrer across origins and turns off
  browser features the console never uses;
- the console and the API get a Content-Security-Policy that allows scripts
  from this origin only (no inline script, no eval). Styles may be inline:
  Ant Design writes its CSS-in-JS into `<style>` elements at run time;
- the interactive API docs under /schema load Swagger UI from its CDN with an
  inline bootstrap script, so they get a policy that allows exactly that;
- a header the handler already set is left alone.
"""

from __future__ import annotations

from litestar.types import Message, Scope

CONSOLE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SWAGGER_CDN = "https://cdn.jsdelivr.net"
API_DOCS_POLICY = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {SWAGGER_CDN}",
        f"style-src 'self' 'unsafe-inline' {SWAGGER_CDN}",
        f"img-src 'self' data: {SWAGGER_CDN}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    )
)
_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def policy_for(path: str) -> str:
    return API_DOCS_POLICY if path == "/schema" or path.startswith("/schema/") else CONSOLE_POLICY


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: it sees every response, the router's own 404s included."""
    if message["type"] != "http.response.start":
        return
    wanted = (*_COMMON, (b"content-security-policy", policy_for(scope["path"]).encode()))
    headers = list(message.get("headers", ()))
    present = {bytes(name).lower() for name, _ in headers}
    headers.extend((name, value) for name, value in wanted if name not in present)
    message["headers"] = headers
