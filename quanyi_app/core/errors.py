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
