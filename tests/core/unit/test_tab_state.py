"""A tab in use keeps its state in Redis: every event renews the keys on its way from the root to its
handler's state, so a busy phone's root state never expires under it (which re-ran the page load).

Real Redis (redis-server on a private socket), the app's real event processor and handlers."""

from __future__ import annotations

import asyncio
import uuid

from reflex.istate.manager.token import BaseStateToken
from reflex.state import OnLoadInternalState, State, StateUpdate
from reflex_base.event import Event

from quanyi_app.core import admission
from quanyi_app.core.statestore import LeanStateManagerRedis

EXPIRY = 600


class Namespace:
    def __init__(self):
        self.sent: list[StateUpdate] = []

    async def emit_update(self, update: StateUpdate, token: str) -> None:
        self.sent.append(update)


def test_each_event_renews_the_root_state_so_a_busy_tab_is_never_hydrated_again(migrated, redis_url):
    from redis.asyncio import Redis

    from quanyi_app.proposals.state.submit import SubmitState
    from quanyi_app.quanyi_app import app

    token = str(uuid.uuid4())
    root_key = BaseStateToken(ident=token, cls=State)._state_key(State)
    pick = f"{SubmitState.get_full_name()}.set_category"
    router = {"pathname": "/proposals", "asPath": "/proposals", "query": {}}

    async def go():
        redis = Redis.from_url(redis_url)
        manager = LeanStateManagerRedis(redis=redis, token_expiration=EXPIRY)  # as the app runs it
        namespace = Namespace()
        processor = admission.AdmittingEventProcessor(middleware=app)
        processor.configure(state_manager=manager, event_namespace=namespace)
        async with processor:
            hydrate = f"{State.get_full_name()}.hydrate"
            await processor.enqueue(token, Event(name=hydrate, payload={}, router_data=dict(router)))
            await processor.join(timeout=20)
            await _idle(processor)
            assert await redis.ttl(root_key) > EXPIRY - 60
            await redis.expire(root_key, 30)  # as if the page had loaded 9½ minutes ago
            namespace.sent.clear()
            for value in ("1", "2"):
                await processor.enqueue(token, Event(name=pick, payload={"value": value}, router_data=dict(router)))
                await processor.join(timeout=20)
                await _idle(processor)
            assert await redis.ttl(root_key) > EXPIRY - 60  # renewed by the picks
            # …and the picks were answered as picks, not with the page loaded again
            root_deltas = [u.delta.get(State.get_full_name(), {}) for u in namespace.sent]
            assert not any("is_hydrated_rx_state_" in d for d in root_deltas)
            # Reflex's own var-less states (on_load, storage) are still not stored
            on_load = f"{OnLoadInternalState.get_full_name()}.on_load_internal"
            await processor.enqueue(token, Event(name=on_load, payload={}, router_data=dict(router)))
            await processor.join(timeout=20)
            await _idle(processor)
            stored = {k.decode() for k in await redis.keys(f"{token}_*") if not k.endswith(b"_lock")}
            assert {root_key, f"{token}_{SubmitState.get_full_name()}"} <= stored, stored
            assert f"{token}_{OnLoadInternalState.get_full_name()}" not in stored, stored
            state = await manager.get_state(BaseStateToken(ident=token, cls=SubmitState))
            assert (await state.get_state(SubmitState)).category_id == "2"
        await redis.aclose()

    with app._registration_context:
        asyncio.run(go())


async def _idle(processor) -> None:
    for _ in range(200):
        if processor.line.running == 0 and not processor._tasks:
            return
        await asyncio.sleep(0.02)
