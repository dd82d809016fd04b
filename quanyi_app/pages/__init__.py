"""Pages: components only. They reference states and strings, never services."""
