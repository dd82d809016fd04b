"""Surveys under load: 3,000 answers to a 20-question survey from 50 simulated phones, the results
over those answers, and the XLSX export.

.venv/bin/python bench/surveys.py                  # 3,000 answers over 10 minutes (the issue's load)
.venv/bin/python bench/surveys.py --minutes 2      # the same answers, faster

The server is the launcher ``make run`` uses (backend only, its Redis, five workers) on a
throw-away database with the demo data. Each answer is a new phone, as in a class chat: it opens
/q/<code> (which gives it its device cookie), then posts the form; the post's latency is timed.
The reference in the same run is /api/health, sampled on the same clients during the load.
Then: the results of those 3,000 answers as the staff results page computes them (server time,
in process on the same database), the public results page over HTTP, and the XLSX export.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import aiohttp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from phones import make_server  # noqa: E402

QUESTIONS = [
    ("building", "你住在哪栋楼?", [], []),
    ("college", "你的学院", [], []),
    ("grade", "你的年级", [], []),
    ("single", "最常去的食堂", ["一食堂", "二食堂", "三食堂"], []),
    ("multi", "希望改进", ["口味", "价格", "卫生", "排队", "营业时间"], []),
    ("rating", "口味", [], []),
    ("rating", "价格", [], []),
    ("rating", "卫生", [], []),
    ("rating", "服务", [], []),
    ("rating", "总体", [], []),
    ("nps", "推荐意愿", [], []),
    ("number", "每周几餐", [], []),
    ("single", "是否遇到过异物", ["没有", "有过一次", "多次"], []),
    ("single", "是否愿意参加开放日", ["愿意", "看时间", "不愿意"], []),
    ("matrix", "各时段打分", ["好", "一般", "差"], ["早餐", "午餐", "晚餐"]),
    ("multi", "常吃的类别", ["米饭", "面食", "麻辣烫", "轻食"], []),
    ("single", "支付方式", ["校园卡", "手机支付"], []),
    ("text", "一句话评价", [], []),
    ("longtext", "具体建议", [], []),
    ("rating", "窗口服务态度", [], []),
]


STAFF, PASSWORD = "bench-staff", "bench-password-" + uuid.uuid4().hex[:8]


def make_survey(db_url: str) -> tuple[int, str, list]:
    """The 20-question survey, published with public results, in the server's database; and a
    staff account for the export."""
    os.environ["QUANYI_DATABASE_URL"] = db_url
    from sqlmodel import Session, select

    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.db import make_engine
    from quanyi_app.surveys.services import build

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = principal_of(s.exec(select(User).where(User.role == "admin")).first())
        accounts.create_user(
            session=s, actor=admin, username=STAFF, display_name="基准", role="staff", password=PASSWORD
        )
        survey = build.create_survey(
            session=s, actor=admin, form=build.SurveyForm(title="基准问卷(20 题)", target=3000, public_results=True)
        )
        for kind, title, options, rows in QUESTIONS:
            build.add_question(
                session=s,
                actor=admin,
                survey_id=survey.id,
                form=build.QuestionForm(kind=kind, title=title, options=options, rows=rows, required=kind == "rating"),
            )
        build.publish(session=s, actor=admin, survey_id=survey.id)
        s.commit()
        out = (survey.id, survey.code, build.questions(s, survey.id))
    engine.dispose()
    return out


def answer_fields(qs, rng: random.Random, refs: dict) -> dict[str, str | list[str]]:
    fields: dict[str, str | list[str]] = {"submit_key": uuid.uuid4().hex}
    for q in qs:
        name = f"q{q.id}"
        if q.kind in ("building", "college"):
            fields[name] = str(rng.choice(refs[q.kind]))
        elif q.kind == "grade":
            fields[name] = rng.choice(["大一", "大二", "大三", "大四"])
        elif q.kind == "single":
            fields[name] = str(rng.choice(q.options)["id"])
        elif q.kind == "multi":
            fields[name] = [str(o["id"]) for o in rng.sample(q.options, 2)]
        elif q.kind == "rating":
            fields[name] = str(rng.randint(1, 5))
        elif q.kind == "nps":
            fields[name] = str(rng.randint(0, 10))
        elif q.kind == "number":
            fields[name] = str(rng.randint(0, 21))
        elif q.kind == "matrix":
            for row in q.rows:
                fields[f"{name}_r{row['id']}"] = str(rng.choice(q.options)["id"])
        elif q.kind == "text":
            fields[name] = rng.choice(["还行", "不错", "一般般", "太贵了"])
        elif q.kind == "longtext" and rng.random() < 0.3:
            fields[name] = "晚上九点后希望还有热饭,排队时间太长。"
    return fields


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def phone(url: str, code: str, qs, refs, count: int, gap: float, rng: random.Random, out: dict) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(count):
            http.cookie_jar.clear()  # a new phone each time
            start = time.perf_counter()
            try:
                async with http.get(f"{url}/q/{code}") as r:
                    await r.read()
                fields = answer_fields(qs, rng, refs)
                form = aiohttp.FormData()
                for name, value in fields.items():
                    for v in value if isinstance(value, list) else [value]:
                        form.add_field(name, v)
                t0 = time.perf_counter()
                async with http.post(f"{url}/q/{code}", data=form) as r:
                    body = await r.text()
                out["submit"].append((time.perf_counter() - t0) * 1000)
                if r.status != 200 or "提交成功" not in body:
                    out["errors"] += 1
                t0 = time.perf_counter()
                async with http.get(f"{url}/api/health") as r:
                    await r.read()
                out["health"].append((time.perf_counter() - t0) * 1000)
            except aiohttp.ClientError:
                out["errors"] += 1
            await asyncio.sleep(max(0.0, gap - (time.perf_counter() - start)) * rng.uniform(0.5, 1.5))


async def load(url: str, code: str, qs, refs, answers: int, phones: int, minutes: float) -> dict:
    out: dict = {"submit": [], "health": [], "errors": 0}
    per_phone = answers // phones
    gap = minutes * 60 / per_phone
    rng = random.Random(3000)
    await asyncio.gather(
        *[phone(url, code, qs, refs, per_phone, gap, random.Random(rng.random()), out) for _ in range(phones)]
    )
    return out


async def timed_get(url: str, times: int, cookies: dict | None = None) -> list[float]:
    out = []
    async with aiohttp.ClientSession(cookies=cookies) as http:
        for _ in range(times):
            t0 = time.perf_counter()
            async with http.get(url) as r:
                await r.read()
                assert r.status == 200, (url, r.status)
            out.append((time.perf_counter() - t0) * 1000)
    return out


async def staff_cookie(url: str) -> dict:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/api/login", data={"username": STAFF, "password": PASSWORD}, allow_redirects=False) as r,
    ):
        return {k: v.value for k, v in r.cookies.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()

    server = make_server("redis", args.workers, 10)
    db_url = server.env["QUANYI_DATABASE_URL"]
    survey_id, code, qs = make_survey(db_url)
    from sqlmodel import Session

    from quanyi_app.core.campus import services as campus
    from quanyi_app.core.db import make_engine

    engine = make_engine(db_url)
    with Session(engine) as s:
        ref = campus.reference_lists(session=s, active_buildings_only=True)
        refs = {"building": [b.id for b in ref.buildings], "college": [c.id for c in ref.colleges]}
    server.start()
    try:
        started = time.perf_counter()
        got = asyncio.run(load(server.url, code, qs, refs, args.answers, args.phones, args.minutes))
        took = time.perf_counter() - started
        # The results of those answers, as the staff page computes them (server time, in process).
        from sqlmodel import select

        from quanyi_app.core.accounts.models import User
        from quanyi_app.core.accounts.services import principal_of
        from quanyi_app.surveys.services import results

        result_ms = []
        with Session(engine) as s:
            admin = principal_of(s.exec(select(User).where(User.role == "admin")).first())
            for _ in range(20):
                t0 = time.perf_counter()
                r = results.results(session=s, actor=admin, survey_id=survey_id)
                result_ms.append((time.perf_counter() - t0) * 1000)
        public_ms = asyncio.run(timed_get(f"{server.url}/surveys/{survey_id}/results", 20))
        cookie = asyncio.run(staff_cookie(server.url))
        xlsx_ms = asyncio.run(timed_get(f"{server.url}/api/surveys/{survey_id}/export.xlsx", 5, cookie))
    finally:
        server.stop()
        engine.dispose()

    sub, health = got["submit"], got["health"]
    print(f"answers stored: {r.responses} of {args.answers} sent in {took / 60:.1f} min by {args.phones} phones")
    print(f"errors: {got['errors']}")
    print(
        f"submit p50 {statistics.median(sub):.0f} ms, p95 {pct(sub, 95):.0f} ms, p99 {pct(sub, 99):.0f} ms, "
        f"max {max(sub):.0f} ms"
    )
    print(
        f"reference /api/health during the load: p50 {statistics.median(health):.0f} ms, p95 {pct(health, 95):.0f} ms"
    )
    print(
        f"results of {r.responses} answers (server time): "
        f"p50 {statistics.median(result_ms):.0f} ms, p95 {pct(result_ms, 95):.0f} ms"
    )
    print(f"public results page over HTTP: p50 {statistics.median(public_ms):.0f} ms, p95 {pct(public_ms, 95):.0f} ms")
    print(
        f"XLSX export ({r.responses} rows): "
        f"median {statistics.median(xlsx_ms) / 1000:.2f} s, max {max(xlsx_ms) / 1000:.2f} s"
    )


if __name__ == "__main__":
    main()
