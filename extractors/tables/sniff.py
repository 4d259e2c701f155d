"""Recognise a document's format from its bytes and refuse hostile or unreadable ones early."""

from __future__ import annotations

import io
import os
import zipfile

# Budgets per document (a document over one is refused, the reject naming the limit); together they
# keep one parse under MEMORY_BOUND_MB of RSS for any input under MAX_DOCUMENT_BYTES (tests/unit/
# test_hostile_documents.py builds the attacks, bench/bench_hostile.py measures them: bench/results/hostile.md).
MEMORY_BOUND_MB = 300
MAX_DOCUMENT_BYTES = 30 * 1024 * 1024  # compressed size we accept at all
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024  # XLSX/DOCX are zips: all entries together, before opening
MAX_ZIP_ENTRIES = 5000
MAX_RATIO = 200  # compression ratio, per entry and over the whole archive
RATIO_FLOOR = 256 * 1024  # entries (and archives) smaller than this are not ratio-checked

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class UnreadableDocument(ValueError):
    """A document that cannot or must not be parsed; the message is the reject reason."""


def sniff(content: bytes, name: str = "") -> str:
    """One of html, xlsx, docx, xls, doc, pdf, encrypted-ooxml, zip, unknown."""
    head = content[:8]
    low = name.lower().split("?")[0]
    if head.startswith(b"%PDF") or content[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, EOFError, OSError):
            return "xlsx" if low.endswith(".xlsx") else "docx" if low.endswith(".docx") else "zip"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "zip"
    if head == OLE_MAGIC:
        if _ENCRYPTED_PACKAGE in content[:65536] or _ENCRYPTED_PACKAGE in content:
            return "encrypted-ooxml"
        if "W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t".encode("latin-1") in content:
            return "doc"
        return "doc" if low.endswith(".doc") else "xls"
    sample = content[:2048].lstrip().lower()
    if (
        sample.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<table", b"<div", b"<p"))
        or b"<html" in sample
    ):
        return "html"
    for ext in ("html", "htm", "xlsx", "xls", "docx", "doc", "pdf"):
        if low.endswith("." + ext):
            return "html" if ext == "htm" else ext
    return "unknown"


def over_budget(what: str, detail: str, n: int, limit: int, unit: str) -> UnreadableDocument:
    """A document refused past one of its budgets, in the one wording every reader uses."""
    return UnreadableDocument(f"{what} over budget: {detail} {n} > {limit} ({unit} limit)")


MAX_WORKBOOK_CELLS = 500_000  # rows x columns of every sheet's grid, summed over a workbook


def check_cell_span(what: str, last_row: int, width: int, cells_left: int) -> None:
    """Refuse a sheet whose rows x columns go past what is left of the workbook's cell budget."""
    if last_row * width > cells_left:
        raise over_budget(
            what,
            "the workbook's sheets span more than",
            MAX_WORKBOOK_CELLS - cells_left + last_row * width,
            MAX_WORKBOOK_CELLS,
            "cells (rows x columns)",
        )


def check_size(content: bytes, what: str) -> None:
    """Refuse empty and oversized documents."""
    if not content:
        raise UnreadableDocument(f"empty {what}")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(f"oversized {what}: {len(content)} bytes > {MAX_DOCUMENT_BYTES} (document size limit)")


def check_file_size(path: str | os.PathLike[str], what: str = "file") -> int:
    """Size of a local file, refused (before any byte is read) when empty or over MAX_DOCUMENT_BYTES."""
    size = os.stat(path).st_size
    if size == 0:
        raise UnreadableDocument(f"empty {what}")
    if size > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(f"oversized {what}: {size} bytes > {MAX_DOCUMENT_BYTES} (document size limit)")
    return size


def check_zip(content: bytes, what: str) -> None:
    """Open the zip directory only and refuse truncated archives and zip bombs before parsing."""
    check_size(content, what)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as e:
        raise UnreadableDocument(f"truncated or corrupt {what} (bad zip: {e})") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnreadableDocument(f"{what} has {len(infos)} zip entries > {MAX_ZIP_ENTRIES} (zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            f"{what} over budget: its zip entries uncompress to {total} bytes in all "
            f"> {MAX_UNCOMPRESSED_BYTES} (uncompressed bytes limit; zip bomb?)"
        )
    packed = sum(i.compress_size for i in infos) or 1
    if total > RATIO_FLOOR and total / packed > MAX_RATIO:
        raise UnreadableDocument(
            f"{what} over budget: its zip entries compress {total // packed}:1 in all "
            f"> {MAX_RATIO}:1 (compression ratio limit; zip bomb?)"
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size / max(i.compress_size, 1) > MAX_RATIO:
            raise UnreadableDocument(
                f"{what} over budget: entry {i.filename!r} compresses "
                f"{i.file_size // max(i.compress_size, 1)}:1 > {MAX_RATIO}:1 "
                f"(compression ratio limit; zip bomb?)"
            )
        if i.flag_bits & 0x1:
            raise UnreadableDocument(f"password-protected {what} (encrypted zip entry {i.filename!r})")


MAX_PART_BYTES = 16 * 1024 * 1024  # one part a reader builds whole (a DOCX body, an XLSX string table)


def check_xml_elements(content: bytes, part: str, limit: int, what: str) -> int:
    """Count the elements of one zip part, streaming (nothing kept), and refuse the document when the
    part has more than `limit` or is larger than MAX_PART_BYTES: for the parts a reader builds whole in
    memory (a DOCX body, an XLSX shared-string table), whose size in memory follows their element
    count and their text."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            try:
                info = z.getinfo(part)
            except KeyError:
                return 0
            if info.file_size > MAX_PART_BYTES:
                raise UnreadableDocument(
                    f"{what} over budget: {part} is {info.file_size} bytes > {MAX_PART_BYTES} (part size limit)"
                )
            src = z.open(info)
            n = 0
            with src:
                for _, el in etree.iterparse(
                    src, events=("end",), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
                ):
                    n += 1
                    if n > limit:
                        raise UnreadableDocument(
                            f"{what} over budget: {part} has more than {limit} XML elements (XML elements limit)"
                        )
                    el.clear()
                    while el.getprevious() is not None:  # drop the cleared siblings too
                        del el.getparent()[0]
    except etree.XMLSyntaxError as e:
        raise UnreadableDocument(f"corrupt {what}: {part} is not well-formed XML ({e})") from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as e:
        raise UnreadableDocument(f"truncated or corrupt {what} ({type(e).__name__}: {e})") from None
    return n
