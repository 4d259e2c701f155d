"""Administrative units across the 2025-07-01 reform (NQ 202/2025/QH15: Bắc Kạn 06 -> Thái Nguyên 19).

Decision, applied to every record:

* ``province_code_legacy`` = the code **in force on the record's reference date** (the page's
  publication date, else the task's decision/start date, else the fetch date). A page from
  2022 about Bắc Kạn gets ``06``; one dated 2025-08-01 gets ``19``.
* ``province_code`` = the code that covers the same territory **today** (``ctx.now``): ``19`` for
  every Bắc Kạn record, so one filter finds the whole current province.

The installed ``vietnam-provinces`` (2025.10.1) knows the 34 current provinces and their wards
(used to name and validate current codes); its release has no legacy lookup, so the legacy
side comes from the province config's ``merged_into`` and the NSO conversion rows
(``data/nso_ward_conversion_2025_backan_rows.csv``: 108 old communes -> 37 new).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from config.loader import Province
from transforms.text import match_key

__all__ = ["province_codes", "current_province_name", "Commune", "convert_commune", "reference_date"]

NSO_FILE = Path(__file__).with_name("data") / "nso_ward_conversion_2025_backan_rows.csv"


def reference_date(*isos: str | None, fallback: dt.date) -> dt.date:
    """The first usable ISO date (``YYYY``/``YYYY-MM`` count from their first day)."""
    for iso in isos:
        if not iso:
            continue
        try:
            if len(iso) >= 10:
                return dt.date.fromisoformat(iso[:10])
            if len(iso) == 7:
                return dt.date(int(iso[:4]), int(iso[5:7]), 1)
            if len(iso) == 4:
                return dt.date(int(iso), 1, 1)
        except ValueError:
            continue
    return fallback


def province_codes(province: Province, record_date: dt.date, today: dt.date) -> tuple[str, str]:
    """(province_code = current today, province_code_legacy = in force on the record's date)."""
    return province.current_code(today), province.current_code(record_date)


@lru_cache(maxsize=64)
def current_province_name(code: str) -> str | None:
    """Name of a current (post-2025) province code from ``vietnam-provinces``; None if unknown."""
    from vietnam_provinces import Province as VP, ProvinceCode

    try:
        return VP.from_code(ProvinceCode(int(code))).name
    except ValueError:
        return None


@dataclass(frozen=True)
class Commune:
    old_name: str
    old_code: str
    old_district: str
    new_name: str
    new_code: str
    new_province_code: str


_CODE_IN = re.compile(r"\((\d+)\)")


@lru_cache(maxsize=1)
def _communes() -> tuple[Commune, ...]:
    rows: list[Commune] = []
    with NSO_FILE.open(encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.reader(f)):
            if i < 2 or len(r) < 8 or not r[4].strip().isdigit():
                continue
            m = _CODE_IN.search(r[0])
            rows.append(
                Commune(
                    old_name=r[3].strip(),
                    old_code=r[4].strip(),
                    old_district=r[6].strip(),
                    new_name=r[1].strip(),
                    new_code=r[2].strip(),
                    new_province_code=m.group(1) if m else "",
                )
            )
    return tuple(rows)


def _bare(name: str) -> str:
    return re.sub(r"^(xa|phuong|thi tran)\s+", "", match_key(name, ascii=True))


def convert_commune(old: str, district: str | None = None) -> Commune | None:
    """The post-2025 commune for a pre-2025 commune name or code (``xã Nông Thượng``, ``01852``).

    Names repeat across districts; pass the old district to disambiguate. Ambiguous -> None.
    """
    old = old.strip()
    if old.isdigit():
        hits = [c for c in _communes() if c.old_code == old.zfill(5)]
    else:
        key = _bare(old)
        hits = [c for c in _communes() if _bare(c.old_name) == key]
        if district and len(hits) > 1:
            dkey = match_key(district, ascii=True)
            hits = [c for c in hits if dkey in match_key(c.old_district, ascii=True)]
    return hits[0] if len(hits) == 1 else None
