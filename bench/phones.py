"""What one phone costs: many phones on the scan form, over the real event socket.

.venv/bin/python bench/phones.py --store redis --workers 2 --phones 2000
.venv/bin/python bench/phones.py --store disk --phones 2000 --soak-visits 50000
.venv/bin/python bench/phones.py --store redis --crash
.venv/bin/python bench/phones.py --blank --workers 2 --phones 2000   # the reference: a blank Reflex app

Each simulated phone does what Chromium does on /proposals, the app's case form (bench/README.md,
"What one phone costs"; the scan landing /s/<code> is a plain page that opens no websocket): it
opens the Socket.IO websocket at /_event with its own tab token and the signed device cookie,
and hydrates in the connect packet with the page's route and the compiled state hashes. Then,
like the measurement in the issue, it sends an event every 2-4 s (picking a category: the
cheapest round trip the form has now that typing sends nothing) and times each answer.

The server is the launcher ``make run`` uses (``python -m quanyi_app.cli run``, backend only) on a
throw-away database, with the chosen state store and worker count. Reports: phones held,
events/s, p50/p95/p99, errors, server CPU per event, worker and Redis memory per phone, states
stored per visit, and (with --soak-visits) idle CPU and a new phone's latency after that many
visits.
--blank: the same load against a blank Reflex 0.10 app (bench/blank: one page, one small state),
served the same way, as the reference in the same run.
--crash: 240 phones each file one case through the scan landing (an HTTP form post) while the
server is killed with -9 three times; each phone sends its form again (the same idempotency key)
until it gets a tracking code; then none may be lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quanyi_app.launcher import DEFAULT_SERVER, DEFAULT_WORKERS, SERVERS  # noqa: E402

EVENT_TIMEOUT = 30.0
BUSY_JS = "quanyiDraft.busy()"  # in the answer to a tap refused past capacity (core/admission.py)


# ---- the server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    env: dict[str, str]
    data: Path
    scan_code: str
    cwd: Path = ROOT
    health: str = "/api/health"
    proc: subprocess.Popen | None = None
    # Build and serve the pages too, as make run does (bench/lighthouse.py); otherwise only the
    # backend: the event socket and the API.
    frontend: bool = False

    def start(self) -> None:
        log = open(self.data / "server.log", "a")  # noqa: SIM115
        port = self.url.rsplit(":", 1)[1]
        cmd = [sys.executable, "-m", "quanyi_app.cli", "run", "--port", port]
        env = {**self.env, "PYTHONPATH": str(ROOT)}
        if self.frontend:  # as the Makefile does: npm's bun, not a download
            env["REFLEX_USE_SYSTEM_BUN"] = "1"
            env["PATH"] = f"{ROOT / '.bun' / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"
        else:
            cmd.append("--backend-only")
        self.proc = subprocess.Popen(
            [*cmd, "--loglevel", "warning"],
            cwd=self.cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import urllib.request

        deadline = time.monotonic() + (900 if self.frontend else 300)  # a build takes minutes
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + self.health, timeout=3) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"the server did not start; see {self.data / 'server.log'}")

    def kill9(self) -> None:
        """Everything the server started, at once (its process group)."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill9()

    def processes(self):
        """(worker processes, redis process or None)."""
        import psutil

        if self.proc is None:
            return [], None
        try:
            tree = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return [], None
        redis = [p for p in tree if p.name().startswith("redis")]
        return [p for p in tree if p not in redis], (redis[0] if redis else None)


def make_server(
    store: str, workers: int, session_minutes: int, slots: int | None = None, server: str = DEFAULT_SERVER
) -> Server:
    data = Path(tempfile.mkdtemp(prefix=f"quanyi-phones-{store}-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUANYI_", "REFLEX_"))}
    env.update(
        QUANYI_DATA_DIR=str(data),
        QUANYI_DATABASE_URL=f"sqlite:///{data / 'quanyi.db'}",
        QUANYI_PUBLIC_URL=f"http://localhost:{port}",
        QUANYI_SECRET_KEY=uuid.uuid4().hex * 2,
        QUANYI_STATE_STORE=store,
        QUANYI_WORKERS=str(workers),
        QUANYI_SESSION_MINUTES=str(session_minutes),
        QUANYI_SERVER=server,
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_STATES_WORKDIR=str(data / "states"),
    )
    if slots is not None:
        env["QUANYI_EVENT_SLOTS"] = str(slots)
    setup = subprocess.run(
        [sys.executable, "-m", "quanyi_app.cli", "setup"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if setup.returncode:
        raise SystemExit(setup.stderr)
    code = re.search(r"/s/([A-Za-z0-9_-]+)", setup.stdout).group(1)
    return Server(url=f"http://localhost:{port}", env=env, data=data, scan_code=code)


def make_blank_server(workers: int, session_minutes: int, server: str = DEFAULT_SERVER) -> Server:
    """The blank reference app, served by the same launcher (its Redis, its workers, its server)."""
    data = Path(tempfile.mkdtemp(prefix="quanyi-phones-blank-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUANYI_", "REFLEX_"))}
    env.update(
        QUANYI_DATA_DIR=str(data),
        QUANYI_WORKERS=str(workers),
        QUANYI_SESSION_MINUTES=str(session_minutes),
        QUANYI_SERVER=server,
        REFLEX_TELEMETRY_ENABLED="false",
    )
    return Server(
        url=f"http://localhost:{port}",
        env=env,
        data=data,
        scan_code="blank",
        cwd=ROOT / "bench" / "blank",
        health="/ping",
    )


# ---- what a phone sends -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """The scan page as the compiled frontend knows it: state names, hashes, schema."""

    path: str
    query: dict
    hydrate: str
    set_category: str
    submit: str
    hashes: list[str]
    schema: str


def form_page(server: Server) -> Page:
    """/proposals, the app's own case form (the scan landing /s/<code> is a plain page now: it
    opens no websocket and costs the state store nothing)."""
    os.environ.update({k: v for k, v in server.env.items() if k.startswith("QUANYI_")})
    import reflex as rx
    from reflex.compiler.utils import compile_state
    from reflex.state import state_snapshot_hashes

    import quanyi_app.quanyi_app  # noqa: F401
    from quanyi_app.proposals.state.submit import SubmitState

    root = rx.State.get_full_name()
    return Page(
        path="/proposals",
        query={},
        hydrate=f"{root}.hydrate_and_load",
        set_category=f"{SubmitState.get_full_name()}.set_category",
        submit=f"{SubmitState.get_full_name()}.submit",
        hashes=state_snapshot_hashes(compile_state(rx.State)),
        schema=rx.State._to_frontend_schema(),
    )


def blank_page() -> Page:
    sys.path.insert(0, str(ROOT / "bench" / "blank"))
    import reflex as rx
    from blank.blank import FormState
    from reflex.compiler.utils import compile_state
    from reflex.state import state_snapshot_hashes

    return Page(
        path="/s/blank",
        query={"code": "blank"},
        hydrate=f"{rx.State.get_full_name()}.hydrate_and_load",
        set_category=f"{FormState.get_full_name()}.set_category",
        submit="",
        hashes=state_snapshot_hashes(compile_state(rx.State)),
        schema=rx.State._to_frontend_schema(),
    )


def device_cookie(server: Server) -> str:
    if server.scan_code == "blank":
        return "none"
    from quanyi_app.core.accounts import cookies

    return cookies.new_device_cookie()


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    connected: int = 0
    events: int = 0
    # taps answered at once with "人多,稍等" (past capacity), and how long that answer took
    refusals: list[float] = field(default_factory=list)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Phone:
    def __init__(self, server: Server, page: Page, stats: Stats):
        import socketio

        self.server, self.page, self.stats = server, page, stats
        self.token = str(uuid.uuid4())
        self.cookie = device_cookie(server)
        self.sio = socketio.AsyncClient(reconnection=False, request_timeout=EVENT_TIMEOUT)
        self.answer: asyncio.Future | None = None
        self.refused = False  # the last answer was "人多,稍等"
        self.hydrated = asyncio.Event()
        self.deltas: list[dict] = []
        self.sio.on("event", self._on_update, namespace="/_event")

    def _router(self) -> dict:
        return {"pathname": self.page.path, "asPath": self.page.path, "query": self.page.query}

    async def _on_update(self, update):
        waiting = self.answer is not None and not self.answer.done()
        if waiting and BUSY_JS in json.dumps((update or {}).get("events") or []):
            self.refused = True
            self.answer.set_result(time.perf_counter())
            return
        delta = (update or {}).get("delta") or {}
        self.deltas.append(delta)
        root = delta.get(self.page.hydrate.rsplit(".", 1)[0], {})
        if root.get("is_hydrated_rx_state_") is True:
            self.hydrated.set()
        if waiting and len(delta) and not root:
            self.answer.set_result(time.perf_counter())

    def _cookies(self) -> str:
        return f"quanyi_device={self.cookie}"

    async def connect(self) -> bool:
        boot = {"name": self.page.hydrate, "payload": {"hashes": self.page.hashes}, "router_data": self._router()}
        self.hydrated.clear()  # a reconnect waits for its own hydrate
        try:
            await self.sio.connect(
                f"{self.server.url}?token={self.token}",
                socketio_path="/_event",
                namespaces=["/_event"],
                transports=["websocket"],
                headers={**BROWSER_HEADERS, "Cookie": self._cookies(), "Origin": self.server.url},
                auth={"event": boot, "state_schema": self.page.schema},
                wait_timeout=EVENT_TIMEOUT,
            )
            await asyncio.wait_for(self.hydrated.wait(), EVENT_TIMEOUT)
        except Exception as err:
            self.stats.error(f"connect: {type(err).__name__}")
            return False
        self.stats.connected += 1
        return True

    async def send(self, name: str, payload: dict) -> float | None:
        """Send one event; the seconds until its answer arrived (None: an error, counted, or a
        refusal past capacity, timed in ``stats.refusals``)."""
        self.answer = answer = asyncio.get_running_loop().create_future()
        self.refused = False
        start = time.perf_counter()
        try:
            await self.sio.emit(
                "event", {"name": name, "payload": payload, "router_data": self._router()}, namespace="/_event"
            )
            done = await asyncio.wait_for(asyncio.shield(answer), EVENT_TIMEOUT)
        except TimeoutError:
            # Counted as an error, but like the page (whose events wait in line) the phone sends
            # nothing more until this answer comes: no pile of stale events on a busy server.
            self.stats.error("event: no answer in 30 s")
            try:
                done = await asyncio.wait_for(answer, 4 * EVENT_TIMEOUT)
            except Exception:
                return None
            self.stats.events += 1
            return done - start
        except Exception as err:
            self.stats.error(f"event: {type(err).__name__}")
            return None
        self.stats.events += 1
        if self.refused:
            self.stats.refusals.append(done - start)
            return None
        return done - start

    async def close(self) -> None:
        try:
            await self.sio.disconnect()
            if self.sio.eio.http is not None:
                await self.sio.eio.http.close()
        except Exception:
            pass


# ---- measurements -------------------------------------------------------------------------------


def memory(server: Server) -> tuple[float, float]:
    """(worker processes' unique memory, Redis used_memory), in bytes."""
    workers, redis_proc = server.processes()
    uss = 0.0
    for p in workers:
        try:
            uss += p.memory_full_info().uss
        except Exception:
            pass
    return uss, redis_info(server).get("used_memory", 0.0)


def redis_client(server: Server):
    sock = server.data / "run" / "redis.sock"
    if not sock.exists():
        return None
    import redis

    return redis.Redis(unix_socket_path=str(sock))


def redis_info(server: Server) -> dict:
    r = redis_client(server)
    if r is None:
        return {}
    info = r.info("memory")
    clients = r.info("clients")["connected_clients"]
    return {"used_memory": float(info["used_memory"]), "keys": float(r.dbsize()), "connections": float(clients)}


def stored_per_tab(server: Server, tokens: list[str]) -> tuple[float, float]:
    """(states stored per tab, bytes they take in Redis), averaged over ``tokens``: Redis keys and
    their MEMORY USAGE (with the token's socket record), or the files of the disk store."""
    from hashlib import md5

    r = redis_client(server)
    counts, sizes = [], []
    for token in tokens:
        if r is not None:
            keys = [k for k in r.keys(f"{token}_*") if not k.endswith((b"_lock", b"_lock_waiters"))]  # states only
            counts.append(len(keys))
            extra = r.keys(f"token_manager_socket_record_{token}")
            sizes.append(sum(r.memory_usage(k) or 0 for k in [*keys, *extra]))
        else:
            from tests.support.statestore import all_states

            names = [cls.get_full_name() for cls in all_states()]
            folder = server.data / "states"
            files = [folder / f"{md5(f'{token}_{n}'.encode()).hexdigest()}.pkl" for n in names]
            counts.append(sum(f.exists() for f in files))
    return (statistics.mean(counts) if counts else 0.0), (statistics.mean(sizes) if sizes else 0.0)


def cpu_seconds(server: Server) -> float:
    workers, redis_proc = server.processes()
    total = 0.0
    for p in [*workers, *([redis_proc] if redis_proc else [])]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except Exception:
            pass
    return total


# What a phone's browser sends with the websocket handshake besides its cookie and origin (WeChat's
# in-app browser on Android; the socket client adds Host, Upgrade, Connection and the key itself).
BROWSER_HEADERS = {
    "Pragma": "no-cache",
    "Cache-Control": "no-cache",
    "User-Agent": (
        "Mozilla/5.0 (Linux; Android 14; V2307A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like"
        " Gecko) Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300289 MMWEBSDK/20241103"
        " MMWEBID/7312 MicroMessenger/8.0.55.2780(0x28003737) WeChat/arm64 Weixin NetType/WIFI"
        " Language/zh_CN ABI/arm64"
    ),
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "Accept-Language": "zh-CN,zh-SG;q=0.9,zh;q=0.8,en-US;q=0.7,en;q=0.6",
    "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# ---- scenarios ----------------------------------------------------------------------------------


async def hold(server: Server, page: Page, phones: int, ramp_per_s: float, hold_s: float, linger_s: float = 0) -> dict:
    """Ramp up ``phones`` phones, each picking a category every 2-4 s, hold, then report.
    With ``linger_s``, the phones then leave and the workers' memory is measured again that long
    after: what they gave back."""
    stats = Stats()
    await visits(server, page, 20, concurrency=5)  # warm the workers up before the baseline
    mem0 = memory(server)
    cpu0, gen0 = time.monotonic(), time.process_time()
    crowd: list[Phone] = []
    stop = asyncio.Event()
    measuring = asyncio.Event()

    async def life(ph: Phone):
        if not await ph.connect():
            return
        categories = ["1", "2", "3"]
        while not stop.is_set():
            await asyncio.sleep(random.uniform(2, 4))
            if stop.is_set():
                break
            took = await ph.send(page.set_category, {"value": random.choice(categories)})
            if took is not None and measuring.is_set():
                stats.latencies.append(took)

    tasks = []
    # Memory with half the phones in and with all of them (each after 5 s): the slope between the
    # two is what one more phone costs, apart from what a worker's first minutes under load cost
    # once (its pools, caches, pages it shared with its parent until it wrote them).
    half = phones // 2
    mem_half = mem0
    for n in range(1, phones + 1):
        ph = Phone(server, page, stats)
        crowd.append(ph)
        tasks.append(asyncio.create_task(life(ph)))
        await asyncio.sleep(1 / ramp_per_s)
        if n == half:
            await asyncio.sleep(5)
            mem_half = memory(server)
    await asyncio.sleep(5)
    mem_full = memory(server)
    measuring.set()
    t0, ev0, ref0, server_cpu0 = time.monotonic(), stats.events, len(stats.refusals), cpu_seconds(server)
    await asyncio.sleep(hold_s)
    elapsed, events = time.monotonic() - t0, stats.events - ev0
    server_cpu = cpu_seconds(server) - server_cpu0
    refusals = stats.refusals[ref0:]
    mem1 = memory(server)
    redis_connections = redis_info(server).get("connections", 0)
    held = sum(1 for ph in crowd if ph.sio.connected)
    generator_cpu = (time.process_time() - gen0) / (time.monotonic() - cpu0)
    stored, stored_bytes = stored_per_tab(server, [ph.token for ph in random.sample(crowd, min(50, len(crowd)))])
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.gather(*(ph.close() for ph in crowd), return_exceptions=True)
    after_leaving = {}
    if linger_s:
        serving = {p.pid for p in server.processes()[0]}
        await asyncio.sleep(linger_s)
        mem2 = memory(server)
        after_leaving = {
            "worker_kb_per_phone_after_leaving": (mem2[0] - mem0[0]) / phones / 1024,
            # The workers' (and gunicorn master's) unique memory before the phones, with them, after.
            "workers_mb": [round(m[0] / 2**20, 1) for m in (mem0, mem1, mem2)],
            # Worker processes that were not there while the phones were: fresh ones forked after a
            # worker renewed itself (quanyi_app/core/memory.py).
            "workers_renewed": len({p.pid for p in server.processes()[0]} - serving),
        }
    return {
        "phones": phones,
        "held": held,
        "events_per_s": events / elapsed,
        # CPU the workers and Redis spent per answered event while all phones were in: what an
        # event costs, less disturbed by a noisy machine than its latency.
        "server_cpu_ms_per_event": server_cpu / events * 1000 if events else float("nan"),
        "p50_ms": pct(stats.latencies, 50) * 1000,
        "p95_ms": pct(stats.latencies, 95) * 1000,
        "p99_ms": pct(stats.latencies, 99) * 1000,
        "max_ms": max(stats.latencies, default=float("nan")) * 1000,
        "over_5s": sum(1 for t in stats.latencies if t > 5),
        "refused": len(refusals),
        "refused_share": len(refusals) / events if events else 0.0,
        "refusal_p95_ms": pct(refusals, 95) * 1000,
        "errors": sum(stats.errors.values()),
        "error_kinds": stats.errors,
        "worker_kb_per_phone": (mem1[0] - mem0[0]) / phones / 1024,
        "worker_kb_per_added_phone": (mem_full[0] - mem_half[0]) / max(1, phones - half) / 1024,
        "redis_kb_per_session": stored_bytes / 1024,
        "redis_used_memory_kb_per_phone": (mem1[1] - mem0[1]) / phones / 1024,
        "states_per_visit": stored,
        "redis_connections": redis_connections,
        "load_generator_cpu": generator_cpu,
        **after_leaving,
    }


async def visits(server: Server, page: Page, n: int, concurrency: int = 50) -> dict:
    """``n`` short visits (hydrate, then leave), as after a busy hour."""
    stats = Stats()
    queue = iter(range(n))

    async def worker():
        for _ in queue:
            ph = Phone(server, page, stats)
            if await ph.connect():
                await ph.close()

    t0 = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {"visits": n, "seconds": time.monotonic() - t0, "errors": sum(stats.errors.values())}


def idle_cpu(server: Server, seconds: float = 30) -> float:
    """Share of one core the server (workers and Redis) burns while nobody is connected."""
    c0, t0 = cpu_seconds(server), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(server) - c0) / (time.monotonic() - t0)


async def crash(server: Server, page: Page, cases: int = 240, kills: int = 3) -> dict:
    """``cases`` phones each file one case through the scan landing (/s/<code>, a plain HTTP form
    post, as students do); the server is killed with -9 ``kills`` times meanwhile. A phone whose
    answer is lost sends the same form again (the same idempotency key), as a reload does."""
    import aiohttp
    from sqlalchemy import create_engine, text

    engine = create_engine(server.env["QUANYI_DATABASE_URL"])
    with engine.connect() as conn:  # spread over the QR points: each has its own hourly budget
        scan_codes = [r[0] for r in conn.execute(text("SELECT code FROM qr_code WHERE active ORDER BY code"))]
    engine.dispose()
    codes: dict[int, str] = {}
    keys = {i: uuid.uuid4().hex for i in range(cases)}
    restarting = asyncio.Event()
    timeout = aiohttp.ClientTimeout(total=EVENT_TIMEOUT)

    async def file_one(i: int):
        from quanyi_app.core.accounts import cookies

        url = f"{server.url}/s/{scan_codes[i % len(scan_codes)]}"
        jar = {cookies.DEVICE_COOKIE: device_cookie(server)}
        async with aiohttp.ClientSession(cookies=jar, timeout=timeout) as http:
            for _attempt in range(60):
                while restarting.is_set():
                    await asyncio.sleep(0.5)
                form = aiohttp.FormData()
                form.add_field("submit_key", keys[i])
                form.add_field("category", "1")
                form.add_field("description", f"压测第 {i} 条:宿舍热水器坏了,请尽快维修。")
                try:
                    async with http.post(url, data=form) as r:
                        body = await r.text()
                except (TimeoutError, aiohttp.ClientError):
                    await asyncio.sleep(1)
                    continue
                found = re.search(r'id="tracking-code">([a-z0-9]+)<', body)
                if r.status == 200 and found:
                    codes[i] = found.group(1)
                    return
                await asyncio.sleep(1)

    async def killer():
        for _ in range(kills):
            await asyncio.sleep(random.uniform(3, 6))
            restarting.set()
            await asyncio.to_thread(server.kill9)
            await asyncio.to_thread(server.start)
            restarting.clear()

    await asyncio.gather(killer(), *(file_one(i) for i in range(cases)))
    engine = create_engine(server.env["QUANYI_DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT idempotency_key, tracking_code FROM case_report WHERE source = 'qr'")).all()
    engine.dispose()
    by_key: dict[str, list[str]] = {}
    for key, code in rows:
        by_key.setdefault(key, []).append(code)
    lost = [i for i in range(cases) if keys[i] not in by_key]
    doubled = [k for k, v in by_key.items() if len(v) > 1]
    mismatched = [i for i, c in codes.items() if by_key.get(keys[i], [None])[0] != c]
    return {
        "cases": cases,
        "qr_points": len(scan_codes),
        "kills": kills,
        "answered": len(codes),
        "stored": len(rows),
        "lost": len(lost),
        "duplicated": len(doubled),
        "mismatched": len(mismatched),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["redis", "memory", "disk"], default="redis")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="worker processes (as make run)")
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--ramp", type=float, default=50, help="new phones per second")
    parser.add_argument("--hold", type=float, default=60, help="seconds measured once all are in")
    parser.add_argument(
        "--linger", type=float, default=0, help="then let the phones leave and measure memory this long after"
    )
    parser.add_argument("--soak-visits", type=int, default=0)
    parser.add_argument("--session-minutes", type=int, default=10)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--slots", type=int, help="events each worker runs at a time (0: no admission control)")
    parser.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER, help="QUANYI_SERVER")
    parser.add_argument("--blank", action="store_true", help="the blank Reflex app instead of Quanyi")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    if args.blank:
        server, page = make_blank_server(args.workers, args.session_minutes, args.server), blank_page()
    else:
        server = make_server(args.store, args.workers, args.session_minutes, args.slots, args.server)
        page = form_page(server)
    server.start()
    result: dict = {
        "app": "blank Reflex" if args.blank else "Quanyi",
        "store": "redis" if args.blank else args.store,
        "workers": args.workers if args.blank or args.store == "redis" else 1,
        "event_slots": args.slots,
        "server": args.server,
    }
    try:
        if args.crash:
            result["crash"] = asyncio.run(crash(server, page))
        else:
            result["idle_cpu_start"] = idle_cpu(server, 10)
            result["load"] = asyncio.run(hold(server, page, args.phones, args.ramp, args.hold, args.linger))
            if args.soak_visits:
                result["soak"] = asyncio.run(visits(server, page, args.soak_visits))
                result["soak"]["idle_cpu_after"] = idle_cpu(server, 30)
                result["soak"]["redis_keys"] = redis_info(server).get("keys")
                result["soak"]["state_files"] = sum(1 for _ in (server.data / "states").glob("*.pkl"))
                after = asyncio.run(hold(server, page, 20, 20, 60))
                result["soak"]["new_phone_p95_ms"] = after["p95_ms"]
                result["soak"]["new_phone_errors"] = after["errors"]
    finally:
        server.stop()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
