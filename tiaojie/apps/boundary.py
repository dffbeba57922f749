"""The apps' error boundary: every widget callback of every app is bound through :class:`Alerts`.

A :class:`TiaojieError` or an expected OS/format error shows as one Chinese line naming the field
in the app's message area (``role="alert"``); a bug shows one line and where its full report was
saved. The boundary itself lives in :mod:`tiaojie.core.widget_boundary` so that the course and
role-play widgets, which the apps embed, use the very same one.
"""

from __future__ import annotations

from ..core.widget_boundary import Alerts, app_page, error_html, guard, html_notifier, in_output, message_area

__all__ = ["Alerts", "app_page", "error_html", "guard", "html_notifier", "in_output", "message_area"]
