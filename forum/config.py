"""Configuration: these defaults, then instance/config.py, then FORUM_* environment variables.

`DATABASE_URL` (PostgreSQL) and `REDIS_URL` (rate limits, task queue) are read too, as most
hosts set them. The app refuses to start in production with the default secret key or without
`PUBLIC_URL`.
"""

from __future__ import annotations

import os
from datetime import timedelta

DEFAULT_SECRET_KEY = "not-a-secret-change-me"  # noqa: S105 - the value start-up refuses
DEVELOPMENT_URL = "http://127.0.0.1:5000"


class Defaults:
    ENV = "production"  # or "development", "testing"
    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # set to instance/forum.sqlite when unset
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_SYNCHRONOUS = "NORMAL"  # with the write-ahead log: safe, and fast enough
    DEFAULT_LANGUAGE = "en"
    DEFAULT_TIMEZONE = "Europe/Skopje"
    PUBLIC_URL = None  # e.g. "https://forum.example.org": every link in e-mails and feeds
    EXTRA_HOSTS: list = []  # other host names the site answers to (the public URL's always)
    PROXY_COUNT = 0  # reverse proxies in front of the app whose X-Forwarded-For is trusted

    PAGE_CACHE_SECONDS = 10  # public pages for anonymous readers; 0 turns the cache off
    PAGE_CACHE_REDIS_URL = None  # REDIS_URL when set: all servers forget a page on a change

    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    UPLOAD_MAX_BYTES = 2 * 1024 * 1024  # CSV files of paper ballots and resident lists
    IMAGE_MAX_BYTES = 5 * 1024 * 1024  # photos of budget items and their progress
    FILE_STORAGE = "local"  # where photos are kept: "local", "database" or "s3" (core/files.py)
    UPLOAD_FOLDER = None  # the "local" storage's folder; default instance/uploads
    S3_BUCKET = None
    S3_PREFIX = ""
    S3_ENDPOINT_URL = None  # an S3-compatible server's address; None for AWS itself
    DESK_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024  # photos and PDFs of letters sent to a desk
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600  # static URLs carry a content hash

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: count in memory, log a warning
    RATELIMIT_SWALLOW_ERRORS = True  # a limit that cannot be counted never becomes a 500
    # A Redis that hangs instead of refusing must not hang every request with it.
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_connect_timeout": 1, "socket_timeout": 1}
    SIGN_IN_LIMIT = "10 per minute; 60 per hour"
    RESET_LIMIT = "5 per 15 minutes"
    PROPOSAL_LIMIT = "10 per hour"  # new proposals from one person
    DESK_FILING_LIMIT = "10 per hour"  # cases filed from one address (desk staff: no limit)
    PROPOSAL_REPORT_LIMIT = "20 per hour"  # reports of abuse from one person
    MINUTES_PDF_LIMIT = "30 per minute"  # PDFs of minutes rendered for one address

    PASSWORD_TIME_COST = 3
    PASSWORD_MEMORY_COST = 65536
    RESET_TOKEN_HOURS = 2
    INVITATION_DAYS = 14

    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_FROM = "forum@localhost"
    MAIL_TIMEOUT = 20  # seconds a mail server may keep us waiting before the batch waits
    MAIL_KEEP_DAYS = 30  # sent e-mails (addresses, subjects) are deleted after this
    MAIL_CLAIM_SECONDS = 600  # a delivery claim older than this was left by a killed worker

    QUEUE_URL = None  # redis://… or sqlite:///…; default REDIS_URL, else instance/queue.sqlite
    QUEUE_IMMEDIATE = False  # run each task at once in the process that queues it (tests)

    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]  # static files are streamed
    COMPRESS_LEVEL = 6
    COMPRESS_BR_LEVEL = 4
    COMPRESS_MIN_SIZE = 500
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "text/calendar", "application/atom+xml",
                          "image/svg+xml", "text/csv", "text/plain"]


def database_url_from_environment() -> str | None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _fill_public_url_and_hosts(config) -> None:
    """Outside production the public URL defaults to this machine; requests may name only the
    trusted hosts (the public URL's, `EXTRA_HOSTS`, and locally this machine)."""
    from forum.core.urls import trusted_hosts

    if not config["PUBLIC_URL"] and config["ENV"] != "production":
        config["PUBLIC_URL"] = DEVELOPMENT_URL
    if config["PUBLIC_URL"] and config.get("TRUSTED_HOSTS") is None:
        config["TRUSTED_HOSTS"] = trusted_hosts(config)


def load(app, overrides: dict | None = None) -> None:
    """Fill app.config in order: defaults, instance file, environment, explicit overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("FORUM")
    if url := database_url_from_environment():
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if redis_url := os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = redis_url
        app.config["PAGE_CACHE_REDIS_URL"] = redis_url
    if overrides:
        app.config.update(overrides)
    _fill_public_url_and_hosts(app.config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "forum.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if app.config["ENV"] != "production":
        for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            app.config[key] = bool(overrides and overrides.get(key))
