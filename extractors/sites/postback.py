"""ASP.NET WebForms postbacks: the call a pager control makes and the form submission a browser sends for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.http.decoding import codec_name
from extractors.sites.page import first_match
from extractors.tables.grid import clean_text

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
        return first_match(tree, selector)
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
    enc = next((c for c in (codec_name(a) for a in accept) if c), None) or codec_name(charset) or "utf-8"
    return Postback(target, method, call.target, call.argument, tuple(fields), enc)
