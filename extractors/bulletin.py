"""Results bulletins of registered S&T task results (NASATI, "Thông tin kết quả nghiên cứu").

A bulletin lists one registered result per record, grouped under QĐ 12/2008 field headings::

    4. KHOA HỌC NÔNG NGHIỆP / 401 Trồng trọt
    ĐT-2016-30218-ĐT. <title>/ TS. BS. <PI> - <host body>, (Đề tài cấp Tỉnh/ Thành phố)
    Số hồ sơ lưu: 20/KQNC-SKHCN

In a PDF the lines wrap inside records (the title, the PI part, even the parenthesis) and the
running page header and page numbers fall between them. `parse_bulletin` re-joins the lines of
each record (a record starts with a registration code at the start of a line and ends at the
next record, its "Số hồ sơ lưu" line or a field heading once the record is complete), drops the
page furniture, and yields one raw task record per record (docs/DESIGN.md): code, title,
principal_investigator (academic titles kept: the transform splits them), host_org, kind and
level from the parenthesis, field from the current heading, the archive number in
``extras["Số hồ sơ lưu"]``. A record that does not split cleanly becomes a reject naming the
record and the field; the others go on.

`looks_like_bulletin` is the conservative test `extractors.documents` uses before routing a
document without task tables here; `document_text` gives the text of a PDF, DOCX, DOC or plain
text file.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors.base import reject
from extractors.http.decoding import decode

log = logging.getLogger(__name__)

BULLETIN_CONFIDENCE = 0.9  # a full record, but split from running text (a table row is 1.0)
MIN_RECORDS = 2  # looks_like_bulletin: distinct registration codes at line starts
MAX_RECORD_CHARS = 1500  # a longer "record" has run on into text that is not one
MAX_PAGES = 200
ARCHIVE_KEY = "Số hồ sơ lưu"

# ĐT-2016-30218-ĐT, DA-2021-43025-DA, ĐA-2020-37116-ĐA (also without the Đ, and with spaces
# around the dashes as some PDFs extract them)
_CODE_TEXT = r"[ĐD][TA]\s?-\s?(?:19|20)\d\d\s?-\s?\d{3,6}(?:\s?-\s?[A-ZĐ]{1,5})?"
_RECORD_START = re.compile(rf"^(?P<code>{_CODE_TEXT})(?![\w-])\s*[.:;,]?\s*(?P<rest>.*)$")
_CODE_MID = re.compile(rf"(?<=\S)[ \t]+(?={_CODE_TEXT}(?![\w-])\s*[.:]\s+\w)")
_CODE_ANY = re.compile(_CODE_TEXT)
_ARCHIVE = re.compile(r"^Số\s+hồ\s+sơ\s+lưu\s*[:.]?\s*(?P<no>.*)$", re.I)
_ARCHIVE_MID = re.compile(r"(?<=\S)[ \t]+(?=Số\s+hồ\s+sơ\s+lưu\s*:)", re.I)
_ARCHIVE_NO = re.compile(r"^\S{1,60}$")

# Field headings: "1. KHOA HỌC TỰ NHIÊN", "101. Toán học", "30231 Y học dân tộc; …",
# "4. KHOA HỌC NÔNG NGHIỆP / 401 Trồng trọt"
_HEAD_ONE = r"(?P<code{n}>[1-6](?:\d\d){{0,2}})\s*[.)]?\s+(?P<name{n}>[^\W\d_][^/]{{1,110}}?)"
_HEADING = re.compile(r"^" + _HEAD_ONE.format(n=1) + r"(?:\s*/\s*" + _HEAD_ONE.format(n=2) + r")?\s*$")

# Page furniture: the running header, page numbers.
_PAGE_NO = re.compile(
    r"^(?:[-–]\s*\d{1,3}\s*[-–]|\d{1,3}|Trang\s+\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,3}\s*/\s*\d{1,3})$", re.I
)
_RUNNING_HEAD = re.compile(r"^(?:thông tin\s+)?kết quả nghiên cứu\b", re.I)
_ISSUE = re.compile(r"\bSố\s*(?P<no>\d{1,3}\s*/\s*(?:19|20)\d\d)\b", re.I)

# End of a record: ", (Đề tài cấp Tỉnh/ Thành phố)"
_KIND_WORDS = r"đề tài|dự án|đề án|nhiệm vụ|chương trình"
_LEVEL_PAREN = re.compile(r"\s*,?\s*\(\s*(?P<paren>(?:" + _KIND_WORDS + r"|cấp)\b[^()]*?)\s*\)\s*[.;,]?\s*$", re.I)
_CAP = re.compile(r"\bcấp\b", re.I)

# Academic and professional titles in front of a PI name ("TS. BS.", "PGS.TS.", "BSCKII.", "ThS")
_TITLE_TOKEN = (
    r"(?:GS|PGS|TSKH|TS|ThS|Ths|THS|Th\.S|KS|CN|BSCKII|BSCKI|BSCK\s?II|BSCK\s?I|BSCK|BSNT|BS|"
    r"DSCKII|DSCKI|DS|NCS|KTS|CKII|CKI|NGƯT|NGND|TTND|TTƯT|LS)"
)
_PI_START = re.compile(rf"^(?:{_TITLE_TOKEN}(?:\.\s*|\s+))+(?=[^\W\d_])")
_DASH = re.compile(r"\s+[-–—]\s+|\s+[-–—](?=[^\W\d_])|(?<=[^\W\d_])[-–—]\s+")


@dataclass
class _Raw:
    """One record's lines as read, before splitting."""

    code: str
    text: str
    line: int
    section_path: list[str] = field(default_factory=list)
    archive: str | None = None
    wants_archive_no: bool = False

    def complete(self) -> bool:
        return bool(_LEVEL_PAREN.search(self.text))


class SplitError(ValueError):
    """A record that does not split cleanly; `field` is the part that failed."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field = field_name


# --------------------------------------------------------------------------- lines


def _normalise(text: str) -> str:
    """NFC, form feeds and odd spaces as plain ones, records/archive lines glued in HTML split."""
    text = unicodedata.normalize("NFC", text).replace("\f", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    text = _ARCHIVE_MID.sub("\n", text)
    return _CODE_MID.sub("\n", text)


def _is_heading_line(s: str) -> re.Match[str] | None:
    m = _HEADING.match(s)
    if not m or _RECORD_START.match(s):
        return None
    for n in ("1", "2"):
        name = m.group(f"name{n}")
        if name is None:
            continue
        if not name[0].isupper() or name.rstrip().endswith((",", "-", "–", "/")):
            return None
    c1, c2 = m.group("code1"), m.group("code2")
    if c2 and not (len(c2) > len(c1) and c2.startswith(c1)):
        return None
    return m


def _furniture(s: str, extra: list[re.Pattern[str]]) -> bool:
    if _PAGE_NO.match(s):
        return True
    if _RUNNING_HEAD.match(s) and (_ISSUE.search(s) or s.upper() == s):
        return True
    return any(p.search(s) for p in extra)


def _join(a: str, b: str) -> str:
    """Re-join a wrapped line: "2021-" + "2025" stays "2021-2025", otherwise one space."""
    if not a:
        return b
    if re.search(r"[^\s][-/]$", a) and b[:1].isdigit():
        return a + b
    return a + " " + b


# --------------------------------------------------------------------------- records


def _records(text: str, furniture: list[re.Pattern[str]]) -> Iterator[_Raw]:
    """Re-joined records, each with the section headings in force where it starts."""
    path: list[tuple[str, str]] = []  # (code, heading text)
    cur: _Raw | None = None
    todo = deque((n, line) for n, line in enumerate(_normalise(text).split("\n"), start=1))
    while todo:
        lineno, line = todo.popleft()
        s = " ".join(line.split())
        if not s or _furniture(s, furniture):
            continue
        m = _RECORD_START.match(s)
        if m:
            if cur is not None:
                yield cur
            cur = _Raw(re.sub(r"\s+", "", m.group("code")), m.group("rest"), lineno, [t for _, t in path])
            continue
        a = _ARCHIVE.match(s)
        if a:
            no = a.group("no").strip()
            first, _, more = no.partition(" ")
            if more and (_is_heading_line(more) or _RECORD_START.match(more)):
                no = first  # "20/KQNC-SKHCN 2. KHOA HỌC …" glued in HTML
                todo.appendleft((lineno, more))
            if cur is not None:
                cur.archive = no or None
                cur.wants_archive_no = not no
                if no:
                    yield cur
                    cur = None
            continue
        if cur is not None and cur.wants_archive_no:
            cur.wants_archive_no = False
            if _ARCHIVE_NO.match(s):  # "Số hồ sơ lưu:" wrapped before its number
                cur.archive = s
                yield cur
                cur = None
                continue
        if cur is not None and not cur.complete():
            cur.text = _join(cur.text, s)
            if len(cur.text) > MAX_RECORD_CHARS:
                yield cur
                cur = None
            continue
        h = _is_heading_line(s)
        if h:
            if cur is not None:
                yield cur
                cur = None
            for n in ("1", "2"):
                code = h.group(f"code{n}")
                if code is None:
                    continue
                label = f"{code}{s[h.end(f'code{n}') : h.start(f'name{n}')].rstrip()} {h.group(f'name{n}').strip()}"
                path = [(c, t) for c, t in path if len(c) < len(code) and code.startswith(c)] + [(code, label)]
            continue
        if cur is not None:  # text after a complete record: not part of it
            yield cur
            cur = None
        log.debug("bulletin line %d ignored: %r", lineno, s[:80])
    if cur is not None:
        yield cur


def _name_ok(name: str) -> bool:
    words = name.replace(".", " ").split()
    return 2 <= len(words) <= 7 and all(w[0].isupper() and not any(ch.isdigit() for ch in w) for w in words)


def _split_pi_host(rest: str) -> tuple[str, str]:
    """("TS. BS. Nông Văn Thắng", "Sở Y tế tỉnh Bắc Kạn") from "TS. BS. Nông Văn Thắng - Sở Y tế tỉnh Bắc Kạn"."""
    d = _DASH.search(rest)
    if d:
        pi, host = rest[: d.start()], rest[d.end() :]
    elif "," in rest:
        pi, host = rest.split(",", 1)
    else:
        raise SplitError("host_org", "no ' - <cơ quan chủ trì>' after the principal investigator")
    pi, host = pi.strip(" ,;"), host.strip(" ,;")
    t = _PI_START.match(pi)
    if not _name_ok(pi[t.end() :] if t else pi):
        raise SplitError("principal_investigator", f"no person name in {pi[:80]!r}")
    if len(host) < 3 or not host[0].isupper():
        raise SplitError("host_org", f"no host organization in {host[:80]!r}")
    return pi, host


def split_record(body: str) -> dict[str, str]:
    """title, principal_investigator, host_org, kind, level of a record's text after its code."""
    body = body.strip()
    p = _LEVEL_PAREN.search(body)
    if not p:
        raise SplitError("level", "no level in parentheses at the end of the record, e.g. (Đề tài cấp Tỉnh/ Thành phố)")
    paren = " ".join(p.group("paren").split())
    head = body[: p.start()].rstrip(" ,")
    out: dict[str, str] = {}
    c = _CAP.search(paren)
    kind, level = (paren[: c.start()].strip(" ,-"), paren[c.start() :]) if c else (paren, "")
    if kind:
        out["kind"] = kind
    if level:
        out["level"] = level
    cut = None
    for m in re.finditer(r"\s*/\s*", head):  # the first "/" followed by an academic title
        if _PI_START.match(head[m.end() :]):
            cut = m
            break
    if cut is None:  # else the last "/ Name Name - Body"
        for m in reversed(list(re.finditer(r"\s*/\s*", head))):
            after = head[m.end() :]
            d = _DASH.search(after)
            if d and _name_ok(after[: d.start()].strip()):
                cut = m
                break
    if cut is None:
        raise SplitError("principal_investigator", "no '/ <chủ nhiệm> - <cơ quan chủ trì>' part after the title")
    title = head[: cut.start()].strip(" .,;")
    if len(title.split()) < 2:
        raise SplitError("title", f"no title before the principal investigator ({title!r})")
    out["title"] = title
    out["principal_investigator"], out["host_org"] = _split_pi_host(head[cut.end() :])
    return out


def _field_code(label: str) -> str:
    return re.match(r"\d+", label).group(0)  # type: ignore[union-attr]


def parse_bulletin(
    text: str,
    *,
    source: str,
    ref: str,
    fetched_at: str,
    url: str | None = None,
    hints: dict[str, Any] | None = None,
    confidence: float = BULLETIN_CONFIDENCE,
    furniture: Iterable[str | re.Pattern[str]] = (),
) -> Iterator[dict]:
    """Raw task records (and rejects) of a bulletin's text; `ref` names the document in record_ref.

    `furniture`: more patterns of page header/footer lines to drop (searched in each line).
    """
    extra = [re.compile(p, re.I) if isinstance(p, str) else p for p in furniture]
    base = dict(hints or {})
    if "bulletin_issue" not in base:
        for line in _normalise(text[:20000]).split("\n"):
            s = " ".join(line.split())
            if (i := _ISSUE.search(s)) and (_RUNNING_HEAD.match(s) or s == i.group(0)):
                base["bulletin_issue"] = re.sub(r"\s+", "", i.group("no"))
                break
    seen: dict[str, int] = {}
    for raw in _records(text, extra):
        seen[raw.code] = seen.get(raw.code, 0) + 1
        rref = f"{ref}#{raw.code}" + (f"~{seen[raw.code]}" if seen[raw.code] > 1 else "")
        whole = f"{raw.code}. {raw.text}"
        try:
            if len(raw.text) > MAX_RECORD_CHARS:
                raise SplitError("record", f"record runs on for more than {MAX_RECORD_CHARS} characters")
            fields = split_record(raw.text)
        except SplitError as e:
            yield reject(
                source,
                rref,
                "extract",
                f"bulletin record {raw.code} (line {raw.line}): {e}",
                field=e.field,
                raw_value=whole,
            )
            continue
        fields = {"code": raw.code, **fields}
        h = dict(base)
        if raw.section_path:
            fields["field"] = raw.section_path[-1]
            h["section"] = raw.section_path[-1]
            h["section_path"] = list(raw.section_path)
            h["field_code"] = _field_code(raw.section_path[-1])
        extras = {ARCHIVE_KEY: raw.archive} if raw.archive else {}
        yield {
            "table": "tasks",
            "source": source,
            "record_ref": rref,
            "source_url": url or ref,
            "fetched_at": fetched_at,
            "confidence": confidence,
            "fields": fields,
            "hints": h,
            "extras": extras,
        }


def looks_like_bulletin(text: str | None) -> bool:
    """At least MIN_RECORDS distinct registration codes start lines, and one record looks closed
    (its "(… cấp …)" parenthesis or a "Số hồ sơ lưu" line): conservative on purpose."""
    if not text or not _CODE_ANY.search(text):
        return False
    codes: set[str] = set()
    closed = False
    for line in _normalise(text).split("\n"):
        s = " ".join(line.split())
        if m := _RECORD_START.match(s):
            codes.add(re.sub(r"\s+", "", m.group("code")))
        closed = closed or bool(_ARCHIVE.match(s) or _LEVEL_PAREN.search(s))
    return len(codes) >= MIN_RECORDS and closed


# --------------------------------------------------------------------------- document text


def plain_text(content: bytes) -> str | None:
    """A text file's text, by the project's one charset detection (extractors/http/decoding.py);
    None for binary data or bytes no charset fits."""
    if b"\x00" in content[:4096] and content[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return None
    decoded = decode(content)
    return None if decoded.problem else decoded.text


def pdf_text(content: bytes) -> str:
    """Text of a text PDF, page after page (pdfplumber's reading order, lines kept)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages[:MAX_PAGES])


def docx_text(content: bytes) -> str:
    """Body paragraphs of a DOCX, one a line (tables left out: they went through the grid reader)."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def doc_text(content: bytes) -> str:
    """Body paragraphs of a Word 97-2003 document."""
    from extractors.tables.doc import read_doc

    return "\n".join(read_doc(content).paragraphs)


def document_text(content: bytes, fmt: str) -> str:
    """The running text of a pdf/docx/doc/text document, '' when there is none or it cannot be read."""
    try:
        if fmt == "pdf":
            return pdf_text(content)
        if fmt == "docx":
            return docx_text(content)
        if fmt == "doc":
            return doc_text(content)
        if fmt in ("txt", "text", "unknown"):
            return plain_text(content) or ""
    except Exception as e:  # noqa: BLE001 - the table reader has already judged the file; this is a second look
        log.debug("no bulletin text in %s document: %s: %s", fmt, type(e).__name__, e)
    return ""
