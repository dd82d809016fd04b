"""Email notifications through a real SMTP server (aiosmtpd sink); failures stay queued."""

from __future__ import annotations

from sqlmodel import select

from quanyi_app.core.notify import services as notify
from quanyi_app.core.notify.models import OutboundMessage
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


def test_smtp_settings_from_environment():
    assert notify.SmtpConfig.from_env({}) is None
    cfg = notify.SmtpConfig.from_env(
        {
            "QUANYI_SMTP_HOST": "smtp.example.cn",
            "QUANYI_SMTP_PORT": "587",
            "QUANYI_SMTP_STARTTLS": "true",
            "QUANYI_SMTP_FROM": "qy@example.cn",
        }
    )
    assert (cfg.host, cfg.port, cfg.starttls, cfg.sender) == ("smtp.example.cn", 587, True, "qy@example.cn")
