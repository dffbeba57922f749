"""`tiaojie rules …`: the rules of procedure for a person at a terminal."""

from __future__ import annotations

import click

from .. import rules as R
from .common import config_option, current_config, emit_json, json_option

def _print_deadline(d: R.Deadline, title: str = "期限") -> None:
    click.echo(R.deadline_text(d, title))


@click.group(name="rules")
def rules_group():
    """调解程序规则：期限、程序分流、回避、小额快速、司法确认。

    Rules of procedure: deadlines, tracks, recusal, small claims, judicial confirmation.
    """


@rules_group.command()
@click.option("--origin", required=True, help="案件来源 origin: 自收/委派/委托/邀请/投诉转办")
@click.option("--track", default=None, help="调解程序 track: 小额快速/简易/普通/疑难复杂（自收、投诉转办案件必填）")
@click.option("--court-procedure", default=None, help="法院程序 court procedure: 简易/普通（委托、邀请案件必填）")
@click.option("--start", required=True, help="起算日 start date (YYYY-MM-DD)：受理或签收材料之日")
@click.option("--extension-days", type=int, default=0, show_default=True, help="经双方同意延长的天数 / agreed extension")
@click.option("--excluded-days", type=int, default=0, show_default=True, help="不计入期限的期间（如鉴定）/ excluded days")
@json_option
@config_option
def deadline(origin, track, court_procedure, start, extension_days, excluded_days, as_json):
    """计算调解期限届满日。Compute a mediation deadline."""
    d = R.compute_deadline(origin, start, track=track, court_procedure=court_procedure,
                           extension_days=extension_days, excluded_days=excluded_days,
                           config=current_config())
    for item in d.ignored:
        click.echo(f"提示 note: 选项 {item}", err=True)
    if as_json:
        emit_json(d.to_json())
        return
    _print_deadline(d, "调解期限")


@rules_group.command()
@click.option("--amount", required=True, type=str, help="标的金额（元）/ amount claimed (yuan)")
@click.option("--sector", required=True, help="领域 sector: 银行/保险/证券/期货/基金/支付/消费金融/地方金融组织")
@click.option("--origin", default="自收", show_default=True, help="案件来源 origin")
@click.option("--opted-in/--not-opted-in", default=False, help="机构已承诺适用小额快速机制 / institution opted in")
@click.option("--parties", type=int, default=2, show_default=True, help="当事人数 / number of parties")
@click.option("--mass", is_flag=True, help="群体性纠纷 / mass dispute")
@click.option("--unclear-facts", is_flag=True, help="事实不清 / facts unclear")
@click.option("--needs-appraisal", is_flag=True, help="需要鉴定 / needs appraisal")
@click.option("--declines-small-claims", is_flag=True, help="消费者不选择小额快速 / consumer declines")
@click.option("--product-line", default=None, help="产品线（如 property 财产险）/ product line")
@json_option
@config_option
def track(amount, sector, origin, opted_in, parties, mass, unclear_facts, needs_appraisal,
          declines_small_claims, product_line, as_json):
    """判断案件适用的调解程序并说明理由。Assign a track and explain why."""
    attrs = R.CaseAttributes.create(
        amount=amount, sector=sector, origin=origin, institution_opted_in=opted_in, parties=parties,
        mass_dispute=mass, facts_clear=not unclear_facts, needs_appraisal=needs_appraisal,
        consumer_declines_small_claims=declines_small_claims, product_line=product_line)
    decision = R.assign_track(attrs, current_config())
    if as_json:
        emit_json(decision.to_json())
        return
    click.echo(R.as_text(R.present_track(decision)))


@rules_group.command()
@click.option("--relation", "relations", multiple=True,
              help="调解员与案件的关系（可多次）relation, repeatable: " + "/".join(r.label for r in R.Relation))
@click.option("--years-since-left", type=str, default=None, help="离开涉案机构的年数 / years since leaving")
@click.option("--consent", is_flag=True, help="双方当事人同意由其调解 / both parties consent")
@json_option
@config_option
def recusal(relations, years_since_left, consent, as_json):
    """判断调解员是否应当回避。Decide whether a mediator must recuse."""
    d = R.assess_recusal(list(relations), years_since_left=years_since_left,
                         both_parties_consent=consent, config=current_config())
    if as_json:
        emit_json(d.to_json())
        return
    click.echo(R.as_text(R.present_recusal(d)))


@rules_group.command(name="small-claims")
@click.option("--amount", required=True, type=str, help="标的金额（元）/ amount (yuan)")
@click.option("--sector", required=True, help="领域 sector")
@click.option("--opted-in/--not-opted-in", default=False, help="机构已承诺 / institution opted in")
@click.option("--product-line", default=None, help="产品线 / product line")
@click.option("--accepted-on", default=None, help="受理日，用于计算书面意见期限 / acceptance date")
@json_option
@config_option
def small_claims(amount, sector, opted_in, product_line, accepted_on, as_json):
    """小额快速机制适用条件与期限。Small-claims eligibility and windows."""
    cfg = current_config()
    e = R.small_claims_eligibility(amount, sector, institution_opted_in=opted_in,
                                   product_line=product_line, config=cfg)
    out = e.to_json()
    proposal = acceptance = None
    if accepted_on:
        proposal = R.proposal_deadline(accepted_on, cfg)
        acceptance = R.acceptance_deadline(proposal.due_date, cfg)
        out["proposal_due"] = proposal.to_json()
        out["acceptance_due_if_served_on_last_day"] = acceptance.to_json()
    if as_json:
        emit_json(out)
        return
    click.echo(f"可适用小额快速 eligible: {'是 yes' if e.eligible else '否 no'}")
    for r in e.reasons:
        click.echo(f"  - {r}")
    if e.source:
        click.echo(f"依据 source: {e.source}" + R.assumption_marker(e.assumption))
    if proposal:
        _print_deadline(proposal, "书面意见")
        _print_deadline(acceptance, "接受意见（若于书面意见期限最后一日送达）")


@rules_group.command()
@click.option("--agreement-effective", required=True, help="调解协议生效日 / agreement effective date")
@click.option("--filed", default=None, help="法院立案日（可选）/ date the court filed the application")
@json_option
@config_option
def confirmation(agreement_effective, filed, as_json):
    """司法确认申请期限与法院审查期限。Judicial confirmation windows."""
    cfg = current_config()
    app = R.application_deadline(agreement_effective, cfg)
    out = {"application": app.to_json()}
    dec = None
    if filed is not None:
        filed_on = R.parse_date(filed, "filed")
        if filed_on < app.start:
            raise R.RulesInputError("filed", f"法院立案日 {filed_on} 早于调解协议生效日 {app.start}")
        dec = R.court_decision_deadline(filed_on, cfg)
    if dec:
        out["court_decision"] = dec.to_json()
    if as_json:
        emit_json(out)
        return
    _print_deadline(app, "共同申请司法确认")
    if dec:
        _print_deadline(dec, "法院审查")


@rules_group.command(name="config")
@json_option
@config_option
def show_config(as_json):
    """显示当前实践配置及其来源。Show the practice configuration in force."""
    cfg = current_config()
    if as_json:
        emit_json({"path": cfg.path, **cfg.model_dump(mode="json")})
        return
    click.echo(f"配置 config: {cfg.name}  ({cfg.path})")

    def walk(prefix: str, obj) -> None:
        data = obj.model_dump(mode="json") if hasattr(obj, "model_dump") else obj
        if isinstance(data, dict) and "source" in data and ("days" in data or "amount" in data or "count" in data or "track" in data):
            value = data.get("days", data.get("amount", data.get("count", data.get("track"))))
            mark = R.assumption_marker(bool(data.get("assumption")))
            click.echo(f"  {prefix} = {value}{' ' + data['basis'] if 'basis' in data else ''}  — {data['source']}{mark}")
            return
        if isinstance(data, dict):
            for k, v in data.items():
                walk(f"{prefix}.{k}" if prefix else k, v)

    walk("", cfg.model_dump(mode="json"))
