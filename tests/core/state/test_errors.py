"""Unexpected errors reach the user as a Chinese toast; the trace stays in the server log."""

from __future__ import annotations

import logging

from quanyi_app.core import strings
from quanyi_app.core.ui.errors import backend_exception_handler


def test_backend_errors_become_a_chinese_toast(caplog):
    try:
        raise KeyError("secret internal detail")
    except KeyError as err:
        with caplog.at_level(logging.ERROR, logger="quanyi"):
            event = backend_exception_handler(err)
    rendered = str(event)
    assert strings.GENERIC_ERROR in rendered
    assert "secret internal detail" not in rendered and "Traceback" not in rendered
    assert "secret internal detail" in caplog.text and "Traceback" in caplog.text


def test_an_event_during_a_redis_or_database_outage_says_the_system_is_recovering():
    from redis.exceptions import ConnectionError as RedisDown
    from sqlalchemy.exc import OperationalError

    for outage in (RedisDown("Error 111 connecting to 127.0.0.1:6379"), OperationalError("x", {}, OSError())):
        rendered = str(backend_exception_handler(outage))
        assert strings.SERVICE_RECOVERING in rendered and strings.GENERIC_ERROR not in rendered
        assert "6379" not in rendered
