"""One module per snapshot site; scrapers/snapshot/server.py lists them in SITES."""
