"""Staff accounts: password hashing, login sessions, lockout, roles and user admin."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import case, literal
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, func, select

from quanyi_app.core import audit, strings
from quanyi_app.core.accounts.models import KnownDevice, LoginSession, Role, User
from quanyi_app.core.errors import LoginFailed, NotAuthenticated, UserError
from quanyi_app.core.modelbase import UTCDateTime, utcnow
from quanyi_app.core.permissions import Perm, grants, require, roles_with

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=7)
MIN_PASSWORD_LENGTH = 10
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,32}$")

ALL_ROLES = frozenset(r.value for r in Role)

_hasher = PasswordHasher()
# A real hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Principal:
    """Who is calling: what a state keeps after checking a token."""

    user_id: int
    username: str
    display_name: str
    role: str
    college_id: int | None
    office_id: int | None


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        college_id=user.college_id,
        office_id=user.office_id,
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_password() -> str:
    """A readable random password (no look-alike characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


# ---- login ------------------------------------------------------------------------------


def _strike(session: Session, model, row_id: int, now) -> bool:
    """Take one of the five password checks ``row_id`` (an account or a known device) has.

    One conditional UPDATE, so parallel attempts cannot all read "4 left" and all go on: the
    database hands out exactly five, and the fifth sets the lock at once (a crash between the
    check and its outcome still leaves the account locked, never open). A lock that has run
    out starts a fresh count. False: no check left, the caller is locked out.
    """
    table = model.__table__
    session.execute(
        sa_update(table)
        .where(table.c.id == row_id, table.c.locked_until.is_not(None), table.c.locked_until <= now)
        .values(failed_logins=0, locked_until=None)
    )
    taken = session.execute(
        sa_update(table)
        .where(table.c.id == row_id, table.c.failed_logins < MAX_FAILED_LOGINS)
        .values(
            failed_logins=table.c.failed_logins + 1,
            locked_until=case(
                (table.c.failed_logins + 1 >= MAX_FAILED_LOGINS, literal(now + LOCKOUT, UTCDateTime)),
                else_=table.c.locked_until,
            ),
        )
    )
    return taken.rowcount == 1


def _locked_message(locked_until, now) -> str:
    if locked_until is None or locked_until <= now:
        locked_until = now + LOCKOUT
    minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
    return strings.LOGIN_LOCKED.format(minutes=min(minutes, int(LOCKOUT.total_seconds() // 60)))


def login(*, session: Session, username: str, password: str, device: str = "") -> tuple[str, Principal]:
    """Check credentials and open a login session. Returns (token, principal).

    Raises :class:`LoginFailed` with a Chinese message. Five wrong passwords lock the account
    for 15 minutes for every client except the account's known devices (``device``: the
    server-issued device id of the caller, see cookies.py); each known device has five
    checks of its own, so a stranger who locks the account does not lock its owner out.
    """
    username = (username or "").strip()
    if not username or not password:
        raise LoginFailed(strings.LOGIN_EMPTY, reason="empty")
    now = utcnow()
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        raise LoginFailed(strings.LOGIN_BAD_CREDENTIALS, reason="bad")
    device_hash = hash_token("device:" + device) if device else ""
    known = (
        session.exec(
            select(KnownDevice).where(KnownDevice.user_id == user.id, KnownDevice.device_hash == device_hash)
        ).first()
        if device_hash
        else None
    )
    counter, counter_id = (KnownDevice, known.id) if known is not None else (User, user.id)
    if not _strike(session, counter, counter_id, now):
        row = session.get(counter, counter_id)
        session.refresh(row)
        raise LoginFailed(_locked_message(row.locked_until, now), reason="locked")
    row = session.get(counter, counter_id)
    session.refresh(row)
    if not verify_password(user.password_hash, password):
        audit.record(session=session, action="login.failed", target_type="user", target_id=user.id)
        if row.failed_logins >= MAX_FAILED_LOGINS:
            audit.record(session=session, action="login.locked", target_type="user", target_id=user.id)
            session.flush()
            raise LoginFailed(_locked_message(row.locked_until, now), reason="locked")
        session.flush()
        left = MAX_FAILED_LOGINS - row.failed_logins
        raise LoginFailed(strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=left), reason="bad", left=left)
    if not user.active:
        raise LoginFailed(strings.LOGIN_DISABLED, reason="disabled")
    row.failed_logins = 0
    row.locked_until = None
    session.add(row)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    if device_hash:
        known = known or KnownDevice(user_id=user.id, device_hash=device_hash)
        known.last_login_at = now
        session.add(known)
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=hash_token(token), expires_at=now + SESSION_LIFETIME))
    session.add(user)
    audit.record(session=session, action="login.ok", actor_id=user.id, target_type="user", target_id=user.id)
    session.flush()
    return token, principal_of(user)


def logout(*, session: Session, token: str) -> None:
    if not token:
        return
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()


def authenticate(*, session: Session, token: str | None) -> Principal:
    """The principal behind a login token, or :class:`NotAuthenticated`."""
    if not token:
        raise NotAuthenticated()
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        raise NotAuthenticated()
    if row.expires_at <= utcnow():
        raise NotAuthenticated(strings.SESSION_EXPIRED)
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated(strings.LOGIN_DISABLED)
    return principal_of(user)


def require_permission(*, session: Session, token: str | None, permission: Perm, **scope) -> Principal:
    """Authenticate, then check ``permission`` at the one permission point."""
    return require(authenticate(session=session, token=token), permission, **scope)


# ---- user administration (admins only; the caller passes the checked principal) -------


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked: bool


def list_users(*, session: Session, actor: Principal) -> list[UserRow]:
    require(actor, Perm.USER_ADMIN)
    now = utcnow()
    users = session.exec(select(User).order_by(col(User.role), col(User.username))).all()
    return [
        UserRow(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            active=u.active,
            locked=u.locked_until is not None and u.locked_until > now,
        )
        for u in users
    ]


def _validate_new_user(username: str, display_name: str, role: str, password: str) -> None:
    if not USERNAME_RE.match(username):
        raise UserError(strings.USERS_USERNAME_INVALID)
    if not 1 <= len(display_name) <= 32:
        raise UserError(strings.USERS_NAME_REQUIRED)
    if role not in ALL_ROLES:
        raise UserError(strings.USERS_ROLE_INVALID)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(strings.USERS_PASSWORD_SHORT)


def create_user(
    *,
    session: Session,
    actor: Principal | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
    college_id: int | None = None,
    office_id: int | None = None,
) -> User:
    """Create an account. ``actor`` is None only for the bootstrap of the first admin."""
    if actor is not None:
        require(actor, Perm.USER_ADMIN)
    username = (username or "").strip()
    display_name = (display_name or "").strip()
    _validate_new_user(username, display_name, role, password or "")
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise UserError(strings.USERS_USERNAME_TAKEN.format(username=username))
    from quanyi_app.core.campus.models import College, Office

    if college_id is not None and session.get(College, college_id) is None:
        raise UserError(strings.COLLEGE_NOT_FOUND)
    if office_id is not None and session.get(Office, office_id) is None:
        raise UserError(strings.OFFICE_NOT_FOUND)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        college_id=college_id,
        office_id=office_id,
    )
    session.add(user)
    session.flush()
    audit.record(
        session=session,
        action="user.create",
        actor_id=actor.user_id if actor else None,
        target_type="user",
        target_id=user.id,
        role=role,
    )
    session.flush()
    return user


def _get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(strings.USERS_NOT_FOUND)
    return user


def set_user_active(*, session: Session, actor: Principal, user_id: int, active: bool) -> User:
    require(actor, Perm.USER_ADMIN)
    user = _get_user(session, user_id)
    if not active:
        if user.id == actor.user_id:
            raise UserError(strings.USERS_CANNOT_DISABLE_SELF)
        if grants(user.role, Perm.USER_ADMIN) and _active_admins(session) <= 1:
            raise UserError(strings.USERS_LAST_ADMIN)
    user.active = active
    session.add(user)
    if not active:  # a disabled account loses its open sessions at once
        for row in session.exec(
            select(LoginSession).where(LoginSession.user_id == user.id, col(LoginSession.revoked_at).is_(None))
        ):
            row.revoked_at = utcnow()
            session.add(row)
    audit.record(
        session=session,
        action="user.enable" if active else "user.disable",
        actor_id=actor.user_id,
        target_type="user",
        target_id=user.id,
    )
    session.flush()
    return user


def reset_password(*, session: Session, actor: Principal, user_id: int) -> tuple[User, str]:
    """Give the user a new random password (shown once) and unlock the account."""
    require(actor, Perm.USER_ADMIN)
    user = _get_user(session, user_id)
    password = generate_password()
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.must_change_password = True
    session.add(user)
    for row in session.exec(
        select(LoginSession).where(LoginSession.user_id == user.id, col(LoginSession.revoked_at).is_(None))
    ):
        row.revoked_at = utcnow()
        session.add(row)
    audit.record(
        session=session, action="user.reset_password", actor_id=actor.user_id, target_type="user", target_id=user.id
    )
    session.flush()
    return user, password


def _active_admins(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(User).where(col(User.role).in_(roles_with(Perm.USER_ADMIN)), col(User.active))
    ).one()


def ensure_first_admin(*, session: Session, password: str | None) -> tuple[str, str | None] | None:
    """Create the ``admin`` account when no admin exists.

    Returns ``(username, generated_password_or_None)`` when an account was created.
    """
    exists = session.exec(select(User).where(col(User.role).in_(roles_with(Perm.USER_ADMIN)))).first()
    if exists is not None:
        return None
    generated = None
    if password is None:
        generated = password = generate_password()
    create_user(
        session=session,
        actor=None,
        username="admin",
        display_name=strings.FIRST_ADMIN_NAME,
        role=Role.admin.value,
        password=password,
    )
    return "admin", generated
