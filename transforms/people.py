"""People: split academic titles from names, drop forms of address and roles, stable ids.

``PGS.TS Đỗ Ngọc Mỹ`` -> (``Đỗ Ngọc Mỹ``, ``PGS.TS.``); ``TS. BS. Viên Quang Mai`` ->
(``Viên Quang Mai``, ``TS.BS.``); ``ông Lê Văn Thế - Phó Giám đốc`` -> (``Lê Văn Thế``, None).
Spelled-out titles (``Tiến sĩ``, ``Thạc sĩ``…) map to their abbreviations. Names written in
capitals are title-cased; otherwise the published spelling is kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.text import clean, is_vietnamese_syllable, match_key

__all__ = ["PersonName", "split_person", "person_id"]

# abbreviation (match form, no dots, casefolded) -> canonical abbreviation with dot
_TITLE_ABBR: dict[str, str] = {
    "gs": "GS.",
    "pgs": "PGS.",
    "tskh": "TSKH.",
    "ts": "TS.",
    "ths": "ThS.",
    "bs": "BS.",
    "bsck1": "BSCKI.",
    "bscki": "BSCKI.",
    "bsck2": "BSCKII.",
    "bsckii": "BSCKII.",
    "ks": "KS.",
    "cn": "CN.",
    "ds": "DS.",
    "kts": "KTS.",
    "ncs": "NCS.",
    "lg": "LG.",
    "nsưt": "NSƯT.",
    "ngưt": "NGƯT.",
    "ngnd": "NGND.",
    "ttnd": "TTND.",
    "ttưt": "TTƯT.",
    "bsnt": "BSNT.",
}
_TITLE_WORDS: tuple[tuple[str, str], ...] = (
    ("phó giáo sư", "PGS."),
    ("giáo sư", "GS."),
    ("tiến sĩ khoa học", "TSKH."),
    ("tiến sỹ khoa học", "TSKH."),
    ("tiến sĩ", "TS."),
    ("tiến sỹ", "TS."),
    ("thạc sĩ", "ThS."),
    ("thạc sỹ", "ThS."),
    ("bác sĩ", "BS."),
    ("bác sỹ", "BS."),
    ("kỹ sư", "KS."),
    ("kĩ sư", "KS."),
    ("cử nhân", "CN."),
    ("dược sĩ", "DS."),
    ("kiến trúc sư", "KTS."),
    ("nghiên cứu sinh", "NCS."),
)
_ADDRESS = re.compile(r"^(?:ông|bà|anh|chị|đồng chí|đ/c|đc|cô|thầy|mr\.?|mrs\.?|ms\.?|dr\.?)\s+", re.I)
_ROLE_WORDS = (
    "giám đốc",
    "trưởng",
    "phó",
    "chủ tịch",
    "chủ nhiệm",
    "thư ký",
    "cán bộ",
    "chuyên viên",
    "kế toán",
    "bí thư",
    "hiệu trưởng",
    "viện trưởng",
    "nghiên cứu viên",
    "giảng viên",
    "điều phối",
    "thành viên",
    "chức vụ",
    "ủy viên",
    "uỷ viên",
    "tổ trưởng",
)
_ROLE_SPLIT = re.compile(r"\s*(?:[-–—,;(:]|\s/\s)\s*")
_TITLE_TOKEN = re.compile(r"^([A-Za-zĐđƯư]{1,6}\d?)\.?$")


@dataclass(frozen=True)
class PersonName:
    """A name without titles, its canonical title string, and notes on what was dropped."""

    name: str | None
    title: str | None
    dropped: str | None = None


def _is_role(part: str) -> bool:
    low = part.casefold()
    return any(low.startswith(w) or f" {w}" in f" {low}" for w in _ROLE_WORDS)


_DOTTED = re.compile(r"\b(Th|T|P\.?G|G)\.(S|s)\b\.?")  # "Th.S", "T.S", "P.GS", "G.S": dotted inside


def _take_titles(s: str) -> tuple[list[str], str]:
    titles: list[str] = []
    rest = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + m.group(2) + ".", s, count=3)
    while True:
        rest = rest.lstrip(" .,")
        low = rest.casefold()
        for words, abbr in _TITLE_WORDS:
            if low.startswith(words + " ") or low.startswith(words + "."):
                titles.append(abbr)
                rest = rest[len(words) :]
                break
        else:
            m = re.match(r"([A-Za-zĐđƯư]{1,6}\d?)(?:\.\s*|\s+)", rest)
            tok = m.group(1) if m else ""
            if (
                m
                and tok.casefold() in _TITLE_ABBR
                and ("." in m.group(0) or tok.isupper() or titles or not is_vietnamese_syllable(tok))
            ):
                titles.append(_TITLE_ABBR[m.group(1).casefold()])
                rest = rest[m.end() :]
                continue
            return titles, rest


def _case(name: str) -> str:
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() for w in name.split())
    return name


@lru_cache(maxsize=65536)
def split_person(raw: str | None) -> PersonName:
    """Separate academic titles, forms of address and roles from a person's name."""
    s = clean(raw)
    if not s:
        return PersonName(None, None)
    dropped: list[str] = []
    m = _ADDRESS.match(s)
    if m:
        dropped.append(m.group(0).strip())
        s = s[m.end() :]
    titles, rest = _take_titles(s)
    m = _ADDRESS.match(rest)
    if m:
        dropped.append(m.group(0).strip())
        rest = rest[m.end() :]
    parts = _ROLE_SPLIT.split(rest, maxsplit=1)
    name = parts[0].strip(" .,)")
    if len(parts) > 1 and parts[1].strip():
        after = parts[1].strip(" )")
        more, left = _take_titles(after + " ")
        if more and not left.strip(" .,;"):
            titles += more  # "Nguyễn Văn Hải, ThS.": the title written after the name
        else:
            dropped.append(after)
    if _is_role(name):
        return PersonName(None, "".join(titles) or None, rest)
    name = _case(" ".join(name.split()))
    if not name or not any(c.isalpha() for c in name):
        return PersonName(None, "".join(titles) or None, "; ".join(dropped) or None)
    return PersonName(name, "".join(titles) or None, "; ".join(dropped) or None)


def person_id(name: str, org_id: str | None = None) -> str:
    """Stable id from the name's match key and the organization (namesakes elsewhere differ)."""
    key = match_key(name) + "|" + (org_id or "")
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
