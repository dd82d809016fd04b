"""Where photo files live: a local folder (the default) or an S3-compatible bucket.

``QUANYI_STORAGE_URL`` picks it (settings.py validates it):

- unset, or ``file:///path``: a folder (``QUANYI_UPLOAD_DIR`` when unset). On several machines,
  a folder they all mount (NFS).
- ``s3://bucket/prefix?endpoint=https://minio.example:9000&region=cn-north-1``: a bucket through
  boto3. Credentials come the usual boto3 way (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``,
  a profile, an instance role). The bucket stays private: every photo is served through the
  access-checked ``/api/photos/`` route (core/api.py), never by a public bucket URL.

Files are content-addressed (``photos/ab/<sha256>.jpg`` and ``…_t.jpg`` for the thumbnail):
the same name always holds the same bytes, so a write that races another is harmless.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit


class PhotoStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


def photo_key(sha256: str, *, thumb: bool = False) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256 hex digest")
    return f"photos/{sha256[:2]}/{sha256}{'_t' if thumb else ''}.jpg"


@dataclass(frozen=True)
class LocalStore:
    root: Path

    def path(self, key: str) -> Path:
        return Path(self.root) / key

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        if path.exists() and path.stat().st_size == len(data):
            return  # content-addressed: the same name means the same bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


@dataclass(frozen=True)
class S3Store:
    bucket: str
    prefix: str
    endpoint: str | None
    region: str | None

    @property
    def client(self):
        return _s3_client(self.endpoint, self.region)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes) -> None:
        # One PUT is atomic in S3: a reader sees the old object, the new one, or none.
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType="image/jpeg")

    def get(self, key: str) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


@lru_cache(maxsize=4)
def _s3_client(endpoint: str | None, region: str | None):
    import boto3
    from botocore.config import Config

    # A bounded pool and short timeouts: a slow bucket makes one photo fail, not the app hang.
    config = Config(
        connect_timeout=5, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}, max_pool_connections=16
    )
    return boto3.client("s3", endpoint_url=endpoint, region_name=region or "us-east-1", config=config)


class StorageUrlError(ValueError):
    """QUANYI_STORAGE_URL cannot be used; the message is Chinese."""


def parse_storage_url(raw: str, upload_dir: Path) -> PhotoStore:
    """The store ``raw`` names (empty: the local ``upload_dir``)."""
    raw = (raw or "").strip()
    if not raw:
        return LocalStore(Path(upload_dir))
    parts = urlsplit(raw)
    if parts.scheme == "file":
        if not parts.path.startswith("/") or parts.netloc:
            raise StorageUrlError(
                f"QUANYI_STORAGE_URL 的文件夹须是绝对路径,如 file:///srv/quanyi/uploads,而不是 {raw!r}。"
            )
        return LocalStore(Path(parts.path))
    if parts.scheme == "s3":
        if not parts.netloc:
            raise StorageUrlError(
                f"QUANYI_STORAGE_URL 缺少存储桶名:{raw!r}。示例:s3://quanyi-photos/prod?endpoint=https://oss.example.cn"
            )
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint", "region"}
        if unknown:
            raise StorageUrlError(
                f"QUANYI_STORAGE_URL 只认识 endpoint 和 region 两个参数,不认识:{'、'.join(sorted(unknown))}。"
            )
        endpoint = query.get("endpoint") or None
        if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
            raise StorageUrlError(f"QUANYI_STORAGE_URL 的 endpoint 不是网址:{endpoint!r}。")
        return S3Store(bucket=parts.netloc, prefix=parts.path.strip("/"), endpoint=endpoint, region=query.get("region"))
    raise StorageUrlError(
        f"QUANYI_STORAGE_URL 无法识别:{raw!r}。请使用 file:///文件夹 或 s3://存储桶/前缀?endpoint=网址。"
    )


@lru_cache(maxsize=4)
def _store(raw: str, upload_dir: Path) -> PhotoStore:
    return parse_storage_url(raw, upload_dir)


def current_store() -> PhotoStore:
    """The store the settings name (one per distinct setting, so tests that change them get theirs)."""
    from quanyi_app.core.settings import get_settings

    settings = get_settings()
    return _store(settings.storage_url, settings.upload_dir)
