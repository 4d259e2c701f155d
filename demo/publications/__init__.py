"""Sample publications and the loopback server that serves them (the demo; tests and benchmarks reuse it).

`serve_pubs()` (demo.publications.server) starts one ThreadingHTTPServer on 127.0.0.1 with three
endpoints: ``/oai`` (OAI-PMH 2.0, oai_dc), ``/openalex`` (``/works`` list and ``/works/{id}``) and
``/crossref`` (``/works``), answering in the shapes of the real APIs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("works.json")


def load_works(path: Path | None = None) -> list[dict[str, Any]]:
    """The sample works (see works.json: per-collector presence and variants)."""
    return json.loads((path or DATA).read_text(encoding="utf-8"))["works"]
