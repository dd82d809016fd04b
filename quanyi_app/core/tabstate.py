"""A tab's state lives as long as the tab is used, not 10 minutes from its page load.

Redis keeps each state of a tab under its own key, expiring ``QUANYI_SESSION_MINUTES`` after it was
last *written*, and Reflex writes only the states an event changed. A phone that keeps picking on
one form rewrites that form's state, but not the root state above it (the page's route, "hydrated"),
which therefore expired 10 minutes after the page load however busy the phone was. The next event
then found no root, hydrated the whole page again and re-ran its on_load: every open tab paid a
page load every 10 minutes, all the phones that came in a rush at once (bench/README.md, the
soak's step at ~9½ minutes).

So every event writes back the states on its way from the root to its handler's state: the keys
that event reads, at the cost of a few bytes more in the write Reflex makes anyway (one round
trip, not more). States without vars (Reflex's own on_load and storage states) hold nothing to
keep and are left unwritten, as before. A state an event only read is now stored too: a visit to
``/proposals`` keeps the session state its page load reads (three states, not two).
"""

from __future__ import annotations

from reflex.middleware import Middleware


class KeepPathAlive(Middleware):
    async def preprocess(self, app, state, event):
        names = event.name.rpartition(".")[0].split(".")[1:]  # below the root, to the handler's state
        node = state
        _keep(node)
        for name in names:
            node = node.substates.get(name)
            if node is None:
                break
            _keep(node)
        return None


def _keep(state) -> None:
    if type(state).base_vars:
        state._was_touched = True
