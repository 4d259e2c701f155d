"""Vietnamese document numbers (số hiệu văn bản) -> number, year, type, issuer, stable id.

State forms: ``2344/QĐ-UBND`` (number/type-issuer), ``40/2024/QĐ-UBND`` (normative documents
carry their year), ``15/TTr-SKHCN- QLKHCN`` (issuer plus a sub-unit), an official letter
without a type ``123/SKHCN-QLKH`` (công văn, CV), laws ``93/2025/QH15``. Party documents put
the type before the slash: ``57 -NQ/TW``. Lists such as ``1256, 1257, …, 1265/QĐ-BKHCN``
expand to every number in the run (ten decisions).

A number alone is not unique (every UBND restarts at 1 each year), so ``doc_id`` hashes
issuer + type + number + year, the year coming from the number itself or else from the
document's date.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DocRef", "parse_doc_refs", "doc_id", "TYPES", "ISSUERS"]

# Canonical type spellings (keys are match forms: upper-case, Đ kept, no dots)
TYPES: dict[str, str] = {
    "QĐ": "QĐ",
    "QD": "QĐ",
    "KH": "KH",
    "TB": "TB",
    "TTR": "TTr",
    "NQ": "NQ",
    "CT": "CT",
    "CV": "CV",
    "BC": "BC",
    "HD": "HD",
    "HĐ": "HĐ",
    "TT": "TT",
    "NĐ": "NĐ",
    "ND": "NĐ",
    "KL": "KL",
    "QC": "QC",
    "QĐI": "QĐi",
    "TTLT": "TTLT",
    "GP": "GP",
    "GCN": "GCN",
    "BB": "BB",
    "CTR": "CTr",
    "L": "L",
    "PL": "PL",
    "TC": "TC",
}
ISSUERS: dict[str, str] = {
    "UBND": "UBND",
    "SKHCN": "SKHCN",
    "SKH&CN": "SKHCN",
    "SKHVCN": "SKHCN",
    "BKHCN": "BKHCN",
    "BKH&CN": "BKHCN",
    "TTG": "TTg",
    "TW": "TW",
    "HĐND": "HĐND",
    "HDND": "HĐND",
    "CP": "CP",
    "TU": "TU",
    "BCT": "BCT",
    "BBT": "BBT",
    "VPCP": "VPCP",
    "BTC": "BTC",
    "BKHĐT": "BKHĐT",
    "BNNPTNT": "BNNPTNT",
    "STC": "STC",
    "SNN": "SNN",
    "SNNPTNT": "SNNPTNT",
    "SYT": "SYT",
}

_DOT = r"(?:…|\.{2,})"
_NUMS = rf"\d{{1,6}}(?:\s*[,;]\s*(?:\d{{1,6}}|{_DOT}))*"
_STATE = re.compile(
    rf"(?P<nums>{_NUMS})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?"
    r"(?P<rest>(?:[A-ZĐa-zđ&]{1,10}\d{0,2})(?:\s*-\s*[A-ZĐa-zđ&0-9]{1,12})*)"
)
_PARTY = re.compile(
    r"(?P<num>\d{1,6})\s*-\s*(?P<type>NQ|CT|KL|QĐ|QĐi|QĐ|HD|TB)\s*/\s*(?P<issuer>TW|TU|HU|ĐU|BCT|BBT|BCH)\b"
)
_LAW = re.compile(r"^QH\d{1,2}$")


@dataclass(frozen=True)
class DocRef:
    """One document reference."""

    number: str  # canonical number string, e.g. "40/2024/QĐ-UBND"
    seq: int  # the running number, e.g. 40
    year: int | None  # year written in the number
    type: str | None  # QĐ, KH, TB, TTr, NQ, CT, CV, …
    issuer: str | None  # UBND, SKHCN, BKHCN, TTg, TW, …
    unit: str | None  # issuing sub-unit, e.g. QLKHCN
    raw: str


def _norm(s: str) -> str:
    return unicodedata.normalize("NFC", s).replace("\u00a0", " ")


def _expand(nums: str) -> list[int] | None:
    """``1256, 1257, …, 1265`` -> 1256..1265; plain lists stay as written."""
    parts = [p.strip() for p in re.split(r"[,;]", nums)]
    out: list[int] = []
    for i, p in enumerate(parts):
        if re.fullmatch(_DOT, p):
            if not out or i + 1 >= len(parts) or not parts[i + 1].isdigit():
                return None
            hi = int(parts[i + 1])
            if hi <= out[-1] or hi - out[-1] > 500:
                return None
            out.extend(range(out[-1] + 1, hi))
        else:
            out.append(int(p))
    return out


def _canon_upper(tok: str) -> str:
    return tok.replace(".", "").strip().upper().replace("Đ", "Đ")


@lru_cache(maxsize=65536)
def parse_doc_refs(s: str | None) -> tuple[DocRef, ...]:
    """Every document number in a text, expanded (a list of ten gives ten refs)."""
    if not s:
        return ()
    text = _norm(str(s))
    refs: list[DocRef] = []
    for m in _PARTY.finditer(text):
        t, iss = m.group("type"), m.group("issuer")
        refs.append(DocRef(f"{int(m.group('num'))}-{t}/{iss}", int(m.group("num")), None, t, iss, None, m.group(0)))
    text_wo = _PARTY.sub(" ", text)
    for m in _STATE.finditer(text_wo):
        parts = [p.strip() for p in m.group("rest").split("-") if p.strip()]
        first = _canon_upper(parts[0])
        dtype: str | None
        if _LAW.match(first):  # 93/2025/QH15: a law
            dtype, issuer, unit = "Luật", first, None
        elif first in TYPES and len(parts) >= 2:
            dtype = TYPES[first]
            issuer = ISSUERS.get(_canon_upper(parts[1]), parts[1].upper())
            unit = "-".join(p.upper() for p in parts[2:]) or None
        elif first in ISSUERS or len(parts) >= 2:  # 123/SKHCN-QLKH: công văn
            dtype = "CV"
            issuer = ISSUERS.get(first, first)
            unit = "-".join(p.upper() for p in parts[1:]) or None
        else:
            continue  # "3/2021", "1/5" … not a document
        nums = _expand(m.group("nums"))
        if not nums:
            continue
        year = int(m.group("year")) if m.group("year") else None
        written = m.group("nums").strip() if len(nums) == 1 else None
        for n in nums:
            shown = written if written else str(n)
            body = [dtype if dtype not in ("CV", "Luật") else None, issuer, unit]
            tail = "-".join(x for x in body if x)
            number = f"{shown}/{year}/{tail}" if year else f"{shown}/{tail}"
            refs.append(DocRef(number, n, year, dtype, issuer, unit, m.group(0).strip()))
    return tuple(refs)


def doc_id(ref: DocRef, date: str | None = None) -> str:
    """Stable id: issuer + type + number + year (from the number, else from the date)."""
    year = ref.year or (int(date[:4]) if date and date[:4].isdigit() else None)
    key = "|".join([ref.issuer or "", ref.type or "", str(ref.seq), ref.unit or "", str(year or "")])
    return "d-" + hashlib.sha256(key.casefold().encode("utf-8")).hexdigest()[:16]
