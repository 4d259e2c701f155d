"""Shapes shared by every extractor: the context a source runs in and its failures.

See docs/DESIGN.md for the raw record dict that extractors yield.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SourceError(RuntimeError):
    """A whole source failed (unreachable, disallowed, breakage alarm). Names the source and URL."""

    def __init__(self, source: str, message: str, url: str | None = None):
        self.source, self.url = source, url
        where = f" ({url})" if url else ""
        super().__init__(f"source {source!r}{where}: {message}")


@dataclass
class ExtractContext:
    """What an extractor gets besides its SourceConfig."""

    session: Any  # extractors.http.HttpSession
    run_id: str
    var_dir: Path = Path("var")
    cursor: Any = None  # state stored after the last successful publish
    new_cursor: Any = None  # set by the extractor; committed by the flow after publish
    offline: bool = False  # re-parse the raw archive, no network
    secrets: dict[str, str] = field(default_factory=dict)  # resolved by the flow (env var / Secret block)
    stats: dict[str, Any] = field(default_factory=dict)  # pages fetched, not-modified, bytes…


def reject(
    source: str,
    record_ref: str,
    stage: str,
    reason: str,
    *,
    field: str | None = None,
    raw_value: str | None = None,
    table: str = "tasks",
) -> dict:
    """A record-level failure, yielded by extractors instead of raised."""
    return {
        "reject": True,
        "table": table,
        "source": source,
        "record_ref": record_ref,
        "stage": stage,
        "field": field,
        "reason": reason,
        "raw_value": None if raw_value is None else str(raw_value)[:2000],
    }
