"""Loopback OAI-PMH, OpenAlex-shaped and Crossref-shaped endpoints over the sample works, on one port.

Shapes follow the real APIs' current responses (OpenAlex: ``meta.next_cursor``, ``primary_location``,
``raw_affiliation_strings``; Crossref: ``message.items``, ``next-cursor``, bare ``prefix``). A merged
OpenAlex work (``merged_from``) answers 301 to its new id. Error paths (429, 500, expired resumption
tokens, a required API key) are not the demo's: tests.servers.pubs adds them through `PubServer.intercept`
and `PubServer.token_expired`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from demo.publications import load_works
from demo.publications.render import render_crossref_item, render_oai_record, render_openalex_work

OAI_DATE = "%Y-%m-%dT%H:%M:%SZ"


def _tok(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def _untok(s: str) -> dict | None:
    try:
        return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    except (ValueError, TypeError):
        return None


def _split_filter(f: str) -> dict[str, str]:
    out: dict[str, str] = {}
    buf, quoted = "", False
    for ch in f + ",":
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            if ":" in buf:
                k, v = buf.split(":", 1)
                out[k.strip()] = v.strip()
            buf = ""
        else:
            buf += ch
    return out


class PubServer:
    """The three publication APIs on one loopback port; use as a context manager."""

    def __init__(
        self,
        works: list[dict] | None = None,
        *,
        oai_page_size: int = 4,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.works = load_works() if works is None else works
        self.oai_page_size = oai_page_size
        oai = [(w, i + 1) for i, w in enumerate(self.works) if "oai" in w.get("in", ())]
        oai.sort(key=lambda t: t[0]["datestamp"])
        self.oai_records = [(w["datestamp"], render_oai_record(w, n).encode()) for w, n in oai]
        self.openalex = {w["openalex_id"]: render_openalex_work(w) for w in self.works if "openalex" in w.get("in", ())}
        self._openalex_sorted = sorted(self.openalex.values(), key=lambda x: x["id"])
        self.merged = {
            w["merged_from"]: w["openalex_id"]
            for w in self.works
            if w.get("merged_from") and "openalex" in w.get("in", ())
        }
        self.crossref = sorted(
            (render_crossref_item(w) for w in self.works if "crossref" in w.get("in", ())),
            key=lambda x: (x["indexed"]["date-time"], x["DOI"]),
        )
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def intercept(self, target: str, path: str, q: dict[str, str]) -> tuple[int, bytes, str, dict[str, str]] | None:
        """An answer (status, body, content type, extra headers) given instead of the normal one; none here."""
        return None

    def token_expired(self) -> bool:
        """Whether a well-formed resumption token is answered badResumptionToken; never here."""
        return False

    def start(self) -> PubServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="pubs-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> PubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- OAI-PMH
    def oai(self, q: dict[str, str]) -> bytes:
        now = dt.datetime.now(dt.timezone.utc).strftime(OAI_DATE)
        verb = q.get("verb", "")
        req_attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in sorted(q.items()))
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives'
            '.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
            f"<responseDate>{now}</responseDate><request {req_attrs}>{self.base_url}/oai</request>"
        )

        def err(code: str, msg: str) -> bytes:
            return (head + f'<error code="{code}">{escape(msg)}</error></OAI-PMH>').encode()

        if verb == "Identify":
            earliest = self.oai_records[0][0] if self.oai_records else "2000-01-01T00:00:00Z"
            return (
                head + "<Identify><repositoryName>Tạp chí Khoa học và Công nghệ - Đại học Thái Nguyên (demo)"
                f"</repositoryName><baseURL>{self.base_url}/oai</baseURL><protocolVersion>2.0</protocolVersion>"
                "<adminEmail>jst@example.org</adminEmail>"
                f"<earliestDatestamp>{earliest}</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
                "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>"
            ).encode()
        if verb == "ListSets":
            return (
                head + "<ListSets><set><setSpec>jst</setSpec><setName>TNU JST</setName></set>"
                "<set><setSpec>jst:ART</setSpec><setName>Bài báo</setName></set></ListSets></OAI-PMH>"
            ).encode()
        if verb == "ListMetadataFormats":
            return (
                head + "<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>"
                "<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>"
                "http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>"
                "</ListMetadataFormats></OAI-PMH>"
            ).encode()
        if verb != "ListRecords":
            return err("badVerb", f"Illegal OAI verb {verb!r}")
        if "resumptionToken" in q:
            if set(q) - {"verb", "resumptionToken"}:
                return err("badArgument", "resumptionToken is an exclusive argument")
            state = _untok(q["resumptionToken"])
            if state is None or self.token_expired():
                return err("badResumptionToken", "The value of the resumptionToken argument is invalid or expired")
        else:
            prefix = q.get("metadataPrefix")
            if not prefix:
                return err("badArgument", "metadataPrefix is required")
            if prefix != "oai_dc":
                return err("cannotDisseminateFormat", f"{prefix} is not supported")
            for k in ("from", "until"):
                if k in q and not _valid_ds(q[k]):
                    return err("badArgument", f"{k} is not a valid datestamp")
            state = {"o": 0, "f": q.get("from"), "u": q.get("until"), "s": q.get("set")}
        recs = [
            (ds, x)
            for ds, x in self.oai_records
            if (not state["f"] or ds >= _full(state["f"], False))
            and (not state["u"] or ds <= _full(state["u"], True))
            and (not state["s"] or state["s"] in ("jst", "jst:ART"))
        ]
        if not recs:
            return err(
                "noRecordsMatch",
                "The combination of the values of the from, until, set and metadataPrefix "
                "arguments results in an empty list.",
            )
        o = state["o"]
        page = recs[o : o + self.oai_page_size]
        body = b"".join(x for _, x in page)
        nxt = o + self.oai_page_size
        if nxt < len(recs):
            token = f'<resumptionToken completeListSize="{len(recs)}" cursor="{o}">{_tok({**state, "o": nxt})}</resumptionToken>'
        elif o:
            token = f'<resumptionToken completeListSize="{len(recs)}" cursor="{o}"/>'
        else:
            token = ""
        return head.encode() + b"<ListRecords>" + body + token.encode() + b"</ListRecords></OAI-PMH>"

    # ---- OpenAlex
    def openalex_list(self, q: dict[str, str]) -> tuple[int, dict]:
        filt = _split_filter(q.get("filter", ""))
        since = filt.get("from_updated_date")
        works = [w for w in self._openalex_sorted if not since or w["updated_date"][:10] >= since]
        per = max(1, min(200, int(q.get("per-page") or q.get("per_page") or 25)))
        cur = q.get("cursor")
        if cur in (None, "", "*"):
            o = 0
        else:
            st = _untok(cur)
            if st is None or "o" not in st:
                return 400, {"error": "Invalid cursor", "message": f"cursor {cur!r} is not valid"}
            o = int(st["o"])
        page = works[o : o + per]
        nxt = _tok({"o": o + per}) if cur is not None and o + per < len(works) else None
        return 200, {
            "meta": {
                "count": len(works),
                "db_response_time_ms": 12,
                "page": None,
                "per_page": per,
                "next_cursor": nxt,
                "groups_count": None,
            },
            "results": page,
            "group_by": [],
        }

    # ---- Crossref
    def crossref_list(self, q: dict[str, str]) -> dict:
        filt = _split_filter(q.get("filter", ""))
        items = self.crossref
        if "prefix" in filt:
            items = [i for i in items if i["prefix"] == filt["prefix"]]
        if "from-index-date" in filt:
            items = [i for i in items if i["indexed"]["date-time"][:10] >= filt["from-index-date"]]
        rows = max(1, min(1000, int(q.get("rows") or 20)))
        cur = q.get("cursor")
        o = 0
        if cur and cur != "*":
            st = _untok(cur)
            o = int(st["o"]) if st else 0
        page = items[o : o + rows]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(items),
                "items": page,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": q.get("query.affiliation")},
                **({"next-cursor": _tok({"o": o + rows})} if cur else {}),
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep the output quiet
                return

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, obj: Any, extra: dict[str, str] | None = None) -> None:
                self._send(
                    status, json.dumps(obj, ensure_ascii=False).encode(), "application/json; charset=utf-8", extra
                )

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                q = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                path = parts.path.rstrip("/")
                forced = srv.intercept(self.path, path, q)
                if forced:
                    return self._send(*forced)
                if path == "/oai":
                    return self._send(200, srv.oai(q), "text/xml; charset=utf-8")
                if path.startswith("/openalex/"):
                    if path == "/openalex/works":
                        status, obj = srv.openalex_list(q)
                        return self._json(status, obj)
                    wid = path.rsplit("/", 1)[-1]
                    if wid in srv.merged:
                        loc = f"/openalex/works/{srv.merged[wid]}" + (f"?{parts.query}" if parts.query else "")
                        return self._send(301, b"", "text/plain", {"Location": loc})
                    if wid in srv.openalex:
                        return self._json(200, srv.openalex[wid])
                    return self._json(404, {"error": "Not found", "message": f"{wid} does not exist"})
                if path.startswith("/crossref/"):
                    if path == "/crossref/works":
                        return self._json(200, srv.crossref_list(q))
                    return self._json(404, {"status": "error", "message-type": "route-not-found"})
                return self._send(404, b"not found", "text/plain")

        return Handler


def _valid_ds(s: str) -> bool:
    for fmt in ("%Y-%m-%d", OAI_DATE):
        try:
            dt.datetime.strptime(s, fmt)
            return True
        except ValueError:
            continue
    return False


def _full(s: str, end: bool) -> str:
    if len(s) == 10:
        return s + ("T23:59:59Z" if end else "T00:00:00Z")
    return s


@contextlib.contextmanager
def serve_pubs(works: list[dict] | None = None, **kwargs: Any) -> Iterator[str]:
    """Serve the sample (or given) works on 127.0.0.1; yields the base URL.

    Endpoints: ``{base}/oai``, ``{base}/openalex``, ``{base}/crossref``.
    """
    with PubServer(works, **kwargs) as srv:
        yield srv.base_url
