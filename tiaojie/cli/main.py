"""The one command line: `tiaojie`."""

from __future__ import annotations

import sys

import click

from .. import __version__
from . import registry
from .boundary import BoundaryGroup, run
from .common import config_option

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=BoundaryGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="tiaojie")
@config_option
def cli():
    """tiaojie 调解 —— 金融纠纷调解员培训与模拟套件（依据金发〔2025〕14号）。

    Training and simulation suite for financial-dispute mediators.

    \b
    常用命令 common commands:
      tiaojie rules deadline --origin 委托 --court-procedure 简易 --start 2026-09-28
      tiaojie rules track --amount 3000 --sector 银行 --opted-in
      tiaojie cases validate
      tiaojie serve
    """


for command in registry.commands():   # the one way a command joins `tiaojie`
    cli.add_command(command)
for group_name, extra in registry.subcommands().items():
    for command in extra:
        cli.commands[group_name].add_command(command)


def main() -> None:
    """The `tiaojie` console script: every command inside the one error boundary."""
    sys.exit(run(cli))
