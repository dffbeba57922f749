"""`tiaojie course …`: the trainer's grading workflow on an nbgrader course (no JupyterHub)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import emit_json, json_option


def _course(ctx: click.Context):
    from ..grading.paths import Course

    return Course.default(ctx.obj.get("db_url") if ctx.obj else None)


@click.group(name="course")
@click.option("--db-url", default=None,
              help="成绩库地址（默认课程目录下的 SQLite）/ gradebook URL, e.g. postgresql+psycopg://user@host/db")
@click.pass_context
def course_group(ctx, db_url):
    """测验与评分：生成作业、收取、自动评分、反馈、报告、结业证明。

    Assessments and grading: build, collect, autograde, feedback, report, certificate.

    \b
    tiaojie course build
    tiaojie course collect 收取目录/ --assignment a02-deadlines
    tiaojie course grade a02-deadlines --json
    tiaojie course feedback a02-deadlines
    tiaojie course report
    tiaojie course certificate 学员编号 --out 证明.pdf
    """
    ctx.ensure_object(dict)["db_url"] = db_url


@course_group.command("path")
@click.pass_context
def path_cmd(ctx):
    """打印课程目录（nbgrader 标准目录结构）/ print the course directory."""
    click.echo(str(_course(ctx).root))


@course_group.command("build")
@click.option("--assignment", "-a", multiple=True, help="只生成这些作业 / only these assignments")
@click.pass_context
def build_cmd(ctx, assignment):
    """文本题目 → nbgrader 源笔记本 → 发布版 / text sources → nbgrader source → release."""
    from tqdm import tqdm

    from ..grading.build import build

    built = build(_course(ctx), list(assignment) or None,
                  progress=lambda ids: tqdm(ids, desc="生成作业", unit="份"))
    click.echo(f"已生成 {len(built)} 份作业：{', '.join(built)}")


@course_group.command("collect")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--assignment", "-a", default=None, help="只收取该作业 / only this assignment")
@json_option
@click.pass_context
def collect_cmd(ctx, path, assignment, as_json):
    """收取提交：PATH/<学员>/<作业>/*.ipynb 或其 zip / import submissions."""
    from ..grading.collect import collect

    result = collect(path, _course(ctx), assignment)
    if as_json:
        return emit_json(result.to_json())
    for aid, trainees in result.imported.items():
        click.echo(f"{aid}：收取 {len(trainees)} 份（{', '.join(trainees)}）")
    for line in result.skipped:
        click.echo(f"跳过 {line}", err=True)


@course_group.command("grade")
@click.argument("assignment")
@click.option("--workers", type=int, default=None, help="评分进程数（默认 CPU 核数）/ worker processes")
@json_option
@click.pass_context
def grade_cmd(ctx, assignment, workers, as_json):
    """自动评分某作业的全部提交 / autograde every collected submission."""
    from ..grading.grade import grade

    result = grade(assignment, _course(ctx), workers=workers, progress=not as_json)
    if as_json:
        return emit_json(result)
    status_zh = {"graded": "已评分", "rejected": "未通过审查", "error": "评分出错"}
    for trainee, r in result["students"].items():
        why = f"（{'；'.join(r['reasons'])}）" if r["reasons"] else ""
        click.echo(f"{trainee}\t{status_zh[r['status']]}\t{r['auto_score']:g}/{r['auto_max']:g}"
                   f"\t待人工评分 {r['needs_manual']}{why}")


@course_group.command("feedback")
@click.argument("assignment")
@json_option
@click.pass_context
def feedback_cmd(ctx, assignment, as_json):
    """为每位学员生成 HTML 反馈（不含隐藏测试）/ HTML feedback per trainee."""
    from ..grading.feedback import generate

    pages = generate(assignment, _course(ctx))
    if as_json:
        return emit_json({t: str(p) for t, p in pages.items()})
    for trainee, page in pages.items():
        click.echo(f"{trainee}\t{page}")


@course_group.command("report")
@json_option
@click.pass_context
def report_cmd(ctx, as_json):
    """学员 × 能力成绩、整体统计与图表（CSV、HTML）/ competency report."""
    from ..grading.report import build_report

    result = build_report(_course(ctx))
    if as_json:
        return emit_json(result)
    for name, path in result["files"].items():
        for one in (path if isinstance(path, list) else [path]):
            click.echo(f"{name}\t{one}")


@course_group.command("certificate")
@click.argument("trainee")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="PDF 文件")
@click.option("--path", "learning_path", default="新任调解员", help="学习路径 / learning path")
@json_option
@click.pass_context
def certificate_cmd(ctx, trainee, out, learning_path, as_json):
    """结业证明（PDF，含验证码）/ completion record with a verification code."""
    from ..grading.certificate import record, write_pdf

    rec = record(trainee, learning_path, _course(ctx))
    if out:
        write_pdf(rec, out)
    if as_json:
        return emit_json(rec)
    click.echo(f"{trainee}\t{'已完成' if rec['completed'] else '尚未全部完成'}\t验证码 {rec['verification']}"
               + (f"\t{out}" if out else ""))
