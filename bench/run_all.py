"""Run every benchmark in this folder and print their tables (for bench/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS = (
    "photo_pipeline.py",
    "login.py",
    "inbox.py",
    "found_search.py",
    "inspection.py",
    "ws_floor.py",  # what an open websocket costs Granian and uvicorn, before any app
    "phones.py",
    "surveys.py",  # 10 minutes: 3,000 answers from 50 phones
    "lighthouse.py",  # needs Debian's chromium (make browser-deps) and npm
    "scale.py",  # the cluster (make cluster's pieces: PostgreSQL, Redis, nginx) under 2,000 phones
)

for script in SCRIPTS:
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
