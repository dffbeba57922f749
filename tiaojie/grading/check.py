"""What a trainee's notebook imports: the "check my format" helper and answer normalisation.

A trainee fills a value into a pre-written line (``答案_q1 = "2026-03-05"``) and runs the check
cell under it. ``检查格式`` says whether the value is well-formed for its kind (a date, a letter,
a number, 是/否) and how it was read — never whether it is right. Hidden tests compare
``规范(value, kind)`` with the answer computed at build time (or, for a per-trainee variant, by
``变体答案``).
"""

from __future__ import annotations

import datetime as dt
import re

KIND_LABELS = {"date": "日期", "choice": "选项字母", "number": "数字", "yesno": "是/否"}
HINTS = {
    "date": "请写成 \"2026-03-05\" 或 \"2026年3月5日\" 的形式（带引号）",
    "choice": "请只写一个选项字母，如 \"B\"（带引号）",
    "number": "请只写一个数字，如 5000 或 \"5000\"（可带“元”“日”）",
    "yesno": "请写 \"是\" 或 \"否\"（带引号）",
}
_DATE = re.compile(r"^\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?\s*$")
_NUMBER = re.compile(r"^\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(?:元|日|天|个工作日|工作日|万元)?\s*$")
_YES = {"是", "对", "需要", "应当", "yes", "y", "true"}
_NO = {"否", "不", "不是", "不需要", "无需", "no", "n", "false"}


def 规范(value, kind: str):
    """The canonical form of an answer, or None when it is not well-formed."""
    if value is None or isinstance(value, bool) and kind != "yesno":
        return None
    text = str(value).strip().strip("（）()[]【】").strip()
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        m = _DATE.match(text)
        if not m:
            return None
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if kind == "choice":
        return text.upper() if re.fullmatch(r"[A-Fa-f]", text) else None
    if kind == "number":
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            m = _NUMBER.match(text)
            if not m:
                return None
            number = float(m[1].replace(",", "").replace("，", ""))
            if text.endswith("万元"):
                number *= 10_000
        return f"{number:g}" if number != int(number) else str(int(number))
    if kind == "yesno":
        if isinstance(value, bool):
            return "是" if value else "否"
        low = text.lower()
        return "是" if low in _YES else "否" if low in _NO else None
    raise ValueError(f"unknown answer kind {kind!r}")


def 检查格式(value, kind: str) -> None:
    """Say whether an answer is well-formed (not whether it is right); fail if it is not."""
    label = KIND_LABELS[kind]
    if value is None or str(value).strip() == "":
        raise AssertionError(f"尚未作答：请在上一格的引号内填写{label}。{HINTS[kind]}")
    canonical = 规范(value, kind)
    if canonical is None:
        raise AssertionError(f"格式不对：无法把 {value!r} 识别为{label}。{HINTS[kind]}")
    print(f"格式正确：已识别为{label} {canonical}（提交后评分，此处不显示对错）")


def 显示变体(name: str, trainee: str) -> None:
    """Show this trainee's own version of a question (seeded from their id)."""
    from .variants import render

    print(render(name, trainee))


def 变体答案(name: str, trainee: str) -> str:
    from .variants import answer

    return answer(name, trainee)
