"""`tiaojie simulate …`: the caseload simulation and the staffing planner."""

from __future__ import annotations

from pathlib import Path

import click

from .common import config_option, emit_json, json_option


def _common(f):
    f = click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="并行进程数（默认：本机核数）/ worker processes (default: all cores)")(f)
    f = click.option("--dask", "dask_address", default=None,
                     help="Dask 集群地址，如 tcp://10.0.0.5:8786 / run on an existing Dask cluster")(f)
    f = click.option("--replications", type=click.IntRange(1, 100_000), default=None,
                     help="重复次数（默认取情景文件）/ replications (default: from the scenario)")(f)
    f = click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=None, help="随机种子 / root seed")(f)
    f = click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
                     help="图表输出目录（默认 simulation-output/<情景>）/ where plots are saved")(f)
    return f


def _load(scenario, seed, replications: "int | None" = None):
    """The scenario (with ``seed``), refused with an estimate if one run would be too large."""
    from ..sim.guards import check_scenario
    from ..sim.scenario import load_scenario

    sc = load_scenario(scenario)
    if seed is not None:
        sc = sc.model_copy(update={"seed": int(seed)})
    check_scenario(sc, replications or 10)
    return sc


def _pct(x):
    return "—" if x is None or x != x else f"{x:.1%}"


def _ci(d, fmt=_pct):
    return f"{fmt(d['mean'])}（95% CI {fmt(d['ci'][0])}–{fmt(d['ci'][1])}）"


@click.group(name="simulate")
def simulate_group():
    """案件量仿真与人员规划。Caseload simulation and the staffing planner.

    \b
    预设情景 presets: city, provincial, national_securities, surge
      tiaojie simulate run provincial
      tiaojie simulate staff provincial --target 0.95
      tiaojie simulate staff national_securities --vary part-time
      tiaojie simulate warmup provincial
      tiaojie simulate mmc --arrival-rate 9 --service-rate 1 --servers 10 --customers 20000 \\
          --replications 10 --seed 1 --wait-threshold 0.5 --json
    """


@simulate_group.command()
@click.argument("scenario")
@_common
@click.option("--no-plots", is_flag=True, help="不保存图表 / do not save plots")
@click.option("--events", "events_dir", type=click.Path(file_okay=False), default=None,
              help="写出事件日志 cases.csv、work.csv 的目录 / write the event log (cases.csv, work.csv) here")
@json_option
@config_option
def run(scenario, workers, dask_address, replications, seed, out_dir, no_plots, events_dir, as_json):
    """运行情景仿真并输出关键指标（含 95% 置信区间）。Run a scenario; print KPIs."""
    from ..sim.runner import run_scenario

    sc = _load(scenario, seed, replications)
    res = run_scenario(sc, replications=replications, workers=workers, dask_address=dask_address,
                       progress=not as_json, record=events_dir is not None)
    s = res["summary"]
    if events_dir is not None:
        from ..sim.events import write_events
        s["events"] = [str(p) for p in write_events(res["replications"], events_dir)]
    plots = [] if no_plots else _run_plots(sc, s, out_dir)
    s["plots"] = [str(p) for p in plots]
    if as_json:
        emit_json(s)
        return
    labels = {p.name: p.label for p in sc.staff.pools}
    click.echo(f"情景 scenario: {sc.name}（{s['replications']} 次重复，预热 {s['warmup_days']} 天，种子 {sc.seed}）")
    click.echo(f"期限内办结率 compliance: {_ci(s['compliance'])}")
    from ..rules import Origin, Track
    for k, v in s["compliance_by_track"].items():
        click.echo(f"  {Track(k).label}: {_ci(v)}")
    for k, v in s["compliance_by_origin"].items():
        click.echo(f"  {Origin(k).label}: {_ci(v)}")
    click.echo(f"首次联系平均用时 first contact: {_ci(s['first_contact_mean_days'], lambda x: f'{x:.2f} 天')}；"
               f"按时率 {_ci(s['first_contact_on_time'])}")
    click.echo(f"调解成功率 success rate: {_ci(s['success_rate'])}")
    if s.get("abandoned"):
        click.echo(f"等待中撤回 withdrawn while waiting (patience): 平均每次重复 {s['abandoned']:.0f} 件")
    for k, v in s["utilisation"].items():
        click.echo(f"利用率 utilisation {labels.get(k, k)}: {_ci(v)}")
    click.echo(f"人均年办案 cases per mediator-year: {_ci(s['cases_per_mediator_year'], lambda x: f'{x:.0f}')}")
    click.echo(f"人员成本 cost: {_ci(s['cost'], lambda x: f'{x:,.0f} 元')}；"
               f"每件 {_ci(s['cost_per_case'], lambda x: f'{x:,.0f} 元')}")
    click.echo(f"守恒 conservation (到达 = 办结 + 在办): {'成立' if s['conservation']['holds'] else '不成立'}；"
               f"Little 定律 L={s['little']['L']['mean']:.1f}，λW={s['little']['lambda_W']['mean']:.1f}")
    for w in s["calendar_warnings"]:
        click.echo(f"警告 warning: {w}", err=True)
    for p in plots:
        click.echo(f"图表 plot: {p}")
    for p in s.get("events", []):
        click.echo(f"事件日志 event log: {p}")


def _run_plots(sc, s, out_dir):
    from ..sim import plots as P

    out = Path(out_dir or Path("simulation-output") / sc.name)
    labels = {p.name: p.label for p in sc.staff.pools}
    return [P.save(P.backlog_chart(s), out / "backlog.png"),
            P.save(P.utilisation_chart(s, labels), out / "utilisation.png")]


@simulate_group.command()
@click.argument("scenario")
@click.option("--target", type=float, default=None, help="期限内办结率目标，如 0.95 / compliance target")
@click.option("--vary", type=click.Choice(["full-time", "part-time", "surge"]), default="full-time", show_default=True,
              help="搜索专职人数（兼职固定）、兼职人数（专职固定）或冲击期临时人员（常设人员固定）"
                   " / search full-time, part-time, or temporary surge staff")
@click.option("--surge-window", nargs=2, type=int, default=None, metavar="START DAYS",
              help="临时人员在岗期：起始日（自仿真开始）与天数 / days temporary staff are on duty")
@click.option("--segment-target", "segment_targets", multiple=True, metavar="KIND=VALUE:TARGET",
              help="分段目标，如 origin=委托:0.9、track=complex:0.9、pool=securities:0.95（可重复）"
                   " / a segment target (repeatable)")
@click.option("--productive-share", type=float, default=None,
              help="可用于办案的工时比例（扣除休假、培训、会议），假设值 / productive-time share (an assumption)")
@_common
@click.option("--no-plots", is_flag=True, help="不保存图表 / do not save plots")
@json_option
@config_option
def staff(scenario, target, vary, surge_window, segment_targets, productive_share, workers, dask_address,
          replications, seed, out_dir, no_plots, as_json):
    """求满足期限目标的最少调解员人数（各组），并给出办结率—人数曲线。

    默认搜索专职人数（兼职人数按情景文件固定）；--vary part-time 则固定专职、搜索兼职人数。
    Smallest staffing per pool meeting the target (lower 95% CI bound), and the curve.
    """
    from ..core.errors import RulesInputError
    from ..sim.staffing import search_staff

    if target is not None and not 0 < target <= 1:
        raise RulesInputError("target", f"应在 0 与 1 之间（得到 {target}）")
    from ..sim.planning import with_productive_share, with_segment_targets

    sc = _load(scenario, seed)
    if segment_targets:
        sc = with_segment_targets(sc, segment_targets)
    if productive_share is not None:
        sc = with_productive_share(sc, productive_share)
    key = vary.replace("-", "_")
    res = search_staff(sc, target=target, replications=replications, workers=workers,
                       dask_address=dask_address, progress=not as_json, vary=key,
                       surge_window=tuple(surge_window) if surge_window else None)
    if not no_plots:
        from ..sim import plots as P
        out = Path(out_dir or Path("simulation-output") / sc.name)
        labels = {p.name: p.label for p in sc.staff.pools}
        res["plots"] = [str(P.save(P.compliance_curve(res, labels), out / "compliance_vs_staff.png"))]
    if as_json:
        emit_json(res)
        return
    labels = {p.name: p.label for p in sc.staff.pools}
    what = {"full_time": "专职", "part_time": "兼职", "surge": "临时"}[key]
    click.echo(f"情景 scenario: {sc.name}；目标 target: 期限内办结率 95% 置信下限 ≥ {res['target']:.0%}"
               f"（每个候选 {res['replications']} 次重复，共用随机数；搜索{what}人数）")
    for b in res["erlang"]:
        click.echo(f"  Erlang C {labels[b['pool']]}: 下界 lower bound {b['lower_bound']}，估计 estimate {b['erlang_estimate']}")
    from ..sim.targets import RULE, describe_binding
    click.echo(f"判定规则 rule: {RULE}；每组及每个分段目标都须满足")
    for name, a in res["answer"].items():
        extra = f"，冲击期临时 {a['surge_full_time']} 人" if key == "surge" else ""
        click.echo(f"答案 answer {labels[name]}: 专职 {a['full_time']} 人，兼职 {a['part_time']} 人{extra}"
                   f"（合 {a['fte']:.1f} 个专职人当量），办结率 {_ci(a['compliance'])}")
        for sg in a["segments"]:
            click.echo(f"  分段 {sg['segment']}（目标 {sg['target']:.0%}）: {_ci(sg)}")
        click.echo(f"  约束 binding: {describe_binding(res['binding'][name], labels[name], what)}")
    click.echo(f"合计 total: 专职 {res['total_full_time']} 人，兼职 {res['total_part_time']} 人，"
               f"{res['total_fte']:.1f} 个专职人当量（评估 {res['evaluations']} 轮候选）")
    click.echo(f"曲线 curve ({what}人数: 办结率):")
    for name, pts in res["curve"].items():
        field = "surge_full_time" if key == "surge" else key
        click.echo(f"  {labels[name]}: " + "，".join(f"{p[field]}: {p['mean']:.1%}" for p in pts))
    for p in res.get("plots", []):
        click.echo(f"图表 plot: {p}")


@simulate_group.command()
@click.argument("scenario")
@click.option("--replications", type=click.IntRange(1, 100_000), default=20, show_default=True, help="重复次数 / replications")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="并行进程数 / worker processes")
@json_option
@config_option
def warmup(scenario, replications, workers, as_json):
    """季节性到达下的预热期：同一批案件、提前一年起算的参照运行与本运行比较积压之差。

    Warm-up for seasonal arrivals (paired starts with common random numbers + Welch smoothing).
    """
    from ..sim.warmup import seasonal_warmup

    sc = _load(scenario, None)
    res = seasonal_warmup(sc, replications=replications, workers=workers)
    if as_json:
        emit_json(res)
        return
    click.echo(f"情景 scenario: {sc.name}；方法 method: 成对起点（共用随机数）+ Welch 滑动平均（窗口 {res['window']} 天）")
    state = "已消除" if res["settled"] else "未在仿真期内消除（系统可能超负荷，请先增加人员）"
    click.echo(f"初始偏差 initial bias: {state}；持续约 {res['transient_days']} 天，"
               f"建议预热 {res['warmup_days']} 天（整周）；情景当前预热 {sc.warmup_days} 天")


@simulate_group.command()
@click.option("--arrival-rate", type=str, required=True, help="到达率 λ / arrival rate")
@click.option("--service-rate", type=str, required=True, help="服务率 μ（每名调解员）/ service rate per server")
@click.option("--servers", type=str, required=True, help="调解员数 c / servers")
@click.option("--customers", type=str, default="20000", show_default=True, help="每次重复的案件数 / customers per replication")
@click.option("--replications", type=str, default="10", show_default=True, help="重复次数 / replications")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True, help="随机种子 / seed")
@click.option("--wait-threshold", type=str, default=None, help="计算 P(等待 < T) 的 T / threshold T for P(wait < T)")
@click.option("--warmup", type=int, default=None, help="预热案件数（默认 MSER-5 自动选择）/ warm-up customers (default: MSER-5)")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="并行进程数 / worker processes")
@click.option("--dask", "dask_address", default=None, help="Dask 集群地址 / Dask cluster address")
@click.option("--patience-rate", type=str, default=None,
              help="耐心率 θ：等待超过指数分布的耐心即放弃（M/M/c+M，与 Erlang A 对照）/ abandonment rate θ (M/M/c+M vs Erlang A)")
@json_option
@click.option("--allow-large", is_flag=True, help="允许超出时间/内存上限的任务 / allow work beyond the limits")
def mmc(arrival_rate, service_rate, servers, customers, replications, seed, wait_threshold, warmup,
        workers, dask_address, patience_rate, as_json, allow_large):
    """M/M/c 简化模型仿真，并与 Erlang C 闭式解对照（--patience-rate：M/M/c+M 与 Erlang A）。
    The M/M/c reduction vs Erlang C (with --patience-rate: M/M/c+M vs Erlang A)."""
    from ..sim.guards import check_work, estimate_mmc, mmc_inputs
    from ..sim.mmc import run_mmc

    arrival_rate, service_rate, servers, customers, replications, wait_threshold, patience_rate = mmc_inputs(
        arrival_rate, service_rate, servers, customers, replications, wait_threshold, patience_rate)
    check_work(estimate_mmc(servers, customers, replications, workers or 2), allow_large)
    res = run_mmc(arrival_rate, service_rate, servers, customers, replications, seed=seed,
                  wait_threshold=wait_threshold, warmup=warmup, workers=workers,
                  dask_address=dask_address, progress=not as_json, patience_rate=patience_rate)
    if as_json:
        emit_json(res)
        return
    if patience_rate is not None:
        click.echo(f"预热 warm-up: {res['warmup']['customers']} 个（{res['warmup']['method']}）")
        click.echo(f"放弃率 abandonment: {res['abandon']:.4f}（95% CI {res['abandon_ci'][0]:.4f}–{res['abandon_ci'][1]:.4f}）；"
                   f"Erlang A {res['erlang_a']['p_abandon']:.4f}")
        click.echo(f"平均等待 mean wait: {res['mean_wait']:.4f}（95% CI {res['mean_wait_ci'][0]:.4f}–{res['mean_wait_ci'][1]:.4f}）；"
                   f"Erlang A {res['erlang_a']['mean_wait']:.4f}")
        return
    click.echo(f"预热 warm-up: {res['warmup']['customers']} 个（{res['warmup']['method']}）")
    click.echo(f"平均等待 mean wait: {res['mean_wait']:.4f}（95% CI {res['mean_wait_ci'][0]:.4f}–{res['mean_wait_ci'][1]:.4f}）；"
               f"Erlang C {res['erlang_c']['mean_wait']:.4f}")
    if wait_threshold is not None:
        click.echo(f"P(等待 < {wait_threshold}): {res['p_wait_lt']:.4f}（95% CI {res['p_wait_lt_ci'][0]:.4f}–"
                   f"{res['p_wait_lt_ci'][1]:.4f}）；Erlang C {res['erlang_c']['p_wait_lt']:.4f}")
