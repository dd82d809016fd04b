"""Demo data and the setup command that ``make run`` calls."""

from __future__ import annotations

from sqlmodel import func, select

from quanyi_app.cli import main
from quanyi_app.core import strings
from quanyi_app.core.accounts.models import User
from quanyi_app.core.campus.models import Building, College, Office
from quanyi_app.lostfound.models import PickupPoint
from quanyi_app.proposals.models import Category


def test_demo_data_matches_the_campus(session):
    from quanyi_app.demo import load_demo_data

    summary = load_demo_data(session=session)
    assert summary is not None
    dorms = session.exec(select(Building).where(Building.kind == "dorm")).all()
    canteens = session.exec(select(Building).where(Building.kind == "canteen")).all()
    assert len(dorms) == 8 and len(canteens) == 2
    assert session.exec(select(func.count()).select_from(PickupPoint)).one() == 5
    offices = {o.name for o in session.exec(select(Office)).all()}
    assert {"后勤保障处", "饮食服务中心", "宿舍管理中心", "教务处", "保卫处"} <= offices
    assert session.exec(select(func.count()).select_from(College)).one() >= 3
    assert {"食堂", "澡堂", "宿舍", "教学", "网络", "安全", "其他"} <= {
        c.name for c in session.exec(select(Category)).all()
    }
    assert load_demo_data(session=session) is None  # only once


def test_setup_command_is_idempotent_and_prints_admin_password_once(db_url, capsys):
    assert main(["setup"]) == 0
    first = capsys.readouterr().out
    assert strings.BOOT_ADMIN_CREATED.format(username="admin") in first
    assert "初始密码" in first
    assert main(["setup"]) == 0
    second = capsys.readouterr().out
    assert "初始密码" not in second and "演示数据" not in second
    from sqlmodel import Session

    from quanyi_app.core.db import get_engine

    with Session(get_engine()) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1
        assert s.exec(select(func.count()).select_from(Building)).one() == 11
    assert "示例扫码地址" in first and "/s/" in first and "示例扫码地址" in second


def test_setup_without_demo_data_keeps_the_first_admin(db_url, capsys):
    """Set-up is one unit of work that commits: the admin exists even with no demo data after it."""
    from sqlmodel import Session

    from quanyi_app.core.db import get_engine

    assert main(["setup", "--no-demo"]) == 0
    assert "初始密码" in capsys.readouterr().out
    with Session(get_engine()) as s:
        assert s.exec(select(User.username)).all() == ["admin"]
        assert s.exec(select(func.count()).select_from(Building)).one() == 0


def test_setup_reports_bad_settings_without_a_trace(env, monkeypatch, capsys):
    monkeypatch.setenv("QUANYI_PUBLIC_URL", "not a url")
    assert main(["setup"]) == 2
    err = capsys.readouterr().err
    assert "配置错误" in err and "QUANYI_PUBLIC_URL" in err and "Traceback" not in err


def test_setup_reports_unreachable_database(env, monkeypatch, capsys):
    monkeypatch.setenv("QUANYI_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["setup"]) == 3
    err = capsys.readouterr().err
    assert "无法连接数据库" in err and "Traceback" not in err


def test_demo_gives_staff_cases_to_triage(db_url, capsys):
    """A fresh ``make run``'s inbox is not empty: students' cases waiting (one past its first-response
    time), one accepted, one resolved whose tracking page shows the office's answer."""
    from sqlmodel import Session

    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.db import get_engine
    from quanyi_app.demo import DEMO_CASES, DEMO_RESOLVED_REPLY
    from quanyi_app.proposals.models import Case
    from quanyi_app.proposals.services import cases, casework

    assert main(["setup"]) == 0
    assert main(["setup"]) == 0  # once
    with Session(get_engine()) as s:
        actor = principal_of(s.exec(select(User)).one())
        rows, overdue_n = casework.inbox(session=s, actor=actor, flt=casework.InboxFilter(status="open"))
        assert len(rows) == 5 and overdue_n == 1
        assert sorted(r.status for r in rows) == ["accepted", "received", "received", "received", "received"]
        overdue = [r for r in rows if r.overdue]
        assert len(overdue) == 1 and "校园网" in overdue[0].excerpt
        assert all(r.building for r in rows)  # filed from a building's QR point
        resolved = s.exec(select(Case).where(Case.status == "resolved")).one()
        view = cases.tracking_view(session=s, code=resolved.tracking_code)
        assert [e.kind for e in view.timeline][-1] == "resolved"
        assert view.timeline[-1].body == DEMO_RESOLVED_REPLY
        assert view.timeline[0].at < view.timeline[-1].at  # dated back, steps in order
        assert s.exec(select(func.count()).select_from(Case)).one() == len(DEMO_CASES)
