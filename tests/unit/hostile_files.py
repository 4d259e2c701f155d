"""Builders of hostile and legacy-encoded documents, for the tests and bench/bench_hostile.py.

Every attack file is built here from scratch (nothing downloaded): XLSX parts are written as raw
XML into a zip so a builder controls exactly what the central directory and sheets say.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from transforms.text import _VNI, _surface, _tables

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx_bytes(sheets: list[str], *, styles: str | None = None) -> bytes:
    """An XLSX package around raw <sheetData>…(+<mergeCells>) bodies, one per sheet."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        over = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr("[Content_Types].xml", _CT.format(sheets=over))
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_R}><sheets>'
            + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
            + "</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if styles:
            rels += (
                '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/>'
            )
            z.writestr("xl/styles.xml", styles)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels + "</Relationships>",
        )
        for i, body in enumerate(sheets, start=1):
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>' + body + "</worksheet>",
            )
    return buf.getvalue()


def _dense_sheet(target_bytes: int, cols: int = 50) -> str:
    """A sheet of numeric cells whose XML is about `target_bytes` long. Rows and cells without their
    optional r= references repeat exactly, so the sheet compresses several hundred to one."""
    row = "<row>" + "<c><v>7</v></c>" * cols + "</row>"
    return "<sheetData>" + row * max(1, target_bytes // len(row)) + "</sheetData>"


def xlsx_many_sheets(n_sheets: int, sheet_bytes: int = 1_000_000) -> bytes:
    """The issue's attack: n sheets, each just under 1 MB of XML (36 KB for 10, 271 KB for 99)."""
    sheet = _dense_sheet(sheet_bytes - 1000)
    return xlsx_bytes([sheet] * n_sheets)


def xlsx_far_cell(row: int = 1_048_576, col: str = "XFD") -> bytes:
    """A sheet with a task header, one row and a stray value in the far corner (padding attack)."""
    body = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Tên nhiệm vụ</t></is></c></row>'
        f'<row r="{row}"><c r="{col}{row}"><v>1</v></c></row></sheetData>'
    )
    return xlsx_bytes([body])


# -- legacy Vietnamese encodings ------------------------------------------------------------------


def _inverse(table: dict[str, str]) -> dict[str, str]:
    inv: dict[str, str] = {}
    for k, v in table.items():
        inv.setdefault(v, k)
    return inv


def encode_legacy(text: str, encoding: str) -> bytes:
    """Unicode text as a page typed in TCVN3 (ABC), VNI-Windows or VISCII would hold it.

    TCVN3 has no capitals with tone marks (the .VnTimeH font draws the small letters as capitals),
    so a capital missing from the map is written as its small letter, as typists did.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "vni":
        inv = _inverse(_VNI)
    else:
        inv = _inverse(_tables()[encoding])
    surface_to_byte = {_surface(b): b for b in range(256)}
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80 and ch not in inv:
            out.append(ord(ch))
            continue
        s = inv.get(ch) or inv.get(ch.lower())
        if s is None:
            out += ch.encode("cp1252")
            continue
        out += bytes(surface_to_byte.get(c, ord(c)) for c in s)
    return bytes(out)


TASK_PAGE = (
    "<html><head><meta charset='{cs}'><title>Danh mục</title>"
    "<style>body {{ font-family: {font}; }}</style></head><body><h1>{title}</h1><article>{body}</article>"
    "</body></html>"
)
TASK_TITLE = "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2024"
TASK_ROWS = [
    (
        "1",
        "Nghiên cứu ứng dụng tiến bộ kỹ thuật trong sản xuất giống lúa Bao thai",
        "Trường Đại học Nông Lâm",
        "TS. Hoàng Văn Thắng",
    ),
    (
        "2",
        "Xây dựng mô hình trồng cây dược liệu dưới tán rừng tự nhiên",
        "Trung tâm Ứng dụng tiến bộ khoa học",
        "ThS. Nguyễn Thị Hương",
    ),
    (
        "3",
        "Phát triển chuỗi giá trị sản phẩm miến dong theo hướng hữu cơ",
        "Hợp tác xã Tân Thành",
        "KS. Triệu Đức Mạnh",
    ),
]


def task_page_text(cs: str, font: str) -> str:
    """A DOST-like article page holding a task table, as Unicode text."""
    head = "<tr><td>STT</td><td>Tên nhiệm vụ</td><td>Tổ chức chủ trì</td><td>Chủ nhiệm nhiệm vụ</td></tr>"
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TASK_ROWS)
    return TASK_PAGE.format(cs=cs, font=font, title=TASK_TITLE, body=f"<table>{head}{rows}</table>")


def xls_directory_cycle(xls: bytes) -> bytes:
    """An XLS whose compound-file directory has an entry that is its own left sibling (xlrd recursed
    until RecursionError)."""
    import struct

    b = bytearray(xls)
    sector = 1 << struct.unpack_from("<H", b, 30)[0]
    first_dir = struct.unpack_from("<I", b, 48)[0]
    base = (first_dir + 1) * sector
    child = struct.unpack_from("<I", b, base + 76)[0]  # the root entry's first child
    struct.pack_into("<I", b, base + child * 128 + 68, child)  # … is its own left sibling
    return bytes(b)


def zip_entry_corrupted(content: bytes, name: str, *, method: int | None = None, flip_at: int = 10) -> bytes:
    """A copy of a zip with one entry's compressed bytes flipped (zlib.error on reading) or its compression
    method (local and central headers) set to an unsupported one (NotImplementedError from zipfile)."""
    import struct

    z = zipfile.ZipFile(io.BytesIO(content))
    info = z.getinfo(name)
    b = bytearray(content)
    off = info.header_offset
    fn_len, extra_len = struct.unpack_from("<HH", b, off + 26)
    start = off + 30 + fn_len + extra_len
    if method is None:
        for k in range(start + flip_at, min(start + flip_at + 24, start + info.compress_size)):
            b[k] ^= 0x5A
        return bytes(b)
    struct.pack_into("<H", b, off + 8, method)
    pos = content.find(b"PK\x01\x02")
    while pos != -1:
        n_len = struct.unpack_from("<H", b, pos + 28)[0]
        if b[pos + 46 : pos + 46 + n_len].decode("utf-8", "replace") == name:
            struct.pack_into("<H", b, pos + 10, method)
            break
        pos = content.find(b"PK\x01\x02", pos + 4)
    return bytes(b)


def xls_big_sheet(rows: int = 65536, cols: int = 14) -> bytes:
    """An XLS with one sheet of rows x cols numbers (xlwt writes them as RK/MULRK: ~7 bytes a cell)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    for r in range(rows):
        row = sheet.row(r)
        for c in range(cols):
            row.set_cell_number(c, r * 0.5 + c)
        if r % 1000 == 999:
            sheet.flush_row_data()
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
