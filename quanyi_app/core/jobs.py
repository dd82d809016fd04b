"""Background jobs: periodic work the features register, and the outbox sender.

Both run as Reflex lifespan tasks for as long as the app runs (see ``core.register``). A
feature adds its periodic work in its own ``register(app)`` with :func:`every`; the job runs at
start-up and then on its interval, off the event loop. Failures are logged and retried at the
next run: housekeeping never takes the app down.

With several worker processes (quanyi_app/launcher.py) every worker starts these tasks, but only
the one holding the machine's job lock (an ``flock`` in the run folder, released by the kernel
when its holder dies, even by ``kill -9``) runs them; the others wait to take over. A change in
any worker rings the sender through a wake file. With several machines sharing the database,
each periodic job's due time is claimed by a row (``core.schedule``): one run per due time
across all of them.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from quanyi_app.core.db import session_scope
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify import services as notify
from quanyi_app.core.schedule import services as schedule
from quanyi_app.core.settings import get_settings

log = logging.getLogger("quanyi.jobs")
SEND_POLL_SECONDS = 30  # the sender also looks at the outbox this often without being woken
LOCK_RETRY_SECONDS = 5  # a worker without the job lock tries again this often


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every_seconds: float


_JOBS: dict[str, Job] = {}


def every(seconds: float, name: str, run: Callable[[], object]) -> None:
    """Register ``run`` to be called at start-up and then every ``seconds`` (same name: replaced)."""
    _JOBS[name] = Job(name=name, run=run, every_seconds=seconds)


def registered() -> tuple[Job, ...]:
    return tuple(_JOBS.values())


def run_job(job: Job) -> object:
    """Run one job now, logging (not raising) a failure; returns its result or None."""
    try:
        result = job.run()
    except Exception:
        log.exception("%s failed", job.name)
        return None
    if result and (not isinstance(result, dict) or any(result.values())):
        log.info("%s: %s", job.name, result)
    return result


NODE = f"{socket.gethostname()}:{os.getpid()}"[:80]


def claim_and_run(job: Job, *, now: datetime | None = None) -> bool:
    """Run ``job`` if this node is the first to claim its current due time (every node sharing the
    database agrees: one run per due time); True when it ran here."""
    now = now or utcnow()
    try:
        with session_scope() as session:
            mine = schedule.claim(session=session, job=job.name, every_seconds=job.every_seconds, now=now, node=NODE)
            if mine:
                schedule.forget_old(session=session, now=now)
    except Exception:
        log.exception("%s: could not claim its due time", job.name)
        return False
    if mine:
        run_job(job)
    return mine


def _try_lock(name: str):
    """An exclusive, non-blocking flock on ``<run dir>/<name>.lock``: the open file, or None."""
    run_dir = get_settings().run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    fh = open(run_dir / f"{name}.lock", "a+")  # noqa: SIM115 (held for the life of the worker)
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


async def _hold_lock(name: str):
    """Wait until this worker holds the machine's ``name`` lock (kept until the process ends)."""
    while (fh := _try_lock(name)) is None:
        await asyncio.sleep(LOCK_RETRY_SECONDS)
    return fh


async def periodic() -> None:
    """Lifespan task: every registered job at start-up, then each on its own interval (in the one
    worker holding the job lock)."""
    lock = await _hold_lock("jobs")
    try:
        due: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in registered():
                if due.get(job.name, 0.0) <= now:
                    await asyncio.to_thread(claim_and_run, job)
                    due[job.name] = time.monotonic() + job.every_seconds
            wait = min((due[j.name] for j in registered()), default=now + 60) - time.monotonic()
            await asyncio.sleep(max(1.0, min(wait, 60.0)))
    finally:
        lock.close()


def send_once() -> int:
    """Send what is due in the outbox, each message its own unit of work (a message that went out
    is recorded before the next is tried, so nothing is sent twice after a crash)."""
    with session_scope() as session:
        due = notify.due_ids(session=session)
    sent = 0
    for message_id in due:
        with session_scope() as session:
            sent += notify.deliver(session=session, message_id=message_id)
    return sent


async def sender() -> None:
    """Lifespan task: send queued messages when a change rings (:func:`notify.wake` here, or the
    wake file from another worker), or every ``SEND_POLL_SECONDS``. A failed send stays in the
    outbox with its error for the next round. Runs in the worker holding the sender lock."""
    lock = await _hold_lock("sender")
    try:
        mark, last = notify.wake_mark(), 0.0
        while True:
            woken = await asyncio.to_thread(notify.wait_for_wake, 1.0)
            now_mark = notify.wake_mark()
            if not (woken or now_mark != mark or time.monotonic() - last >= SEND_POLL_SECONDS):
                continue
            mark, last = now_mark, time.monotonic()
            try:
                await asyncio.to_thread(send_once)
            except Exception:
                log.exception("sending notifications failed")
    finally:
        lock.close()
