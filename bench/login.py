"""Login benchmark: server time of a successful and a failed login (argon2id verify).

.venv/bin/python bench/login.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="quanyi-bench-"))
    os.environ.update(QUANYI_DATA_DIR=str(tmp), QUANYI_DATABASE_URL=f"sqlite:///{tmp / 'b.db'}")

    from quanyi_app.core import bootstrap
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.db import session_scope
    from quanyi_app.core.errors import LoginFailed
    from quanyi_app.core.settings import get_settings

    bootstrap.upgrade(get_settings().database_url)
    with session_scope() as s:
        accounts.create_user(
            session=s, actor=None, username="bench", display_name="b", role="staff", password="bench-password"
        )
        for i in range(args.repeat):  # one account per wrong guess, so the lockout never cuts the checks short
            accounts.create_user(
                session=s, actor=None, username=f"guess{i}", display_name="g", role="staff", password="bench-password"
            )
    ok, bad, wrong = [], [], []
    for i in range(args.repeat):  # each login is its own unit of work, as in the app
        t0 = time.perf_counter()
        with session_scope() as s:
            accounts.login(session=s, username="bench", password="bench-password")
        ok.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        try:
            with session_scope(commit_on=(LoginFailed,)) as s:
                accounts.login(session=s, username="nobody", password="wrong-password")
        except LoginFailed:
            pass
        bad.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        try:  # a known user, wrong password: the conditional UPDATE that counts it, then the verify
            with session_scope(commit_on=(LoginFailed,)) as s:
                accounts.login(session=s, username=f"guess{i}", password="wrong-password")
        except LoginFailed:
            pass
        wrong.append((time.perf_counter() - t0) * 1000)
    print("| login | median ms | max ms |")
    print("|---|---:|---:|")
    print(f"| right password | {statistics.median(ok):.0f} | {max(ok):.0f} |")
    print(
        f"| wrong password, known user (counted, then verified) | {statistics.median(wrong):.0f} | {max(wrong):.0f} |"
    )
    print(f"| unknown user (dummy verify) | {statistics.median(bad):.0f} | {max(bad):.0f} |")


if __name__ == "__main__":
    main()
