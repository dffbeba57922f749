"""Fiction checks: no real person, institution, ID number or phone number in the case bank.

Rules (docs/casebank.md): a person's name contains 某; an institution's name ends with
（虚构）; ID numbers are masked (contain *) or carry an invalid check digit; mobile numbers are
masked (138****0000); no real financial institution's name appears anywhere in a case.
"""

from __future__ import annotations

import re

# Names of real institutions that must never appear as a party (checked as substrings).
REAL_INSTITUTIONS = (
    "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行", "邮政储蓄银行", "招商银行",
    "中信银行", "光大银行", "民生银行", "兴业银行", "浦发银行", "浦东发展银行", "平安银行", "华夏银行",
    "广发银行", "浙商银行", "渤海银行", "恒丰银行", "北京银行", "上海银行", "江苏银行", "宁波银行",
    "南京银行", "杭州银行", "微众银行", "网商银行", "中国人寿", "中国平安", "平安保险", "平安产险",
    "太平洋保险", "中国太保", "人保财险", "中国人保", "新华保险", "泰康", "太平人寿", "阳光保险",
    "大地保险", "友邦", "中信证券", "华泰证券", "国泰君安", "海通证券", "广发证券", "招商证券",
    "中金公司", "申万宏源", "银河证券", "东方财富", "国信证券", "中信建投", "易方达", "华夏基金",
    "南方基金", "天弘基金", "支付宝", "微信支付", "财付通", "蚂蚁", "京东金融", "度小满", "花呗",
    "借呗", "招联", "马上消费", "捷信", "中银消费", "兴业消费", "拉卡拉", "银联",
)

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID18 = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def valid_resident_id(number: str) -> bool:
    """True if an 18-character string has a valid PRC resident-ID check digit."""
    return (len(number) == 18 and number[:17].isdigit()
            and id_check_digit(number[:17]) == number[17].upper())


def fiction_problems(text: str) -> list[str]:
    """Problems found in any text of a case file (raw YAML is fine)."""
    problems = []
    for m in _MOBILE.finditer(text):
        problems.append(f"未打码的手机号 {m.group()}（应为 138****0000 形式）")
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
