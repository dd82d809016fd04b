"""Route constants and URL builders."""

HOME = "/"
PROPOSALS = "/proposals"
FOUND = "/found"
INSPECT = "/inspect"
ME = "/me"
LOGIN = "/login"
STAFF = "/staff"
STAFF_USERS = "/staff/users"
OFFLINE = "/offline.html"
SCAN = "/s"
TRACK = "/t"
STAFF_CASES = "/staff/cases"
STAFF_BOOK = "/staff/book"
STAFF_PROPOSALS = "/staff/proposals"
STAFF_QR = "/staff/qr"
STAFF_CATEGORIES = "/staff/categories"
STAFF_STORY_NEW = "/staff/stories/new"
STORIES = "/stories"

API_HEALTH = "/api/health"
API_PHOTOS = "/api/photos"


def photo_url(sha256: str, *, thumb: bool = False, token: str = "") -> str:
    name = f"{sha256}_t.jpg" if thumb else f"{sha256}.jpg"
    return f"{API_PHOTOS}/{name}" + (f"?t={token}" if token else "")
