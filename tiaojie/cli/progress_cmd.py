"""`tiaojie progress` and `tiaojie curriculum …`: where trainees stand, and what serves each article.

(Named progress_cmd: `tiaojie course …` — the grading workflow — lives in course_cmd.)
"""

from __future__ import annotations

import click

from .common import emit_json, json_option


def _echo_trainee(view: dict) -> None:
    click.echo(f"学员 trainee: {view['trainee']}")
    for p in view["paths"]:
        state = "已完成" if p["complete"] else f"{p['percent']}%"
        click.echo(f"\n【{p['title']}】{state}（预计 {p['hours']} 小时）")
        click.echo(f"  模块 modules: 已打开 {len(p['opened'])}/{len(p['opened']) + len(p['missing'])}"
                   + (f"；未打开：{'、'.join(p['missing'])}" if p["missing"] else ""))
        for r in p["roleplays"]:
            best = "未完成" if r["best"] is None else f"最高 {r['best']} 分"
            click.echo(f"  演练 {r['script']}: {best}（要求 ≥ {r['min_score']}）{'✓' if r['met'] else '✗'}")
        for aid, ok in p["assessments"].items():
            click.echo(f"  考核 {aid}: {'通过' if ok else '未通过'}")
    if view["selfchecks"]:
        click.echo("\n自测 self-checks:")
        for module, c in sorted(view["selfchecks"].items()):
            click.echo(f"  {module}: 答对 {c['correct']}/{c['answered']}")


def _echo_cohort(view: dict) -> None:
    titles = [p["title"] for p in view["paths"]]
    click.echo("学员 trainee\t" + "\t".join(titles))
    for name, paths in view["trainees"].items():
        cells = ["完成" if v["complete"] else f"{v['percent']}%" for v in paths.values()]
        click.echo(name + "\t" + "\t".join(cells))
    click.echo(f"共 {len(view['trainees'])} 名学员 / {len(view['trainees'])} trainees")


@click.command()
@click.argument("trainee", required=False)
@json_option
def progress(trainee, as_json):
    """学习进度：给出学员姓名看该学员各路径进度；不给则看全班（培训师）。

    Progress on each learning path: one trainee, or the whole cohort when no name is given.
    """
    from ..course.loader import load_course
    from ..course.progress import cohort_progress, trainee_progress
    from ..records import Records

    course, records = load_course(), Records()
    if trainee:
        view = trainee_progress(course, records, trainee)
        emit_json(view) if as_json else _echo_trainee(view)
    else:
        view = cohort_progress(course, records)
        emit_json(view) if as_json else _echo_cohort(view)


@click.group(name="curriculum")
def curriculum_group():
    """课程：校验课程文件、条文对照表。Course file checks and the article traceability map."""


@curriculum_group.command()
@json_option
def trace(as_json):
    """《意见》二十三条 → 服务它的模块、案例、演练、模拟与考核。Article → items map."""
    from ..course.traceability import trace_map, trace_problems, trace_rows

    problems = trace_problems()
    if as_json:
        emit_json(trace_map())
    else:
        for label, items in trace_rows():
            click.echo(f"{label}\t{items}")
    for p in problems:
        click.echo(f"问题 problem: {p}", err=True)
    if problems:
        raise SystemExit(1)


@curriculum_group.command(name="validate")
def validate_course():
    """校验课程文件、模块自测题与条文对照表。Validate the course file, self-checks and trace map."""
    from ..course.loader import check_course, load_course
    from ..course.selfcheck import load_questions
    from ..course.traceability import trace_problems

    course = load_course()
    problems = [str(p) for p in check_course(course)] + trace_problems()
    for m in course.modules:
        for q in load_questions(m.id):
            q.expected()   # a rule question whose inputs the rules reject raises here, naming the field
    for p in problems:
        click.echo(p, err=True)
    click.echo(f"课程 {len(course.modules)} 个模块、{len(course.paths)} 条路径；问题 {len(problems)} 处")
    if problems:
        raise SystemExit(1)
