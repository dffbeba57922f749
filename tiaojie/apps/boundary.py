"""The apps' one error boundary: a widget callback never fails silently or shows a traceback.

``guard(callback, notify)`` wraps a callback: a :class:`TiaojieError` or an expected OS/format
error is shown through ``notify`` as one Chinese line naming the field; anything else is a bug
whose full report is saved (``tiaojie.core.failures``) while the user reads one line and where
the report went. Voilà hides tracebacks; without this a failing button would simply do nothing.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

from ..core.failures import user_message


def guard(callback: Callable, notify: Callable[[str], None]) -> Callable:
    """``callback`` with every exception turned into one line for ``notify``."""

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - this is the boundary
            message, _report = user_message(exc)
            notify(message)
            return None

    return wrapper


def html_notifier(widget) -> Callable[[str], None]:
    """A ``notify`` that writes the message, escaped, into an ``ipywidgets.HTML``."""

    def notify(message: str) -> None:
        widget.value = f'<p class="tj-error" role="alert">{html.escape(message)}</p>'

    return notify
