"""Files people download: CSV that opens correctly in Excel, and the data package descriptor.

Shared by the local file catalog and the CKAN publisher so both serve identical bytes.

Two audiences: Parquet and the CKAN datastore keep machine column names and codes; the CSV is
for people (`public_table`): Vietnamese headers and values, no *_raw, hash or provenance
columns, lists joined with '; ' and cleaned. `datapackage` describes both and maps one to the
other. Every text cell any export produces is formula-safe (`defuse`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from catalog import package as pkg
from transforms import schemas
from transforms.fields import field_name
from transforms.atomic import atomic_path, write_bytes_atomic

BOM = b"\xef\xbb\xbf"
# CSV injection (OWASP): a cell starting with = + - @, a tab or a carriage return is run as a
# formula by spreadsheet programs; so are the full-width forms ＝＋－＠, and all of them after
# leading blanks (space, tab, no-break and ideographic spaces). RE2 syntax (Arrow).
_FORMULA_START = "^(?:[\t\r]|[ \t\r\n\u00a0\u3000]*[=+\\-@\uff1d\uff0b\uff0d\uff20])"
LIST_SEPARATOR = "; "


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _is_list(t: pa.DataType) -> bool:
    return (
        pa.types.is_list(t)
        or pa.types.is_large_list(t)
        or pa.types.is_fixed_size_list(t)
        or pa.types.is_list_view(t)
        or pa.types.is_large_list_view(t)
    )


def defuse(col: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A text column made formula-safe: risky cells get a leading "'" (any string type,
    dictionary-encoded included; other types are returned as they are)."""
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.cast(t.value_type)
        t = col.type
    if not _is_text(t):
        return col
    if pa.types.is_string_view(t):
        col, t = col.cast(pa.string()), pa.string()
    risky = pc.fill_null(pc.match_substring_regex(col, _FORMULA_START), False)
    return pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'", t), col, pa.scalar("", t)), col)


def csv_safe(table: pa.Table) -> pa.Table:
    """Text columns made formula-safe (prefix "'"), list columns joined with '; '."""
    cols = []
    for col in table.columns:
        t = col.type
        if _is_list(t):
            col = pc.binary_join(col.cast(pa.list_(pa.string())), LIST_SEPARATOR)
        cols.append(defuse(col))
    return pa.table(cols, names=table.column_names)


# --------------------------------------------------------------------------- the people's table

_BRACKETS = re.compile(r"^\s*[\[(]\s*(.*?)\s*[\])]\s*$")


def clean_list(items: list[str] | None) -> list[str]:
    """A list as people read it: blanks and wrapping brackets dropped, each item once (case- and
    space-insensitive), and an item dropped when a longer one starts with it and a comma
    ('Viện Chăn nuôi' beside 'Viện Chăn nuôi, Bắc Kạn, Việt Nam')."""
    seen: dict[str, str] = {}
    for item in items or []:
        if item is None:
            continue
        m = _BRACKETS.match(item)
        text = " ".join((m.group(1) if m else item).split())
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    keys = list(seen)
    return [seen[k] for k in keys if not any(o != k and o.startswith(k + ",") for o in keys)]


def _relabel(table_name: str, name: str, col: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    """Coded values as people read them ('provincial' -> 'Cấp tỉnh'); others kept."""
    if name == "field_code" and table_name == "tasks":
        # per distinct code: 401 -> '401 Trồng trọt'
        codes = [c for c in pc.unique(col).to_pylist() if c is not None]
        mapping = {c: (f"{c} {field_name(c)}" if field_name(c) else c, "") for c in codes}
    else:
        mapping = schemas.VALUE_LABELS.get(table_name, {}).get(name) or {}
    if not mapping:
        return col
    keys = list(mapping)
    idx = pc.index_in(col, value_set=pa.array(keys, type=col.type))
    labelled = pc.take(pa.array([mapping[k][0] for k in keys], pa.string()), idx)
    return pc.coalesce(labelled, col.cast(pa.string()))


def public_table(table_name: str, table: pa.Table) -> pa.Table:
    """The people's table: the labelled columns only, Vietnamese headers and values, clean lists.

    Tables without labels (none today) are returned as they are."""
    labels = schemas.LABELS.get(table_name)
    if not labels:
        return table
    values = schemas.VALUE_LABELS.get(table_name, {})
    cols, names = [], []
    for name, (vi, _en) in labels.items():
        if name not in table.column_names:
            continue
        col = table.column(name)
        if _is_list(col.type):
            lists = [clean_list(v) for v in col.to_pylist()]
            if name in values:
                lists = [[str(schemas.value_label(table_name, name, x)) for x in v] for v in lists]
            col = pa.array([LIST_SEPARATOR.join(v) for v in lists], pa.string())
        else:
            col = _relabel(table_name, name, col)
        cols.append(col)
        names.append(vi)
    return pa.table(cols, names=names)


def _csv_bytes_writer(f: Any, schema: pa.Schema) -> pacsv.CSVWriter:
    return pacsv.CSVWriter(f, schema, write_options=pacsv.WriteOptions(quoting_style="needed"))


def write_csv(table: pa.Table, path: Path | str, table_name: str | None = None) -> bool:
    """UTF-8 CSV with BOM, formula-safe; atomic; untouched if the bytes would not change.

    With `table_name`, the people's layout of that canonical table (`public_table`)."""
    if table_name:
        table = public_table(table_name, table)
    sink = pa.BufferOutputStream()
    sink.write(BOM)
    pacsv.write_csv(csv_safe(table), sink, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    return write_bytes_atomic(path, sink.getvalue().to_pybytes())


def write_parquet_csv(parquet: Path, out: Path, table_name: str | None = None, batch_rows: int = 50_000) -> None:
    """The CSV of a Parquet file, batch by batch (memory stays flat); same bytes as write_csv."""
    pf = pq.ParquetFile(parquet)
    with atomic_path(out) as tmp, open(tmp, "wb") as f:
        f.write(BOM)
        writer = None
        for batch in pf.iter_batches(batch_size=batch_rows):
            part = pa.Table.from_batches([batch])
            safe = csv_safe(public_table(table_name, part) if table_name else part)
            writer = writer or _csv_bytes_writer(f, safe.schema)
            writer.write_table(safe)
        if writer is None:  # empty file: header only
            empty = pf.schema_arrow.empty_table()
            writer = _csv_bytes_writer(f, csv_safe(public_table(table_name, empty) if table_name else empty).schema)
        writer.close()


# --------------------------------------------------------------------------- coverage

_COVERAGE_COLS: dict[str, tuple[str, str]] = {
    "tasks": ("start_date", "end_date"),
    "publications": ("year", "year"),
    "documents": ("date", "date"),
}


def table_coverage(table: str, path: Path | str) -> pkg.Coverage:
    """Row count and period of a warehouse table (reads at most two columns). Tables without
    dates (organizations, people) have no period."""
    pf = pq.ParquetFile(path)
    rows = pf.metadata.num_rows
    cols = _COVERAGE_COLS.get(table)
    if not cols or rows == 0:
        return pkg.Coverage(rows)
    t = pq.read_table(path, columns=sorted(set(cols)))
    lo, hi = pc.min(t.column(cols[0])).as_py(), pc.max(t.column(cols[1])).as_py()
    if lo is None:  # e.g. no start dates at all: the earliest end date still bounds the period
        lo = pc.min(t.column(cols[1])).as_py()
    if hi is None:
        hi = pc.max(t.column(cols[0])).as_py()
    return pkg.Coverage(rows, None if lo is None else str(lo), None if hi is None else str(hi))


# --------------------------------------------------------------------------- data package


def _csv_schema(package: dict[str, Any]) -> dict[str, Any]:
    """Table Schema of the people's CSV: fields named by their Vietnamese header, typed as the
    CSV stores them (lists as '; '-joined text, coded values as their Vietnamese labels)."""
    table = package["table"]
    if not schemas.LABELS.get(table):  # a table without labels is written with machine names
        return _parquet_schema(package, list_type="string", missing=False)
    by_name = {f["name"]: f for f in package["data_dictionary"]}
    fields = []
    for name, (vi, en) in schemas.LABELS.get(table, {}).items():
        src = by_name[name]
        f: dict[str, Any] = {
            "name": vi,
            "title": en,
            "type": src["type"],
            "description": f"{src['description_vi']} / {src['description_en']}",
            "x_column": name,
        }
        if src["type"] == "array":
            f["type"] = "string"
            f["description"] += (
                f" (danh sách, phân cách bởi '{LIST_SEPARATOR.strip()}' / list separated by '{LIST_SEPARATOR.strip()}')"
            )
        if src["type"] == "datetime":
            f["type"] = "string"  # written as Arrow prints it (ISO with offset)
        values = schemas.VALUE_LABELS.get(table, {}).get(name)
        if src["type"] == "boolean" and values:
            f["trueValues"], f["falseValues"] = [values[True][0]], [values[False][0]]
        elif name == "field_code":
            f["type"] = "string"
        c = dict(src.get("constraints") or {})
        if "enum" in c:
            c["enum"] = [schemas.value_label(table, name, v) for v in c["enum"]]
        if c:
            f["constraints"] = c
        fields.append(f)
    out: dict[str, Any] = {"fields": fields}
    pk = [schemas.label(table, k) for k in package.get("primary_key") or []]
    if pk and all(k in {f["name"] for f in fields} for k in pk):
        out["primaryKey"] = pk
    return out


def _parquet_schema(package: dict[str, Any], list_type: str = "any", missing: bool = True) -> dict[str, Any]:
    """Table Schema of the Parquet file (machine names and codes). Parquet stores list columns as
    native lists, which Table Schema has no type for: they are declared 'any' (not JSON text).
    Frictionless reads Parquet through pandas, which turns a null integer into NaN: 'nan' is
    declared a missing value."""
    fields = []
    for src in package["data_dictionary"]:
        f = {k: v for k, v in src.items() if k != "arrayItem"}
        if src["type"] == "array":
            f["type"] = list_type
            f["x_arrow_type"] = "list<string>"
        fields.append(f)
    out: dict[str, Any] = {"fields": fields}
    if missing:
        out["missingValues"] = ["", "nan"]
    if package.get("primary_key"):
        out["primaryKey"] = package["primary_key"]
    return out


def datapackage(package: dict[str, Any], resources: dict[str, str]) -> dict[str, Any]:
    """Frictionless Data Package descriptor for one dataset: the people's CSV and the Parquet
    table, each a tabular resource whose schema says how that file stores the data."""
    res = []
    if "csv" in resources:
        res.append(
            {
                "name": package["table"],
                "path": resources["csv"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": _csv_schema(package),
            }
        )
    if "parquet" in resources:
        res.append(
            {
                "name": f"{package['table']}-parquet",
                "path": resources["parquet"],
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "schema": _parquet_schema(package),
            }
        )
    out = {
        "profile": "tabular-data-package",
        "name": package["name"],
        "title": package["title"],
        "description": package["notes"],
        "x_title_en": package["title_en"],
        "x_description_en": package["notes_en"],
        "version": package["version"],
        "licenses": [
            {"name": package["license_spdx"], "path": package["license_url"], "title": package["license_title"]}
        ],
        "keywords": [t["name"] for t in package["tags"]],
        "spatial": package["spatial_coverage"],
        "contributors": [{"title": package["contact_name"], "email": package["contact_email"], "role": "publisher"}],
        "resources": res,
    }
    if package["temporal_start"] or package["temporal_end"]:
        out["temporal"] = {
            k: v for k, v in (("start", package["temporal_start"]), ("end", package["temporal_end"])) if v
        }
    return out


def write_json(obj: Any, path: Path | str) -> bool:
    data = (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
    return write_bytes_atomic(path, data)
