"""Staff edit the category list; the student form follows, old cases keep theirs."""

from __future__ import annotations

import pytest
from sqlmodel import select

from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.proposals import strings
from quanyi_app.proposals.models import Category
from quanyi_app.proposals.services import catalog


def test_add_rename_reorder_retire(session, campus, people, submit):
    staff = people["staff"]
    cat = catalog.add_category(session=session, actor=staff, name="快递")
    assert catalog.list_categories(session=session)[-1].name == "快递"
    catalog.move_category(session=session, actor=staff, category_id=cat.id, up=True)
    assert [c.name for c in catalog.list_categories(session=session)][-2] == "快递"
    catalog.rename_category(session=session, actor=staff, category_id=cat.id, name="快递外卖")
    case = submit(category_id=cat.id)
    catalog.set_category_active(session=session, actor=staff, category_id=cat.id, active=False)
    assert session.get(Category, cat.id).active is False and case.category_id == cat.id
    with pytest.raises(UserError) as err:
        submit(category_id=cat.id)  # retired: no longer offered to students
    assert err.value.message == strings.CASE_CATEGORY_REQUIRED


def test_bad_names(session, campus, people):
    for name, message in (
        ("", strings.CATEGORY_NAME_LENGTH),
        ("x" * 17, strings.CATEGORY_NAME_LENGTH),
        ("食堂", strings.CATEGORY_NAME_TAKEN.format(name="食堂")),
    ):
        with pytest.raises(UserError) as err:
            catalog.add_category(session=session, actor=people["staff"], name=name)
        assert err.value.message == message


def test_last_active_category_stays(session, campus, people):
    cats = catalog.list_categories(session=session)
    for c in cats[1:]:
        catalog.set_category_active(session=session, actor=people["staff"], category_id=c.id, active=False)
    with pytest.raises(UserError):
        catalog.set_category_active(session=session, actor=people["staff"], category_id=cats[0].id, active=False)


@pytest.mark.parametrize("who", ["inspector", "office"])
def test_only_staff_edit(session, campus, people, who):
    with pytest.raises(PermissionDenied):
        catalog.add_category(session=session, actor=people[who], name="快递")
    assert session.exec(select(Category).where(Category.name == "快递")).first() is None
