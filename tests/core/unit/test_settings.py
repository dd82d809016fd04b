"""Settings: safe defaults, and a clear Chinese message for every bad value."""

from __future__ import annotations

import stat

import pytest

from quanyi_app.core.settings import SettingsError, load_settings


def test_defaults_run_embedded(tmp_path):
    s = load_settings({"QUANYI_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'quanyi.db'}"
    assert s.public_url == "http://localhost:3000"
    assert s.upload_dir == (tmp_path / "uploads").resolve()
    assert s.admin_password is None
    assert s.event_slots == 64
    assert s.renew_after_crowd == 100
    assert len(s.secret_key) >= 32
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The generated key is kept: a restart does not log everybody out or break signed links.
    assert load_settings({"QUANYI_DATA_DIR": str(tmp_path)}).secret_key == s.secret_key


def test_values_from_environment(tmp_path):
    s = load_settings(
        {
            "QUANYI_DATA_DIR": str(tmp_path),
            "QUANYI_DATABASE_URL": "postgresql://u:p@db/quanyi",
            "QUANYI_PUBLIC_URL": "https://qy.example.edu.cn/",
            "QUANYI_SECRET_KEY": "k" * 40,
            "QUANYI_UPLOAD_DIR": str(tmp_path / "up"),
            "QUANYI_ADMIN_PASSWORD": "a-long-password",
            "QUANYI_EVENT_SLOTS": "0",
            "QUANYI_RENEW_AFTER_CROWD": "0",
        }
    )
    assert s.database_url == "postgresql+psycopg://u:p@db/quanyi"
    assert s.public_url == "https://qy.example.edu.cn"
    assert s.secret_key == "k" * 40
    assert s.upload_dir == (tmp_path / "up").resolve()
    assert s.admin_password == "a-long-password"
    assert s.event_slots == 0  # admission control off
    assert s.renew_after_crowd == 0  # workers never renewed


@pytest.mark.parametrize(
    "key,value,needle",
    [
        ("QUANYI_DATABASE_URL", "mysql://x/y", "QUANYI_DATABASE_URL"),
        ("QUANYI_PUBLIC_URL", "qy.example.edu.cn", "QUANYI_PUBLIC_URL"),
        ("QUANYI_PUBLIC_URL", "ftp://qy.example.edu.cn", "QUANYI_PUBLIC_URL"),
        ("QUANYI_PUBLIC_URL", "https://qy.example.edu.cn/?a=1", "QUANYI_PUBLIC_URL"),
        ("QUANYI_SECRET_KEY", "short", "QUANYI_SECRET_KEY"),
        ("QUANYI_ADMIN_PASSWORD", "123", "QUANYI_ADMIN_PASSWORD"),
        ("QUANYI_EVENT_SLOTS", "-1", "QUANYI_EVENT_SLOTS"),
        ("QUANYI_EVENT_SLOTS", "很多", "QUANYI_EVENT_SLOTS"),
        ("QUANYI_RENEW_AFTER_CROWD", "100人", "QUANYI_RENEW_AFTER_CROWD"),
        ("QUANYI_RENEW_AFTER_CROWD", "-5", "QUANYI_RENEW_AFTER_CROWD"),
    ],
)
def test_bad_values_get_a_chinese_message(tmp_path, key, value, needle):
    with pytest.raises(SettingsError) as err:
        load_settings({"QUANYI_DATA_DIR": str(tmp_path), key: value})
    assert needle in str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


def test_upload_dir_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(SettingsError, match="QUANYI_UPLOAD_DIR"):
        load_settings({"QUANYI_DATA_DIR": str(tmp_path), "QUANYI_UPLOAD_DIR": str(f)})
