"""``python -m quanyi_app.cli run``: serve the production build on one machine (``make run``).

Reflex keeps a small state per browser tab. Where it keeps it decides what a visitor costs and
whether the app slows with its own history (bench/README.md, "What one phone costs"):

- **redis** (the default): a private ``redis-server`` this launcher starts itself, on a Unix
  socket in the data folder, without persistence. An event loads only the states it touches,
  expiry is Redis's own (no folder rescans), and several worker processes share the load.
- **memory**: Reflex's in-process store, one worker. Used when ``redis-server`` is missing.
- **disk**: Reflex's on-disk store, one worker (kept for comparison in the benchmark).

``REFLEX_REDIS_URL`` set (a production Redis) wins over all three. Settings:
``QUANYI_STATE_STORE`` (redis | memory | disk), ``QUANYI_WORKERS`` (worker processes with Redis),
``QUANYI_SESSION_MINUTES`` (how long an idle tab's state is kept), ``QUANYI_SERVER`` (uvicorn |
granian: what serves the workers; quanyi_app/serving.py says when to choose which).

Several nodes (``make cluster``, deploy/): the frontend is built once (``quanyi build``, for the
address people open) and each node serves that build (``quanyi node``) without rebuilding it.
A node that shares PostgreSQL or Redis with others must be given the same ``QUANYI_SECRET_KEY``
as they are: start-up refuses without one (a key generated per machine would make every cookie,
photo link and form signed on one node void on the next).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from quanyi_app.core import strings

STORES = ("redis", "memory", "disk")
# gunicorn forking uvicorn workers (quanyi_app/serving.py) costs a quarter of Granian's memory per
# connected phone (~45 KB against ~185) with the same tail, on one node and in the cluster's soak;
# Granian is Reflex's default (bench/README.md, "The default server: uvicorn").
SERVERS = ("uvicorn", "granian")
DEFAULT_SERVER = "uvicorn"
# Chosen by measurement on the 2-core machine (bench/phones.py, bench/README.md, "Workers on
# uvicorn"): with Redis, at 2,000 phones two workers answer fastest (p95 ~110 ms against ~220 with
# three or five, ~440 with one) and keep the least per phone, and past capacity they answer as many
# taps as three or five with a shorter tail. (Five did best on Granian, before events got lighter.)
DEFAULT_WORKERS = 2
# An idle tab's state: minutes, not an hour. A tab that comes back later is re-hydrated by Reflex
# (its page loads again); typed text lives in the browser (assets/draft.js).
DEFAULT_SESSION_MINUTES = 10
# Per worker: a bounded pool, and how long an event may wait for one of its connections before it
# is refused ("系统正在恢复"). Under 2,000 phones on two nodes, 32 connections and Reflex's 2 s
# wait refused ~0.1 % of events (bench/README.md, "Scale-out"); the wait stays below the 10 s
# state lock.
REDIS_CONNECTIONS_PER_WORKER = 64
REDIS_POOL_WAIT = "6s"


class LaunchError(Exception):
    """A setting that cannot be served; the message is Chinese and shown as is."""


@dataclass
class Profile:
    store: str
    workers: int
    env: dict[str, str] = field(default_factory=dict)
    redis_socket: Path | None = None


def _positive_int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise LaunchError(strings.BOOT_BAD_NUMBER.format(name=name, value=raw))
    return int(raw)


def shared_profile(env: dict[str, str]) -> bool:
    """Whether this node shares its data with others: a PostgreSQL database or an external Redis."""
    database = env.get("QUANYI_DATABASE_URL", "").strip().lower()
    return database.startswith("postgresql") or bool(env.get("REFLEX_REDIS_URL", "").strip())


def profile(env: dict[str, str], data_dir: Path, *, redis_available: bool) -> Profile:
    """What to run with, from the environment (no side effects)."""
    if shared_profile(env) and not env.get("QUANYI_SECRET_KEY", "").strip():
        raise LaunchError(strings.BOOT_SHARED_NEEDS_SECRET)
    minutes = _positive_int(env, "QUANYI_SESSION_MINUTES", DEFAULT_SESSION_MINUTES)
    base = {"REFLEX_REDIS_TOKEN_EXPIRATION": str(minutes * 60)}
    if env.get("REFLEX_REDIS_URL", "").strip():
        workers = _positive_int(env, "QUANYI_WORKERS", DEFAULT_WORKERS)
        return Profile("redis", workers, {**base, **_redis_env(env, workers)})
    store = env.get("QUANYI_STATE_STORE", "").strip().lower() or "redis"
    if store not in STORES:
        raise LaunchError(strings.BOOT_BAD_STORE.format(value=store, choices=" / ".join(STORES)))
    if store == "redis" and not redis_available:
        print(strings.BOOT_NO_REDIS, file=sys.stderr)
        store = "memory"
    if store == "redis":
        workers = _positive_int(env, "QUANYI_WORKERS", DEFAULT_WORKERS)
        sock = data_dir / "run" / "redis.sock"
        return Profile(
            "redis",
            workers,
            {**base, **_redis_env(env, workers), "REFLEX_REDIS_URL": f"unix://{sock}"},
            redis_socket=sock,
        )
    # One process: Reflex's own stores are not shared between workers.
    return Profile(store, 1, {**base, "REFLEX_STATE_MANAGER_MODE": store, **server_env(env, 1)})


def server_env(env: dict[str, str], workers: int) -> dict[str, str]:
    """gunicorn forking uvicorn workers configured by quanyi_app/serving.py, or Granian's workers
    (when to choose which: its docstring). An operator's own ``GUNICORN_CMD_ARGS`` come last and
    win."""
    server = env.get("QUANYI_SERVER", "").strip().lower() or DEFAULT_SERVER
    if server not in SERVERS:
        raise LaunchError(strings.BOOT_BAD_SERVER.format(value=server, choices=" / ".join(SERVERS)))
    if server == "granian":
        return {"REFLEX_USE_GRANIAN": "true", "GRANIAN_WORKERS": str(workers)}
    args = f"--config python:quanyi_app.serving --worker-class quanyi_app.serving.Worker --workers {workers}"
    extra = env.get("GUNICORN_CMD_ARGS", "").strip()
    return {"REFLEX_USE_GRANIAN": "false", "GUNICORN_CMD_ARGS": f"{args} {extra}".strip()}


def _redis_env(env: dict[str, str], workers: int) -> dict[str, str]:
    # A bounded, shared pool per worker: past it, events wait for a connection instead of opening
    # more (the overload measured before: 1,723 connections left open).
    return {
        **server_env(env, workers),
        "REFLEX_REDIS_MAX_CONNECTIONS": str(REDIS_CONNECTIONS_PER_WORKER),
        "REFLEX_REDIS_POOL_TIMEOUT": REDIS_POOL_WAIT,
    }


def die_with_parent() -> None:
    """Get SIGTERM when the parent process dies, even by ``kill -9`` (Linux): the launcher's
    children, and gunicorn's master (quanyi_app/serving.py)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_redis(sock: Path) -> subprocess.Popen:
    """A private redis-server on a Unix socket only this user can open; state is not persisted
    (a restart starts with no tabs' state, which Reflex rebuilds when they reconnect)."""
    sock.parent.mkdir(parents=True, exist_ok=True)
    sock.parent.chmod(0o700)
    sock.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(sock.parent),
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        preexec_fn=die_with_parent,
    )
    deadline = time.monotonic() + 20
    while not sock.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise LaunchError(strings.BOOT_REDIS_FAILED)
        time.sleep(0.05)
    return proc


def _stop(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def built_frontend() -> Path:
    """Where ``quanyi build`` leaves the pages a node serves (Reflex's web folder)."""
    from reflex.utils import prerequisites

    return prerequisites.get_web_dir() / "build" / "client"


def build(public_url: str) -> int:
    """Build the frontend once for ``public_url`` (the address behind the proxy: the pages open
    their event socket there) — what every node of a cluster then serves."""
    reflex = Path(sys.executable).parent / "reflex"
    args = [str(reflex), "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "warning"]
    return subprocess.call(args, env={**os.environ, "REFLEX_API_URL": public_url})


def serve_built(host: str, port: int) -> None:
    """In the server process: the backend with the built frontend mounted, no compile, no build."""
    from reflex import constants
    from reflex.environment import environment
    from reflex.utils import exec as reflex_exec

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    reflex_exec.run_backend_prod(host, port, constants.LogLevel.WARNING, mount_frontend_compiled_app=True)


def run(
    port: int,
    *,
    backend_only: bool = False,
    prebuilt: bool = False,
    host: str = "0.0.0.0",
    extra_args: list[str] | None = None,
) -> int:
    """Serve until stopped; returns the server's exit status. ``backend_only``: the event socket
    and the API without building the frontend (the load benchmark, bench/phones.py).
    ``prebuilt``: a cluster node, serving what ``quanyi build`` made."""
    from quanyi_app.core.settings import DEFAULT_DATA_DIR

    env = dict(os.environ)
    data_dir = Path(env.get("QUANYI_DATA_DIR", "").strip() or DEFAULT_DATA_DIR).expanduser()
    try:
        chosen = profile(env, data_dir, redis_available=shutil.which("redis-server") is not None)
        if prebuilt and not (built_frontend() / "index.html").exists():
            raise LaunchError(strings.BOOT_NOT_BUILT)
        redis = start_redis(chosen.redis_socket) if chosen.redis_socket else None
    except LaunchError as err:
        print(err, file=sys.stderr)
        return 2
    print(strings.BOOT_STATE_STORE.format(store=chosen.store, workers=chosen.workers))
    reflex = Path(sys.executable).parent / "reflex"
    if prebuilt:
        args = [sys.executable, "-m", "quanyi_app.launcher", host, str(port)]
    else:
        args = [str(reflex), "run", "--env", "prod"]
        args += ["--backend-only"] if backend_only else ["--single-port", "--frontend-port", str(port)]
        args += ["--backend-port", str(port), *(extra_args or [])]
    server = None
    try:
        server = subprocess.Popen(args, env={**env, **chosen.env}, preexec_fn=die_with_parent)
        # Ctrl-C reaches the server through the terminal's process group; a SIGTERM sent to this
        # launcher alone is passed on. Either way the server stops first, then Redis.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda signum, _frame: server.send_signal(signum))
        return server.wait()
    finally:
        _stop(server)
        _stop(redis)


if __name__ == "__main__":  # the server process of a prebuilt node (see ``run``)
    serve_built(sys.argv[1], int(sys.argv[2]))
