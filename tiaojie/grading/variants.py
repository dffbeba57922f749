"""Per-trainee question variants: Faker-seeded facts, answers computed by the rules.

The seed is derived from the trainee's id, so a trainee sees the same facts every time and
the grader recomputes the same answer; two trainees get different facts. Names are fictional
(surname + 某 + one character); institutions end with （虚构）. Dates stay in years the holiday
calendar covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

from faker import Faker

from ..rules import (Track, application_deadline, assign_track, compute_deadline,
                     proposal_deadline, CaseAttributes)
from ..rules import PACKAGE_LAST_YEAR

TRACK_OPTIONS = (Track.small_claims, Track.simple, Track.ordinary, Track.complex)
BRANDS = ("禾澜", "岫棠", "汀峤", "泓璟", "砚芷", "蔚珩", "岚桐", "溪楠")


def seed_for(trainee: str) -> int:
    key = str(trainee).strip()
    if not key:
        raise ValueError("学员编号为空：请先在上方填写你的学员编号")
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16)


@dataclass(frozen=True)
class Facts:
    person: str
    institution: str
    start: dt.date
    amount: int
    extra: dict


def _facts(trainee: str, salt: str) -> Facts:
    fake = Faker("zh_CN")
    fake.seed_instance(seed_for(trainee) ^ seed_for(salt))
    person = fake.last_name() + "某" + fake.first_name()[-1]
    brand = fake.random_element(BRANDS)
    last = dt.date(min(PACKAGE_LAST_YEAR, 2026), 10, 31)
    start = fake.date_between_dates(last.replace(month=1, day=5), last)
    amount = fake.random_int(min=8, max=95) * 100
    return Facts(person, f"{brand}银行（虚构）", start, amount,
                 {"track": fake.random_element(("simple", "ordinary")),
                  "opted": fake.boolean(chance_of_getting_true=60),
                  "big": fake.random_int(min=2, max=40) * 1000})


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _self_received(t: str):
    f = _facts(t, "self_received")
    track = Track.parse(f.extra["track"])
    text = (f"{f.person}与{f.institution}因理财产品赎回发生纠纷，调解中心于{_date(f.start)}受理（自收案件），"
            f"按{track.label}调解程序办理。本中心该程序的调解期限届满日是哪一天？")
    due = compute_deadline("self_received", f.start, track=track).due_date
    return text, due.isoformat()


def _proposal(t: str):
    f = _facts(t, "proposal")
    text = (f"{f.person}与{f.institution}的信用卡费用纠纷于{_date(f.start)}按小额纠纷快速解决机制受理。"
            "调解员最迟应在哪一天出具书面纠纷解决意见？")
    return text, proposal_deadline(f.start).due_date.isoformat()


def _confirmation(t: str):
    f = _facts(t, "confirmation")
    text = (f"{f.person}与{f.institution}于{_date(f.start)}签订的调解协议当日生效，双方拟申请司法确认。"
            "双方共同申请司法确认的最后一天是哪一天？")
    return text, application_deadline(f.start).due_date.isoformat()


def _track(t: str):
    f = _facts(t, "track")
    amount = f.amount if f.extra["opted"] else f.extra["big"]
    opted = "已" if f.extra["opted"] else "未"
    case = CaseAttributes.create(amount=amount, sector="banking", institution_opted_in=f.extra["opted"])
    track = assign_track(case).track
    options = "；".join(f"{chr(65 + i)}. {tr.label}" for i, tr in enumerate(TRACK_OPTIONS))
    text = (f"{f.person}（自行申请）与{f.institution}就借记卡盗刷损失 {amount} 元发生争议，事实清楚，"
            f"仅两方当事人，该银行{opted}签署小额快速机制承诺书，消费者没有拒绝小额快速机制。"
            f"本中心应按哪种调解程序办理？{options}")
    return text, chr(65 + TRACK_OPTIONS.index(track))


VARIANTS: dict[str, Callable[[str], tuple[str, str]]] = {
    "self_received_deadline": _self_received,
    "small_claims_proposal": _proposal,
    "confirmation_application": _confirmation,
    "track_choice": _track,
}


def _get(name: str):
    try:
        return VARIANTS[name]
    except KeyError:
        raise KeyError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}") from None


def render(name: str, trainee: str) -> str:
    return _get(name)(trainee)[0]


def answer(name: str, trainee: str) -> str:
    return _get(name)(trainee)[1]
