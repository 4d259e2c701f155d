"""The warehouse side of a CKAN publish: what we know of a table without holding its rows, its
Parquet read in batches, and the datastore records made from them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from catalog import exports
from catalog import package as pkg
from config.loader import ProvinceConfig
from transforms.parquet import file_sha256

UPSERT_BATCH = 10_000


@dataclass
class LocalTable:
    """What we know about a warehouse table without holding its rows."""

    table: str
    path: Path
    sha256: str
    rows: int
    coverage: pkg.Coverage
    package: dict[str, Any]  # package.build_package output
    datapackage: bytes


# Row count and period of a warehouse table: one implementation for both catalogs.
table_coverage = exports.table_coverage


def datapackage_bytes(package: dict[str, Any]) -> bytes:
    """The datapackage.json bytes for a dataset (same formatting as exports.write_json)."""
    base = pkg.TABLE_SLUGS[package["table"]]
    obj = exports.datapackage(package, {"csv": f"{base}.csv", "parquet": f"{base}.parquet"})
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_local(cfg: ProvinceConfig, table: str, path: Path, note: tuple[str, str] = ("", "")) -> LocalTable:
    path = Path(path)
    cov = replace(table_coverage(table, path), note_vi=note[0], note_en=note[1])
    package = pkg.build_package(cfg, table, cov)
    return LocalTable(table, path, file_sha256(path), cov.rows, cov, package, datapackage_bytes(package))


def to_records(batch: pa.RecordBatch | pa.Table) -> list[dict[str, Any]]:
    """Datastore records of an Arrow batch: timestamps ISO, lists JSON text, NaN as null, text
    formula-safe (exports.defuse)."""
    names = batch.schema.names
    cols: list[list[Any]] = []
    for name in names:
        col = batch.column(name)
        t = col.type
        if pa.types.is_dictionary(t):  # decoded: the datastore stores the values
            col = col.cast(t.value_type)
            t = col.type
        if pa.types.is_timestamp(t):
            iso = pc.strftime(col, format="%Y-%m-%dT%H:%M:%S")
            cols.append(pc.replace_substring_regex(iso, r"\.0+$", "").to_pylist())
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            cols.append([None if v is None else json.dumps(v, ensure_ascii=False) for v in col.to_pylist()])
        elif pa.types.is_floating(t):
            cols.append([None if v is None or math.isnan(v) else v for v in col.to_pylist()])
        elif pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
            # formula-safe: the datastore's CSV export (/datastore/dump) is a public CSV too
            cols.append(exports.defuse(col).to_pylist())
        else:
            cols.append(col.to_pylist())
    return [dict(zip(names, row)) for row in zip(*cols)]


def iter_arrow_batches(
    path: Path, keys: pa.Array | None, key: str, batch_rows: int = UPSERT_BATCH
) -> Iterator[pa.Table]:
    """Rows of a Parquet file (only those whose key is in `keys`, when given) as Arrow tables of
    `batch_rows` rows (the last one shorter), read batch by batch."""
    pf = pq.ParquetFile(path)
    pending: list[pa.RecordBatch] = []
    n = 0
    for batch in pf.iter_batches(batch_size=batch_rows):
        if keys is not None:
            batch = batch.filter(pc.is_in(batch.column(key), value_set=keys))
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        n += batch.num_rows
        while n >= batch_rows:
            t = pa.Table.from_batches(pending).combine_chunks()
            yield t.slice(0, batch_rows)
            rest = t.slice(batch_rows)
            pending, n = rest.to_batches(), rest.num_rows
    if n:
        yield pa.Table.from_batches(pending)


def iter_record_batches(
    path: Path, keys: pa.Array | None, key: str, batch_rows: int = UPSERT_BATCH
) -> Iterator[list[dict[str, Any]]]:
    """Rows of a Parquet file (only those whose key is in `keys`, when given) as record batches."""
    for t in iter_arrow_batches(path, keys, key, batch_rows):
        yield to_records(t)
