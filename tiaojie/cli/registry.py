"""Every sub-command of `tiaojie`, listed in one place: a new capability adds one line here.

``tiaojie.cli.main`` registers exactly this list (nothing is added to the group elsewhere), so the
order here is the order ``tiaojie --help`` shows.
"""

from __future__ import annotations

import click


def commands() -> list[click.Command]:
    from .cases_cmd import cases_group
    from .course_cmd import course_group
    from .progress_cmd import curriculum_group, progress
    from .roleplay_cmd import roleplay_group
    from .rules_cmd import rules_group
    from .serve_cmd import lab, serve
    from .simulate_cmd import simulate_group

    return [rules_group, cases_group, simulate_group, serve, lab, roleplay_group, progress, curriculum_group,
            course_group]


def subcommands() -> dict[str, list[click.Command]]:
    """Sub-commands that join a group listed above (by the group's name), in the same one place."""
    from .pack_cmd import pack

    return {"cases": [pack]}
