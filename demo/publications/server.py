"""Loopback OAI-PMH, OpenAlex-shaped and Crossref-shaped servers over the sample works.

Shapes follow the real responses kept in shared/data/samples (OpenAlex current form:
``meta.next_cursor``, ``primary_location``, ``raw_affiliation_strings``; Crossref current form:
``message.items``, ``next-cursor``, bare ``prefix``). Error paths can be switched on with
``faults`` (each a count of requests that get it): ``oai_bad_token`` (badResumptionToken on
the next resumption request), ``oai_500``, ``openalex_429``, ``openalex_500``,
``crossref_429``, ``crossref_500``; ``require_api_key`` makes OpenAlex answer 403 without
``api_key``. A merged OpenAlex work (``merged_from``) answers 301 to its new id.
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

from extractors.pub_demo_data import load_works

OAI_DATE = "%Y-%m-%dT%H:%M:%SZ"


# ----------------------------------------------------------------------------- renderers


def _variant(work: dict, coll: str) -> dict:
    v = dict(work)
    v.update((work.get("variants") or {}).get(coll, {}))
    return v


def _name(a: Any, order: str) -> str:
    if isinstance(a, str):
        return a
    family, given = a
    return f"{family}, {given}" if order == "oai" else f"{family} {given}"


def render_oai_record(work: dict, n: int) -> str:
    """One <record> (oai_dc) as OJS writes it; deleted works give a header-only tombstone."""
    w = _variant(work, "oai")
    ident = f"oai:demo.jst.example:article/{n}"
    status = ' status="deleted"' if w.get("deleted") else ""
    head = (
        f"<header{status}><identifier>{ident}</identifier>"
        f"<datestamp>{w['datestamp']}</datestamp><setSpec>jst:ART</setSpec></header>"
    )
    if w.get("deleted"):
        return f"<record>{head}</record>"
    lang = {"vi": "vie", "en": "eng"}.get(w.get("language") or "", w.get("language") or "")
    parts = []
    if w.get("title"):
        parts.append(f'<dc:title xml:lang="{"vi-VN" if lang == "vie" else "en-US"}">{escape(w["title"])}</dc:title>')
    if w.get("title_en"):
        parts.append(f'<dc:title xml:lang="en-US">{escape(w["title_en"])}</dc:title>')
    for a in w.get("authors") or []:
        parts.append(f"<dc:creator>{escape(_name(a, 'oai'))}</dc:creator>")
    if w.get("abstract"):
        parts.append(f'<dc:description xml:lang="vi-VN">{escape(w["abstract"])}</dc:description>')
    parts.append('<dc:publisher xml:lang="vi-VN">Đại học Thái Nguyên</dc:publisher>')
    if w.get("funding"):
        parts.append(f'<dc:contributor xml:lang="vi-VN">{escape(w["funding"])}</dc:contributor>')
    parts.append(f"<dc:date>{w.get('date') or w.get('year')}</dc:date>")
    parts.append("<dc:type>info:eu-repo/semantics/article</dc:type>")
    parts.append(f"<dc:identifier>https://demo.jst.example/jst/article/view/{n}</dc:identifier>")
    if w.get("doi_text") or w.get("doi"):
        parts.append(f"<dc:identifier>{escape(w.get('doi_text') or 'https://doi.org/' + w['doi'])}</dc:identifier>")
    if w.get("venue"):
        parts.append(
            f'<dc:source xml:lang="vi-VN">{escape(w["venue"])}; Tập {200 + n % 30} Số 0{n % 9 + 1} '
            f"({w.get('year')}); {n % 50 + 3}-{n % 50 + 10}</dc:source>"
        )
        parts.append("<dc:source>1859-2171</dc:source>")
    parts.append(f"<dc:language>{lang}</dc:language>")
    return (
        f'<record>{head}<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
        f'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">{"".join(parts)}</oai_dc:dc></metadata></record>'
    )


def _inverted(text: str | None) -> dict[str, list[int]] | None:
    if not text:
        return None
    inv: dict[str, list[int]] = {}
    for i, word in enumerate(text.split()):
        inv.setdefault(word, []).append(i)
    return inv


def render_openalex_work(work: dict) -> dict:
    """An OpenAlex work in the current shape (primary_location, raw_affiliation_strings)."""
    w = _variant(work, "openalex")
    wid = w["openalex_id"]
    authors = w.get("authors") or []
    affs = w.get("affiliations") or []
    authorships = []
    for i, a in enumerate(authors):
        name = a if isinstance(a, str) else f"{a[0]} {a[1]}"
        authorships.append(
            {
                "author_position": "first" if i == 0 else ("last" if i == len(authors) - 1 else "middle"),
                "author": {
                    "id": f"https://openalex.org/A{5000000 + abs(hash(name)) % 999999}",
                    "display_name": name,
                    "orcid": None,
                },
                "institutions": [
                    {
                        "id": "https://openalex.org/I4210000001",
                        "display_name": affs[0],
                        "ror": "https://ror.org/05ezss144",
                        "country_code": "VN",
                        "type": "education",
                        "lineage": ["https://openalex.org/I4210000001"],
                    }
                ]
                if affs and i == 0
                else [],
                "countries": ["VN"],
                "is_corresponding": i == 0,
                "raw_author_name": name,
                "raw_affiliation_strings": [f"[{affs[0]}, Bắc Kạn, Việt Nam]"] if affs and i == 0 else [],
            }
        )
    doi_url = f"https://doi.org/{w['doi']}" if w.get("doi") else None
    grants = (
        [{"funder": "https://openalex.org/F4320000001", "funder_display_name": w["funder"], "award_id": w.get("award")}]
        if w.get("funder")
        else []
    )
    return {
        "id": f"https://openalex.org/{wid}",
        "doi": doi_url,
        "title": w.get("title"),
        "display_name": w.get("title"),
        "publication_year": w.get("year"),
        "publication_date": w.get("date"),
        "ids": {"openalex": f"https://openalex.org/{wid}", **({"doi": doi_url} if doi_url else {})},
        "language": w.get("language"),
        "primary_location": {
            "is_oa": True,
            "landing_page_url": doi_url or f"https://demo.jst.example/{wid}",
            "pdf_url": None,
            "source": {
                "id": "https://openalex.org/S4210000001",
                "display_name": w.get("venue"),
                "issn_l": "1859-2171",
                "type": "journal",
            },
            "license": "cc-by",
            "version": "publishedVersion",
        },
        "type": "article",
        "open_access": {"is_oa": True, "oa_status": "gold", "oa_url": doi_url},
        "authorships": authorships,
        "cited_by_count": 3,
        "biblio": {"volume": None, "issue": None, "first_page": None, "last_page": None},
        "is_retracted": False,
        "is_paratext": False,
        "grants": grants,
        "abstract_inverted_index": _inverted(w.get("abstract")),
        "updated_date": f"{w.get('updated', '2024-01-01')}T00:00:00.000000",
        "created_date": "2023-01-01",
    }


def render_crossref_item(work: dict) -> dict:
    """A Crossref work item in the current shape (bare prefix, is-referenced-by-count)."""
    w = _variant(work, "crossref")
    parts = [int(x) for x in (w.get("date") or str(w.get("year"))).split("-")]
    indexed = w.get("indexed", "2024-01-01T00:00:00Z")
    authors = []
    for i, a in enumerate(w.get("authors") or []):
        family, given = a.rsplit(" ", 1)[::-1] if isinstance(a, str) else a
        authors.append(
            {
                "given": given,
                "family": family,
                "sequence": "first" if i == 0 else "additional",
                "affiliation": [{"name": w["affiliations"][0]}] if w.get("affiliations") and i == 0 else [],
            }
        )
    item = {
        "indexed": {
            "date-parts": [[int(x) for x in indexed[:10].split("-")]],
            "date-time": indexed,
            "timestamp": int(dt.datetime.fromisoformat(indexed.replace("Z", "+00:00")).timestamp() * 1000),
        },
        "reference-count": 12,
        "publisher": "Thai Nguyen University",
        "issue": "01",
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [],
        "published-print": {"date-parts": [parts]},
        "DOI": w["doi"],
        "type": "journal-article",
        "created": {"date-parts": [parts]},
        "page": "3-10",
        "source": "Crossref",
        "is-referenced-by-count": 2,
        "title": [f" {w['title']} "] if w.get("title") else [],
        "prefix": w["doi"].split("/", 1)[0],
        "volume": "228",
        "author": authors,
        "member": "8081",
        "container-title": [w.get("venue")] if w.get("venue") else [],
        "original-title": [],
        "language": w.get("language"),
        "link": [],
        "deposited": {"date-parts": [parts]},
        "score": 0.0,
        "resource": {"primary": {"URL": f"https://demo.jst.example/doi/{w['doi']}"}},
        "subtitle": [],
        "short-title": [],
        "issued": {"date-parts": [parts]},
        "URL": f"https://doi.org/{w['doi']}",
        "ISSN": ["1859-2171"],
        "subject": [],
        "published": {"date-parts": [parts]},
    }
    if w.get("abstract"):
        a = w["abstract"]
        item["abstract"] = a if a.startswith("<jats:") else f"<jats:p>{a}</jats:p>"
    if w.get("funder"):
        item["funder"] = [{"name": w["funder"], "award": [w["award"]] if w.get("award") else []}]
    return item


# ----------------------------------------------------------------------------- server


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
        faults: dict[str, int] | None = None,
        oai_page_size: int = 4,
        retry_after: str = "0",
        require_api_key: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.works = load_works() if works is None else works
        self.faults = dict(faults or {})
        self.oai_page_size, self.retry_after, self.require_api_key = oai_page_size, retry_after, require_api_key
        self.requests: list[str] = []
        self._lock = threading.Lock()
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

    # faults
    def take(self, name: str) -> bool:
        with self._lock:
            if self.faults.get(name, 0) > 0:
                self.faults[name] -= 1
                return True
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
            if state is None or self.take("oai_bad_token"):
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

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
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
                with srv._lock:
                    srv.requests.append(self.path)
                if path == "/oai":
                    if srv.take("oai_500"):
                        return self._send(500, b"Internal Server Error", "text/plain")
                    return self._send(200, srv.oai(q), "text/xml; charset=utf-8")
                if path.startswith("/openalex/"):
                    if srv.take("openalex_429"):
                        return self._json(429, {"error": "Too many requests"}, {"Retry-After": srv.retry_after})
                    if srv.take("openalex_500"):
                        return self._json(500, {"error": "Internal error"})
                    if srv.require_api_key and not q.get("api_key"):
                        return self._json(403, {"error": "API key required"})
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
                    if srv.take("crossref_429"):
                        return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": srv.retry_after})
                    if srv.take("crossref_500"):
                        return self._send(500, b"Internal Server Error", "text/plain")
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
