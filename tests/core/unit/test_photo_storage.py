"""Photos in shared storage (QUANYI_STORAGE_URL): an S3-compatible bucket (moto's S3 server over
real HTTP) or a folder; the bucket stays private and photos are served through the checked route."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core import strings
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import PhotoRejected
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos import storage
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import SettingsError, get_settings, load_settings
from tests.conftest import photo_fixture, wired_api


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, env, monkeypatch):
    """A fresh private bucket, named by QUANYI_STORAGE_URL."""
    import uuid

    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    name = f"quanyi-{uuid.uuid4().hex[:10]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    monkeypatch.setenv("QUANYI_STORAGE_URL", f"s3://{name}/photos-prod?endpoint={s3_endpoint}")
    get_settings.cache_clear()
    storage._s3_client.cache_clear()
    yield client, name
    get_settings.cache_clear()


def _keys(client, name: str) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def test_photos_go_to_the_bucket_clean_and_come_back_through_the_checked_route(bucket, migrated, upload_dir):
    """Private until published; then served by the route from the bucket (no public bucket URL)."""
    client, name = bucket
    with session_scope() as s:
        photo = photos.store_photo(photo_fixture("gps_DSCN0010.jpg"), session=s)
        sha = photo.sha256
    assert _keys(client, name) == [
        f"photos-prod/photos/{sha[:2]}/{sha}.jpg",
        f"photos-prod/photos/{sha[:2]}/{sha}_t.jpg",
    ]
    assert not any(p.is_file() for p in upload_dir.rglob("*"))  # nothing in the local folder
    stored = client.get_object(Bucket=name, Key=f"photos-prod/photos/{sha[:2]}/{sha}.jpg")["Body"].read()
    assert not Image.open(io.BytesIO(stored)).getexif()  # no GPS, no camera data in the bucket either

    api = TestClient(wired_api())
    assert api.get(f"/api/photos/{sha}.jpg").status_code == 404  # private: not for a stranger
    with session_scope() as s:
        s.exec(select(Photo).where(Photo.sha256 == sha)).one().is_public = True
    ok = api.get(f"/api/photos/{sha}.jpg")
    assert ok.status_code == 200 and ok.content == stored
    assert api.get(f"/api/photos/{sha}_t.jpg").status_code == 200


def test_the_purge_removes_files_from_the_bucket(bucket, migrated):
    client, name = bucket
    with session_scope() as s:
        sha = photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=s).sha256
    assert len(_keys(client, name)) == 2
    photos.remove_files([sha])
    assert _keys(client, name) == []
    assert photos.read_photo(sha) is None


def test_an_unreachable_bucket_refuses_the_upload_and_keeps_no_row(env, migrated, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    monkeypatch.setenv("QUANYI_STORAGE_URL", "s3://nowhere?endpoint=http://127.0.0.1:9")
    get_settings.cache_clear()
    storage._s3_client.cache_clear()
    with pytest.raises(PhotoRejected) as err, session_scope() as s:
        photos.store_photo(photo_fixture("gps_DSCN0021.jpg"), session=s)
    assert err.value.message == strings.PHOTO_STORE_DOWN
    with session_scope() as s:
        assert s.exec(select(Photo)).first() is None
    get_settings.cache_clear()


def test_a_folder_url_is_a_local_store(tmp_path, env):
    store = storage.parse_storage_url(f"file://{tmp_path / 'shared'}", tmp_path / "uploads")
    assert store == storage.LocalStore(tmp_path / "shared")
    store.put("photos/ab/x.jpg", b"1234")
    assert store.get("photos/ab/x.jpg") == b"1234" and store.get("photos/ab/y.jpg") is None


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("ftp://host/x", "无法识别"),
        ("s3:///prefix", "缺少存储桶名"),
        ("s3://b?endpoint=ftp://x", "endpoint 不是网址"),
        ("s3://b?acl=public-read", "不认识:acl"),
        ("file://relative/path", "绝对路径"),
    ],
)
def test_a_bad_storage_url_is_refused_in_chinese(tmp_path, raw, says):
    with pytest.raises(SettingsError) as err:
        load_settings({"QUANYI_DATA_DIR": str(tmp_path), "QUANYI_STORAGE_URL": raw})
    assert "QUANYI_STORAGE_URL" in str(err.value) and says in str(err.value)
