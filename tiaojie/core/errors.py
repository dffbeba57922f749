"""Errors the suite reports to users: each names the file or field at fault, in one line.

Every error a user may cause derives from :class:`TiaojieError`; the CLI and the apps turn them
into one line (Chinese message, identifier of the field) and never show a traceback.
"""

from __future__ import annotations


class TiaojieError(Exception):
    """Base of every error the suite reports to a user."""


class RulesInputError(TiaojieError, ValueError):
    """An input to a rule is invalid. ``field`` names it; ``message`` says what was expected."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class CalendarCoverageError(RulesInputError):
    """A working-day question about a year the holiday calendar does not know."""


class FileFieldError(TiaojieError):
    """A file the suite reads is missing, unreadable or wrong at ``field``."""

    def __init__(self, path: str, field: str, message: str):
        self.path = path
        self.field = field
        self.message = message
        super().__init__(f"{path}: {field}: {message}")


class ConfigError(FileFieldError):
    """The practice configuration file is missing, malformed or mistyped."""


class ContentError(FileFieldError):
    """A content file (case, script, scenario, course, assessment) is malformed."""


class SettingsError(FileFieldError):
    """A setting (data directory, content root, configuration path) cannot be used."""


class EngineError(TiaojieError):
    """A role-play script cannot be played from this state (bad choice, finished attempt)."""


class RoleplayError(TiaojieError):
    """A role-play request cannot be carried out (unknown attempt, no script for a case)."""

    def __init__(self, message: str, field: str = "roleplay"):
        self.field = field
        self.message = message
        super().__init__(message)
