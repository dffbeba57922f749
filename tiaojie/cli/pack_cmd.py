"""`tiaojie cases pack`: a classroom role-play pack (PDF) from the case bank."""

from __future__ import annotations

from pathlib import Path

import click

from .common import config_option, fail


@click.command()
@click.argument("case_id")
@click.option("--seed", type=int, default=None, help="生成虚构变体（期限由规则重算）/ build the Faker variant for this seed")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), required=True, help="输出 PDF 文件 / output PDF")
@click.option("--force", is_flag=True, help="覆盖已存在的文件 / overwrite an existing file")
@config_option
def pack(case_id, seed, out_file, force):
    """打印课堂演练包：一般说明、每个角色一页保密指示、观察员记录表、培训师复盘指南。

    A classroom role-play pack as PDF: general instructions, one confidential brief per role on its
    own page, an observer's checklist by competency, and the trainer's debrief guide.
    """
    from ..course.packs import build_pack

    out = Path(out_file)
    if out.suffix.lower() != ".pdf":
        fail(f"--out: 应为 .pdf 文件，得到 {out.name} / expected a .pdf file")
    if out.exists() and not force:
        fail(f"{out} 已存在；如需覆盖请加 --force / file exists, use --force to overwrite")
    try:
        build_pack(case_id, out, seed)
    except OSError as exc:
        fail(f"--out: 无法写入 {out}（{exc.strerror}）/ cannot write the file")
    click.echo(f"已写入 {out} / wrote {out}", err=True)
