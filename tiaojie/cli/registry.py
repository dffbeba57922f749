"""Where sub-command groups are listed, so each capability adds one line here."""

from __future__ import annotations

import click


def commands() -> list[click.Command]:
    from .course_cmd import course_group
    from .roleplay_cmd import roleplay_group
    from .serve_cmd import lab, serve

    from .simulate_cmd import simulate_group

    return [simulate_group, serve, lab, roleplay_group, course_group]
