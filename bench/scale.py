"""Scale-out: the cluster (``make cluster``: PostgreSQL, Redis, nodes behind nginx) under what real
phones and staff do, and faults during a load run.

.venv/bin/python bench/scale.py --nodes 2 --workers 2 --phones 2000            # the load table
.venv/bin/python bench/scale.py --nodes 1 --workers 1 --phones 2000            # 1 worker / 1 node
.venv/bin/python bench/scale.py --nodes 2 --workers 2 --phones 2000 --hold 600 # the 10-minute soak
.venv/bin/python bench/scale.py --fault node        # kill -9 one node during the load
.venv/bin/python bench/scale.py --fault redis       # restart Redis during the load
.venv/bin/python bench/scale.py --fault postgres    # restart PostgreSQL during the load

The cluster is started by deploy/cluster.py itself on a throw-away data folder; everything goes
through nginx, as on a campus. During the measured hold:

- **phones** (the connected sessions): Socket.IO clients that open the app's case form
  (/proposals) as Chromium does — the websocket, the hydrate with the compiled state hashes and
  the device cookie — then send an event every 2–4 s (bench/phones.py's Phone). A phone whose
  socket drops reconnects and hydrates again, as the page does.
- **students over plain HTTP**: the scan landing (/s/<code>) opened and a case filed (one in five
  with a real photo), /found browsed and searched, a survey opened and answered.
- **staff**: tabs on the inbox (/staff/cases) over the websocket, logged in, flipping its filter.

Reported: sessions held, new sessions/s during the ramp, events/s and p50/p95/p99 event latency
(phones; staff apart), HTTP requests and their p95 by kind, errors, worker memory per session,
Redis memory per session, and (every 30 s) worker and Redis memory, for the soak's curve.
With --fault, the cases filed over HTTP carry idempotency keys and are sent again until
answered (as a reload does); afterwards none may be lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from phones import EVENT_TIMEOUT, Page, Phone, Stats, form_page, pct  # noqa: E402

from quanyi_app.launcher import DEFAULT_SERVER, SERVERS  # noqa: E402

RECOVERING = "系统正在恢复"
REFUSED, DROPPED = -1e9, -1e12  # an event's "time" when answered by the notice / lost with its socket
_ESCAPED = json.dumps(RECOVERING)[1:-1]  # \u7cfb…: as Reflex writes it into a toast's script
RECOVERING_JSON = (_ESCAPED, _ESCAPED.replace("\\", "\\\\"))
ADMIN_PASSWORD = "bench-admin-" + uuid.uuid4().hex[:8]
PHOTO = ROOT.parent / "shared" / "fixtures" / "photos" / "gps_DSCN0010.jpg"


def _deploy_cluster():
    spec = importlib.util.spec_from_file_location("deploy_cluster", ROOT / "deploy" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["deploy_cluster"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass
class Target:
    """What bench/phones.py's Phone needs of a server: its address and settings."""

    url: str
    env: dict[str, str]
    scan_code: str = "cluster"


@dataclass
class Tally:
    phone: Stats = field(default_factory=Stats)
    staff: Stats = field(default_factory=Stats)
    http: dict[str, list[float]] = field(default_factory=dict)
    http_errors: dict[str, int] = field(default_factory=dict)
    reconnects: list[float] = field(default_factory=list)
    filed: dict[str, str] = field(default_factory=dict)  # idempotency key -> tracking code
    sent_keys: set[str] = field(default_factory=set)
    messages: dict[str, int] = field(default_factory=dict)  # refusal texts seen during a fault
    notices: int = 0  # events answered with the "系统正在恢复" toast
    dropped: int = 0  # events in flight when their socket dropped (a node killed)

    def took(self, kind: str, ms: float) -> None:
        self.http.setdefault(kind, []).append(ms)

    def said(self, body: str, status: int) -> bool:
        """What a refused request told the person: the form's error, or the page's heading."""
        found = re.search(r'role="alert"[^>]*>\s*<h1>([^<]+)</h1>', body) or re.search(
            r'id="form-error">([^<]+)<', body
        )
        text = found.group(1).strip() if found else f"HTTP {status}: {body[:40]!r}"
        key = f"{status} {text}"
        self.messages[key] = self.messages.get(key, 0) + 1
        return status == 503 and RECOVERING in text

    def refused(self, kind: str, body: str, status: int) -> None:
        """A request that did not go through: told "系统正在恢复" (the answer a fault should get),
        or an error."""
        if not self.said(body, status):
            self.failed(kind)

    def failed(self, kind: str) -> None:
        self.http_errors[kind] = self.http_errors.get(kind, 0) + 1


# ---- the cluster ----------------------------------------------------------------------------------


def start(nodes: int, workers: int, server: str = DEFAULT_SERVER):
    deploy = _deploy_cluster()
    data = Path(tempfile.mkdtemp(prefix="quanyi-scale-"))
    for key in [k for k in os.environ if k.startswith(("QUANYI_", "REFLEX_REDIS"))]:
        del os.environ[key]  # the cluster's own settings only (QUANYI_SERVER comes from --server)
    os.environ["QUANYI_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    os.environ["QUANYI_SERVER"] = server
    os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    bun = ROOT / ".bun" / "node_modules" / ".bin"
    os.environ["PATH"] = f"{bun}{os.pathsep}{os.environ['PATH']}"
    cluster = deploy.Cluster(data=data, port=deploy.free_port(), nodes=nodes, workers=workers)
    cluster.start()
    status = json.loads((data / "cluster.json").read_text())
    os.environ.update({k: v for k, v in status["env"].items() if k.startswith("QUANYI_")})  # same secret
    return cluster, status


def node_processes(status: dict):
    import psutil

    out = []
    for node in status["nodes"]:
        try:
            root = psutil.Process(node["pid"])
            out += [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            pass
    return out


def worker_memory(status: dict) -> float:
    total = 0.0
    for p in node_processes(status):
        try:
            total += p.memory_full_info().uss
        except Exception:
            pass
    return total


def redis_memory(status: dict) -> tuple[float, float]:
    import redis

    try:
        r = redis.Redis.from_url(status["redis_url"])
        return float(r.info("memory")["used_memory"]), float(r.dbsize())
    except Exception:
        return float("nan"), float("nan")


def staff_page() -> Page:
    import reflex as rx
    from reflex.compiler.utils import compile_state
    from reflex.state import state_snapshot_hashes

    import quanyi_app.quanyi_app  # noqa: F401
    from quanyi_app.proposals.state.casework import InboxState

    return Page(
        path="/staff/cases",
        query={},
        hydrate=f"{rx.State.get_full_name()}.hydrate_and_load",
        set_category=f"{InboxState.get_full_name()}.set_overdue",
        submit="",
        hashes=state_snapshot_hashes(compile_state(rx.State)),
        schema=rx.State._to_frontend_schema(),
    )


class Tab(Phone):
    """A phone or a staff tab that, like the page, reconnects and hydrates again when its socket
    drops (a node killed, Redis restarted)."""

    def __init__(self, target: Target, page: Page, stats: Stats, session: str = ""):
        super().__init__(target, page, stats)
        self.session = session
        self.dropped = asyncio.Event()
        self.sio.on("disconnect", lambda *_: self._drop(), namespace="/_event")

    def _drop(self) -> None:
        """The socket went (its node killed): an event in flight is lost with it, as in the page,
        which reconnects, hydrates again and lets the person repeat the tap."""
        self.dropped.set()
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(DROPPED)

    async def _on_update(self, update):
        # An event refused with the "系统正在恢复" toast (Redis or PostgreSQL away) is answered, by
        # a notice rather than a change: counted apart (a negative time), not as silence.
        events = (update or {}).get("events") or []
        waiting = self.answer is not None and not self.answer.done()
        if events and waiting and any(needle in json.dumps(events) for needle in RECOVERING_JSON):
            self.answer.set_result(REFUSED)
            return
        await super()._on_update(update)

    def _cookies(self) -> str:
        return super()._cookies() + (f"; quanyi_session={self.session}" if self.session else "")

    async def connect(self) -> bool:
        self.dropped.clear()
        return await super().connect()


async def tab_life(tab: Tab, stop: asyncio.Event, measuring: asyncio.Event, values, tally: Tally, gap=(2, 4)):
    if not await tab.connect():
        return
    while not stop.is_set():
        await asyncio.sleep(random.uniform(*gap))
        if stop.is_set():
            break
        if tab.dropped.is_set() or not tab.sio.connected:
            t0 = time.perf_counter()
            for _ in range(30):
                if await tab.connect():
                    tally.reconnects.append(time.perf_counter() - t0)
                    break
                await asyncio.sleep(1)
            continue
        took = await tab.send(tab.page.set_category, {"value": random.choice(values)})
        if took is not None and took < DROPPED / 2:
            tally.dropped += 1
        elif took is not None and took < 0:
            tally.notices += 1
        elif took is not None and measuring.is_set():
            tab.stats.latencies.append(took)


# ---- students over plain HTTP --------------------------------------------------------------------


# Visits by kind. Cases stay within the anonymous budgets a fresh campus has (README, "Security":
# 300 an hour in all, 60 an hour per QR point) over a 10-minute run: one visit in twenty.
VISITS = {"case": 1, "found": 10, "search": 6, "survey": 3}


async def student(connector, url: str, codes: list[str], survey, tally: Tally, faulty: bool) -> None:
    """One visit by a new phone (its own cookies): a case filed (one in five with a photo), /found
    browsed or searched, or a survey answered."""
    import aiohttp

    kind = random.choices(list(VISITS), weights=list(VISITS.values()))[0]
    t0 = time.perf_counter()
    http = aiohttp.ClientSession(
        connector=connector,
        connector_owner=False,
        timeout=aiohttp.ClientTimeout(total=EVENT_TIMEOUT),
        cookie_jar=aiohttp.CookieJar(unsafe=True),
    )
    try:
        if kind == "case":
            code = random.choice(codes)
            for _reload in range(40 if faulty else 1):  # a page that did not open is reloaded
                async with http.get(f"{url}/s/{code}") as r:
                    page = await r.text()
                if r.status == 200:
                    break
                tally.said(page, r.status)
                await asyncio.sleep(1)
            if r.status != 200:
                tally.refused("scan page", page, r.status)
                return
            tally.took("scan page", (time.perf_counter() - t0) * 1000)
            key = uuid.uuid4().hex
            chosen = re.search(r'<select name="building".*?<option value="(\d+)" selected>', page, re.S)
            for _attempt in range(40 if faulty else 1):
                form = aiohttp.FormData()
                form.add_field("submit_key", key)
                form.add_field("category", "1")
                if chosen:
                    form.add_field("building", chosen.group(1))
                form.add_field("description", f"压测:宿舍热水器坏了,请尽快维修。{key[:6]}")
                if random.random() < 0.2:
                    form.add_field("photo", PHOTO.read_bytes(), filename="p.jpg", content_type="image/jpeg")
                tally.sent_keys.add(key)
                t1 = time.perf_counter()
                try:
                    async with http.post(f"{url}/s/{code}", data=form, headers={"Origin": url}) as r:
                        body = await r.text()
                except (TimeoutError, aiohttp.ClientError):
                    body, r = "", None
                found = re.search(r'id="tracking-code">([a-z0-9]+)<', body)
                if r is not None and r.status == 200 and found:
                    tally.took("file a case", (time.perf_counter() - t1) * 1000)
                    tally.filed[key] = found.group(1)
                    return
                if body:
                    tally.said(body, r.status if r else 0)
                if not faulty:
                    break
                await asyncio.sleep(1)
            tally.failed("file a case")
        elif kind in ("found", "search"):
            q = "?q=伞" if kind == "search" else ""
            async with http.get(f"{url}/found{q}") as r:
                body = await r.text()
            if r.status == 200:
                tally.took(kind, (time.perf_counter() - t0) * 1000)
            else:
                tally.refused(kind, body, r.status)
        else:
            from surveys import answer_fields

            code, qs, refs = survey
            async with http.get(f"{url}/q/{code}") as r:
                await r.read()
            form = aiohttp.FormData()
            for name, value in answer_fields(qs, random.Random(), refs).items():
                for v in value if isinstance(value, list) else [value]:
                    form.add_field(name, v)
            t1 = time.perf_counter()
            async with http.post(f"{url}/q/{code}", data=form, headers={"Origin": url}) as r:
                body = await r.text()
            if r.status == 200 and "提交成功" in body:
                tally.took("answer a survey", (time.perf_counter() - t1) * 1000)
            else:
                tally.refused("answer a survey", body, r.status)
    except (TimeoutError, aiohttp.ClientError):
        tally.failed(kind)
    finally:
        await http.close()


async def students(url: str, codes, survey, per_s: float, stop: asyncio.Event, tally: Tally, faulty: bool):
    import aiohttp

    running: set[asyncio.Task] = set()
    connector = aiohttp.TCPConnector(limit=200)
    try:
        while not stop.is_set():
            task = asyncio.create_task(student(connector, url, codes, survey, tally, faulty))
            running.add(task)
            task.add_done_callback(running.discard)
            await asyncio.sleep(random.expovariate(per_s))
        await asyncio.gather(*running, return_exceptions=True)
    finally:
        await connector.close()


async def staff_session(url: str) -> str:
    import aiohttp

    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{url}/api/login",
            data={"username": "admin", "password": ADMIN_PASSWORD},
            headers={"Origin": url},
            allow_redirects=False,
        ) as r,
    ):
        return r.cookies["quanyi_session"].value


# ---- faults -------------------------------------------------------------------------------------


def kill_node(cluster, status: dict) -> str:
    os.killpg(status["nodes"][0]["pid"], signal.SIGKILL)
    return f"kill -9 {status['nodes'][0]['name']}"


def restart_redis(cluster, status: dict) -> str:
    proc = cluster.procs["redis"]
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    cluster.start_redis()
    return "redis-server stopped and started again (state not persisted)"


def restart_postgres(cluster, status: dict) -> str:
    proc = cluster.procs["postgres"]
    os.killpg(proc.pid, signal.SIGINT)  # a fast shutdown: connections are cut
    proc.wait(timeout=60)
    time.sleep(8)  # down for a while, as in a real restart
    cluster.start_postgres()
    return "PostgreSQL stopped (fast) for 8 s, then started again"


FAULTS = {"node": kill_node, "redis": restart_redis, "postgres": restart_postgres}


# ---- the run ------------------------------------------------------------------------------------


async def run(args, cluster, status: dict) -> dict:
    from sqlalchemy import create_engine, text

    target = Target(url=status["url"], env=status["env"])
    engine = create_engine(status["database_url"])
    with engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT code FROM qr_code WHERE active ORDER BY code"))]
    engine.dispose()
    from surveys import make_survey

    _sid, survey_code, qs = make_survey(status["database_url"])
    from sqlmodel import Session

    from quanyi_app.core.campus import services as campus
    from quanyi_app.core.db import make_engine

    eng = make_engine(status["database_url"])
    with Session(eng) as s:
        ref = campus.reference_lists(session=s, active_buildings_only=True)
        refs = {"building": [b.id for b in ref.buildings], "college": [c.id for c in ref.colleges]}
    eng.dispose()

    page, inbox = form_page(target), staff_page()
    tally = Tally()
    stop, measuring = asyncio.Event(), asyncio.Event()
    session = await staff_session(target.url)
    tasks = [
        asyncio.create_task(
            tab_life(Tab(target, inbox, tally.staff, session), stop, measuring, [True, False], tally, (3, 5))
        )
        for _ in range(args.staff)
    ]
    crowd: list[Tab] = []
    mem0, (redis0, _keys0) = worker_memory(status), redis_memory(status)
    ramp0 = time.monotonic()
    for _ in range(args.phones):
        tab = Tab(target, page, tally.phone)
        crowd.append(tab)
        tasks.append(asyncio.create_task(tab_life(tab, stop, measuring, ["1", "2", "3"], tally)))
        await asyncio.sleep(1 / args.ramp)
    ramp_s = time.monotonic() - ramp0
    await asyncio.sleep(5)
    connected_after_ramp = sum(1 for t in crowd if t.sio.connected)
    faulty = bool(args.fault)
    http_task = asyncio.create_task(
        students(target.url, codes, (survey_code, qs, refs), args.students, stop, tally, faulty)
    )
    measuring.set()
    t0, ev0, sev0 = time.monotonic(), tally.phone.events, tally.staff.events
    curve = []
    fault_note, fault_at = "", None
    while (elapsed := time.monotonic() - t0) < args.hold:
        if args.fault and fault_at is None and elapsed >= args.hold / 3:
            fault_at = elapsed
            fault_note = await asyncio.to_thread(FAULTS[args.fault], cluster, status)
        await asyncio.sleep(min(30, args.hold - elapsed))
        curve.append(
            {
                "t_s": round(time.monotonic() - t0),
                "held": sum(1 for t in crowd if t.sio.connected),
                "worker_mb": round(worker_memory(status) / 2**20, 1),
                "redis_mb": round(redis_memory(status)[0] / 2**20, 1),
            }
        )
    elapsed = time.monotonic() - t0
    events, staff_events = tally.phone.events - ev0, tally.staff.events - sev0
    held = sum(1 for t in crowd if t.sio.connected)
    mem1, (redis1, keys1) = worker_memory(status), redis_memory(status)
    stop.set()
    await asyncio.gather(http_task, *tasks, return_exceptions=True)
    await asyncio.gather(*(t.close() for t in crowd), return_exceptions=True)
    lat, slat = tally.phone.latencies, tally.staff.latencies
    result = {
        "nodes": args.nodes,
        "workers_per_node": args.workers,
        "server": args.server,
        "phones": args.phones,
        "staff_tabs": args.staff,
        "held": held,
        "held_after_ramp": connected_after_ramp,
        "new_sessions_per_s": round(connected_after_ramp / ramp_s, 1),
        "events_per_s": round(events / elapsed, 1),
        "p50_ms": round(pct(lat, 50) * 1000, 1),
        "p95_ms": round(pct(lat, 95) * 1000, 1),
        "p99_ms": round(pct(lat, 99) * 1000, 1),
        "staff_events_per_s": round(staff_events / elapsed, 2),
        "staff_p95_ms": round(pct(slat, 95) * 1000, 1),
        # Errors: no answer, a dropped request, or a refusal that is not the "系统正在恢复" page
        # (that one is the answer a fault is meant to get, counted under "fault").
        "errors": sum(tally.phone.errors.values()) + sum(tally.staff.errors.values()) + sum(tally.http_errors.values()),
        # Events answered with the "系统正在恢复" toast: during a fault, the expected answer; in a
        # plain load run, refusals (a Redis pool exhausted), reported as such.
        "events_refused_recovering": tally.notices,
        # Taps answered at once with "人多,稍等" by a worker past capacity (core/admission.py).
        "events_refused_busy": len(tally.phone.refusals) + len(tally.staff.refusals),
        "error_kinds": {**tally.phone.errors, **{f"staff {k}": v for k, v in tally.staff.errors.items()}},
        "http": {k: {"n": len(v), "p95_ms": round(pct(v, 95), 1)} for k, v in tally.http.items()},
        "http_errors": tally.http_errors,
        "http_refusals_seen": tally.messages,  # what each refused request told the person
        "worker_kb_per_session": round((mem1 - mem0) / max(1, held + args.staff) / 1024, 1),
        "redis_kb_per_session": round((redis1 - redis0) / max(1, held + args.staff) / 1024, 2),
        "redis_keys": keys1,
        "curve": curve,
    }
    if args.fault:
        result["fault"] = {
            "what": fault_note,
            "at_s": round(fault_at or 0),
            "http_refusals_seen": tally.messages,
            "events_told_recovering": tally.notices,
        }
        result["fault"]["reconnects"] = len(tally.reconnects)
        result["fault"]["events_lost_with_their_socket"] = tally.dropped
        if tally.reconnects:
            result["fault"]["reconnect_p95_s"] = round(pct(tally.reconnects, 95), 2)
        result["fault"].update(check_cases(status, tally))
    return result


def check_cases(status: dict, tally: Tally) -> dict:
    """Every acknowledged case stored once, with the code the phone was given."""
    from sqlalchemy import create_engine, text

    engine = create_engine(status["database_url"])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT idempotency_key, tracking_code FROM case_report")).all()
    engine.dispose()
    stored: dict[str, list[str]] = {}
    for key, code in rows:
        stored.setdefault(key, []).append(code)
    return {
        "cases_acknowledged": len(tally.filed),
        "acknowledged_lost": sum(1 for k in tally.filed if k not in stored),
        "duplicated": sum(1 for k in tally.sent_keys if len(stored.get(k, [])) > 1),
        "code_mismatch": sum(1 for k, c in tally.filed.items() if stored.get(k, [c])[0] != c),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="worker processes per node")
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument("--students", type=float, default=10, help="plain-HTTP student visits per second")
    parser.add_argument("--ramp", type=float, default=50, help="new phones per second")
    parser.add_argument("--hold", type=float, default=120, help="seconds measured once all are in")
    parser.add_argument("--fault", choices=sorted(FAULTS))
    parser.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER, help="QUANYI_SERVER")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        raise SystemExit("nginx is missing: run `make cluster` once (it installs Debian's nginx)")
    cluster, status = start(args.nodes, args.workers, args.server)
    try:
        result = asyncio.run(run(args, cluster, status))
    finally:
        cluster.stop()
        for outside in (status["pg_dir"], status["nginx_tmp"]):
            if outside.startswith("/var/tmp/"):
                shutil.rmtree(outside, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
