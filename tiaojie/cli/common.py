"""Shared CLI plumbing: the --config/--json options and one-line errors."""

from __future__ import annotations

import functools
import json
import math
import sys

import click

from ..core.settings import Settings, set_settings
from ..rules import load_config


def finite_or_null(obj):
    """JSON has no NaN or infinity: an unavailable number is written as null."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: finite_or_null(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite_or_null(v) for v in obj]
    return obj


def emit_json(obj) -> None:
    click.echo(json.dumps(finite_or_null(obj), ensure_ascii=False, indent=2, default=str, allow_nan=False))


def fail(message: str, code: int = 2) -> None:
    click.echo(f"错误 error: {message}", err=True)
    sys.exit(code)


def config_option(f):
    """--config FILE: use another practice configuration for this command."""

    @click.option("--config", "config_file", type=str, default=None,
                  help="另一份实践配置文件 / another practice configuration (YAML)")
    @functools.wraps(f)
    def wrapper(*args, config_file=None, **kwargs):
        if config_file:
            set_settings(Settings.load(config_file=config_file))
        return f(*args, **kwargs)

    return wrapper


def json_option(f):
    return click.option("--json", "as_json", is_flag=True,
                        help="输出一个 JSON 对象 / print one JSON object")(f)


def current_config():
    return load_config()
