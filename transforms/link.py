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


def ascii_key(values: np.ndarray | list) -> np.ndarray:
    """Vectorized ASCII match key: NFD, drop marks, đ->d, lowercase, punctuation -> space."""
    a = pa.array(values, type=pa.string())
    a = pc.utf8_normalize(pc.utf8_lower(a), "NFD")
    a = pc.replace_substring_regex(a, "[\u0300-\u036f]", "")
    a = pc.replace_substring(a, "đ", "d")
    a = pc.replace_substring_regex(a, r"[^a-z0-9]+", " ")
    a = pc.utf8_trim_whitespace(a)
    return a.to_numpy(zero_copy_only=False).astype(object)


def _sha(prefix: str, keys: np.ndarray) -> np.ndarray:
    return np.array([None if k is None else prefix + hashlib.sha256(k.encode("utf-8")).hexdigest()[:16]
                     for k in keys], dtype=object)


def assign_task_ids(cols: dict[str, np.ndarray]) -> np.ndarray:
    """Stable task ids (see module docstring), with the title-only attachment pass."""
    n = len(cols["title"])
    code_key = ascii_key(cols["code"])
    meaningful = np.array([k is not None and len(k) >= 5 and any(ch.isdigit() for ch in k) for k in code_key])
    title_key = ascii_key(cols["title"])
    host = cols["host_org_id"]
    start = cols["start_date"]
    year = np.array([s[:4] if isinstance(s, str) else "" for s in start], dtype=object)
    keys = np.empty(n, dtype=object)
    for i in range(n):
        if meaningful[i]:
            keys[i] = "code:" + code_key[i]
        else:
            keys[i] = f"title:{title_key[i] or ''}|{host[i] or ''}|{year[i]}"
    ids = _sha("t-", keys)
    # pass 3: incomplete title-keyed records join the unique task sharing their title key
    df = pd.DataFrame({"tk": title_key, "id": ids, "incomplete": ~meaningful & (pd.isna(host) | (year == ""))})
    dup = df[df.duplicated("tk", keep=False) & df["tk"].notna()]
    if len(dup):
        for tk, g in dup.groupby("tk", sort=False):
            complete_ids = set(g.loc[~g["incomplete"], "id"])
            if len(complete_ids) == 1:
                target = next(iter(complete_ids))
                ids[g.index[g["incomplete"]].to_numpy()] = target
    return ids


def _precedence(cols: dict[str, np.ndarray]) -> np.ndarray:
    """Row order: task id, then best record first (see module docstring)."""
    n = len(cols["title"])
    conf = np.array([c if c is not None and c == c else 0.0 for c in cols["confidence"]], dtype=float)
    url = pa.array(cols["source_url"], type=pa.string())
    ref = pa.array(cols["record_ref"], type=pa.string())
    att = (pc.fill_null(pc.match_substring_regex(url, _ATTACHMENT), False).to_numpy(zero_copy_only=False)
           | pc.fill_null(pc.match_substring_regex(ref, _ATTACHMENT), False).to_numpy(zero_copy_only=False))
    page = np.array([p or "" for p in cols["page_date"]], dtype=object)
    df = pd.DataFrame({"id": cols["task_id"], "conf": -conf, "att": ~att, "page": page,
                       "src": [s or "" for s in cols["source"]], "ref": [r or "" for r in cols["record_ref"]],
                       "i": np.arange(n)})
    df["page_rank"] = -df["page"].rank(method="dense").astype(int)
    df = df.sort_values(["id", "conf", "att", "page_rank", "src", "ref", "i"], kind="stable")
    return df["i"].to_numpy()


def link_tasks(cols: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], list[dict[str, Any]]]:
    """Merge rows that share a task_id. Returns merged columns and conflict reports."""
    order = _precedence(cols)
    cols = {k: v[order] for k, v in cols.items()}
    ids = cols["task_id"]
    n = len(ids)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if n else np.array([], dtype=int)
    sizes = np.diff(np.r_[starts, n])
    out: dict[str, np.ndarray] = {k: v[starts] for k, v in cols.items()}
    single_sources = np.array(['{"*":' + json.dumps(s, ensure_ascii=False) + "}" for s in out["source"]], dtype=object)
    out["field_sources"] = single_sources
    out["fetched_at"] = out["fetched_at"].copy()
    out["confidence"] = out["confidence"].copy()
    conflicts: list[dict[str, Any]] = []
    multi = np.flatnonzero(sizes > 1)
    for g in multi:
        lo, hi = starts[g], starts[g] + sizes[g]
        sources: dict[str, str] = {}
        for field, companions in FIELD_GROUPS.items():
            vals = cols[field][lo:hi]
            same = _SAME.get(field, lambda v: v)
            nonnull = [j for j in range(hi - lo) if vals[j] is not None and vals[j] == vals[j]]
            pick = nonnull[0] if nonnull else 0
            for c in (field, *companions):
                out[c][g] = cols[c][lo + pick]
            if nonnull:
                sources[field] = [cols["source"][lo + pick], cols["record_ref"][lo + pick]]
                losers = {same(vals[j]) for j in nonnull[1:]} - {same(vals[pick])}
                for j in nonnull[1:]:
                    if same(vals[j]) in losers:
                        conflicts.append({
                            "task_id": ids[lo], "field": field, "kept": vals[pick],
                            "kept_source": cols["source"][lo + pick], "kept_ref": cols["record_ref"][lo + pick],
                            "other": vals[j], "other_source": cols["source"][lo + j],
                            "other_ref": cols["record_ref"][lo + j]})
                        losers.discard(same(vals[j]))
        out["field_sources"][g] = json.dumps(sources, ensure_ascii=False, sort_keys=True)
        fetched = [f for f in cols["fetched_at"][lo:hi] if f]
        out["fetched_at"][g] = max(fetched) if fetched else None
        confs = [c for c in cols["confidence"][lo:hi] if c is not None and c == c]
        out["confidence"][g] = max(confs) if confs else None
    if multi.size:
        log.info("linked %d records into %d tasks (%d conflicts)", int(sizes[multi].sum()), multi.size, len(conflicts))
    return out, conflicts
