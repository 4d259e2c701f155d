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

__all__ = ["level", "kind", "status", "grade", "applied"]

_LEVEL = (
    (r"\b(nong thon mien nui|tai san tri tue|ntmn)\b", "national"),   # national programmes run locally
    (r"\b(cap )?(quoc gia|nha nuoc)\b", "national"),
    (r"\bcap bo\b|\bbo nganh\b|^bo$", "ministry"),
    (r"\bcap tinh\b|\bcap thanh pho\b|^tinh$|\btinh thanh pho\b|\bdia phuong\b|\bcap tinh thanh pho\b", "provincial"),
    (r"\bcap co so\b|^co so$", "grassroots"),
)
_KIND = (
    (r"\bdu an (sxtn|san xuat thu nghiem)\b|\bsxtn\b", "trial_production_project"),
    (r"\bde tai\b|^dt\b", "research_topic"),
    (r"\bde an\b", "scheme"),
    (r"\bdu an\b|^da\b", "st_project"),
    (r"\bchuong trinh\b", "program"),
    (r"\bnhiem vu\b", "other"),
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
    """``đề tài`` -> research_topic, ``dự án SXTN`` -> trial_production_project…"""
    return _lookup(_KIND, raw)


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
