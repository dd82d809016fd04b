"""Email notifications through a real SMTP server (aiosmtpd sink); failures stay queued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core.errors import PermissionDenied
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify import services as notify
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.settings import SettingsError, load_settings
from quanyi_app.proposals.services import casework
from tests.support.smtp_sink import SmtpSink


def test_public_changes_are_emailed_once(session, people, submit):
    case = submit(anonymous=False, contact_email="stu@example.cn")
    casework.accept(session=session, actor=people["staff"], case_id=case.id, public_url="https://qy.example.cn")
    casework.add_note(session=session, actor=people["staff"], case_id=case.id, body="内部备注不发邮件")
    with SmtpSink() as sink:
        config = notify.SmtpConfig(host="127.0.0.1", port=sink.port, sender="quanyi@example.cn")
        sent = notify.deliver_pending(session=session, notifiers=[notify.EmailNotifier(config)])
        assert sent == 2
        assert notify.deliver_pending(session=session, notifiers=[notify.EmailNotifier(config)]) == 0
    assert [m["to"] for m in sink.messages] == [["stu@example.cn"], ["stu@example.cn"]]
    assert "已收到反馈" in sink.messages[0]["subject"] and "权益部已受理" in sink.messages[1]["subject"]
    assert f"https://qy.example.cn/t/{case.tracking_code}" in sink.messages[1]["body"]
    assert all("内部备注" not in m["body"] for m in sink.messages)


def test_unreachable_server_keeps_messages_for_retry(session, people, submit):
    submit(anonymous=False, contact_email="stu@example.cn")
    config = notify.SmtpConfig(host="127.0.0.1", port=1)
    assert notify.deliver_pending(session=session, notifiers=[notify.EmailNotifier(config)]) == 0
    msg = session.exec(select(OutboundMessage)).one()
    assert msg.sent_at is None and msg.attempts == 1 and msg.last_error


def test_smtp_settings_from_environment(tmp_path):
    assert load_settings({"QUANYI_DATA_DIR": str(tmp_path)}).smtp is None
    cfg = load_settings(
        {
            "QUANYI_DATA_DIR": str(tmp_path),
            "QUANYI_SMTP_HOST": "smtp.example.cn",
            "QUANYI_SMTP_PORT": "587",
            "QUANYI_SMTP_STARTTLS": "true",
            "QUANYI_SMTP_FROM": "qy@example.cn",
        }
    ).smtp
    assert (cfg.host, cfg.port, cfg.starttls, cfg.sender) == ("smtp.example.cn", 587, True, "qy@example.cn")


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("QUANYI_SMTP_PORT", "abc", "端口"),
        ("QUANYI_SMTP_PORT", "70000", "端口"),
        ("QUANYI_SMTP_STARTTLS", "maybe", "true 或 false"),
        ("QUANYI_SMTP_FROM", "nobody", "发件地址"),
    ],
)
def test_bad_smtp_settings_say_which_and_why(tmp_path, name, value, words):
    with pytest.raises(SettingsError) as err:
        load_settings({"QUANYI_DATA_DIR": str(tmp_path), "QUANYI_SMTP_HOST": "smtp.example.cn", name: value})
    assert name in str(err.value) and words in str(err.value)


def _unsent(session) -> OutboundMessage:
    session.expire_all()
    return session.exec(select(OutboundMessage)).one()


def test_failures_back_off_then_give_up_and_staff_see_them(session, people, submit):
    submit(anonymous=False, contact_email="stu@example.cn")
    session.commit()
    dead = [notify.EmailNotifier(notify.SmtpConfig(host="127.0.0.1", port=1))]
    assert notify.deliver_pending(session=session, notifiers=dead) == 0
    msg = _unsent(session)
    assert msg.attempts == 1 and msg.last_error and msg.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert notify.deliver_pending(session=session, notifiers=dead) == 0
    assert _unsent(session).attempts == 1  # not due yet: no second try a second later
    waits = []
    for _ in range(notify.MAX_ATTEMPTS - 1):  # time passes: each try waits longer than the last
        msg = _unsent(session)
        msg.next_attempt_at = utcnow() - timedelta(seconds=1)
        session.add(msg)
        session.flush()
        before = utcnow()
        notify.deliver_pending(session=session, notifiers=dead)
        msg = _unsent(session)
        waits.append(msg.next_attempt_at - before)
    assert waits == sorted(waits) and waits[-1] > timedelta(minutes=60)
    assert _unsent(session).attempts == notify.MAX_ATTEMPTS
    status = notify.outbox_status(session=session, actor=people["staff"])
    assert (status.failed, status.retrying) == (1, 0)
    assert status.recent_failures[0].recipient == "s***@example.cn" and status.recent_failures[0].last_error
    with pytest.raises(PermissionDenied):
        notify.outbox_status(session=session, actor=people["inspector"])
    with pytest.raises(PermissionDenied):
        notify.retry_failed(session=session, actor=people["office"])
    assert notify.retry_failed(session=session, actor=people["staff"]) == 1
    with SmtpSink() as sink:
        live = [notify.EmailNotifier(notify.SmtpConfig(host="127.0.0.1", port=sink.port, sender="q@example.cn"))]
        assert notify.deliver_pending(session=session, notifiers=live) == 1
    assert [m["to"] for m in sink.messages] == [["stu@example.cn"]]
    assert notify.outbox_status(session=session, actor=people["staff"]).failed == 0


def test_the_sender_job_sends_each_message_in_its_own_unit_of_work(session, people, submit, monkeypatch):
    from quanyi_app.core import jobs
    from quanyi_app.core.settings import get_settings

    submit(anonymous=False, contact_email="a@example.cn")
    submit(anonymous=False, contact_email="b@example.cn", description="四楼洗衣机坏了,投币后不转。")
    session.commit()
    with SmtpSink() as sink:
        monkeypatch.setenv("QUANYI_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("QUANYI_SMTP_PORT", str(sink.port))
        get_settings.cache_clear()
        assert jobs.send_once() == 2
        assert jobs.send_once() == 0
    assert sorted(m["to"][0] for m in sink.messages) == ["a@example.cn", "b@example.cn"]
    session.expire_all()
    assert all(m.sent_at is not None for m in session.exec(select(OutboundMessage)).all())


def test_two_senders_on_two_nodes_send_a_message_once(migrated, db_url):
    """Two nodes' senders reach the same due message at once: the one holding its row sends it,
    the other skips it (PostgreSQL row locks; SQLite has a single writer, one node)."""
    import threading

    from quanyi_app.core.db import session_scope

    if not db_url.startswith("postgresql"):
        pytest.skip("several nodes share PostgreSQL; SQLite is the one-node default")
    with session_scope() as s:
        s.add(OutboundMessage(recipient="stu@example.cn", subject="已收到反馈", body="…"))
    with session_scope() as s:
        (mid,) = notify.due_ids(session=s, notifiers=[_Slow(threading.Event())])

    inside, release = threading.Event(), threading.Event()
    first = _Slow(release, inside)
    results: dict[str, bool] = {}

    def node_a():
        with session_scope() as s:
            results["a"] = notify.deliver(session=s, message_id=mid, notifiers=[first])

    a = threading.Thread(target=node_a)
    a.start()
    assert inside.wait(10)  # node A is sending, its row locked
    second = _Slow(threading.Event())
    second.release.set()
    with session_scope() as s:
        results["b"] = notify.deliver(session=s, message_id=mid, notifiers=[second])
    release.set()
    a.join(10)
    assert results == {"a": True, "b": False} and len(first.sent) == 1 and second.sent == []
    with session_scope() as s:
        assert s.get(OutboundMessage, mid).sent_at is not None


class _Slow:
    """A notifier that takes its time (it waits for ``release``), recording what it sent."""

    channel = "email"

    def __init__(self, release, inside=None):
        self.release, self.inside, self.sent = release, inside, []

    def send(self, recipient: str, subject: str, body: str) -> None:
        if self.inside is not None:
            self.inside.set()
        self.release.wait(10)
        self.sent.append(recipient)
