"""Files people download: CSV that opens correctly in Excel, and the data package descriptor.

Shared by the local file catalog and the CKAN publisher so both serve identical bytes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from transforms.parquet import atomic_path, write_bytes_atomic

BOM = b"\xef\xbb\xbf"
# Cells starting with these are run as formulas by spreadsheet programs (CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def csv_safe(table: pa.Table) -> pa.Table:
    """Text columns made formula-safe (prefix "'"), list columns joined with '; '."""
    cols = []
    for name, col in zip(table.column_names, table.columns):
        t = col.type
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            col = pc.binary_join(col.cast(pa.list_(pa.string())), "; ")
            t = pa.string()
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            risky = pc.match_substring_regex(col, _FORMULA_START)
            col = pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", col, ""), col)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def write_csv(table: pa.Table, path: Path | str) -> bool:
    """UTF-8 CSV with BOM, formula-safe; atomic; untouched if the bytes would not change."""
    sink = pa.BufferOutputStream()
    sink.write(BOM)
    pacsv.write_csv(csv_safe(table), sink, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    return write_bytes_atomic(path, sink.getvalue().to_pybytes())


def write_csv_stream(table: pa.Table, path: Path | str) -> None:
    """Like write_csv for large tables: streams batches to disk instead of building in memory."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(BOM)
        safe = csv_safe(table)
        with pacsv.CSVWriter(f, safe.schema, write_options=pacsv.WriteOptions(quoting_style="needed")) as w:
            for batch in safe.to_batches(max_chunksize=50_000):
                w.write_batch(batch)


def datapackage(package: dict[str, Any], resources: dict[str, str]) -> dict[str, Any]:
    """Frictionless Data Package descriptor for one dataset (Table Schema from the canonical schema)."""
    schema = {"fields": package["data_dictionary"]}
    if package.get("primary_key"):
        schema["primaryKey"] = package["primary_key"]
    res = []
    if "csv" in resources:
        res.append({"name": package["table"], "path": resources["csv"], "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": schema})
    if "parquet" in resources:
        res.append({"name": f"{package['table']}-parquet", "path": resources["parquet"], "format": "parquet",
                    "mediatype": "application/vnd.apache.parquet", "schema": schema})
    return {
        "profile": "tabular-data-package",
        "name": package["name"],
        "title": package["title"],
        "description": package["notes"],
        "x_title_en": package["title_en"],
        "x_description_en": package["notes_en"],
        "version": package["version"],
        "licenses": [{"name": package["license_id"]}],
        "keywords": [t["name"] for t in package["tags"]],
        "temporal": {"start": package["temporal_start"], "end": package["temporal_end"]},
        "spatial": package["spatial_coverage"],
        "contributors": [{"title": package["contact_name"], "email": package["contact_email"], "role": "publisher"}],
        "resources": res,
    }


def write_json(obj: Any, path: Path | str) -> bool:
    data = (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
    return write_bytes_atomic(path, data)
