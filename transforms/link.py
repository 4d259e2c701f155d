"""Link and deduplicate tasks seen on several pages, sources and attachments.

Identity (``task_id`` = ``"t-"`` + 16 hex of sha256):

1. a meaningful task code (at least 5 characters with a digit, e.g. ``ĐT-2016-30218-ĐT``),
   ASCII-folded and case-folded: ``code:<key>``;
2. otherwise the ASCII-folded title + host organization id + start year:
   ``title:<key>|<org>|<year>``;
3. a title-keyed record that lacks a host or start year joins the one other task with the same
   title key when there is exactly one (a prose mention of a task listed in a table).

Precedence when several records describe one task, field by field, the first non-null value
along this order wins:

1. higher ``confidence`` (a table row 1.0 beats a mention in prose),
2. an attachment or table (``.xlsx/.xls/.docx/.doc/.pdf`` URL, or ``#table`` in the record
   reference) over page prose,
3. the newer ``page_date`` (a later page corrects an earlier one),
4. source name, then record reference (only to be deterministic).

Each field's raw text comes from the same record as its normalized value. ``field_sources`` is
JSON ``{field: [source, record_ref]}`` for merged tasks and ``{"*": source}`` when one record supplied all.
Every disagreement between non-null values is reported as a conflict (stage ``link``).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transforms.text import match_key

log = logging.getLogger(__name__)

# normalized column -> the other columns that travel with it (same source record)
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "code": ("code_raw",),
    "title": ("title_raw",),
    "level": ("level_raw",),
    "kind": ("kind_raw",),
    "host_org": ("host_org_id", "host_org_raw"),
    "principal_investigator": ("pi_title", "person_id", "principal_investigator_raw"),
    "start_date": ("start_date_raw", "period_raw"),
    "end_date": ("end_date_raw",),
    "budget_vnd": ("budget_raw", "budget_flags"),
    "budget_state_vnd": ("budget_state_raw",),
    "status": ("status_raw",),
    "acceptance_grade": ("acceptance_grade_raw",),
    "acceptance_date": ("acceptance_date_raw",),
    "applied": (),
    "decision_no": ("decision_raw",),
    "decision_date": ("decision_date_raw",),
    "field_code": ("field_raw",),
}
# values that differ only in spelling/case/tone/punctuation are not conflicts
_SAME = {f: (lambda v: match_key(v, ascii=True)) for f in ("code", "title", "principal_investigator")}
RECORD_LEVEL = ("source", "source_url", "extras", "province_code", "province_code_legacy", "record_ref")
_ATTACHMENT = r"(?i)\.(xlsx|xls|docx|doc|pdf)(\?|#|$)|#table"


def ascii_key(values: pa.Array | np.ndarray | list) -> pa.Array:
    """Vectorized ASCII match key: NFD, drop marks, đ->d, lowercase, punctuation -> space."""
    a = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=pa.string())
    a = pc.utf8_normalize(pc.utf8_lower(a), "NFD")
    a = pc.replace_substring_regex(a, "[\u0300-\u036f]", "")
    a = pc.replace_substring(a, "đ", "d")
    a = pc.replace_substring_regex(a, r"[^a-z0-9]+", " ")
    return pc.utf8_trim_whitespace(a)


_MARKS = re.compile("[\u0300-\u036f]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_key_py(s: str | None) -> str | None:
    """``ascii_key`` for one string, in plain Python (gives the same text)."""
    if s is None:
        return None
    t = _MARKS.sub("", unicodedata.normalize("NFD", s.lower())).replace("đ", "d")
    return _NON_ALNUM.sub(" ", t).strip()


def _meaningful(code_key: str | None) -> bool:
    return code_key is not None and len(code_key) >= 5 and any(ch.isdigit() for ch in code_key)


def _key(code_key: str | None, title_key: str | None, host: Any, start: Any) -> tuple[str, bool]:
    """(identity key, complete?) — complete when it rests on a code or on host + start year."""
    if _meaningful(code_key):
        return "code:" + code_key, True  # type: ignore[operator]
    year = start[:4] if isinstance(start, str) else ""
    return f"title:{title_key or ''}|{host or ''}|{year}", bool(host) and bool(year)


def _sha(key: str) -> str:
    return "t-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def task_id_for(row: dict) -> str:
    """Task id of one normalized row (steps 1-2; step 3 needs the other records)."""
    key, _ = _key(ascii_key_py(row.get("code")), ascii_key_py(row.get("title")), row.get("host_org_id"),
                  row.get("start_date"))
    return _sha(key)


def assign_task_ids(table: pa.Table) -> pa.Array:
    """Stable task ids for normalized rows (see module docstring), incl. the title-only pass."""
    code_key = ascii_key(table.column("code")).to_pylist()
    title_key = ascii_key(table.column("title")).to_pylist()
    n = len(title_key)
    ids: list[str] = [""] * n
    complete = np.empty(n, dtype=bool)
    for i, (ck, tk, h, st) in enumerate(zip(code_key, title_key, table.column("host_org_id").to_pylist(),
                                            table.column("start_date").to_pylist())):
        k, complete[i] = _key(ck, tk, h, st)
        ids[i] = _sha(k)
    # step 3: incomplete title-keyed records join the unique complete task sharing their title key
    dup = np.flatnonzero(pd.Series(title_key, dtype=object).duplicated(keep=False).to_numpy())
    groups: dict[str, list[int]] = defaultdict(list)
    for i in dup:
        if title_key[i]:
            groups[title_key[i]].append(int(i))
    for members in groups.values():
        targets = {ids[i] for i in members if complete[i]}
        if len(targets) == 1:
            target = next(iter(targets))
            for i in members:
                if not complete[i]:
                    ids[i] = target
    return pa.array(ids, pa.string())


def _precedence(table: pa.Table) -> pa.Array:
    """Row order: task id, then best record first (see module docstring)."""
    att = pc.or_(pc.fill_null(pc.match_substring_regex(table.column("source_url"), _ATTACHMENT), False),
                 pc.fill_null(pc.match_substring_regex(table.column("record_ref"), _ATTACHMENT), False))
    keys = pa.table({"id": table.column("task_id"), "conf": pc.fill_null(table.column("confidence"), 0.0),
                     "att": att, "page": table.column("page_date"), "src": table.column("source"),
                     "ref": table.column("record_ref")})
    return pc.sort_indices(keys, sort_keys=[(k, o, "at_end") for k, o in (
        ("id", "ascending"), ("conf", "descending"), ("att", "descending"), ("page", "descending"),
        ("src", "ascending"), ("ref", "ascending"))])


def link_tasks(table: pa.Table) -> tuple[pa.Table, list[dict[str, Any]]]:
    """Merge rows that share a task_id (sorted by task_id). Returns the table and conflicts."""
    table = table.take(_precedence(table))
    ids = table.column("task_id").to_numpy(zero_copy_only=False)
    n = len(ids)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if n else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[starts, n])
    single = starts[sizes == 1]
    singles = table.take(pa.array(single, pa.int64()))
    src = pc.fill_null(singles.column("source"), "unknown")
    fs = pc.binary_join_element_wise('{"*":"', pc.replace_substring(src, '"', '\\"'), '"}', "")
    singles = singles.append_column("field_sources", fs)
    conflicts: list[dict[str, Any]] = []
    multi = np.flatnonzero(sizes > 1)
    if not multi.size:
        return singles, conflicts
    merged_rows: list[dict[str, Any]] = []
    for g in multi:
        lo, hi = int(starts[g]), int(starts[g] + sizes[g])
        rows = table.slice(lo, hi - lo).to_pylist()
        out = dict(rows[0])
        sources: dict[str, list[Any]] = {}
        for field, companions in FIELD_GROUPS.items():
            same = _SAME.get(field, lambda v: v)
            nonnull = [j for j, r in enumerate(rows) if r[field] is not None]
            pick = nonnull[0] if nonnull else 0
            for c in (field, *companions):
                out[c] = rows[pick][c]
            if not nonnull:
                continue
            sources[field] = [rows[pick]["source"], rows[pick]["record_ref"]]
            kept = same(rows[pick][field])
            seen = {kept}
            for j in nonnull[1:]:
                v = same(rows[j][field])
                if v not in seen:
                    seen.add(v)
                    conflicts.append({
                        "task_id": out["task_id"], "field": field, "kept": rows[pick][field],
                        "kept_source": rows[pick]["source"], "kept_ref": rows[pick]["record_ref"],
                        "other": rows[j][field], "other_source": rows[j]["source"],
                        "other_ref": rows[j]["record_ref"]})
        out["field_sources"] = json.dumps(sources, ensure_ascii=False, sort_keys=True)
        fetched = [r["fetched_at"] for r in rows if r["fetched_at"]]
        out["fetched_at"] = max(fetched) if fetched else None
        confs = [r["confidence"] for r in rows if r["confidence"] is not None]
        out["confidence"] = max(confs) if confs else None
        merged_rows.append(out)
    merged = pa.Table.from_pylist(merged_rows, schema=singles.schema)
    log.info("linked %d records into %d tasks (%d conflicts)", int(sizes[multi].sum()), multi.size, len(conflicts))
    both = pa.concat_tables([singles, merged])
    return both.take(pc.sort_indices(both, sort_keys=[("task_id", "ascending")])), conflicts
