"""The CLI's one error boundary: no traceback ever reaches a user.

- A :class:`TiaojieError` (bad input, bad file, bad setting) → one line naming the file or field,
  exit code 2.
- An expected operating-system or format error (a file that cannot be read or written, a broken
  database, a value too large to compute with) → one line saying what failed, exit code 2.
- Anything else is a bug: one line saying so and where the full report was written, exit 70.
- Click's own usage errors keep Click's message and exit code 2.

The boundary sits in the group itself (:class:`BoundaryGroup`), so a command behaves the same
from the console script and from Click's test runner; :func:`run` adds what only a process
needs (Ctrl-C, a bare ``sys.exit``).
"""

from __future__ import annotations

import click

from ..core.failures import user_message

PASS_THROUGH = (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt)


def report(exc: BaseException) -> int:
    """Say what went wrong in one line on stderr (the apps' wording) and return the exit code:
    2 for a user or expected error, 70 for a bug (its full report saved)."""
    message, saved = user_message(exc)
    click.echo(f"错误 error: {message}", err=True)
    return 2 if saved is None else 70


class BoundaryGroup(click.Group):
    """A Click group whose commands' errors go through :func:`report`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PASS_THROUGH:
            raise
        except Exception as exc:  # noqa: BLE001 - this is the boundary
            ctx.exit(report(exc))


def run(command: click.Command, prog_name: str = "tiaojie", args: "list[str] | None" = None) -> int:
    """Run ``command`` inside the boundary and return the exit code."""
    try:
        code = command.main(args=args, prog_name=prog_name, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("已取消 aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except KeyboardInterrupt:
        click.echo("已中断 interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - outside any command (e.g. while parsing)
        return report(exc)
