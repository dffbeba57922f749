"""Where sub-command groups are listed, so each capability adds one line here."""

from __future__ import annotations

import click


def commands() -> list[click.Command]:
    from .serve_cmd import lab, serve

    return [serve, lab]
