"""Right answers, computed at build time by the rules or read from the case bank.

Each answer source (the one key under ``answer:`` in a question file) maps to a function
``(args, item) -> (canonical answer, context)``. The context fills the question prose
(``{{q1.start}}``, ``{{q1.options}}``) so a question's facts are written once, in the question
file, and its answer nowhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any, Callable

from ..rules import (acceptance_deadline, application_deadline, applicable_period,
                     assess_recusal, assign_track, CaseAttributes, compute_deadline,
                     court_decision_deadline, load_config, proposal_deadline,
                     small_claims_eligibility, Sector, WorkdayCalendar)
from .spec import Item, SpecError
from .variants import TRACK_OPTIONS

LETTERS = "ABCDEF"


def cn_date(value) -> str:
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{d.year}年{d.month}月{d.day}日"


def options_text(options: list[str]) -> str:
    return "\n".join(f"- {LETTERS[i]}. {text}" for i, text in enumerate(options))


def _ctx(args: dict) -> dict[str, str]:
    out = {}
    for key, value in args.items():
        if isinstance(value, dt.date):
            out[key] = cn_date(value)
        elif isinstance(value, bool):
            out[key] = "是" if value else "否"
        elif isinstance(value, list):
            out[key] = "、".join(str(v) for v in value)
        else:
            out[key] = str(value)
    return out


def _yesno(flag: bool) -> str:
    return "是" if flag else "否"


def _deadline(a, _):
    return compute_deadline(**a).due_date.isoformat(), _ctx(a)


def _period_days(a, _):
    return str(applicable_period(**a).period.days), _ctx(a)


def _working_day(a, _):
    due = WorkdayCalendar(load_config()).add_working_days(a["start"], int(a["days"]))
    return due.isoformat(), _ctx(a)


def _track(a, _):
    track = assign_track(CaseAttributes.create(**a)).track
    ctx = _ctx(a) | {"options": options_text([t.label for t in TRACK_OPTIONS]),
                     "sector": Sector.parse(a["sector"]).label}
    return LETTERS[TRACK_OPTIONS.index(track)], ctx


def _small_claims(a, _):
    return _yesno(small_claims_eligibility(**a).eligible), _ctx(a) | {"sector": Sector.parse(a["sector"]).label}


def _threshold(a, _):
    entry = load_config().small_claims.threshold_for(Sector.parse(a["sector"]), a.get("product_line"))
    return str(int(entry.amount)), _ctx(a) | {"sector": Sector.parse(a["sector"]).label}


def _recusal(a, _):
    return _yesno(assess_recusal(**a).required), _ctx(a)


def _windows(fn):
    return lambda a, _: (fn(next(iter(a.values()))).due_date.isoformat(), _ctx(a))


def _key(a, item: Item):
    key = str(a).strip().upper()
    if key not in LETTERS[:len(item.options)]:
        raise SpecError(item.id, "answer.key", f"应为 {LETTERS[:len(item.options)]} 之一，得到 {a}")
    return key, {"options": options_text(item.options)}


def _case(a):
    from ..casebank import api

    return api.get(a["case"])


def _case_context(case) -> dict[str, str]:
    return {"case": case.id, "title": case.title, "facts": case.facts_known_to_all,
            "amount": f"{case.amount_claimed:,.0f}", "accepted_on": cn_date(case.procedural_points.accepted_on),
            "origin": case.origin.label,
            "court_procedure": case.court_procedure.label if case.court_procedure else ""}


def _shuffled(correct: str, distractors: list[str], salt: str) -> tuple[list[str], str]:
    options = [correct] + distractors
    random.Random(int(hashlib.sha256(salt.encode()).hexdigest()[:8], 16)).shuffle(options)
    return options, LETTERS[options.index(correct)]


def _case_track(a, _):
    case = _case(a)
    ctx = _case_context(case) | {"options": options_text([t.label for t in TRACK_OPTIONS])}
    return LETTERS[TRACK_OPTIONS.index(case.track)], ctx


def _case_deadline(a, _):
    from ..casebank.deadlines import mediation_deadline

    case = _case(a)
    return mediation_deadline(case).due_date.isoformat(), _case_context(case)


def _case_interest(a, item: Item):
    """Which statement is this party's interest (not a position)?"""
    case = _case(a)
    party = next(p for p in case.parties if p.role == a["role"])
    other = next(p for p in case.parties if p.role != a["role"])
    options, key = _shuffled(party.interests[0], [party.position, other.position, other.interests[0]],
                             f"{case.id}:{item.id}")
    return key, _case_context(case) | {"party": party.name, "other": other.name,
                                       "options": options_text(options)}


# words that mark a statute as a sector's own; a distractor must belong to another sector only
SECTOR_WORDS = {"banking": ("商业银行", "信用卡", "银行"), "insurance": ("保险",), "securities": ("证券",),
                "futures": ("期货",), "funds": ("基金",), "payments": ("支付",),
                "consumer_finance": ("消费金融",), "local_finance": ("典当", "小额贷款", "融资担保")}


def _foreign(law: str, sector: str) -> bool:
    own = SECTOR_WORDS.get(sector, ())
    other = [w for s, words in SECTOR_WORDS.items() if s != sector for w in words]
    return any(w in law for w in other) and not any(w in law for w in own)


def _case_rule(a, item: Item):
    """Which provision applies to this case? Distractors are other sectors' own statutes (by
    name: 保险法 for a bank case …), never a general law that could apply here too."""
    from ..casebank import api

    case = _case(a)
    cite = lambda r: f"{r.law}{r.article}：{r.gist}"   # noqa: E731
    seen, distractors = set(), []
    for c in api.load():
        for r in c.applicable_rules:
            if _foreign(r.law, case.sector.value) and (r.law, r.article) not in seen:
                seen.add((r.law, r.article))
                distractors.append(cite(r))
    if len(distractors) < 3:
        raise SpecError(item.id, "answer.case_rule", "可用的干扰项不足 3 个")
    pick = random.Random(f"{case.id}:{item.id}").sample(distractors, 3)
    options, key = _shuffled(cite(case.applicable_rules[int(a.get("rule", 0))]), pick, f"{case.id}:{item.id}")
    return key, _case_context(case) | {"options": options_text(options)}


def _agent_abuse(a, item: Item):
    """Which of these cases shows agent rights-protection abuse (代理维权乱象)? Exactly one may."""
    from ..casebank import api

    cases = [api.get(cid) for cid in a["cases"]]
    flagged = [c for c in cases if c.agent_abuse]
    if len(flagged) != 1:
        raise SpecError(item.id, "answer.agent_abuse.cases",
                        f"须恰有一宗案例标注 agent_abuse（得到 {len(flagged)} 宗）")
    options, key = _shuffled(flagged[0].title, [c.title for c in cases if c is not flagged[0]],
                             f"{item.id}:{','.join(a['cases'])}")
    return key, {"options": options_text(options)}


def _utilisation(a, _):
    from ..sim.erlang import mmc_metrics

    rho = mmc_metrics(a["arrival_rate"], a["service_rate"], a["servers"])["utilisation"]
    return str(round(100 * rho)), _ctx(a)


def _stable_servers(a, _):
    from ..sim.erlang import min_servers_stable

    return str(min_servers_stable(a["arrival_rate"] / a["service_rate"])), _ctx(a)


def _servers_for(a, _):
    from ..sim.erlang import min_servers_for

    n = min_servers_for(a["arrival_rate"], a["service_rate"], wait_threshold=a["wait_threshold"], target=a["target"])
    return str(n), _ctx(a) | {"target": f"{100 * a['target']:g}%"}


def _cusum_day(a, item: Item):
    """The first day (1-based) a one-sided CUSUM on standardised intake raises an alarm."""
    from ..sim.early_warning import cusum

    _, alarms, _ = cusum(a["z"], k=a.get("k", 0.5), h=a.get("h", 5.0))
    days = [i + 1 for i, hit in enumerate(alarms) if hit]
    if not days:
        raise SpecError(item.id, "answer.cusum_alarm_day.z", "该序列不触发预警，无法出题")
    ctx = _ctx({k: v for k, v in a.items() if k != "z"}) | {"z": "，".join(f"第{i + 1}天 {v:+g}" for i, v in enumerate(a["z"]))}
    return str(days[0]), ctx


SOURCES: dict[str, Callable[[Any, Item], tuple[str, dict]]] = {
    "deadline": _deadline,
    "period_days": _period_days,
    "working_day": _working_day,
    "track": _track,
    "small_claims": _small_claims,
    "threshold": _threshold,
    "recusal": _recusal,
    "proposal_due": _windows(proposal_deadline),
    "acceptance_due": _windows(acceptance_deadline),
    "confirmation_due": _windows(application_deadline),
    "court_decision_due": _windows(court_decision_deadline),
    "key": _key,
    "case_track": _case_track,
    "case_deadline": _case_deadline,
    "case_interest": _case_interest,
    "case_rule": _case_rule,
    "agent_abuse": _agent_abuse,
    "utilisation_percent": _utilisation,
    "min_servers_stable": _stable_servers,
    "min_servers_for": _servers_for,
    "cusum_alarm_day": _cusum_day,
}


def compute(item: Item, assignment_id: str = "") -> tuple[str, dict[str, str]]:
    """(canonical answer, placeholder context) for an autograded item that is not a variant."""
    (source, args), = item.answer.items()
    fn = SOURCES.get(source)
    if fn is None:
        raise SpecError(f"{assignment_id}/questions.yaml", f"items.{item.id}.answer",
                        f"未知答案来源“{source}”；可选：{', '.join(SOURCES)}")
    try:
        return fn(args, item)
    except (TypeError, KeyError, StopIteration) as exc:
        raise SpecError(f"{assignment_id}/questions.yaml", f"items.{item.id}.answer.{source}",
                        f"参数有误：{exc}") from None
