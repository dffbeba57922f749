"""The CLI's one error boundary: no traceback ever reaches a user.

- A :class:`TiaojieError` (bad input, bad file, bad setting) → one line naming the file or field,
  exit code 2.
- An expected operating-system or format error (a file that cannot be read or written, a broken
  database, a value too large to compute with) → one line saying what failed, exit code 2.
- Anything else is a bug: one line saying so and where the full report was written, exit 70.
- Click's own usage errors keep Click's message and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path

import click

from ..core.errors import TiaojieError
from ..core.settings import get_settings

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


def _expected_message(exc: BaseException) -> str | None:
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


def run(command: click.Command, prog_name: str = "tiaojie", args: "list[str] | None" = None) -> int:
    """Run ``command`` inside the boundary and return the exit code."""
    try:
        command.main(args=args, prog_name=prog_name, standalone_mode=False)
        return 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("已取消 aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except TiaojieError as exc:
        click.echo(f"错误 error: {one_line(exc)}", err=True)
        return 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except KeyboardInterrupt:
        click.echo("已中断 interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - this is the boundary
        message = _expected_message(exc)
        if message:
            click.echo(f"错误 error: {message}", err=True)
            return 2
        report = write_report(exc)
        click.echo(f"内部错误 internal error: {type(exc).__name__}；完整报告已保存到 full report: {report}", err=True)
        return 70
