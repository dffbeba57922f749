"""`tiaojie cases …`: validate, browse and vary the exemplar case bank."""

from __future__ import annotations

import click

from ..roleplay.bank_checks import validate as validate_bank
from ..casebank.loader import load_bank
from .common import config_option, current_config, emit_json, fail, json_option


@click.group(name="cases")
def cases_group():
    """示范案例库：校验、检索、查看、统计、生成变体。

    The exemplar case bank: validate, list, show, stats, variants.
    """


@cases_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
@json_option
@config_option
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


# ---------------------------------------------------------------- list, show, stats, variant

def _bank():
    from ..casebank import api

    bank = api.load(checks=False)   # browsing needs parsing only; validation is `cases validate`
    if bank.problems:
        click.echo(f"提示 note: {len({p.file for p in bank.problems})} 个文件未通过结构校验，不在下列结果中；"
                   "运行 tiaojie cases validate 查看", err=True)
    return bank


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    click.echo("  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())


@cases_group.command(name="list")
@click.option("--sector", default=None, help="领域 sector，如 银行 / banking")
@click.option("--track", default=None, help="调解程序 track：小额快速/简易/普通/疑难复杂")
@click.option("--origin", default=None, help="案件来源 origin：自收/委派/委托/邀请/投诉转办")
@click.option("--population", default=None, help="特殊群体 special population：老年人/残疾人/新市民")
@click.option("--dispute-type", default=None, help="纠纷类型 dispute type，如 盗刷与未授权交易")
@click.option("--competency", default=None, help="能力 competency，如 释法明理 / law")
@click.option("--roleplay/--no-roleplay", "has_roleplay", default=None,
              help="只列有（或没有）可演练脚本的案例 / only cases with (without) a role-play script")
@json_option
@config_option
def list_cases(sector, track, origin, population, dispute_type, competency, has_roleplay, as_json):
    """按条件列出案例。List cases, filtered."""
    from ..casebank.view import summary

    cases = _bank().filter(sector=sector, track=track, origin=origin, population=population,
                           dispute_type=dispute_type, competency=competency, has_roleplay=has_roleplay)
    if as_json:
        emit_json({"count": len(cases), "cases": [summary(c) for c in cases]})
        return
    rows = [[c.id, c.sector.label, c.track.label, c.origin.label, f"{c.amount_claimed:,.0f}",
             "、".join(p.label for p in sorted(c.special_populations)) or "-",
             "有" if c.roleplay else "-", c.title] for c in cases]
    _table(["编号", "领域", "程序", "来源", "标的（元）", "特殊群体", "演练", "标题"], rows)
    click.echo(f"共 {len(cases)} 个案例 / {len(cases)} cases")


def _print_view(v: dict) -> None:
    click.echo(f"【{v['id']}】{v['title']}")
    click.echo(f"（{v['note']}）")
    for k, val in v["meta"].items():
        click.echo(f"  {k}：{val}")
    click.echo("\n基本案情\n  " + v["facts"])
    click.echo("\n当事人")
    for p in v["parties"]:
        click.echo(f"  - {p['name']}（{p['kind']}）：{p['description']}")
        click.echo(f"    立场：{p['position']}")
        if p.get("interests"):
            click.echo("    利益：" + "；".join(p["interests"]))
    if v["evidence"]:
        click.echo("\n证据")
        for e in v["evidence"]:
            click.echo(f"  - {e['name']}（{e['held_by']}持有）：{e['description']}")
    click.echo("\n适用规则")
    for r in v["rules"]:
        click.echo(f"  - {r['law']}{r['article']}：{r['gist']}")
    pr = v["procedure"]
    click.echo(f"\n程序要点（期限由规则计算）\n  受理日：{pr['accepted_on']}")
    for d in pr["deadlines"]:
        click.echo(f"  - {d['line']}")
    for n in pr["notes"]:
        click.echo(f"  - {n}")
    for h in pr["recusal"]:
        line = f"  - 回避情形：{h['mediator']}——{h['description']}"
        if "required" in h:
            line += f"（规则判定：{'应当回避' if h['required'] else '无需回避'}；{'；'.join(h['reasons'])}）"
        click.echo(line)
    click.echo("\n典型意义\n  " + v["significance"])
    click.echo("\n学习目标")
    for lo in v["learning_objectives"]:
        click.echo(f"  - {lo['label']}：{lo['objective']}")
    click.echo("\n讨论题")
    for i, q in enumerate(v["debrief_questions"], 1):
        click.echo(f"  {i}. {q}")
    t = v.get("trainer")
    if not t:
        return
    click.echo("\n—— 培训师视图 ——")
    click.echo("程序分流理由：" + "；".join(t["track_reasons"]))
    click.echo("\n保密信息")
    for b in t["confidential"]:
        click.echo(f"  [{b['label']}] {b['instructions']}")
        for f in b["facts"]:
            click.echo(f"    · {f}")
    click.echo("\n调解方案")
    for i, s in enumerate(t["mediation_plan"], 1):
        click.echo(f"  {i}. {s}")
    o = t["outcome"]
    click.echo(f"\n调解结果：{o['type']}——{o['summary']}")
    for term in o["terms"]:
        click.echo(f"  - {term}")
    if o["written_proposal"]:
        click.echo("书面纠纷解决意见：" + o["written_proposal"])
    if o["improvement_suggestion"]:
        click.echo("改进建议：" + o["improvement_suggestion"])
    click.echo("\n培训师备注：" + t["trainer_notes"])


@cases_group.command()
@click.argument("case_id")
@click.option("--trainer", is_flag=True, help="培训师视图：含保密信息、结果与备注 / trainer view")
@json_option
@config_option
def show(case_id, trainer, as_json):
    """查看一个案例（默认学员视图）。Show a case (trainee view by default)."""
    from ..casebank.view import case_view

    v = case_view(_bank().get(case_id), trainer=trainer)
    if as_json:
        emit_json(v)
    else:
        _print_view(v)


@cases_group.command()
@json_option
@config_option
def stats(as_json):
    """覆盖矩阵与覆盖底线。Coverage matrix and the coverage floor."""
    from ..casebank.stats import coverage, labels

    bank = _bank()
    cov = coverage(bank)
    if as_json:
        emit_json(cov)
        return
    lab = labels()
    tracks = list(lab["track"])
    by_role = cov["roleplays_by_trainee_role"]
    click.echo(f"案例总数 total: {cov['total']}；有可演练脚本 roleplays: {cov['roleplays']}"
               f"（学员扮演调解员 {by_role['mediator']}，扮演金融机构指定人员 {by_role['institution']}）\n")
    rows = [[lab["sector"][s]] + [str(cov["matrix"][s][t] or "·") for t in tracks] + [str(cov["by_sector"][s])]
            for s in lab["sector"]]
    rows.append(["合计"] + [str(cov["by_track"][t]) for t in tracks] + [str(cov["total"])])
    _table(["领域 \\ 程序"] + [lab["track"][t] for t in tracks] + ["合计"], rows)
    click.echo("\n按来源：" + "，".join(f"{lab['origin'][k]} {n}" for k, n in cov["by_origin"].items()))
    click.echo("按特殊群体：" + "，".join(f"{lab['population'][k]} {n}" for k, n in cov["by_population"].items()))
    click.echo("能力覆盖：" + "，".join(f"{lab['competency'][k]} {n}" for k, n in cov["by_competency"].items()))
    click.echo("按结果：" + "，".join(f"{lab['outcome'][k]} {n}" for k, n in cov["by_outcome"].items())
               + f"；未完全达成协议占比 {cov['non_settled_share']:.0%}")
    click.echo("按疑难情形：" + "，".join(f"{lab['situation'][k]} {n}" for k, n in cov["by_situation"].items()))
    click.echo("《意见》条款：" + "，".join(f"{lab['article'][k]} {n}" for k, n in cov["by_article"].items()))
    click.echo("\n覆盖底线 coverage floor（基础 core / 实务 practice）:")
    _table(["项目", "组", "要求", "现有", "达标", "缺什么"], [_floor_row(f) for f in cov["floor"]])
    short = [f for f in cov["floor"] if not f["ok"]]
    click.echo(f"\n{len(short)} 项未达标 / {len(short)} floor items short" if short else "\n覆盖底线全部达标 / floor met")


def _floor_row(f: dict) -> list[str]:
    share = isinstance(f["required"], float)
    fmt = (lambda v: f"{v:.0%}") if share else (lambda v: str(int(v)))
    return [f["label"], "基础" if f["group"] == "core" else "实务", f"≥{fmt(f['required'])}", fmt(f["actual"]),
            "✓" if f["ok"] else "✗ 缺口", "、".join(f["missing"])]


@cases_group.command()
@click.argument("case_id")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), required=True, help="随机种子（同一种子、同一 Faker 版本结果相同）/ seed")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default=None,
              help="写入文件（默认打印）/ write to FILE instead of printing")
@click.option("--force", is_flag=True, help="覆盖已存在的文件 / overwrite an existing file")
@config_option
def variant(case_id, seed, out_file, force):
    """生成虚构变体：新的当事人、金额与日期，期限由规则重算。Make a Faker-based variant."""
    from pathlib import Path

    from ..casebank.variants import variant_yaml

    text = variant_yaml(_bank().get(case_id), seed)
    if not out_file:
        click.echo(text, nl=False)
        return
    out = Path(out_file)
    if out.exists() and not force:
        fail(f"{out} 已存在；如需覆盖请加 --force / file exists, use --force to overwrite")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {out} / wrote {out}", err=True)
    if out.stem != case_id:
        click.echo(f"提示 note: 校验时文件名应为 {case_id}.yaml（变体保留原编号）", err=True)
