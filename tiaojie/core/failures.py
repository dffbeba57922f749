"""What any boundary (the CLI's, the apps') says about an error, and where a bug's report goes.

An expected operating-system or format error becomes one Chinese line naming what failed; an
unexpected one (a bug) is written in full to ``<data dir>/crash-reports/`` (or the temporary
folder when the data directory is unusable) so that the user sees one line and a path.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path

from .errors import TiaojieError
from .settings import get_settings

EXPECTED = {
    OSError: "文件或目录操作失败 (file system error)",
    UnicodeError: "文本编码错误 (text encoding error)",
    sqlite3.DatabaseError: "数据库错误 (database error)",
    OverflowError: "数值或日期超出可计算范围 (value out of range)",
    RecursionError: "输入结构过于复杂 (input too complex)",
    MemoryError: "内存不足：输入或任务过大 (out of memory: input or task too large)",
}


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def expected_message(exc: BaseException) -> str | None:
    for kind, label in EXPECTED.items():
        if isinstance(exc, kind):
            where = getattr(exc, "filename", None)
            detail = getattr(exc, "strerror", None) or str(exc)
            return one_line(f"{label}{'：' + str(where) if where else ''}（{detail}）")
    return None


def write_report(exc: BaseException) -> Path:
    """Save the full traceback for the developers; the data directory if usable, else a temp dir."""
    text = "".join(traceback.format_exception(exc))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for folder in (lambda: get_settings().data_dir / "crash-reports", lambda: Path(tempfile.gettempdir())):
        try:
            d = folder()
            d.mkdir(parents=True, exist_ok=True)
            path = d / f"tiaojie-crash-{stamp}.txt"
            path.write_text(f"argv: {sys.argv}\n\n{text}", encoding="utf-8")
            return path
        except Exception:  # noqa: BLE001 - a report that cannot be written must not hide the error
            continue
    return Path("(未能保存 not saved)")


def error_field(exc: BaseException) -> str:
    """The identifier of the field a user error is about ("" when it names none)."""
    return str(getattr(exc, "field", "") or "") if isinstance(exc, TiaojieError) else ""


def user_message(exc: BaseException, labels: "Mapping[str, str] | None" = None) -> tuple[str, "Path | None"]:
    """(one line for the user, report path or None) for any exception.

    ``labels`` maps field identifiers to the Chinese labels a form shows: an error about a labelled
    field then reads 输入有误（<label>）：<what was expected>, its identifier left to the caller.
    """
    if isinstance(exc, TiaojieError):
        label = (labels or {}).get(error_field(exc), "")
        if label:
            return one_line(f"输入有误（{label}）：{getattr(exc, 'message', exc)}"), None
        return one_line(exc), None
    message = expected_message(exc)
    if message:
        return message, None
    report = write_report(exc)
    return f"内部错误：{type(exc).__name__}；完整报告已保存到 {report}", report
