"""The request budget of a paged collector (OAI-PMH, OpenAlex, Crossref): ``max_requests`` per run.

Each request is counted before it is sent (``stats["requests"]``); once the budget is spent,
:meth:`RequestBudget.spend` raises :class:`BudgetExhausted` and sets ``stats["budget_exhausted"]``.
What a collector does then is its own: OpenAlex keeps the page cursor to resume from, Crossref
moves its cursor as far as it got, OAI-PMH fails the source without moving its cursor.
"""

from __future__ import annotations

from typing import Any


class BudgetExhausted(Exception):
    """The run's request budget is spent."""


class RequestBudget:
    """Requests one collector may still send in this run."""

    def __init__(self, limit: int, stats: dict[str, Any]):
        self.limit, self.stats, self.used = limit, stats, 0

    def spend(self) -> None:
        """Count one request about to be sent; :class:`BudgetExhausted` when none is left."""
        if self.used >= self.limit:
            self.stats["budget_exhausted"] = True
            raise BudgetExhausted(f"request budget of {self.limit} exhausted")
        self.used += 1
        self.stats["requests"] = self.used


__all__ = ["BudgetExhausted", "RequestBudget"]
