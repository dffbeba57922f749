"""Fiction checks catch what a careless writer might paste: real numbers in any format, real brands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiaojie.casebank.fiction import REAL_INSTITUTIONS, fiction_problems, luhn_valid


def _luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError("no Luhn digit")


@settings(max_examples=60, deadline=None)
@given(body=st.text("0123456789", min_size=15, max_size=15), sep=st.sampled_from(["", " ", "-"]))
def test_luhn_valid_card_numbers_are_caught_in_any_grouping(body, sep):
    card = _luhn_complete("6" + body[:14]) if len(body) else ""
    grouped = sep.join(card[i:i + 4] for i in range(0, len(card), 4))
    assert any("银行卡号" in p for p in fiction_problems(f"卡号 {grouped} 被盗刷"))


@pytest.mark.parametrize("text", ["电话 138-1234-5678", "电话 139 8765 4321", "电话13912345678", "电话 139\u30008765\u30004321"])
def test_mobile_numbers_in_any_format(text):
    assert any("手机号" in p for p in fiction_problems(text))


@pytest.mark.parametrize("text", ["138****0000", "卡号 6222 **** **** 1234", "金额 12,000 元", "2026-05-18 签收"])
def test_masked_and_ordinary_numbers_pass(text):
    assert fiction_problems(text) == []


@pytest.mark.parametrize("brand", ["平安普惠", "云闪付", "工商银行", "支付宝"])
def test_real_brands_are_listed_and_caught(brand):
    assert brand in REAL_INSTITUTIONS
    assert fiction_problems(f"在{brand}办理") != []
