"""The Vietnamese header dictionary: column labels as published → canonical task fields.

Labels are folded before matching (NFC/NFD alike, diacritics and đ removed, lower case,
punctuation and line breaks to single spaces), so "Tên đề tài", "TEN DE TAI",
"Tên  đề\ntài" and old/new tone placement ("Hoá"/"Hóa") all meet the same rule. Units
in a label ("Kinh phí (triệu đồng)", "ĐVT: tr.đ") are split off and returned as a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from transforms.text import fold as text_fold

SEQ = "seq"  # numbering column (TT, STT): not a field, kept as hints.row_no
EXTRA = "extra"  # known not to be a canonical field (Ghi chú, Nguồn khác…)

_NON_WORD = re.compile(r"[^a-z0-9%]+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Diacritic-free (``transforms.text.fold``), lower-case, single-spaced form of a Vietnamese label."""
    return _NON_WORD.sub(" ", text_fold(text).lower()).strip()


# The rules live in a data file (header_vocab.yaml), ordered: the first rule whose pattern is found in
# the folded label wins.
_VOCAB_FILE = Path(__file__).with_name("header_vocab.yaml")
RULES: tuple[tuple[str, str], ...] = tuple(
    (rule["field"], rule["pattern"]) for rule in yaml.safe_load(_VOCAB_FILE.read_text(encoding="utf-8"))
)
_COMPILED = tuple((f, re.compile(p)) for f, p in RULES)
_PI = re.compile(dict(RULES)["principal_investigator"])
_HOST = re.compile(dict(RULES)["host_org"])
_ORG_WORD = re.compile(r"\b(to chuc|co quan|don vi)\b")  # "Cá nhân chủ trì" names a person only

_PAREN = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_DVT = re.compile(r"(?i)(?:đvt|dvt|đơn vị tính|don vi tinh|đơn vị)\s*[:：]?\s*([^()\n;]+)")
_MONEY = re.compile(r"\b(trieu|ty|ti|nghin|ngan|dong|vnd|tr d|trd|d)\b|\b1(?: ?000)+ ?(?:d|dong|vnd)\b")


@dataclass(frozen=True)
class HeaderMatch:
    """What one column label means."""

    field: str | None  # canonical field, SEQ, EXTRA, or None (unknown → extras)
    unit: str | None = None  # money unit as written, e.g. "triệu đồng"
    includes_pi: bool = False  # "Tổ chức chủ trì / Chủ nhiệm" in one column


def split_unit(label: str) -> tuple[str, str | None]:
    """Separate a money unit from a label: ("Kinh phí", "triệu đồng")."""
    unit = None
    for m in _PAREN.finditer(label):
        inner = (m.group(1) or m.group(2) or "").strip()
        inner_unit = _DVT.search(inner)
        cand = inner_unit.group(1).strip() if inner_unit else inner
        if cand and _MONEY.search(fold(cand)) and len(cand) <= 30:
            unit = cand
            label = label.replace(m.group(0), " ")
            break
    if unit is None:
        m2 = _DVT.search(label)
        if m2 and _MONEY.search(fold(m2.group(1))):
            unit = m2.group(1).strip(" .,")
            label = label[: m2.start()]
    return label.strip(" ,;:-"), unit


@lru_cache(maxsize=4096)
def match_header(label: str) -> HeaderMatch:
    """Map one (possibly two-row, joined) column label to a canonical field."""
    text, unit = split_unit(label)
    f = fold(text)
    if not f:
        return HeaderMatch(None, unit)
    for fld, rx in _COMPILED:
        if rx.search(f):
            if (
                fld in ("principal_investigator", "host_org")
                and _PI.search(f)
                and _HOST.search(f)
                and _ORG_WORD.search(f)
            ):
                return HeaderMatch("host_org", unit, includes_pi=True)
            return HeaderMatch(fld, unit if fld in ("budget", "budget_state", EXTRA) else None)
    return HeaderMatch(None, unit)


def unit_in_text(text: str) -> str | None:
    """A money unit stated in free text above a table ("Đơn vị tính: triệu đồng")."""
    m = _DVT.search(text)
    if m and _MONEY.search(fold(m.group(1))):
        return m.group(1).strip(" .,")
    return None


_LEVELS = (
    ("national", re.compile(r"\bcap (quoc gia|nha nuoc)\b")),
    ("ministry", re.compile(r"\bcap bo\b")),
    ("provincial", re.compile(r"\bcap tinh\b")),
    ("grassroots", re.compile(r"\bcap co so\b")),
)


def level_in_text(text: str) -> str | None:
    """Management level stated in a table title or page title ("… cấp tỉnh …")."""
    f = fold(text)
    for level, rx in _LEVELS:
        if rx.search(f):
            return level
    return None


def unmapped_columns(records: list[dict]) -> dict[str, dict[str, int]]:
    """{source: {column label: task rows}} of the columns no header rule mapped (kept under extras),
    so that a data engineer can add a synonym to header_vocab.yaml. Mentions and list items have none."""
    out: dict[str, dict[str, int]] = {}
    for r in records:
        if r.get("reject") or r.get("table", "tasks") != "tasks" or not r.get("extras"):
            continue
        per = out.setdefault(str(r.get("source") or "unknown"), {})
        for label in r["extras"]:
            if match_header(label.split(" / ")[-1]).field is None:  # known extras ("Phương thức") are mapped
                per[label] = per.get(label, 0) + 1
    out = {s: v for s, v in out.items() if v}
    return {s: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for s, v in sorted(out.items())}


ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
SECTION_PREFIX = re.compile(r"^\s*(?:([IVXLC]+)|([A-ZĐ])|(\d+(?:\.\d+)*))\s*[.)/:-]\s+\S")
_KINDS = "de tai|du an|de an|nhiem vu|chuong trinh"
_GROUP_WORDS = re.compile(rf"^(cac )?({_KINDS}|linh vuc)\b")
_LIST_WORDS = re.compile(rf"^(cac )?({_KINDS})\b")


def section_heading(text: str, *, in_list: bool = False) -> str | None:
    """The heading a table's group row or a list's line states, or None: numbered with a roman numeral or a
    letter ("II. Dự án SXTN", "B. Đề án"), or a short phrase naming a kind of task ("Đề tài cấp tỉnh").

    In a notice's running text (`in_list`) a phrase heads a part only when it stands apart (a colon,
    capitals, or six words at most; the colon is dropped), and "Lĩnh vực: …" is an item's field."""
    t = " ".join(text.split())
    if len(t) > (150 if in_list else 120):
        return None
    m = SECTION_PREFIX.match(t)
    if m and (m.group(2) or (m.group(1) and ROMAN.match(m.group(1)))):
        return t
    f = fold(SECTION_PREFIX.sub("", t) if m else t)
    words = len(f.split())
    if not in_list:
        return t if words <= 12 and _GROUP_WORDS.match(f) else None
    if words <= 10 and _LIST_WORDS.match(f) and (t.endswith(":") or t.isupper() or words <= 6):
        return t.rstrip(":")
    return None


def section_level(text: str) -> int:
    """How high a section heading stands: 0 for a letter ("B. Đề án"), 1 for a roman numeral
    ("II. Dự án SXTN"), 2 for anything else (arabic numbers, unnumbered phrases)."""
    m = SECTION_PREFIX.match(text)
    if not m:
        return 2
    if m.group(2):
        return 0
    if m.group(1) and ROMAN.match(m.group(1)):
        return 1
    return 2
