"""Faker-based case variants: new fictional parties, amounts and dates, same teaching points.

``make_variant(case, seed)`` is deterministic for a seed and a Faker version (Faker is pinned):

* **people** (parties who are not institutions, and mediators named in recusal hazards): a new
  surname from Faker ``zh_CN`` + 某 + one given-name character (王某芳); a name written as 刘某某
  stays in that form. Every occurrence of the old full name, of the short form (刘某) and of the
  surname with a title (刘女士, 刘先生 …) is replaced in every text field.
* **institutions**: a brand of two invented syllables + the institution's type taken from the
  old name (银行, 财产保险 …) + （虚构）. Faker's ``bank()`` and company names are never used; a
  brand that would spell a real institution's name is redrawn.
* **phones / ID numbers**: new masked values (139****0417; 3301**********27).
* **amounts**: ``amount_claimed`` is scaled by a seeded factor and rounded. If the rules of
  procedure would give the new amount another track, the amount is moved back inside the
  track's bounds (found by bisection against :func:`tiaojie.rules.assign_track`). Every money
  amount in the text (…元, …万元) is scaled by the same effective factor, keeping its precision;
  amounts equal to a configured threshold (e.g. the small-claims limit) are left alone.
* **dates**: all dates move together by a seeded whole number of years (backwards when needed so
  they stay in years the holiday calendar covers) plus a seeded number of days; ``YYYY年`` and
  ``YYYY年M月`` move by the years only. A date that was one of the case's computed due dates
  becomes the variant's due date, recomputed by the rules.
* **id**: the id pattern (``^[a-z]{2,4}-\\d{3}$``) has no room for a suffix, so the variant keeps
  the id and records its origin in ``tags`` (``变体:种子<N>``); write it outside the bank.
  ``roleplay`` is kept: the script's roles, fact ids and competencies still fit the variant (its
  lines keep the original wording).
"""

from __future__ import annotations

import datetime as dt
import re

from faker import Faker
from faker import VERSION as FAKER_VERSION

from ..rules import assign_track, load_config
from ..rules import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR
from .checks import case_attributes, check_deadlines, check_fiction, check_recusal, check_track
from .deadlines import case_deadlines
from .prose import prose_problems
from .schema import Case
from .variant_names import VariantError, _People
from .variant_names import split_institution, split_person  # noqa: F401 — part of this module's API
from .yaml_io import to_yaml

_MONEY = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(余|多)?(亿元|万元|万(?![分\d])|元)")
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"
                   r"|(?<!\d)(\d{4})(?=年)|(?<![\d年])(\d{1,2})月(\d{1,2})日")
_UNITS = {"元": 1, "万元": 10_000, "万": 10_000, "亿元": 100_000_000}


def variant_tag(seed: int) -> str:
    return f"变体:种子{seed}"


# ---------------------------------------------------------------- amounts


def _sig_digits(digits: str, decimals: str) -> int:
    if decimals:
        return len((digits + decimals.lstrip(".")).lstrip("0")) or 1
    return len(digits.lstrip("0").rstrip("0")) or 1


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    from math import floor, log10

    return round(x, -int(floor(log10(abs(x)))) + (sig - 1))


def _fmt_number(x: float, commas: bool) -> str:
    if float(x).is_integer():
        return f"{int(x):,}" if commas else str(int(x))
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text


def nice_amount(x: float) -> float:
    """Round an amount the way a claim is written: to 10 yuan above 1,000, to 1 yuan above 10."""
    if x >= 1000:
        return float(round(x / 10) * 10)
    return float(round(x)) if x >= 10 else round(x, 2)


def scaled_amount(case: Case, factor: float, u: float) -> float:
    """``amount_claimed × factor``, kept inside the amount range the rules give the same track."""
    cfg = load_config()
    base = case_attributes(case)
    target = assign_track(base, cfg).track
    old = case.amount_claimed

    def same_track(amount: float) -> bool:
        attrs = base.__class__(**{**base.__dict__, "amount": amount})
        return assign_track(attrs, cfg).track is target

    if old <= 0:
        return old
    cand = nice_amount(old * factor)
    if same_track(cand):
        return cand
    good, bad = old, old * factor   # bisect towards the track's bound on the drawn side
    for _ in range(60):
        mid = (good + bad) / 2
        good, bad = (mid, bad) if same_track(mid) else (good, mid)
    cand = nice_amount(old + (good - old) * u)
    return cand if same_track(cand) else old


# ---------------------------------------------------------------- dates


class DateShift:
    def __init__(self, years: int, days: int):
        self.years, self.days = years, days

    def __call__(self, d: dt.date) -> dt.date:
        try:
            moved = d.replace(year=d.year + self.years)
        except ValueError:  # 29 February
            moved = d.replace(year=d.year + self.years, day=28)
        return moved + dt.timedelta(days=self.days)


def pick_shift(fake: Faker, dates: list[dt.date]) -> DateShift:
    lo, hi = min(dates).year, max(dates).year
    years = [y for y in (-4, -3, -2, -1, 1, 2) if lo + y >= PACKAGE_FIRST_YEAR + 1 and hi + y <= PACKAGE_LAST_YEAR - 0]
    year = fake.random.choice(years or [-1])
    return DateShift(year, fake.random.randint(-20, 20))


# ---------------------------------------------------------------- the variant


def _money_rewriter(case: Case, new_amount: float, cfg):
    """A regex callback scaling every amount in the text by the claim's effective factor."""
    effective = new_amount / case.amount_claimed if case.amount_claimed else 1.0
    thresholds = {a.amount for a in cfg.small_claims.thresholds.values()}
    thresholds |= {cfg.track_assignment.simple_max_amount.amount, cfg.track_assignment.complex_min_amount.amount}

    def money(m: re.Match) -> str:
        digits, decimals, approx, unit = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
        value = float(digits.replace(",", "") + decimals) * _UNITS[unit]
        if value in thresholds or value == 0:
            return m.group(0)
        if value == case.amount_claimed:
            new_value = new_amount
        else:
            new_value = _round_sig(value * effective, max(2, _sig_digits(digits.replace(",", ""), decimals)))
        return _fmt_number(new_value / _UNITS[unit], "," in digits) + approx + unit

    return money


def _move_dates(case: Case, data: dict, shift: DateShift, cfg) -> dict[dt.date, dt.date]:
    """Shift the structured dates in ``data``; return old due date → the variant's due date."""
    pp, ppd = case.procedural_points, data["procedural_points"]
    ppd["accepted_on"] = shift(pp.accepted_on).isoformat()
    for i, point in enumerate(pp.deadlines):
        ppd["deadlines"][i]["start"] = shift(point.start).isoformat()
    for i, span in enumerate(pp.excluded_periods):
        ppd["excluded_periods"][i].update(start=shift(span.start).isoformat(), end=shift(span.end).isoformat())
    old_dues = [d.due_date for _, d in case_deadlines(case, cfg)]
    new_dues = old_dues
    for _ in range(len(pp.deadlines) + 1):   # a start that was an earlier due date follows it
        new_dues = [d.due_date for _, d in case_deadlines(Case.model_validate(data), cfg)]
        changed = False
        for i, point in enumerate(pp.deadlines):
            if point.start in old_dues:
                want = new_dues[old_dues.index(point.start)].isoformat()
                if ppd["deadlines"][i]["start"] != want:
                    ppd["deadlines"][i]["start"], changed = want, True
        if not changed:
            break
    return dict(zip(old_dues, new_dues))


def _date_rewriter(accepted_on: dt.date, shift: DateShift, due_map: dict[dt.date, dt.date]):
    """A regex callback moving every date in the text (a due date to the variant's due date)."""

    def moved(d: dt.date) -> dt.date:
        return due_map.get(d) or shift(d)

    def date(m: re.Match) -> str:
        g = m.groups()
        try:
            if g[0]:
                return moved(dt.date(int(g[0]), int(g[1]), int(g[2]))).isoformat()
            if g[3]:
                d = moved(dt.date(int(g[3]), int(g[4]), int(g[5])))
                return f"{d.year}年{d.month}月{d.day}日"
            if g[6]:
                return str(int(g[6]) + shift.years)
            d = moved(dt.date(accepted_on.year, int(g[7]), int(g[8])))
            return f"{d.month}月{d.day}日"
        except ValueError:  # not a real date (e.g. 2月30日): leave the text alone
            return m.group(0)

    return date


def _rewrite_texts(data, replace: dict[str, str], money, date):
    """Every text field with names replaced, then amounts and dates rewritten (structured dates
    ``accepted_on`` / ``start`` were already moved)."""
    keys = sorted(replace, key=len, reverse=True)
    names_re = re.compile("|".join(map(re.escape, keys))) if keys else None

    def rewrite(text: str) -> str:
        if names_re:
            text = names_re.sub(lambda m: replace[m.group(0)], text)
        return _DATE.sub(date, _MONEY.sub(money, text))

    def walk(obj, key=None):
        if isinstance(obj, dict):
            return {k: walk(v, k) for k, v in obj.items()}
        if isinstance(obj, list):
            return [walk(v, key) for v in obj]
        if isinstance(obj, str) and key not in ("accepted_on", "start", "end"):   # already moved
            return rewrite(obj)
        return obj

    return walk(data)


def make_variant(case: Case, seed: int) -> Case:
    """A validated fictional variant of ``case`` for ``seed`` (see the module docstring).

    The seeded draws happen in a fixed order — names, then the amount, then the date shift — so
    a seed gives the same variant for a given Faker version."""
    cfg = load_config()
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    data = case.model_dump(mode="json")
    people = _People(case, fake)
    people.rename_parties(data)
    factor = fake.random.uniform(0.55, 1.6)
    new_amount = scaled_amount(case, factor, fake.random.uniform(0.3, 0.9))
    data["amount_claimed"] = new_amount
    pp = case.procedural_points
    shift = pick_shift(fake, [pp.accepted_on] + [p.start for p in pp.deadlines]
                       + [d for e in pp.excluded_periods for d in (e.start, e.end)])
    due_map = _move_dates(case, data, shift, cfg)
    data = _rewrite_texts(data, people.replace, _money_rewriter(case, new_amount, cfg),
                          _date_rewriter(pp.accepted_on, shift, due_map))
    data["tags"] = [t for t in case.tags if not t.startswith("变体:")] + [variant_tag(seed)]
    variant = Case.model_validate(data)
    # the checks a variant can break (its role-play reference is the original's, unchanged)
    where = f"<variant {case.id} seed {seed}>"
    problems = [*check_track(variant, where, cfg), *check_recusal(variant, where, cfg),
                *check_deadlines(variant, where, cfg), *check_fiction(variant, where, to_yaml(variant)),
                *prose_problems(variant, where, cfg)]
    if problems:
        raise VariantError(case.id, "生成的变体未通过校验：" + "；".join(str(p) for p in problems))
    return variant


def variant_yaml(case: Case, seed: int) -> str:
    """YAML of the variant with a header naming its source, seed and Faker version."""
    return to_yaml(make_variant(case, seed),
                   header=[f"变体：由案例 {case.id} 以种子 {seed} 生成（Faker {FAKER_VERSION}），请勿放入案例库"])
