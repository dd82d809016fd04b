"""What a user sees when something unexpected breaks: a Chinese message, never a trace."""

from __future__ import annotations

import logging
import traceback

import reflex as rx

from quanyi_app.core import strings
from quanyi_app.core.errors import is_outage

log = logging.getLogger("quanyi")


def backend_exception_handler(exception: Exception):
    """Log the full trace on the server; show the user a short Chinese toast (during an outage of
    PostgreSQL or Redis: that the system is recovering)."""
    if is_outage(exception):
        log.warning("event during an outage: %s", exception)
        return rx.toast.error(strings.SERVICE_RECOVERING, id="backend_error", position="top-center")
    log.error(
        "unhandled error in an event handler\n%s",
        "".join(traceback.format_exception(type(exception), exception, exception.__traceback__)),
    )
    return rx.toast.error(strings.GENERIC_ERROR, id="backend_error", position="top-center")
