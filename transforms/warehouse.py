"""The warehouse: canonical tables as Parquet under var/warehouse, and what changed since last run.

Change detection compares each row's `record_hash` with the previous version of the table,
keyed by the primary key: a row is added, changed, unchanged, or (absent now) deleted.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from transforms import schemas
from transforms.parquet import read_table, write_table

log = logging.getLogger(__name__)

# Columns that describe the run rather than the data; ignored when deciding whether rejects changed.
_REJECT_RUN_COLUMNS = ("run_id", "rejected_at")


@dataclass
class TableDiff:
    """Row counts of a table against its previous version."""

    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    written: bool = False
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def table_path(warehouse: Path, table: str) -> Path:
    return warehouse / table / f"{table}.parquet"


def _key(table: pa.Table, name: str) -> pa.Array:
    pk = schemas.PRIMARY_KEYS[name]
    if len(pk) == 1:
        return table.column(pk[0]).combine_chunks()
    return pc.binary_join_element_wise(*[table.column(k).cast(pa.string()) for k in pk], "\x1f")


def _sources(table: pa.Table, name: str) -> list[str | None]:
    if "source" in table.column_names:
        return table.column("source").to_pylist()
    if "sources" in table.column_names:
        return [(s[0] if s else None) for s in table.column("sources").to_pylist()]
    return [None] * table.num_rows


def diff_tables(name: str, old: pa.Table | None, new: pa.Table) -> TableDiff:
    """Added / changed / unchanged / deleted rows of `new` against `old`, overall and per source."""
    d = TableDiff(rows=new.num_rows)
    new_keys = _key(new, name).to_pylist()
    new_hash = new.column("record_hash").to_pylist()
    new_src = _sources(new, name)
    old_map: dict = {}
    old_src: dict = {}
    if old is not None and old.num_rows:
        for k, h, s in zip(_key(old, name).to_pylist(), old.column("record_hash").to_pylist(), _sources(old, name)):
            old_map[k] = h
            old_src[k] = s

    def bump(src: str | None, what: str) -> None:
        bucket = d.by_source.setdefault(src or "(none)", {"added": 0, "changed": 0, "unchanged": 0, "deleted": 0})
        bucket[what] += 1

    seen = set()
    for k, h, s in zip(new_keys, new_hash, new_src):
        seen.add(k)
        if k not in old_map:
            d.added += 1
            bump(s, "added")
        elif old_map[k] != h:
            d.changed += 1
            bump(s, "changed")
        else:
            d.unchanged += 1
            bump(s, "unchanged")
    for k in old_map.keys() - seen:
        d.deleted += 1
        bump(old_src.get(k), "deleted")
    return d


# Columns that say when a row was seen, not what it says.
_VOLATILE = ("fetched_at",)


def carry_over(name: str, old: pa.Table | None, new: pa.Table) -> pa.Table:
    """Keep the stored `fetched_at` of rows whose content (record_hash) did not change.

    `fetched_at` then means "when this version of the record was first fetched": an idle
    night leaves the table — and its file — byte for byte the same.
    """
    cols = [c for c in _VOLATILE if c in new.column_names]
    pk = schemas.PRIMARY_KEYS.get(name) or ()
    if (
        old is None
        or not old.num_rows
        or not new.num_rows
        or not cols
        or not pk
        or "record_hash" not in new.column_names
    ):
        return new
    keep = old.select([*pk, "record_hash", *cols]).rename_columns([*pk, "record_hash", *[f"__old_{c}" for c in cols]])
    # Join on keys only (Acero cannot carry list columns through a join), then take by row index.
    idx = new.select([*pk, "record_hash"]).append_column("__i", pa.array(range(new.num_rows), pa.int64()))
    joined = idx.join(keep, keys=[*pk, "record_hash"], join_type="left outer", use_threads=False).sort_by("__i")
    out = new
    for c in cols:
        old_col = joined.column(f"__old_{c}").cast(new.schema.field(c).type)
        out = out.set_column(out.column_names.index(c), new.schema.field(c), pc.coalesce(old_col, new.column(c)))
    return out


def store(warehouse: Path, name: str, table: pa.Table) -> TableDiff:
    """Diff a canonical table against the stored one and write it (atomically, only if changed)."""
    path = table_path(warehouse, name)
    old = read_table(path)
    table = carry_over(name, old, table)
    d = diff_tables(name, old, table)
    d.written = write_table(table, path)
    log.info(
        "warehouse %s: %d rows (+%d ~%d =%d -%d)%s",
        name,
        d.rows,
        d.added,
        d.changed,
        d.unchanged,
        d.deleted,
        "" if d.written else ", file unchanged",
    )
    return d


def store_rejects(rejects_dir: Path, rejects: pa.Table, tables: tuple[str, ...]) -> dict[str, int]:
    """Rejects as var/rejects/<table>.parquet, one file per target table; counts per 'source|table'.

    A file is rewritten only when its rejects differ in more than the run columns, so the same
    bad records night after night keep the file (and the run that first saw them).
    """
    names = {t for t in rejects.column("table").to_pylist() if t} if rejects.num_rows else set()
    for t in sorted(names | {t for t in tables if (rejects_dir / f"{t}.parquet").exists()}):
        part = rejects.filter(pc.equal(rejects.column("table"), t)) if t in names else schemas.empty_table("rejects")
        path = rejects_dir / f"{t}.parquet"
        old = read_table(path)
        run_cols = list(_REJECT_RUN_COLUMNS)
        if old is None or not old.drop_columns(run_cols).equals(part.drop_columns(run_cols)):
            write_table(part, path)
    counts: dict[str, int] = {}
    for s, t in zip(rejects.column("source").to_pylist(), rejects.column("table").to_pylist()):
        counts[f"{s}|{t}"] = counts.get(f"{s}|{t}", 0) + 1
    return counts
