"""Publications, step 2a: which normalized rows are one work (rules R0-R3 of the package docstring,
union-find over integer codes; two clusters with different DOIs never merge)."""

from __future__ import annotations

import array
import logging
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process


log = logging.getLogger(__name__)


TITLE_FUZZY_THRESHOLD = 90
MIN_EXACT_TITLE_TOKENS = 4


_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())


# ----------------------------------------------------------------------------- clustering
#
# Memory at scale (bench/bench_pubs.py dedup, results in bench/results): the clustering works on
# integer codes in numpy arrays (equal strings <=> equal codes) rather than Python lists of every
# row's values, and reads title keys as Python strings only for one batch of author groups at a time.

_NO_YEAR = -(2**62)  # "no year" in the int64 year codes (never within 1 of a real year check)
_GROUP_BATCH_ROWS = 200_000  # members of consecutive groups read into Python lists at once


class _UnionFind:
    """Union-find whose roots carry one DOI code (-1: none); unions of two different DOIs are
    refused. The root of a set is always its smallest member."""

    def __init__(self, doi_codes: np.ndarray):
        self.parent = list(range(len(doi_codes)))
        self.doi = array.array("q")
        self.doi.frombytes(np.ascontiguousarray(doi_codes, dtype=np.int64).tobytes())  # 8 B a row

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        da, db = self.doi[ra], self.doi[rb]
        if da >= 0 and db >= 0 and da != db:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.doi[ra] = da if da >= 0 else db
        return True

    def roots(self) -> np.ndarray:
        """Root (smallest member) of every element."""
        par = np.array(self.parent, dtype=np.int64)
        while True:
            nxt = par[par]
            if np.array_equal(nxt, par):
                return par
            par = nxt


def _numbers(key: str) -> frozenset[str]:
    return frozenset(t for t in key.split() if t.isdigit() or t in _ROMAN)


def _similar(k1: str, k2: str) -> bool:
    if k1 == k2:
        return True
    if _numbers(k1) != _numbers(k2):
        return False
    return fuzz.ratio(k1, k2, score_cutoff=TITLE_FUZZY_THRESHOLD) >= TITLE_FUZZY_THRESHOLD


def _codes(values: pa.Array | pa.ChunkedArray, *, keep_empty: bool = False) -> np.ndarray:
    """int64 code of every value (equal values, equal codes); null and "" get -1 unless
    `keep_empty` (then they are values like any other, as None/"" keys of a dict were)."""
    uniq = pc.unique(values)
    codes = np.asarray(pc.index_in(values, value_set=uniq).to_numpy(), dtype=np.int64)
    if not keep_empty:
        drop = [k for k in (pc.index(uniq, "").as_py(),) if k >= 0]
        drop += np.flatnonzero(pc.is_null(uniq).to_numpy(zero_copy_only=False)).tolist()
        if drop:
            codes[np.isin(codes, drop)] = -1
    return codes


def _flat_lists(col: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """Values of a list column, flattened, and the row index each comes from."""
    vals, parents, off = [], [], 0
    for ch in col.chunks:
        vals.append(pc.list_flatten(ch))
        parents.append(np.asarray(pc.list_parent_indices(ch).to_numpy(), dtype=np.int64) + off)
        off += len(ch)
    return (
        pa.chunked_array(vals, type=col.type.value_type),
        np.concatenate(parents) if parents else np.empty(0, np.int64),
    )


def _first_pairs(rows: np.ndarray, codes: np.ndarray) -> tuple[list[int], list[int]]:
    """For every occurrence of a code at a row other than the row where it was first seen:
    (first row, row), in iteration order (`rows`/`codes` are in iteration order)."""
    uniq, first = np.unique(codes, return_index=True)
    first_row = rows[first][np.searchsorted(uniq, codes)]
    later = first_row != rows
    return first_row[later].tolist(), rows[later].tolist()


def _group_batches(codes: np.ndarray) -> Iterator[tuple[np.ndarray, list[int]]]:
    """Rows sharing a code (>= 0) seen more than once, group by group, members ascending, groups
    in the order a first-seen dict yields them (by their second member). Batched: (members of
    consecutive groups, concatenated; offsets of the groups in it, with the end)."""
    rows = np.flatnonzero(codes >= 0)
    if not len(rows):
        return
    srt = rows[np.argsort(codes[rows], kind="stable")]
    c = codes[srt]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    sizes = np.diff(np.r_[starts, len(c)])
    starts, sizes = starts[sizes >= 2], sizes[sizes >= 2]
    by_second = np.argsort(srt[starts + 1], kind="stable")
    starts, sizes = starts[by_second], sizes[by_second]
    ends = np.cumsum(sizes)
    k = 0
    while k < len(starts):
        e = max(k + 1, int(np.searchsorted(ends, ends[k] - sizes[k] + _GROUP_BATCH_ROWS, side="right")))
        bs, bz = starts[k:e], sizes[k:e]
        offs = np.r_[0, np.cumsum(bz)]
        pos = np.arange(offs[-1]) - np.repeat(offs[:-1], bz) + np.repeat(bs, bz)
        yield srt[pos], offs.tolist()
        k = e


def _py_take(col: pa.ChunkedArray, perm: np.ndarray, rows: np.ndarray) -> list[Any]:
    return col.take(pa.array(perm[rows])).to_pylist()


def _cluster_codes(
    doi: np.ndarray,
    exact_title: np.ndarray,
    years: np.ndarray,
    author: np.ndarray,
    author_r3: np.ndarray,
    sid_rows: np.ndarray,
    sid_codes: np.ndarray,
    title_keys: Any,
) -> np.ndarray:
    """Root (the smallest member row) of every row by rules R0-R3, rows in canonical order.

    Codes are -1 where a key is missing: `doi`; `exact_title` (title key with enough tokens for
    R2); `author` (author key); `author_r3` (author key of rows that have a title key); `years`
    holds _NO_YEAR for no year. (sid_rows, sid_codes): every source id of every row, in row and
    list order. `title_keys(rows)` returns the title keys of rows as Python strings.
    """
    uf = _UnionFind(doi)
    for j, i in zip(*_first_pairs(sid_rows, sid_codes)):  # R0
        uf.union(j, i)
    with_doi = np.flatnonzero(doi >= 0)  # R1
    for j, i in zip(*_first_pairs(with_doi, doi[with_doi])):
        uf.union(j, i)
    for members, offs in _group_batches(exact_title):  # R2
        mem, ys, au = members.tolist(), years[members].tolist(), author[members].tolist()
        for g in range(len(offs) - 1):
            end = offs[g + 1]
            for x in range(offs[g], end):
                i, yi, ai = mem[x], ys[x], au[x]
                for y in range(x + 1, min(end, x + 50)):
                    yj = ys[y]
                    if yi != _NO_YEAR and yj != _NO_YEAR and abs(yi - yj) > 1:
                        continue
                    aj = au[y]
                    if ai >= 0 and aj >= 0 and ai != aj:
                        continue
                    uf.union(i, mem[y])
    for members, offs in _group_batches(author_r3):  # R3
        mem, ys, keys = members.tolist(), years[members].tolist(), title_keys(members)
        for g in range(len(offs) - 1):
            start, end = offs[g], offs[g + 1]
            if end - start > 64:
                _fuzzy_block_large(mem[start:end], keys[start:end], ys[start:end], uf)
                continue
            for x in range(start, end):
                i, yi = mem[x], ys[x]
                for y in range(x + 1, end):
                    j, yj = mem[y], ys[y]
                    if yi != _NO_YEAR and yj != _NO_YEAR and abs(yi - yj) > 1:
                        continue
                    if uf.find(i) != uf.find(j) and _similar(keys[x], keys[y]):
                        uf.union(i, j)
    return uf.roots()


def _fuzzy_block_large(members: list[int], keys: list[str], years: list[int], uf: _UnionFind) -> None:
    """R3 for a prolific first author: one vectorized similarity matrix per block (keys and
    years are those of the members)."""
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=TITLE_FUZZY_THRESHOLD, dtype="uint8")
    rows, cols_ = scores.nonzero()
    for x, y in zip(rows.tolist(), cols_.tolist()):
        if y <= x:
            continue
        yi, yj = years[x], years[y]
        if yi != _NO_YEAR and yj != _NO_YEAR and abs(yi - yj) > 1:
            continue
        if _numbers(keys[x]) == _numbers(keys[y]):
            uf.union(members[x], members[y])
