"""Background jobs: periodic work the features register, and the outbox sender.

Both run as Reflex lifespan tasks for as long as the app runs (see ``core.register``). A
feature adds its periodic work in its own ``register(app)`` with :func:`every`; the job runs at
start-up and then on its interval, off the event loop. Failures are logged and retried at the
next run: housekeeping never takes the app down.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from quanyi_app.core.db import session_scope
from quanyi_app.core.notify import services as notify

log = logging.getLogger("quanyi.jobs")
SEND_POLL_SECONDS = 30  # the sender also looks at the outbox this often without being woken


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


async def periodic() -> None:
    """Lifespan task: every registered job at start-up, then each on its own interval."""
    due: dict[str, float] = {}
    while True:
        now = time.monotonic()
        for job in registered():
            if due.get(job.name, 0.0) <= now:
                await asyncio.to_thread(run_job, job)
                due[job.name] = time.monotonic() + job.every_seconds
        wait = min((due[j.name] for j in registered()), default=now + 60) - time.monotonic()
        await asyncio.sleep(max(1.0, min(wait, 60.0)))


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
    """Lifespan task: send queued messages when a change rings :func:`notify.wake`, or every
    ``SEND_POLL_SECONDS``. A failed send stays in the outbox with its error for the next round."""
    while True:
        await asyncio.to_thread(notify.wait_for_wake, SEND_POLL_SECONDS)
        try:
            await asyncio.to_thread(send_once)
        except Exception:
            log.exception("sending notifications failed")
