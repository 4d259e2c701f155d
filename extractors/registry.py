"""Which code extracts which source kind, and which parser reads a single document.

Imports are lazy so that `stcat --help` and a run of one kind do not pay for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any, Callable

from config.loader import SourceConfig
from extractors.base import ExtractContext

# kind -> "module:function" with signature (source, ctx) -> Iterator[dict]
SOURCE_KINDS: dict[str, str] = {
    "html": "extractors.sites.crawl:iter_records",
    "file": "extractors.files:iter_records",
    "oai_pmh": "extractors.oai_pmh:iter_records",
    "openalex": "extractors.openalex:iter_records",
    "crossref": "extractors.crossref:iter_records",
}

# table -> "module:function" with signature (path_or_url, *, site, session) -> Iterator[dict]
DOCUMENT_PARSERS: dict[str, str] = {
    "tasks": "extractors.documents:parse_document",
    "publications": "extractors.pubparse:parse_document",
}


def _load(ref: str) -> Callable[..., Any]:
    module, func = ref.split(":")
    return getattr(importlib.import_module(module), func)


def iter_source(source: SourceConfig, ctx: ExtractContext) -> Iterator[dict]:
    """Raw records (and extract-stage rejects) of one configured source."""
    return _load(SOURCE_KINDS[source.kind])(source, ctx)


def parse_document(
    path_or_url: str, *, table: str = "tasks", site: str | None = None, session: Any = None
) -> Iterator[dict]:
    """Raw records of one page or file, for `stcat parse`."""
    if table not in DOCUMENT_PARSERS:
        raise ValueError(f"--table must be one of {', '.join(DOCUMENT_PARSERS)}, got {table!r}")
    return _load(DOCUMENT_PARSERS[table])(path_or_url, site=site, session=session)
