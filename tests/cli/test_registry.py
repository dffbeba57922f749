"""All commands join `tiaojie` one way: the registry's list, and nothing else."""

from tiaojie.cli import registry
from tiaojie.cli.main import cli


def test_the_registry_is_the_whole_command_line():
    listed = [c.name for c in registry.commands()]
    assert sorted(cli.commands) == sorted(listed)
    assert len(set(listed)) == len(listed)
    assert {"rules", "cases", "simulate", "serve", "lab", "roleplay"} <= set(listed)
