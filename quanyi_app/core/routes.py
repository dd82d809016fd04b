"""Site-wide routes and URL builders. Each feature's own are in its routes.py.

Builders take a plain value or a Reflex var (pages build links from state vars), so they join
with ``+`` rather than an f-string.
"""

HOME = "/"
ME = "/me"
LOGIN = "/login"
STAFF = "/staff"
STAFF_USERS = "/staff/users"

API_PHOTOS = "/api/photos"
API_LOGIN = "/api/login"
API_LOGOUT = "/api/logout"


def join(base: str, key) -> str:
    """``base/key`` for a key that may be a number, a string or a Reflex var."""
    return base + "/" + (str(key) if isinstance(key, int) else key)


def absolute(public_url: str, path: str) -> str:
    """A link for outside the site (email, QR codes): the public base URL and a path."""
    return f"{public_url.rstrip('/')}{path}" if public_url else path


def photo_url(sha256: str, *, thumb: bool = False, token: str = "") -> str:
    name = f"{sha256}_t.jpg" if thumb else f"{sha256}.jpg"
    return f"{API_PHOTOS}/{name}" + (f"?t={token}" if token else "")
