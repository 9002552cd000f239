"""Security headers on every response, the refusal to run production with a default key or no
public URL, and the trusted proxies in front of the app."""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    from flask import current_app

    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when production would run with a known secret key or no public URL."""


def check_production_config(config, default_secret: str) -> None:
    if config["ENV"] != "production":
        return
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == default_secret:
        raise InsecureConfiguration(
            "Refusing to start in production with the default SECRET_KEY: set FORUM_SECRET_KEY "
            "or SECRET_KEY in instance/config.py (or FORUM_ENV=development for local use)."
        )
    if not config.get("PUBLIC_URL"):
        raise InsecureConfiguration(
            "Refusing to start in production without PUBLIC_URL: set FORUM_PUBLIC_URL (e.g. "
            "https://forum.example.org) or PUBLIC_URL in instance/config.py; links in e-mails "
            "are built on it, never on the Host a request names."
        )


def trust_proxies(app) -> None:
    """Behind `PROXY_COUNT` reverse proxies, take the client's address and scheme from the
    headers they add (rate limits then count the real client, not the proxy)."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
