"""Inspection benchmarks: tick round trips with 50 inspectors at once, and the record-sheet PDF.

    .venv/bin/python bench/inspection.py [--inspectors 50] [--ticks 40] [--database-url URL]

Ticks: the API app (the same Starlette routes the production server mounts) runs under granian
in a subprocess on a fresh database; 50 inspectors, each logged in with their own cookie and
their own inspection, tick at once: every second all 50 send a tick at the same instant (a
person needs far longer than a second per item, so this is a busy round at its worst). A second
run drops the pause altogether — each inspector sends again as soon as its answer is back — to
show the ceiling. Each tick is timed from send to answer (p50/p95/max, ms) by an httpx client
running on the same 2 cores. Ticks are then checked: one answer row per (inspection, item).

PDF: a 40-item inspection with 10 failure photos (real photos, through the pipeline) is
submitted, and its record sheet is rendered 5 times (p50/max, s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for bench/common.py
from common import ROOT, migrated_engine, percentile, throwaway_environment

PHOTOS = ROOT.parent / "shared" / "fixtures" / "photos"
PASSWORD = "bench-password-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(n_inspectors: int) -> tuple[list[str], list[int], dict[int, list[int]]]:
    from sqlmodel import Session, select

    from quanyi_app import demo
    from quanyi_app.core import campustime
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.campus.models import Building
    from quanyi_app.core.db import get_engine
    from quanyi_app.inspections.models import ChecklistTemplate
    from quanyi_app.inspections.services import runs as ins

    with Session(get_engine()) as s:
        demo.load_demo_data(session=s)
        demo.load_demo_inspections(session=s, plans=False)
        accounts.create_user(
            session=s, actor=None, username="benchadmin", display_name="admin", role="admin", password=PASSWORD
        )
        admin = accounts.principal_of(s.exec(select(User).where(User.username == "benchadmin")).one())
        tpl = s.exec(select(ChecklistTemplate).where(ChecklistTemplate.code == "dorm-safety")).one()
        dorms = s.exec(select(Building).where(Building.kind == "dorm")).all()
        tokens, ids, items = [], [], {}
        for n in range(n_inspectors):
            name = f"inspector{n:03d}"
            accounts.create_user(
                session=s, actor=admin, username=name, display_name=name, role="inspector", password=PASSWORD
            )
            uid = s.exec(select(User.id).where(User.username == name)).one()
            insp = ins.plan_inspection(
                session=s,
                actor=admin,
                template_id=tpl.id,
                building_id=dorms[n % len(dorms)].id,
                day=campustime.campus_today(),
                inspectors=[uid],
            )
            s.commit()
            token, who = accounts.login(session=s, username=name, password=PASSWORD)
            tokens.append(token)
            ids.append(insp.id)
            items[insp.id] = [it.id for it in ins.run_view(session=s, actor=who, inspection_id=insp.id).items]
        s.commit()  # this set-up is the unit of work: services only flush
    return tokens, ids, items


async def tick_storm(url: str, tokens, ids, items, ticks_each: int, pace: float) -> list[float]:
    """Every inspector ticks ``ticks_each`` times. With ``pace`` > 0 all of them send at the same
    instant every ``pace`` seconds (50 requests arriving together); with 0 each sends again as
    soon as its answer is back (saturation)."""
    import httpx

    from quanyi_app.core.accounts.session import SESSION_COOKIE

    times: list[float] = []
    start = asyncio.Event()

    async def inspector(token: str, iid: int) -> None:
        rng = random.Random(iid)
        async with httpx.AsyncClient(base_url=url, cookies={SESSION_COOKIE: token}, timeout=30) as client:
            await client.get("/api/health")  # connect before the clock starts
            await start.wait()
            t_start = time.perf_counter()
            for n in range(ticks_each):
                if pace:
                    await asyncio.sleep(max(0.0, t_start + n * pace - time.perf_counter()))
                body = {
                    "ticks": [
                        {
                            "item": rng.choice(items[iid]),
                            "ts": 1_000 + n,
                            "result": rng.choice(["pass", "pass", "pass", "fail", "na"]),
                        }
                    ]
                }
                t0 = time.perf_counter()
                r = await client.post(f"/api/inspections/{iid}/ticks", json=body, headers={"X-Quanyi": "1"})
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"tick refused: {r.status_code} {r.text}")

    tasks = [asyncio.create_task(inspector(t, i)) for t, i in zip(tokens, ids, strict=False)]
    await asyncio.sleep(0.5)
    start.set()
    await asyncio.gather(*tasks)
    return times


def bench_ticks(args, env: dict, pace: float, fixtures) -> None:
    from sqlmodel import Session, func, select

    from quanyi_app.core.db import get_engine
    from quanyi_app.inspections.models import InspectionAnswer

    tokens, ids, items = fixtures
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "quanyi_app.quanyi_app:api",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(100):
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        t0 = time.perf_counter()
        times = asyncio.run(tick_storm(url, tokens, ids, items, args.ticks, pace))
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    with Session(get_engine()) as s:
        rows = s.exec(select(func.count()).select_from(InspectionAnswer)).one()
        distinct = len(set(s.exec(select(InspectionAnswer.inspection_id, InspectionAnswer.item_id)).all()))
    assert rows == distinct, "duplicate answers"
    how = f"all together every {pace:g} s" if pace else "back to back, saturation"
    print(
        f"| ticks ({args.inspectors} inspectors × {args.ticks}, {how}) | {len(times)} | "
        f"{statistics.median(times):.1f} | {percentile(times, 95):.1f} | {max(times):.1f} | "
        f"{len(times) / wall:.0f}/s | {rows} rows, no duplicates |"
    )


def bench_pdf(args, upload_dir: Path) -> None:
    from sqlmodel import Session, select

    from quanyi_app.core import campustime
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.campus.models import Building
    from quanyi_app.core.db import get_engine
    from quanyi_app.core.photos import services as photos
    from quanyi_app.inspections.services import printing as inspection_print
    from quanyi_app.inspections.services import runs as ins

    names = [
        "Canon_40D.jpg",
        "gps_DSCN0010.jpg",
        "gps_DSCN0021.jpg",
        "gps_DSCN0042.jpg",
        "mobile_HMD_Nokia_8.3_5G.jpg",
        "mobile_jolla.jpg",
        "orientation_landscape_3.jpg",
        "orientation_portrait_5.jpg",
        "orientation_landscape_6.jpg",
        "orientation_portrait_6.jpg",
    ]
    with Session(get_engine()) as s:
        admin = accounts.principal_of(s.exec(select(User).where(User.username == "benchadmin")).one())
        specs = [
            ins.ItemSpec(
                section=f"第{n // 8 + 1}部分",
                text=f"检查项 {n + 1}:设施完好、记录齐全、无安全隐患",
                guidance="逐项查看并记录",
                weight=1 + n % 5,
                photo_on_fail=n < 10,
            )
            for n in range(40)
        ]
        tpl = ins.create_template(
            session=s, actor=admin, code="bench-40", name="四十项检查记录表", target_kind="canteen", items=specs
        )
        canteen = s.exec(select(Building).where(Building.kind == "canteen")).first()
        insp = ins.plan_inspection(
            session=s,
            actor=admin,
            template_id=tpl.id,
            building_id=canteen.id,
            day=campustime.campus_today(),
            inspectors=[admin.user_id],
        )
        s.commit()
        items = ins.run_view(session=s, actor=admin, inspection_id=insp.id).items
        ins.apply_ticks(
            session=s,
            actor=admin,
            inspection_id=insp.id,
            ticks=[ins.Tick(it.id, 1, "fail" if it.position <= 10 else "pass", "问题说明" * 5) for it in items],
        )
        for it, name in zip(items[:10], names, strict=False):
            p = photos.store_photo((PHOTOS / name).read_bytes(), session=s, upload_dir=upload_dir)
            ins.add_photo(session=s, actor=admin, inspection_id=insp.id, item_id=it.id, photo_id=p.id)
        ins.submit(session=s, actor=admin, inspection_id=insp.id)
        times, size = [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            pdf = inspection_print.record_sheet_pdf(
                session=s, actor=admin, inspection_id=insp.id, upload_dir=upload_dir
            )
            times.append(time.perf_counter() - t0)
            size = len(pdf)
    print(
        f"| record sheet PDF (40 items, 10 photos) | 5 | {statistics.median(times):.2f} s | — | {max(times):.2f} s | "
        f"{size / 1024:.0f} KiB | |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inspectors", type=int, default=50)
    parser.add_argument("--ticks", type=int, default=40)
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between an inspector's ticks (0: none)")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    throwaway_environment("inspect", args.database_url)
    from quanyi_app.core.settings import get_settings

    settings = get_settings()
    migrated_engine()
    backend = "PostgreSQL" if settings.database_url.startswith("postgres") else "SQLite"
    print(f"backend: {backend}; machine: {os.cpu_count()} cores")
    print("| what | n | p50 | p95 | max | throughput / size | check |")
    print("|---|---|---|---|---|---|---|")
    fixtures = setup(args.inspectors)
    bench_ticks(args, dict(os.environ), args.pace, fixtures)
    bench_ticks(args, dict(os.environ), 0.0, fixtures)
    bench_pdf(args, settings.upload_dir)


if __name__ == "__main__":
    main()
