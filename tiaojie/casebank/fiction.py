"""Fiction checks: no real person, institution, ID number or phone number in the case bank.

Rules (docs/reference/casebank.md): a person's name contains 某; an institution's name ends with
（虚构）; ID numbers are masked (contain *) or carry an invalid check digit; mobile numbers are
masked (138****0000); no real financial institution's name appears anywhere in a case.
"""

from __future__ import annotations

import re
from importlib.resources import files

def _load_real_names() -> tuple[str, ...]:
    text = (files("tiaojie") / "data" / "real_institutions.txt").read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


# Names of real institutions and brands that must never appear (checked as substrings),
# maintained in tiaojie/data/real_institutions.txt.
REAL_INSTITUTIONS = _load_real_names()

_MOBILE = re.compile(r"(?<![\d\-])1[3-9]\d[-\s\u3000]?\d{4}[-\s\u3000]?\d{4}(?![\d\-])")
# bank card numbers: 16-19 digits, optionally in groups separated by spaces or hyphens
_CARD = re.compile(r"(?<![\d\-])\d(?:[-\s]?\d){15,18}(?![\d\-])")
_ID18 = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def valid_resident_id(number: str) -> bool:
    """True if an 18-character string has a valid PRC resident-ID check digit."""
    return (len(number) == 18 and number[:17].isdigit()
            and id_check_digit(number[:17]) == number[17].upper())


def luhn_valid(digits: str) -> bool:
    """True if a digit string passes the Luhn check used by bank card numbers (16 or 19 digits in China)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return len(digits) >= 12 and total % 10 == 0


def fiction_problems(text: str) -> list[str]:
    """Problems found in any text of a case file (raw YAML is fine)."""
    problems = []
    for m in _MOBILE.finditer(text):
        problems.append(f"未打码的手机号 {m.group()}（应为 138****0000 形式）")
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) != 18 and luhn_valid(digits):   # 18 digits: an ID number, checked below
            problems.append(f"银行卡号 {m.group()} 通过 Luhn 校验（应打码，如 6222 **** **** 1234）")
    for m in _ID18.finditer(text):
        if valid_resident_id(m.group()):
            problems.append(f"身份证号 {m.group()} 校验位有效（应打码或使用无效校验位）")
    for name in REAL_INSTITUTIONS:
        if name in text:
            problems.append(f"出现真实金融机构名称“{name}”（当事人必须虚构）")
    return problems


def party_name_problem(kind: str, name: str) -> str | None:
    if kind == "institution":
        if not name.endswith("（虚构）") and "（虚构）" not in name:
            return f"机构名称“{name}”须带“（虚构）”标记"
    elif "某" not in name:
        return f"人名“{name}”须含“某”字以示虚构（如 刘某琴）"
    return None
