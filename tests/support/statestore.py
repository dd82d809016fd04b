"""What the production build's state store holds (the private Redis ``make run`` starts, or
Reflex's on-disk store when the server runs with QUANYI_STATE_STORE=disk)."""

from __future__ import annotations

from hashlib import md5

import reflex as rx


def all_states() -> list[type[rx.State]]:
    import quanyi_app.quanyi_app  # noqa: F401  (every feature's states)

    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.get_substates())
    return found


def _redis(server_info):
    import redis

    return redis.Redis(unix_socket_path=str(server_info.redis_socket))


def uses_redis(server_info) -> bool:
    return server_info.redis_socket.exists()


def stored_states(server_info, token: str) -> set[str]:
    """Full names of the states stored for one tab (its client ``token``). Reflex stores each
    state of a tab under ``<token>_<state full name>`` (in Redis as the key, on disk as the md5
    of it)."""
    names = {cls.get_full_name() for cls in all_states()}
    if uses_redis(server_info):
        keys = (k.decode() for k in _redis(server_info).keys(f"{token}_*"))
        return {k.split("_", 1)[1] for k in keys if k.split("_", 1)[1] in names}
    return {n for n in names if (server_info.states / f"{md5(f'{token}_{n}'.encode()).hexdigest()}.pkl").exists()}


def everything_stored(server_info) -> bytes:
    """Every value in the state store, concatenated (to search it for what must never be there)."""
    if uses_redis(server_info):
        r = _redis(server_info)
        return b"".join(v for k in r.keys("*") if r.type(k) == b"string" and (v := r.get(k)) is not None)
    return b"".join(p.read_bytes() for p in server_info.states.rglob("*") if p.is_file())
