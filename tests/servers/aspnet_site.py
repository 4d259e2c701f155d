"""A loopback ASP.NET WebForms site: listing pages reached only by postback, articles by GET.

Emulates what matters to a crawler on skhcn.kontum.gov.vn-like sites:

- the first GET of the listing sets an ``ASP.NET_SessionId`` cookie; a POST without the
  session's cookie is refused (400 "session expired");
- every page's form carries a signed ``__VIEWSTATE`` (page number, session, a nonce) and an
  ``__EVENTVALIDATION`` naming the postbacks the page allows; a POST whose view state or
  event validation does not round-trip byte for byte, or whose event is not allowed, is
  refused (400, like ASP.NET's "Invalid postback or callback argument");
- the form also holds the controls a browser sends (hidden, text, a select, a checked box)
  and ones it must not (a submit button, an unchecked box, a disabled input): each POST is
  checked for them and every problem is recorded in ``site.errors``;
- pager ``link``: ``__doPostBack('ctl00$ContentPlaceHolder1$lnkNext','')`` (disabled on the
  last page); pager ``grid``: a GridView pager ``__doPostBack('…$gvList','Page$N')``;
- ``etag=True``: the listing's first page carries an ETag and answers If-None-Match with 304
  (the session's cookie is still set: its view state would not be the archived page's);
- ``buggy=True``: asking for any page after 2 answers page 2 again (a pager stuck on page 2);
  ``fresh_viewstate=True`` makes every answer's view state differ (a new nonce).

Each listing page lists ``per_page`` articles plus one pinned article shown on every page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

LISTING = "/thong-bao.html"
NEXT_TARGET = "ctl00$ContentPlaceHolder1$lnkNext"
GRID_TARGET = "ctl00$ContentPlaceHolder1$gvList"
GENERATOR = "CA0B0334"
PINNED = "/thong-bao/thong-bao-ghim.html"


@dataclass
class Hit:
    """One request the site received."""

    method: str
    path: str
    headers: dict[str, str]
    form: list[tuple[str, str]] = field(default_factory=list)
    status: int = 200
    page: int | None = None  # the listing page answered


class AspNetSite:
    """``with AspNetSite(pager="grid") as site: site.url(LISTING)``; ``site.hits``, ``site.errors``."""

    def __init__(
        self,
        *,
        pages: int = 3,
        per_page: int = 3,
        pager: str = "link",
        buggy: bool = False,
        fresh_viewstate: bool = False,
        action: str = "./thong-bao.html",
        robots: str = "User-agent: *\nDisallow: /Admin/\n",
        etag: bool = False,
    ):
        assert pager in ("link", "grid")
        self.pages, self.per_page, self.pager, self.buggy = pages, per_page, pager, buggy
        self.fresh_viewstate, self.action, self.robots, self.etag = fresh_viewstate, action, robots, etag
        self.secret = secrets.token_bytes(16)
        self.sessions: set[str] = set()
        self.hits: list[Hit] = []
        self.errors: list[str] = []
        self._nonce = itertools.count(1)
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                outer._handle(self, "GET")

            def do_POST(self) -> None:
                outer._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------------
    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> AspNetSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- what tests look at ----------------------------------------------------------------------
    def article_paths(self, upto_page: int | None = None) -> list[str]:
        """Article paths listed on pages 1..upto_page (all pages by default), pinned one included."""
        last = self.pages if upto_page is None else upto_page
        return [PINNED] + [self._article(p, i) for p in range(1, last + 1) for i in range(self.per_page)]

    def posts(self) -> list[Hit]:
        return [h for h in self.hits if h.method == "POST"]

    def get_hits(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.method == "GET" and h.path == path]

    # -- state tokens --------------------------------------------------------------------------
    def _sign(self, payload: dict[str, Any]) -> str:
        raw = json.dumps(payload, sort_keys=True).encode()
        mac = hmac.new(self.secret, raw, hashlib.sha256).digest()
        return "/wEPDw" + base64.b64encode(raw + mac).decode("ascii")

    def _unsign(self, token: str) -> dict[str, Any] | None:
        if not token.startswith("/wEPDw"):
            return None
        try:
            blob = base64.b64decode(token[6:], validate=True)
        except ValueError:
            return None
        raw, mac = blob[:-32], blob[-32:]
        if not hmac.compare_digest(mac, hmac.new(self.secret, raw, hashlib.sha256).digest()):
            return None
        return json.loads(raw)

    def _events(self, page: int) -> list[list[str]]:
        if self.pager == "link":
            return [[NEXT_TARGET, ""]] if page < self.pages else []
        return [[GRID_TARGET, f"Page${n}"] for n in range(1, self.pages + 1) if n != page]

    # -- pages ---------------------------------------------------------------------------------
    @staticmethod
    def _article(page: int, i: int) -> str:
        return f"/thong-bao/nhiem-vu-trang-{page}-so-{i}.html"

    def _listing_html(self, page: int, sid: str) -> bytes:
        nonce = next(self._nonce) if self.fresh_viewstate else 0
        viewstate = self._sign({"page": page, "sid": sid, "nonce": nonce})
        validation = self._sign({"events": self._events(page), "sid": sid})
        items = "".join(
            f'<div class="item-news"><a class="title" href="{self._article(page, i)}">'
            f"Thông báo nhiệm vụ KH&amp;CN trang {page} số {i}</a></div>"
            for i in range(self.per_page)
        )
        items += f'<div class="item-news"><a class="title" href="{PINNED}">Thông báo ghim</a></div>'
        if self.pager == "link":
            if page < self.pages:
                pager = (
                    f'<div class="pager"><a id="ctl00_ContentPlaceHolder1_lnkNext" '
                    f"href=\"javascript:__doPostBack('{NEXT_TARGET}','')\">Trang sau</a></div>"
                )
            else:
                pager = (
                    '<div class="pager"><a id="ctl00_ContentPlaceHolder1_lnkNext" class="aspNetDisabled">'
                    "Trang sau</a></div>"
                )
        else:
            cells = "".join(
                f"<td><span>{n}</span></td>"
                if n == page
                else f'<td><a href="javascript:__doPostBack(&#39;{GRID_TARGET}&#39;,&#39;Page${n}&#39;)">{n}</a></td>'
                for n in range(1, self.pages + 1)
            )
            pager = (
                f'<table id="ctl00_ContentPlaceHolder1_gvList"><tr><td>…</td></tr>'
                f'<tr class="pager"><td colspan="2"><table><tr>{cells}</tr></table></td></tr></table>'
            )
        html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Thông báo - trang {page}</title></head><body>
<form method="post" action="{self.action}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
</div>
<script type="text/javascript">
function __doPostBack(eventTarget, eventArgument) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.submit(); }}
</script>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="{GENERATOR}" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{validation}" />
</div>
<div class="search"><input type="text" name="ctl00$txtSearch" value="" />
<input type="submit" name="ctl00$btnSearch" value="Tìm kiếm" />
<input type="hidden" name="ctl00$hdfLang" value="vi" />
<select name="ctl00$ddlCat"><option value="1">Tin tức</option><option value="2" selected="selected">Thông báo</option></select>
<input type="checkbox" name="ctl00$chkAll" checked="checked" />
<input type="checkbox" name="ctl00$chkOld" value="1" />
<input type="text" name="ctl00$txtLocked" value="x" disabled="disabled" /></div>
<div id="ctl00_ContentPlaceHolder1_pnlList">{items}</div>
{pager}
</form></body></html>"""
        return html.encode("utf-8")

    def _article_html(self, path: str) -> bytes:
        title = path.rsplit("/", 1)[-1].removesuffix(".html").replace("-", " ")
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<form method="post" action="./x.html" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="/wEPDwx" />
<div class="breadcrumb">Trang chủ &gt;&gt; Thông Báo (07-09-2022)</div>
<span id="ctl00_ContentPlaceHolder1_lblTitle">Danh mục nhiệm vụ {title}</span>
<span id="ctl00_ContentPlaceHolder1_lblContent">
<table border="1"><tr><th>STT</th><th>Tên nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Chủ nhiệm</th></tr>
<tr><td>1</td><td>Nghiên cứu {title} tại tỉnh Kon Tum</td><td>Viện Khoa học Kon Tum</td><td>TS. Nguyễn Văn A</td></tr>
</table></span></form></body></html>""".encode("utf-8")

    # -- request handling ----------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in h.headers.items()}
        path = urlsplit(h.path).path
        hit = Hit(method, h.path, headers)
        extra: dict[str, str] = {}
        with self._lock:
            self.hits.append(hit)
            status, ctype, out = self._route(method, path, headers, body, hit, extra)
        hit.status = status
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(out)))
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(out)

    def _route(
        self, method: str, path: str, headers: dict[str, str], body: bytes, hit: Hit, extra: dict[str, str]
    ) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        if method == "GET" and path == "/robots.txt":
            return 200, "text/plain", self.robots.encode()
        if method == "GET" and path == LISTING:
            sid = self._cookie(headers)
            if sid not in self.sessions:
                sid = secrets.token_hex(12)
                self.sessions.add(sid)
                extra["Set-Cookie"] = f"ASP.NET_SessionId={sid}; path=/; HttpOnly; SameSite=Lax"
            if self.etag:
                extra["ETag"] = '"listing-1"'
                if headers.get("if-none-match") == '"listing-1"':
                    return 304, html, b""
            hit.page = 1
            return 200, html, self._listing_html(1, sid)
        if method == "GET" and (path.startswith("/thong-bao/") and path.endswith(".html")):
            if path == PINNED or path in self.article_paths():
                return 200, html, self._article_html(path)
        if method == "POST" and path == urlsplit(self.action).path.replace("./", "/"):
            return self._postback(headers, body, hit)
        return 404, "text/plain", b"not found"

    @staticmethod
    def _cookie(headers: dict[str, str]) -> str:
        for part in headers.get("cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == "ASP.NET_SessionId":
                return v
        return ""

    def _refuse(self, why: str) -> tuple[int, str, bytes]:
        self.errors.append(why)
        return 400, "text/plain", why.encode()

    def _postback(self, headers: dict[str, str], body: bytes, hit: Hit) -> tuple[int, str, bytes]:
        sid = self._cookie(headers)
        if sid not in self.sessions:
            return self._refuse(f"session expired: cookie {headers.get('cookie')!r}")
        if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return self._refuse(f"content type {headers.get('content-type')!r}")
        form = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        hit.form = form
        values = dict(form)
        if len(values) != len(form):
            return self._refuse(f"a field sent twice: {[k for k, _ in form]}")
        state = self._unsign(values.get("__VIEWSTATE", ""))
        if state is None or state["sid"] != sid:
            return self._refuse("invalid viewstate (MAC validation failed)")
        validation = self._unsign(values.get("__EVENTVALIDATION", ""))
        if validation is None or validation["sid"] != sid:
            return self._refuse("invalid event validation")
        event = [values.get("__EVENTTARGET"), values.get("__EVENTARGUMENT")]
        if event not in validation["events"]:
            return self._refuse(f"Invalid postback or callback argument: {event}")
        want = {
            "__VIEWSTATEGENERATOR": GENERATOR,
            "ctl00$txtSearch": "",
            "ctl00$hdfLang": "vi",
            "ctl00$ddlCat": "2",
            "ctl00$chkAll": "on",
        }
        for k, v in want.items():
            if values.get(k) != v:
                return self._refuse(f"field {k!r} is {values.get(k)!r}, a browser sends {v!r}")
        for k in ("ctl00$btnSearch", "ctl00$chkOld", "ctl00$txtLocked"):
            if k in values:
                return self._refuse(f"field {k!r} sent; a browser does not send it")
        if event[0] == NEXT_TARGET:
            page = int(state["page"]) + 1
        else:
            page = int(event[1].split("$", 1)[1])
        if self.buggy and page > 2:
            page = 2
        hit.page = page
        return 200, "text/html; charset=utf-8", self._listing_html(page, sid)
