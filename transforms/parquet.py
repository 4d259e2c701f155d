"""Atomic, change-aware Parquet writes for the warehouse.

A file is written through transforms/atomic.py (a temporary name, then os.replace), so a crash
never leaves half a file. When the new content equals what is already there (same canonical
bytes) the old file is left untouched: same hash, same modification time, which is what makes a
no-change nightly run a true no-op.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.atomic import atomic_path

PARQUET_OPTIONS = dict(compression="zstd", use_dictionary=True, write_statistics=True)


def content_hash(table: pa.Table) -> str:
    """Hash of a table's logical content (schema + rows), independent of file encoding."""
    h = hashlib.sha256()
    h.update(table.schema.remove_metadata().to_string().encode())
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema.remove_metadata()) as w:
        for batch in table.combine_chunks().to_batches():
            w.write_batch(batch)
    h.update(sink.getvalue().to_pybytes())
    return h.hexdigest()


def file_sha256(path: Path | str, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while b := f.read(chunk):
            h.update(b)
    return h.hexdigest()


def write_table(table: pa.Table, path: Path | str) -> bool:
    """Write a table to Parquet atomically; leave the file alone if its content is unchanged.

    Returns True when the file was (re)written.
    """
    path = Path(path)
    new_hash = content_hash(table)
    if path.exists():
        try:
            old = pq.read_table(path)
        except (OSError, pa.ArrowInvalid):
            old = None  # unreadable (e.g. truncated by an outside process): rewrite it
        if old is not None and old.schema.names == table.schema.names:
            try:
                old = old.cast(table.schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                old = None  # the schema moved on: rewrite
            if old is not None and content_hash(old) == new_hash:
                return False
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, **PARQUET_OPTIONS)
    return True


def read_table(path: Path | str) -> pa.Table | None:
    path = Path(path)
    return pq.read_table(path) if path.exists() else None
