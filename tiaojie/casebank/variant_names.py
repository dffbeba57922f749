"""Fictional names for case variants: people (王某芳), institutions (禾澜银行（虚构）), masked numbers.

Part of :mod:`tiaojie.casebank.variants` (see its docstring for the rules); split out so each
module stays small. ``_People`` renames a case's parties from one seeded Faker and records every
text replacement the new names imply.
"""

from __future__ import annotations

import re

from faker import Faker

from ..rules import TiaojieError
from .fiction import REAL_INSTITUTIONS
from .schema import Case, PartyKind

FICTION = "（虚构）"
BRAND_SYLLABLES = "禾澜岫棠汀峤泓璟砚芷蔚珩岚桐溪楠屿珂琮瑄霁翎朔筠澄栎苒沅鹭杉榆荇蘅芃琳潆渟岑"
INSTITUTION_TYPES = (
    "农村商业银行", "农商银行", "村镇银行", "银行", "人寿保险", "财产保险", "健康保险", "养老保险", "保险",
    "证券", "期货", "基金", "支付", "消费金融", "小额贷款", "融资担保", "典当", "金融租赁", "信托", "理财",
    "资产管理", "网络小贷", "财务公司",
)
TITLES = ("女士", "先生", "老人", "阿姨", "大爷", "奶奶", "爷爷", "大姐", "师傅", "经理", "老师", "律师")
CJK = r"[\u4e00-\u9fff]"
_PERSON_IN_TEXT = re.compile(rf"({CJK})某({CJK})")

class VariantError(TiaojieError):
    def __init__(self, case_id: str, message: str):
        self.field = "variant"
        self.message = f"{case_id}: {message}"
        super().__init__(self.message)


# ---------------------------------------------------------------- names


def split_person(name: str) -> tuple[str, str] | None:
    """刘某琴 → ("刘", "琴"); 欧阳某 → ("欧阳", ""); 张某某 → ("张", "某"); else None."""
    i = name.find("某")
    if i not in (1, 2) or not re.fullmatch(f"{CJK}+", name[:i]):
        return None
    given = name[i + 1:]
    return (name[:i], given) if re.fullmatch(f"{CJK}{{0,2}}", given) else None


def split_institution(name: str) -> tuple[str, str, str]:
    """青禾银行（虚构）信用卡中心 → ("青禾", "银行", "信用卡中心"): brand, type and the rest, tail."""
    head, _, tail = name.partition(FICTION)
    best = None
    for kind in INSTITUTION_TYPES:
        i = head.find(kind)
        if i > 0 and (best is None or i < best):
            best = i
    if best is None:
        return head, "", tail
    return head[:best], head[best:], tail


def guess_female(old_given: str, texts: list[str]) -> bool | None:
    """Keep the persona's gender: from 女/男 in the description, else the old given character."""
    for text in texts:
        if re.search("女士|女性|女，|她|母亲|妈妈|奶奶|阿姨", text):
            return True
        if re.search("男士|男性|男，|先生|父亲|爸爸|爷爷|大爷", text):
            return False
    from faker.providers.person.zh_CN import Provider

    f = sum(old_given in n for n in Provider.first_names_female)
    m = sum(old_given in n for n in Provider.first_names_male)
    return True if f > m else False if m > f else None


class _Names:
    """Draws fictional names from one seeded Faker, never repeating an old or a new surname."""

    def __init__(self, fake: Faker, taken: set[str]):
        self.fake = fake
        self.taken = set(taken)

    def surname(self) -> str:
        for _ in range(200):
            s = self.fake.last_name()
            if s not in self.taken:
                self.taken.add(s)
                return s
        raise VariantError("-", "无法抽取新的姓氏")

    def given_char(self, female: bool | None) -> str:
        draw = {True: self.fake.first_name_female, False: self.fake.first_name_male}.get(
            female, self.fake.first_name)
        return self.fake.random.choice(draw())

    def brand(self, kind: str, avoid: set[str]) -> str:
        for _ in range(200):
            a, b = self.fake.random.sample(BRAND_SYLLABLES, 2)
            brand = a + b
            full = brand + kind
            if brand in avoid or brand in self.taken or any(r in full for r in REAL_INSTITUTIONS):
                continue
            self.taken.add(brand)
            return brand
        raise VariantError("-", "无法生成新的机构字号")


def _mentions(case: Case, name: str) -> list[str]:
    """Sentences of the case's general facts that mention ``name`` (for the gender guess)."""
    return [s for s in re.split("[。；]", case.facts_known_to_all) if name in s]


class _People:
    """New names for the case's people and institutions, and the text replacements they imply."""

    def __init__(self, case: Case, fake: Faker):
        self.case, self.fake = case, fake
        self.replace: dict[str, str] = {}
        people = [p for p in case.parties if p.kind is not PartyKind.institution]
        old_surnames = {s[0] for p in people if (s := split_person(p.name))}
        for hazard in case.procedural_points.recusal:
            old_surnames |= {m.group(1) for m in _PERSON_IN_TEXT.finditer(hazard.mediator)}
        self.names = _Names(fake, old_surnames)
        self.surnames: dict[str, str] = {}
        self.brands: dict[str, str] = {}

    def person(self, old: str, texts: list[str]) -> str | None:
        parts = split_person(old)
        if parts is None:
            return None
        surname, given = parts
        if surname not in self.surnames:
            self.surnames[surname] = self.names.surname()
        new_s = self.surnames[surname]
        new = new_s + "某" + (given if given in ("", "某") else self.names.given_char(guess_female(given, texts)))
        self.replace[old] = new
        self.replace.setdefault(surname + "某", new_s + "某")
        for title in TITLES:
            self.replace.setdefault(surname + title, new_s + title)
        return new

    def institution(self, old: str) -> str:
        brand, kind, tail = split_institution(old)
        if brand not in self.brands:
            self.brands[brand] = self.names.brand(kind, set(self.brands))
        new = self.brands[brand] + kind + FICTION + tail
        self.replace[old] = new
        self.replace[brand + kind] = self.brands[brand] + kind
        if len(brand) >= 2:
            self.replace.setdefault(brand, self.brands[brand])
        return new

    def rename_parties(self, data: dict) -> None:
        """New names, phones and ID numbers in ``data["parties"]`` (seeded draws, in party order)."""
        rnd = self.fake.random
        for party, pd in zip(self.case.parties, data["parties"]):
            if party.kind is PartyKind.institution:
                pd["name"] = self.institution(party.name)
            elif new := self.person(party.name, [party.description] + _mentions(self.case, party.name)):
                pd["name"] = new
            if party.phone:
                pd["phone"] = f"1{rnd.choice('35789')}{rnd.randint(0, 9)}****{rnd.randint(0, 9999):04d}"
                self.replace[party.phone] = pd["phone"]
            if party.id_number:
                pd["id_number"] = f"{rnd.randint(11, 65)}{rnd.randint(0, 99):02d}{'*' * 10}{rnd.randint(0, 99):02d}"
                self.replace[party.id_number] = pd["id_number"]
        for hazard in self.case.procedural_points.recusal:
            for m in _PERSON_IN_TEXT.finditer(hazard.mediator):
                if m.group(0) not in self.replace:
                    self.person(m.group(0), [hazard.mediator, hazard.description])
