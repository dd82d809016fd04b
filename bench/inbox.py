"""Staff inbox benchmark: server time of the inbox query with 50,000 cases.

    .venv/bin/python bench/inbox.py [--cases 50000] [--repeat 200] [--database-url URL]

Fills a fresh database (SQLite by default, or the PostgreSQL URL given) with realistic cases
across buildings, categories, colleges and statuses, then times the service call behind the
inbox (`casework.inbox`) for the default view (open cases, newest first, plus the overdue
count) and for a keyword filter, and prints p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for bench/common.py
from common import campus_with_admin, migrated_engine, throwaway_environment

PHRASES = [
    "热水器坏了",
    "米饭夹生",
    "楼道灯不亮",
    "校园网断线",
    "洗衣机收费太贵",
    "空调漏水",
    "门禁刷不开",
    "食堂排队太久",
    "自习室座位不够",
    "澡堂水温不稳定",
    "外卖柜不够用",
    "宿舍楼梯扶手松动",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    throwaway_environment("inbox", args.database_url)

    from sqlalchemy import insert
    from sqlmodel import Session

    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.proposals.models import Case
    from quanyi_app.proposals.services import casework

    engine = migrated_engine()
    rng = random.Random(42)
    with Session(engine) as s:
        who = campus_with_admin(s)
        now = utcnow()
        statuses = ["received"] * 2 + ["accepted", "forwarded", "replied"] + ["resolved"] * 4 + ["rejected"]
        t0 = time.perf_counter()
        batch = []
        for i in range(args.cases):
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            batch.append(
                dict(
                    tracking_code=uuid.uuid4().hex[:10],
                    idempotency_key=uuid.uuid4().hex,
                    device_hash="",
                    source="web",
                    category_id=rng.randint(1, 7),
                    building_id=rng.randint(1, 11),
                    college_id=rng.choice([None, 1, 2, 3, 4, 5, 6]),
                    description=f"{rng.choice(PHRASES)},{rng.choice(PHRASES)}。第{i}号反馈,希望尽快处理。",
                    anonymous=True,
                    contact_name="",
                    contact_phone="",
                    contact_email="",
                    contact_student_no="",
                    book_page="",
                    book_date="",
                    status=rng.choice(statuses),
                    reject_reason="",
                    first_response_due_at=created + timedelta(days=2),
                    first_response_at=created + timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.8 else None,
                    rating_comment="",
                    created_at=created,
                    updated_at=created,
                )
            )
            if len(batch) == 5000:
                s.execute(insert(Case), batch)
                batch = []
        if batch:
            s.execute(insert(Case), batch)
        s.commit()
        print(f"filled {args.cases} cases in {time.perf_counter() - t0:.1f}s ({engine.dialect.name})")

        def timed(flt) -> list[float]:
            casework.inbox(session=s, actor=who, flt=flt)  # warm-up
            out = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                casework.inbox(session=s, actor=who, flt=flt)
                out.append((time.perf_counter() - t) * 1000)
            return sorted(out)

        print("| view | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|")
        for name, flt in (
            ("default (open, newest first, + overdue count)", casework.InboxFilter(status="open")),
            ("keyword 热水器", casework.InboxFilter(status="", keyword="热水器")),
            ("building + category", casework.InboxFilter(status="", building_id=3, category_id=2)),
        ):
            times = timed(flt)
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |")


if __name__ == "__main__":
    main()
