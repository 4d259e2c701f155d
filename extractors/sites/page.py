"""Pure parsers of listing and article pages, driven by a SiteAdapter."""
from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.sites.adapter import SiteAdapter
from extractors.tables.grid import Grid, clean_text
from extractors.tables.html import grids_from_tables, mark_breaks, node_text

DOC_EXT = re.compile(r"\.(xlsx|xls|docx|doc|pdf)$", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HDR_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
MAX_REPLACED = 8                    # a few stray bytes are tolerated; more means a wrong charset


class PageProblem(ValueError):
    """A page that cannot be read (undecodable bytes, no document); the message is the reason."""


@dataclass
class Decoded:
    """Page text and how it was decoded."""

    text: str
    charset: str
    note: str = ""                  # e.g. "declared iso-8859-1, decoded as utf-8"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_html(content: bytes, content_type: str = "", override: str = "") -> Decoded:
    """Decode page bytes: adapter override, else HTTP header, else <meta>, else UTF-8.

    A declared charset that does not fit the bytes is retried as UTF-8; bytes that fit
    neither raise PageProblem (the page is rejected, never silently garbled). Legacy
    Vietnamese encodings (TCVN3, VNI) decode as their declared 8-bit charset and are left
    to transforms/text.py to convert.
    """
    if content.startswith(codecs.BOM_UTF8):
        return Decoded(content[3:].decode("utf-8", errors="replace"), "utf-8")
    declared = _codec(override) or _codec((_HDR_CHARSET.search(content_type or "") or [None, None])[1])
    if declared is None:
        m = _META_CHARSET.search(content[:4096])
        declared = _codec(m.group(1).decode("ascii", "replace")) if m else None
    first = declared or "utf-8"
    if first != "utf-8" and not content.isascii():
        # Valid multi-byte UTF-8 is almost never an accident of an 8-bit charset: the label is wrong.
        try:
            return Decoded(content.decode("utf-8"), "utf-8", f"declared {first}, decoded as utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(content.decode(first), first)
    except UnicodeDecodeError as e:
        err = e
    text = content.decode(first, errors="replace")
    bad = text.count("\ufffd") - content.decode(first, errors="ignore").count("\ufffd")
    if bad <= MAX_REPLACED and len(content) > 200 * bad:
        return Decoded(text, first, f"{bad} undecodable byte(s) replaced")
    raise PageProblem(f"undecodable bytes: declared charset {declared or 'none (assumed utf-8)'} does not fit "
                      f"{bad} byte sequence(s), first at offset {err.start} "
                      f"({content[err.start:err.start + 8]!r}); wrong declared charset or legacy encoding")


def _tree(text: str) -> LexborHTMLParser:
    if "\x00" in text[:4096]:
        raise PageProblem("binary content where an HTML page was expected")
    tree = LexborHTMLParser(text)
    if tree.body is None and tree.root is None:
        raise PageProblem("no HTML document could be built")
    return tree


@lru_cache(maxsize=256)
def _selector_list(selectors: str) -> tuple[str, ...]:
    """"a, b" -> ("a", "b"), split once per adapter setting rather than once per page."""
    return tuple(sel for sel in (s.strip() for s in selectors.split(",")) if sel)


def _first(tree: LexborHTMLParser | LexborNode, selectors: str) -> LexborNode | None:
    """First match of the first selector (in the order written) that matches anything."""
    for sel in _selector_list(selectors):
        node = tree.css_first(sel)
        if node is not None:
            return node
    return None


def _cannot_be_document(href: str) -> bool:
    """True when the URL `href` resolves to cannot have a document path (no urljoin needed).

    A resolved path ends with the last segment of href's own path (or with "/" for "."
    and ".."), or is empty when href names a host, so a href without a document extension
    cannot gain one, except where href has no path and no host ("", "http:", "//"): then
    the base page's path is used. Those, and hrefs with control characters (which urlsplit
    drops), get the full treatment.
    """
    path = href.strip().split("#", 1)[0].split("?", 1)[0]
    return (bool(path) and not path.endswith((":", "//")) and path.isprintable()
            and DOC_EXT.search(path) is None)


def _abs(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urljoin(base, href)
    return url.split("#", 1)[0] if urlsplit(url).scheme in ("http", "https", "file") else None


@dataclass
class Listing:
    """Article links of one listing page and the next page, if any."""

    items: list[tuple[str, str]]          # (url, link text)
    next_url: str | None


def parse_listing(text: str, url: str, adapter: SiteAdapter) -> Listing:
    """Article links and the next-page link of a listing page."""
    tree = _tree(text)
    items: list[tuple[str, str]] = []
    seen: set[str] = set()
    for a in tree.css(adapter.listing_item):
        link = _abs(url, a.attributes.get("href"))
        if link and link not in seen:
            seen.add(link)
            items.append((link, clean_text(a.text(deep=True))))
    nxt = None
    if adapter.next_page:
        node = _first(tree, adapter.next_page)
        if node is not None:
            nxt = _abs(url, node.attributes.get("href"))
            if nxt == url:
                nxt = None
    return Listing(items, nxt)


@dataclass
class Article:
    """What an article page holds for the task extractor."""

    url: str
    title: str
    date_raw: str
    page_date: str | None
    body_found: bool
    grids: list[Grid] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)   # (url, link text)
    prose: str = ""

    def hints(self, date_order: str) -> dict[str, str]:
        """Page-level hints every record from this page carries."""
        h = {"date_order": date_order, "page_title": self.title}
        if self.page_date:
            h["page_date"] = self.page_date
        elif self.date_raw:
            h["page_date_raw"] = self.date_raw
        return h


_NUM_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(raw: str, order: str) -> str | None:
    """ISO date of a numeric d/m/y (or m/d/y) string; None when impossible (e.g. year 8021)."""
    m = _NUM_DATE.search(raw)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    d, mo = (a, b) if order == "dmy" else (b, a)
    if not 1990 <= y <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _hook(adapter: SiteAdapter) -> Callable[..., Any] | None:
    """The adapter's code hook, imported once."""
    return adapter.hook_fn()


@lru_cache(maxsize=64)
def _date_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def parse_article(text: str, url: str, adapter: SiteAdapter) -> Article:
    """Title, date, task tables, attachment links and prose of one article page."""
    tree = _tree(text)
    tnode = _first(tree, adapter.article_title)
    title = node_text(tnode) if tnode is not None else ""
    if not title and (t := tree.css_first("title")) is not None:
        title = node_text(t)
    date_raw = ""
    if adapter.article_date and (dnode := _first(tree, adapter.article_date)) is not None:
        dtext = node_text(dnode)
        m = _date_regex(adapter.date_regex).search(dtext)
        date_raw = (m.group(1) if m and m.groups() else m.group(0) if m else dtext)[:80]
    body = _first(tree, adapter.article_body)
    art = Article(url, " ".join(title.split()), date_raw, iso_date(date_raw, adapter.date_order) if date_raw else None,
                  body is not None)
    scope = body if body is not None else tree.body
    if scope is None:
        return art
    if adapter.remove:                       # furniture inside what we read (counters, widgets, scripts)
        for node in scope.css(adapter.remove):
            node.decompose()
    mark_breaks(scope)
    tables = scope.css("table")
    art.grids = grids_from_tables(tables)
    seen: set[str] = set()
    for a in tree.css(adapter.attachments):
        href = a.attributes.get("href")
        if not href or _cannot_be_document(href):
            continue
        link = _abs(url, href)
        if link and link not in seen and DOC_EXT.search(urlsplit(link).path):
            seen.add(link)
            art.attachments.append((link, clean_text(a.text(deep=True))))
    hook = _hook(adapter)
    if hook is not None:
        hook(art, tree)
        tables = scope.css("table")             # a hook may have edited the page
    for t in tables:
        t.decompose()
    art.prose = node_text(scope) if body is not None else ""
    return art
