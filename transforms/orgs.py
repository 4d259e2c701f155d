"""Organizations: one canonical name per body, whatever abbreviation a page used.

``Sở KH&CN`` = ``Sở KHCN`` = ``SKHCN`` = ``Sở Khoa học & Công nghệ`` = ``Sở Khoa học và Công
nghệ tỉnh Bắc Kạn``; ``UBND tỉnh`` = ``Ủy ban nhân dân tỉnh``. Abbreviations are expanded
token-wise on the match key, the province named by the context is added to a provincial
agency that does not name one, and the id hashes the canonical name's ASCII-folded match key,
so spelling, tone placement (``Uỷ``/``Ủy``), case and a rendering without diacritics
(``Truong Dai hoc Nong Lam``, as some databases and exports write Vietnamese) do not split one
body into several. Two bodies whose names differ only in diacritics would share an id; among
organization names that is far less likely than the same body written with and without them.
:func:`display_name` picks which spelling names the body.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from transforms.text import clean, fold, match_key

__all__ = ["OrgName", "canonical_org", "display_name", "org_id", "org_kind", "same_as_map", "review_candidates"]

# Whole-name aliases (on the ASCII-folded match key) -> canonical stem
_WHOLE = {
    "skhcn": "Sở Khoa học và Công nghệ",
    "so khcn": "Sở Khoa học và Công nghệ",
    "so kh cn": "Sở Khoa học và Công nghệ",
    "so kh va cn": "Sở Khoa học và Công nghệ",
    "ubnd": "Ủy ban nhân dân",
    "bkhcn": "Bộ Khoa học và Công nghệ",
    "bo khcn": "Bộ Khoa học và Công nghệ",
    "bo kh cn": "Bộ Khoa học và Công nghệ",
}
# Prefix abbreviations (ASCII match key, token sequences) -> expansion, longest first
_ABBR: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "so kh cn": "Sở Khoa học và Công nghệ",
            "so khcn": "Sở Khoa học và Công nghệ",
            "so kh va cn": "Sở Khoa học và Công nghệ",
            "so khoa hoc cong nghe": "Sở Khoa học và Công nghệ",
            "so khoa hoc va cong nghe": "Sở Khoa học và Công nghệ",
            "skhcn": "Sở Khoa học và Công nghệ",
            "ubnd": "Ủy ban nhân dân",
            "uy ban nhan dan": "Ủy ban nhân dân",
            "hdnd": "Hội đồng nhân dân",
            "so nn ptnt": "Sở Nông nghiệp và Phát triển nông thôn",
            "so nnptnt": "Sở Nông nghiệp và Phát triển nông thôn",
            "so nong nghiep va ptnt": "Sở Nông nghiệp và Phát triển nông thôn",
            "so nong nghiep va phat trien nong thon": "Sở Nông nghiệp và Phát triển nông thôn",
            "so tn mt": "Sở Tài nguyên và Môi trường",
            "so tnmt": "Sở Tài nguyên và Môi trường",
            "so tai nguyen va moi truong": "Sở Tài nguyên và Môi trường",
            "so nong nghiep va moi truong": "Sở Nông nghiệp và Môi trường",
            "so yt": "Sở Y tế",
            "so y te": "Sở Y tế",
            "so gd dt": "Sở Giáo dục và Đào tạo",
            "so giao duc va dao tao": "Sở Giáo dục và Đào tạo",
            "dh": "Đại học",
            "dai hoc": "Đại học",
            "truong dh": "Trường Đại học",
            "truong dai hoc": "Trường Đại học",
            "htx": "Hợp tác xã",
            "hop tac xa": "Hợp tác xã",
            "cty": "Công ty",
            "cong ty": "Công ty",
            "tt": "Trung tâm",
            "trung tam": "Trung tâm",
            "bv": "Bệnh viện",
            "benh vien": "Bệnh viện",
            "bkhcn": "Bộ Khoa học và Công nghệ",
            "bo khcn": "Bộ Khoa học và Công nghệ",
            "bo khoa hoc va cong nghe": "Bộ Khoa học và Công nghệ",
        }.items(),
        key=lambda kv: len(kv[0]),
        reverse=True,
    )
)
_INNER = (
    (re.compile(r"\bKH\s*(?:&|và|va)\s*CN\b|\bKHCN\b"), "Khoa học và Công nghệ"),
    (re.compile(r"\bNN\s*(?:&|và)\s*PTNT\b|\bNNPTNT\b"), "Nông nghiệp và Phát triển nông thôn"),
    (re.compile(r"\bTN\s*(?:&|và)\s*MT\b|\bTNMT\b"), "Tài nguyên và Môi trường"),
    (re.compile(r"\bTNHH\b"), "TNHH"),
    (re.compile(r"\bCP\b"), "Cổ phần"),
    (re.compile(r"\bĐH\b"), "Đại học"),
    (re.compile(r"\s*&\s*"), " và "),
)
_PROVINCIAL = ("Sở ", "Ủy ban nhân dân", "Hội đồng nhân dân", "Chi cục ", "Ban quản lý ")
# a place named in the name, matched on the ASCII-folded form so "tinh Bac Kan" counts too
_GEO = re.compile(r"\b(tinh|thanh pho|huyen|thi xa|xa|phuong|thi tran|tp\.?)\b", re.I)

_KINDS: tuple[tuple[str, str], ...] = (
    ("trường đại học", "university"),
    ("đại học", "university"),
    ("học viện", "university"),
    ("trường cao đẳng", "college"),
    ("viện", "institute"),
    ("trung tâm", "center"),
    ("bệnh viện", "hospital"),
    ("công ty", "enterprise"),
    ("doanh nghiệp", "enterprise"),
    ("hợp tác xã", "cooperative"),
    ("sở ", "agency"),
    ("ủy ban", "agency"),
    ("uỷ ban", "agency"),
    ("bộ ", "agency"),
    ("chi cục", "agency"),
    ("phòng ", "agency"),
    ("ban ", "agency"),
    ("hội ", "association"),
)


@dataclass(frozen=True)
class OrgName:
    name: str | None
    kind: str | None = None


def _expand_prefix(s: str) -> str:
    """Expand a leading abbreviation (matched on the ASCII key, token-aligned)."""
    words = s.split()
    for n in range(min(len(words), 8), 0, -1):
        head = match_key(" ".join(words[:n]).replace("&", " "), ascii=True)
        for abbr, full in _ABBR:
            if head == abbr:
                return " ".join([full, *words[n:]])
    return s


def org_kind(name: str) -> str:
    """Rough kind from the canonical name (agency, university, institute, enterprise…)."""
    low = name.casefold() + " "
    for prefix, kind in _KINDS:
        if low.startswith(prefix):
            return kind
    for prefix, kind in _KINDS:
        if prefix.strip() in low:
            return kind
    return "other"


@lru_cache(maxsize=65536)
def canonical_org(raw: str | None, province_name: str | None = None) -> OrgName:
    """Canonical name of an organization; ``province_name`` (``Tỉnh Bắc Kạn``) completes a
    provincial agency that names no place."""
    s = clean(raw)
    if not s:
        return OrgName(None)
    s = s.strip(" .,;:-")
    key = match_key(s.replace("&", " "), ascii=True)
    if key in _WHOLE:
        s = _WHOLE[key]
    else:
        s = _expand_prefix(s)
        for pat, rep in _INNER:
            s = pat.sub(rep, s)
        s = " ".join(s.split())
    s = re.sub(r"^Uỷ ban", "Ủy ban", s)
    if province_name and s.startswith(_PROVINCIAL) and not _GEO.search(fold(s)):
        s = f"{s} {province_name[:1].lower()}{province_name[1:]}"
    s = re.sub(r"\btỉnh\s*$", f"{province_name[:1].lower()}{province_name[1:]}" if province_name else "tỉnh", s)
    return OrgName(s, org_kind(s))


def org_id(name: str) -> str:
    """Stable id from the canonical name's match key, diacritics folded (see the module doc)."""
    return "o-" + hashlib.sha256(match_key(name, ascii=True).encode("utf-8")).hexdigest()[:16]


def display_name(spellings: dict[str, int]) -> str:
    """The spelling that names a body, from its canonical spellings and how often each was seen:
    the one with the most diacritics (a folded rendering loses them), then the most frequent,
    then the first in code-point order, so the choice does not depend on input order."""
    return min(spellings, key=lambda s: (-sum(ord(c) > 127 for c in s), -spellings[s], s))


@lru_cache(maxsize=16)
def same_as_map(pairs: tuple[tuple[str, str], ...], province_name: str | None = None) -> Mapping[str, str]:
    """Curated merges (config ``organizations.same_as``): the org id of the written name ->
    the canonical name of the body it is. A name that canonicalizes to its own target is dropped
    (nothing to merge). Built once per config (read-only, shared)."""
    out: dict[str, str] = {}
    for written, body in pairs:
        src, dst = canonical_org(written, province_name).name, canonical_org(body, province_name).name
        if src and dst and org_id(src) != org_id(dst):
            out[org_id(src)] = dst
    return MappingProxyType(out)


_DIGITS = re.compile(r"\d+")
MAX_REVIEW = 20_000  # organizations of one kind compared pairwise at most
log = logging.getLogger(__name__)


def review_candidates(
    ids: Sequence[str], names: Sequence[str], kinds: Sequence[str], threshold: float = 90.0
) -> list[dict]:
    """Pairs of organizations that are probably one body written two ways (a typo, a dropped
    word): ASCII-folded names at least ``threshold`` similar (rapidfuzz token-sort ratio), same
    kind, the same numbers. Only suggested, never merged: "Trường THCS số 1" and "Trường THCS số
    2", or two schools one letter apart, are different bodies, which a data engineer can tell
    and a ratio cannot. Confirmed pairs go into ``organizations.same_as``."""
    from rapidfuzz import fuzz, process

    keys = [match_key(n, ascii=True) for n in names]
    out = []
    by_kind: dict[str, list[int]] = {}
    for i, k in enumerate(kinds):
        by_kind.setdefault(k or "", []).append(i)
    for kind, members in by_kind.items():
        if len(members) < 2:
            continue
        if len(members) > MAX_REVIEW:
            log.warning(
                "%d organizations of kind %s: too many to compare pairwise; no suggestions for them",
                len(members),
                kind or "?",
            )
            continue
        choices = [keys[i] for i in members]
        for start in range(0, len(members), 1000):  # 1,000 rows at a time: bounded memory,
            block = process.cdist(
                choices[start : start + 1000],
                choices[start:],  # and only pairs a < b
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
                dtype=np.float32,
                workers=1,
            )
            for ra, rb in zip(*np.nonzero(block)):
                a, b = int(ra) + start, int(rb) + start
                if b <= a:
                    continue
                i, j = members[a], members[b]
                if _DIGITS.findall(keys[i]) != _DIGITS.findall(keys[j]):
                    continue
                out.append(
                    {
                        "org_id": ids[i],
                        "name": names[i],
                        "other_org_id": ids[j],
                        "other_name": names[j],
                        "score": round(float(block[ra, rb]), 1),
                    }
                )
    out.sort(key=lambda r: (-r["score"], r["org_id"], r["other_org_id"]))
    return out
