"""Normalize raw task records into canonical ``tasks`` rows, column by column.

One implementation: plain per-value functions (the ``r_*`` rules) run once per distinct value
(or distinct combination, e.g. a budget and its header unit) of each input column, and Arrow
maps the results back to the rows (``_apply``). Most columns have few distinct values, which is
what makes a million rows cheap. A single record (``stcat parse``) is a one-row table.

Longer than ~500 lines because the per-field rules and the one function that applies them over
a table's distinct values are read together (plus the one table-level check they need: render dates).

A value that cannot be normalized becomes null plus a reject (stage ``normalize``, the field
and the reason, the raw text); only a record without a usable title is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transforms import dates, money, vocab
from transforms.admin import province_codes, reference_date
from transforms.decisions import parse_doc_refs
from transforms.fields import field_code
from transforms.orgs import canonical_org, org_id, same_as_map
from transforms.people import person_id, split_person
from transforms.text import clean, needs_repair, repair

log = logging.getLogger(__name__)

RAW_FIELDS = (
    "code",
    "title",
    "level",
    "kind",
    "host_org",
    "principal_investigator",
    "pi_title",
    "period",
    "start_date",
    "end_date",
    "budget",
    "budget_state",
    "status",
    "acceptance_grade",
    "acceptance_date",
    "decision",
    "decision_date",
    "field",
    "applied",
)
_NO_RAW_COLUMN = ("applied", "pi_title")  # pi_title as written is the canonical title's own source
HINTS = (
    "date_order",
    "money_unit",
    "budget_state_unit",
    "section",
    "kind_section",
    "page_date",
    "page_title",
    "level",
    "level_raw",
    "table_title",
    "machine_numbers",
    "attachment_of",
)
META = ("source", "record_ref", "source_url", "fetched_at", "confidence", "extras")

Problem = tuple[str, str, Any]  # (field, reason, raw value)


@dataclass(frozen=True)
class TaskEnv:
    """What task normalization needs from the run context."""

    province_name: str | None
    province: Any  # config.loader.Province | None
    today: dt.date
    # curated organization merges: org id of the written name -> canonical name (transforms.orgs.same_as_map)
    org_same_as: Mapping[str, str] = dc_field(default_factory=dict)


# ----------------------------------------------------------------- value rules


def _text(raw: Any, field: str) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    if raw is None:
        return (None,), ()
    s = str(raw)
    if needs_repair(s):
        r = repair(s)
        if r.problem:
            return (None,), ((field, r.problem, raw),)
        return (r.value,), ()
    return (clean(s),), ()


def r_title(raw: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """title"""
    (v,), probs = _text(raw, "title")
    if v is None and not probs:
        probs = (("title", "missing title", raw),)
    return (v,), probs


def r_code(raw: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """code: cleaned, inner spaces around dashes removed"""
    (v,), probs = _text(raw, "code")
    if v and " " in v:
        v = _CODE_SPACES.sub(_keep_sep, v)
    return (v,), probs


_CODE_SPACES = re.compile(r"\s*([-/])\s*")


def _keep_sep(m: re.Match) -> str:
    return m.group(1)


def r_level(raw: Any, hint: Any, hint_raw: Any = None) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """level, level_raw: from the cell, else from the table/page hint (level_raw = the text it
    was read from, as the extractor reports it in ``hints.level_raw``)"""
    v = vocab.level(raw) if raw else None
    src = raw
    if v is None and not raw and hint:
        v = hint if hint in ("national", "ministry", "provincial", "grassroots") else vocab.level(hint)
        src = hint_raw or (None if hint in ("national", "ministry", "provincial", "grassroots") else hint)
    probs = (("level", "unknown level", raw),) if raw and v is None else ()
    return (v, src), probs


def r_vocab(fn: Callable[[Any], Any], field: str) -> Callable[..., tuple[tuple[Any, ...], tuple[Problem, ...]]]:
    def rule(raw: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
        v = fn(raw) if raw else None
        return (v,), ((field, f"unknown {field}", raw),) if raw and v is None and clean(raw) else ()

    rule.__doc__ = field
    return rule


def r_kind(
    raw: Any, title: Any, section: Any, table_title: Any, page_title: Any = None
) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """kind, kind_raw: from the cell; else from the title's opening words (``Dự án sản xuất thử
    nghiệm …``), the section row above (``II. Dự án SXTN``), the table title, the page title, each
    only when it names one kind; kind_raw = the text it was read from. A bare ``Dự án`` names no
    kind (SXTN or KH&CN is not said): then nothing, rather than a guess."""
    v = vocab.kind(raw) if raw else None
    if _cell_names_kind(v):
        return (v, raw), ()
    for ctx_text, read in (
        (title, vocab.kind_from_title),
        (section, vocab.kind_in_context),
        (table_title, vocab.kind_in_context),
        (page_title, vocab.kind_in_context),
    ):
        k = read(ctx_text) if ctx_text else None
        if k:
            return (k, ctx_text), ()
    if raw and v is None and clean(raw) and not vocab.kind_ambiguous(raw) and vocab.status(raw) is None:
        return (None, raw), (("kind", "unknown kind", raw),)  # "Tuyển chọn" in a "Hình thức" column is no kind
    return (v, raw), ()


def _cell_names_kind(v: Any) -> bool:
    """Whether the kind read from the cell settles ``r_kind`` (no context is read then)."""
    return v is not None and v != "other"


def r_org(
    raw: Any, province_name: Any, same_as: Mapping[str, str] | None = None
) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """host_org, host_org_id (``same_as``: curated merges, see TaskEnv.org_same_as)"""
    (v,), probs = _text(raw, "host_org")
    if not v:
        return (None, None), probs
    name = canonical_org(v, province_name).name
    if not name:
        return (name, None), probs
    oid = org_id(name)
    if same_as and oid in same_as:
        name = same_as[oid]
        oid = org_id(name)
    return (name, oid), probs


def r_person_name(raw: Any, title_raw: Any = None) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """principal_investigator, pi_title (``title_raw``: an academic-title column of its own,
    "Học hàm, học vị", read with the name)"""
    (v,), probs = _text(raw, "principal_investigator")
    if not v:
        return (None, None), probs
    t = clean(str(title_raw)) if title_raw else ""
    p = split_person(f"{t} {v}" if t else v)
    if not p.name:
        return (None, p.title), probs + (("principal_investigator", "no person name found", raw),)
    return (p.name, p.title), probs


def r_person_id(name: Any, host_id: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """person_id (name + host organization)"""
    return (person_id(name, host_id) if name else None,), ()


def r_dates(
    period: Any, start: Any, end: Any, order: Any, today: dt.date
) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """start_date, end_date from the explicit cells, else the period"""
    order = order if order in ("dmy", "mdy") else "dmy"
    probs: list[Problem] = []
    s = e = None
    if start:
        r = dates.parse_date(str(start), order=order, now=today)
        s = r.value
        if r.problem:
            probs.append(("start_date", r.problem, start))
    if end:
        r = dates.parse_date(str(end), order=order, now=today)
        e = r.value
        if r.problem:
            probs.append(("end_date", r.problem, end))
    if period and (s is None or e is None):
        p = dates.parse_period(str(period), order=order, start=s, now=today)
        if p.problem and p.months and p.start is None and p.end is None and p.problem.startswith("duration of"):
            pass  # "24 tháng": a length and no date stated (period_raw keeps it)
        elif p.problem:
            probs.append(("period", p.problem, period))
        else:
            s = s or p.start
            e = e or p.end
    return (s, e), tuple(probs)


def _machine(v: Any) -> frozenset[str]:
    """Fields an extractor marked as machine numbers (list, or comma-joined text)."""
    if not v:
        return frozenset()
    return frozenset(v) if isinstance(v, (list, tuple)) else frozenset(str(v).split(","))


def r_money(raw: Any, unit: Any, field: str, machine: bool = False) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """amount in VND, flags"""
    if raw is None:
        return (None, None), ()
    r = money.parse_money(str(raw), unit_hint=unit, machine=bool(machine))
    probs = ((field, r.problem, raw),) if r.problem else ()
    return (r.value, r.flags_text), probs


def r_date(raw: Any, order: Any, field: str, today: dt.date) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    if not raw:
        return (None,), ()
    r = dates.parse_date(str(raw), order=order if order in ("dmy", "mdy") else "dmy", now=today)
    return (r.value,), ((field, r.problem, raw),) if r.problem else ()


def r_decision(raw: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """decision_no (numbers joined by '; ')"""
    if not raw:
        return (None,), ()
    refs = parse_doc_refs(str(raw))
    if not refs:
        return (clean(raw),), (("decision", "no document number recognised", raw),)
    return ("; ".join(dict.fromkeys(r.number for r in refs)),), ()


def r_date_in_decision(decision: Any, order: Any, today: dt.date) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """decision_date from ``… ngày 12/10/2023`` in the decision text (used when no date cell)"""
    if decision:
        text = str(decision)
        m = re.search(r"ngày\s*(.+)$", text, re.I) or _DATE_AFTER_NO.search(text)
        if m:
            r = dates.parse_date(m.group(1), order=order if order in ("dmy", "mdy") else "dmy", now=today)
            if r.value and r.precision == "day":
                return (r.value,), ()
    return (None,), ()


# "1234/QĐ-UBND, 10/3/2023" or "1234/QĐ-UBND (10/3/2023)": a day written after the number without "ngày"
_DATE_AFTER_NO = re.compile(r"/\s*[A-ZĐa-zđ][^\s,;()]*[\s,;(]+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})")


def r_field(raw: Any, section: Any) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """field_code from the cell, else from the section row above"""
    if raw:
        r = field_code(str(raw))
        if r.code or not section:
            return (r.code,), (("field", r.problem, raw),) if r.problem else ()
    if section:
        r = field_code(str(section))
        return (r.code,), ()  # a section heading need not be a field: no reject
    return (None,), ()


# --------------------------------------------------------------- shared assembly


def _flags(a: Any, b: Any) -> Any:
    parts = [f"budget:{a}" if a else None, f"state:{b}" if b else None]
    return ";".join(p for p in parts if p) or None


def env_from(ctx: Any) -> TaskEnv:
    """TaskEnv from a TransformContext (or None: no province, today in UTC)."""
    if ctx is None:
        return TaskEnv(None, None, dt.datetime.now(dt.timezone.utc).date())
    return TaskEnv(
        ctx.province.name,
        ctx.province,
        ctx.now.date(),
        same_as_map(ctx.org_same_as, ctx.province.name) if ctx.org_same_as else {},
    )


def _province(env: TaskEnv, ref: dt.date) -> tuple[Any, Any]:
    if env.province is None:
        return None, None
    return province_codes(env.province, ref, env.today)


def _float(v: Any) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _extras(v: Any) -> str | None:
    if not v:
        return None
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)


def _iso_ts(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.timezone.utc).isoformat() if v.tzinfo else v.isoformat()
    return str(v)


# ------------------------------------------------------------------- column-wise


def records_to_table(records: Iterable[dict]) -> pa.Table:
    """Raw task records -> a flat raw table (``f_<field>``, ``h_<hint>`` and meta columns)."""
    cols: dict[str, list[Any]] = {k: [] for k in (*META, *(f"f_{x}" for x in RAW_FIELDS), *(f"h_{x}" for x in HINTS))}
    for r in records:
        f = r.get("fields") or {}
        h = r.get("hints") or {}
        for k in META:
            v = r.get(k)
            cols[k].append(_extras(v) if k == "extras" else (_iso_ts(v) if k == "fetched_at" else v))
        for k in RAW_FIELDS:
            v = f.get(k)
            cols[f"f_{k}"].append(None if v is None else str(v))
        for k in HINTS:
            v = h.get(k)
            if isinstance(v, (list, tuple)):
                v = ",".join(map(str, v))
            cols[f"h_{k}"].append(None if v is None else str(v))
    cols["confidence"] = [_float(v) for v in cols["confidence"]]
    cols["source"] = [None if v is None else str(v) for v in cols["source"]]
    for k in ("record_ref", "source_url"):
        cols[k] = [None if v is None else str(v) for v in cols[k]]
    return pa.table({k: pa.array(v, type=pa.float64() if k == "confidence" else pa.string()) for k, v in cols.items()})


def _col(table: pa.Table, name: str, typ: pa.DataType = pa.string()) -> pa.ChunkedArray:
    """A column as-is (no copy of its chunks); missing -> nulls."""
    if name not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, typ)])
    col = table.column(name)
    return col if col.type == typ else col.cast(typ)


Problems = list[tuple[np.ndarray, tuple[Problem, ...]]]


_BATCH = 65536  # distinct inputs turned into Python objects at a time (bounds memory on ~unique titles)

Coded = tuple[pa.Array, np.ndarray]  # (distinct values, last one null; int64 code of every row)


def _codes_of(c: pa.Array | pa.ChunkedArray | Coded) -> Coded:
    """(distinct values with a trailing null, int64 code of every row) of a column: one Arrow
    dictionary encoding (an already encoded column, e.g. an earlier output, is used as it is)."""
    if isinstance(c, tuple):
        return c
    if isinstance(c, pa.ChunkedArray) and (pa.types.is_dictionary(c.type) or c.num_chunks == 0):
        c = c.combine_chunks()
    if not pa.types.is_dictionary(c.type):
        c = pc.dictionary_encode(c)  # nulls stay null; the chunks of a chunked column share one dictionary
    chunks = c.chunks if isinstance(c, pa.ChunkedArray) else [c]
    d = pa.concat_arrays([chunks[0].dictionary, pa.nulls(1, chunks[0].dictionary.type)])
    idx = [pc.fill_null(ch.indices, len(d) - 1).to_numpy(zero_copy_only=False) for ch in chunks]
    return d, (np.concatenate(idx) if len(idx) > 1 else idx[0]).astype(np.int64)


def _add_problems(bad: dict[int, tuple[Problem, ...]], fcodes: np.ndarray, n_uniq: int, problems: Problems) -> None:
    """Problems of distinct values -> one entry per row that holds such a value."""
    if not bad:
        return
    is_bad = np.zeros(n_uniq, dtype=bool)
    is_bad[list(bad)] = True
    for r in np.flatnonzero(is_bad[fcodes]):
        problems.append((np.array([r]), bad[int(fcodes[r])]))


def _to_rows(values: pa.Array, fcodes: np.ndarray) -> pa.Array:
    """Results per distinct input -> a column over the rows (strings: a dictionary array whose
    dictionary holds each distinct result once, so later combinations stay few)."""
    if not pa.types.is_string(values.type):
        return values.take(pa.array(fcodes))
    enc = pc.dictionary_encode(values)  # nulls stay null in the indices
    indices = enc.indices.take(pa.array(fcodes.astype(np.int32)))
    return pa.DictionaryArray.from_arrays(indices, enc.dictionary)


def _apply(
    fn: Callable[..., tuple[tuple[Any, ...], tuple[Problem, ...]]],
    cols: Sequence[pa.Array | pa.ChunkedArray | Coded],
    types: Sequence[pa.DataType],
    problems: Problems,
) -> list[pa.Array]:
    """Run ``fn`` once per distinct combination of ``cols``; map outputs back to rows in Arrow.

    Distinct values come from Arrow dictionary encoding, so only the distinct inputs ever become
    Python objects, ``_BATCH`` of them at a time; results are taken back by index (no per-row
    Python work). A column may be given already coded (``_codes_of``), to share one encoding.
    """
    parts = [_codes_of(c) for c in cols]
    if len(parts) == 1:
        d, fcodes = parts[0]
        digits = [np.arange(len(d), dtype=np.int64)]
    else:
        codes = np.zeros(len(parts[0][1]), dtype=np.int64)
        for d, idx in parts:
            codes = codes * len(d) + idx
        fcodes, uniq = pd.factorize(codes)
        del codes
        digits = []
        rest = np.asarray(uniq, dtype=np.int64)
        for d, _ in reversed(parts):  # mixed-radix digits, last column first
            rest, k = np.divmod(rest, len(d))
            digits.append(k)
        digits.reverse()
    n_uniq = len(digits[0])
    chunks: list[list[pa.Array]] = [[] for _ in types]
    bad: dict[int, tuple[Problem, ...]] = {}
    for lo in range(0, n_uniq, _BATCH):
        arg_lists = [
            d.slice(lo, _BATCH).to_pylist() if len(parts) == 1 else d.take(pa.array(k[lo : lo + _BATCH])).to_pylist()
            for (d, _), k in zip(parts, digits)
        ]
        outs: list[list[Any]] = [[] for _ in types]
        for j, args in enumerate(zip(*arg_lists), lo):
            vals, probs = fn(*args)
            for o, v in zip(outs, vals):
                o.append(v)
            if probs:
                bad[j] = probs
        del arg_lists
        for ch, o, t in zip(chunks, outs, types):
            ch.append(pa.array(o, t))
    _add_problems(bad, fcodes, n_uniq, problems)
    return [_to_rows(pa.concat_arrays(ch) if ch else pa.array([], t), fcodes) for ch, t in zip(chunks, types)]


S, I, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()  # noqa: E741

_SITE_TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving


def render_date_sources(
    page_date: pa.ChunkedArray, fetched_at: pa.ChunkedArray, source: pa.ChunkedArray, page: pa.ChunkedArray
) -> dict[str, str]:
    """Sources whose page dates are the date the page was rendered, not published: {source: why}.

    Some CMS themes print today's date in the header, and a date selector that lands on it
    dates every article to the day it was crawled. Then every dated page of the source (at
    least 3) carries the local date of its own fetch, or at least 5 pages all carry one same
    date; a site that publishes does not date several pages fetched at different times to the
    moment each was fetched. ``page`` identifies the article (an attachment counts as its
    article's page). A nightly crawl revisits old articles too (conditional GETs), so the
    pages of a healthy source span many dates.
    """
    t = pa.table(
        {
            "d": page_date.cast(S),
            "f": fetched_at.cast(S),
            "s": pc.fill_null(source.cast(S), "unknown"),
            "u": page.cast(S),
        }
    )
    t = t.filter(pc.and_(pc.is_valid(t["d"]), pc.is_valid(t["u"])))
    if t.num_rows == 0:
        return {}
    # one row per page (Arrow, not Python, over what may be a million rows)
    per_page = t.group_by(["s", "u"]).aggregate([("d", "min"), ("f", "min")])
    pages: dict[str, dict[str, tuple[str, str | None]]] = {}
    for s, u, d, f in zip(*(per_page[c].to_pylist() for c in ("s", "u", "d_min", "f_min"))):
        local = None
        if f:
            try:
                ts = dt.datetime.fromisoformat(f.replace("Z", "+00:00"))
                local = (
                    (ts if ts.tzinfo else ts.replace(tzinfo=dt.timezone.utc)).astimezone(_SITE_TZ).date().isoformat()
                )
            except ValueError:
                local = None
        pages.setdefault(s, {})[u] = (d[:10], local)
    out: dict[str, str] = {}
    for s, by_page in pages.items():
        n = len(by_page)
        if n < 3:
            continue
        dates = {d for d, _ in by_page.values()}
        if all(d == local for d, local in by_page.values()):
            out[s] = f"all {n} dated pages carry the date they were fetched"
        elif len(dates) == 1 and n >= 5:
            out[s] = f"all {n} dated pages carry the same date {next(iter(dates))}"
    return out


def normalize_tasks_table(raw: pa.Table, env: TaskEnv) -> tuple[pa.Table, list[tuple[int, Problem]]]:
    """Normalization of a raw table (see ``records_to_table``), each rule once per distinct input.

    Returns one normalized row per input row (canonical task columns except task_id and
    record_hash, plus ``page_date`` and ``record_ref`` for linking) and (row, problem) pairs.
    """
    Fc = {k: _col(raw, f"f_{k}") for k in RAW_FIELDS}
    H = {k: _col(raw, f"h_{k}") for k in HINTS}
    n = raw.num_rows
    problems: Problems = []
    out: dict[str, pa.Array] = {}
    title = _codes_of(Fc["title"])  # one encoding of the (nearly unique) titles for both rules that read them
    (out["title"],) = _apply(r_title, [title], [S], problems)
    (out["code"],) = _apply(r_code, [Fc["code"]], [S], problems)
    out["level"], level_raw = _apply(r_level, [Fc["level"], H["level"], H["level_raw"]], [S, S], problems)
    kind_section = pc.coalesce(H["kind_section"].combine_chunks(), H["section"].combine_chunks())
    # r_kind reads the title only where the kind cell settles nothing: elsewhere it gets a null
    # title, so its distinct combinations are not one per row
    (settled,) = _apply(lambda v: ((_cell_names_kind(vocab.kind(v) if v else None),), ()), [Fc["kind"]], [B], problems)
    kind_title = (title[0], np.where(settled.to_numpy(zero_copy_only=False), len(title[0]) - 1, title[1]))
    out["kind"], kind_raw = _apply(
        r_kind, [Fc["kind"], kind_title, kind_section, H["table_title"], H["page_title"]], [S, S], problems
    )
    del title, kind_title
    prov = pa.array([env.province_name] * 1, S).take(pa.array(np.zeros(n, dtype=np.int64)))
    out["host_org"], out["host_org_id"] = _apply(
        lambda v, p: r_org(v, p, env.org_same_as), [Fc["host_org"], prov], [S, S], problems
    )
    out["principal_investigator"], out["pi_title"] = _apply(
        r_person_name, [Fc["principal_investigator"], Fc["pi_title"]], [S, S], problems
    )
    (out["person_id"],) = _apply(r_person_id, [out["principal_investigator"], out["host_org_id"]], [S], problems)
    out["start_date"], out["end_date"] = _apply(
        lambda p, s_, e, o: r_dates(p, s_, e, o, env.today),
        [Fc["period"], Fc["start_date"], Fc["end_date"], H["date_order"]],
        [S, S],
        problems,
    )
    bud, bfl = _apply(
        lambda v, u, m: r_money(v, u, "budget", "budget" in _machine(m)),
        [Fc["budget"], H["money_unit"], H["machine_numbers"]],
        [I, S],
        problems,
    )
    state_unit = pc.coalesce(H["budget_state_unit"].combine_chunks(), H["money_unit"].combine_chunks())
    st, sfl = _apply(
        lambda v, u, m: r_money(v, u, "budget_state", "budget_state" in _machine(m)),
        [Fc["budget_state"], state_unit, H["machine_numbers"]],
        [I, S],
        problems,
    )
    out["budget_vnd"], out["budget_state_vnd"] = bud, st
    (out["budget_flags"],) = _apply(lambda a, b: ((_flags(a, b),), ()), [bfl, sfl], [S], problems)
    (out["status"],) = _apply(r_vocab(vocab.status, "status"), [Fc["status"]], [S], problems)
    (out["acceptance_grade"],) = _apply(
        r_vocab(vocab.grade, "acceptance_grade"), [Fc["acceptance_grade"]], [S], problems
    )
    (out["acceptance_date"],) = _apply(
        lambda v, o: r_date(v, o, "acceptance_date", env.today), [Fc["acceptance_date"], H["date_order"]], [S], problems
    )
    (out["applied"],) = _apply(r_vocab(vocab.applied, "applied"), [Fc["applied"]], [B], problems)
    (out["decision_no"],) = _apply(r_decision, [Fc["decision"]], [S], problems)
    (dd,) = _apply(
        lambda v, o: r_date(v, o, "decision_date", env.today), [Fc["decision_date"], H["date_order"]], [S], problems
    )
    (dd_text,) = _apply(
        lambda d, o: r_date_in_decision(d, o, env.today), [Fc["decision"], H["date_order"]], [S], problems
    )
    no_cell = pc.invert(pc.fill_null(pc.greater(pc.utf8_length(Fc["decision_date"].combine_chunks()), 0), False))
    dd, dd_text = dd.cast(S), dd_text.cast(S)
    out["decision_date"] = pc.if_else(no_cell, pc.coalesce(dd, dd_text), dd)
    (out["field_code"],) = _apply(r_field, [Fc["field"], H["section"]], [S], problems)
    fetched = _col(raw, "fetched_at")
    render = render_date_sources(
        H["page_date"],
        fetched,
        _col(raw, "source"),
        pc.coalesce(
            H["attachment_of"].combine_chunks(),
            _col(raw, "source_url").combine_chunks(),
            _col(raw, "record_ref").combine_chunks(),
        ),
    )
    if render:
        for s_, why in sorted(render.items()):
            log.warning("source %s: page dates ignored as render dates (%s)", s_, why)
        keep = pc.invert(
            pc.is_in(
                pc.fill_null(_col(raw, "source").combine_chunks(), "unknown"), value_set=pa.array(sorted(render), S)
            )
        )
        H["page_date"] = pa.chunked_array([pc.if_else(keep, H["page_date"].combine_chunks(), pa.scalar(None, S))])
    # reference date for the province code: page date, else decision date, else start, else fetch date
    ref = pc.utf8_slice_codeunits(
        pc.coalesce(
            H["page_date"].combine_chunks(), out["decision_date"], out["start_date"].cast(S), fetched.combine_chunks()
        ),
        0,
        10,
    )
    out["province_code"], out["province_code_legacy"] = _apply(
        lambda r: (_province(env, reference_date(r, fallback=env.today)), ()), [ref], [S, S], problems
    )
    out["confidence"] = _col(raw, "confidence", F)
    out["source"] = pc.fill_null(_col(raw, "source"), "unknown")
    out["source_url"] = _col(raw, "source_url")
    out["extras"] = _col(raw, "extras")
    out["fetched_at"] = fetched
    out["page_date"] = H["page_date"]
    out["record_ref"] = _col(raw, "record_ref")
    for k in RAW_FIELDS:
        if k not in _NO_RAW_COLUMN:
            out["decision_raw" if k == "decision" else f"{k}_raw"] = Fc[k]
    out["level_raw"], out["kind_raw"] = level_raw, kind_raw
    flat: list[tuple[int, Problem]] = [(int(i), p) for rows, probs in problems for i in rows for p in probs]
    flat.sort(key=lambda x: x[0])
    return pa.table(out), flat
