"""Transforms entry point: raw extractor records -> canonical, validated, linked tables.

Used by the nightly flow (``build_tables``) and by ``stcat parse`` (``normalize_task``: one record as a
one-row table through the same path).
See docs/DESIGN.md §1 (raw record dict) and §4 (this contract).

Stages for tasks: normalize (column-wise, transforms.tasks) -> id + link/dedup
(transforms.link) -> validate (transforms.validate) -> ``record_hash`` -> organizations,
people and documents derived from the final task rows. Rejects of every stage (and the
extractors' own ``{"reject": True}`` records) end in one ``rejects`` table.

``record_hash`` is sha256 over the row's canonical content in schema order, excluding
``fetched_at``, ``record_hash`` and ``field_sources``: refetching an unchanged page, or learning
from one more source that agrees, does not change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from config.loader import Province
from transforms import schemas
from transforms.decisions import doc_id, parse_doc_refs
from transforms.link import assign_task_ids, link_tasks
from transforms.orgs import display_name, org_kind
from transforms.tasks import env_from, normalize_tasks_table, records_to_table
from transforms.validate import reject, validate_tasks

log = logging.getLogger(__name__)

TableSet = dict[str, pa.Table]
OUTPUT_TABLES = ("tasks", "organizations", "people", "documents", "publications", "rejects")
HASH_EXCLUDE = frozenset({"fetched_at", "record_hash", "field_sources"})
_SEP, _NULL = "\x1f", "\x00"
_TASKS_SCHEMA = schemas.schema("tasks")
_HASH_BATCH = 65536


@dataclass
class TransformContext:
    """What a transform run needs besides the records."""

    run_id: str
    province: Province
    now: dt.datetime
    publications_hook: Callable[..., Any] | None = None  # stands in for to_publications in tests
    # The tables as last stored (warehouse), by name: publications need them to turn a source's
    # deletion into a tombstone and to keep pub_ids stable when a DOI first appears.
    previous: dict[str, pa.Table] = field(default_factory=dict)
    # config organizations.same_as: (name as written, the body it is) pairs
    org_same_as: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------- hashing


def _hash_columns(table_name: str) -> list[str]:
    return [c for c in schemas.columns(table_name) if c not in HASH_EXCLUDE]


def _py_text(v: Any) -> str:
    """Python value -> the text Arrow's cast to string gives (so both paths hash alike)."""
    if v is None:
        return _NULL
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        r = repr(v)
        return r[:-2] if r.endswith(".0") else r
    if isinstance(v, (list, tuple)):
        return json.dumps(list(v), ensure_ascii=False)
    return str(v)


def table_hashes(table: pa.Table, table_name: str) -> pa.Array:
    """record_hash for every row of a conformed table, vectorized up to the sha256 itself.

    Works batch by batch so the joined text never exists for the whole table at once.
    """
    cols = _hash_columns(table_name)
    if not cols or table.num_rows == 0:
        return pa.array([], pa.string())
    out: list[str] = []
    sha = hashlib.sha256
    for lo in range(0, table.num_rows, _HASH_BATCH):
        sub = table.slice(lo, _HASH_BATCH)
        parts = []
        for c in cols:
            col = sub.column(c)
            if pa.types.is_list(col.type):
                col = pa.array([_py_text(v) if v is not None else None for v in col.to_pylist()], pa.string())
            else:
                col = pc.cast(col, pa.string())
            parts.append(pc.fill_null(col, _NULL))
        joined = pc.binary_join_element_wise(*parts, _SEP).cast(pa.binary())  # UTF-8 bytes, no re-encoding
        out.extend(sha(b).hexdigest() for b in joined.to_pylist())
    return pa.array(out, pa.string())


def _with_hash(table: pa.Table, name: str) -> pa.Table:
    idx = table.schema.get_field_index("record_hash")
    return table.set_column(idx, table.schema.field("record_hash"), table_hashes(table, name))


# ---------------------------------------------------------------- one record


def normalize_task(record: dict, ctx: TransformContext | None = None) -> tuple[dict | None, list[dict]]:
    """One raw task record -> (canonical row incl. ``*_raw``, task_id, record_hash; rejects).

    The record goes through the table path as a one-row table (``stcat parse`` prints these
    rows). Validation rules apply too; linking across records happens only in ``build_tables``.
    ``fetched_at`` is ISO text.
    """
    env = env_from(ctx)
    table, rejects = _with_ids(*normalize_tasks_table(records_to_table([record]), env))
    if table.num_rows == 0:
        return None, rejects
    record_refs = table.column("record_ref")
    table, vrej = validate_tasks(_conform_tasks(table), record_refs, env.today)
    rejects.extend(vrej)
    row = _with_hash(table, "tasks").to_pylist()[0]
    if row["fetched_at"] is not None:
        row["fetched_at"] = row["fetched_at"].isoformat()
    return row, rejects


# ---------------------------------------------------------------- column-wise


def _parse_ts(v: Any) -> dt.datetime | None:
    """ISO text (any offset, 'Z') -> aware UTC datetime to the second; unreadable -> None."""
    if v is None:
        return None
    try:
        t = dt.datetime.fromisoformat(str(v).replace("Z", "+00:00"))
    except ValueError:
        return None
    t = t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(dt.timezone.utc).replace(microsecond=0)


def _timestamps(vals: pa.Array) -> pa.Array:
    """ISO strings -> timestamp[s, UTC], parsed once per distinct value."""
    enc = pc.dictionary_encode(vals)
    parsed = pa.array([_parse_ts(u) for u in enc.dictionary.to_pylist()], pa.timestamp("s", tz="UTC"))
    return parsed.take(enc.indices)


def _conform_tasks(table: pa.Table) -> pa.Table:
    """Normalized task columns -> the canonical schema (helper columns dropped)."""
    arrays = {}
    for f in _TASKS_SCHEMA:
        if f.name not in table.column_names:
            continue
        col = table.column(f.name)
        if f.name == "fetched_at" and col.type == pa.string():
            col = _timestamps(col.combine_chunks())
        arrays[f.name] = col  # no combine_chunks: that would copy every column
    return schemas.conform("tasks", pa.table(arrays))


def _with_ids(norm: pa.Table, probs: list) -> tuple[pa.Table, list[dict]]:
    """Normalized rows (``normalize_tasks_table``) that have a title, with their task ids (no
    linking yet), and the normalize rejects."""
    if probs:
        src = norm.column("source").to_pylist()
        refs = norm.column("record_ref").to_pylist()
        rejects = [reject(src[i], "tasks", refs[i], "normalize", f, r, rv) for i, (f, r, rv) in probs]
    else:
        rejects = []
    if norm.column("title").null_count:
        norm = norm.filter(pc.is_valid(norm.column("title")))
    if norm.num_rows:
        norm = norm.append_column("task_id", assign_task_ids(norm))
    return norm, rejects


def transform_tasks(
    raw: pa.Table | Callable[[], pa.Table], ctx: TransformContext | None
) -> tuple[pa.Table, list[dict]]:
    """Raw task table (``transforms.tasks.records_to_table``) -> (canonical tasks, rejects).

    ``raw`` may be a zero-argument loader instead of a table: the transform then owns the
    input and releases it column by column as the output is built (lower peak memory).
    """
    env = env_from(ctx)
    if callable(raw):
        raw = raw()
    if raw.num_rows == 0:
        return schemas.empty_table("tasks"), []
    _mem("input")
    norm, probs = normalize_tasks_table(raw, env)
    del raw
    _mem("normalized")
    norm, rejects = _with_ids(norm, probs)
    if norm.num_rows == 0:
        return schemas.empty_table("tasks"), rejects
    handover = {name: norm.column(name) for name in norm.column_names}
    del norm
    _mem("ids")
    merged, conflicts = link_tasks(handover)  # takes the columns over and frees them as it goes
    _mem("linked")
    for c in conflicts:
        rejects.append(
            reject(
                c["other_source"],
                "tasks",
                c["other_ref"],
                "link",
                c["field"],
                f"conflict with {c['kept_source']} ({c['kept_ref']}): kept {c['kept']!r} by precedence",
                c["other"],
            )
        )
    record_refs = merged.column("record_ref")
    table = _conform_tasks(merged)
    del merged
    _mem("conformed")
    table, vrej = validate_tasks(table, record_refs, env.today)
    rejects.extend(vrej)
    _mem("validated")
    return _with_hash(table, "tasks"), rejects


def _mem(stage: str) -> None:
    if log.isEnabledFor(logging.DEBUG):
        status = {}
        try:
            with open("/proc/self/status", encoding="ascii") as f:
                status = dict(line.split(":", 1) for line in f if line.startswith(("VmRSS", "VmHWM")))
        except OSError:
            pass
        log.debug(
            "tasks stage %s (cpu %.1f s): Arrow memory %.0f MB; %s",
            stage,
            time.process_time(),
            pa.total_allocated_bytes() / 1e6,
            " ".join(f"{k}={v.strip()}" for k, v in status.items()),
        )


# ---------------------------------------------------------- derived tables


def _organizations(tasks: pa.Table, ctx: TransformContext | None) -> pa.Table:
    names = tasks.column("host_org").to_pylist()
    ids = tasks.column("host_org_id").to_pylist()
    raws = tasks.column("host_org_raw").to_pylist()
    spellings: dict[str, dict[str, int]] = {}
    aliases: dict[str, set[str]] = {}
    for oid, name, raw in zip(ids, names, raws):
        if not oid:
            continue
        seen = spellings.setdefault(oid, {})
        seen[name] = seen.get(name, 0) + 1
        alias = " ".join(str(raw).split()) if raw else None
        if alias:
            aliases.setdefault(oid, set()).add(alias)
    current = ctx.province.current_code(ctx.now.date()) if ctx else None
    out = []
    for oid in sorted(spellings):
        name = display_name(spellings[oid])
        # every other spelling seen, canonical or as written, is an alias
        other = (aliases.get(oid, set()) | set(spellings[oid])) - {name}
        out.append(
            {
                "org_id": oid,
                "name": name,
                "aliases": sorted(other),
                "kind": org_kind(name),
                "province_code": current if re.search(r"\b(tỉnh|huyện|xã|thành phố)\b", name) else None,
            }
        )
    return _with_hash(schemas.conform("organizations", out), "organizations")


def _people(tasks: pa.Table) -> pa.Table:
    rows: dict[str, dict] = {}
    for pid, name, title, oid, raw in zip(
        *(
            tasks.column(c).to_pylist()
            for c in ("person_id", "principal_investigator", "pi_title", "host_org_id", "principal_investigator_raw")
        )
    ):
        if not pid:
            continue
        r = rows.get(pid)
        if r is None:
            rows[pid] = {"person_id": pid, "name": name, "title": title, "org_id": oid, "name_raw": raw}
        elif title and (not r["title"] or len(title) > len(r["title"])):
            r["title"] = title  # the fullest title seen (PGS.TS. over TS.)
    out = [rows[k] for k in sorted(rows)]
    return _with_hash(schemas.conform("people", out), "people")


def _documents(tasks: pa.Table) -> pa.Table:
    rows: dict[str, dict] = {}
    for raw, date, url in zip(*(tasks.column(c).to_pylist() for c in ("decision_raw", "decision_date", "source_url"))):
        if not raw:
            continue
        refs = parse_doc_refs(raw)
        for ref in refs:
            did = doc_id(ref, date)
            if did not in rows:
                rows[did] = {
                    "doc_id": did,
                    "number": ref.number,
                    "year": ref.year or (int(date[:4]) if date else None),
                    "type": ref.type,
                    "issuer": ref.issuer,
                    "date": date if len(refs) == 1 else None,
                    "title": None,
                    "url": url,
                    "raw": ref.raw,
                }
    out = [rows[k] for k in sorted(rows)]
    return _with_hash(schemas.conform("documents", out), "documents")


def _publications(records: list[dict], tasks: pa.Table, ctx: TransformContext) -> tuple[pa.Table, list[dict]]:
    """Publications table via transforms.publications (normalize, dedup, link to tasks)."""
    from transforms.publications import to_publications

    hook = ctx.publications_hook or to_publications
    pubs, rej = hook(records, tasks, ctx, previous=ctx.previous.get("publications"))
    rej_rows = rej.to_pylist() if isinstance(rej, pa.Table) else list(rej or [])
    return schemas.conform("publications", pubs), rej_rows


def build_tables(records: Iterable[dict], ctx: TransformContext) -> TableSet:
    """Canonical tables (tasks, organizations, people, documents, publications, rejects)."""
    task_recs: list[dict] = []
    pub_recs: list[dict] = []
    rejects: list[dict] = []
    for rec in records:
        if rec.get("reject"):
            rejects.append(
                reject(
                    rec.get("source"),
                    rec.get("table"),
                    rec.get("record_ref"),
                    rec.get("stage") or "extract",
                    rec.get("field"),
                    rec.get("reason") or "unspecified",
                    rec.get("raw_value"),
                )
            )
        elif rec.get("table") == "publications":
            pub_recs.append(rec)
        elif rec.get("table", "tasks") == "tasks":
            task_recs.append(rec)
        else:
            rejects.append(
                reject(
                    rec.get("source"),
                    rec.get("table"),
                    rec.get("record_ref"),
                    "normalize",
                    "table",
                    "unknown target table",
                    rec.get("table"),
                )
            )
    tasks, trej = transform_tasks(lambda: records_to_table(task_recs), ctx)
    rejects.extend(trej)
    out: TableSet = {
        "tasks": tasks,
        "organizations": _organizations(tasks, ctx),
        "people": _people(tasks),
        "documents": _documents(tasks),
    }
    out["publications"], prej = _publications(pub_recs, tasks, ctx)
    rejects.extend(prej)
    for r in rejects:
        r.setdefault("run_id", ctx.run_id)
        r.setdefault("rejected_at", ctx.now)
        if r.get("run_id") is None:
            r["run_id"] = ctx.run_id
        if r.get("rejected_at") is None:
            r["rejected_at"] = ctx.now
    out["rejects"] = schemas.conform("rejects", rejects)
    log.info(
        "transform %s: %d tasks, %d organizations, %d people, %d documents, %d publications, %d rejects",
        ctx.run_id,
        *(out[t].num_rows for t in OUTPUT_TABLES),
    )
    return out
