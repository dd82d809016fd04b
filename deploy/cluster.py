"""``make cluster``: the production shape on one machine — PostgreSQL, Redis, several app nodes
(each with several workers) and nginx in front, all on private ports, on Debian's own engines.

    python deploy/cluster.py [--port 8080] [--nodes 2] [--workers 2] [--data data/cluster]

- PostgreSQL (data in ``<data>/pg``; as root, in /var/tmp where the ``postgres`` user can reach it),
  Redis (Reflex's shared state store, nothing persisted), one photo folder all nodes share (or the
  bucket ``QUANYI_STORAGE_URL`` names), and one ``QUANYI_SECRET_KEY`` for every node (kept in
  ``<data>/secret_key`` unless given).
- The frontend is built once for the public address; every node serves that build
  (``python -m quanyi_app.cli node``) with its own run folder (its job and sender locks).
- nginx (deploy/nginx.conf) serves everything on one port, websockets included.

It prints the address, a sample scan URL and the admin's login (``QUANYI_ADMIN_PASSWORD``, or a
generated password printed once, as ``make run`` does), writes ``<data>/cluster.json`` (ports and
process ids: the cluster test and the load bench read it) and runs until Ctrl-C, then stops
everything it started. A node that dies is not restarted here (systemd does that on servers,
deploy/systemd/): the others keep serving.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


class ClusterError(Exception):
    """Something the operator must fix; the message is Chinese."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _is_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--", *cmd] if _is_root() else cmd


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise ClusterError("未找到 PostgreSQL:请安装 Debian 的 postgresql 软件包(make cluster 会自动安装)。")
    return found[-1].parent


def _need(program: str, package: str) -> str:
    path = shutil.which(program) or (f"/usr/sbin/{program}" if Path(f"/usr/sbin/{program}").exists() else None)
    if not path:
        raise ClusterError(f"未找到 {program}:请安装 Debian 的 {package} 软件包(make cluster 会自动安装)。")
    return path


def _wait(check, what: str, proc: subprocess.Popen | None, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise ClusterError(f"{what} 启动失败(退出码 {proc.returncode}),日志 {log}:\n{tail}")
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.3)
    raise ClusterError(f"{what} 在 {timeout:.0f} 秒内没有就绪,日志:{log}")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=3) as r:
        return r.status == 200


@dataclass
class Cluster:
    data: Path
    port: int
    nodes: int = 2
    workers: int = 2
    pg_port: int = 0
    redis_port: int = 0
    node_ports: list[int] = field(default_factory=list)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = self.data.resolve()
        self.pg_port = self.pg_port or free_port()
        self.redis_port = self.redis_port or free_port()
        self.node_ports = self.node_ports or [free_port() for _ in range(self.nodes)]
        self.logs = self.data / "logs"

    # ---- where things live ---------------------------------------------------------------

    def _outside(self, kind: str) -> Path:
        """As root, a folder another user (postgres, nginx's nobody) can reach: not under a
        root-only home or pytest's temporary folder. Stable for the same data folder."""
        import hashlib

        return Path("/var/tmp") / f"quanyi-cluster-{kind}-{hashlib.sha256(str(self.data).encode()).hexdigest()[:10]}"

    @property
    def pg_dir(self) -> Path:
        return self._outside("pg") if _is_root() else self.data / "pg"

    @property
    def nginx_tmp(self) -> Path:
        return self._outside("nginx") if _is_root() else self.data / "nginx" / "tmp"

    @property
    def public_url(self) -> str:
        return os.environ.get("QUANYI_PUBLIC_URL", "").strip() or f"http://localhost:{self.port}"

    @property
    def database_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.pg_port}/quanyi"

    def secret_key(self) -> str:
        given = os.environ.get("QUANYI_SECRET_KEY", "").strip()
        if given:
            return given
        key_file = self.data / "secret_key"
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
        return key_file.read_text().strip()

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_REDIS")}
        env.update(
            QUANYI_DATABASE_URL=self.database_url,
            QUANYI_PUBLIC_URL=self.public_url,
            QUANYI_SECRET_KEY=self.secret_key(),
            QUANYI_UPLOAD_DIR=str(self.data / "uploads"),  # one folder for all nodes (NFS on servers)
            QUANYI_DATA_DIR=str(self.data / "shared"),
            QUANYI_WORKERS=str(self.workers),
            REFLEX_REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            REFLEX_WEB_WORKDIR=str(self.data / "web"),  # the cluster's build, apart from make run's .web
            REFLEX_TELEMETRY_ENABLED="false",
            PYTHONPATH=str(ROOT),
        )
        env.update(extra)
        return env

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = self.logs / f"{name}.log"
        with open(log, "a") as fh:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env or dict(os.environ), stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs[name] = proc
        return proc

    # ---- the pieces --------------------------------------------------------------------------

    def start_postgres(self) -> None:
        bin_dir, pg = _pg_bin(), self.pg_dir
        if not (pg / "data" / "PG_VERSION").exists():
            pg.mkdir(parents=True, exist_ok=True)
            if _is_root():
                pw = pwd.getpwnam("postgres")
                os.chown(pg, pw.pw_uid, pw.pw_gid)
            subprocess.run(
                _as_postgres(
                    [str(bin_dir / "initdb"), "-D", str(pg / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        args = [
            str(bin_dir / "postgres"),
            "-D",
            str(pg / "data"),
            "-p",
            str(self.pg_port),
            "-k",
            str(pg),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=300",
        ]
        log = self.logs / "postgres.log"
        proc = self._spawn("postgres", _as_postgres(args))
        _wait(self._pg_ready, "PostgreSQL", proc, log, 60)

    def _pg_ready(self) -> bool:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.pg_port} user=postgres dbname=postgres", autocommit=True) as c:
            if c.execute("SELECT 1 FROM pg_database WHERE datname = 'quanyi'").fetchone() is None:
                c.execute("CREATE DATABASE quanyi")
        return True

    def start_redis(self) -> None:
        redis = _need("redis-server", "redis-server")
        (self.data / "redis").mkdir(exist_ok=True)
        args = [redis, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        proc = self._spawn("redis", [*args, "--dir", str(self.data / "redis"), "--maxclients", "10000"])
        _wait(lambda: self._redis_ping(), "Redis", proc, self.logs / "redis.log", 30)

    def _redis_ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def setup_and_build(self) -> str:
        """Migrate, load the demo data and the first admin (as make run does), then build the
        frontend once for the public address. Returns set-up's own report."""
        py = sys.executable
        setup = subprocess.run(
            [py, "-m", "quanyi_app.cli", "setup"], cwd=ROOT, env=self.env(), capture_output=True, text=True
        )
        if setup.returncode:
            raise ClusterError(setup.stderr.strip() or setup.stdout.strip())
        with open(self.logs / "build.log", "w") as fh:
            built = subprocess.run(
                [py, "-m", "quanyi_app.cli", "build"], cwd=ROOT, env=self.env(), stdout=fh, stderr=subprocess.STDOUT
            )
        if built.returncode:
            raise ClusterError(f"前端构建失败,日志:{self.logs / 'build.log'}")
        return setup.stdout

    def start_node(self, index: int) -> subprocess.Popen:
        name = f"node-{index + 1}"
        env = self.env(QUANYI_DATA_DIR=str(self.data / name))  # this node's run folder: its own locks
        port = str(self.node_ports[index])
        return self._spawn(name, [sys.executable, "-m", "quanyi_app.cli", "node", "--port", port], env)

    def wait_node(self, index: int) -> None:
        name, port = f"node-{index + 1}", self.node_ports[index]
        proc = self.procs[name]
        _wait(lambda: http_ok(f"http://127.0.0.1:{port}/api/health"), name, proc, self.logs / f"{name}.log", 300)

    def start_nginx(self) -> None:
        nginx = _need("nginx", "nginx")
        prefix, tmp = self.data / "nginx", self.nginx_tmp
        prefix.mkdir(exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp / sub).mkdir(parents=True, exist_ok=True)
        user = ""
        if _is_root():  # nginx's workers drop to nobody: let them write their request buffers
            nobody = pwd.getpwnam("nobody")
            for path in [tmp, *tmp.iterdir()]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            user = "user nobody nogroup;"
        nodes = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.node_ports)
        conf = (HERE / "nginx.conf").read_text()
        marks = {"@@PREFIX@@": str(prefix), "@@TMP@@": str(tmp), "@@LISTEN@@": str(self.port), "@@NODES@@": nodes}
        for mark, value in marks.items():
            conf = conf.replace(mark, value)
        conf = conf.replace("@@USER@@", user)
        (prefix / "nginx.conf").write_text(conf)
        test = subprocess.run(
            [nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True, text=True
        )
        if test.returncode:
            raise ClusterError(f"nginx 配置有误:{test.stderr.strip()}")
        proc = self._spawn("nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
        _wait(lambda: http_ok(f"http://127.0.0.1:{self.port}/api/health"), "nginx", proc, prefix / "error.log", 30)

    def write_status(self) -> None:
        status = {
            "url": self.public_url,
            "port": self.port,
            "database_url": self.database_url,
            "redis_url": f"redis://127.0.0.1:{self.redis_port}/0",
            "nodes": [
                {"name": f"node-{i + 1}", "port": p, "pid": self.procs[f"node-{i + 1}"].pid}
                for i, p in enumerate(self.node_ports)
            ],
            "pids": {name: proc.pid for name, proc in self.procs.items()},
            "access_log": str(self.data / "nginx" / "access.log"),
            "pg_dir": str(self.pg_dir),
            "nginx_tmp": str(self.nginx_tmp),
            "env": {k: v for k, v in self.env().items() if k.startswith(("QUANYI_", "REFLEX_"))},
        }
        (self.data / "cluster.json").write_text(json.dumps(status, indent=2, ensure_ascii=False))

    def start(self) -> str:
        self.data.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        (self.data / "cluster.json").unlink(missing_ok=True)
        self.start_postgres()
        self.start_redis()
        report = self.setup_and_build()
        for i in range(self.nodes):
            self.start_node(i)
        for i in range(self.nodes):
            self.wait_node(i)
        self.start_nginx()
        self.write_status()
        return report

    def stop(self) -> None:
        """Front to back: nginx, the nodes, Redis, then PostgreSQL (a fast, clean shutdown), each
        given 30 s. Ctrl-C (or SIGTERM) again meanwhile hurries it instead of cutting it short,
        which left the rest running: what is still running is then ended at once (PostgreSQL by
        its immediate shutdown, the others by SIGKILL)."""
        hurry = threading.Event()

        def _hurry(signum, _frame) -> None:
            if not hurry.is_set():
                print("再次收到停止信号:其余进程立即结束……", flush=True)
            hurry.set()

        in_main = threading.current_thread() is threading.main_thread()
        before = {sig: signal.signal(sig, _hurry) for sig in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
        try:
            order = ["nginx", *[f"node-{i + 1}" for i in range(self.nodes)], "redis", "postgres"]
            for name in order:
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is None:
                    self._end(name, proc, hurry)
        finally:
            for sig, handler in before.items():
                signal.signal(sig, handler)

    @staticmethod
    def _end(name: str, proc: subprocess.Popen, hurry: threading.Event) -> None:
        def send(sig: int) -> None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass

        # PostgreSQL: SIGINT is its fast shutdown, SIGQUIT its immediate one.
        gentle, firm = (signal.SIGINT, signal.SIGQUIT) if name == "postgres" else (signal.SIGTERM, signal.SIGKILL)
        forced = hurry.is_set()
        send(firm if forced else gentle)
        deadline = time.monotonic() + 30
        while proc.poll() is None:
            if hurry.is_set() and not forced:
                forced = True
                send(firm)
            if time.monotonic() > deadline:
                send(signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Quanyi on PostgreSQL + Redis, several nodes behind nginx")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT") or 8080))
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("QUANYI_WORKERS") or 2))
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "cluster")
    args = parser.parse_args(argv)
    cluster = Cluster(data=args.data, port=args.port, nodes=args.nodes, workers=args.workers)

    def _stop(signum, _frame):
        # Until cluster.stop() takes them over (a second one then hurries the shutdown).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)  # also when started in the background, where Ctrl-C's is ignored
    try:
        print(f"启动集群:PostgreSQL、Redis、{args.nodes} 个应用节点(各 {args.workers} 个工作进程)、nginx……", flush=True)
        report = cluster.start()
        print(report.strip(), flush=True)
        print(
            f"集群已就绪:{cluster.public_url}(nginx → 节点端口 {', '.join(map(str, cluster.node_ports))})", flush=True
        )
        print(f"日志:{cluster.logs};状态:{cluster.data / 'cluster.json'}。按 Ctrl-C 停止。", flush=True)
        while True:
            for name, proc in list(cluster.procs.items()):
                if proc.poll() is not None and not getattr(proc, "_reported", False):
                    proc._reported = True  # type: ignore[attr-defined]
                    print(f"{name} 已退出(退出码 {proc.returncode});其余部分继续服务。", flush=True)
            time.sleep(1)
    except ClusterError as err:
        print(err, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("正在停止集群……", flush=True)
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
