"""OAI-PMH harvester for journal platforms (OJS, VJOL): Identify, ListSets, ListRecords (oai_dc).

Resumption-token paging lives in one iterator; the harvest is incremental by datestamp
(``from`` = the cursor, the last datestamp harvested, formatted at the repository's
granularity). Every protocol error code has its own exception class; ``noRecordsMatch``
means "nothing new" and an expired or bad resumption token restarts the window from the
last datestamp seen. Deleted records become tombstones (``fields.deleted = True``).

XML is parsed with lxml configured not to resolve entities, load DTDs or touch the
network; a document carrying a DOCTYPE is refused outright.

The next ListRecords page is requested on a background thread as soon as its resumption token
can be read from the raw bytes of the current page (checked against the parsed token), so the
download overlaps parsing; at most one request is ahead and it is spent from the budget first
(see :mod:`extractors.prefetch`). Where :mod:`extractors._oai_walk` is built (compiled at install
from ``_oai_walk.pyx``), a plain ListRecords page is read by expat without building a tree and
other pages' records are built by a C walk over lxml's tree; without it, by the Python walk
below. All give the same records (tests/unit/test_oai_walk.py); the compiled paths are what let
the harvest keep up with the raw GETs of the same pages (bench/results/publications.md).

Settings (config ``sources[]`` of kind ``oai_pmh``): ``base_url`` (required),
``metadata_prefix`` (only ``oai_dc`` is parsed), ``set``, ``from`` (first harvest start),
``until``, ``max_requests`` (default 10,000), ``max_restarts`` (default 3).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from config.loader import SourceConfig
from extractors.base import ExtractContext, SourceError, reject
from extractors.prefetch import Prefetcher, gc_paused

try:  # the compiled record walk (setup.py); optional
    from extractors._oai_walk import SaxPage, sax_page
    from extractors._oai_walk import harvest_page as _harvest_page
    from extractors._oai_walk import walk_page as _walk_page
except ImportError:  # pragma: no cover - exercised where it is not built
    _walk_page = _harvest_page = sax_page = None

    class SaxPage:  # type: ignore[no-redef]  # never instantiated then
        pass


log = logging.getLogger(__name__)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_O = "{%s}" % OAI_NS
_D = "{%s}" % DC_NS
_DOI = re.compile(r"10\.\d{4,9}/\S+")
# qualified names built once (not per element)
_RECORD, _HEADER, _METADATA = f"{_O}record", f"{_O}header", f"{_O}metadata"
_IDENTIFIER, _DATESTAMP, _SETSPEC = f"{_O}identifier", f"{_O}datestamp", f"{_O}setSpec"
_DOCTYPE_DECL = re.compile(rb"<!doctype", re.I)
_ENTITY_DECL = re.compile(rb"<!entity", re.I)
_XML_DECL_1_0 = re.compile(rb"""<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1""")
_EXTRA_DC = frozenset(("subject", "publisher", "type", "format", "rights", "source", "relation", "coverage"))
_HTTP = ("http://", "https://")
_DLEN = len(_D)
_LANG_KEYS = frozenset(("title", "description"))  # the elements whose xml:lang is used


# ----------------------------------------------------------------------------- errors


class UnsafeXMLError(ValueError):
    """The response carries a DOCTYPE (entity expansion / external entity risk)."""


class OAIError(Exception):
    """An OAI-PMH protocol error answered by the repository."""

    code = "unknown"

    def __init__(self, message: str = "", url: str | None = None):
        self.message, self.url = message, url
        super().__init__(f"{self.code}: {message}" + (f" ({url})" if url else ""))


class BadArgument(OAIError):
    code = "badArgument"


class BadResumptionToken(OAIError):
    code = "badResumptionToken"


class BadVerb(OAIError):
    code = "badVerb"


class CannotDisseminateFormat(OAIError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    code = "noRecordsMatch"


class NoMetadataFormats(OAIError):
    code = "noMetadataFormats"


class NoSetHierarchy(OAIError):
    code = "noSetHierarchy"


OAI_ERRORS: dict[str, type[OAIError]] = {
    c.code: c
    for c in (
        BadArgument,
        BadResumptionToken,
        BadVerb,
        CannotDisseminateFormat,
        IdDoesNotExist,
        NoRecordsMatch,
        NoMetadataFormats,
        NoSetHierarchy,
    )
}


# ----------------------------------------------------------------------------- XML parsing (pure)

_PARSER_OPTIONS: dict[str, Any] = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True
)
_BAD_XML_CHARS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_thread = threading.local()


def _parsers() -> tuple[etree.XMLParser, etree.XMLParser]:
    """(strict, recovering) parsers of the calling thread: lxml parsers are not to be shared
    between threads, and a harvest runs on whichever thread the flow gives it."""
    pair = getattr(_thread, "parsers", None)
    if pair is None:
        pair = _thread.parsers = (etree.XMLParser(**_PARSER_OPTIONS), etree.XMLParser(recover=True, **_PARSER_OPTIONS))
    return pair


def parse_xml(content: bytes) -> etree._Element:
    """Parse XML safely; strips control characters OJS sometimes emits, refuses DOCTYPEs."""
    if _DOCTYPE_DECL.search(content, 0, 2048) or _ENTITY_DECL.search(content, 0, 65536):
        raise UnsafeXMLError("XML with a DOCTYPE or ENTITY declaration refused")
    strict, recover = _parsers()
    try:
        root = etree.fromstring(content, strict)
    except etree.XMLSyntaxError:
        cleaned = _BAD_XML_CHARS.sub(b"", content)
        root = etree.fromstring(cleaned, recover)
        if root is None:
            raise
        log.warning("OAI-PMH response was not well-formed XML; parsed in recovery mode")
    if root.getroottree().docinfo.doctype:
        raise UnsafeXMLError("XML with a DOCTYPE refused")
    return root


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    t = el.text if len(el) == 0 else "".join(el.itertext())  # leaf elements: no tree walk
    if t:
        t = t.strip()
    return t or None


def raise_for_oai_error(root: etree._Element, url: str | None = None) -> None:
    """Raise the exception class of the first <error> element, if any."""
    err = root.find(f"{_O}error")
    if err is not None:
        code = err.get("code", "unknown")
        cls = OAI_ERRORS.get(code, OAIError)
        e = cls(_text(err) or "", url)
        if cls is OAIError:
            e.code = code
        raise e


@dataclass
class Identify:
    repository_name: str | None
    base_url: str | None
    granularity: str  # "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ"
    earliest_datestamp: str | None
    deleted_record: str | None


def parse_identify(content: bytes) -> Identify:
    """The Identify answer: granularity, earliest datestamp, deleted-record policy."""
    root = parse_xml(content)
    raise_for_oai_error(root)
    ident = root.find(f"{_O}Identify")
    if ident is None:
        raise ValueError("not an OAI-PMH Identify response")
    return Identify(
        repository_name=_text(ident.find(f"{_O}repositoryName")),
        base_url=_text(ident.find(f"{_O}baseURL")),
        granularity=_text(ident.find(f"{_O}granularity")) or "YYYY-MM-DD",
        earliest_datestamp=_text(ident.find(f"{_O}earliestDatestamp")),
        deleted_record=_text(ident.find(f"{_O}deletedRecord")),
    )


def parse_list_sets(content: bytes) -> tuple[list[tuple[str, str | None]], str | None]:
    """(setSpec, setName) pairs of one ListSets page and its resumption token."""
    root = parse_xml(content)
    raise_for_oai_error(root)
    ls = root.find(f"{_O}ListSets")
    if ls is None:
        raise ValueError("not an OAI-PMH ListSets response")
    sets = [(_text(s.find(f"{_O}setSpec")) or "", _text(s.find(f"{_O}setName"))) for s in ls.findall(f"{_O}set")]
    return sets, _text(ls.find(f"{_O}resumptionToken"))


@dataclass(slots=True)
class OAIRecord:
    identifier: str
    datestamp: str
    sets: list[str]
    deleted: bool
    dc: dict[str, list[str]] = field(default_factory=dict)  # dc element name -> texts, in order
    # xml:lang of each text of the elements whose language is used (title, description), parallel
    # to their lists in ``dc``; None where the element had none
    langs: dict[str, list[str | None]] = field(default_factory=dict)


@dataclass
class ListRecordsPage:
    records: list[OAIRecord]
    token: str | None
    complete_list_size: int | None
    response_date: str | None


@dataclass
class ParsedPage:
    """One parsed ListRecords/GetRecord answer, before its records are built."""

    root: etree._Element
    container: etree._Element  # ListRecords or GetRecord
    token: str | None
    complete_list_size: int | None


def parse_page(content: bytes, url: str | None = None) -> ParsedPage:
    """Parse a ListRecords (or GetRecord) answer; OAI errors raised as their class."""
    root, container = _list_records_element(content, url)
    token, size = _resumption(container)
    return ParsedPage(root, container, token, size)


def fast_page(content: bytes) -> SaxPage | None:
    """A ListRecords page read by expat without building a tree (:func:`extractors._oai_walk.sax_page`),
    or None where :func:`parse_page` has to read it: the compiled module is missing, the page
    carries a DOCTYPE or ENTITY declaration, is not well-formed, answers an OAI error or is
    anything but a plain ListRecords answer. Gives the same token and items as parse_page."""
    if sax_page is None or _DOCTYPE_DECL.search(content, 0, 2048) or _ENTITY_DECL.search(content, 0, 65536):
        return None
    start = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    if content.startswith(b"<?xml", start) and not _XML_DECL_1_0.match(content, start):
        return None  # libxml2 is stricter than expat about the declaration
    return sax_page(content)


def parse_list_records(content: bytes, url: str | None = None) -> ListRecordsPage:
    """One ListRecords (or GetRecord) page: records with their oai_dc elements, and the token."""
    page = parse_page(content, url)
    return ListRecordsPage(
        records=list(iter_page_records(page)),
        token=page.token,
        complete_list_size=page.complete_list_size,
        response_date=_text(page.root.find(f"{_O}responseDate")),
    )


def _list_records_element(content: bytes, url: str | None) -> tuple[etree._Element, etree._Element]:
    """(root, the ListRecords or GetRecord element) of a page; OAI errors raised as their class."""
    root = parse_xml(content)
    raise_for_oai_error(root, url)
    lr = root.find(f"{_O}ListRecords")
    if lr is None:
        lr = root.find(f"{_O}GetRecord")
    if lr is None:
        raise ValueError("not an OAI-PMH ListRecords/GetRecord response")
    return root, lr


def _resumption(lr: etree._Element) -> tuple[str | None, int | None]:
    """(resumption token, completeListSize) of a ListRecords element."""
    tok_el = lr.find(f"{_O}resumptionToken")
    if tok_el is None:
        return None, None
    size = tok_el.get("completeListSize")
    return _text(tok_el), int(size) if size and size.isascii() and size.isdigit() else None


def iter_page_records(page: ParsedPage) -> Iterator[OAIRecord]:
    """The records of a parsed page: the last header and the last metadata of a record count;
    records without a header are skipped.

    Built by the compiled walk (:mod:`extractors._oai_walk`, one C pass over the page's tree,
    cyclic GC paused meanwhile so the page's new objects are not promoted) where it is
    installed; it hands back the few records it does not read itself, which the Python walk
    builds, as it builds every record where the module is missing.
    """
    if _walk_page is None:
        yield from _py_records(page.container)
        return
    with gc_paused():
        built = _walk_page(page.container, OAIRecord)
    for rec in built:
        if type(rec) is OAIRecord:
            yield rec
        else:
            yield from _py_records((rec,))


def _py_records(nodes: Iterable[etree._Element]) -> Iterator[OAIRecord]:
    """The Python record walk over record elements (other nodes skipped), one record at a time
    so that records that die young are never promoted into the older GC generations."""
    lang_keys, xml_lang = _LANG_KEYS, XML_LANG
    for node in nodes:
        if node.tag != _RECORD:
            continue
        header = meta = None
        for part in node:
            tag = part.tag
            if tag == _HEADER:
                header = part
            elif tag == _METADATA:
                meta = part
        if header is None:
            continue
        rec = OAIRecord("", "", [], header.get("status") == "deleted", {}, {})
        for h in header:
            tag = h.tag
            if tag == _IDENTIFIER:
                rec.identifier = _text(h) or ""
            elif tag == _DATESTAMP:
                rec.datestamp = _text(h) or ""
            elif tag == _SETSPEC and (t := _text(h)):
                rec.sets.append(t)
        if meta is None:
            yield rec
            continue
        dc, langs = rec.dc, rec.langs
        for container in meta:
            for el in container:  # plain iteration: cheaper than a tag filter per container
                tag = el.tag
                if type(tag) is not str or not tag.startswith(_D):
                    continue  # comments, PIs, other namespaces
                t = el.text if not len(el) else "".join(el.itertext())
                if not t or not (t := t.strip()):
                    continue
                key = tag[_DLEN:]
                values = dc.get(key)
                if values is None:
                    dc[key] = [t]
                else:
                    values.append(t)
                if key in lang_keys:
                    # attrib's truth is a C-level look at the attribute list: cheaper than get()
                    lang = el.get(xml_lang) if el.attrib else None
                    found = langs.get(key)
                    if found is None:
                        langs[key] = [lang]
                    else:
                        found.append(lang)
        yield rec


def _pick_lang(texts: list[str], langs: list[str | None] | None, lang: str | None) -> str:
    if lang and langs:
        want = lang[:2].lower()
        for text, la in zip(texts, langs):
            if la and la.lower().startswith(want):
                return text
    return texts[0]


def _first_doi(values: Iterable[str]) -> str | None:
    """The first value carrying a DOI ("10." tested in C before the regex runs)."""
    search = _DOI.search
    for t in values:
        if "10." in t and search(t):
            return t
    return None


def to_raw_record(
    rec: OAIRecord, *, source: str, base_url: str, fetched_at: str, repository_name: str | None = None
) -> dict:
    """The raw publication record (DESIGN.md §1) of one OAI-PMH record."""
    dc = rec.dc
    get = dc.get
    ident = rec.identifier
    languages = get("language")
    language = languages[0] if languages else None
    identifiers = get("identifier") or ()
    doi = _first_doi(identifiers) if identifiers else None  # identifiers first, then relations
    if doi is None and (relations := get("relation")):
        doi = _first_doi(relations)
    url = None
    for t in identifiers:
        if t.startswith(_HTTP) and "doi.org/" not in t:
            url = t
            break
    dates, titles, creators, contributors = get("date"), get("title"), get("creator"), get("contributor")
    descriptions = get("description")
    sources = get("source")
    fields = {
        "source_id": ident,
        "deleted": rec.deleted,
        "title": _pick_lang(titles, rec.langs.get("title"), language) if titles else None,
        "authors": creators[:] if creators else [],
        "year": None,
        "published_date": dates[0] if dates else None,
        "venue": sources[0] if sources else repository_name,
        "language": language,
        "affiliations": [],
        "abstract": _pick_lang(descriptions, rec.langs.get("description"), language) if descriptions else None,
        "doi": doi,
        "url": url,
        "funding_text": ("; ".join(contributors) or None) if contributors else None,
    }
    extras = {}
    for k, v in dc.items():
        if k in _EXTRA_DC:
            extras[k] = v[:]
    if titles and len(titles) > 1:
        title_langs = rec.langs.get("title") or [None] * len(titles)
        extras["titles"] = [{"text": t, "lang": la} for t, la in zip(titles, title_langs)]
    return {
        "table": "publications",
        "source": source,
        "record_ref": f"{base_url}#{ident}",
        "source_url": url or f"{base_url}?verb=GetRecord&metadataPrefix=oai_dc&identifier={ident}",
        "fetched_at": fetched_at,
        "confidence": 1.0,
        "fields": fields,
        "hints": {
            "collector": "oai_pmh",
            "datestamp": rec.datestamp,
            "sets": rec.sets,
            "repository_name": repository_name,
        },
        "extras": extras,
    }


PageItem = tuple[str, str, bool, bool, "dict | None"]


def page_items(
    page: ParsedPage | SaxPage, *, source: str, base_url: str, fetched_at: str, repository_name: str | None = None
) -> Iterator[PageItem]:
    """What a harvest needs of each record of a parsed page, one record at a time:
    ``(identifier, datestamp, deleted, has_metadata, raw)`` with ``raw`` = :func:`to_raw_record`
    of the record, or None for a record the harvest sets aside (no identifier; neither deleted
    nor with metadata).

    Built in C where :mod:`extractors._oai_walk` is installed (the few records it hands back
    built by the Python walk); otherwise by the Python walk and :func:`to_raw_record`. The two
    give equal items (tests/unit/test_oai_walk.py).
    """

    def item(rec: OAIRecord) -> PageItem:
        raw = (
            to_raw_record(rec, source=source, base_url=base_url, fetched_at=fetched_at, repository_name=repository_name)
            if rec.identifier and (rec.deleted or rec.dc)
            else None
        )
        return rec.identifier, rec.datestamp, rec.deleted, bool(rec.dc), raw

    if type(page) is SaxPage:
        return page.items(source, base_url, fetched_at, repository_name, _EXTRA_DC)
    if _harvest_page is None:
        return map(item, _py_records(page.container))
    return _harvest_page(
        page.container,
        source,
        base_url,
        fetched_at,
        repository_name,
        _EXTRA_DC,
        lambda element: map(item, _py_records((element,))),
    )


# ----------------------------------------------------------------------------- datestamps


def parse_datestamp(s: str) -> dt.datetime | None:
    """A UTC datetime from an OAI datestamp (day or seconds granularity)."""
    s = s.strip()
    try:
        if len(s) == 10:
            return dt.datetime.fromisoformat(s).replace(tzinfo=dt.timezone.utc)
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def format_datestamp(value: str | dt.datetime, granularity: str) -> str:
    """A datestamp in the repository's granularity ('YYYY-MM-DD' or seconds with Z)."""
    t = value if isinstance(value, dt.datetime) else parse_datestamp(value)
    if t is None:
        raise ValueError(f"not an OAI datestamp: {value!r}")
    t = t.astimezone(dt.timezone.utc)
    if "T" in granularity:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.strftime("%Y-%m-%d")


# ----------------------------------------------------------------------------- fetching


@dataclass
class OAISettings:
    base_url: str
    metadata_prefix: str = "oai_dc"
    set: str | None = None
    from_: str | None = None
    until: str | None = None
    max_requests: int = 10_000
    max_restarts: int = 3

    @classmethod
    def from_source(cls, source: SourceConfig) -> OAISettings:
        s = source.settings
        base = s.get("base_url")
        if not isinstance(base, str) or not base.startswith(("http://", "https://")):
            raise SourceError(source.name, f"oai_pmh base_url must be an http(s) URL, got {base!r}")
        prefix = s.get("metadata_prefix", "oai_dc")
        if prefix != "oai_dc":
            raise SourceError(source.name, f"metadata_prefix {prefix!r} is not supported (only oai_dc)", base)
        for key in ("from", "until"):
            if s.get(key) and parse_datestamp(str(s[key])) is None:
                raise SourceError(
                    source.name,
                    f"oai_pmh {key} must be a date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, got {s[key]!r}",
                    base,
                )
        return cls(
            base_url=base,
            metadata_prefix=prefix,
            set=s.get("set") or None,
            from_=str(s["from"]) if s.get("from") else None,
            until=str(s["until"]) if s.get("until") else None,
            max_requests=int(s.get("max_requests", 10_000)),
            max_restarts=int(s.get("max_restarts", 3)),
        )


class _Budget:
    def __init__(self, source: str, limit: int, stats: dict):
        self.source, self.limit, self.stats, self.used = source, limit, stats, 0

    def spend(self, url: str) -> None:
        if self.used >= self.limit:
            raise SourceError(
                self.source,
                f"request budget of {self.limit} exhausted before the harvest finished; the cursor is not moved",
                url,
            )
        self.used += 1
        self.stats["requests"] = self.stats.get("requests", 0) + 1

    def left(self) -> int:
        """Requests that may still be sent."""
        return self.limit - self.used


def fetch_oai(session: Any, base_url: str, params: dict[str, str], *, source: str) -> Any:
    """One OAI-PMH request through the project session; transport failures become SourceError."""
    from extractors.http import FetchError

    try:
        return session.get(base_url, params=params, conditional=False)
    except FetchError as e:
        raise SourceError(source, f"OAI-PMH {params.get('verb')} failed: {e.reason}", e.url) from None


def fetch_identify(session: Any, base_url: str, *, source: str) -> Identify:
    res = fetch_oai(session, base_url, {"verb": "Identify"}, source=source)
    try:
        return parse_identify(res.content)
    except (etree.XMLSyntaxError, UnsafeXMLError, ValueError, OAIError) as e:
        raise SourceError(source, f"Identify answer unusable: {e}", base_url) from None


def fetch_sets(
    session: Any, base_url: str, *, source: str, budget: _Budget | None = None
) -> list[tuple[str, str | None]]:
    """All sets of the repository (empty when it has no set hierarchy)."""
    out: list[tuple[str, str | None]] = []
    params = {"verb": "ListSets"}
    while True:
        if budget:
            budget.spend(base_url)
        res = fetch_oai(session, base_url, params, source=source)
        try:
            sets, token = parse_list_sets(res.content)
        except NoSetHierarchy:
            return out
        except (etree.XMLSyntaxError, UnsafeXMLError, ValueError, OAIError) as e:
            raise SourceError(source, f"ListSets answer unusable: {e}", res.url) from None
        out.extend(sets)
        if not token:
            return out
        params = {"verb": "ListSets", "resumptionToken": token}


def _cursor_datestamp(cursor: Any) -> str | None:
    if isinstance(cursor, dict):
        return cursor.get("datestamp")
    if isinstance(cursor, str):
        return cursor
    return None


def iter_records(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw publication records (and tombstones) of an OAI-PMH repository since the cursor."""
    cfg = OAISettings.from_source(source)
    session = ctx.session
    stats = ctx.stats
    budget = _Budget(source.name, cfg.max_requests, stats)
    budget.spend(cfg.base_url)
    ident = fetch_identify(session, cfg.base_url, source=source.name)
    gran = ident.granularity
    if cfg.set:
        sets = fetch_sets(session, cfg.base_url, source=source.name, budget=budget)
        if sets and cfg.set not in {s for s, _ in sets}:
            raise SourceError(
                source.name, f"set {cfg.set!r} is not offered by the repository (has {len(sets)} sets)", cfg.base_url
            )
    since = _cursor_datestamp(ctx.cursor) or cfg.from_
    window_from = format_datestamp(since, gran) if since else None
    until = format_datestamp(cfg.until, gran) if cfg.until else None
    max_seen: str | None = _cursor_datestamp(ctx.cursor)
    max_seen_dt = parse_datestamp(max_seen) if max_seen else None
    yielded: set[tuple[str, str]] = set()
    restarts = 0
    start_from = window_from
    last_ds: str | None = None
    last_dt: dt.datetime | None = None  # parse_datestamp(last_ds), kept to parse once
    monotonic = True
    count = 0
    while True:
        params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": cfg.metadata_prefix}
        if start_from:
            params["from"] = start_from
        if until:
            params["until"] = until
        if cfg.set:
            params["set"] = cfg.set
        try:
            with closing(_iter_pages(session, cfg, params, source.name, budget, stats)) as pages:
                for fetched_at, page in pages:
                    for identifier, datestamp, deleted, has_dc, raw in page_items(
                        page,
                        source=source.name,
                        base_url=cfg.base_url,
                        fetched_at=fetched_at,
                        repository_name=ident.repository_name,
                    ):
                        key = (identifier, datestamp)
                        ds = parse_datestamp(datestamp) if datestamp else None
                        if last_ds and ds and last_dt and ds < last_dt:
                            monotonic = False
                        if datestamp:
                            last_ds, last_dt = datestamp, ds
                        if ds and (max_seen_dt is None or ds > max_seen_dt):
                            max_seen_dt, max_seen = ds, datestamp
                        if key in yielded:
                            continue
                        yielded.add(key)
                        if not identifier:
                            yield reject(
                                source.name,
                                f"{cfg.base_url}#record-without-identifier",
                                "extract",
                                "OAI-PMH record header without an identifier",
                                field="identifier",
                                table="publications",
                            )
                            continue
                        if not deleted and not has_dc:
                            yield reject(
                                source.name,
                                f"{cfg.base_url}#{identifier}",
                                "extract",
                                "record has no oai_dc metadata",
                                field="metadata",
                                table="publications",
                            )
                            continue
                        count += 1
                        yield raw
            break
        except BadResumptionToken as e:
            restarts += 1
            stats["restarts"] = restarts
            if restarts > cfg.max_restarts:
                raise SourceError(
                    source.name, f"resumption token rejected {restarts} times: {e.message}", cfg.base_url
                ) from None
            if monotonic and last_ds:
                start_from = format_datestamp(last_ds, gran)
            else:
                start_from = window_from
            log.warning(
                "%s: resumption token rejected (%s); restarting from %s",
                source.name,
                e.message,
                start_from or "the beginning",
            )
    stats["records"] = count
    ctx.new_cursor = {"datestamp": format_datestamp(max_seen, gran) if max_seen else None, "granularity": gran}
    log.info("%s: %d OAI-PMH records harvested (from=%s)", source.name, count, window_from)


# the resumption token as the last child of ListRecords, read from the raw bytes so the next
# page can be requested while this one is parsed; ASCII without markup or entity references only
# (anything else is left to the parsed tree), and always checked against the parsed token
_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"
_TAIL_TOKEN = re.compile(
    rb"<"
    + _NAME
    + rb"resumptionToken(?:\s[^<>]*)?>([\t\n\x20-\x25\x27-\x3b\x3d-\x7e]+)</"
    + _NAME
    + rb"resumptionToken>\s*</"
    + _NAME
    + rb"ListRecords>\s*</"
    + _NAME
    + rb"OAI-PMH>\s*\Z"
)
_TAIL_BYTES = 4096


def predict_token(content: bytes) -> str | None:
    """The resumption token of a ListRecords page read from its last bytes, or None when the
    tail does not have the plain shape (then only the parsed tree says)."""
    m = _TAIL_TOKEN.search(content, max(0, len(content) - _TAIL_BYTES))
    if m is None:
        return None
    return m.group(1).decode("ascii").strip() or None


def _iter_pages(
    session: Any, cfg: OAISettings, params: dict[str, str], source: str, budget: _Budget, stats: dict
) -> Iterator[tuple[str, ParsedPage]]:
    """(fetched_at, parsed page) per resumption-token page of one ListRecords request; the caller
    is done with each page before asking for the next one.

    The next page is requested as soon as its token can be read from the raw bytes (see
    :func:`predict_token`), while this page is parsed and its records are built: at most one
    request ahead, spent from the budget before it is sent, its failure raised only where a
    sequential harvest would have met it. A prediction the parsed tree contradicts is waited for,
    dropped (logged) and the right page fetched.
    """
    with Prefetcher(f"oai:{source}") as ahead:
        res = None
        while True:
            if res is None:
                budget.spend(cfg.base_url)
                res = fetch_oai(session, cfg.base_url, params, source=source)
            fetched_at = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else str(res.fetched_at)
            predicted = predict_token(res.content) if budget.left() > 0 else None
            if predicted is not None:
                budget.spend(cfg.base_url)
                ahead.start(
                    predicted,
                    fetch_oai,
                    session,
                    cfg.base_url,
                    {"verb": "ListRecords", "resumptionToken": predicted},
                    source=source,
                )
            # parsed here, not on the worker: libxml2 releases the GIL while it builds the tree, the
            # window in which the worker runs its GIL-bound HTTP client code (parsing on the worker
            # too was measured slower: the worker then waits for the GIL while the records are built)
            try:
                parsed = fast_page(res.content) or parse_page(res.content, res.url)
            except NoRecordsMatch:
                return
            except BadResumptionToken:
                raise
            except CannotDisseminateFormat as e:
                raise SourceError(
                    source, f"repository cannot disseminate {cfg.metadata_prefix}: {e.message}", res.url
                ) from None
            except OAIError as e:
                raise SourceError(source, f"OAI-PMH error {e.code}: {e.message}", res.url) from None
            except (etree.XMLSyntaxError, UnsafeXMLError, ValueError) as e:
                raise SourceError(source, f"ListRecords answer unusable: {e}", res.url) from None
            token = parsed.token
            stats["pages"] = stats.get("pages", 0) + 1
            if predicted is not None and token != predicted:
                log.warning(
                    "%s: resumption token read ahead (%r) differs from the parsed one (%r); that request is dropped",
                    source,
                    predicted,
                    token,
                )
                ahead.discard()
            yield fetched_at, parsed
            if not token:
                return
            params = {"verb": "ListRecords", "resumptionToken": token}
            found, res = ahead.take(token)
            if not found:
                res = None
