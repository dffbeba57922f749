"""Serving the suite: offline Voilà template, built app notebooks, the server command line."""
