"""Find a widget in an app's widget tree, as a browser test would find it on the page."""

from __future__ import annotations


def find(widget, match):
    """The first widget under ``widget`` (itself included) with the CSS class ``match`` (a str)
    or of the type ``match``; None if there is none."""
    hit = isinstance(widget, match) if isinstance(match, type) else match in getattr(widget, "_dom_classes", ())
    if hit:
        return widget
    for child in getattr(widget, "children", ()):
        found = find(child, match)
        if found is not None:
            return found
    return None
