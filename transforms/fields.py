"""Field-of-science codes of QĐ 12/2008/QĐ-BKHCN (6 fields, 45 branches, 322 specialities).

A cell may hold a code (``10101``, ``101``), a name (``Hoá học`` or ``Hóa học``, with trailing
spaces or a typo), both (``401 - Trồng trọt``), or the field may only be known from the section
row above the table row (``I. LĨNH VỰC NÔNG NGHIỆP``). Names are matched on tone-canonical,
ASCII-folded keys; near misses are accepted with rapidfuzz at a high threshold only.
The 2025 forms' seventh field "Công nghệ chiến lược" has no code in QĐ 12/2008 and is reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from transforms.text import clean, match_key

__all__ = ["FieldResult", "field_code", "field_name", "FIELDS_FILE"]

FIELDS_FILE = Path(__file__).with_name("data") / "qd12_2008_research_fields.json"
_FUZZ_MIN = 90
# Short section names seen on pages -> level-1 code
_SECTION_SYNONYMS = {
    "nong nghiep": "4",
    "nong lam nghiep": "4",
    "nong lam ngu nghiep": "4",
    "nong nghiep nong thon": "4",
    "y duoc": "3",
    "y te": "3",
    "y hoc": "3",
    "tu nhien": "1",
    "khoa hoc tu nhien": "1",
    "ky thuat cong nghe": "2",
    "ky thuat va cong nghe": "2",
    "cong nghe": "2",
    "khoa hoc ky thuat": "2",
    "xa hoi": "5",
    "khoa hoc xa hoi": "5",
    "kinh te xa hoi": "5",
    "nhan van": "6",
    "khoa hoc xa hoi nhan van": "5",
    "xa hoi nhan van": "5",
    "khoa hoc xa hoi va nhan van": "5",
}


@dataclass(frozen=True)
class FieldResult:
    code: str | None
    problem: str | None = None
    fuzzy: bool = False


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> clean name, ascii match key -> code)."""
    root = json.loads(FIELDS_FILE.read_text(encoding="utf-8"))["vhdata"]["research-fields"]["level1"]
    names: dict[str, str] = {}

    def walk(node: dict, level: int) -> None:
        for item in node.values():
            names[item["full-code"]] = clean(item["name"]) or ""
            child = item.get(f"level{level + 1}")
            if child:
                walk(child, level + 1)

    walk(root, 1)
    keys: dict[str, str] = {}
    for code in sorted(names, key=len, reverse=True):  # shorter (broader) codes win a tie
        keys[match_key(names[code], ascii=True)] = code
    return names, keys


def field_name(code: str) -> str | None:
    """The clean Vietnamese name of a code."""
    return _table()[0].get(code)


_CODE = re.compile(r"^\s*(\d{5}|\d{3}|\d)(?!\d)")
_SECTION = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-z])\s*[.)/-]\s*", re.I)


@lru_cache(maxsize=8192)
def field_code(raw: str | None) -> FieldResult:
    """QĐ 12/2008 code for a code, a name, ``401 - Trồng trọt`` or a section heading."""
    s = clean(raw)
    if not s:
        return FieldResult(None)
    names, keys = _table()
    m = _CODE.match(s)
    if m:
        code = m.group(1)
        if code in names:
            return FieldResult(code)
        return FieldResult(None, f"unknown field code {code!r}")
    s = _SECTION.sub("", s)
    key = match_key(s, ascii=True)
    key = re.sub(r"^(linh vuc|nganh|chuyen nganh|nhom)\s+", "", key)
    if "cong nghe chien luoc" in key:
        return FieldResult(None, "field 'Công nghệ chiến lược' (2025) has no QĐ 12/2008 code")
    if key in keys:
        return FieldResult(keys[key])
    if key in _SECTION_SYNONYMS:
        return FieldResult(_SECTION_SYNONYMS[key])
    if ("khoa hoc " + key) in keys:
        return FieldResult(keys["khoa hoc " + key])
    hit = process.extractOne(key, list(keys), scorer=fuzz.ratio, score_cutoff=_FUZZ_MIN)
    if hit:
        return FieldResult(keys[hit[0]], fuzzy=True)
    return FieldResult(None, f"no QĐ 12/2008 field matches {s[:80]!r}")
