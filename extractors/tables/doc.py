"""Word 97-2003 binary (.doc) documents → Grids: olefile opens the compound file, [MS-DOC] gives the text.

The path: the OLE compound file (olefile: header, DIFAT/FAT, directory, mini stream) → the
WordDocument and 0Table/1Table streams → FIB, piece table and paragraph properties
(extractors.tables.doc_format) → the main document text → paragraphs, ended by \\r (paragraph
mark) or \\x07 (cell mark).

Which paragraph ends a table row is not visible in the text (an empty cell and a row end are both
one \\x07 after another): it is read from the paragraph properties: sprmPFInTable, sprmPFTtp (row
end), sprmPItap (depth). The row-end paragraph also carries sprmTDefTable: the cell boundaries
(rgdxaCenter) give each cell's column span (horizontal merges are wider cells), its TC80 flags the
vertical merges and old-style horizontal merges; sprmTVertMerge overrides vertical merge flags.

Fields (\\x13 instruction \\x14 result \\x15) keep their result text only; objects, pictures and
footnote/annotation anchors are dropped; \\x0b (line break) becomes a line break.

Nested tables (depth > 1) are flattened: the inner table's cells become lines of the enclosing
cell's text, in reading order (an inner cell mark is a paragraph mark in the binary format).

Refused, as UnreadableDocument: not an OLE file (RTF or other text saved as .doc), a compound file
without a WordDocument stream, truncated or inconsistent structures (olefile's defects of level
DEFECT_INCORRECT and above, header counts beyond the file, streams over MAX_STREAM_BYTES),
encrypted or obfuscated files (fEncrypted / fObfuscated), Word 6.0/95 files (nFib < 101), and
documents beyond the size limits.
"""

from __future__ import annotations

import io
import logging
import re
import struct
from dataclasses import dataclass, field

import olefile

from extractors.tables.doc_format import Corrupt, Fib, Pap, Papx, Piece, piece_text, read_clx, read_fib
from extractors.tables.grid import MAX_COLS, Grid, clean_text, pad_ragged
from extractors.tables.sniff import OLE_MAGIC, UnreadableDocument, check_size

log = logging.getLogger(__name__)

WHAT = "DOC (Word 97-2003)"
MAX_STREAM_BYTES = 64 * 1024 * 1024  # no stream of a 30 MB file may claim more
MAX_CHARS = 10_000_000  # main document text
MAX_PARAGRAPHS = 200_000  # paragraph and cell marks (each becomes an object)
MAX_ROWS = 20_000
MAX_ABOVE = 3

_FREE_OR_END = (0xFFFFFFFE, 0xFFFFFFFF)


def _corrupt(detail: str) -> UnreadableDocument:
    return UnreadableDocument(f"truncated or corrupt {WHAT}: {detail}")


# --------------------------------------------------------------------------- OLE compound file
def _check_header(data: bytes) -> None:
    """Refuse a header whose counts, FAT sectors or first directory sector lie beyond the file (before olefile)."""
    if len(data) < 512 or data[:8] != OLE_MAGIC:
        raise Corrupt("not an OLE compound file" if data[:8] != OLE_MAGIC else "file shorter than its header")
    (major, byte_order, sector_shift, mini_shift) = struct.unpack_from("<HHHH", data, 26)
    if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        raise Corrupt("bad compound file header")
    ss = 1 << sector_shift
    nsec = (len(data) - 1) // ss  # sectors after the header
    (n_fat, first_dir, _, _cut, first_minifat, n_minifat, _difat, n_difat) = struct.unpack_from("<IIIIIIII", data, 44)
    if max(n_fat, n_minifat, n_difat) > nsec:
        raise Corrupt(f"header claims more sectors than the file's {nsec}")
    starts = (first_dir, first_minifat if n_minifat else _FREE_OR_END[0])
    for sec in starts + struct.unpack_from("<109I", data, 76)[: min(n_fat, 109)]:
        if sec not in _FREE_OR_END and sec >= nsec:
            raise Corrupt(f"sector {sec} beyond the end of the file ({len(data)} bytes)")


def _stream(ole: olefile.OleFileIO, name: str) -> bytes | None:
    """A root-level stream's bytes, or None when there is no such stream."""
    if ole.get_type(name) != olefile.STGTY_STREAM:
        return None
    size = ole.get_size(name)
    if size > MAX_STREAM_BYTES:
        raise Corrupt(f"stream {name} claims {size} bytes")
    data = ole.openstream(name).read()  # olefile follows the chain for `size` bytes: refuse a loop in it
    entry = next(e for e in ole.root.kids if e.name.lower() == name.lower())
    mini = size < ole.minisectorcutoff
    fat, step = (ole.minifat, ole.minisectorsize) if mini else (ole.fat, ole.sectorsize)
    sec, seen = entry.isectStart, set()
    for _ in range((size + step - 1) // step):
        if sec in seen:
            raise Corrupt(f"sector chain of {name} loops")
        seen.add(sec)
        sec = fat[sec] if sec < len(fat) else _FREE_OR_END[0]
    if len(data) < size:
        raise Corrupt(f"stream {name} is {len(data)} of {size} bytes")
    return data


def _streams(content: bytes) -> tuple[bytes, Fib, bytes, bytes | None]:
    """The WordDocument stream, its FIB, the table stream and the Data stream (None when absent)."""
    _check_header(content)
    try:
        ole = olefile.OleFileIO(io.BytesIO(content), raise_defects=olefile.DEFECT_INCORRECT)
    except OSError as e:  # olefile.olefile.OleFileError is an OSError
        raise Corrupt(f"compound file: {e}") from None
    with ole:
        wd = _stream(ole, "WordDocument")
        if wd is None:
            names = ", ".join(sorted(e[0] for e in ole.listdir() if len(e) == 1)) or "none"
            raise UnreadableDocument(
                f"not a Word document: OLE compound file without a WordDocument stream (streams: {names[:200]})"
            )
        fib = read_fib(wd)
        if fib.flags & 0x0100 or fib.flags & 0x8000:
            raise UnreadableDocument(f"password-protected {WHAT}: the document is encrypted")
        if fib.n_fib < 101:
            raise UnreadableDocument(
                f"unsupported format: Word 6.0/95 document (nFib {fib.n_fib}), only Word 97-2003 is read"
            )
        table = _stream(ole, fib.table_stream)
        if table is None:
            raise Corrupt(f"no {fib.table_stream} stream")
        return wd, fib, table, _stream(ole, "Data")


# --------------------------------------------------------------------------- text → paragraphs → tables
@dataclass
class Paragraph:
    """One paragraph of the main text and where it sits."""

    text: str
    depth: int = 0  # table nesting depth (0: body text)
    cell_end: bool = False  # ended by a cell mark of a depth-1 table
    row_end: bool = False  # the row-end mark of a depth-1 table
    pap: Pap | None = None


@dataclass
class DocTable:
    """One top-level table: rows of cells, with what the row-end marks say about columns and merges."""

    rows: list[list[str]] = field(default_factory=list)
    taps: list[Pap | None] = field(default_factory=list)
    above: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # all body paragraphs since the previous table


@dataclass
class DocBody:
    """The main document text as body paragraphs and top-level tables, in order."""

    paragraphs: list[str]
    tables: list[DocTable]


_DROP = {chr(c) for c in range(0x20)} - {"\t", "\x0b", "\r", "\x07", "\x0c", "\x0e", "\x13", "\x14", "\x15", "\x1e"}
_SPECIAL = str.maketrans({"\x0b": "\n", "\x0e": "\n", "\x1e": "-", "\x1f": None, **{c: None for c in _DROP}})


_MARKS = re.compile("[\r\x07\x0c]")  # paragraph mark, cell/row mark, page or section break


def _visible(text: str, stack: list[bool]) -> tuple[str, list[bool]]:
    """Drop field instructions (between \\x13 and \\x14), keep results; `stack` carries across pieces."""
    if "\x13" not in text and "\x14" not in text and "\x15" not in text and not stack:
        return text, stack
    out: list[str] = []
    for ch in text:
        if ch == "\x13":
            stack.append(False)  # in the instruction
        elif ch == "\x14":
            if stack:
                stack[-1] = True  # in the result
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif all(stack) or ch in "\r\x07":
            out.append(ch)
    return "".join(out), stack


def _paragraphs(wd: bytes, fib: Fib, pieces: list[Piece], grpprls: list[bytes], papx: Papx) -> list[Paragraph]:
    end_cp = min(fib.ccp_text, MAX_CHARS)
    if fib.ccp_text > MAX_CHARS:
        raise UnreadableDocument(f"{WHAT} too large: {fib.ccp_text} characters > {MAX_CHARS}")
    paras: list[Paragraph] = []
    buf: list[str] = []
    stack: list[bool] = []
    paps: dict[tuple[bytes, bytes], Pap] = {}
    for p in pieces:
        a, b = max(p.cp0, 0), min(p.cp1, end_cp)
        if a >= b:
            continue
        text = piece_text(wd, p, a, b)
        prm_grp = grpprls[p.prm >> 1] if p.prm & 1 and (p.prm >> 1) < len(grpprls) else b""
        start = 0
        for m in _MARKS.finditer(text):
            j = m.start()
            buf.append(text[start:j])
            mark = text[j]
            fc = p.fc + (a + j - p.cp0) * (1 if p.compressed else 2)
            key = (papx.at(fc), prm_grp)
            pap = paps.get(key)
            if pap is None:  # parsed once per distinct property set, then shared
                pap = paps[key] = Pap()
                pap.apply(key[0])
                pap.apply(prm_grp)
            raw, stack = _visible("".join(buf), stack)
            buf = []
            para = Paragraph(raw.translate(_SPECIAL), pap.depth, pap=pap)
            if mark == "\x07" and pap.depth <= 1:
                para.depth = 1
                if pap.ttp:
                    para.row_end = True
                else:
                    para.cell_end = True
            paras.append(para)
            if len(paras) > MAX_PARAGRAPHS:
                raise UnreadableDocument(
                    f"{WHAT} over budget: more than {MAX_PARAGRAPHS} paragraphs and cells (paragraphs limit)"
                )
            start = j + 1
        buf.append(text[start:])
    if buf and "".join(buf).strip():
        raw, stack = _visible("".join(buf), stack)
        paras.append(Paragraph(raw.translate(_SPECIAL)))
    return paras


def _tables(paras: list[Paragraph]) -> DocBody:
    body: list[str] = []
    tables: list[DocTable] = []
    cur: DocTable | None = None
    row: list[str] = []
    cell: list[str] = []
    recent: list[str] = []  # body paragraphs since the last table
    for p in paras:
        if p.depth >= 1:
            if cur is None:
                cur = DocTable(above=[t for t in recent if t][-MAX_ABOVE:], context=["\n".join(t for t in recent if t)])
                tables.append(cur)
            if p.row_end:
                if cell:  # text after the last cell mark (broken file): keep it
                    row.append(clean_text("\n".join(cell)))
                    cell = []
                if len(cur.rows) < MAX_ROWS:
                    cur.rows.append(row)
                    cur.taps.append(p.pap)
                row = []
            else:
                cell.append(p.text)
                if p.cell_end:
                    row.append(clean_text("\n".join(cell)))
                    cell = []
            continue
        if cur is not None:  # a body paragraph closes the table
            if row or cell:
                if cell:
                    row.append(clean_text("\n".join(cell)))
                cur.rows.append(row)
                cur.taps.append(None)
            cur, row, cell, recent = None, [], [], []
        t = clean_text(p.text)
        body.append(t)
        recent.append(t)
    if cur is not None and (row or cell):
        if cell:
            row.append(clean_text("\n".join(cell)))
        cur.rows.append(row)
        cur.taps.append(None)
    return DocBody([t for t in body if t], tables)


# --------------------------------------------------------------------------- table layout → Grid
def _row_layout(pap: Pap | None, ncells: int) -> tuple[list[int], list[int], list[int]] | None:
    """Cell boundaries (twips), vertical merge flags and horizontal merge flags from sprmTDefTable."""
    if pap is None or not pap.tdef or len(pap.tdef) < 3:
        return None
    op = pap.tdef
    itc = op[2]
    if itc == 0 or len(op) < 3 + 2 * (itc + 1):
        return None
    centers = list(struct.unpack_from(f"<{itc + 1}h", op, 3))
    tc_off = 3 + 2 * (itc + 1)
    vm, hm = [0] * itc, [0] * itc
    for k in range(itc):
        o = tc_off + 20 * k
        if o + 2 > len(op):
            break
        grf = struct.unpack_from("<H", op, o)[0]
        hm[k] = grf & 0x3
        vm[k] = (grf >> 5) & 0x3
    for k, flag in pap.vmerge.items():
        if k < itc:
            vm[k] = flag
    if itc != ncells or any(centers[k] > centers[k + 1] for k in range(itc)):
        return None
    return centers, vm, hm


def _snap(bounds: list[int], tol: int = 30) -> list[int]:
    out: list[int] = []
    for b in sorted(set(bounds)):
        if not out or b - out[-1] > tol:
            out.append(b)
    return out


def _grid(name: str, t: DocTable) -> Grid:
    layouts = [_row_layout(p, len(r)) for r, p in zip(t.rows, t.taps)]
    all_bounds = _snap([b for lay in layouts if lay for b in lay[0]])
    cols = all_bounds if len(all_bounds) >= 2 and len(all_bounds) - 1 <= MAX_COLS else None

    def col_of(x: int) -> int:
        return min(range(len(cols)), key=lambda i: abs(cols[i] - x))

    rows: list[list[str]] = []
    origin: list[list[tuple[int, int]]] = []
    for r, (cells, lay) in enumerate(zip(t.rows, layouts)):
        row: list[str] = []
        orow: list[tuple[int, int]] = []
        spans: list[tuple[int, int, int, int]] = []  # (first col, last col, vmerge, hmerge) per cell
        if cols is not None and lay is not None:
            centers, vm, hm = lay
            for k in range(len(cells)):
                c0, c1 = col_of(centers[k]), col_of(centers[k + 1])
                spans.append((c0, max(c0, c1 - 1), vm[k], hm[k]))
        else:
            spans = [(k, k, 0, 0) for k in range(len(cells))]
        for k, (text, (c0, c1, vmerge, hmerge)) in enumerate(zip(cells, spans)):
            while len(row) < c0:  # a gap in the boundaries: empty columns
                orow.append((r, len(row)))
                row.append("")
            if hmerge in (2, 3) and row:  # old-style merge into the cell on the left
                src = orow[-1]
                for _ in range(c0, c1 + 1):
                    if len(row) >= MAX_COLS:
                        break
                    row.append(row[-1])
                    orow.append(src)
                continue
            first = (r, len(row))
            for c in range(c0, c1 + 1):
                if len(row) >= MAX_COLS:
                    break
                if vmerge == 1 and r > 0 and c < len(rows[r - 1]):  # continues the cell above
                    row.append(rows[r - 1][c])
                    orow.append(origin[r - 1][c])
                else:  # every spanned column points at
                    row.append(text)  # the cell's first column
                    orow.append(first)
        rows.append(row)
        origin.append(orow)
    pad_ragged(rows, origin)
    return Grid(name, rows, origin, list(t.above), context=list(t.context))


# --------------------------------------------------------------------------- entry points
def read_doc(content: bytes) -> DocBody:
    """Body paragraphs and top-level tables of a Word 97-2003 document; UnreadableDocument otherwise."""
    check_size(content, WHAT)
    if content[:8] != OLE_MAGIC:
        head = content[:16].lstrip()
        if head.startswith(b"{\\rtf"):
            raise UnreadableDocument(f"unsupported format: RTF document saved as .doc, not a {WHAT} file")
        raise UnreadableDocument(f"not a {WHAT} file (no OLE compound file signature)")
    try:
        wd, fib, table, data = _streams(content)
        if len(fib.fc_lcb) <= 33:
            raise Corrupt("FIB has no piece table location")
        pieces, grpprls = read_clx(table, *fib.fc_lcb[33])
        papx = Papx(wd, table, data, *fib.fc_lcb[13])
        paras = _paragraphs(wd, fib, pieces, grpprls, papx)
    except Corrupt as e:
        raise _corrupt(str(e)) from None
    except OSError as e:  # olefile.olefile.OleFileError is an OSError
        raise _corrupt(f"compound file: {e}") from None
    except (struct.error, IndexError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        if isinstance(e, UnreadableDocument):
            raise
        raise _corrupt(f"{type(e).__name__}: {e}") from None
    return _tables(paras)


def grids_from_doc(content: bytes) -> list[Grid]:
    """Every top-level table as a Grid named table1, table2… (nested tables flattened into their cell)."""
    body = read_doc(content)
    grids = [_grid(f"table{i}", t) for i, t in enumerate(body.tables, start=1) if t.rows]
    log.debug("doc: %d paragraphs, %d tables", len(body.paragraphs), len(grids))
    return grids
