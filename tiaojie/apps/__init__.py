"""Voilà apps: each module builds one app as an ipywidgets widget (`build_app()`)."""
