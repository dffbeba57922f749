"""The limit on the exact searches of :mod:`tiaojie.roleplay.explore`, and the work they did."""

from __future__ import annotations

SEARCH_LIMIT = 200_000   # distinct states one exact search may visit; beyond, a script is too large


class SearchTooLarge(Exception):
    pass


class Budget:
    """The limit on the distinct states of one exact search, and the states visited in all."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
