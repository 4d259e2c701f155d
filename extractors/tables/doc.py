"""Word 97-2003 binary (.doc) documents → Grids, read in pure Python from the [MS-DOC] structures.

The path: OLE compound file (`_Ole`, a small reader: header, DIFAT/FAT, directory, mini stream)
→ the FIB at the start of the WordDocument stream (fEncrypted, fWhichTblStm picks 0Table or
1Table, ccpText, fcClx/lcbClx, fcPlcfBtePapx/lcbPlcfBtePapx) → the CLX piece table (each Pcd
says where its characters are: cp1252 bytes at fc/2 when fCompressed, UTF-16LE at fc otherwise)
→ the main document text → paragraphs, ended by \\r (paragraph mark) or \\x07 (cell mark).

Which paragraph ends a table row is not visible in the text (an empty cell and a row end are both
one \\x07 after another): it is read from the paragraph properties (PAPX in the FKP pages listed by
PlcBtePapx, plus sprms of the piece's Prm): sprmPFInTable, sprmPFTtp (row end), sprmPItap (depth).
The row-end paragraph also carries sprmTDefTable: the cell boundaries (rgdxaCenter) give each
cell's column span (horizontal merges are wider cells), its TC80 flags the vertical merges and
old-style horizontal merges; sprmTVertMerge overrides vertical merge flags.

Fields (\\x13 instruction \\x14 result \\x15) keep their result text only; objects, pictures and
footnote/annotation anchors are dropped; \\x0b (line break) becomes a line break.

Nested tables (depth > 1) are flattened: the inner table's cells become lines of the enclosing
cell's text, in reading order (an inner cell mark is a paragraph mark in the binary format).

Refused, as UnreadableDocument: not an OLE file (RTF or other text saved as .doc), a compound file
without a WordDocument stream, truncated or inconsistent structures, encrypted or obfuscated files
(fEncrypted / fObfuscated), Word 6.0/95 files (nFib < 101), and documents beyond the size limits.
"""

from __future__ import annotations

import bisect
import logging
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.tables.grid import MAX_COLS, Grid, clean_text, pad_ragged
from extractors.tables.sniff import OLE_MAGIC, UnreadableDocument, check_size

log = logging.getLogger(__name__)

WHAT = "DOC (Word 97-2003)"
MAX_STREAM_BYTES = 64 * 1024 * 1024  # no stream of a 30 MB file may claim more
MAX_CHARS = 10_000_000  # main document text
MAX_PARAGRAPHS = 200_000  # paragraph and cell marks (each becomes an object: ~10 M marks fit 30 MB)
MAX_PIECES = 100_000
MAX_ROWS = 20_000
MAX_ABOVE = 3

_END, _FREE, _FATSECT, _DIFSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC
_NOSTREAM = 0xFFFFFFFF


class _Corrupt(Exception):
    """Internal: a structure that cannot be what the file claims (turned into UnreadableDocument)."""


def _corrupt(detail: str) -> UnreadableDocument:
    return UnreadableDocument(f"truncated or corrupt {WHAT}: {detail}")


# --------------------------------------------------------------------------- OLE compound file
class _Ole:
    """Read streams of the root storage of a Compound File Binary (MS-CFB) file."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise _Corrupt("not an OLE compound file" if data[:8] != OLE_MAGIC else "file shorter than its header")
        (major, byte_order, sector_shift, mini_shift) = struct.unpack_from("<HHHH", data, 26)
        if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise _Corrupt("bad compound file header")
        self.data = data
        self.ss = 1 << sector_shift
        self.nsec = max(0, len(data) - self.ss + self.ss - 1) // self.ss  # sectors after the header
        (n_fat, first_dir, _, self.cutoff, first_minifat, n_minifat, first_difat, n_difat) = struct.unpack_from(
            "<IIIIIIII", data, 44
        )
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        sec, seen = first_difat, 0
        per = self.ss // 4 - 1
        while sec not in (_END, _FREE) and seen <= n_difat:
            vals = struct.unpack_from(f"<{per + 1}I", self._sector(sec))
            fat_sectors.extend(vals[:per])
            sec = vals[per]
            seen += 1
        fat_sectors = [s for s in fat_sectors if s not in (_FREE, _END)][:n_fat]
        if len(fat_sectors) < n_fat:
            raise _Corrupt(f"FAT lists {len(fat_sectors)} of {n_fat} sectors")
        fat: list[int] = []
        for s in fat_sectors:
            fat.extend(struct.unpack(f"<{self.ss // 4}I", self._sector(s)))
        self.fat = fat
        self.dir = self._chain_bytes(first_dir, self.fat, self._sector, self.ss)
        root = self._entry(0)
        if root is None or root[1] != 5:
            raise _Corrupt("no root storage entry")
        self.minifat: list[int] = []
        if n_minifat and first_minifat not in (_END, _FREE):
            raw = self._chain_bytes(first_minifat, self.fat, self._sector, self.ss)
            self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))
        self.ministream = b""
        if root[3] not in (_END, _FREE) and root[4]:
            self.ministream = self._chain_bytes(root[3], self.fat, self._sector, self.ss)[: root[4]]
        self.streams = {name: (start, size) for name, etype, start, size in self._children(root[2]) if etype == 2}

    def _sector(self, n: int) -> bytes:
        if n >= self.nsec:
            raise _Corrupt(f"sector {n} beyond the end of the file ({len(self.data)} bytes)")
        off = (n + 1) * self.ss
        chunk = self.data[off : off + self.ss]
        return chunk if len(chunk) == self.ss else chunk.ljust(self.ss, b"\x00")  # short last sector

    def _mini_sector(self, n: int) -> bytes:
        off = n * 64
        if off + 64 > len(self.ministream):
            raise _Corrupt(f"mini sector {n} beyond the mini stream")
        return self.ministream[off : off + 64]

    @staticmethod
    def _chain_bytes(start: int, fat: list[int], read, size: int, limit: int = MAX_STREAM_BYTES) -> bytes:
        out: list[bytes] = []
        sec, n = start, 0
        while sec != _END:
            if sec >= len(fat) and sec != _END:
                raise _Corrupt(f"sector chain points to {sec:#x} outside the allocation table")
            out.append(read(sec))
            n += 1
            if n * size > limit or n > len(fat):
                raise _Corrupt("sector chain loops or is too long")
            sec = fat[sec]
            if sec in (_FREE, _FATSECT, _DIFSECT):
                raise _Corrupt("sector chain runs into a free or reserved sector")
        return b"".join(out)

    def _entry(self, i: int) -> tuple[str, int, int, int, int, int, int] | None:
        off = i * 128
        if i == _NOSTREAM or off + 128 > len(self.dir):
            return None
        e = self.dir[off : off + 128]
        nlen = min(struct.unpack_from("<H", e, 64)[0], 64)
        name = e[: max(0, nlen - 2)].decode("utf-16-le", "replace")
        etype = e[66]
        left, right, child, start = struct.unpack_from("<IIII", e, 68)[0:3] + struct.unpack_from("<I", e, 116)
        size = struct.unpack_from("<Q", e, 120)[0]
        if self.ss == 512:
            size &= 0xFFFFFFFF
        return name, etype, child, start, size, left, right

    def _children(self, first: int) -> Iterator[tuple[str, int, int, int]]:
        stack, seen = [first], set()
        while stack:
            i = stack.pop()
            if i == _NOSTREAM or i in seen:
                continue
            seen.add(i)
            e = self._entry(i)
            if e is None:
                continue
            name, etype, _child, start, size, left, right = e
            yield name, etype, start, size
            stack.extend((left, right))

    def read(self, name: str) -> bytes | None:
        """A root-level stream's bytes, or None when there is no such stream."""
        if name not in self.streams:
            return None
        start, size = self.streams[name]
        if size > MAX_STREAM_BYTES:
            raise _Corrupt(f"stream {name} claims {size} bytes")
        if size < self.cutoff:
            data = self._chain_bytes(start, self.minifat, self._mini_sector, 64) if size else b""
        else:
            data = self._chain_bytes(start, self.fat, self._sector, self.ss)
        if len(data) < size:
            raise _Corrupt(f"stream {name} is {len(data)} of {size} bytes")
        return data[:size]


# --------------------------------------------------------------------------- FIB, pieces, properties
@dataclass
class _Fib:
    n_fib: int
    flags: int
    ccp_text: int
    fc_lcb: list[tuple[int, int]]

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & 0x0200 else "0Table"


def _read_fib(wd: bytes) -> _Fib:
    if len(wd) < 0x44:
        raise _Corrupt("WordDocument stream shorter than the FIB")
    ident, n_fib = struct.unpack_from("<HH", wd, 0)
    flags = struct.unpack_from("<H", wd, 0x0A)[0]
    if ident != 0xA5EC:
        raise _Corrupt(f"bad FIB identifier {ident:#06x}")
    off = 32
    csw = struct.unpack_from("<H", wd, off)[0]
    off += 2 + 2 * csw
    if off + 2 > len(wd):
        raise _Corrupt("FIB cut short")
    cslw = struct.unpack_from("<H", wd, off)[0]
    lw_off = off + 2
    off = lw_off + 4 * cslw
    if cslw < 4 or off + 2 > len(wd):
        raise _Corrupt("FIB cut short")
    ccp_text = struct.unpack_from("<i", wd, lw_off + 12)[0]
    cb = struct.unpack_from("<H", wd, off)[0]
    off += 2
    n = min(cb, (len(wd) - off) // 8)
    pairs = [struct.unpack_from("<II", wd, off + 8 * i) for i in range(n)]
    return _Fib(n_fib, flags, ccp_text, pairs)


@dataclass
class _Piece:
    cp0: int
    cp1: int
    fc: int  # byte offset in WordDocument of the first character
    compressed: bool
    prm: int


def _read_clx(table: bytes, fc: int, lcb: int) -> tuple[list[_Piece], list[bytes]]:
    if lcb <= 0 or fc + lcb > len(table):
        raise _Corrupt("piece table (CLX) outside the table stream")
    clx = table[fc : fc + lcb]
    grpprls: list[bytes] = []
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers of pieces
        if i + 3 > len(clx):
            raise _Corrupt("CLX cut short")
        n = struct.unpack_from("<h", clx, i + 1)[0]
        if n < 0 or i + 3 + n > len(clx):
            raise _Corrupt("bad Prc in the CLX")
        grpprls.append(clx[i + 3 : i + 3 + n])
        i += 3 + n
    if i >= len(clx) or clx[i] != 0x02 or i + 5 > len(clx):
        raise _Corrupt("no piece table (Pcdt) in the CLX")
    lcb_pcd = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5 : i + 5 + lcb_pcd]
    if len(plc) < lcb_pcd or (lcb_pcd - 4) % 12 or lcb_pcd < 16:
        raise _Corrupt("bad piece table size")
    n = (lcb_pcd - 4) // 12
    if n > MAX_PIECES:
        raise _Corrupt(f"{n} pieces")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for k in range(n):
        _flags, fcc, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * k)
        compressed = bool(fcc & 0x40000000)
        fcv = fcc & 0x3FFFFFFF
        pieces.append(_Piece(cps[k], cps[k + 1], fcv // 2 if compressed else fcv, compressed, prm))
    return pieces, grpprls


_CP1252 = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))
_CP1252_TABLE = {b: ch for b, ch in enumerate(_CP1252) if ch != chr(b)}


def _piece_text(wd: bytes, p: _Piece, cp0: int, cp1: int) -> str:
    n = cp1 - cp0
    if p.compressed:
        start = p.fc + (cp0 - p.cp0)
        raw = wd[start : start + n]
        if len(raw) < n:
            raise _Corrupt("text piece beyond the WordDocument stream")
        return raw.decode("latin-1").translate(_CP1252_TABLE)
    start = p.fc + 2 * (cp0 - p.cp0)
    raw = wd[start : start + 2 * n]
    if len(raw) < 2 * n:
        raise _Corrupt("text piece beyond the WordDocument stream")
    return raw.decode("utf-16-le", "replace")


def _sprm_size(grpprl: bytes, i: int, sprm: int) -> int:
    """Operand size of the sprm whose opcode ends at i."""
    spra = sprm >> 13
    if spra in (0, 1):
        return 1
    if spra in (2, 4, 5):
        return 2
    if spra == 3:
        return 4
    if spra == 7:
        return 3
    if sprm == 0xD608 or sprm == 0xD606:  # sprmTDefTable, sprmTDefTable10: 2-byte cb, cb - 1 more
        if i + 2 > len(grpprl):
            return len(grpprl) - i
        return 2 + struct.unpack_from("<H", grpprl, i)[0] - 1
    if i >= len(grpprl):
        return 0
    cb = grpprl[i]
    if sprm == 0xC615 and cb == 255:  # sprmPChgTabs with the long form
        j = i + 1
        if j >= len(grpprl):
            return len(grpprl) - i
        dels = grpprl[j]
        j += 1 + 4 * dels
        if j >= len(grpprl):
            return len(grpprl) - i
        adds = grpprl[j]
        j += 1 + 3 * adds
        return j - i
    return 1 + cb


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    i = 0
    while i + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        size = max(0, _sprm_size(grpprl, i, sprm))
        yield sprm, grpprl[i : i + size]
        i += size


@dataclass
class _Pap:
    in_table: bool = False
    ttp: bool = False
    inner_cell: bool = False
    inner_ttp: bool = False
    itap: int = 0
    tdef: bytes | None = None  # sprmTDefTable operand
    vmerge: dict[int, int] = field(default_factory=dict)  # sprmTVertMerge: cell -> flag

    def apply(self, grpprl: bytes) -> None:
        for sprm, op in _sprms(grpprl):
            if sprm == 0x2416 and op:
                self.in_table = bool(op[0])
            elif sprm == 0x2417 and op:
                self.ttp = bool(op[0])
            elif sprm == 0x244B and op:
                self.inner_cell = bool(op[0])
            elif sprm == 0x244C and op:
                self.inner_ttp = bool(op[0])
            elif sprm == 0x6649 and len(op) == 4:
                self.itap = struct.unpack("<i", op)[0]
            elif sprm == 0x6649 and len(op) >= 1:
                self.itap = op[0]
            elif sprm == 0xD608:
                self.tdef = op
            elif sprm == 0xD62B and len(op) >= 3:
                self.vmerge[op[1]] = op[2]

    @property
    def depth(self) -> int:
        return self.itap if self.itap > 0 else (1 if self.in_table else 0)


class _Papx:
    """Paragraph properties by the file offset of a paragraph's last character."""

    def __init__(self, wd: bytes, table: bytes, data: bytes | None, fc: int, lcb: int) -> None:
        self.data = data
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.grpprls: list[bytes] = []
        if lcb < 8 or fc + lcb > len(table):
            if lcb:
                raise _Corrupt("paragraph property index (PlcBtePapx) outside the table stream")
            return
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        runs: list[tuple[int, int, bytes]] = []
        for pn in pns:
            off = (pn & 0x3FFFFF) * 512
            page = wd[off : off + 512]
            if len(page) < 512:
                raise _Corrupt(f"paragraph property page {pn & 0x3FFFFF} beyond the WordDocument stream")
            crun = page[511]
            if crun == 0 or 4 * (crun + 1) + 13 * crun > 511:
                continue
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for k in range(crun):
                boff = page[4 * (crun + 1) + 13 * k] * 2
                grp = b""
                if boff:
                    cb = page[boff]
                    if cb:
                        body = page[boff + 1 : boff + 1 + 2 * cb - 1]
                    else:
                        cb2 = page[boff + 1] if boff + 1 < 511 else 0
                        body = page[boff + 2 : boff + 2 + 2 * cb2]
                    grp = self._unhuge(body[2:])  # after istd
                runs.append((fcs[k], fcs[k + 1], grp))
        runs.sort(key=lambda x: x[0])
        for a, b, g in runs:
            self.starts.append(a)
            self.ends.append(b)
            self.grpprls.append(g)

    def _unhuge(self, grpprl: bytes) -> bytes:
        """Replace sprmPHugePapx (properties too large for an FKP page) by the grpprl it points at."""
        if b"\x46\x66" not in grpprl:
            return grpprl
        out: list[bytes] = []
        for sprm, op in _sprms(grpprl):
            if sprm == 0x6646 and len(op) == 4:
                off = struct.unpack("<I", op)[0]
                if self.data is None or off + 2 > len(self.data):
                    raise _Corrupt("paragraph properties point outside the Data stream")
                cb = struct.unpack_from("<h", self.data, off)[0]
                if cb < 0 or off + 2 + cb > len(self.data):
                    raise _Corrupt("bad paragraph properties in the Data stream")
                out.append(self.data[off + 2 : off + 2 + cb])
            else:
                out.append(struct.pack("<H", sprm) + op)
        return b"".join(out)

    def at(self, fc: int) -> bytes:
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and fc < self.ends[i]:
            return self.grpprls[i]
        return b""


# --------------------------------------------------------------------------- text → paragraphs → tables
@dataclass
class Paragraph:
    """One paragraph of the main text and where it sits."""

    text: str
    depth: int = 0  # table nesting depth (0: body text)
    cell_end: bool = False  # ended by a cell mark of a depth-1 table
    row_end: bool = False  # the row-end mark of a depth-1 table
    pap: _Pap | None = None


@dataclass
class DocTable:
    """One top-level table: rows of cells, with what the row-end marks say about columns and merges."""

    rows: list[list[str]] = field(default_factory=list)
    taps: list[_Pap | None] = field(default_factory=list)
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


def _paragraphs(wd: bytes, fib: _Fib, pieces: list[_Piece], grpprls: list[bytes], papx: _Papx) -> list[Paragraph]:
    end_cp = min(fib.ccp_text, MAX_CHARS)
    if fib.ccp_text > MAX_CHARS:
        raise UnreadableDocument(f"{WHAT} too large: {fib.ccp_text} characters > {MAX_CHARS}")
    paras: list[Paragraph] = []
    buf: list[str] = []
    stack: list[bool] = []
    paps: dict[tuple[bytes, bytes], _Pap] = {}
    for p in pieces:
        a, b = max(p.cp0, 0), min(p.cp1, end_cp)
        if a >= b:
            continue
        text = _piece_text(wd, p, a, b)
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
                pap = paps[key] = _Pap()
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
def _row_layout(pap: _Pap | None, ncells: int) -> tuple[list[int], list[int], list[int]] | None:
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
        ole = _Ole(content)
        wd = ole.read("WordDocument")
        if wd is None:
            names = ", ".join(sorted(ole.streams)) or "none"
            raise UnreadableDocument(
                f"not a Word document: OLE compound file without a WordDocument stream (streams: {names[:200]})"
            )
        fib = _read_fib(wd)
        if fib.flags & 0x0100 or fib.flags & 0x8000:
            raise UnreadableDocument(f"password-protected {WHAT}: the document is encrypted")
        if fib.n_fib < 101:
            raise UnreadableDocument(
                f"unsupported format: Word 6.0/95 document (nFib {fib.n_fib}), only Word 97-2003 is read"
            )
        table = ole.read(fib.table_stream)
        if table is None:
            raise _Corrupt(f"no {fib.table_stream} stream")
        if len(fib.fc_lcb) <= 33:
            raise _Corrupt("FIB has no piece table location")
        pieces, grpprls = _read_clx(table, *fib.fc_lcb[33])
        papx = _Papx(wd, table, ole.read("Data"), *fib.fc_lcb[13])
        paras = _paragraphs(wd, fib, pieces, grpprls, papx)
    except _Corrupt as e:
        raise _corrupt(str(e)) from None
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
