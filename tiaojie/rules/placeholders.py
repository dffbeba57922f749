"""Numbers out of prose: ``{rule:…}`` placeholders in case and script text, filled by the rules.

Writers never type a number the rules compute. They write a placeholder, and every face (case
brief, trainer notes, role-play dialogue) fills it at render time from the configuration in
force, for that case:

==========================  ========================================================  ==============
placeholder                 what it becomes                                           example
==========================  ========================================================  ==============
``{rule:period}``           the case's mediation time limit, with its unit            7日, 7个工作日
``{rule:due}``              the date that limit falls due (no extension counted)      2026年5月25日
``{rule:small_claims_threshold}``  the small-claims threshold for the case's sector    5000元
``{rule:proposal_period}``  small claims: time for the written proposal               7个工作日
``{rule:proposal_due}``     small claims: the proposal's due date                     2026年10月13日
``{rule:acceptance_period}``  small claims: the consumer's time to accept             10个工作日
``{rule:acceptance_due}``   small claims: the acceptance due date                     2026年10月27日
``{rule:confirmation_period}``  joint application for judicial confirmation           30日
``{rule:confirmation_due}``  its due date (needs a confirmation_application point)    2026年10月15日
``{rule:first_contact_period}``  time to first contact the parties after acceptance     2个工作日
==========================  ========================================================  ==============

:func:`stated_disagreements` is the other half: it finds prose that *types* a period, a
threshold or a due date (期限7日, 7个工作日内出具书面意见, 至4月27日届满, 5000元以下的小额…) and
reports each one that disagrees with what the rules say for the case.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .config import PracticeConfig, load_config
from .confirmation import application_deadline
from .deadlines import Deadline, compute_deadline, period_inputs
from .enums import Basis, Sector
from ..core.errors import TiaojieError
from .present import amount_text, date_text, period_text
from .small_claims import acceptance_deadline, proposal_deadline

PLACEHOLDER = re.compile(r"\{rule:([A-Za-z0-9_]*)\}")
VOCABULARY = {
    "period": "本案调解期限（含单位）",
    "due": "本案调解期限届满日（不含延长）",
    "small_claims_threshold": "本案领域的小额快速金额上限",
    "proposal_period": "小额快速：出具书面解决意见的期限",
    "proposal_due": "小额快速：书面意见届满日",
    "acceptance_period": "小额快速：消费者决定是否接受的期限",
    "acceptance_due": "小额快速：接受意见届满日",
    "confirmation_period": "共同申请司法确认的期限",
    "confirmation_due": "共同申请司法确认届满日",
    "first_contact_period": "受理后首次联系当事人的期限",
}


@dataclass(frozen=True)
class CaseRules:
    """What the rules say for one case: the numbers its prose may refer to."""

    mediation: Deadline | None          # None when the case lacks what the period needs
    threshold: float | None
    proposal: Deadline
    acceptance: Deadline
    confirmation_days: int
    confirmation_basis: Basis
    confirmation: Deadline | None       # only with a date to count from
    first_contact_days: int
    first_contact_basis: Basis

    @property
    def values(self) -> dict[str, str]:
        """Placeholder name → text, for every placeholder this case can fill."""
        out = {"proposal_period": period_text(self.proposal.days, self.proposal.basis),
               "proposal_due": date_text(self.proposal.due_date),
               "acceptance_period": period_text(self.acceptance.days, self.acceptance.basis),
               "acceptance_due": date_text(self.acceptance.due_date),
               "confirmation_period": period_text(self.confirmation_days, self.confirmation_basis),
               "first_contact_period": period_text(self.first_contact_days, self.first_contact_basis)}
        if self.mediation is not None:
            out["period"] = period_text(self.mediation.days, self.mediation.basis)
            out["due"] = date_text(self.mediation.due_date)
        if self.threshold is not None:
            out["small_claims_threshold"] = amount_text(self.threshold)
        if self.confirmation is not None:
            out["confirmation_due"] = date_text(self.confirmation.due_date)
        return out


def case_rules(*, origin, accepted_on: dt.date, sector, track=None, court_procedure=None,
               product_line: str | None = None, proposal_from: dt.date | None = None,
               acceptance_from: dt.date | None = None, confirmation_from: dt.date | None = None,
               config: PracticeConfig | None = None) -> CaseRules:
    """The rules for a case, from its raw attributes (the rules decide which apply)."""
    cfg = config or load_config()
    try:
        inputs = period_inputs(origin, track=track, court_procedure=court_procedure)
        mediation = compute_deadline(origin, accepted_on, **inputs.applicable, config=cfg)
    except TiaojieError:
        mediation = None   # the case's deadline check reports why
    try:
        entry = cfg.small_claims.threshold_for(Sector.parse(sector, "sector"), product_line)
    except TiaojieError:
        entry = None   # an unknown product line: the case's track check reports it
    proposal = proposal_deadline(proposal_from or accepted_on, cfg)
    acceptance = acceptance_deadline(acceptance_from or proposal.due_date, cfg)
    confirmation = application_deadline(confirmation_from, cfg) if confirmation_from else None
    window = cfg.judicial_confirmation.application
    return CaseRules(mediation, entry.amount if entry else None, proposal, acceptance,
                     window.days, window.basis, confirmation, cfg.first_contact.days, cfg.first_contact.basis)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every known ``{rule:name}``; unknown or unavailable ones are left as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def placeholder_problems(text: str, values: dict[str, str]) -> list[str]:
    """Messages for placeholders that are unknown, or that this case cannot fill."""
    out = []
    for name in PLACEHOLDER.findall(text):
        if name not in VOCABULARY:
            out.append(f"未知占位符 {{rule:{name}}}；可用：" + "、".join(f"{{rule:{k}}}" for k in VOCABULARY))
        elif name not in values:
            out.append(f"占位符 {{rule:{name}}}（{VOCABULARY[name]}）对本案无法计算"
                       + ("：须在 procedural_points.deadlines 中给出 confirmation_application 起算日"
                          if name == "confirmation_due" else ""))
    return out


# -- typed numbers that the rules compute ------------------------------------------------------
_CN = "零一二两三四五六七八九十百"
# a whole number in digits or Chinese numerals — not the day of a date (4月27日), not 第三十条
_N = rf"(?<![\d.,月第{_CN}])(\d[\d,]*|[{_CN}]+)"


def _number(text: str) -> int:
    """7, 1,000 or 三十 / 十五 / 一百二十 → int."""
    if text[0].isdigit():
        return int(text.replace(",", ""))
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        else:   # 十 or 百
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
    return total + current
_UNIT = r"\s*(个工作日|日|天)(?![天日])"   # not 一天天, 一日日
_PATTERNS = [
    # kind, pattern; group 1 = number, group 2 = unit (periods) — dates use month/day groups
    # 期限7日, 期限为7日, 调解期限参照15日, 期限自签收材料之日起30日 — not 延长期限30日, 期限届满后5日
    ("period", re.compile(r"(?<!延长)(?<!延长调解)期限(?:(?!延长|届满)[^，。；\d（(]){0,12}?" + _N + _UNIT)),
    ("period", re.compile(_N + r"\s*(日|天|个工作日)的?(?:委托|委派|邀请|诉前|诉中)?(?:调解)?期限")),
    ("period", re.compile(r"(?:简易|普通)程序(?:的期限)?为" + _N + _UNIT)),
    ("period", re.compile(r"(?:调解|期限)[^，。；]{0,6}只有" + _N + r"\s*(天|日|个工作日)")),
    ("proposal", re.compile(_N + r"\s*(个工作日)内[^，。；]{0,4}(?:出具|作出|写)[^，。；]{0,4}书面")),
    ("acceptance", re.compile(_N + r"\s*(个工作日)(?:内|的)?[^，。；\d]{0,6}(?:接受|考虑)")),
    ("confirmation", re.compile(_N + r"\s*(日|天)内[，,]?[^，。；]{0,14}(?:申请司法确认|共同(?:提出)?申请)")),
    ("confirmation", re.compile(r"司法确认[^，。；]{0,10}?" + _N + r"\s*(日|天)期限")),
    ("threshold", re.compile(r"小额[^，。；]{0,20}?" + _N + r"\s*元(?:以下|以内|及以下)")),
    ("threshold", re.compile(_N + r"\s*元(?:以下|以内|及以下)的?小额")),
    ("first_contact", re.compile(_N + r"\s*(个工作日|日|天)内[^，。；\d]{0,12}联系")),
    ("due", re.compile(r"(\d{1,2})月(\d{1,2})日(?:[^，。；\d]{0,6}期限)?届满")),
]
# Every pattern above has a number followed by one of these units: one search finds the texts
# worth the twelve patterns (most prose and dialogue lines have none).
_ANY_NUMBER_WITH_UNIT = re.compile(rf"(?:\d|[{_CN}])\s*[日天个元月]")
_KIND_LABEL = {"period": "调解期限", "proposal": "书面意见期限", "acceptance": "接受意见期限",
               "confirmation": "司法确认申请期限", "threshold": "小额快速金额上限", "due": "调解期限届满日",
               "first_contact": "首次联系期限"}
_KIND_PLACEHOLDER = {"period": "period", "proposal": "proposal_period", "acceptance": "acceptance_period",
                     "confirmation": "confirmation_period", "threshold": "small_claims_threshold",
                     "due": "due", "first_contact": "first_contact_period"}


def _expected(kind: str, rules: CaseRules):
    """(days, basis) for periods, an amount for the threshold, a date for the due date."""
    if kind == "period":
        return (rules.mediation.days, rules.mediation.basis) if rules.mediation else None
    if kind in ("proposal", "acceptance"):
        d = rules.proposal if kind == "proposal" else rules.acceptance
        return d.days, d.basis
    if kind == "confirmation":
        return rules.confirmation_days, rules.confirmation_basis
    if kind == "first_contact":
        return rules.first_contact_days, rules.first_contact_basis
    if kind == "threshold":
        return rules.threshold
    return rules.mediation.due_date if rules.mediation else None


def _agrees(kind: str, m: re.Match, expected) -> bool:
    if kind == "threshold":
        return _number(m.group(1)) == expected
    if kind == "due":
        return (int(m.group(1)), int(m.group(2))) == (expected.month, expected.day)
    days, basis = expected
    stated_working = m.group(2) == "个工作日"
    return _number(m.group(1)) == days and stated_working == (basis is Basis.working)


def _expected_text(kind: str, expected) -> str:
    if kind == "threshold":
        return amount_text(expected)
    if kind == "due":
        return date_text(expected)
    return period_text(*expected)


_OTHER_TERMS = ("犹豫期", "当期", "续当", "宽限期", "冷静期", "保险期间", "借款期限", "贷款期限")


def _about_mediation(text: str, m: re.Match) -> bool:
    """A date 届满 is the mediation's unless its clause names another term (犹豫期, 当期…)."""
    before = re.split(r"[。；，\n]", text[:m.start()])[-1]
    return not any(word in before + m.group(0) for word in _OTHER_TERMS)


_LAW_QUOTE = re.compile(r"《[^》]{2,40}》[^。：:]{0,20}?第[一二三四五六七八九十百零〇\d]+条[^。：:]{0,8}[：:]")


_LAW_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条的?$")


def _quotes_law(text: str, m: re.Match) -> bool:
    """The number is the law's, cited not computed: inside a quotation of a statute
    (《…》第二十七条：…), or right after an article (第十六条的三十日期限 — another statute's period)."""
    before = text[:m.start()]
    return (_LAW_QUOTE.search(before.rsplit("。", 1)[-1]) is not None
            or _LAW_ARTICLE.search(before) is not None)


def stated_disagreements(text: str, rules: CaseRules) -> list[str]:
    """Messages for every period, threshold or due date typed in ``text`` that the rules contradict."""
    out: list[str] = []
    if not _ANY_NUMBER_WITH_UNIT.search(text):
        return out
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if (kind == "due" and not _about_mediation(text, m)) or _quotes_law(text, m):
                continue
            expected = _expected(kind, rules)
            if expected is None or _agrees(kind, m, expected):
                continue
            out.append(f"正文写明“{m.group(0)}”，但按当前配置本案{_KIND_LABEL[kind]}为"
                       f"{_expected_text(kind, expected)}；请改用占位符 {{rule:{_KIND_PLACEHOLDER[kind]}}}")
    return out
