"""`tiaojie roleplay …`: read trainees' transcripts, play a script in the terminal, lint scripts."""

from __future__ import annotations

import sys

import click

from ..casebank.loader import load_bank
from ..core.errors import RoleplayError
from .common import emit_json, json_option


@click.group(name="roleplay")
def roleplay_group():
    """情景演练：查看学员记录、在终端演练、检查脚本。

    Role-play: trainees' transcripts, a terminal walk-through, the script linter.
    """


def _store(readonly: bool = False):
    """The attempt store; says so when a corrupt database was moved aside and a new one started."""
    from ..roleplay.store import Store

    store = Store(readonly=readonly)
    if store.recovered:
        click.echo(f"警告 warning: 演练记录数据库已损坏，已移至 {store.recovered} 保留，并新建数据库 "
                   "(the attempt database was corrupt: moved aside and a new one started)", err=True)
    return store


def _script_and_case(case_id: str):
    from ..roleplay.script import load_script_for

    cases = load_bank().cases
    case = cases.get(case_id)
    if case is None:
        raise RoleplayError(f"案例 {case_id} 不存在或未通过校验")
    if not case.roleplay:
        raise RoleplayError(f"案例 {case_id} 没有演练脚本")
    return load_script_for(case.roleplay), case


def _print_entries(entries: list[dict]) -> None:
    for e in entries:
        kind = e.get("kind")
        if kind == "stage":
            click.echo(f"\n—— {e.get('text', '')} ——")
        elif kind == "reveal":
            click.echo(f"  【新掌握的信息】{e.get('text', '')}")
        elif kind == "ending":
            click.echo(f"\n【结局】{e.get('name', '')}\n{e.get('text', '')}")
        else:
            prefix = "（背对背）" if e.get("caucus_with") else ""
            click.echo(f"{prefix}{e.get('name', '')}：{e.get('text', '')}")


@roleplay_group.command()
@click.option("--trainee", default=None, help="只看该学员 / only this trainee")
@click.option("--case", "case_id", default=None, help="只看该案例 / only this case")
@click.option("--show", "show", type=click.IntRange(1, 2**62), default=None, help="打印一次演练的完整记录 / print one attempt's transcript")
@json_option
def transcripts(trainee, case_id, show, as_json):
    """列出所有学员的演练记录，或打印一次演练的完整对话。List attempts, or show one transcript."""
    store = _store(readonly=True)
    if show is not None:
        attempt = store.attempt(show)
        if attempt is None:
            raise RoleplayError(f"没有编号为 {show} 的演练记录")
        entries = store.transcript(show)
        if as_json:
            emit_json({"attempt": attempt.to_json(), "transcript": entries, "choices": store.choices(show)})
            return
        click.echo(f"演练 #{attempt.id}  学员：{attempt.trainee}  案例：{attempt.case_id}"
                   f"{'  变体种子：' + str(attempt.seed) if attempt.seed is not None else ''}")
        _print_entries(entries)
        if attempt.scores:
            from ..roleplay.scoring import score_text

            click.echo(f"\n总分 overall: {attempt.overall}")
            for cid, score in attempt.scores.items():
                click.echo(f"  {cid}: {score_text(score)}")
        return
    attempts = store.attempts(trainee, case_id)
    if as_json:
        emit_json({"attempts": [a.to_json() for a in attempts]})
        return
    if not attempts:
        click.echo("暂无演练记录 / no attempts")
        return
    click.echo("编号  学员        案例      开始时间             步数  结局                    总分")
    for a in attempts:
        status = a.ending_type or "进行中"
        click.echo(f"{a.id:<5} {a.trainee:<10} {a.case_id:<9} {a.started:<20} {a.steps:<5} "
                   f"{status:<22} {'' if a.overall is None else a.overall}")


def pick_option(options: list, line: str):
    """The option numbered 1..len(options) by ``line``, else None (0, negatives and text included)."""
    text = line.strip()
    if not text.isdigit():
        return None
    number = int(text)
    return options[number - 1] if 1 <= number <= len(options) else None


@roleplay_group.command()
@click.argument("case_id")
@click.option("--trainee", default="终端学员", show_default=True, help="学员姓名 / trainee name")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=None, help="变体种子：用虚构的新人名重玩 / variant seed")
@click.option("--no-save", is_flag=True, help="不保存记录 / do not save the attempt")
def play(case_id, trainee, seed, no_save):
    """在终端演练一个案例：每一步输入选项编号。Play a case: type a choice number at each step."""
    from ..roleplay import engine, scoring
    from ..roleplay.practice import Practice, variant_names
    from ..roleplay.session import Play

    script, case = _script_and_case(case_id)
    if no_save:
        p = Play.for_case(script, case, variant_names(case, seed))
        state = p.start()
    else:
        practice = Practice.begin(script, case, _store(), trainee, seed)
        p, state = practice.play, practice.state
        click.echo(f"演练编号 attempt #{practice.attempt_id}")
    click.echo(f"【你扮演】{p.trainee_label}")
    if script.briefing:
        click.echo(f"【任务】{p.label(script.briefing)}")
    _print_entries([e.to_json() for e in state.transcript])
    while not p.is_over(state):
        options = p.available(state)
        click.echo("")
        for i, c in enumerate(options, 1):
            click.echo(f"  {i}. {p.label(c.label)}")
        line = sys.stdin.readline()
        if not line:
            raise RoleplayError("输入结束，演练未完成（已保存进度）")
        pick = pick_option(options, line)
        if pick is None:
            click.echo(f"请输入 1–{len(options)} 之间的编号")
            continue
        before = len(state.transcript)
        if no_save:
            state = p.choose(state, pick.id)
            new = state.transcript[before:]
        else:
            new = practice.choose(pick.id)
            state = practice.state
        _print_entries([e.to_json() for e in new])
    d = scoring.debrief(p, state)
    end = d["ending"]
    click.echo(f"\n【结果】{end['title']}（{end['type_label']}；{end['kind_label']}）")
    if end.get("soundness"):
        click.echo(f"  结果是否稳妥：{end['soundness_label']}。{end.get('soundness_note') or ''}\n  {end['soundness_explained']}")
    click.echo(f"【复盘】总分 {d['overall']}")
    for cid, s in d["scores"].items():
        missed = f"（错过 {s['missed']} 次体现机会）" if s["score"] is None and s["missed"] else ""
        click.echo(f"  {s['label']}（{cid}）：{scoring.score_text(s['score'])}{missed}")
    for i, s in enumerate(d["steps"], 1):
        click.echo(f"{i}. {s['label']}\n   反馈：{s['feedback']}")
        if "better" in s:
            click.echo(f"   更好的做法：{s['better']['label']}")
    click.echo("示范路径：" + " → ".join(m["label"] for m in d["model_path"]))
    click.echo(f"示范结局：{d['model_ending']['title']}")
    _ = engine  # the engine is what played; kept for readers following the imports


@roleplay_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
@json_option
def lint(paths, as_json):
    """检查演练脚本（默认全部）。Lint role-play scripts (default: all)."""
    from ..roleplay.lint import lint_bank, lint_file

    cases = load_bank().cases
    problems = [p for path in paths for p in lint_file(path, cases)] if paths else lint_bank(cases)
    if as_json:
        emit_json({"problems": [p.to_json() for p in problems]})
    else:
        for p in problems:
            click.echo(str(p))
        click.echo(f"共 {len(problems)} 处问题 / {len(problems)} problems", err=bool(problems))
    if problems:
        raise SystemExit(1)


@roleplay_group.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="备份文件（不会覆盖已有文件）/ backup file (never overwritten)")
def backup(out):
    """备份全部演练记录（SQLite 在线备份）。Back up every saved attempt."""
    path = _store(readonly=True).backup(out)
    click.echo(f"已备份到 backed up to: {path}")
