"""Reflex states: thin. Read the login token, check the role, call a service, set vars."""
