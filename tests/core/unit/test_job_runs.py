"""Periodic jobs run once per due time however many app nodes share the database: each due time
is claimed by a row (core/schedule), and the first node to write it runs the job."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import func, select

from quanyi_app.core import jobs
from quanyi_app.core.db import session_scope
from quanyi_app.core.schedule import services as schedule
from quanyi_app.core.schedule.models import JobRun

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _counting_job(every: float = 60) -> tuple[jobs.Job, list[int]]:
    ran: list[int] = []
    return jobs.Job(name="counting", run=lambda: ran.append(1), every_seconds=every), ran


def test_nodes_racing_for_the_same_due_time_run_the_job_once(migrated):
    job, ran = _counting_job()
    start = threading.Barrier(6)
    results: list[bool] = []

    def node():
        start.wait()
        results.append(jobs.claim_and_run(job, now=T0 + timedelta(seconds=5)))

    threads = [threading.Thread(target=node) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True] and len(ran) == 1


def test_two_nodes_out_of_step_run_each_due_time_once(migrated):
    """Node A wakes on the minute, node B half a minute later: together, once a minute."""
    job, ran = _counting_job(every=60)
    for minute in range(5):
        a = T0 + timedelta(minutes=minute, seconds=1)
        jobs.claim_and_run(job, now=a)
        jobs.claim_and_run(job, now=a + timedelta(seconds=30))  # B, still in A's minute
    assert len(ran) == 5
    jobs.claim_and_run(job, now=T0 + timedelta(minutes=5, seconds=2))  # a new minute: B is first
    assert len(ran) == 6


def test_a_failing_job_still_spends_its_due_time_and_the_record_is_pruned(migrated):
    def broken():
        raise RuntimeError("no disk")

    job = jobs.Job(name="broken", run=broken, every_seconds=3600)
    assert jobs.claim_and_run(job, now=T0) is True  # logged, not raised; retried next due time
    assert jobs.claim_and_run(job, now=T0 + timedelta(minutes=5)) is False
    assert jobs.claim_and_run(job, now=T0 + schedule.KEEP + timedelta(hours=2)) is True
    with session_scope() as s:  # claiming pruned the record older than a week
        assert s.exec(select(func.count()).select_from(JobRun)).one() == 1
