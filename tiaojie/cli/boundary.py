"""The CLI's one error boundary: no traceback ever reaches a user.

- A :class:`TiaojieError` (bad input, bad file, bad setting) → one line naming the file or field,
  exit code 2.
- An expected operating-system or format error (a file that cannot be read or written, a broken
  database, a value too large to compute with) → one line saying what failed, exit code 2.
- Anything else is a bug: one line saying so and where the full report was written, exit 70.
- Click's own usage errors keep Click's message and exit code 2.
"""

from __future__ import annotations

import click

from ..core.errors import TiaojieError
from ..core.failures import expected_message, one_line, write_report

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
        message = expected_message(exc)
        if message:
            click.echo(f"错误 error: {message}", err=True)
            return 2
        report = write_report(exc)
        click.echo(f"内部错误 internal error: {type(exc).__name__}；完整报告已保存到 full report: {report}", err=True)
        return 70
