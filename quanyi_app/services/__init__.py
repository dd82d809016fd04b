"""The domain: plain Python functions taking a keyword-only ``session``. No Reflex here."""
