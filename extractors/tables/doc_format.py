"""[MS-DOC] structures of the WordDocument and table streams: FIB, piece table (CLX), sprms, paragraph properties.

Hand-written: no maintained Python library reads Word 97 text with its table properties (antiword
and catdoc are C programs that print text; olefile, used for the container, stops at the streams).

The FIB at the start of the WordDocument stream gives fEncrypted, fWhichTblStm (0Table or 1Table),
ccpText, fcClx/lcbClx and fcPlcfBtePapx/lcbPlcfBtePapx; the CLX piece table says where each
piece's characters are (cp1252 bytes at fc/2 when fCompressed, UTF-16LE at fc otherwise); the
paragraph properties (PAPX in the FKP pages listed by PlcBtePapx, plus the sprms of a piece's Prm)
tell table paragraphs, row ends and depth apart, and the row end's sprmTDefTable gives cell bounds.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_PIECES = 100_000


class Corrupt(Exception):
    """A structure that cannot be what the file claims (the reader turns it into UnreadableDocument)."""


@dataclass
class Fib:
    n_fib: int
    flags: int
    ccp_text: int
    fc_lcb: list[tuple[int, int]]

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & 0x0200 else "0Table"


def read_fib(wd: bytes) -> Fib:
    if len(wd) < 0x44:
        raise Corrupt("WordDocument stream shorter than the FIB")
    ident, n_fib = struct.unpack_from("<HH", wd, 0)
    flags = struct.unpack_from("<H", wd, 0x0A)[0]
    if ident != 0xA5EC:
        raise Corrupt(f"bad FIB identifier {ident:#06x}")
    off = 32
    csw = struct.unpack_from("<H", wd, off)[0]
    off += 2 + 2 * csw
    if off + 2 > len(wd):
        raise Corrupt("FIB cut short")
    cslw = struct.unpack_from("<H", wd, off)[0]
    lw_off = off + 2
    off = lw_off + 4 * cslw
    if cslw < 4 or off + 2 > len(wd):
        raise Corrupt("FIB cut short")
    ccp_text = struct.unpack_from("<i", wd, lw_off + 12)[0]
    cb = struct.unpack_from("<H", wd, off)[0]
    off += 2
    n = min(cb, (len(wd) - off) // 8)
    pairs = [struct.unpack_from("<II", wd, off + 8 * i) for i in range(n)]
    return Fib(n_fib, flags, ccp_text, pairs)


@dataclass
class Piece:
    cp0: int
    cp1: int
    fc: int  # byte offset in WordDocument of the first character
    compressed: bool
    prm: int


def read_clx(table: bytes, fc: int, lcb: int) -> tuple[list[Piece], list[bytes]]:
    if lcb <= 0 or fc + lcb > len(table):
        raise Corrupt("piece table (CLX) outside the table stream")
    clx = table[fc : fc + lcb]
    grpprls: list[bytes] = []
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers of pieces
        if i + 3 > len(clx):
            raise Corrupt("CLX cut short")
        n = struct.unpack_from("<h", clx, i + 1)[0]
        if n < 0 or i + 3 + n > len(clx):
            raise Corrupt("bad Prc in the CLX")
        grpprls.append(clx[i + 3 : i + 3 + n])
        i += 3 + n
    if i >= len(clx) or clx[i] != 0x02 or i + 5 > len(clx):
        raise Corrupt("no piece table (Pcdt) in the CLX")
    lcb_pcd = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5 : i + 5 + lcb_pcd]
    if len(plc) < lcb_pcd or (lcb_pcd - 4) % 12 or lcb_pcd < 16:
        raise Corrupt("bad piece table size")
    n = (lcb_pcd - 4) // 12
    if n > MAX_PIECES:
        raise Corrupt(f"{n} pieces")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for k in range(n):
        _flags, fcc, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * k)
        compressed = bool(fcc & 0x40000000)
        fcv = fcc & 0x3FFFFFFF
        pieces.append(Piece(cps[k], cps[k + 1], fcv // 2 if compressed else fcv, compressed, prm))
    return pieces, grpprls


_CP1252 = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))
_CP1252_TABLE = {b: ch for b, ch in enumerate(_CP1252) if ch != chr(b)}


def piece_text(wd: bytes, p: Piece, cp0: int, cp1: int) -> str:
    n = cp1 - cp0
    if p.compressed:
        start = p.fc + (cp0 - p.cp0)
        raw = wd[start : start + n]
        if len(raw) < n:
            raise Corrupt("text piece beyond the WordDocument stream")
        return raw.decode("latin-1").translate(_CP1252_TABLE)
    start = p.fc + 2 * (cp0 - p.cp0)
    raw = wd[start : start + 2 * n]
    if len(raw) < 2 * n:
        raise Corrupt("text piece beyond the WordDocument stream")
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
class Pap:
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


class Papx:
    """Paragraph properties by the file offset of a paragraph's last character."""

    def __init__(self, wd: bytes, table: bytes, data: bytes | None, fc: int, lcb: int) -> None:
        self.data = data
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.grpprls: list[bytes] = []
        if lcb < 8 or fc + lcb > len(table):
            if lcb:
                raise Corrupt("paragraph property index (PlcBtePapx) outside the table stream")
            return
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        runs: list[tuple[int, int, bytes]] = []
        for pn in pns:
            off = (pn & 0x3FFFFF) * 512
            page = wd[off : off + 512]
            if len(page) < 512:
                raise Corrupt(f"paragraph property page {pn & 0x3FFFFF} beyond the WordDocument stream")
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
                    raise Corrupt("paragraph properties point outside the Data stream")
                cb = struct.unpack_from("<h", self.data, off)[0]
                if cb < 0 or off + 2 + cb > len(self.data):
                    raise Corrupt("bad paragraph properties in the Data stream")
                out.append(self.data[off + 2 : off + 2 + cb])
            else:
                out.append(struct.pack("<H", sprm) + op)
        return b"".join(out)

    def at(self, fc: int) -> bytes:
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and fc < self.ends[i]:
            return self.grpprls[i]
        return b""
