"""When periodic jobs ran: one row per job and due time, shared by every node (core/jobs.py)."""
