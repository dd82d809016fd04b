"""make run's launcher: which state store and how many workers, its private Redis, and the job
lock that lets only one worker run the background jobs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quanyi_app import launcher
from quanyi_app.core import jobs, strings


def _served_by(p: launcher.Profile) -> tuple[str, int]:
    """(the server Reflex is told to use, the worker processes it is told to start)."""
    if p.env["REFLEX_USE_GRANIAN"] == "true":
        return "granian", int(p.env["GRANIAN_WORKERS"])
    return "uvicorn", int(re.findall(r"--workers (\d+)", p.env["GUNICORN_CMD_ARGS"])[-1])


def test_the_default_is_a_private_redis_with_measured_workers(tmp_path):
    p = launcher.profile({}, tmp_path, redis_available=True)
    assert (p.store, p.workers, p.redis_socket) == ("redis", launcher.DEFAULT_WORKERS, tmp_path / "run" / "redis.sock")
    assert p.env["REFLEX_REDIS_URL"] == f"unix://{tmp_path / 'run' / 'redis.sock'}"
    assert _served_by(p) == ("uvicorn", launcher.DEFAULT_WORKERS)  # gunicorn forking uvicorn workers
    assert p.env["GUNICORN_CMD_ARGS"].startswith("--config python:quanyi_app.serving ")
    assert p.env["REFLEX_REDIS_TOKEN_EXPIRATION"] == str(launcher.DEFAULT_SESSION_MINUTES * 60)
    assert int(p.env["REFLEX_REDIS_MAX_CONNECTIONS"]) >= 3  # a bounded pool


def test_without_redis_server_one_process_keeps_state_in_memory(tmp_path, capsys):
    p = launcher.profile({"QUANYI_WORKERS": "4"}, tmp_path, redis_available=False)
    assert (p.store, p.workers, p.redis_socket) == ("memory", 1, None)
    assert p.env["REFLEX_STATE_MANAGER_MODE"] == "memory" and _served_by(p) == ("uvicorn", 1)
    assert strings.BOOT_NO_REDIS in capsys.readouterr().err


def test_a_production_redis_wins_and_settings_are_checked(tmp_path):
    p = launcher.profile(
        {
            "REFLEX_REDIS_URL": "redis://cache:6379/0",
            "QUANYI_WORKERS": "3",
            "QUANYI_SESSION_MINUTES": "5",
            "QUANYI_SECRET_KEY": "k" * 40,
        },
        tmp_path,
        redis_available=False,
    )
    assert (p.store, p.workers, p.redis_socket) == ("redis", 3, None) and _served_by(p) == ("uvicorn", 3)
    assert "REFLEX_REDIS_URL" not in p.env and p.env["REFLEX_REDIS_TOKEN_EXPIRATION"] == "300"
    assert launcher.profile({"QUANYI_STATE_STORE": "disk"}, tmp_path, redis_available=True).workers == 1
    for bad in ({"QUANYI_STATE_STORE": "mongo"}, {"QUANYI_WORKERS": "0"}, {"QUANYI_SESSION_MINUTES": "ten"}):
        with pytest.raises(launcher.LaunchError) as err:
            launcher.profile(bad, tmp_path, redis_available=True)
        assert "配置错误" in str(err.value)


def test_granian_is_chosen_by_setting_and_an_operators_own_gunicorn_arguments_come_last(tmp_path):
    p = launcher.profile({"QUANYI_SERVER": "granian", "QUANYI_WORKERS": "2"}, tmp_path, redis_available=True)
    assert _served_by(p) == ("granian", 2) and "GUNICORN_CMD_ARGS" not in p.env
    memory = launcher.profile({"QUANYI_SERVER": " Granian "}, tmp_path, redis_available=False)
    assert _served_by(memory) == ("granian", 1)
    p = launcher.profile({"QUANYI_SERVER": "uvicorn", "QUANYI_WORKERS": "2"}, tmp_path, redis_available=True)
    assert _served_by(p) == ("uvicorn", 2)
    own = {"QUANYI_WORKERS": "2", "GUNICORN_CMD_ARGS": "--workers 7 --timeout 60"}
    p = launcher.profile(own, tmp_path, redis_available=True)
    assert p.env["GUNICORN_CMD_ARGS"].endswith("--workers 7 --timeout 60") and _served_by(p) == ("uvicorn", 7)
    with pytest.raises(launcher.LaunchError) as err:
        launcher.profile({"QUANYI_SERVER": "nginx-unit"}, tmp_path, redis_available=True)
    assert "配置错误" in str(err.value) and "QUANYI_SERVER" in str(err.value) and "uvicorn / granian" in str(err.value)


@pytest.mark.parametrize(
    "shared",
    [
        {"REFLEX_REDIS_URL": "redis://cache:6379/0"},
        {"QUANYI_DATABASE_URL": "postgresql://quanyi@db/quanyi"},
        {"QUANYI_DATABASE_URL": "postgresql+psycopg://quanyi@db/quanyi", "QUANYI_SECRET_KEY": "  "},
    ],
)
def test_a_node_sharing_postgresql_or_redis_refuses_to_start_without_the_shared_secret(tmp_path, shared):
    with pytest.raises(launcher.LaunchError) as err:
        launcher.profile(shared, tmp_path, redis_available=True)
    assert "QUANYI_SECRET_KEY" in str(err.value) and "所有节点相同" in str(err.value)
    ok = launcher.profile({**shared, "QUANYI_SECRET_KEY": "s" * 40}, tmp_path, redis_available=True)
    assert ok.store == "redis"
    # the embedded default (SQLite, its own Redis) keeps its generated per-installation key
    assert launcher.profile({}, tmp_path, redis_available=True).redis_socket is not None


def test_a_node_refuses_to_serve_a_frontend_never_built(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(launcher, "built_frontend", lambda: tmp_path / "nothing")

    def no_redis(sock):
        raise AssertionError("nothing is started for a node that cannot serve")

    monkeypatch.setattr(launcher, "start_redis", no_redis)
    monkeypatch.setenv("QUANYI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QUANYI_STATE_STORE", "redis")  # its private Redis would be started first
    assert launcher.run(3999, prebuilt=True) == 2
    assert "还没有构建前端" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="make test installs Debian's redis-server")
def test_the_private_redis_answers_on_a_socket_only_its_user_can_open(tmp_path):
    import redis

    sock = tmp_path / "run" / "redis.sock"
    proc = launcher.start_redis(sock)
    try:
        assert redis.Redis(unix_socket_path=str(sock)).ping()
        assert sock.stat().st_mode & 0o777 == 0o700 and sock.parent.stat().st_mode & 0o777 == 0o700
    finally:
        launcher._stop(proc)
    assert proc.returncode is not None


def test_only_one_worker_holds_the_job_lock_until_it_dies(env, tmp_path):
    first = jobs._try_lock("jobs")
    assert first is not None
    assert jobs._try_lock("jobs") is None  # another worker (another open file) waits
    first.close()
    second = jobs._try_lock("jobs")
    assert second is not None
    second.close()
    # A worker killed with -9 gives the lock back (the kernel drops its flock).
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from quanyi_app.core import jobs
                fh = jobs._try_lock("jobs")
                print("held" if fh else "busy", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert jobs._try_lock("jobs") is None
    finally:
        holder.kill()
        holder.wait()
    again = jobs._try_lock("jobs")
    assert again is not None
    again.close()


def test_a_change_in_any_worker_rings_the_sender(env):
    """The sender runs in one worker; a change handled by another rings it through the wake file."""
    from quanyi_app.core.notify import services as notify

    before = notify.wake_mark()
    subprocess.run(
        [sys.executable, "-c", "from quanyi_app.core.notify import services; services.wake()"],
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert notify.wake_mark() > before
