"""Sample publications and the loopback servers that serve them (demo and tests).

`serve_pubs()` starts one ThreadingHTTPServer on 127.0.0.1 with three endpoints:
``/oai`` (OAI-PMH 2.0, oai_dc), ``/openalex`` (``/works`` list and ``/works/{id}``) and
``/crossref`` (``/works``), answering in the shapes of the real APIs. `demo_sources()` gives
the matching config entries for a province config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("works.json")


def load_works(path: Path | None = None) -> list[dict[str, Any]]:
    """The sample works (see works.json: per-collector presence and variants)."""
    return json.loads((path or DATA).read_text(encoding="utf-8"))["works"]


def demo_sources(base_url: str, *, api_key_env: str = "OPENALEX_API_KEY") -> list[dict[str, Any]]:
    """Config `sources` entries (oai_pmh, openalex, crossref) pointing at a running `serve_pubs`."""
    b = base_url.rstrip("/")
    return [
        {
            "name": "tnu-jst",
            "kind": "oai_pmh",
            "base_url": f"{b}/oai",
            "metadata_prefix": "oai_dc",
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
        {
            "name": "openalex",
            "kind": "openalex",
            "base_url": f"{b}/openalex",
            "filter": 'authorships.institutions.country_code:VN,raw_affiliation_strings.search:"Bac Kan"',
            "api_key_env": api_key_env,
            "mailto": "opendata@example.org",
            "max_requests": 50,
            "work_ids": ["W4300000911"],
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
        {
            "name": "crossref",
            "kind": "crossref",
            "base_url": f"{b}/crossref",
            "query_affiliation": "Bac Kan",
            "mailto": "opendata@example.org",
            "max_requests": 50,
            "rate_limit": 0,
            "allow_private": True,
            "respect_robots": False,
        },
    ]


def __getattr__(name: str) -> Any:
    if name in ("serve_pubs", "PubServer"):
        from extractors.pub_demo_data import server

        return getattr(server, name)
    raise AttributeError(name)
