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
from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.text import ascii_key

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
_SAME = frozenset({"code", "title", "principal_investigator"})  # compared on their ASCII match keys
_ATTACHMENT = r"(?i)\.(xlsx|xls|docx|doc|pdf)(\?|#|$)|#table"


_BATCH = 65536


def ascii_keys(col: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``transforms.text.ascii_key`` of every row, computed once per distinct value (batched, so
    only one batch of Python strings exists at a time) and taken back to the rows in Arrow."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(col.cast(pa.string()) if col.type != pa.string() else col)
    values = col.dictionary
    keys = pa.concat_arrays(
        [
            pa.array(list(map(ascii_key, values.slice(lo, _BATCH).to_pylist())), pa.string())
            for lo in range(0, len(values), _BATCH)
        ]
        or [pa.array([], pa.string())]
    )
    return keys.take(col.indices)


def _sha_ids(keys: pa.Array) -> pa.Array:
    """``_sha`` of every key (one tight loop; the keys never become Python str)."""
    sha = hashlib.sha256
    chunks = [
        pa.array(
            ["t-" + sha(k).hexdigest()[:16] for k in keys.slice(lo, _BATCH).cast(pa.binary()).to_pylist()], pa.string()
        )
        for lo in range(0, len(keys), _BATCH)
    ]
    return pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())


def assign_task_ids(table: pa.Table) -> pa.Array:
    """Stable task ids for normalized rows (see module docstring), incl. the title-only pass.

    The ASCII keys (``transforms.text.ascii_key``) are computed per distinct title and code, the
    identity keys (``code:…`` / ``title:…|host|year``) are assembled in Arrow, and only the
    sha256 runs per row in Python. A code key counts when it has at least 5 characters and a digit.
    """
    n = table.num_rows
    if n == 0:
        return pa.array([], pa.string())
    title_keys = ascii_keys(table.column("title"))
    code_keys = ascii_keys(table.column("code"))
    by_code = pc.fill_null(
        pc.and_(pc.greater_equal(pc.utf8_length(code_keys), 5), pc.match_substring_regex(code_keys, r"[0-9]")), False
    )
    host = pc.fill_null(_text_col(table.column("host_org_id")), "")
    year = pc.fill_null(pc.utf8_slice_codeunits(_text_col(table.column("start_date")), 0, 4), "")
    by_title = pc.binary_join_element_wise("title:", pc.fill_null(title_keys, ""), "|", host, "|", year, "")
    keys = pc.if_else(by_code, pc.binary_join_element_wise("code:", pc.fill_null(code_keys, ""), ""), by_title)
    del by_title
    complete = pc.or_(by_code, pc.and_(pc.not_equal(host, ""), pc.not_equal(year, ""))).to_numpy(zero_copy_only=False)
    out = _sha_ids(keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys)
    del keys
    # step 3: incomplete title-keyed records join the unique complete task sharing their title key
    enc = pc.dictionary_encode(title_keys)
    idx = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)
    counts = np.bincount(idx[idx >= 0], minlength=len(enc.dictionary))
    dup = np.flatnonzero((idx >= 0) & (counts[np.maximum(idx, 0)] > 1))
    # only title keys shared with an incomplete record can change anything
    dup = dup[np.isin(idx[dup], idx[dup[~complete[dup]]])]
    if not dup.size:
        return out
    ids_np = out.to_numpy(zero_copy_only=False).copy()
    groups: dict[int, list[int]] = defaultdict(list)
    for i in dup:
        groups[int(idx[i])].append(int(i))
    keys = enc.dictionary
    for key, members in groups.items():
        if not keys[key].as_py():
            continue
        targets = {ids_np[i] for i in members if complete[i]}
        if len(targets) == 1:
            target = next(iter(targets))
            for i in members:
                if not complete[i]:
                    ids_np[i] = target
    return pa.array(ids_np, pa.string())


def _text_col(col: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as plain (non-dictionary) text."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    return col.cast(pa.string()) if col.type != pa.string() else col


_HEX = np.full(256, 255, dtype=np.uint8)
_HEX[48:58] = np.arange(10)
_HEX[97:103] = np.arange(10, 16)


def _hex_ids(ids: pa.Array) -> np.ndarray | None:
    """Ids shaped like ``_sha``'s (``t-`` + 16 lowercase hex digits) as uint64, read straight
    from the Arrow buffers; same order as the text. None when any id has another shape."""
    n = len(ids)
    if n == 0 or ids.null_count or ids.type != pa.string():
        return None
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + n + 1]
    if np.any(np.diff(offsets) != 18):
        return None
    raw = np.frombuffer(ids.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(n, 18)
    if np.any(raw[:, 0] != ord("t")) or np.any(raw[:, 1] != ord("-")):
        return None
    nib = _HEX[raw[:, 2:]]
    if np.any(nib == 255):
        return None
    vals = np.zeros(n, dtype=np.uint64)
    for j in range(16):
        vals = (vals << np.uint64(4)) | nib[:, j].astype(np.uint64)
    return vals


def _id_ranks(ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(dense rank of each row's id in sorted id order, how many rows share that id)."""
    vals = _hex_ids(ids)
    if vals is not None:  # the usual case: sort integers, not text
        first = np.argsort(vals, kind="stable")
        sv = vals[first]
        new = np.empty(len(sv), dtype=bool)
        new[:1] = True
        new[1:] = sv[1:] != sv[:-1]
        ranks = np.cumsum(new) - 1
        id_rank = np.empty(len(sv), dtype=np.int64)
        id_rank[first] = ranks
        return id_rank, np.bincount(ranks)[id_rank]
    enc = pc.dictionary_encode(ids)
    idx = enc.indices.to_numpy(zero_copy_only=False)
    counts = np.bincount(idx, minlength=len(enc.dictionary))
    rank = np.empty(len(enc.dictionary), dtype=np.int64)
    rank[pc.sort_indices(enc.dictionary).to_numpy()] = np.arange(len(enc.dictionary))
    return rank[idx], counts[idx]


def _precedence(table: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Row order (task id, then best record first; see module docstring) and the sorted id ranks.

    Only rows whose task id repeats need the precedence keys; the rest sort by id alone.
    """
    ids = table.column("task_id").combine_chunks()
    id_rank, row_counts = _id_ranks(ids)
    n = len(id_rank)
    dup = np.flatnonzero(row_counts > 1)
    sub_rank = np.zeros(n, dtype=np.int64)
    if dup.size:
        sub = table.take(pa.array(dup))
        att = pc.or_(
            pc.fill_null(pc.match_substring_regex(sub.column("source_url"), _ATTACHMENT), False),
            pc.fill_null(pc.match_substring_regex(sub.column("record_ref"), _ATTACHMENT), False),
        )
        keys = pa.table(
            {
                "id": sub.column("task_id"),
                "conf": pc.fill_null(sub.column("confidence"), 0.0),
                "att": att,
                "page": sub.column("page_date"),
                "src": sub.column("source"),
                "ref": sub.column("record_ref"),
            }
        )
        order = pc.sort_indices(
            keys,
            sort_keys=[
                (k, o, "at_end")
                for k, o in (
                    ("id", "ascending"),
                    ("conf", "descending"),
                    ("att", "descending"),
                    ("page", "descending"),
                    ("src", "ascending"),
                    ("ref", "ascending"),
                )
            ],
        ).to_numpy()
        sub_rank[dup[order]] = np.arange(len(order))
    # by id, then precedence, then input position (a stable sort of one combined key)
    order = np.argsort(id_rank * (n + 1) + sub_rank, kind="stable")
    return order, id_rank[order]


def link_tasks(table: pa.Table | dict[str, Any]) -> tuple[pa.Table, list[dict[str, Any]]]:
    """Merge rows that share a task_id; result sorted by task_id. Returns the table and conflicts.

    Vectorized: for every field the winning record of each task is the first one, in
    precedence order, whose value is not null (``np.minimum.reduceat`` over the sorted rows);
    columns are then taken one at a time and each source column is released as soon as it
    has been taken, so at most one extra column exists beside the data. A ``dict`` of columns
    is accepted (and emptied) so the caller can hand over ownership of the data.
    """
    cols: dict[str, Any] = dict(table) if isinstance(table, dict) else {n: table.column(n) for n in table.column_names}
    if isinstance(table, dict):
        table.clear()
    del table
    view = pa.table({k: cols[k] for k in ("task_id", "confidence", "source_url", "record_ref", "page_date", "source")})
    order, ids = _precedence(view)  # ids: integer rank of each sorted row's task id
    n = len(ids)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if n else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[starts, n])
    multi = np.flatnonzero(sizes > 1)
    top = order[starts]
    picks: dict[str, np.ndarray] = {}
    pos = np.arange(n)
    for field in FIELD_GROUPS:
        valid = pc.is_valid(cols[field]).to_numpy(zero_copy_only=False)[order] if multi.size else None
        if valid is None:
            picks[field] = top
            continue
        first = np.minimum.reduceat(np.where(valid, pos, n), starts)
        picks[field] = order[np.where(first < n, first, starts)]
    conflicts = _conflicts(cols, order, starts, sizes, multi, picks) if multi.size else []
    # field_sources: {"*": source} for single-record tasks, {field: [source, record_ref]} when merged
    srcs = pc.dictionary_encode(_text_col(cols["source"]))  # few sources: build each text once
    src = pc.fill_null(srcs.dictionary, "unknown")
    one = pc.binary_join_element_wise('{"*":"', pc.replace_substring(src, '"', '\\"'), '"}', "")
    fs = pa.concat_arrays([one, pa.array(['{"*":"unknown"}'], pa.string())]).take(
        pc.fill_null(srcs.indices, len(one)).take(pa.array(top))
    )
    if multi.size:  # merged tasks: {field: [source, record_ref]}
        fs = fs.combine_chunks() if isinstance(fs, pa.ChunkedArray) else fs
        fs = pc.replace_with_mask(fs, pa.array(sizes > 1), _merged_sources(cols, picks, multi))
    out: dict[str, Any] = {}
    for field, companions in FIELD_GROUPS.items():
        for c in (field, *companions):
            if c in cols:
                out[c] = cols.pop(c).take(pa.array(picks[field]))
    for c in list(cols):
        if c in ("fetched_at", "confidence") and multi.size:
            continue
        out[c] = cols.pop(c).take(pa.array(top))
    if multi.size:  # newest fetch, best confidence of the merged records
        out["fetched_at"] = _group_max_text(cols.pop("fetched_at"), order, starts)
        out["confidence"] = _group_max_float(cols.pop("confidence"), order, starts)
        log.info("linked %d records into %d tasks (%d conflicts)", int(sizes[multi].sum()), multi.size, len(conflicts))
    out["field_sources"] = fs
    return pa.table(out), conflicts


_JSON_ESCAPE = r'[\x00-\x1f"\\]'  # what json.dumps escapes (ensure_ascii=False)


def _json_text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Each value as a JSON literal, exactly as ``json.dumps(v, ensure_ascii=False)`` writes it.

    Plain strings are quoted in Arrow; only the rare ones that need escaping go through json.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.string():
        values = values.cast(pa.string())
    quoted = pc.binary_join_element_wise('"', values, '"', "")
    odd = pc.fill_null(pc.match_substring_regex(values, _JSON_ESCAPE), False)
    if pc.any(odd).as_py():
        fixed = [json.dumps(v, ensure_ascii=False) for v in values.filter(odd).to_pylist()]
        quoted = pc.replace_with_mask(quoted, odd, pa.array(fixed, pa.string()))
    return pc.fill_null(quoted, "null")


def _merged_sources(cols: dict[str, Any], picks: dict[str, np.ndarray], multi: np.ndarray) -> pa.Array:
    """``field_sources`` JSON of merged tasks: ``{field: [source, record_ref]}`` for each field
    with a value, keys sorted, in ``json.dumps(..., ensure_ascii=False, sort_keys=True)`` form."""
    pieces = []
    for f in sorted(picks):
        rows = pa.array(picks[f][multi])
        piece = pc.binary_join_element_wise(
            f'"{f}": [', _json_text(cols["source"].take(rows)), ", ", _json_text(cols["record_ref"].take(rows)), "]", ""
        )
        pieces.append(pc.if_else(pc.is_valid(cols[f].take(rows)), piece, pa.scalar(None, pa.string())))
    body = pc.binary_join_element_wise(*pieces, ", ", null_handling="skip")
    out = pc.binary_join_element_wise("{", body, "}", "")
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


def _group_max_text(col: pa.Array | pa.ChunkedArray, order: np.ndarray, starts: np.ndarray) -> pa.Array:
    """Per task (rows ``order`` grouped at ``starts``): the greatest non-null text, else null."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    enc = pc.dictionary_encode(col.cast(pa.string()))
    ranked = pc.sort_indices(enc.dictionary).to_numpy()
    rank = np.empty(len(ranked), dtype=np.int64)
    rank[ranked] = np.arange(len(ranked))
    idx = pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False)
    row_rank = np.where(pc.is_valid(enc.indices).to_numpy(zero_copy_only=False), rank[idx], -1)
    best = np.maximum.reduceat(row_rank[order], starts) if len(starts) else np.array([], dtype=np.int64)
    return enc.dictionary.take(pa.array(ranked)).take(pa.array(np.maximum(best, 0), mask=best < 0))


def _group_max_float(col: pa.Array | pa.ChunkedArray, order: np.ndarray, starts: np.ndarray) -> pa.Array:
    """Per task: the greatest non-null number (NaN only when every value is NaN), else null."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    col = col.cast(pa.float64())
    valid = pc.is_valid(col).to_numpy(zero_copy_only=False)[order]
    vals = np.where(valid, col.to_numpy(zero_copy_only=False)[order], np.nan)
    if not len(starts):
        return pa.array([], pa.float64())
    best = np.fmax.reduceat(vals, starts)
    return pa.array(best, pa.float64(), mask=~np.logical_or.reduceat(valid, starts))


def _conflicts(
    cols: dict[str, Any],
    order: np.ndarray,
    starts: np.ndarray,
    sizes: np.ndarray,
    multi: np.ndarray,
    picks: dict[str, np.ndarray],
) -> list[dict[str, Any]]:
    """Disagreements between non-null values inside merged tasks.

    Each member's value is compared with its task's kept value (an element-wise Arrow compare);
    Python only sees the members that differ (and, for code/title/PI, only those are re-keyed).
    """
    member = np.flatnonzero(np.repeat(sizes > 1, sizes))  # sorted positions inside merged tasks
    rows = order[member]
    group = np.repeat(multi, sizes[multi])
    out: list[dict[str, Any]] = []
    for field in FIELD_GROUPS:
        vals = cols[field].take(pa.array(rows))
        kept = cols[field].take(pa.array(picks[field][group]))
        if pa.types.is_dictionary(vals.type):
            vals, kept = vals.cast(vals.type.value_type), kept.cast(kept.type.value_type)
        differ = np.flatnonzero(pc.fill_null(pc.not_equal(vals, kept), False).to_numpy(zero_copy_only=False))
        if not differ.size:
            continue
        seen: set[tuple[int, Any]] = set()
        for m in differ:
            v, k = vals[int(m)].as_py(), kept[int(m)].as_py()
            if field in _SAME and ascii_key(v) == ascii_key(k):
                continue  # same value, other spelling
            g = int(group[m])
            key = (g, ascii_key(v) if field in _SAME else v)
            if key in seen:
                continue
            seen.add(key)
            kept_row, other_row = int(picks[field][g]), int(rows[m])
            out.append(
                {
                    "task_id": cols["task_id"][kept_row].as_py(),
                    "field": field,
                    "kept": k,
                    "kept_source": cols["source"][kept_row].as_py(),
                    "kept_ref": cols["record_ref"][kept_row].as_py(),
                    "other": v,
                    "other_source": cols["source"][other_row].as_py(),
                    "other_ref": cols["record_ref"][other_row].as_py(),
                }
            )
    return out
