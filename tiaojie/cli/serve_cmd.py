"""`tiaojie serve` (with `serve adduser`) and `tiaojie lab`: the Voilà apps and the curriculum."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.errors import TiaojieError
from ..serving import server
from ..serving.identity import ROLES, add_user


@click.group(invoke_without_command=True)
@click.option("--port", type=click.IntRange(1, 65535), default=server.DEFAULT_PORT, show_default=True, help="端口 / port")
@click.option("--listen", "ip", default="127.0.0.1", show_default=True,
              help="监听地址；非 127.0.0.1 时必须同时指定 --users / address to listen on (needs --users beyond loopback)")
@click.option("--users", "users_file", type=click.Path(dir_okay=False, path_type=Path),
              help="用户文件（tiaojie serve adduser 生成），启用登录 / users file: enables the login page")
@click.option("--host-name", "hosts", multiple=True,
              help="允许的主机名（对外服务时）/ Host name accepted besides loopback names (repeatable)")
@click.option("--trainer", is_flag=True, help="本机单用户模式下以培训师身份使用 / local mode: the local user is a trainer")
@click.option("--max-kernels", type=int, default=40, show_default=True, help="同时运行的应用上限 / live kernels")
@click.option("--max-kernels-per-user", type=int, default=4, show_default=True, help="每人同时运行的应用上限")
@click.option("--cull-idle", type=int, default=600, show_default=True, help="空闲多少秒后关闭内核 / idle seconds before culling")
@click.option("--lab-port", type=click.IntRange(1, 65535), default=8888, show_default=True,
              help="本机单用户模式下同时启动的 JupyterLab 端口 / local mode: port of the JupyterLab started beside the apps")
@click.option("--no-lab", is_flag=True, help="不启动 JupyterLab / do not start JupyterLab")
@click.option("--build-only", is_flag=True, help="只构建应用，不启动 / build the apps and exit")
@click.pass_context
def serve(ctx, port, ip, users_file, hosts, trainer, max_kernels, max_kernels_per_user, cull_idle, lab_port, no_lab,
          build_only):
    """启动应用首页（默认 http://127.0.0.1:8866）。Serve the gallery and the Voilà apps.

    \b
    tiaojie serve                                  # 本机单用户（学员）
    tiaojie serve adduser 张某 --role trainer --users users.yaml
    tiaojie serve --users users.yaml --listen 0.0.0.0 --host-name training.example.cn
    """
    if ctx.invoked_subcommand is not None:
        return
    if build_only:
        prepared = server.prepare()
        click.echo(f"built {len(prepared.apps)} apps in {prepared.apps_dir}")
        return
    options = server.ServeOptions(port=port, ip=ip, users_file=users_file, trainer=trainer, hosts=tuple(hosts),
                                  max_kernels=max_kernels, max_kernels_per_user=max_kernels_per_user,
                                  cull_idle_seconds=cull_idle, lab_port=None if no_lab else lab_port)
    try:
        options.check()
    except TiaojieError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(server.serve(options))


@serve.command("adduser")
@click.argument("name")
@click.option("--role", type=click.Choice(sorted(ROLES)), default="trainee", show_default=True,
              help="trainee（学员）或 trainer（培训师）")
@click.option("--users", "users_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="用户文件 / users file (created if missing)")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码 / read the password from stdin")
def adduser(name, role, users_file, password_stdin):
    """添加或更新一位用户（密码只以哈希保存）。Add or update a user; only a password hash is stored."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(users_file, name, role, password)
    except TiaojieError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}（{ROLES[role]}）已写入 {users_file}")


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8888, show_default=True, help="端口 / port")
@click.option("--trainer", is_flag=True, help="培训师：显示 nbgrader 出题与评分面板 / show nbgrader's instructor panels")
def lab(port, trainer):
    """在 JupyterLab 中打开课程主页（中文界面）。Open the course home in JupyterLab (Chinese)."""
    sys.exit(server.lab(port, trainer))
