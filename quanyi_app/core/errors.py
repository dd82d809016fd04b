"""Errors whose message is meant for the person using the app (Chinese, no internals)."""

from __future__ import annotations

from quanyi_app.core import strings


class UserError(Exception):
    """Bad input or a refused action; ``str(err)`` is safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAuthenticated(UserError):
    def __init__(self, message: str = strings.LOGIN_REQUIRED):
        super().__init__(message)


class PermissionDenied(UserError):
    def __init__(self, message: str = strings.PERMISSION_DENIED):
        super().__init__(message)


class LoginFailed(UserError):
    """``reason`` (empty, bad, locked, disabled) and ``left`` let the login page say it again
    after a redirect without carrying free text in the address."""

    def __init__(self, message: str, *, reason: str = "bad", left: int = 0):
        super().__init__(message)
        self.reason = reason
        self.left = left


class PhotoRejected(UserError):
    pass


OUTAGE_RETRY_AFTER = "10"  # seconds, the Retry-After of a refusal during an outage


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` says a shared engine is out of reach for a moment (PostgreSQL restarting, a
    lost connection, Redis restarting) rather than that the request is wrong: then the person is
    told the system is recovering and to try again shortly, and nothing they typed is lost."""
    from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (OperationalError, DisconnectionError, PoolTimeout)):
            return True
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        if type(exc).__module__.startswith("redis") and type(exc).__name__ in ("ConnectionError", "TimeoutError"):
            return True
        if isinstance(exc, (ConnectionRefusedError, ConnectionResetError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
