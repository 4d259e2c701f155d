"""Task lists written as numbered paragraphs, not tables ("Thông báo kết quả tuyển chọn …").

    1. Tên nhiệm vụ: Nghiên cứu … – Tổ chức chủ trì: Viện … – Chủ nhiệm: TS. … – Thời gian
       thực hiện: 30 tháng (06/2023 – 11/2025) – Kinh phí: 870 triệu đồng.
    2. “Ứng dụng …”
       - Đơn vị chủ trì: …
       - Tổng kinh phí 870 triệu đồng (ngân sách sự nghiệp KH&CN tỉnh: 650 triệu đồng)

Each numbered block is one task. Its labels ("Tổ chức chủ trì", "Chủ nhiệm nhiệm vụ", "Thời gian
thực hiện"…) are read with the same header vocabulary as table columns
(extractors/tables/header_vocab.yaml), so a wording learnt for one serves both. Numbering restarts
under each heading ("I. ĐỀ TÀI", "Dự án sản xuất thử nghiệm:"), which becomes the block's section.
Money and periods written as sentences are taken from the block's text when no label holds them.
These are records of full confidence: the page states every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.tables.headers import EXTRA, SEQ, fold, match_header, section_heading
from transforms import vocab

_ITEM = re.compile(
    r"^\s*(?:\(?(\d{1,3})\s*[.):/]|(\d{1,3})\s*[-–]|(?:[Nn]hiệm vụ|[Đđ]ề tài|[Dd]ự án|[Đđ]ề án)\s+(?:số\s*)?"
    r"(\d{1,3})\s*[:.])\s*(?P<rest>\S.*)$"
)
# A block that starts with its title label, without a number ("Tên đề tài: …" items of an <ol>)
_TITLE_LABEL = re.compile(
    r"^\s*[-–+•*]?\s*(?:[Tt]ên\s+(?:nhiệm vụ|đề tài|dự án|đề án)[^:\n]{0,30}"
    r"|(?:[Đđ]ề tài|[Dd]ự án|[Đđ]ề án)[^:\n\d]{0,40})\s*:"
)
_BULLET = re.compile(r"^\s*(?:[-–—+•*·▪●◦]|[a-zđ]\s*[).](?=\s))\s*")  # "- ", "+ ", "a) ", "b. "
# "label:" at the start of a segment: a line (after a bullet), or after a dash, semicolon or full stop
_LABEL = re.compile(
    r"(?:^|(?<=\n)|(?<=[;–—])|(?<=\s-)|(?<=\.\s)|(?<=\.))\s*[-–—+•*]?\s*"
    r"(?P<label>[A-ZĐÀ-Ỹa-zđà-ỹ][^:\n;–—“”\"\d]{1,70}?)\s*:\s*"
)
_MONEY = r"\d[\d.,]*\s*(?:tỷ|tỉ|triệu|trđ|tr\.đ|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)\b"
_STATE_MONEY = re.compile(r"(?i)(?:ngân sách|NSNN|NS\s|sự nghiệp|hỗ trợ)[^:\d()]{0,60}?:?\s*(?P<v>" + _MONEY + ")")
_TOTAL_MONEY = re.compile(r"(?i)(?:tổng\s+)?(?:kinh phí|dự toán|tổng vốn)[^:\d()]{0,50}?:?\s*(?P<v>" + _MONEY + ")")
_PERIOD = re.compile(
    r"(?i)(?:thời gian thực hiện|thực hiện trong|thời gian)\s*:?\s*(?P<v>[^;\n]{3,90}?)(?=[;\n]|\.\s|$|\s[–-]\s[A-ZĐ])"
)
_ALL_STATE = re.compile(
    r"(?i)\b(toàn bộ|100\s*%)\s*(?:kinh phí\s*)?(?:từ|bằng|do|là)?\s*(?:nguồn\s*)?(?:ngân sách|NSNN|kinh phí sự nghiệp)"
)
# "1.072,4 triệu đồng từ ngân sách sự nghiệp KH&CN tỉnh": the whole amount is state money
_FROM_STATE = re.compile(
    r"(?i)" + _MONEY + r"\s*,?\s*(?:toàn bộ\s*)?(?:từ|bằng|do)\s*(?:nguồn\s*)?(?:vốn\s*)?"
    r"(?:ngân sách|NSNN|kinh phí sự nghiệp|sự nghiệp)"
)
_TITLE_QUOTES = "“”\"«»'‘’"
TASK_FIELDS = (
    "host_org",
    "principal_investigator",
    "period",
    "start_date",
    "end_date",
    "budget",
    "budget_state",
    "code",
    "acceptance_grade",
    "decision",
)


@dataclass
class ListItem:
    """One numbered block read as a task."""

    number: str
    fields: dict[str, str]
    extras: dict[str, str] = field(default_factory=dict)
    section: str | None = None
    text: str = ""
    line: int = 0  # the line of the text the block starts on


def _clean(v: str) -> str:
    v = " ".join(v.split())
    return v.strip(" .,;–—-").strip(_TITLE_QUOTES).strip(" .,;")


def _segments(text: str) -> list[tuple[str | None, str]]:
    """(label, value) pairs of a block in order; a line or text without a label has None (the lead:
    the title after the number, or a sentence such as "Tổng kinh phí 870 triệu đồng (…)")."""
    out: list[tuple[str | None, str]] = []
    for line in re.split(r"\n|;\s*", text):
        pos = 0
        label: str | None = None
        for m in _LABEL.finditer(line):
            lab = m.group("label").strip()
            if len(lab.split()) > 10 or lab.count("(") != lab.count(")"):
                continue
            if label is not None or line[pos : m.start()].strip():
                out.append((label, line[pos : m.start()]))
            label, pos = lab, m.end()
        out.append((label, line[pos:]))
    return [(lab, v) for lab, v in out if lab is not None or v.strip()]


def _read_block(number: str, text: str, section: str | None) -> ListItem | None:
    fields: dict[str, str] = {}
    extras: dict[str, str] = {}
    lead = ""
    for label, value in _segments(text):
        v = _clean(value)
        if label is None:
            lead = lead or " ".join(value.split()).strip(" .,;–—-")  # the first unlabelled text: the title
            continue
        m = match_header(label)
        f = m.field
        if f in (None, EXTRA, SEQ):
            # "Đề tài: “…”" / "Dự án SXTN: …" — the kind written as the label of the title
            if (
                not lead
                and not fields.get("title")
                and re.match(r"^(ten )?(de tai|du an|de an|nhiem vu|chuong trinh)\b", fold(label))
            ):
                fields["title"] = v
                fields.setdefault("kind", label)
            elif v:
                extras[label] = v
            continue
        if f == "title":
            fields["title"] = v
            paren = re.search(r"\(([^()]+)\)", label)  # "Tên nhiệm vụ (Dự án SXTN)"
            if paren and vocab.kind_in_context(paren.group(1)):
                fields.setdefault("kind", paren.group(1))
            elif re.match(r"^(ten )?(de tai|du an|de an|chuong trinh)\b", fold(label)):
                fields.setdefault("kind", re.sub(r"(?i)^tên\s+", "", label))
            continue
        if f in ("budget", "budget_state") and m.unit:
            v = f"{v} {m.unit}"
        if f == "budget" and (st := _STATE_MONEY.search(value)) and "budget_state" not in fields:
            fields["budget_state"] = st.group("v")
            tot = re.search(_MONEY, value)
            v = tot.group(0) if tot else v
        if f == "host_org" and m.includes_pi:
            fields.setdefault("host_org", v)
            continue
        if f in ("budget", "budget_state") and (mm := re.search(_MONEY, v)):
            v = mm.group(0)
        if v and f not in fields:
            fields[f] = v
    if "title" not in fields:
        if not lead:
            return None
        q = re.search(r"[“\"«]\s*([^”\"»]{8,400}?)\s*[”\"»]", lead)
        if q:  # Đề tài “…”, do …: the quoted title
            fields["title"] = _clean(q.group(1))
            before = lead[: q.start()].strip(" :")
            if before and re.match(r"^(de tai|du an|de an|chuong trinh)\b", fold(before)) and len(before) < 60:
                fields.setdefault("kind", before)
        else:
            fields["title"] = _clean(re.split(r"\s[–—]\s|\s-\s|,\s+do\s", lead, maxsplit=1)[0])
    else:
        fields["title"] = _clean(fields["title"])
    if "budget" not in fields and "budget_state" not in fields and (tm := _TOTAL_MONEY.search(text)):
        fields["budget"] = tm.group("v")
    if "budget_state" not in fields and (sm := _STATE_MONEY.search(text)) and sm.group("v") != fields.get("budget"):
        fields["budget_state"] = sm.group("v")
    if "budget" in fields and "budget_state" not in fields and (_ALL_STATE.search(text) or _FROM_STATE.search(text)):
        fields["budget_state"] = fields["budget"]  # "540 triệu đồng, toàn bộ từ ngân sách sự nghiệp KH&CN"
    if not any(k in fields for k in ("period", "start_date", "end_date")) and (pm := _PERIOD.search(text)):
        fields["period"] = _clean(pm.group("v"))
    if (tail := re.search(r"\s*\(([^()]{4,40})\)\s*$", fields["title"])) and vocab.kind_in_context(tail.group(1)):
        fields.setdefault("kind", tail.group(1))  # "… (đề tài)", "… (dự án sản xuất thử nghiệm)"
        fields["title"] = fields["title"][: tail.start()].strip()
    if not any(k in fields for k in TASK_FIELDS):
        return None  # a numbered line, not a task
    return ListItem(number, fields, extras, section, " ".join(text.split())[:500])


def _is_bare_label(line: str) -> bool:
    """A line holding only a field's label, its value on the next line ("Tổ chức chủ trì" / "Viện …")."""
    t = _BULLET.sub("", _ITEM.sub(lambda m: m.group("rest"), line)).strip().rstrip(":").strip()
    if not t or ":" in t or len(t.split()) > 8 or any(ch.isdigit() for ch in t) or t.endswith((".", ";", ",")):
        return False
    return match_header(t).field not in (None, EXTRA, SEQ)


def _join_label_lines(lines: list[str]) -> list[str]:
    """Join each bare label line with the value line under it, keeping line numbers (the label's line
    becomes "label: value", the value's line empty)."""
    out = list(lines)
    for k in range(len(out) - 1):
        nxt = out[k + 1].strip()
        if nxt and _is_bare_label(out[k]) and not _is_bare_label(nxt) and not _ITEM.match(nxt):
            out[k] = f"{out[k].rstrip().rstrip(':')}: {nxt}"
            out[k + 1] = ""
    return out


def parse_list_items(text: str) -> list[ListItem]:
    """Every numbered block of `text` that reads as a task (title plus at least one task field)."""
    lines = _join_label_lines(text.split("\n"))
    items: list[ListItem] = []
    section: str | None = None
    cur: list[str] = []
    cur_no = ""
    cur_section: str | None = None

    start = 0

    def flush() -> None:
        if cur:
            item = _read_block(cur_no, "\n".join(cur), cur_section)
            if item is not None:
                item.line = start
                items.append(item)

    for k, line in enumerate(lines):
        if not line.strip():
            continue
        m = _ITEM.match(line)
        if m:
            flush()
            cur, cur_no, cur_section, start = [m.group("rest")], m.group(1) or m.group(2) or m.group(3), section, k
            continue
        if _TITLE_LABEL.match(line) and (not cur or any(_TITLE_LABEL.match(x) for x in cur)):
            flush()  # the next item of a list whose numbers are not text
            cur, cur_no, cur_section, start = [line], str(len(items) + 1), section, k
            continue
        if (h := section_heading(line, in_list=True)) is not None:
            flush()
            cur, section = [], h
            continue
        if cur:
            structured = _BULLET.match(line) is not None or _LABEL.match(line) is not None
            if structured or (len(cur) < 3 and not any(_BULLET.match(x) or _LABEL.match(x) for x in cur[1:])):
                cur.append(_BULLET.sub("", line))  # a field line, or the title wrapped onto the next line
            else:
                flush()
                cur = []
    flush()
    return items


def looks_like_task_list(text: str) -> bool:
    """Numbered blocks that name task fields ("chủ nhiệm", "chủ trì", "kinh phí"): a list, read or not."""
    n = 0
    for block in re.split(r"\n\s*(?=\d{1,3}\s*[.)]\s)", text):
        f = fold(block[:600])
        if (
            re.match(r"^\d{1,3} ", f)
            and sum(w in f for w in ("chu nhiem", "chu tri", "kinh phi", "thoi gian thuc hien")) >= 2
        ):
            n += 1
    return n >= 2


def hints_of(item: ListItem) -> dict[str, Any]:
    h: dict[str, Any] = {"row_no": item.number, "list_item": True}
    if item.section:
        h["section"] = item.section
    return h
