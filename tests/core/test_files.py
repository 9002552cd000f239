"""Files every app server reads: a local folder, the database, S3, and moving between them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from forum.budgeting.models import Item
from forum.core import files
from forum.core.models import StoredFile
from forum.extensions import db
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import create_cycle
from tests.fixtures.forums import create_forum


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", currency="ALL")
        resident = create_user(email="res@example.org")
        cycle = create_cycle(forum, phase="collecting", budget=5_000_000)
        return forum, None, resident, cycle


def _photo() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(data, "JPEG")
    data.seek(0)
    return data


@pytest.mark.parametrize("storage", ["local", "database"])
def test_a_file_is_kept_read_and_deleted(app, storage, tmp_path):
    app.config.update(FILE_STORAGE=storage, UPLOAD_FOLDER=str(tmp_path))
    with app.app_context():
        files.put("budgeting/abc.jpg", b"pixels", "image/jpeg")
        db.session.commit()
        assert files.get("budgeting/abc.jpg") == b"pixels"
        assert list(files.backend().keys()) == ["budgeting/abc.jpg"]
        files.delete("budgeting/abc.jpg")
        db.session.commit()
        with pytest.raises(files.FileMissing):
            files.get("budgeting/abc.jpg")


@pytest.mark.parametrize("key", ["../secret.jpg", "budgeting/../x.jpg", "budgeting/a b.jpg",
                                 "/etc/passwd", "budgeting/x", "Budgeting/x.jpg", ""])
def test_a_key_that_could_leave_its_folder_is_refused(ctx, key):
    with pytest.raises(ValueError):
        files.put(key, b"x", "image/jpeg")
    response = None
    try:
        files.serve(key, "image/jpeg")
    except Exception as error:
        response = error
    assert getattr(response, "code", None) == 404


def test_a_file_kept_in_the_database_goes_with_its_transaction(app):
    app.config["FILE_STORAGE"] = "database"
    with app.app_context():
        files.put("budgeting/gone.jpg", b"pixels", "image/jpeg")
        db.session.rollback()
        assert db.session.scalar(select(StoredFile)) is None


def test_a_photo_sent_to_one_server_is_served_by_the_other(app, client, setting, database_url,
                                                            tmp_path):
    """Two app servers with their own disks and one database: FILE_STORAGE = "database"."""
    app.config.update(FILE_STORAGE="database", UPLOAD_FOLDER=str(tmp_path / "first"))
    other = make_app(database_url, FILE_STORAGE="database", UPLOAD_FOLDER=str(tmp_path / "second"))
    _forum, _secretariat, resident, cycle = setting
    sign_in_as(client, resident)
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new", data={
        "title": "Bench", "language": "en", "description": "A bench", "estimated_cost": "100",
        "image": (_photo(), "bench.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert not any((tmp_path / "first").rglob("*.jpg"))
    with app.app_context():
        item = db.session.scalar(select(Item))
    url = f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}/image"
    served = other.test_client().get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.data[:2] == b"\xff\xd8"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    again = other.test_client().get(url, headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_missing_photo_is_not_found(client, setting):
    _forum, _secretariat, _resident, cycle = setting
    assert client.get(f"/en/forums/f/budgeting/{cycle.id}/photos/nothing.jpg").status_code == 404


def test_files_copy_moves_the_local_folder_into_the_database(app, tmp_path):
    app.config.update(UPLOAD_FOLDER=str(tmp_path))
    (tmp_path / "budgeting").mkdir()
    (tmp_path / "budgeting" / "old.jpg").write_bytes(b"old pixels")
    (tmp_path / "budgeting" / "notes.txt~").write_bytes(b"not a file the forum made")
    result = app.test_cli_runner().invoke(args=["files", "copy", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert "1 file(s) copied from local to database." in result.output
    app.config["FILE_STORAGE"] = "database"
    with app.app_context():
        assert files.get("budgeting/old.jpg") == b"old pixels"
    same = app.test_cli_runner().invoke(args=["files", "copy", "--from", "database",
                                              "--to", "database"])
    assert same.exit_code != 0 and "name the same storage" in same.output


def test_an_unknown_storage_is_refused_by_name(app):
    app.config["FILE_STORAGE"] = "ftp"
    with app.app_context(), pytest.raises(ValueError, match="local, database, s3"):
        files.get("budgeting/a.jpg")


@pytest.fixture
def s3_server(monkeypatch):
    """An S3-compatible HTTP server on 127.0.0.1, with one bucket."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for name, value in {"AWS_ACCESS_KEY_ID": "forum", "AWS_SECRET_ACCESS_KEY": "forum-secret",
                        "AWS_DEFAULT_REGION": "eu-central-1"}.items():
        monkeypatch.setenv(name, value)
    endpoint = f"http://{host}:{port}"
    import boto3

    boto3.client("s3", endpoint_url=endpoint).create_bucket(
        Bucket="photos", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    yield endpoint
    server.stop()


def test_files_kept_in_an_s3_bucket_are_served_by_every_server(app, database_url, s3_server,
                                                                 tmp_path):
    config = {"FILE_STORAGE": "s3", "S3_BUCKET": "photos", "S3_PREFIX": "tetovo",
              "S3_ENDPOINT_URL": s3_server}
    app.config.update(config)
    with app.app_context():
        files.put("budgeting/ramp.jpg", b"ramp pixels", "image/jpeg")
        assert list(files.backend().keys()) == ["budgeting/ramp.jpg"]
    other = make_app(database_url, **config)
    with other.test_request_context():
        served = files.serve("budgeting/ramp.jpg", "image/jpeg")
        assert served.status_code == 200 and served.get_data() == b"ramp pixels"
        with pytest.raises(files.FileMissing):
            files.get("budgeting/none.jpg")
        files.delete("budgeting/ramp.jpg")
        with pytest.raises(files.FileMissing):
            files.get("budgeting/ramp.jpg")
