"""Pure parsers of listing and article pages, driven by a SiteAdapter."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.sites.adapter import SiteAdapter
from extractors.tables.grid import Grid, clean_text
from transforms.text import DECODERS, needs_repair, repair
from extractors.tables.html import PageProblem, check_markup, grids_from_tables, mark_breaks, node_text

DOC_EXT = re.compile(r"\.(xlsx|xls|docx|doc|pdf)$", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HDR_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
MAX_REPLACED = 8  # a few stray bytes are tolerated; more means a wrong charset


@dataclass
class Decoded:
    """Page text and how it was decoded."""

    text: str
    charset: str
    note: str = ""  # e.g. "declared iso-8859-1, decoded as utf-8"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


_WESTERN = frozenset({"cp1252", "iso8859-1", "ascii"})  # labels legacy Vietnamese pages are served under


def decode_html(content: bytes, content_type: str = "", override: str = "") -> Decoded:
    """Decode page bytes: adapter override, else HTTP header, else <meta>, else UTF-8.

    A declared charset that does not fit the bytes is retried as UTF-8. A page that is not UTF-8
    and declares no charset or a Western one (windows-1252, latin-1) may be typed in a legacy
    Vietnamese code page (TCVN3, VNI, VISCII, windows-1258): transforms/legacy_page.py picks the
    one it reads best in (font-family names and word statistics) and the page is converted before
    parsing. Bytes that fit nothing raise PageProblem naming the suspected encoding (the page is
    rejected, never silently garbled). UTF-8 pages are decoded as UTF-8 (a stray legacy span is
    left to transforms/text.py).
    """
    check_markup(content)  # the page budgets (tags, nesting), before any decoding or parsing
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
    guess = None
    if (declared is None or declared in _WESTERN) and not content.isascii():
        try:
            if declared is None:
                return Decoded(content.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
        from transforms.legacy_page import guess_page_encoding

        guess = guess_page_encoding(content)
        if guess.encoding and guess.encoding != declared and guess.text is not None:
            return Decoded(
                guess.text,
                guess.encoding,
                f"declared {declared or 'none'}, decoded as {guess.encoding} ({guess.reason})",
            )
    try:
        return Decoded(content.decode(first), first)
    except UnicodeDecodeError as e:
        err = e
    text = content.decode(first, errors="replace")
    bad = text.count("\ufffd") - content.decode(first, errors="ignore").count("\ufffd")
    if bad <= MAX_REPLACED and len(content) > 200 * bad:
        return Decoded(text, first, f"{bad} undecodable byte(s) replaced")
    if guess is None:
        from transforms.legacy_page import guess_page_encoding

        guess = guess_page_encoding(content)
    suspect = (
        f"suspected encoding {guess.suspected} ({guess.reason})"
        if guess.suspected
        else f"no legacy code page fits ({guess.reason})"
    )
    raise PageProblem(
        f"undecodable bytes: declared charset {declared or 'none (assumed utf-8)'} does not fit "
        f"{bad} byte sequence(s), first at offset {err.start} "
        f"({content[err.start : err.start + 8]!r}); {suspect}"
    )


def _tree(text: str) -> LexborHTMLParser:
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


def _first(tree: LexborHTMLParser | LexborNode, selectors: str) -> LexborNode | None:
    """First match of the first selector (in the order written) that matches anything."""
    for sel in _selector_list(selectors):
        node = tree.css_first(sel)
        if node is not None:
            return node
    return None


def _all_first(tree: LexborHTMLParser | LexborNode, selectors: str) -> list[LexborNode]:
    """Every match of the first selector (in the order written) that matches anything."""
    for sel in _selector_list(selectors):
        nodes = tree.css(sel)
        if nodes:
            return nodes
    return []


def _cannot_be_document(href: str) -> bool:
    """True when the URL `href` resolves to cannot have a document path (no urljoin needed).

    A resolved path ends with the last segment of href's own path (or with "/" for "."
    and ".."), or is empty when href names a host, so a href without a document extension
    cannot gain one, except where href has no path and no host ("", "http:", "//"): then
    the base page's path is used. Those, and hrefs with control characters (which urlsplit
    drops), get the full treatment.
    """
    path = href.strip().split("#", 1)[0].split("?", 1)[0]
    return bool(path) and not path.endswith((":", "//")) and path.isprintable() and DOC_EXT.search(path) is None


# a root-relative href that urljoin would only append to the base's scheme://host: no query,
# fragment, params, percent-escape, backslash, whitespace or control character, no dot segment
_PLAIN_ROOTED = re.compile(r"/(?!/)[^?#;%\\\s\x00-\x1f\x7f]*\Z")


@lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    """``scheme://netloc`` of an http(s) base URL, or None."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _abs(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    if href[:1] == "/" and "/." not in href and _PLAIN_ROOTED.match(href) and (origin := _origin(base)):
        return origin + href  # what urljoin gives, without parsing both URLs again
    url = urljoin(base, href)
    return url.split("#", 1)[0] if urlsplit(url).scheme in ("http", "https", "file") else None


@dataclass
class Listing:
    """Article links of one listing page and the next page, if any: a GET link (`next_url`) or
    an ASP.NET postback (`next_postback`, the form the browser would send)."""

    items: list[tuple[str, str]]  # (url, link text)
    next_url: str | None
    next_postback: Postback | None = None
    problem: str = ""  # why a next link that was found cannot be followed


def parse_listing(text: str, url: str, adapter: SiteAdapter, *, page_no: int = 1, charset: str = "utf-8") -> Listing:
    """Article links and the next page of a listing page.

    `page_no` is the pager page this listing is (GridView `Page$N` pagers move to `Page$<page_no+1>`);
    `charset` is the page's encoding, which a postback form is encoded in.
    """
    tree = _tree(text)
    items: list[tuple[str, str]] = []
    seen: set[str] = set()
    for a in tree.css(adapter.listing_item):
        link = _abs(url, a.attributes.get("href"))
        if link and link not in seen:
            seen.add(link)
            items.append((link, clean_text(a.text(deep=True))))
    listing = Listing(items, None)
    if not adapter.next_page:
        return listing
    nodes = _all_first(tree, adapter.next_page)
    if adapter.pager != "postback" and nodes:
        nxt = _abs(url, nodes[0].attributes.get("href"))
        if nxt:
            listing.next_url = nxt if nxt != url else None
            return listing
    if adapter.pager == "link":
        return listing
    picked = pick_postback(nodes, page_no)
    if picked is None:
        return listing
    node, call = picked
    pb = build_postback(tree, node, call, url, charset=charset, form_selector=adapter.pager_form)
    if pb is None:
        listing.problem = (
            f"next link is a postback ({call.target!r}, {call.argument!r}) but the page has no "
            f"form to submit" + (f" matching pager_form {adapter.pager_form!r}" if adapter.pager_form else "")
        )
    listing.next_postback = pb
    return listing


# -- ASP.NET WebForms postbacks ---------------------------------------------------------------
# __doPostBack('ctl00$ContentPlaceHolder1$lnkNext','') and, for controls with validation or a
# cross-page action, WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions("target", "arg",
# validation, "group", "actionUrl", trackFocus, clientSubmit)).
_DO_POSTBACK = re.compile(r"__doPostBack\s*\(", re.I)
_WITH_OPTIONS = re.compile(r"WebForm_PostBackOptions\s*\(", re.I)
_JS_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\}|[\s\S])")
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_GRID_PAGE = re.compile(r"Page\$(\d+)")
_BUTTON_TYPES = frozenset({"submit", "image", "button", "reset", "file"})


@dataclass(frozen=True)
class PostbackCall:
    """What a pager control asks the server for: __EVENTTARGET, __EVENTARGUMENT, and for a
    submit button its own name/value (`submitter`); `action` overrides the form's action."""

    target: str
    argument: str = ""
    action: str = ""
    submitter: tuple[tuple[str, str], ...] = ()


def _js_unescape(s: str) -> str:
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "xu" and len(e) > 1:
            return chr(int(e[1:].strip("{}"), 16))
        return _JS_SIMPLE.get(e, e)

    return _JS_ESCAPE.sub(one, s) if "\\" in s else s


def _js_args(text: str, start: int) -> list[str | None]:
    """The arguments of a JS call whose "(" ends at `start`: string literals unescaped, other
    tokens (true, false, numbers) as None; stops at the closing ")"."""
    args: list[str | None] = []
    i, n = start, len(text)
    current: str | None = None
    has_token = False
    while i < n:
        c = text[i]
        if c in "'\"`":
            j, buf = i + 1, []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j : j + 2])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                break  # unterminated string: give up on the rest
            current, has_token = _js_unescape("".join(buf)), True
            i = j + 1
            continue
        if c == "," or c == ")":
            if has_token or c == ",":
                args.append(current)
            current, has_token = None, False
            if c == ")":
                return args
        elif c == "(":  # a nested call (e.g. new WebForm_PostBackOptions(...))
            return args
        elif not c.isspace():
            has_token = True
        i += 1
    return args


def parse_postback(script: str) -> PostbackCall | None:
    """The postback a `javascript:` href or an onclick makes, or None.

    Accepts both quote styles, JS escapes (`\\$`, `\\x24`, `\\u0024`, `\\'`), a percent-encoded
    `javascript:` URL, and WebForm_DoPostBackWithOptions (whose actionUrl, when set, is returned
    as `action`).
    """
    if not script:
        return None
    script = script.strip()
    if script[:11].lower() == "javascript:" and "%" in script:
        script = unquote(script)
    m = _WITH_OPTIONS.search(script)
    if m:
        args = _js_args(script, m.end())
        if args and args[0]:
            action = args[4] if len(args) > 4 and args[4] else ""
            return PostbackCall(args[0], (args[1] if len(args) > 1 else "") or "", action)
    m = _DO_POSTBACK.search(script)
    if m:
        args = _js_args(script, m.end())
        if args and args[0]:
            return PostbackCall(args[0], (args[1] if len(args) > 1 else "") or "")
    return None


def _disabled(node: LexborNode) -> bool:
    attrs = node.attributes
    return "disabled" in attrs or "aspNetDisabled" in (attrs.get("class") or "").split()


def postback_call(node: LexborNode) -> PostbackCall | None:
    """The postback a pager control makes: a link (href or onclick) or a submit/image button."""
    if _disabled(node):
        return None
    attrs = node.attributes
    for script in (attrs.get("href"), attrs.get("onclick")):
        call = parse_postback(script or "")
        if call is not None:
            return call
    kind = (attrs.get("type") or ("submit" if node.tag == "button" else "")).lower()
    name = attrs.get("name") or ""
    if node.tag in ("input", "button") and name and kind in ("submit", "image"):
        if kind == "image":
            return PostbackCall("", "", submitter=((name + ".x", "1"), (name + ".y", "1")))
        value = attrs.get("value")
        return PostbackCall(
            "",
            "",
            submitter=(
                (
                    name,
                    value
                    if value is not None
                    else (clean_text(node.text(deep=True)) if node.tag == "button" else "Submit"),
                ),
            ),
        )
    return None


def pick_postback(nodes: list[LexborNode], page_no: int = 1) -> tuple[LexborNode, PostbackCall] | None:
    """The control that leads to the next page among the pager controls matched.

    GridView pagers (arguments `Page$N`, `Page$Next`, `Page$First`…) show every page number:
    the next page is `Page$Next` when offered, else `Page$<current + 1>` (also behind a "..."
    link), the current page being the number the pager shows unlinked (`<span>2</span>`), else
    `page_no`; a pager without it is on its last page. Other postbacks: the first one matched.
    """
    calls = [(n, c) for n in nodes if (c := postback_call(n)) is not None]
    if not calls:
        return None
    grid = [(n, c) for n, c in calls if c.argument.startswith("Page$")]
    if not grid:
        return calls[0]
    for n, c in grid:
        if c.argument == "Page$Next":
            return n, c
    want = f"Page${(_grid_current(grid[0][0]) or page_no) + 1}"
    for n, c in grid:
        if c.argument == want:
            return n, c
    return None


def _grid_current(link: LexborNode) -> int | None:
    """The page number a GridView pager shows as current (a <span> without a link), if any."""
    box = link.parent
    for _ in range(4):  # <a> in <td> in <tr> in the pager's own <table>
        if box is None or box.tag == "table":
            break
        box = box.parent
    if box is None:
        return None
    for span in box.css("span"):
        text = (span.text(deep=True) or "").strip()
        if text.isdigit():
            return int(text)
    return None


def next_page_no(call: PostbackCall | Postback, page_no: int) -> int:
    """The pager page number a postback leads to."""
    m = _GRID_PAGE.fullmatch(call.argument)
    return int(m.group(1)) if m else page_no + 1


@dataclass(frozen=True)
class Postback:
    """The form a browser submits for a postback, ready to send."""

    action: str  # absolute URL (the form's action resolved against the page)
    method: str  # "POST" (WebForms) or "GET" (a form with method=get)
    target: str
    argument: str
    fields: tuple[tuple[str, str], ...]  # in document order, __EVENTTARGET/__EVENTARGUMENT set
    charset: str = "utf-8"

    def body(self) -> bytes:
        """application/x-www-form-urlencoded, in the form's charset (unencodable characters as
        &#NNNN; like browsers)."""
        return urlencode(list(self.fields), encoding=self.charset, errors="xmlcharrefreplace").encode("ascii")

    def get_url(self) -> str:
        """For a method=get form: the action with the form data as its query."""
        parts = urlsplit(self.action)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, self.body().decode("ascii"), ""))

    def field(self, name: str) -> str | None:
        """The value sent for a field name (the first one), or None."""
        return next((v for k, v in self.fields if k == name), None)

    def describe(self) -> str:
        return f"{self.method} {self.action} (postback {self.target or 'submit'!r} {self.argument!r})"


def _form_of(node: LexborNode) -> LexborNode | None:
    p = node.parent
    while p is not None:
        if p.tag == "form":
            return p
        p = p.parent
    return None


def _pick_form(tree: LexborHTMLParser, node: LexborNode, selector: str) -> LexborNode | None:
    if selector:
        return _first(tree, selector)
    owner = node.attributes.get("form")
    if owner and (f := tree.css_first(f"form[id='{owner}']")) is not None:
        return f
    if (f := _form_of(node)) is not None:
        return f
    forms = tree.css("form")
    for f in forms:
        if f.css_first("input[name='__VIEWSTATE']") is not None:
            return f
    posting = [f for f in forms if (f.attributes.get("method") or "").lower() == "post"]
    return (posting or forms or [None])[0]


def _same(a: LexborNode | None, b: LexborNode | None) -> bool:
    return a is not None and b is not None and a.mem_id == b.mem_id


def _controls(tree: LexborHTMLParser, form: LexborNode) -> list[LexborNode]:
    """The controls a form submits, in document order: those inside it or naming it with form=,
    plus (when the parser moved them out of a misnested form, e.g. a form opened inside a
    table) the controls outside any form on a page whose only form does not hold __VIEWSTATE."""
    forms = tree.css("form")
    form_id = form.attributes.get("id") or ""
    orphans_too = len(forms) == 1 and form.css_first("input[name='__VIEWSTATE']") is None
    out = []
    for c in tree.css("input, select, textarea, button"):
        owner = c.attributes.get("form")
        if owner:
            if owner == form_id:
                out.append(c)
            continue
        home = _form_of(c)
        if _same(home, form) or (home is None and orphans_too):
            out.append(c)
    return out


def form_fields(tree: LexborHTMLParser, form: LexborNode) -> list[tuple[str, str]]:
    """The name/value pairs a browser sends for a form without a submitter (HTML's
    "constructing the entry list", as far as static markup goes): hidden, text-like, checked
    checkbox/radio, selected options, textareas; never buttons, files or disabled controls."""
    out: list[tuple[str, str]] = []
    for c in _controls(tree, form):
        attrs = c.attributes
        name = attrs.get("name")
        if not name or "disabled" in attrs or _in_disabled_fieldset(c):
            continue
        if c.tag == "button":
            continue
        if c.tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in _BUTTON_TYPES:
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    out.append((name, attrs.get("value") if attrs.get("value") is not None else "on"))
                continue
            value = attrs.get("value") or ""
            if kind not in ("hidden",):
                value = value.replace("\r", "").replace("\n", "")
            out.append((name, value))
        elif c.tag == "select":
            options = [o for o in c.css("option") if "disabled" not in o.attributes]
            chosen = [o for o in options if "selected" in o.attributes]
            if "multiple" not in attrs:
                chosen = chosen[-1:] or options[:1]  # the last selected wins; else the first option
            for o in chosen:
                v = o.attributes.get("value")
                out.append((name, v if v is not None else " ".join((o.text(deep=True) or "").split())))
        elif c.tag == "textarea":
            text = c.text(deep=True) or ""
            if text.startswith("\n"):
                text = text[1:]
            out.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
    return out


def _in_disabled_fieldset(node: LexborNode) -> bool:
    p = node.parent
    while p is not None:
        if p.tag == "fieldset" and "disabled" in p.attributes:
            return True
        p = p.parent
    return False


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    return urljoin(url, href) if href else url


def build_postback(
    tree: LexborHTMLParser,
    node: LexborNode,
    call: PostbackCall,
    url: str,
    *,
    charset: str = "utf-8",
    form_selector: str = "",
) -> Postback | None:
    """The form submission a browser makes for `call` on this page; None when there is no form.

    Every control of the form is sent with its value (hidden __VIEWSTATE,
    __VIEWSTATEGENERATOR, __EVENTVALIDATION, text inputs, checked boxes, selected options),
    buttons only as the submitter, __EVENTTARGET/__EVENTARGUMENT set from the call (replaced
    where the page renders them, else put first). The action is the form's (or the call's
    actionUrl) resolved against the page URL; an empty action posts back to the page itself.
    """
    form = _pick_form(tree, node, form_selector)
    if form is None:
        return None
    fields = form_fields(tree, form)
    if call.target or not call.submitter:
        event = {"__EVENTTARGET": call.target, "__EVENTARGUMENT": call.argument}
        have = {k for k, _ in fields}
        fields = [(k, event[k]) if k in event else (k, v) for k, v in fields]
        fields = [(k, v) for k, v in event.items() if k not in have] + fields
    fields += list(call.submitter)
    attrs = form.attributes
    action = (call.action or attrs.get("action") or "").strip()
    base = _base_url(tree, url)
    target = urljoin(base, action) if action else url
    target = target.split("#", 1)[0]
    method = "GET" if (attrs.get("method") or "post").strip().lower() == "get" else "POST"
    accept = (attrs.get("accept-charset") or "").replace(",", " ").split()
    enc = next((c for c in (_codec(a) for a in accept) if c), None) or _codec(charset) or "utf-8"
    return Postback(target, method, call.target, call.argument, tuple(fields), enc)


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
    detection and the maps are transforms/text.py's. Returns how many text nodes were converted."""
    root = tree.root
    if root is None or not needs_repair(root.text(deep=True)[:500_000]):
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
    tree = _tree(text)
    repair_legacy_spans(tree)
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
        if not href or _cannot_be_document(href):
            continue
        link = _abs(url, href)
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
