"""Photo pipeline benchmark: time and peak memory to clean real camera photos.

    .venv/bin/python bench/photo_pipeline.py [--repeat N]

Each photo is cleaned N times (decode, orient, sRGB, resize, re-encode display + thumb);
the table shows the median and p95 time, and the peak memory one photo costs: the growth of
max RSS in a fresh process (Pillow's pixel buffers live outside Python's allocator).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quanyi_app.core.photos.services import clean_photo  # noqa: E402

PHOTOS = ROOT.parent / "shared" / "fixtures" / "photos"
CASES = [
    ("gps_DSCN0010.jpg", "640×480 JPEG with GPS"),
    ("mobile_jolla.jpg", "3264×2448 (8 MP) phone JPEG"),
    ("mobile_HMD_Nokia_8.3_5G.jpg", "4608×1976 (9 MP) phone JPEG"),
    ("corrupted.jpg", "3648×2736 (10 MP) JPEG, damaged EXIF"),
    ("mobile_iphone_13_pro_max.HEIC", "3024×4032 iPhone HEIC"),
]


def _hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rss-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_of:  # child mode: max RSS growth of cleaning one photo once
        data = (PHOTOS / args.rss_of).read_bytes()
        # ru_maxrss survives exec on Linux (it would report the parent's peak): reset the
        # peak (VmHWM) of this process instead and read it back.
        Path("/proc/self/clear_refs").write_text("5")
        before = _hwm_kib()
        clean_photo(data)
        print((_hwm_kib() - before) / 1024)
        return
    print(f"python {platform.python_version()}, {platform.machine()}, {platform.processor() or 'cpu'}")
    print("| photo | median ms | p95 ms | peak RSS growth MiB |")
    print("|---|---:|---:|---:|")
    for name, label in CASES:
        data = (PHOTOS / name).read_bytes()
        clean_photo(data)  # warm-up (codec init)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            clean_photo(data)
            times.append((time.perf_counter() - t0) * 1000)
        rss = float(
            subprocess.run(
                [sys.executable, __file__, "--rss-of", name], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"| {label} | {statistics.median(times):.0f} | {p95:.0f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
