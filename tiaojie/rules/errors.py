"""Errors the rules raise: each names the field at fault, in a form one line can show."""

from __future__ import annotations


class TiaojieError(Exception):
    """Base of every error the suite reports to a user."""


class RulesInputError(TiaojieError, ValueError):
    """An input to a rule is invalid. ``field`` names it; ``message`` says what was expected."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ConfigError(TiaojieError):
    """The practice configuration file is missing, malformed or mistyped."""

    def __init__(self, path: str, field: str, message: str):
        self.path = path
        self.field = field
        self.message = message
        super().__init__(f"{path}: {field}: {message}")


class CalendarCoverageError(RulesInputError):
    """A working-day question about a year the holiday calendar does not know."""
