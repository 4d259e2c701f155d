"""Controlled vocabularies from Vietnamese phrases: level, kind, status, acceptance grade.

Matching runs on ASCII-folded match keys, so case, tone placement and missing diacritics
(``cap tinh``) do not matter. The enums are those of transforms.schemas. Order matters in
each table: the first rule that matches wins (``không đạt`` before ``đạt``, ``dự án SXTN``
before ``dự án``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms import schemas
from transforms.text import match_key

__all__ = ["level", "kind", "kind_ambiguous", "kind_in_context", "kind_from_title", "status", "grade", "applied"]

_LEVEL = (
    (r"\b(nong thon mien nui|tai san tri tue|ntmn)\b", "national"),  # national programmes run locally
    (r"\b(cap )?(quoc gia|nha nuoc)\b", "national"),
    (r"\bcap bo\b|\bbo nganh\b|^bo$", "ministry"),
    (r"\bcap tinh\b|\bcap thanh pho\b|^tinh$|\btinh thanh pho\b|\bdia phuong\b|\bcap tinh thanh pho\b", "provincial"),
    (r"\bcap co so\b|^co so$", "grassroots"),
)
_KIND = (
    (
        r"\bdu an (sxtn|san xuat thu nghiem|sx thu nghiem)\b|\bsxtn\b|\bsx thu nghiem\b|^da sx\b",
        "trial_production_project",
    ),
    (r"\bde tai\b|^dt\b", "research_topic"),
    (r"\bde an\b", "scheme"),
    (
        r"\bdu an (kh ?(va )?cn|khcn|khoa hoc (va )?cong nghe|ung dung|chuyen giao|nhan rong|thuoc chuong trinh)\b"
        r"|\bdu an kh\b|^da khcn\b",
        "st_project",
    ),
    (r"\bchuong trinh\b", "program"),
    (r"\bnhiem vu\b", "other"),
)
_KIND_RES = tuple((re.compile(p), v) for p, v in _KIND)
# "Dự án" (or "DA", which is also how "ĐA" = đề án folds) with nothing more: a trial-production or an
# S&T project; which one is not said, so no kind is given rather than a guess.
_KIND_AMBIGUOUS = r"^(cac )?(du an|da)( \d+)?$|\bdu an\b"
# The kind a title states by its opening words ("Dự án sản xuất thử nghiệm …", "Đề án …").
_TITLE_OPENING = re.compile(
    r"^(de tai|du an (sxtn|san xuat thu nghiem|sx thu nghiem)|du an (kh ?(va )?cn|khcn|khoa hoc (va )?cong nghe"
    r"|ung dung|chuyen giao)|de an|chuong trinh)\b"
)
_STATUS = (
    (r"\b(dung|huy|cham dut|thanh ly|khong thuc hien)\b", "terminated"),
    (r"\b(da ung dung|ung dung|chuyen giao|nhan rong)\b", "applied"),
    (r"\b(da nghiem thu|nghiem thu|hoan thanh|ket thuc)\b", "accepted"),
    (r"\b(dang thuc hien|dang trien khai|trien khai|thuc hien)\b", "in_progress"),
    (r"\b(phe duyet|duoc giao|giao truc tiep|tuyen chon|xet chon|dat hang)\b", "approved"),
    (r"\b(de xuat|dang ky|de nghi)\b", "proposed"),
)
_GRADE = (
    (r"\bxuat sac\b", "excellent"),
    (r"\bkhong dat\b|\bchua dat\b|\btruot\b", "fail"),
    (r"\bkha\b|\btot\b", "good"),
    (r"\bdat\b|\btrung binh\b", "pass"),
)
_APPLIED_YES = r"^(co|x|da ung dung|da chuyen giao|yes|true|1)$|\bda (duoc )?ung dung\b|\bda chuyen giao\b"
_APPLIED_NO = r"^(khong|chua|no|false|0)$|\bchua (duoc )?ung dung\b"


def _lookup(rules: tuple[tuple[str, str], ...], raw: str | None) -> str | None:
    if not raw:
        return None
    key = match_key(raw, ascii=True)
    for pat, value in rules:
        if re.search(pat, key):
            return value
    return None


@lru_cache(maxsize=8192)
def level(raw: str | None) -> str | None:
    """``cấp tỉnh`` -> provincial, ``(Đề tài cấp Tỉnh/ Thành phố)`` -> provincial…"""
    return _lookup(_LEVEL, raw)


@lru_cache(maxsize=8192)
def kind(raw: str | None) -> str | None:
    """``đề tài`` -> research_topic, ``dự án SXTN`` -> trial_production_project…; a bare ``dự án`` -> None.
    The abbreviation ``ĐA`` (đề án) is told from ``DA`` (dự án) before folding, which would make both "da"."""
    if raw and re.match(r"^\s*[ĐđÐ][Aa]\b", raw):
        return "scheme"
    return _lookup(_KIND, raw)


@lru_cache(maxsize=8192)
def kind_ambiguous(raw: str | None) -> bool:
    """True for a kind written as a bare ``Dự án`` / ``DA`` (no kind can be told from it)."""
    return bool(raw) and kind(raw) is None and re.search(_KIND_AMBIGUOUS, match_key(raw, ascii=True)) is not None


@lru_cache(maxsize=8192)
def kind_in_context(raw: str | None) -> str | None:
    """The one kind a heading, section or title names (``II. Dự án sản xuất thử nghiệm``); None when it
    names none, several (``Danh mục đề tài, dự án``) or only a bare ``dự án``."""
    if not raw:
        return None
    key = match_key(raw, ascii=True)
    found: set[str] = set()
    for rx, value in _KIND_RES:
        if rx.search(key):
            found.add(value)
            key = rx.sub(" ", key)
    if re.search(r"\bdu an\b", key):
        found.add("?")  # a bare "dự án" beside: ambiguous
    found.discard("other")
    return found.pop() if len(found) == 1 and "?" not in found else None


@lru_cache(maxsize=8192)
def kind_from_title(raw: str | None) -> str | None:
    """The kind stated by a title's opening words; None otherwise (a bare ``Dự án …`` included)."""
    if not raw:
        return None
    # The match key is built word by word, so the key of the first words is the start of the whole
    # title's key; an opening needs under 30 of its characters, so a long title is keyed on its head.
    words = raw.split(None, _HEAD_WORDS)
    head = " ".join(words[:_HEAD_WORDS]) if len(words) > _HEAD_WORDS else raw
    key = match_key(head, ascii=True).lstrip("0123456789. ")
    if head is not raw and len(key) < _HEAD_CHARS:
        key = match_key(raw, ascii=True).lstrip("0123456789. ")
    m = _TITLE_OPENING.match(key)
    return kind(m.group(0)) if m else None


_HEAD_WORDS, _HEAD_CHARS = 10, 30  # _HEAD_CHARS > the longest _TITLE_OPENING alternative (27) + the boundary after it


@lru_cache(maxsize=8192)
def status(raw: str | None) -> str | None:
    """``đã nghiệm thu`` -> accepted, ``đang thực hiện`` -> in_progress…"""
    return _lookup(_STATUS, raw)


@lru_cache(maxsize=8192)
def grade(raw: str | None) -> str | None:
    """``Xuất sắc`` -> excellent, ``Khá`` -> good, ``Đạt`` -> pass, ``Không đạt`` -> fail."""
    return _lookup(_GRADE, raw)


@lru_cache(maxsize=1024)
def applied(raw: str | None) -> bool | None:
    """Whether results were applied (``Có``/``Đã ứng dụng`` -> True, ``Chưa`` -> False)."""
    if not raw:
        return None
    key = match_key(raw, ascii=True)
    if re.search(_APPLIED_NO, key):
        return False
    if re.search(_APPLIED_YES, key):
        return True
    return None


assert {v for _, v in _LEVEL} <= set(schemas.LEVELS)
assert {v for _, v in _KIND} <= set(schemas.KINDS)
assert {v for _, v in _STATUS} <= set(schemas.STATUSES)
assert {v for _, v in _GRADE} <= set(schemas.GRADES)
