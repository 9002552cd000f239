"""Files every app server can read — uploaded photos above all — kept where FILE_STORAGE says.

- `local` (the default): a folder under `instance/` (or UPLOAD_FOLDER); right for one server.
- `database`: a row per file in the forum's own database, written in the same transaction as
  the record that names it; every server reads it, and nothing more needs running.
- `s3`: an S3-compatible bucket (AWS, MinIO, Ceph, Hetzner…) through boto3, the maintained SDK
  (`pip install -e '.[s3]'`); S3_BUCKET, S3_ENDPOINT_URL and S3_PREFIX say where, and boto3's
  usual environment variables carry the credentials.

A file's key is `<area>/<name>`; names are random and never reused, so a file never changes and
is served with a year-long, immutable cache lifetime.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import abort, current_app, request
from werkzeug.wrappers import Response

from forum.core.db import utcnow
from forum.extensions import db

KEY = re.compile(r"[a-z]{2,20}/[A-Za-z0-9_-]{1,80}\.[a-z0-9]{2,5}")
YEAR = 365 * 24 * 3600
BACKENDS = ("local", "database", "s3")


class FileMissing(LookupError):
    """No file has this key."""


def check_key(key: str) -> str:
    if not KEY.fullmatch(key):
        raise ValueError(f"not a file key: {key!r}")
    return key


class LocalFolder:
    """One server's disk: a folder with a sub-folder per area."""

    def __init__(self, base: Path):
        self.base = base

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.base / key
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as part:
            part.write(data)
        os.replace(part.name, path)  # a reader sees the whole file or none

    def get(self, key: str) -> bytes:
        try:
            return (self.base / key).read_bytes()
        except (FileNotFoundError, IsADirectoryError) as missing:
            raise FileMissing(key) from missing

    def delete(self, key: str) -> None:
        (self.base / key).unlink(missing_ok=True)

    def keys(self):
        if self.base.is_dir():
            for path in sorted(self.base.glob("*/*")):
                key = path.relative_to(self.base).as_posix()
                if KEY.fullmatch(key):
                    yield key


class DatabaseFiles:
    """Rows of `stored_files`, in the caller's transaction."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        from forum.core.models import StoredFile

        db.session.merge(StoredFile(key=key, content_type=content_type, body=data,
                                    size=len(data), created_at=utcnow()))
        db.session.flush()

    def get(self, key: str) -> bytes:
        from forum.core.models import StoredFile

        body = db.session.scalar(db.select(StoredFile.body).where(StoredFile.key == key))
        if body is None:
            raise FileMissing(key)
        return body

    def delete(self, key: str) -> None:
        from forum.core.models import StoredFile

        db.session.execute(db.delete(StoredFile).where(StoredFile.key == key))

    def keys(self):
        from forum.core.models import StoredFile

        yield from db.session.scalars(db.select(StoredFile.key).order_by(StoredFile.key))


class S3Bucket:
    """Objects in an S3-compatible bucket under an optional prefix."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None):
        import boto3  # only servers configured for S3 need the SDK

        self.client = boto3.client("s3", endpoint_url=endpoint_url)
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data,
                               ContentType=content_type)

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey as missing:
            raise FileMissing(key) from missing
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def keys(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                       Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"].removeprefix(self.prefix)
                if KEY.fullmatch(key):
                    yield key


def backend(name: str | None = None, app=None):
    """The storage named (default: the configured one), built once per app."""
    app = app or current_app
    name = name or app.config["FILE_STORAGE"]
    cache = app.extensions.setdefault("forum_files", {})
    if name not in cache:
        if name == "local":
            base = app.config["UPLOAD_FOLDER"] or Path(app.instance_path) / "uploads"
            cache[name] = LocalFolder(Path(base))
        elif name == "database":
            cache[name] = DatabaseFiles()
        elif name == "s3":
            cache[name] = S3Bucket(app.config["S3_BUCKET"], app.config["S3_PREFIX"],
                                   app.config["S3_ENDPOINT_URL"])
        else:
            raise ValueError(f"FILE_STORAGE must be one of {', '.join(BACKENDS)}, not {name!r}")
    return cache[name]


def put(key: str, data: bytes, content_type: str) -> None:
    backend().put(check_key(key), data, content_type)


def get(key: str) -> bytes:
    return backend().get(check_key(key))


def delete(key: str) -> None:
    backend().delete(check_key(key))


def serve(key: str | None, content_type: str) -> Response:
    """Answer a GET with the file, cached for a year; 404 when there is none."""
    if not key or not KEY.fullmatch(key):
        abort(404)
    etag = key.rsplit("/", 1)[-1]
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        try:
            body = get(key)
        except FileMissing:
            abort(404)
        response = Response(body, mimetype=content_type)
        response.headers["Content-Disposition"] = "inline"
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
    return response


def copy_all(source: str, target: str, app=None) -> int:
    """Copy every file of one storage into another (moving to shared storage); how many."""
    app = app or current_app
    source_store, target_store = backend(source, app), backend(target, app)
    copied = 0
    for key in list(source_store.keys()):
        target_store.put(key, source_store.get(key), _content_type(key))
        copied += 1
    db.session.commit()
    return copied


def _content_type(key: str) -> str:
    return {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
            "webp": "image/webp"}.get(key.rsplit(".", 1)[-1], "application/octet-stream")


def _cli():
    import click
    from flask.cli import AppGroup

    group = AppGroup("files", help="The files every app server reads (photos).")

    @group.command("copy")
    @click.option("--from", "source", type=click.Choice(BACKENDS), default="local",
                  show_default=True)
    @click.option("--to", "target", type=click.Choice(BACKENDS), required=True)
    def copy_command(source: str, target: str) -> None:
        """Copy every file into another storage, before FILE_STORAGE is switched to it."""
        if source == target:
            raise click.UsageError("--from and --to name the same storage.")
        click.echo(f"{copy_all(source, target)} file(s) copied from {source} to {target}.")

    return group


files_cli = _cli()
