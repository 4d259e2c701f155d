"""Publications, step 1: raw collector records -> normalized columns (DOI, title, authors, year,
venue, language), and the previous table's rows in the same shape."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from transforms.text import word_key


COLLECTORS = ("oai_pmh", "openalex", "crossref")

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.I)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|info:doi/|doi\s+)", re.I)
_TAG = re.compile(r"<[^>]{0,400}>")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_TITLES = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|CN|KS|BS|NCS|Prof|Dr|Assoc)\.?\s*)+(?=\S)", re.I)
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
