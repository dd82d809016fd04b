"""Lost-and-found benchmark: /found's first page and searches with 20,000 items, and recall.

    .venv/bin/python bench/found_search.py [--items 20000] [--repeat 200] [--database-url URL]

Registers realistic items (through ``lostfound.register_item``, so the search index is built
exactly as in production), then times the service call behind /found
(``lostfound.search_items``: one page plus the total) for the first page, a filter, and
1–4 character searches, and prints p50/p95/max in milliseconds. Finally it checks recall: for
a fixed set of 1–4 character queries, the indexed search must return exactly the items a full
``LIKE '%q%'`` scan over the raw title, description and place returns.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for bench/common.py
from common import campus_with_admin, migrated_engine, throwaway_environment

THINGS = {
    "umbrella": ["黑色折叠雨伞", "透明长柄伞", "蓝色雨伞", "格子伞", "遮阳伞"],
    "keys": ["一串钥匙", "宿舍钥匙", "自行车钥匙", "钥匙扣和门禁卡", "两把钥匙"],
    "electronics": ["白色蓝牙耳机", "充电宝", "华为手机", "计算器", "U盘", "iPad 平板", "机械键盘"],
    "wallet": ["棕色钱包", "黑色零钱包", "卡包"],
    "stationery": ["高等数学课本", "笔记本", "文具盒", "英语四级词汇书", "保温杯"],
    "clothing": ["灰色卫衣", "黑色外套", "围巾", "运动鞋", "帽子"],
    "other": ["水杯", "保温杯", "眼镜", "篮球", "学生证件套"],
}
PLACES = [
    "图书馆二楼自习室",
    "第一食堂二楼",
    "第二食堂门口",
    "体育馆看台",
    "西区24栋楼下",
    "第一教学楼301",
    "操场跑道边",
    "校车站",
    "澡堂更衣室",
    "快递站门口",
]
DETAILS = ["有明显划痕", "挂着小熊挂件", "贴了贴纸", "里面有几张卡", "颜色比较旧", "", "带着外包装", "上面写了名字缩写"]
QUERIES = [
    "伞",
    "钥",
    "卡",
    "包",
    "雨伞",
    "钥匙",
    "耳机",
    "水杯",
    "黑色",
    "二楼",
    "食堂",
    "图书馆",
    "自习室",
    "蓝牙耳",
    "保温杯",
    "充电宝",
    "一串钥匙",
    "黑色雨伞",
    "第一食堂",
    "学生证件",
]


def make_items(rng: random.Random, n: int, point_id: int, now=None) -> list:
    """``n`` item drafts spread over the last year (shared with the recall test)."""
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.lostfound.services.found import ItemDraft

    now = now or utcnow()
    out = []
    for _ in range(n):
        cat = rng.choice(list(THINGS))
        out.append(
            ItemDraft(
                category=cat,
                title=rng.choice(THINGS[cat]),
                place_found=rng.choice(PLACES),
                found_at=now - timedelta(minutes=rng.randint(5, 60 * 24 * 300)),
                pickup_point_id=point_id,
                description=f"{rng.choice(DETAILS)},{rng.choice(DETAILS)}",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    throwaway_environment("found", args.database_url)

    from sqlmodel import Session, select

    from quanyi_app.lostfound.models import FoundItem, PickupPoint
    from quanyi_app.lostfound.services import found as lostfound
    from quanyi_app.lostfound.services.found import PublicFilter

    engine = migrated_engine()
    rng = random.Random(42)
    with Session(engine) as s:
        who = campus_with_admin(s)
        points = [p.id for p in s.exec(select(PickupPoint)).all()]
        t0 = time.perf_counter()
        for i, draft in enumerate(make_items(rng, args.items, points[0])):
            draft.pickup_point_id = points[i % len(points)]
            lostfound.register_item(session=s, actor=who, draft=draft)
            if i % 2000 == 1999:
                s.commit()
        s.commit()
        print(f"registered {args.items} items in {time.perf_counter() - t0:.1f}s ({engine.dialect.name})")

        def timed(flt) -> list[float]:
            lostfound.search_items(session=s, flt=flt)  # warm-up
            out = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                lostfound.search_items(session=s, flt=flt)
                out.append((time.perf_counter() - t) * 1000)
            return sorted(out)

        print("| view | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|")
        views = [
            ("first page (newest first + total)", PublicFilter()),
            ("category 电子产品", PublicFilter(category="electronics")),
        ]
        views += [
            (f"search {q}", PublicFilter(q=q)) for q in ("伞", "钥匙", "耳机", "蓝牙耳", "一串钥匙", "图书馆 雨伞")
        ]
        worst = 0.0
        for name, flt in views:
            times = timed(flt)
            p95 = times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |")
        print(f"worst p95: {worst:.1f} ms (target 30 ms)")

        raw = [
            (i.id, (i.title + "\n" + i.description + "\n" + i.place_found).lower())
            for i in s.exec(select(FoundItem)).all()
        ]
        misses = 0
        for q in QUERIES:
            like = {i for i, text in raw if q in text}
            got, page = set(), 1
            while True:
                cards, total = lostfound.search_items(session=s, flt=PublicFilter(q=q, page=page))
                got |= {c.id for c in cards}
                if len(cards) < lostfound.PAGE_SIZE:
                    break
                page += 1
            diff = len(like - got) + len(got - like)
            if diff:
                print(f"  {q}: LIKE {len(like)}, index {len(got)}")
            misses += diff
        print(
            f"recall over {len(QUERIES)} queries (1–4 characters): "
            f"{'100%' if misses == 0 else f'{misses} differences'} against a full LIKE scan"
        )


if __name__ == "__main__":
    main()
