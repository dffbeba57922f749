"""`tiaojie cases …`: validate, browse and vary the exemplar case bank."""

from __future__ import annotations

import click

from ..casebank.checks import validate as validate_bank
from ..casebank.loader import load_bank
from .common import config_option, current_config, emit_json, json_option, user_errors


@click.group(name="cases")
def cases_group():
    """示范案例库：校验、检索、查看、统计、生成变体。

    The exemplar case bank: validate, list, show, stats, variants.
    """


@cases_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
@json_option
@config_option
@user_errors
def validate(paths, as_json):
    """校验案例文件（默认整个案例库）。Validate case files (default: the whole bank)."""
    result = load_bank(list(paths) or None)
    problems = validate_bank(result, current_config())
    if as_json:
        emit_json({"scanned": result.scanned, "valid": len(result.cases) - len({p.case_id for p in problems if p.case_id in result.cases}),
                   "problems": [p.to_json() for p in problems]})
    else:
        for p in problems:
            click.echo(str(p))
        bad_files = len({p.file for p in problems})
        click.echo(f"已校验 {result.scanned} 个文件，{bad_files} 个有问题，共 {len(problems)} 处 / "
                   f"checked {result.scanned} files, {bad_files} with problems, {len(problems)} problems",
                   err=bool(problems))
    if problems:
        raise SystemExit(1)
