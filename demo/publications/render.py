"""The sample works rendered as each API answers: an OAI-PMH oai_dc record (as OJS writes it), an
OpenAlex work and a Crossref item, in the APIs' current shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape


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
