"""OAI-PMH ListRecords (and GetRecord) pages: the records of a page and their raw publication records.

A page is parsed into an lxml tree (:func:`extractors.oai.protocol.parse_xml`) and its records are
built by one Python walk over the record elements, one record at a time: oai_dc values as plain
text lists, ``xml:lang`` kept only for the elements whose language is used (title, description).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from extractors.oai.protocol import _O, _text, parse_xml, raise_for_oai_error

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_D = "{%s}" % DC_NS
_DOI = re.compile(r"10\.\d{4,9}/\S+")
# qualified names built once (not per element)
_RECORD, _HEADER, _METADATA = f"{_O}record", f"{_O}header", f"{_O}metadata"
_IDENTIFIER, _DATESTAMP, _SETSPEC = f"{_O}identifier", f"{_O}datestamp", f"{_O}setSpec"
_EXTRA_DC = frozenset(("subject", "publisher", "type", "format", "rights", "source", "relation", "coverage"))
_HTTP = ("http://", "https://")
_DLEN = len(_D)
_LANG_KEYS = frozenset(("title", "description"))  # the elements whose xml:lang is used


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
    root = parse_xml(content)
    raise_for_oai_error(root, url)
    container = root.find(f"{_O}ListRecords")
    if container is None:
        container = root.find(f"{_O}GetRecord")
    if container is None:
        raise ValueError("not an OAI-PMH ListRecords/GetRecord response")
    token, size = None, None
    tok_el = container.find(f"{_O}resumptionToken")
    if tok_el is not None:
        token = _text(tok_el)
        raw_size = tok_el.get("completeListSize")
        size = int(raw_size) if raw_size and raw_size.isascii() and raw_size.isdigit() else None
    return ParsedPage(root, container, token, size)


def parse_list_records(content: bytes, url: str | None = None) -> ListRecordsPage:
    """One ListRecords (or GetRecord) page: records with their oai_dc elements, and the token."""
    page = parse_page(content, url)
    return ListRecordsPage(
        records=list(iter_page_records(page)),
        token=page.token,
        complete_list_size=page.complete_list_size,
        response_date=_text(page.root.find(f"{_O}responseDate")),
    )


def iter_page_records(page: ParsedPage) -> Iterator[OAIRecord]:
    """The records of a parsed page, one at a time (records that die young are never promoted
    into the older GC generations): the last header and the last metadata of a record count;
    records without a header are skipped; comments, processing instructions and elements of
    other namespaces are ignored."""
    lang_keys, xml_lang = _LANG_KEYS, XML_LANG
    for node in page.container:
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
    """The first value carrying a DOI (a substring test for "10." before the regular expression)."""
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
