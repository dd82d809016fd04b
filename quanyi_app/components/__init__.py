"""Reusable UI pieces: the shell, notices, the photo picker."""
