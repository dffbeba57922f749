"""Enumerations whose members carry a Chinese label for users and aliases a user may type."""

from __future__ import annotations

from enum import Enum

from .errors import RulesInputError


class LabelledEnum(str, Enum):
    """A string enum whose members carry a Chinese label and accepted aliases."""

    def __new__(cls, value: str, label: str, *aliases: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.aliases = (label, *aliases)
        return obj

    def __str__(self) -> str:  # identifiers in JSON and logs
        return self.value

    @classmethod
    def parse(cls, text: "str | LabelledEnum", field: str | None = None):
        """Return the member named by ``text`` (identifier or Chinese name).

        Raises :class:`RulesInputError` naming ``field`` and listing what is accepted.
        """
        if isinstance(text, cls):
            return text
        key = str(text).strip()
        for member in cls:
            if key == member.value or key in member.aliases:
                return member
        accepted = "、".join(f"{m.label}({m.value})" for m in cls)
        raise RulesInputError(field or cls.field_name(), f"未知取值“{key}”；可选：{accepted}")

    @classmethod
    def field_name(cls) -> str:
        return cls.__name__.lower()

    @classmethod
    def choices(cls) -> list[str]:
        """Identifiers and Chinese names, for CLI help."""
        out: list[str] = []
        for m in cls:
            out.extend([m.value, m.label])
        return out
