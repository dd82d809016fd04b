"""Text a page shows but state must never hold (a pickup code): the browser fetches it itself."""

from __future__ import annotations

import json


def fill_from_url_script(element_id: str, url: str, *, tries: int = 50) -> str:
    """JavaScript for ``rx.call_script``: once the element is on the page, fetch ``url`` (same
    origin, not cached) and put its text there. The text never passes through the websocket."""
    return (
        "(function fill(n){"
        f"const el=document.getElementById({json.dumps(element_id)});"
        "if(!el){if(n>0)setTimeout(()=>fill(n-1),100);return;}"
        f"fetch({json.dumps(url)},{{cache:'no-store',credentials:'same-origin'}})"
        ".then(r=>r.ok?r.text():'').then(t=>{if(t)el.textContent=t;}).catch(()=>{});"
        f"}})({int(tries)})"
    )
