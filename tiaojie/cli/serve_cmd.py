"""`tiaojie serve` and `tiaojie lab`: the Voilà apps and the curriculum in JupyterLab."""

from __future__ import annotations

import sys

import click

from ..serving import server


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=server.DEFAULT_PORT, show_default=True, help="端口 / port")
@click.option("--build-only", is_flag=True, help="只构建应用，不启动 / build the apps and exit")
def serve(port, build_only):
    """在 http://127.0.0.1:8866 启动 Voilà 应用。Serve the Voilà apps on 127.0.0.1."""
    if build_only:
        prepared = server.prepare()
        click.echo(f"built {len(prepared.apps)} apps in {prepared.apps_dir}")
        return
    sys.exit(server.serve(port))


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8888, show_default=True, help="端口 / port")
@click.option("--trainer", is_flag=True, help="培训师：显示 nbgrader 出题与评分面板 / show nbgrader's instructor panels")
def lab(port, trainer):
    """在 JupyterLab 中打开课程主页（中文界面）。Open the course home in JupyterLab (Chinese)."""
    sys.exit(server.lab(port, trainer))
