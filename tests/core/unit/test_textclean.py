"""NUL bytes and invisible text, on both databases: NUL is stripped from whatever is stored
(PostgreSQL would refuse the row), and text made only of zero-width characters is refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from quanyi_app.core import audit
from quanyi_app.core.accounts.models import AuditLog
from quanyi_app.core.errors import UserError
from quanyi_app.core.textclean import clean, visible
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Case

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff" * 3


def test_nul_bytes_never_reach_the_database(session, submit):
    case = submit(
        description="热水器\x00坏了一周,\x07没有热水\x00。\n第二行", contact_name="王\x00同学", anonymous=False
    )
    audit.record(
        session=session, action="test.nul", target_type="case", target_id=case.id, note="a\x00b", tags=["c\x00"]
    )
    session.commit()  # PostgreSQL raises on a NUL here, had one reached it
    session.expire_all()
    stored = session.exec(select(Case).where(Case.id == case.id)).one()
    assert stored.description == "热水器坏了一周,没有热水。\n第二行"
    assert stored.contact_name == "王同学"
    row = session.exec(select(AuditLog).where(AuditLog.action == "test.nul")).one()
    assert row.detail == {"note": "ab", "tags": ["c"]}


def test_a_description_of_only_zero_width_characters_is_refused(session, submit):
    with pytest.raises(UserError) as err:
        submit(description=ZERO_WIDTH + "  " + ZERO_WIDTH)
    assert err.value.message == strings.CASE_DESCRIPTION_SHORT.format(n=5)
    assert session.exec(select(Case)).all() == []


def test_clean_and_visible():
    assert clean("a\x00b\tc\nd\r\x1b") == "ab\tc\nd\r"
    assert visible(" \u200b好\u200d ") == "好"
    assert visible(None) == ""
