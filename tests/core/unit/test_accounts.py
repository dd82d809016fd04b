"""Staff accounts: hashing, opaque tokens, lockout, roles and user administration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core import strings
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.models import AuditLog, LoginSession, User
from quanyi_app.core.errors import LoginFailed, NotAuthenticated, PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(session):
    accounts.create_user(
        session=session, actor=None, username="boss", display_name="部长", role="admin", password=PASSWORD
    )
    _, who = accounts.login(session=session, username="boss", password=PASSWORD)
    return who


def make_user(session, admin, username="lixue", role="staff"):
    return accounts.create_user(
        session=session, actor=admin, username=username, display_name="李同学", role=role, password=PASSWORD
    )


def test_password_is_hashed_with_argon2(session, admin):
    user = session.exec(select(User).where(User.username == "boss")).one()
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_login_returns_opaque_token_stored_only_as_hash(session, admin):
    token, who = accounts.login(session=session, username="boss", password=PASSWORD)
    assert len(token) >= 40 and who.role == "admin"
    rows = session.exec(select(LoginSession)).all()
    assert all(r.token_hash != token for r in rows)
    assert accounts.hash_token(token) in {r.token_hash for r in rows}
    assert accounts.authenticate(session=session, token=token).username == "boss"
    assert rows[-1].expires_at > utcnow() + timedelta(days=6)


def test_wrong_password_counts_down_then_locks_for_15_minutes(session, admin):
    make_user(session, admin)
    messages = []
    for _ in range(5):
        with pytest.raises(LoginFailed) as err:
            accounts.login(session=session, username="lixue", password="wrong password")
        messages.append(err.value.message)
    assert messages[0] == strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=4)
    assert messages[3] == strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=1)
    assert messages[4] == strings.LOGIN_LOCKED.format(minutes=15)
    # Locked: even the right password is refused, with the same clear message.
    with pytest.raises(LoginFailed) as err:
        accounts.login(session=session, username="lixue", password=PASSWORD)
    assert "锁定" in err.value.message
    # After the 15 minutes the right password works again and resets the count.
    user = session.exec(select(User).where(User.username == "lixue")).one()
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.add(user)
    session.commit()
    token, _ = accounts.login(session=session, username="lixue", password=PASSWORD)
    assert token
    session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None
    actions = [a.action for a in session.exec(select(AuditLog)).all()]
    assert actions.count("login.failed") == 5 and "login.locked" in actions


def test_unknown_user_and_empty_input_get_clear_messages(session, admin):
    with pytest.raises(LoginFailed) as err:
        accounts.login(session=session, username="nobody", password="whatever1234")
    assert err.value.message == strings.LOGIN_BAD_CREDENTIALS
    with pytest.raises(LoginFailed) as err:
        accounts.login(session=session, username="  ", password="")
    assert err.value.message == strings.LOGIN_EMPTY


def test_logout_revokes_the_token(session, admin):
    token, _ = accounts.login(session=session, username="boss", password=PASSWORD)
    accounts.logout(session=session, token=token)
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(session=session, token=token)


def test_expired_and_forged_tokens_are_refused(session, admin):
    token, _ = accounts.login(session=session, username="boss", password=PASSWORD)
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == accounts.hash_token(token))).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    with pytest.raises(NotAuthenticated) as err:
        accounts.authenticate(session=session, token=token)
    assert err.value.message == strings.SESSION_EXPIRED
    for forged in ("", None, "x" * 43, row.token_hash):
        with pytest.raises(NotAuthenticated):
            accounts.authenticate(session=session, token=forged)


def test_require_permission(session, admin):
    make_user(session, admin, "insp", role="inspector")
    token, _ = accounts.login(session=session, username="insp", password=PASSWORD)
    who = accounts.require_permission(session=session, token=token, permission=Perm.INSPECTION_RUN)
    assert who.role == "inspector"
    with pytest.raises(PermissionDenied) as err:
        accounts.require_permission(session=session, token=token, permission=Perm.CASE_TRIAGE)
    assert err.value.message == strings.PERMISSION_DENIED
    admin_token, _ = accounts.login(session=session, username="boss", password=PASSWORD)
    for perm in Perm:  # admins hold every permission
        assert accounts.require_permission(session=session, token=admin_token, permission=perm).username == "boss"
    with pytest.raises(NotAuthenticated):
        accounts.require_permission(session=session, token=None, permission=Perm.CASE_TRIAGE)


def test_disabling_a_user_ends_their_sessions_and_blocks_login(session, admin):
    user = make_user(session, admin)
    token, _ = accounts.login(session=session, username="lixue", password=PASSWORD)
    accounts.set_user_active(session=session, actor=admin, user_id=user.id, active=False)
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(session=session, token=token)
    with pytest.raises(LoginFailed) as err:
        accounts.login(session=session, username="lixue", password=PASSWORD)
    assert err.value.message == strings.LOGIN_DISABLED
    accounts.set_user_active(session=session, actor=admin, user_id=user.id, active=True)
    assert accounts.login(session=session, username="lixue", password=PASSWORD)[0]


def test_reset_password_unlocks_and_invalidates_old_password(session, admin):
    user = make_user(session, admin)
    old_token, _ = accounts.login(session=session, username="lixue", password=PASSWORD)
    user.locked_until = utcnow() + timedelta(minutes=10)
    session.add(user)
    session.commit()
    _, new_password = accounts.reset_password(session=session, actor=admin, user_id=user.id)
    assert len(new_password) >= 10
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(session=session, token=old_token)
    with pytest.raises(LoginFailed):
        accounts.login(session=session, username="lixue", password=PASSWORD)
    assert accounts.login(session=session, username="lixue", password=new_password)[0]


@pytest.mark.parametrize(
    "username,display_name,role,password,message",
    [
        ("a", "名字", "staff", PASSWORD, strings.USERS_USERNAME_INVALID),
        ("中文名", "名字", "staff", PASSWORD, strings.USERS_USERNAME_INVALID),
        ("good_name", "", "staff", PASSWORD, strings.USERS_NAME_REQUIRED),
        ("good_name", "名字", "student", PASSWORD, strings.USERS_ROLE_INVALID),
        ("good_name", "名字", "staff", "short", strings.USERS_PASSWORD_SHORT),
        ("boss", "名字", "staff", PASSWORD, strings.USERS_USERNAME_TAKEN.format(username="boss")),
    ],
)
def test_create_user_validation(session, admin, username, display_name, role, password, message):
    before = len(session.exec(select(User)).all())
    with pytest.raises(UserError) as err:
        accounts.create_user(
            session=session, actor=admin, username=username, display_name=display_name, role=role, password=password
        )
    assert err.value.message == message
    assert len(session.exec(select(User)).all()) == before


def test_only_admins_administer_users(session, admin):
    user = make_user(session, admin)
    _, staff = accounts.login(session=session, username="lixue", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        accounts.create_user(
            session=session, actor=staff, username="sneaky", display_name="x", role="admin", password=PASSWORD
        )
    with pytest.raises(PermissionDenied):
        accounts.set_user_active(session=session, actor=staff, user_id=admin.user_id, active=False)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(session=session, actor=staff, user_id=admin.user_id)
    with pytest.raises(PermissionDenied):
        accounts.list_users(session=session, actor=staff)
    assert session.exec(select(User).where(User.username == "sneaky")).first() is None
    assert user.active


def test_admin_cannot_disable_self_or_the_last_admin(session, admin):
    with pytest.raises(UserError) as err:
        accounts.set_user_active(session=session, actor=admin, user_id=admin.user_id, active=False)
    assert err.value.message == strings.USERS_CANNOT_DISABLE_SELF


def test_first_admin_is_created_once(session):
    created = accounts.ensure_first_admin(session=session, password=None)
    assert created is not None
    username, generated = created
    assert username == "admin" and len(generated) >= 10
    assert accounts.login(session=session, username="admin", password=generated)[0]
    assert accounts.ensure_first_admin(session=session, password=None) is None


def test_first_admin_takes_password_from_setting(session):
    assert accounts.ensure_first_admin(session=session, password=PASSWORD) == ("admin", None)
    assert accounts.login(session=session, username="admin", password=PASSWORD)[0]
