"""One page or file → raw task records (and rejects). Used by the crawler and `stcat parse`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractors.base import reject
from extractors.bulletin import document_text, looks_like_bulletin, parse_bulletin, plain_text
from extractors.tables.context import list_decision
from extractors.notice_lists import hints_of, looks_like_task_list, parse_list_items
from extractors.prose import MENTION_CONFIDENCE, parse_mentions
from extractors.sites.adapter import GENERIC, SiteAdapter, load_adapter
from extractors.sites.article import Article, parse_article
from extractors.sites.page import PageProblem, decode_html
from extractors.tables.grid import Grid
from extractors.tables.headers import level_in_text
from extractors.tables.sniff import UnreadableDocument, check_file_size, check_size, sniff
from extractors.tables.understand import RowProblem, rows_from_grid
from transforms import vocab

log = logging.getLogger(__name__)


def task_record(
    source: str,
    ref: str,
    url: str,
    fetched_at: str,
    fields: dict[str, str],
    hints: dict[str, Any],
    extras: dict[str, str] | None = None,
    confidence: float = 1.0,
) -> dict:
    """A raw task record exactly as docs/DESIGN.md describes it."""
    return {
        "table": "tasks",
        "source": source,
        "record_ref": ref,
        "source_url": url,
        "fetched_at": fetched_at,
        "confidence": confidence,
        "fields": fields,
        "hints": hints,
        "extras": dict(extras or {}),
    }


def records_from_grids(
    grids: list[Grid], *, source: str, url: str, fetched_at: str, hints: dict[str, Any]
) -> Iterator[dict]:
    """Records of every task table among `grids` (one document: a table may continue the one before)."""
    state: dict[str, Any] = {}
    others: list[str] = []  # text of the tables before that held no tasks (a decision's heading block)
    for g in grids:
        if others:
            g.context = [*g.context, "\n".join(others[-3:])]
        n = 0
        for row in rows_from_grid(g, hints, state):
            n += 1
            ref = f"{url}#{row.ref}"
            if isinstance(row, RowProblem):
                yield reject(source, ref, "extract", row.reason, field="row", raw_value=row.raw)
            else:
                yield task_record(source, ref, url, fetched_at, row.fields, row.hints, row.extras)
        if n == 0:  # a label | value row reads "Số ký hiệu: 1190/QĐ-UBND", as a document box shows it
            others.append("\n".join(": ".join(dict.fromkeys(c for c in r if c)) for r in g.rows[:40]))


def records_from_list(
    text: str, context: list[str], *, source: str, url: str, fetched_at: str, hints: dict[str, Any]
) -> Iterator[dict]:
    """Tasks written as numbered paragraphs (extractors/notice_lists.py), with the list's decision and
    level from the text around them; a text that looks like such a list but reads as none is a reject."""
    items = parse_list_items(text)
    if not items:
        if looks_like_task_list(text):
            yield reject(
                source,
                f"{url}#list",
                "extract",
                "numbered task list whose blocks could not be read as "
                "tasks (no title with a host, investigator, period or budget label)",
                field="list",
                raw_value=text[:500],
            )
        return
    base = dict(hints)
    lines = text.split("\n")
    lead = "\n".join(lines[: items[0].line])  # the text above the first item
    tail = "\n".join(lines[items[-1].line + 1 :])[-1500:]  # and below the last one, searched last
    dec = list_decision([lead, *context, tail])
    if dec is not None:
        base["decision_from"] = dec.evidence
    if "level" not in base:
        for t in [lead[-600:], *context]:
            if lvl := level_in_text(t):
                base["level"], base["level_raw"] = lvl, " ".join(t.split())[:300]
                break
    for i, item in enumerate(items, start=1):
        fields = dict(item.fields)
        if dec is not None and not fields.get("decision"):
            fields["decision"] = dec.number
            if dec.date:
                fields["decision_date"] = dec.date
        h = {**base, **hints_of(item)}
        if item.section and vocab.kind_in_context(item.section):
            h["kind_section"] = item.section
        yield task_record(source, f"{url}#item{i}", url, fetched_at, fields, h, item.extras)


def records_from_article(
    art: Article, *, source: str, fetched_at: str, adapter: SiteAdapter, with_prose: bool = True
) -> Iterator[dict]:
    """Table rows, numbered lists and prose mentions of a parsed article (attachments are fetched by the caller)."""
    hints: dict[str, Any] = art.hints(adapter.content_date_order)
    if lvl := level_in_text(art.title):
        hints["level"] = lvl
        hints["level_raw"] = art.title  # the text the level was read from
    n = 0
    for rec in records_from_grids(art.grids, source=source, url=art.url, fetched_at=fetched_at, hints=hints):
        n += 1
        yield rec
    if n == 0:
        # a numbered list in the text; a list laid out inside a page's layout table is in the text with tables
        for text in dict.fromkeys((art.prose, art.text)):
            for rec in records_from_list(
                text, [art.title], source=source, url=art.url, fetched_at=fetched_at, hints=hints
            ):
                n += 1
                yield rec
            if n:
                return
    if n == 0 and looks_like_bulletin(art.prose):  # a results bulletin as running text: its records, no mentions
        yield from parse_bulletin(art.prose, source=source, ref=art.url, fetched_at=fetched_at, hints=hints)
        return
    if not with_prose:
        return
    for i, m in enumerate(parse_mentions(art.prose), start=1):
        fields = {"title": m.title, "kind": m.kind}
        if m.host_org:
            fields["host_org"] = m.host_org
        if m.principal_investigator:
            fields["principal_investigator"] = m.principal_investigator
        h = {k: v for k, v in hints.items() if k not in ("level", "level_raw")}
        h.update({"mention": True, "context": m.context})
        yield task_record(
            source, f"{art.url}#mention{i}", art.url, fetched_at, fields, h, {}, confidence=MENTION_CONFIDENCE
        )


def grids_from_file(content: bytes, fmt: str) -> list[Grid]:
    """Grids of a spreadsheet, Word document or text PDF; UnreadableDocument when it cannot be read."""
    if fmt == "xlsx":
        from extractors.tables.xlsx import grids_from_xlsx

        return grids_from_xlsx(content)
    if fmt == "xls":
        from extractors.tables.xls import grids_from_xls

        return grids_from_xls(content)
    if fmt == "docx":
        from extractors.tables.docx import grids_from_docx

        return grids_from_docx(content)
    if fmt == "pdf":
        from extractors.tables.pdf import grids_from_pdf

        return grids_from_pdf(content)
    if fmt == "encrypted-ooxml":
        raise UnreadableDocument("password-protected Office document (encrypted OOXML package)")
    if fmt == "doc":
        from extractors.tables.doc import grids_from_doc

        return grids_from_doc(content)
    raise UnreadableDocument(f"unsupported or unrecognised format ({fmt})")


def records_from_bytes(
    content: bytes,
    *,
    source: str,
    url: str,
    fetched_at: str,
    adapter: SiteAdapter = GENERIC,
    content_type: str = "",
    hints: dict[str, Any] | None = None,
    with_prose: bool = True,
) -> Iterator[dict]:
    """Records of one fetched page or file, whatever its format; bad input becomes one reject."""
    name = urlsplit(url).path or url
    try:
        check_size(content, "document")
        fmt = sniff(content, name)
        if fmt == "html" or (fmt == "unknown" and "html" in content_type):
            decoded = decode_html(content, content_type, adapter.encoding)
            art = parse_article(decoded.text, url, adapter)
            yield from records_from_article(
                art, source=source, fetched_at=fetched_at, adapter=adapter, with_prose=with_prose
            )
            return
        if fmt == "unknown" and looks_like_bulletin(text := plain_text(content)):  # a bulletin as plain text
            yield from parse_bulletin(
                text or "",
                source=source,
                url=url,
                ref=url,
                fetched_at=fetched_at,
                hints={"date_order": adapter.content_date_order, **(hints or {}), "file_format": "txt"},
            )
            return
        grids = grids_from_file(content, fmt)
    except (UnreadableDocument, PageProblem) as e:
        yield reject(source, url, "extract", str(e), field="document", raw_value=content[:200].hex())
        return
    except Exception as e:  # noqa: BLE001 - any failure reading one document is its reject; the source goes on
        yield failed_document(source, url, content, e)
        return
    base = dict(hints or {})
    base.setdefault("date_order", adapter.content_date_order)
    base["file_format"] = fmt
    n = 0
    try:
        for rec in records_from_grids(grids, source=source, url=url, fetched_at=fetched_at, hints=base):
            n += 1
            yield rec
        text = document_text(content, fmt) if n == 0 and fmt in ("pdf", "docx", "doc") else ""
        if text and looks_like_bulletin(text):
            yield from parse_bulletin(text, source=source, ref=url, fetched_at=fetched_at, hints=base)  # bulletin
        elif text:  # tasks as numbered paragraphs of a Word or PDF notice
            for rec in records_from_list(text, [], source=source, url=url, fetched_at=fetched_at, hints=base):
                n += 1
                yield rec
        if n == 0:
            log.info("%s: no task table or list found in %s", source, url)
    except Exception as e:  # noqa: BLE001 - as above, after the records already read
        yield failed_document(source, url, content, e)


def failed_document(source: str, url: str, content: bytes, e: BaseException) -> dict:
    """The reject of a document whose reading raised: the exception's type and message, naming the document."""
    kind = type(e).__qualname__ if type(e).__module__ == "builtins" else f"{type(e).__module__}.{type(e).__qualname__}"
    log.debug("%s: %s could not be read", source, url, exc_info=e)  # the reject says it; debug keeps the trace
    return reject(
        source,
        url,
        "extract",
        f"document could not be read ({kind}: {e})"[:500],
        field="document",
        raw_value=content[:200].hex(),
    )


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def parse_document(path_or_url: str, *, site: str | None = None, session: Any = None) -> Iterator[dict]:
    """Raw task records of one page or file (path or URL), for `stcat parse --table tasks`."""
    adapter = load_adapter(site)
    if "://" in path_or_url and not path_or_url.startswith("file://"):
        if session is None:
            from extractors.http import make_session  # the project's one HTTP session factory

            session = make_session()
        res = session.get(path_or_url)
        fetched = res.fetched_at.isoformat() if hasattr(res.fetched_at, "isoformat") else str(res.fetched_at)
        yield from records_from_bytes(
            res.content or b"",
            source=site or "parse",
            url=res.url or path_or_url,
            fetched_at=fetched,
            adapter=adapter,
            content_type=str((res.headers or {}).get("Content-Type", "")),
        )
        return
    path = Path(path_or_url.removeprefix("file://"))
    try:
        check_file_size(path, "document")  # before reading: a huge file is refused unread
        content = path.read_bytes()
    except (UnreadableDocument, OSError) as e:
        yield reject(site or "parse", path.resolve().as_uri(), "extract", str(e), field="document")
        return
    yield from records_from_bytes(
        content, source=site or "parse", url=path.resolve().as_uri(), fetched_at=_now(), adapter=adapter
    )
