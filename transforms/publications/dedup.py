"""Publications, step 2: cluster the normalized rows across sources (rules R0-R3 of the package
docstring, union-find) and merge each cluster into one row by field precedence; stable ``pub_id``."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms import schemas
from transforms.publications.cluster import (
    _NO_YEAR,
    MIN_EXACT_TITLE_TOKENS,
    _cluster_codes,
    _codes,
    _flat_lists,
    _py_take,
)

log = logging.getLogger(__name__)


# Per field, collectors in order of preference; "previous" = a row of the last published table.
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "title": ("oai_pmh", "crossref", "openalex", "previous"),
    "authors": ("crossref", "oai_pmh", "openalex", "previous"),
    "year": ("crossref", "oai_pmh", "openalex", "previous"),
    "venue": ("crossref", "openalex", "oai_pmh", "previous"),
    "language": ("oai_pmh", "crossref", "openalex", "previous"),
    "abstract": ("oai_pmh", "openalex", "crossref", "previous"),
    "url": ("oai_pmh", "crossref", "openalex", "previous"),
    "doi": ("crossref", "openalex", "oai_pmh", "previous"),
}


# ----------------------------------------------------------------------------- merge
#
# The merge works on numpy cluster/order arrays and builds the per-cluster list columns in
# Arrow, not as per-cluster Python lists (those dominated peak memory at a million records).


def _ranker(collectors: pa.ChunkedArray) -> Any:
    """rank(order) -> int32 rank of every row's collector in `order` (len(order) if absent)."""
    uniq = pc.unique(collectors)
    codes = np.asarray(pc.index_in(collectors, value_set=uniq).to_numpy(), dtype=np.int64)
    names = uniq.to_pylist()

    def rank(order: tuple[str, ...]) -> np.ndarray:
        ranks = {c: r for r, c in enumerate(order)}
        return np.array([ranks.get(c, len(order)) for c in names], dtype=np.int32)[codes]

    return rank


def _pick_idx(
    rows: pa.Table,
    field: str,
    rank: np.ndarray,
    cluster: np.ndarray,
    ordv: np.ndarray,
    n_clusters: int,
    nonempty: bool = False,
) -> pa.Array:
    """Per cluster, the row index holding `field` from the preferred collector (lowest `rank`)
    that has one, ties broken by canonical order `ordv`; null where no row has one."""
    col = rows.column(field)
    valid = pc.is_valid(col)
    if nonempty:
        valid = pc.and_(valid, pc.greater(pc.fill_null(pc.list_value_length(col), 0), 0))
    sel = np.flatnonzero(valid.to_numpy(zero_copy_only=False))
    srt = sel[np.lexsort((ordv[sel], rank[sel], cluster[sel]))]
    cs = cluster[srt]
    first = np.r_[True, cs[1:] != cs[:-1]] if len(cs) else np.zeros(0, bool)
    idx = np.full(n_clusters, -1, dtype=np.int64)
    idx[cs[first]] = srt[first]
    return pa.array(idx, mask=idx < 0)


def _distinct_lists(
    cluster: np.ndarray, values: pa.ChunkedArray, n_clusters: int, *, ordv: np.ndarray | None = None
) -> pa.Array:
    """list<string> of n_clusters: per cluster, the distinct non-null `values` (one cluster id
    per value), sorted; or, given `ordv`, in the order Arrow's grouped "distinct" gives them
    after a sort by (cluster, ordv) -- as the former version did (that order is not always the
    order of first appearance, and the output must stay the same)."""
    if ordv is not None:
        t = pa.table({"c": cluster, "o": ordv, "v": values.combine_chunks()}).sort_by(
            [("c", "ascending"), ("o", "ascending")]
        )
        g = t.group_by("c", use_threads=False).aggregate([("v", "distinct")])
        del t
        lists = g.column("v_distinct").combine_chunks()
        values = pc.list_flatten(lists)
        cluster = g.column("c").to_numpy()[np.asarray(pc.list_parent_indices(lists).to_numpy(), np.int64)]
        keep = pc.is_valid(values).to_numpy(zero_copy_only=False)
        by_cluster = np.flatnonzero(keep)[np.argsort(cluster[keep], kind="stable")]
        cs, out = cluster[by_cluster], values.take(pa.array(by_cluster))
    else:  # code point order of str = byte order of UTF-8 = Arrow's string order
        valid = pc.is_valid(values).to_numpy(zero_copy_only=False)
        uniq = pc.unique(values.filter(pa.array(valid)))
        codes = np.asarray(pc.fill_null(pc.index_in(values, value_set=uniq), -1).to_numpy(), dtype=np.int64)
        nv = len(uniq)
        by_value = pc.sort_indices(uniq).to_numpy()
        rank = np.empty(nv, dtype=np.int64)
        rank[by_value] = np.arange(nv)
        cs, vi = np.divmod(np.unique(cluster[valid] * nv + rank[codes[valid]]), max(nv, 1))
        out = uniq.take(pa.array(by_value[vi], pa.int64()))
    offsets = np.zeros(n_clusters + 1, dtype=np.int32)
    np.cumsum(np.bincount(cs, minlength=n_clusters), out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), out.cast(pa.string()))


def dedup(rows: pa.Table) -> pa.Table:
    """Merge normalized rows (new records, tombstones and previous rows) into publications.

    Returns a table with the PUBLICATIONS columns except task_ids and record_hash, plus
    `funding_text` (joined texts of the cluster) used for task linking. Ties are broken by a
    canonical order (previous rows, collector, source id), so the result does not depend on
    the order of the input; the wide columns are never copied in that order.
    """
    return dedup_owned([rows])


def dedup_owned(holder: list[pa.Table]) -> pa.Table:
    """`dedup` of the one table in `holder`, taken out of it: when the caller keeps no other
    reference, the columns of the rows are freed as soon as they are merged (the per-cluster
    lists are then built with fewer rows alive)."""
    rows = holder.pop()
    if rows.num_rows == 0:
        return _finish_empty()
    n = rows.num_rows
    order = pa.table(
        {
            "p": pc.cast(pc.not_equal(rows.column("collector"), "previous"), pa.int8()),
            "c": rows.column("collector"),
            "s": pc.list_element(
                pc.if_else(
                    pc.greater(pc.list_value_length(rows.column("source_ids")), 0),
                    rows.column("source_ids"),
                    pa.scalar([""], pa.list_(pa.string())),
                ),
                0,
            ),
            "i": pa.array(np.arange(n, dtype=np.int64)),
        }
    )
    perm = pc.sort_indices(
        order, [("p", "ascending"), ("c", "ascending"), ("s", "ascending"), ("i", "ascending")]
    ).to_numpy()
    del order
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)  # row -> canonical position

    # clustering keys as integer codes, in canonical order
    tk = rows.column("title_key")
    title = _codes(tk)
    long_title = pc.fill_null(pc.greater_equal(pc.count_substring(tk, " "), MIN_EXACT_TITLE_TOKENS - 1), False)
    exact_title = np.where(long_title.to_numpy(zero_copy_only=False), title, -1)[perm]
    author = _codes(rows.column("author_key"))
    author_r3 = np.where(title >= 0, author, -1)[perm]
    author = author[perm]
    del title, long_title
    years = np.asarray(pc.fill_null(rows.column("year"), _NO_YEAR).to_numpy(), dtype=np.int64)[perm]
    sid_vals, sid_parent = _flat_lists(rows.column("source_ids"))
    sid_rows = inv[sid_parent]
    by_row = np.argsort(sid_rows, kind="stable")
    roots = _cluster_codes(
        _codes(rows.column("doi"))[perm],
        exact_title,
        years,
        author,
        author_r3,
        sid_rows[by_row],
        _codes(sid_vals, keep_empty=True)[by_row],
        functools.partial(_py_take, tk, perm),
    )
    del exact_title, years, author, author_r3, sid_rows, by_row
    uniq_roots, cluster = np.unique(roots, return_inverse=True)  # dense ids in canonical order
    n_clusters = len(uniq_roots)
    del roots, uniq_roots

    # tombstones (rows deleted by a collector): their source ids leave the other rows
    live = rows.column("live").fill_null(False).to_numpy(zero_copy_only=False).copy()
    tomb = rows.column("deleted").fill_null(False).to_numpy(zero_copy_only=False) & pc.fill_null(
        pc.not_equal(rows.column("collector"), "previous"), True
    ).to_numpy(zero_copy_only=False)
    elem_tomb = tomb[sid_parent]
    if elem_tomb.any():
        live &= ~tomb
        dead_ids = pc.unique(sid_vals.filter(pa.array(elem_tomb)))
        hit = pc.is_in(sid_vals, value_set=dead_ids).to_numpy(zero_copy_only=False) & ~elem_tomb
        if hit.any():
            kept = np.bincount(sid_parent[~hit], minlength=n)
            emptied = np.unique(sid_parent[hit])
            live[emptied[kept[emptied] == 0]] = False
            offsets = np.zeros(n + 1, dtype=np.int32)
            np.cumsum(kept, out=offsets[1:])
            kept_ids = sid_vals.filter(pa.array(~hit)).combine_chunks()
            rows = rows.set_column(
                rows.schema.get_field_index("source_ids"),
                "source_ids",
                pa.ListArray.from_arrays(pa.array(offsets), kept_ids),
            )
    else:
        tomb[:] = False
    del sid_vals, sid_parent, elem_tomb
    cluster = cluster[inv]  # back to row order
    cluster_live = np.zeros(n_clusters, dtype=bool)
    cluster_live[cluster[live]] = True
    keep = ~tomb & (live | ~cluster_live[cluster])
    dropped = n_clusters - len(np.unique(cluster[keep]))
    if dropped:
        log.info("publications: %d tombstones matched nothing previously published", dropped)
    rows = rows.set_column(rows.schema.get_field_index("live"), "live", pa.array(live, pa.bool_()))
    ordv = inv
    if not keep.all():
        rows = rows.filter(pa.array(keep))
        cluster, ordv, live = cluster[keep], ordv[keep], live[keep]
    del keep, tomb, cluster_live, inv, perm
    # renumber surviving clusters in canonical order
    uniq, cluster = np.unique(cluster, return_inverse=True)
    n_clusters = len(uniq)
    live_by_cluster = np.zeros(n_clusters, dtype=bool)
    live_by_cluster[cluster[live]] = True

    rank = _ranker(rows.column("collector"))
    pick = {
        f: _pick_idx(rows, f, rank(order), cluster, ordv, n_clusters, nonempty=f == "authors")
        for f, order in [*PRECEDENCE.items(), ("pub_id", ("previous",))]
    }
    out: dict[str, Any] = {}
    for f in ("year", "venue", "language", "abstract", "url"):
        out[f] = rows.column(f).take(pick[f])
    out["title"] = rows.column("title").take(pick["title"])
    out["title_key"] = rows.column("title_key").take(pick["title"])
    out["title_raw"] = pc.coalesce(rows.column("title_raw").take(pick["title"]), out["title"])
    out["doi"], out["doi_raw"] = rows.column("doi").take(pick["doi"]), rows.column("doi_raw").take(pick["doi"])
    out["authors"] = rows.column("authors").take(pick["authors"])
    out["author_key"] = pc.fill_null(rows.column("author_key").take(pick["authors"]), "")
    out["prev_id"] = rows.column("pub_id").take(pick["pub_id"])
    del pick, tk
    rows = rows.select(["collector", "source_ids", "affiliations", "funding_text", "fetched_at"])

    sid_vals, sid_parent = _flat_lists(rows.column("source_ids"))
    source_ids = _distinct_lists(cluster[sid_parent], sid_vals, n_clusters)
    # sources: the collectors of the rows, and those of previous rows through their source ids
    # ("collector:id")
    colls = rows.column("collector")
    real = pc.fill_null(pc.not_equal(colls, "previous"), False).to_numpy(zero_copy_only=False)
    prefixes = pc.list_element(pc.split_pattern(sid_vals, ":", max_splits=1), 0)
    sources = _distinct_lists(
        np.concatenate([cluster[real], cluster[sid_parent]]),
        pa.chunked_array(colls.filter(pa.array(real)).chunks + prefixes.chunks, pa.string()),
        n_clusters,
    )
    del sid_vals, sid_parent, prefixes, real
    aff_vals, aff_parent = _flat_lists(rows.column("affiliations"))
    affiliations = _distinct_lists(cluster[aff_parent], aff_vals, n_clusters, ordv=ordv[aff_parent])
    del aff_vals, aff_parent

    has_f = pc.is_valid(rows.column("funding_text")).to_numpy(zero_copy_only=False)
    funding: list[str | None] = [None] * n_clusters
    if has_f.any():
        fund = pa.table(
            {"c": cluster[has_f], "o": ordv[has_f], "f": rows.column("funding_text").filter(pa.array(has_f))}
        ).sort_by([("c", "ascending"), ("o", "ascending")])
        g = fund.group_by("c", use_threads=False).aggregate([("f", "distinct")])
        for c, vals in zip(g.column("c").to_pylist(), g.column("f_distinct").to_pylist()):
            funding[c] = " | ".join(v for v in vals if v)
    fa = (
        pa.table({"c": cluster, "t": rows.column("fetched_at")})
        .group_by("c", use_threads=False)
        .aggregate([("t", "max")])
    )
    at = np.empty(n_clusters, dtype=np.int64)  # every cluster has rows: all are in fa
    at[fa.column("c").to_numpy()] = np.arange(fa.num_rows)
    fetched = fa.column("t_max").take(pa.array(at))
    del fa, at, rows

    pub_ids = []  # in slices: no 5 x n_clusters Python lists
    for off in range(0, n_clusters, 100_000):
        part = [out[k].slice(off, 100_000).to_pylist() for k in ("prev_id", "doi", "title_key", "year", "author_key")]
        pub_ids.append(pa.array([p or pub_id_for(d, k, y, a) for p, d, k, y, a in zip(*part)], pa.string()))
    return pa.table(
        {
            "pub_id": pa.chunked_array(pub_ids, pa.string()),
            "doi": out["doi"],
            "title": out["title"],
            "authors": out["authors"],
            "year": out["year"],
            "venue": out["venue"],
            "language": out["language"],
            "affiliations": affiliations,
            "abstract": out["abstract"],
            "url": out["url"],
            "sources": sources,
            "source_ids": source_ids,
            "deleted": pa.array(~live_by_cluster),
            "title_raw": out["title_raw"],
            "doi_raw": out["doi_raw"],
            "fetched_at": fetched,
            "funding_text": pa.array(funding, pa.string()),
        }
    )


def _finish_empty() -> pa.Table:
    t = schemas.empty_table("publications").drop_columns(["task_ids", "record_hash"])
    return t.append_column("funding_text", pa.array([], pa.string()))


def pub_id_for(doi: str | None, title_key: str | None, year: int | None, akey: str | None) -> str:
    """Stable id: 'p-' + 16 hex of sha1 of the DOI, else of title key + year + author key."""
    basis = f"doi:{doi}" if doi else f"key:{title_key or ''}|{year or ''}|{akey or ''}"
    return "p-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def record_hash(row: Mapping[str, Any]) -> str:
    """sha256 of the canonical content of a publication row (not fetched_at nor record_hash)."""
    content = {k: v for k, v in row.items() if k not in ("fetched_at", "record_hash", "funding_text")}
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
