"""What a publish did, per dataset and in all; the errors that stop a dataset or the publish."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class PublishError(RuntimeError):
    """A publish stopped: names the dataset; `report` holds what was done before."""

    def __init__(self, message: str, dataset: str, report: "PublishReport | None" = None):
        super().__init__(message)
        self.dataset = dataset
        self.report = report


@dataclass
class DatasetReport:
    table: str
    name: str
    outcome: str = "unchanged"  # created | updated | unchanged | deleted | errored
    rows_added: int = 0
    rows_changed: int = 0
    rows_deleted: int = 0
    resources_created: int = 0
    resources_updated: int = 0
    resources_deleted: int = 0
    views_created: int = 0
    error: str = ""
    error_details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    datastore_seconds: float = 0.0  # time spent loading rows (read, convert, send, CKAN)


@dataclass
class PublishReport:
    organization: str
    dry_run: bool = False
    org_created: bool = False
    datasets: list[DatasetReport] = field(default_factory=list)
    write_calls: int = 0
    seconds: float = 0.0
    plan: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.outcome == "errored" for d in self.datasets)

    @property
    def errors(self) -> list[DatasetReport]:
        return [d for d in self.datasets if d.outcome == "errored"]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        return d


class PlanError(RuntimeError):
    """A dataset the plan found unpublishable (e.g. duplicate primary keys)."""


class CheckError(RuntimeError):
    """A staged dataset failed its check (row count) and stays private."""
