"""Publications: normalize raw records from the OAI-PMH, OpenAlex and Crossref collectors,
deduplicate them across sources, and link them to S&T tasks.

Dedup rules (applied in this order, with union-find; two clusters carrying *different*
DOIs are never merged):

R0  same source id (e.g. a tombstone and the record it deletes, a re-harvest);
R1  same normalized DOI;
R2  same folded title key, years at most 1 apart, at least ``MIN_EXACT_TITLE_TOKENS``
    tokens in the title, and compatible first authors (same author key, or one side
    without authors);
R3  same first-author key, years at most 1 apart, and a folded-title similarity
    ``rapidfuzz.fuzz.ratio >= TITLE_FUZZY_THRESHOLD`` (90 on a 0-100 scale), unless the
    titles differ in a number or a roman numeral ("Part I" / "Part II").

The *author key* is the sorted, diacritic-folded tokens of the first author's full name.
Vietnamese names appear as "Nguyễn Văn An", "Van An Nguyen" or family/given split in
either order depending on the source, so the order-free token set is what stays the same
(a surname alone would be "Nguyễn" for a third of the country).

The threshold 90 was chosen on the fixtures: folding already removes diacritics, case and
punctuation, so genuine duplicates differ by a typo or a dropped word (ratio 93-99), while
distinct papers by the same first author in the same year fall below 80.

Field precedence inside a cluster is in ``PRECEDENCE``; ``pub_id`` is "p-" + a hash of the
DOI (or of title key + year + author key when there is none) and is kept from the previous
table when a cluster contains a previously published row, so ids stay stable.
"""

from __future__ import annotations

import array
import datetime as dt
import functools
import hashlib
import html
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from transforms import schemas
from transforms.text import fold, word_key

log = logging.getLogger(__name__)

TITLE_FUZZY_THRESHOLD = 90
MIN_EXACT_TITLE_TOKENS = 4
LINK_MIN_CONFIDENCE = 0.5  # links at or above this fill publications.task_ids
COLLECTORS = ("oai_pmh", "openalex", "crossref")

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

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.I)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|info:doi/|doi\s+)", re.I)
_TAG = re.compile(r"<[^>]{0,400}>")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_TITLES = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|CN|KS|BS|NCS|Prof|Dr|Assoc)\.?\s*)+(?=\S)", re.I)
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())
_LANG = {
    "vie": "vi",
    "vi": "vi",
    "vietnamese": "vi",
    "tiếng việt": "vi",
    "eng": "en",
    "en": "en",
    "english": "en",
    "fre": "fr",
    "fra": "fr",
    "fr": "fr",
    "rus": "ru",
    "ru": "ru",
    "chi": "zh",
    "zho": "zh",
    "zh": "zh",
    "jpn": "ja",
    "ja": "ja",
    "kor": "ko",
    "ko": "ko",
    "ger": "de",
    "deu": "de",
    "de": "de",
}
# Family names written first in Vietnamese order ("Nguyễn, Văn An" -> "Nguyễn Văn An").
_VN_FAMILY = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh dao doan ha "
    "luong luu mai trinh truong cao lam ta to trieu nong ma lo luong hua chu kieu quach phung "
    "mac vi thai tang kim lai doan vuong dam hau giang khong luc mong sam au be la lac than "
    "nghiem tong tu ong diep chau vy hoang dieu ninh quan khuc ung yen sung giap".split()
)


# ----------------------------------------------------------------------------- normalizers


def clean_text(value: Any) -> str | None:
    """Markup-free NFC text with collapsed whitespace (JATS, HTML tags and entities removed)."""
    if value is None:
        return None
    s = str(value)
    if "<" in s:
        s = _TAG.sub(" ", s)
    if "&" in s:
        s = html.unescape(html.unescape(s))
    s = " ".join(unicodedata.normalize("NFC", s).split())
    return s or None


@functools.lru_cache(maxsize=65536)
def _clean_cached(value: str) -> str | None:
    """clean_text for low-cardinality values (affiliations)."""
    return clean_text(value)


def normalize_doi(raw: Any) -> str | None:
    """Lowercase bare DOI ('10.…') from a URL, 'doi:' form or free text; None if there is none."""
    if raw is None:
        return None
    s = unicodedata.normalize("NFC", str(raw)).strip()
    if not s:
        return None
    s = _DOI_PREFIX.sub("", s)
    s = s.replace("%2F", "/").replace("%2f", "/")
    m = _DOI_RE.search(s)
    if not m:
        return None
    doi = m.group(0).rstrip(".,;:)]}>\"'").lower()
    return doi if "/" in doi and len(doi.split("/", 1)[1]) > 0 else None


@functools.lru_cache(maxsize=65536)
def normalize_author(raw: Any) -> str | None:
    """One author's display name: titles dropped, 'Family, Given' put in the name's own order."""
    s = clean_text(raw)
    if not s:
        return None
    s = _TITLES.sub("", s).strip(" ,;")
    if "," in s:
        family, _, given = (p.strip() for p in s.partition(","))
        if family and given:
            first_family = word_key(family).split()
            vietnamese = bool(first_family) and first_family[0] in _VN_FAMILY
            s = f"{family} {given}" if vietnamese else f"{given} {family}"
        else:
            s = family or given
    return s or None


def author_key(name: str | None) -> str:
    """Order-free key of a name: 'Nguyễn Văn An' and 'Van An Nguyen' give 'an nguyen van'."""
    return " ".join(sorted(word_key(name).split())) if name else ""


def parse_year(year: Any, date: Any = None, *, today: dt.date | None = None) -> int | None:
    """Publication year from an explicit year or the first 4-digit year of a date text."""
    hi = (today or dt.date.today()).year + 1
    for v in (year, date):
        if v is None or v == "":
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            y = v
        else:
            m = re.search(r"(?<!\d)(\d{4})(?!\d)", str(v))
            if not m:
                continue
            y = int(m.group(1))
        return y if 1800 <= y <= hi else None
    return None


@functools.lru_cache(maxsize=65536)
def normalize_language(raw: Any) -> str | None:
    """ISO 639-1 code from 'vie', 'vi-VN', 'en_US', 'English'…; None when unknown."""
    s = clean_text(raw)
    if not s:
        return None
    s = s.lower()
    if s in _LANG:
        return _LANG[s]
    head = re.split(r"[-_ ]", s, maxsplit=1)[0]
    if head in _LANG:
        return _LANG[head]
    return head if len(head) == 2 and head.isalpha() and head.isascii() else None


@functools.lru_cache(maxsize=65536)
def normalize_venue(raw: Any) -> str | None:
    """Journal name; an OJS dc:source 'Journal; Vol. 2 No. 1 (2021); 3-10' keeps 'Journal'."""
    s = clean_text(raw)
    if not s:
        return None
    return s.split(";", 1)[0].strip() or None


# ----------------------------------------------------------------------------- records -> columns

RAW_COLUMNS = (
    "collector",
    "source",
    "record_ref",
    "source_id",
    "doi_raw",
    "title_raw",
    "authors_raw",
    "year_raw",
    "date_raw",
    "venue_raw",
    "language_raw",
    "affiliations_raw",
    "abstract_raw",
    "url",
    "deleted",
    "funding_text",
    "fetched_at",
)


def records_to_columns(records: Iterable[dict]) -> tuple[dict[str, list], list[dict]]:
    """Split raw publication records into raw columns; extract-stage rejects are passed through."""
    cols: dict[str, list] = {k: [] for k in RAW_COLUMNS}
    rejects: list[dict] = []
    for rec in records:
        if rec.get("reject"):
            rejects.append(rec)
            continue
        if rec.get("table", "publications") != "publications":
            continue
        f = rec.get("fields") or {}
        hints = rec.get("hints") or {}
        collector = hints.get("collector") or rec.get("source")
        sid = f.get("source_id")
        cols["collector"].append(collector)
        cols["source"].append(rec.get("source"))
        cols["record_ref"].append(rec.get("record_ref"))
        cols["source_id"].append(f"{collector}:{sid}" if sid else None)
        cols["doi_raw"].append(f.get("doi"))
        cols["title_raw"].append(f.get("title"))
        authors = f.get("authors") or []
        cols["authors_raw"].append([str(a) for a in authors] if isinstance(authors, list) else [str(authors)])
        cols["year_raw"].append(None if f.get("year") is None else str(f.get("year")))
        cols["date_raw"].append(f.get("published_date"))
        cols["venue_raw"].append(f.get("venue"))
        cols["language_raw"].append(f.get("language"))
        affs = f.get("affiliations") or []
        cols["affiliations_raw"].append([str(a) for a in affs] if isinstance(affs, list) else [str(affs)])
        cols["abstract_raw"].append(f.get("abstract"))
        cols["url"].append(f.get("url") or rec.get("source_url"))
        cols["deleted"].append(bool(f.get("deleted")))
        cols["funding_text"].append(f.get("funding_text"))
        cols["fetched_at"].append(rec.get("fetched_at"))
    return cols, rejects


_NORM_SCHEMA = pa.schema(
    [
        ("collector", pa.string()),
        ("source", pa.string()),
        ("record_ref", pa.string()),
        ("source_ids", pa.list_(pa.string())),
        ("doi", pa.string()),
        ("doi_raw", pa.string()),
        ("title", pa.string()),
        ("title_raw", pa.string()),
        ("title_key", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("author_key", pa.string()),
        ("year", pa.int64()),
        ("venue", pa.string()),
        ("language", pa.string()),
        ("affiliations", pa.list_(pa.string())),
        ("abstract", pa.string()),
        ("url", pa.string()),
        ("deleted", pa.bool_()),
        ("funding_text", pa.string()),
        ("fetched_at", pa.timestamp("s", tz="UTC")),
        ("pub_id", pa.string()),
        ("live", pa.bool_()),
    ]
)


@functools.lru_cache(maxsize=65536)
def _ts(v: Any) -> dt.datetime | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
    try:
        t = dt.datetime.fromisoformat(str(v).replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def normalize_columns(
    cols: Mapping[str, list], *, source_rejects: list[dict] | None = None, today: dt.date | None = None
) -> pa.Table:
    """Normalized rows (one per raw record). Rows without a title (other than tombstones) and
    out-of-range values are reported in ``source_rejects``."""
    n = len(cols["title_raw"])
    rej = source_rejects if source_rejects is not None else []
    titles = [clean_text(t) for t in cols["title_raw"]]
    dois = [normalize_doi(d) for d in cols["doi_raw"]]
    authors = [[a for a in (normalize_author(x) for x in lst or ()) if a] for lst in cols["authors_raw"]]
    years = [parse_year(y, d, today=today) for y, d in zip(cols["year_raw"], cols["date_raw"])]
    deleted = list(cols["deleted"])
    keep = [True] * n
    for i in range(n):
        ref = cols["record_ref"][i] or cols["source_id"][i] or f"row {i}"
        if deleted[i]:
            if not cols["source_id"][i]:
                keep[i] = False
                rej.append(_reject(cols["source"][i], ref, "source_id", "tombstone without a source id", None))
            continue
        if not titles[i]:
            keep[i] = False
            rej.append(_reject(cols["source"][i], ref, "title", "no title", cols["title_raw"][i]))
            continue
        if cols["doi_raw"][i] and not dois[i]:
            rej.append(_reject(cols["source"][i], ref, "doi", "not a DOI; record kept without DOI", cols["doi_raw"][i]))
        if years[i] is None and (cols["year_raw"][i] or cols["date_raw"][i]):
            rej.append(
                _reject(
                    cols["source"][i],
                    ref,
                    "year",
                    "no plausible year; record kept without year",
                    cols["year_raw"][i] or cols["date_raw"][i],
                )
            )
    table = pa.table(
        {
            "collector": cols["collector"],
            "source": cols["source"],
            "record_ref": cols["record_ref"],
            "source_ids": [[s] if s else [] for s in cols["source_id"]],
            "doi": dois,
            "doi_raw": [None if d is None else str(d) for d in cols["doi_raw"]],
            # title_raw only where it differs from the clean title (dedup restores it): saves memory at scale
            "title": titles,
            "title_raw": [None if r == t else r for r, t in zip(cols["title_raw"], titles)],
            "title_key": [word_key(t) for t in titles],
            "authors": authors,
            "author_key": [author_key(a[0]) if a else "" for a in authors],
            "year": years,
            "venue": [normalize_venue(v) for v in cols["venue_raw"]],
            "language": [normalize_language(v) for v in cols["language_raw"]],
            "affiliations": [
                _uniq(a for a in (_clean_cached(x) for x in lst or ()) if a) for lst in cols["affiliations_raw"]
            ],
            "abstract": [clean_text(a) for a in cols["abstract_raw"]],
            "url": cols["url"],
            "deleted": deleted,
            "funding_text": [clean_text(f) for f in cols["funding_text"]],
            "fetched_at": [_ts(v) for v in cols["fetched_at"]],
            "pub_id": pa.nulls(n, pa.string()),
            "live": [not d for d in deleted],
        },
        schema=_NORM_SCHEMA,
    )
    if not all(keep):
        table = table.filter(pa.array(keep))
    return table


def _uniq(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


def _reject(source: Any, ref: str, field: str, reason: str, raw: Any, stage: str = "normalize") -> dict:
    return {
        "reject": True,
        "table": "publications",
        "source": source or "unknown",
        "record_ref": ref,
        "stage": stage,
        "field": field,
        "reason": reason,
        "raw_value": None if raw is None else str(raw)[:2000],
    }


def previous_to_rows(previous: pa.Table) -> pa.Table:
    """Rows of a previously published publications table, shaped like normalized rows."""
    d = previous.to_pydict()
    n = previous.num_rows
    authors = [a or [] for a in d["authors"]]
    return pa.table(
        {
            "collector": ["previous"] * n,
            "source": ["previous"] * n,
            "record_ref": d["pub_id"],
            "source_ids": [s or [] for s in d["source_ids"]],
            "doi": d["doi"],
            "doi_raw": d["doi_raw"],
            "title": d["title"],
            "title_raw": d["title_raw"],
            "title_key": [word_key(t) for t in d["title"]],
            "authors": authors,
            "author_key": [author_key(a[0]) if a else "" for a in authors],
            "year": d["year"],
            "venue": d["venue"],
            "language": d["language"],
            "affiliations": [a or [] for a in d["affiliations"]],
            "abstract": d["abstract"],
            "url": d["url"],
            "deleted": [bool(x) for x in d["deleted"]],
            "funding_text": [None] * n,
            "fetched_at": d["fetched_at"],
            "pub_id": d["pub_id"],
            "live": [not bool(x) for x in d["deleted"]],
        },
        schema=_NORM_SCHEMA,
    )


# ----------------------------------------------------------------------------- clustering
#
# Memory at scale (bench/bench_pubs.py dedup, 1M records): the clustering used to read doi,
# title_key, year, author_key and source_ids of every row as Python lists (~600 MB of str/int/
# list objects next to the Arrow rows; RSS 1.6 GB there). It now works on integer codes in
# numpy arrays (equal strings <=> equal codes) and reads title keys as Python strings only for
# one batch of author groups at a time. Groups are visited and unions made in exactly the order
# of the former dict/list version, so the clusters (and the refused DOI conflicts) are the same.

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


# ----------------------------------------------------------------------------- merge
#
# The merge works on numpy cluster/order arrays and builds the per-cluster list columns in
# Arrow: the former per-cluster Python lists (sources, source_ids, affiliations, fetched_at,
# and the group_by results read back with to_pylist) made the 1.9 GB peak of the 1M-record bench.


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
    return _dedup_owned([rows])


def _dedup_owned(holder: list[pa.Table]) -> pa.Table:
    """`dedup` of the one table in `holder`, taken out of it: when the caller keeps no other
    reference, the columns of the rows are freed as soon as they are merged (1M-record bench:
    the per-cluster lists are built with ~300 MB less of rows alive)."""
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


# ----------------------------------------------------------------------------- task links

LINK_COLUMNS = pa.schema(
    [("pub_id", pa.string()), ("task_id", pa.string()), ("method", pa.string()), ("confidence", pa.float64())]
)


# Words every S&T title in the province shares; they say nothing about the topic.
_TOPIC_STOP = frozenset(
    "nghien cuu ung dung tien ky thuat danh gia tai tinh huyen xa va cua theo huong mot so cac nhung "
    "trong tren voi de o ket qua xay mo hinh thuc trang giai phap xuat bac kan viet nam vietnam "
    "the of and in a an for on to at by with using study province".split()
)


def _bigrams(key: str) -> frozenset[str]:
    toks = [t for t in key.split() if t not in _TOPIC_STOP]
    return frozenset(f"{a} {b}" for a, b in zip(toks, toks[1:]))


def topic_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two titles share a topic: at least 2 content-word bigrams, and a fifth of the shorter's."""
    if not a or not b:
        return False
    common = len(a & b)
    return common >= 2 and common >= 0.2 * min(len(a), len(b))


def _code_key(code: str) -> str:
    return re.sub(r"\s+", "", fold(code.lower()).replace("\xad", "").replace("\u200b", ""))


def link_tasks(
    publications: pa.Table, tasks: pa.Table | None, funding: Mapping[str, str | None] | None = None
) -> pa.Table:
    """Candidate publication → task links with a method and a confidence in [0, 1].

    Methods: ``code_in_funding`` (0.95), ``code_in_text`` (0.85), ``title_in_funding`` (0.8),
    ``title_in_text`` (0.65); and when the PI is an author and the year falls in the task
    period (+3 years for publishing lag): ``pi_period_topic_affiliation`` (0.7: titles share
    a topic (see `topic_overlap`) and an affiliation resembles the host organization),
    ``pi_period_topic`` (0.6),
    ``pi_affiliation_period`` (0.4: below LINK_MIN_CONFIDENCE, a candidate for review — a PI
    often runs several tasks at once). The best method per (pub, task) is kept.
    """
    if tasks is None or tasks.num_rows == 0 or publications.num_rows == 0:
        return LINK_COLUMNS.empty_table()
    t = tasks.to_pydict()
    n_t = tasks.num_rows
    get = lambda name: t.get(name) or [None] * n_t  # noqa: E731
    task_ids, codes, titles = get("task_id"), get("code"), get("title")
    pis, hosts, starts, ends = get("principal_investigator"), get("host_org"), get("start_date"), get("end_date")
    code_map: dict[str, list[int]] = {}
    for j, c in enumerate(codes):
        if c and len(_code_key(c)) >= 5:
            code_map.setdefault(_code_key(c), []).append(j)
    code_re = re.compile("|".join(re.escape(k) for k in sorted(code_map, key=len, reverse=True))) if code_map else None
    title_keys = [word_key(x) if x else "" for x in titles]
    pi_keys = [author_key(clean_text(p) and normalize_author(p)) if p else "" for p in pis]
    host_keys = [word_key(h) if h else "" for h in hosts]
    periods = [(parse_year(None, s), parse_year(None, e)) for s, e in zip(starts, ends)]
    task_bigrams = [_bigrams(k) for k in title_keys]

    p = publications.to_pydict()
    best: dict[tuple[str, str], tuple[float, str]] = {}

    def add(pid: str, j: int, method: str, conf: float) -> None:
        key = (pid, task_ids[j])
        if key not in best or best[key][0] < conf:
            best[key] = (conf, method)

    for i, pid in enumerate(p["pub_id"]):
        ftext = (funding or {}).get(pid) or ""
        other = " ".join(x for x in (p["title"][i], p.get("abstract", [None] * len(p["pub_id"]))[i]) if x)
        for text, kind in ((ftext, "funding"), (other, "text")):
            if not text:
                continue
            squashed = _code_key(text)
            if code_re:
                for m in code_re.finditer(squashed):
                    for j in code_map[m.group(0)]:
                        add(pid, j, f"code_in_{kind}", 0.95 if kind == "funding" else 0.85)
            ftxt = word_key(text)
            for j, tk in enumerate(title_keys):
                if len(tk) >= 20 and (tk in ftxt or fuzz.partial_ratio(tk, ftxt, score_cutoff=92) >= 92):
                    if kind == "text" and fuzz.ratio(tk, word_key(p["title"][i])) >= 95 and tk not in ftxt:
                        continue
                    add(pid, j, f"title_in_{kind}", 0.8 if kind == "funding" else 0.65)
        akeys = {author_key(a) for a in (p["authors"][i] or [])}
        year = p["year"][i]
        affs = [word_key(a) for a in (p["affiliations"][i] or [])]
        for j, pk in enumerate(pi_keys):
            if not pk or pk not in akeys:
                continue
            lo, hi = periods[j]
            if year is None or (lo and year < lo) or (hi and year > hi + 3) or not (lo or hi):
                continue
            aff = bool(host_keys[j]) and any(fuzz.token_set_ratio(host_keys[j], a) >= 80 for a in affs)
            topic = bool(task_bigrams[j]) and topic_overlap(task_bigrams[j], _bigrams(word_key(p["title"][i])))
            if topic:
                add(pid, j, "pi_period_topic_affiliation" if aff else "pi_period_topic", 0.7 if aff else 0.6)
            elif aff:
                add(pid, j, "pi_affiliation_period", 0.4)
    rows = sorted((pid, tid, m, c) for (pid, tid), (c, m) in best.items())
    return pa.table(
        {
            "pub_id": [r[0] for r in rows],
            "task_id": [r[1] for r in rows],
            "method": [r[2] for r in rows],
            "confidence": [r[3] for r in rows],
        },
        schema=LINK_COLUMNS,
    )


# ----------------------------------------------------------------------------- entry points


@dataclass
class PublicationsResult:
    publications: pa.Table
    rejects: pa.Table
    links: pa.Table


def _chunks(records: list[dict], size: int) -> Iterator[list[dict]]:
    for k in range(0, len(records), size):
        yield records[k : k + size]


def build_publications(
    records: Iterable[dict],
    tasks_table: pa.Table | None,
    ctx: Any = None,
    *,
    previous: pa.Table | None = None,
    today: dt.date | None = None,
) -> PublicationsResult:
    """Normalize, deduplicate, link and conform publication records.

    `previous` is the last published publications table: its rows join the clusters (so
    pub_ids stay stable) and OAI-PMH tombstones mark them deleted.
    """
    reject_dicts: list[dict] = []
    parts: list[pa.Table] = []
    recs = list(records)
    for chunk in _chunks(recs, 50_000):
        cols, rej = records_to_columns(chunk)
        reject_dicts.extend(rej)
        parts.append(normalize_columns(cols, source_rejects=reject_dicts, today=today))
    return build_from_rows(parts, tasks_table, ctx, previous=previous, rejects=reject_dicts)


def build_from_rows(
    parts: list[pa.Table],
    tasks_table: pa.Table | None,
    ctx: Any = None,
    *,
    previous: pa.Table | None = None,
    rejects: list[dict] | None = None,
) -> PublicationsResult:
    """Dedup, link and conform already normalized rows (chunks from `normalize_columns`; the
    list is emptied so that the chunks can be freed as soon as they are merged)."""
    run_id = getattr(ctx, "run_id", None)
    taken = list(parts)
    if isinstance(parts, list):
        parts.clear()  # consume the caller's chunks: memory is the limit at scale
    parts = taken
    if previous is not None and previous.num_rows:
        parts.append(previous_to_rows(previous))
    holder = [pa.concat_tables(parts) if parts else normalize_columns(records_to_columns([])[0])]
    del parts, taken  # the rows are now held by `holder` alone
    merged = _dedup_owned(holder)
    has_f = pc.is_valid(merged.column("funding_text"))
    funding = {
        pid: f
        for pid, f in zip(
            merged.column("pub_id").filter(has_f).to_pylist(), merged.column("funding_text").filter(has_f).to_pylist()
        )
        if f
    }
    links = link_tasks(merged, tasks_table, funding)
    strong = links.filter(pc.greater_equal(links.column("confidence"), LINK_MIN_CONFIDENCE))
    by_pub: dict[str, list[str]] = {}
    for pid, tid in zip(strong.column("pub_id").to_pylist(), strong.column("task_id").to_pylist()):
        by_pub.setdefault(pid, []).append(tid)
    merged = merged.drop_columns(["funding_text"])
    # Sorted by pub_id in 50k-row pieces, copied column by column, each column of `merged`
    # dropped once copied and each piece dropped once conformed: the unsorted table, the sorted
    # one and the conformed output are never all whole at once (1M-record bench: -300 MB).
    order = pc.sort_indices(merged.column("pub_id"))
    bounds = range(0, merged.num_rows, 50_000)
    names = merged.column_names
    pieces: list[list[Any]] = [[] for _ in bounds]
    for name in names:
        col = merged.column(name)
        for piece, off in zip(pieces, bounds):
            piece.append(col.take(order.slice(off, 50_000)))
        del col
        merged = merged.drop_columns([name])
    del merged, order
    out: list[pa.Table] = []
    pieces.reverse()
    while pieces:
        rows_py = pa.Table.from_arrays(pieces.pop(), names=names).to_pylist()
        for row in rows_py:
            row["task_ids"] = sorted(by_pub.get(row["pub_id"], []))
            row["record_hash"] = record_hash(row)
        out.append(schemas.conform("publications", rows_py))
        del rows_py
    pubs = pa.concat_tables(out) if out else schemas.empty_table("publications")
    return PublicationsResult(pubs, rejects_table(rejects or [], run_id), links)


def to_publications(
    records: list[dict], tasks_table: pa.Table | None, ctx: Any = None, *, previous: pa.Table | None = None
) -> tuple[pa.Table, pa.Table]:
    """(publications, rejects), both conformed to the canonical schemas."""
    res = build_publications(records, tasks_table, ctx, previous=previous)
    return res.publications, res.rejects


def rejects_table(rejects: list[dict], run_id: str | None) -> pa.Table:
    """Reject dicts as a REJECTS table."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    rows = [
        {
            "source": r.get("source") or "unknown",
            "table": r.get("table", "publications"),
            "record_ref": r.get("record_ref"),
            "stage": r.get("stage") or "extract",
            "field": r.get("field"),
            "reason": r.get("reason") or "unspecified",
            "raw_value": r.get("raw_value"),
            "run_id": run_id,
            "rejected_at": now,
        }
        for r in rejects
    ]
    return schemas.conform("rejects", rows) if rows else schemas.empty_table("rejects")
