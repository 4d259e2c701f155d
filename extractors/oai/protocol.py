"""The OAI-PMH protocol over lxml: error answers as exception classes, safe XML parsing,
Identify and ListSets answers, datestamps in the repository's granularity.

XML is parsed with lxml configured not to resolve entities, load DTDs or touch the network; a
document carrying a DOCTYPE or ENTITY declaration is refused outright.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

log = logging.getLogger(__name__)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_O = "{%s}" % OAI_NS
_DOCTYPE_DECL = re.compile(rb"<!doctype", re.I)
_ENTITY_DECL = re.compile(rb"<!entity", re.I)


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


# ----------------------------------------------------------------------------- XML parsing

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
