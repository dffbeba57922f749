"""The one error boundary for widget callbacks: the apps, the course pages and the role-play widget.

Voilà and JupyterLab hide an exception raised in a widget callback (it goes to the browser's
console or the kernel log), so without this a failing button simply does nothing.
``guard(callback, notify)`` wraps a callback: a :class:`TiaojieError` or an expected OS/format
error is shown through ``notify`` as one Chinese line naming the field; anything else is a bug
whose full report is saved (:mod:`tiaojie.core.failures`) while the user reads one line and where
the report went. :class:`Alerts` binds every callback of one page through ``guard`` with that
page's message area. It lives in the core so that the course and role-play widgets (lower layers
than the apps) use the same boundary; the apps import it from :mod:`tiaojie.apps.boundary`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping

from .failures import error_field, user_message

Notify = Callable[[str, str], None]
"""Shows (one Chinese line, identifier of the field or "")."""

ERROR_CLASS = "tj-error"
MAX_SHOWN = 600     # characters of one error line on a page (a message may quote pasted input)


def guard(callback: Callable, notify: Notify, labels: "Mapping[str, str] | None" = None) -> Callable:
    """``callback`` with every exception turned into one line for ``notify``.

    ``labels`` (field identifier → label on the form) lets an error name the field as the form does.
    """

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - this is the boundary
            message, _report = user_message(exc, labels)
            notify(message, error_field(exc))
            return None

    return wrapper


def error_html(message: str, field: str = "") -> str:
    """The one way an error looks: an escaped line, announced by screen readers (role="alert").
    The field's identifier is kept as data for tools and tests, not shown."""
    if len(message) > MAX_SHOWN:
        message = message[:MAX_SHOWN - 1] + "…"
    data = f' data-field="{html.escape(field[:MAX_SHOWN])}"' if field else ""
    return (f'<p class="{ERROR_CLASS}" role="alert"{data} style="color:#b00020">'
            f"{html.escape(message)}</p>")


def html_notifier(widget) -> Notify:
    """A ``notify`` that writes the message, escaped, into an ``ipywidgets.HTML``."""

    def notify(message: str, field: str = "") -> None:
        widget.value = error_html(message, field)

    return notify


def app_page(build: Callable, *args):
    """What an app's notebook cell shows: ``build(*args)``, or, if building fails, the page's
    message area with the one line (a broken configuration names its file and field; a bug says
    where its report went) instead of the server's generic error page."""
    alerts = Alerts()
    app = alerts.wrap(build)(*args)
    return alerts.area if app is None else app


def in_output(output, action: Callable[[], None]) -> None:
    """Run ``action`` with its display captured by ``output`` (an ``ipywidgets.Output``).

    Inside a kernel an ``Output`` context prints an exception's traceback into the page and
    swallows it; here the exception leaves the context untouched and is raised afterwards, so the
    boundary reports it like any other and no traceback reaches the page.
    """
    failures: list[Exception] = []
    with output:
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - raised again below, outside the Output
            failures.append(exc)
    if failures:
        raise failures[0]


def message_area(cls: str = "tj-messages"):
    """A fresh, empty message area (an ``ipywidgets.HTML``) for a page's errors."""
    import ipywidgets as W

    area = W.HTML()
    area.add_class(cls)
    return area


class Alerts:
    """One page's message area and the binders that put each of its callbacks behind ``guard``.

    The area may be one the page already has (a tab's result panel, a status line); an error shown
    there is cleared when the next guarded callback starts, so it never outlives the action that
    caused it, while a result the page wrote stays.
    """

    def __init__(self, area=None, labels: "Mapping[str, str] | None" = None):
        self.area = area if area is not None else message_area()
        self.labels = labels
        self._write = html_notifier(self.area)
        self.showing_error = False

    def notify(self, message: str, field: str = "") -> None:
        self._write(message, field)
        self.showing_error = True

    def clear(self) -> None:
        """Remove an error shown here (anything else in the area stays)."""
        if self.showing_error:
            self.area.value = ""
            self.showing_error = False

    def wrap(self, callback: Callable) -> Callable:
        """``callback`` behind the boundary, clearing the previous error first."""

        @functools.wraps(callback)
        def fresh(*args, **kwargs):
            self.clear()
            return callback(*args, **kwargs)

        return guard(fresh, self.notify, self.labels)

    def on_click(self, button, callback: Callable) -> None:
        button.on_click(self.wrap(callback))

    def observe(self, widget, callback: Callable, names: str = "value") -> None:
        widget.observe(self.wrap(callback), names=names)
