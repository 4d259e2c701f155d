"""Article pages: title, date, task tables with the text around them, attachment links and prose;
text typed in a legacy font encoding inside a Unicode page is converted first."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.sites.adapter import SiteAdapter
from extractors.sites.page import DOC_EXT, absolute_url, cannot_be_document, first_match, html_tree
from extractors.tables.grid import Grid, clean_text
from extractors.tables.html import grids_from_tables, mark_breaks, node_text
from transforms.text import DECODERS, needs_repair, repair


@dataclass
class Article:
    """What an article page holds for the task extractor."""

    url: str
    title: str
    date_raw: str
    page_date: str | None
    body_found: bool
    grids: list[Grid] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (url, link text)
    prose: str = ""  # the body's text without its tables
    text: str = ""  # the body's text with them

    def hints(self, date_order: str) -> dict[str, str]:
        """Page-level hints every record from this page carries (`date_order`: of the dates in the content)."""
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


def repair_legacy_spans(tree: LexborHTMLParser) -> int:
    """Convert text typed in a legacy font encoding (TCVN3 .VnTime, VNI-Times) kept inside a Unicode
    page — an article migrated from an old site — so that headers and labels can be read; the
    detection and the maps are transforms/text.py's. Returns how many text nodes were converted.

    The text nodes are walked only when one of them would be converted (``_legacy_text_in``): a
    Unicode page whose only odd characters are a "»" or a "28°C" is not walked."""
    root = tree.root
    if root is None or not _legacy_text_in(root.text(deep=True, separator=_SEP)):
        return 0
    texts = [n for n in root.traverse(include_text=True) if n.is_text_node and not n.text(deep=False).isascii()]
    done = 0
    found: Counter[str] = Counter()
    rest = []
    for node in texts:
        t = node.text(deep=False)
        r = repair(t) if needs_repair(t) else None
        if r is not None and r.value and not r.problem and r.encodings:
            node.replace_with(r.value)
            found.update(r.encodings)
            done += 1
        else:
            rest.append(node)
    # Short runs the detector cannot tell ("Thêi gian") in an element set in the same legacy font
    # as the runs it could: decoded with the page's legacy encoding.
    if found and (enc := found.most_common(1)[0][0]) in DECODERS:
        for node in rest:
            if _legacy_font(node) and (v := DECODERS[enc](node.text(deep=False))):
                node.replace_with(v)
                done += 1
    return done


# Between text nodes in root.text(): the HTML parser never leaves a NUL in the tree's text (dropped, or
# replaced by U+FFFD), so the text between two separators is exactly one text node's.
_SEP = "\x00"


def _legacy_text_in(text: str) -> bool:
    """True when a text node of a page (``text``: the nodes' text joined by _SEP) is one that
    repair_legacy_spans converts: the walk's own test, run on the page's text split once instead of
    visiting every node of the tree."""
    return any(_converts(node) for node in text.split(_SEP) if not node.isascii())


def _converts(node: str) -> bool:
    """The walk's test for one text node. Short texts are memoized: a site repeats its furniture
    ("»", "28°C") on every page; a long paragraph is tested as is (the cache holds no large texts)."""
    return _converts_short(node) if len(node) <= 1_000 else _node_converts(node)


def _node_converts(node: str) -> bool:
    if node.isascii() or not needs_repair(node):
        return False
    r = repair(node)
    return bool(r.value and not r.problem and r.encodings)


_converts_short = lru_cache(maxsize=4096)(_node_converts)


def _inside(node: LexborNode, tag: str) -> bool:
    el = node.parent
    while el is not None:
        if el.tag == tag:
            return True
        el = el.parent
    return False


_LEGACY_FONT = re.compile(r"(?i)\.vn[a-z]|vni[- ]")


def _legacy_font(node: LexborNode) -> bool:
    """True when an element around a text node names a legacy Vietnamese font (.VnTime, VNI-Times)."""
    el = node.parent
    for _ in range(4):
        if el is None:
            return False
        attrs = el.attributes
        if any(v and _LEGACY_FONT.search(v) for k, v in attrs.items() if k in ("style", "face", "class")):
            return True
        el = el.parent
    return False


def parse_article(text: str, url: str, adapter: SiteAdapter) -> Article:
    """Title, date, task tables, attachment links and prose of one article page."""
    tree = html_tree(text)
    repair_legacy_spans(tree)
    tnode = first_match(tree, adapter.article_title)
    title = node_text(tnode) if tnode is not None else ""
    if not title and (t := tree.css_first("title")) is not None:
        title = node_text(t)
    date_raw = ""
    if adapter.article_date and (dnode := first_match(tree, adapter.article_date)) is not None:
        dtext = node_text(dnode)
        m = _date_regex(adapter.date_regex).search(dtext)
        date_raw = (m.group(1) if m and m.groups() else m.group(0) if m else dtext)[:80]
    body = first_match(tree, adapter.article_body)
    art = Article(
        url,
        " ".join(title.split()),
        date_raw,
        iso_date(date_raw, adapter.date_order) if date_raw else None,
        body is not None,
    )
    scope = body if body is not None else tree.body
    if scope is None:
        return art
    if adapter.remove:  # furniture inside what we read (counters, widgets, scripts)
        for node in scope.css(adapter.remove):
            node.decompose()
    for lst in scope.css("ol, ul"):  # list items read as numbered lines ("1. …"), as a browser shows them;
        nested = _inside(lst, "li")  # a list inside an item gives its field lines ("- …")
        for k, li in enumerate((c for c in lst.iter() if c.tag == "li"), start=1):
            li.insert_before("\n- " if nested else f"\n{k}. ")
    mark_breaks(scope)
    art.text = node_text(scope) if body is not None else ""  # tables included: a layout table may hold the article
    tables = scope.css("table")
    art.grids = grids_from_tables(tables)
    seen: set[str] = set()
    for a in tree.css(adapter.attachments):
        href = a.attributes.get("href")
        if not href or cannot_be_document(href):
            continue
        link = absolute_url(url, href)
        if link and link not in seen and DOC_EXT.search(urlsplit(link).path):
            seen.add(link)
            art.attachments.append((link, clean_text(a.text(deep=True))))
    hook = _hook(adapter)
    if hook is not None:
        hook(art, tree)
        tables = scope.css("table")  # a hook may have edited the page
    # Mark where each table stood, so the text before it (a heading, the lead sentence naming the
    # list's decision) can be handed to that table; the prose is the text without the tables.
    for i, t in enumerate(tables, start=1):
        t.insert_before(f"\n{_MARK}{i}{_MARK}\n")
        t.decompose()
    parts = _MARK_RE.split(node_text(scope))
    art.prose = "\n".join(p.strip("\n") for p in parts[::2] if p.strip()) if body is not None else ""
    before = {f"table{parts[k]}": parts[k - 1] for k in range(1, len(parts), 2)}
    after = {f"table{parts[k]}": parts[k + 1] for k in range(1, len(parts) - 1, 2)}
    lead = parts[0] if body is not None else ""
    for g in art.grids:  # nearest first; what follows the table ("Danh mục trên kèm theo …") comes last
        g.context = [
            t
            for t in dict.fromkeys((before.get(g.name, ""), lead, art.title, after.get(g.name, "")))
            if t and t.strip()
        ]
    return art


_MARK = "\ue000"  # a private-use character: never in a page's own text after decoding
_MARK_RE = re.compile(f"\n?{_MARK}(\\d+){_MARK}\n?")
