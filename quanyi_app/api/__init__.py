"""HTTP routes a browser fetches by URL (health, private photos), mounted via api_transformer."""
