"""What every site page parser shares: the page's decoding (decode_html), its HTML tree, adapter selector lists
and link resolution.

The parsers themselves: listing pages in extractors.sites.listing, ASP.NET postback pagers and the form a
browser submits in extractors.sites.postback, article pages (and legacy-font spans) in extractors.sites.article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.http.decoding import Decoded, decode
from extractors.tables.html import PageProblem, check_markup


DOC_EXT = re.compile(r"\.(xlsx|xls|docx|doc|pdf)$", re.I)


def decode_html(content: bytes, content_type: str = "", override: str = "") -> Decoded:
    """Decode page bytes with the project's one charset detection (extractors/http/decoding.py):
    BOM, adapter override, HTTP header, <meta>, UTF-8, the legacy Vietnamese code pages (TCVN3, VNI,
    VISCII, windows-1258: the page is converted before parsing), then charset-normalizer.

    The page budgets (tags, nesting) are checked first, before any decoding or parsing. Bytes that
    fit nothing raise PageProblem naming the suspected encoding (the page is rejected, never
    silently garbled). UTF-8 pages are decoded as UTF-8 (a stray legacy span is left to
    transforms/text.py).
    """
    check_markup(content)
    decoded = decode(content, content_type, override)
    if decoded.problem:
        raise PageProblem(decoded.problem)
    return decoded


def html_tree(text: str) -> LexborHTMLParser:
    if "\x00" in text[:4096]:
        raise PageProblem("binary content where an HTML page was expected")
    tree = LexborHTMLParser(text)
    if tree.body is None and tree.root is None:
        raise PageProblem("no HTML document could be built")
    return tree


@lru_cache(maxsize=256)
def _selector_list(selectors: str) -> tuple[str, ...]:
    """ "a, b" -> ("a", "b"), split once per adapter setting rather than once per page."""
    return tuple(sel for sel in (s.strip() for s in selectors.split(",")) if sel)


def first_match(tree: LexborHTMLParser | LexborNode, selectors: str) -> LexborNode | None:
    """First match of the first selector (in the order written) that matches anything."""
    for sel in _selector_list(selectors):
        node = tree.css_first(sel)
        if node is not None:
            return node
    return None


def all_first_match(tree: LexborHTMLParser | LexborNode, selectors: str) -> list[LexborNode]:
    """Every match of the first selector (in the order written) that matches anything."""
    for sel in _selector_list(selectors):
        nodes = tree.css(sel)
        if nodes:
            return nodes
    return []


def cannot_be_document(href: str) -> bool:
    """True when the URL `href` resolves to cannot have a document path (no urljoin needed).

    A resolved path ends with the last segment of href's own path (or with "/" for "."
    and ".."), or is empty when href names a host, so a href without a document extension
    cannot gain one, except where href has no path and no host ("", "http:", "//"): then
    the base page's path is used. Those, and hrefs with control characters (which urlsplit
    drops), get the full treatment.
    """
    path = href.strip().split("#", 1)[0].split("?", 1)[0]
    return bool(path) and not path.endswith((":", "//")) and path.isprintable() and DOC_EXT.search(path) is None


def absolute_url(base: str, href: str | None) -> str | None:
    """The http(s)/file URL a link points to from page `base`, without its fragment; None for
    empty, script, mail, phone and in-page links."""
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urljoin(base, href)
    return url.split("#", 1)[0] if urlsplit(url).scheme in ("http", "https", "file") else None
