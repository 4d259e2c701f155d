"""Publications, entry points: records -> normalized -> deduplicated -> linked to tasks -> the
``publications`` table and its rejects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from transforms import schemas
from transforms.publications.dedup import dedup_owned, record_hash
from transforms.publications.link import LINK_MIN_CONFIDENCE, link_tasks
from transforms.publications.normalize import normalize_columns, previous_to_rows, records_to_columns


# ----------------------------------------------------------------------------- entry points


@dataclass
class PublicationsResult:
    publications: pa.Table
    rejects: pa.Table
    links: pa.Table


def _chunks(records: list[dict], size: int) -> Iterator[list[dict]]:
    for k in range(0, len(records), size):
        yield records[k : k + size]


def build_publications(
    records: Iterable[dict],
    tasks_table: pa.Table | None,
    ctx: Any = None,
    *,
    previous: pa.Table | None = None,
    today: dt.date | None = None,
) -> PublicationsResult:
    """Normalize, deduplicate, link and conform publication records.

    `previous` is the last published publications table: its rows join the clusters (so
    pub_ids stay stable) and OAI-PMH tombstones mark them deleted.
    """
    reject_dicts: list[dict] = []
    parts: list[pa.Table] = []
    recs = list(records)
    for chunk in _chunks(recs, 50_000):
        cols, rej = records_to_columns(chunk)
        reject_dicts.extend(rej)
        parts.append(normalize_columns(cols, source_rejects=reject_dicts, today=today))
    return build_from_rows(parts, tasks_table, ctx, previous=previous, rejects=reject_dicts)


def build_from_rows(
    parts: list[pa.Table],
    tasks_table: pa.Table | None,
    ctx: Any = None,
    *,
    previous: pa.Table | None = None,
    rejects: list[dict] | None = None,
) -> PublicationsResult:
    """Dedup, link and conform already normalized rows (chunks from `normalize_columns`; the
    list is emptied so that the chunks can be freed as soon as they are merged)."""
    run_id = getattr(ctx, "run_id", None)
    taken = list(parts)
    if isinstance(parts, list):
        parts.clear()  # consume the caller's chunks: memory is the limit at scale
    parts = taken
    if previous is not None and previous.num_rows:
        parts.append(previous_to_rows(previous))
    holder = [pa.concat_tables(parts) if parts else normalize_columns(records_to_columns([])[0])]
    del parts, taken  # the rows are now held by `holder` alone
    merged = dedup_owned(holder)
    has_f = pc.is_valid(merged.column("funding_text"))
    funding = {
        pid: f
        for pid, f in zip(
            merged.column("pub_id").filter(has_f).to_pylist(), merged.column("funding_text").filter(has_f).to_pylist()
        )
        if f
    }
    links = link_tasks(merged, tasks_table, funding)
    strong = links.filter(pc.greater_equal(links.column("confidence"), LINK_MIN_CONFIDENCE))
    by_pub: dict[str, list[str]] = {}
    for pid, tid in zip(strong.column("pub_id").to_pylist(), strong.column("task_id").to_pylist()):
        by_pub.setdefault(pid, []).append(tid)
    merged = merged.drop_columns(["funding_text"])
    # Sorted by pub_id in 50k-row pieces, copied column by column, each column of `merged`
    # dropped once copied and each piece dropped once conformed: the unsorted table, the sorted
    # one and the conformed output are never all whole at once.
    order = pc.sort_indices(merged.column("pub_id"))
    bounds = range(0, merged.num_rows, 50_000)
    names = merged.column_names
    pieces: list[list[Any]] = [[] for _ in bounds]
    for name in names:
        col = merged.column(name)
        for piece, off in zip(pieces, bounds):
            piece.append(col.take(order.slice(off, 50_000)))
        del col
        merged = merged.drop_columns([name])
    del merged, order
    out: list[pa.Table] = []
    pieces.reverse()
    while pieces:
        rows_py = pa.Table.from_arrays(pieces.pop(), names=names).to_pylist()
        for row in rows_py:
            row["task_ids"] = sorted(by_pub.get(row["pub_id"], []))
            row["record_hash"] = record_hash(row)
        out.append(schemas.conform("publications", rows_py))
        del rows_py
    pubs = pa.concat_tables(out) if out else schemas.empty_table("publications")
    return PublicationsResult(pubs, rejects_table(rejects or [], run_id), links)


def to_publications(
    records: list[dict], tasks_table: pa.Table | None, ctx: Any = None, *, previous: pa.Table | None = None
) -> tuple[pa.Table, pa.Table]:
    """(publications, rejects), both conformed to the canonical schemas."""
    res = build_publications(records, tasks_table, ctx, previous=previous)
    return res.publications, res.rejects


def rejects_table(rejects: list[dict], run_id: str | None) -> pa.Table:
    """Reject dicts as a REJECTS table."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    rows = [
        {
            "source": r.get("source") or "unknown",
            "table": r.get("table", "publications"),
            "record_ref": r.get("record_ref"),
            "stage": r.get("stage") or "extract",
            "field": r.get("field"),
            "reason": r.get("reason") or "unspecified",
            "raw_value": r.get("raw_value"),
            "run_id": run_id,
            "rejected_at": now,
        }
        for r in rejects
    ]
    return schemas.conform("rejects", rows) if rows else schemas.empty_table("rejects")
