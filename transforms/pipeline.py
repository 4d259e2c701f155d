"""Transforms entry point: raw extractor records -> canonical, validated, linked tables.

Used by the nightly flow (``build_tables``) and by ``stcat parse`` (``normalize_task``).
See docs/DESIGN.md §1 (raw record dict) and §4 (this contract).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from config.loader import Province
from transforms import schemas

log = logging.getLogger(__name__)

TableSet = dict[str, pa.Table]
OUTPUT_TABLES = ("tasks", "organizations", "people", "documents", "publications", "rejects")


@dataclass
class TransformContext:
    """What a transform run needs besides the records."""

    run_id: str
    province: Province
    now: dt.datetime
    publications_hook: Callable[..., Any] | None = None


def _clean(s: Any) -> str | None:
    if s is None:
        return None
    s = " ".join(unicodedata.normalize("NFC", str(s)).split())
    return s or None


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _date(s: str | None) -> str | None:
    if not s:
        return None
    m = _DMY.search(s)
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return None
    return None


def _hash(row: dict) -> str:
    content = {k: v for k, v in row.items() if k not in ("fetched_at", "record_hash", "field_sources")}
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def normalize_task(record: dict, ctx: TransformContext | None = None) -> tuple[dict | None, list[dict]]:
    """One raw task record -> (canonical row with ``*_raw`` columns, rejects)."""
    f = record.get("fields") or {}
    title = _clean(f.get("title"))
    rejects: list[dict] = []
    if not title:
        rejects.append(_reject(record, "normalize", "title", "missing title", f.get("title")))
        return None, rejects
    code = _clean(f.get("code"))
    key = (code or title).casefold()
    row = {
        "task_id": "t-" + hashlib.sha256(key.encode()).hexdigest()[:16],
        "code": code, "title": title, "host_org": _clean(f.get("host_org")),
        "principal_investigator": _clean(f.get("principal_investigator")),
        "start_date": _date(f.get("start_date")), "end_date": _date(f.get("end_date")),
        "source": record.get("source"), "source_url": record.get("source_url"),
        "confidence": record.get("confidence"),
        "fetched_at": record.get("fetched_at"),
    }
    for k in ("code", "title", "host_org", "principal_investigator", "start_date", "end_date"):
        row[f"{k}_raw"] = f.get(k)
    row["record_hash"] = _hash(row)
    return row, rejects


def _reject(record: dict, stage: str, field: str | None, reason: str, raw: Any) -> dict:
    return {"source": record.get("source") or "unknown", "table": record.get("table"),
            "record_ref": record.get("record_ref"), "stage": stage, "field": field,
            "reason": reason, "raw_value": None if raw is None else str(raw)[:2000]}


def _ts(v: Any) -> dt.datetime | None:
    if v is None or isinstance(v, dt.datetime):
        return v
    try:
        return dt.datetime.fromisoformat(str(v))
    except ValueError:
        return None


def build_tables(records: Iterable[dict], ctx: TransformContext) -> TableSet:
    """Canonical tables (tasks, organizations, people, documents, publications, rejects)."""
    tasks: dict[str, dict] = {}
    pubs: list[dict] = []
    rejects: list[dict] = []
    for rec in records:
        if rec.get("reject"):
            rejects.append(_reject(rec, rec.get("stage") or "extract", rec.get("field"),
                                   rec.get("reason") or "unspecified", rec.get("raw_value")))
            continue
        if rec.get("table") == "publications":
            pubs.append(rec)
            continue
        row, rej = normalize_task(rec, ctx)
        rejects.extend(rej)
        if row is not None:
            row["fetched_at"] = _ts(row["fetched_at"])
            tasks.setdefault(row["task_id"], row)
    task_rows = [tasks[k] for k in sorted(tasks)]
    out: TableSet = {"tasks": schemas.conform("tasks", task_rows)}
    for t in ("organizations", "people", "documents"):
        out[t] = schemas.empty_table(t)
    out["publications"] = schemas.empty_table("publications")
    for r in rejects:
        r["run_id"] = ctx.run_id
        r["rejected_at"] = ctx.now
    out["rejects"] = schemas.conform("rejects", rejects)
    return out
