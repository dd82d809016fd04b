"""Text people type, made safe to store and honest to measure.

- :func:`clean` drops NUL and the other control characters (PostgreSQL refuses NUL in text; none
  of them means anything in a form) and keeps tabs and line breaks. Every string written to the
  database passes through it (core/db.py, before each flush), whatever the feature.
- :func:`visible` is what a reader would see: no zero-width characters, no surrounding space.
  Minimum lengths are measured on it, so "​​​​​" is not a description.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2060-\u2064\u206a-\u206f\ufeff\u00ad\u180e]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def visible(text: str | None) -> str:
    return _INVISIBLE.sub("", clean(text or "")).strip()


def clean_value(value):
    """:func:`clean` through the strings inside JSON-like values too."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value
