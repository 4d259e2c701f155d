"""Dates and periods as Vietnamese pages publish them -> ISO strings with a precision.

Handles ``15/04/2022 - 10:53``, ``Thứ sáu, 15/04/2022``, ``Ngày 17 tháng 6 năm 2022`` (also
across a line break), ``(07-09-2022)``, ``15:37 22/02/2021``, ``Thứ năm - 04/07/2024 04:09``,
month/day order from the site adapter (``date_order: mdy``: ``5/3/2018 12:00:00 AM``),
partial dates (``tháng 6/2022`` -> ``2022-06``, ``năm 2022`` -> ``2022``), and periods
(``01/2021 - 12/2022``, ``2021-2023``, ``24 tháng`` counted from a start,
``Từ tháng 3/2021 đến tháng 12/2022``).

Every calendar date is built with ``datetime.date`` (never Arrow's strptime, which silently
turns 31/02 into 03/02), years outside a plausible window and yearless dates (``Hôm nay 7.9``)
come back with a ``problem`` instead of a value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateResult", "PeriodResult", "parse_date", "parse_period", "add_months", "MIN_YEAR"]

MIN_YEAR = 1975


@dataclass(frozen=True)
class DateResult:
    """ISO value (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), its precision, or a problem."""

    value: str | None
    precision: str | None = None  # "day" | "month" | "year"
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class PeriodResult:
    """Start and end of a period (each ISO with its own precision), or a problem."""

    start: str | None
    end: str | None
    problem: str | None = None
    months: int | None = None  # a stated duration ("24 tháng"), when present


_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?![\d/])", re.I)
_SCAN = re.compile(
    r"ngày\s*(?P<vd>\d{1,2})\s*tháng\s*(?P<vm>\d{1,2})\s*(?:năm|/|-)\s*(?P<vy>\d{1,4})"
    r"|(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?<![\d/.])(?P<a>\d{1,2})\s?[/.-]\s?(?P<b>\d{1,2})\s?[/.-]\s?(?P<y>\d{1,4})(?![\d/])"
    r"|(?:tháng|t)\s*(?P<tm>\d{1,2})\s*(?:năm|/|-)\s*(?P<ty>\d{4})(?!\d)"
    r"|(?<![\d/.])(?P<mm>\d{1,2})\s?[/.-]\s?(?P<my>\d{4})(?![\d/])"
    r"|(?<!\d)(?P<ym_y>\d{4})-(?P<ym_m>0[1-9]|1[0-2])(?![\d-])"
    r"|(?<![\d/.,])(?P<yy>1[89]\d{2}|2\d{3})(?![\d/.,]\d)"
    r"|(?<![\d/.-])(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})(?![\d/.]|\s*[/.-]\s*\d)",
    re.I,
)
_DURATION = re.compile(r"(?<![\d/.,])(\d{1,3})\s*tháng(?!\s*\d)", re.I)
_YEARS_DURATION = re.compile(r"(?<![\d/.,])(\d{1,2})\s*năm(?!\s*\d)", re.I)


def _prep(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ")
    return " ".join(s.split()).lower()


def _max_year(now: dt.date | None) -> int:
    return (now or dt.date.today()).year + 10


def _ymd(y: int, m: int, d: int | None, max_year: int, raw: str) -> DateResult:
    if not MIN_YEAR <= y <= max_year:
        return DateResult(None, problem=f"implausible year {y} (allowed {MIN_YEAR}..{max_year})")
    if not 1 <= m <= 12:
        return DateResult(None, problem=f"invalid month {m} in {raw!r}")
    if d is None:
        return DateResult(f"{y:04d}-{m:02d}", "month")
    try:
        return DateResult(dt.date(y, m, d).isoformat(), "day")
    except ValueError:
        return DateResult(None, problem=f"invalid day {d}/{m}/{y} in {raw!r}")


def _from_match(m: re.Match, order: str, max_year: int) -> DateResult:
    g = m.groupdict()
    raw = m.group(0)
    if g["vd"]:
        return _ymd(int(g["vy"]), int(g["vm"]), int(g["vd"]), max_year, raw)
    if g["iy"]:
        return _ymd(int(g["iy"]), int(g["im"]), int(g["id"]), max_year, raw)
    if g["a"]:
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if len(g["y"]) != 4:
            return DateResult(None, problem=f"year not written with 4 digits in {raw!r}")
        d, mo = (b, a) if order == "mdy" else (a, b)
        return _ymd(y, mo, d, max_year, raw)
    if g["tm"]:
        return _ymd(int(g["ty"]), int(g["tm"]), None, max_year, raw)
    if g["mm"]:
        return _ymd(int(g["my"]), int(g["mm"]), None, max_year, raw)
    if g["ym_y"]:
        return _ymd(int(g["ym_y"]), int(g["ym_m"]), None, max_year, raw)
    if g["yy"]:
        y = int(g["yy"])
        if not MIN_YEAR <= y <= max_year:
            return DateResult(None, problem=f"implausible year {y} (allowed {MIN_YEAR}..{max_year})")
        return DateResult(f"{y:04d}", "year")
    return DateResult(None, problem=f"date without a year: {raw!r}")


def _scan(text: str, order: str, max_year: int) -> list[DateResult]:
    t = _TIME.sub(" ", _prep(text))
    return [_from_match(m, order, max_year) for m in _SCAN.finditer(t)]


@lru_cache(maxsize=131072)
def parse_date(s: str | None, *, order: str = "dmy", now: dt.date | None = None) -> DateResult:
    """The first date in a string. ``order`` is the site adapter's ``date_order`` (dmy|mdy)."""
    if s is None or not str(s).strip():
        return DateResult(None)
    found = _scan(str(s), order, _max_year(now))
    if not found:
        return DateResult(None, problem=f"no date found in {str(s)[:80]!r}")
    return found[0]


def add_months(iso: str, months: int) -> str:
    """``YYYY-MM[-DD]`` (or ``YYYY``) plus whole months -> ``YYYY-MM`` (month precision)."""
    y, m = int(iso[:4]), int(iso[5:7]) if len(iso) >= 7 else 1
    k = y * 12 + (m - 1) + months
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


@lru_cache(maxsize=65536)
def parse_period(
    s: str | None, *, order: str = "dmy", start: str | None = None, now: dt.date | None = None
) -> PeriodResult:
    """A period (start, end). A bare duration (``24 tháng``) counts from ``start`` when given:
    24 months from 2021-01 end in 2022-12 (the start month is the first month)."""
    if s is None or not str(s).strip():
        return PeriodResult(None, None)
    text = str(s)
    found = _scan(text, order, _max_year(now))
    bad = [r.problem for r in found if r.problem]
    good = [r for r in found if r.ok]
    t = _prep(text)
    dur = _DURATION.search(t)
    months = int(dur.group(1)) if dur else None
    if months is None and (yd := _YEARS_DURATION.search(t)) and not good:
        months = 12 * int(yd.group(1))
    if bad and len(good) < 2:
        return PeriodResult(None, None, problem=bad[0], months=months)
    if len(good) >= 2:
        a, b = good[0].value, good[1].value
        if b < a[: len(b)]:  # type: ignore[operator]
            return PeriodResult(a, b, problem=f"period ends before it starts: {text[:80]!r}", months=months)
        return PeriodResult(a, b, months=months)
    if len(good) == 1:
        a = good[0].value
        if months:
            return PeriodResult(a, add_months(a, months - 1), months=months)  # type: ignore[arg-type]
        return PeriodResult(a, None, months=months)
    if months:
        if start:
            return PeriodResult(start, add_months(start, months - 1), months=months)
        return PeriodResult(None, None, problem=f"duration of {months} months without a start date", months=months)
    return PeriodResult(None, None, problem=f"no period found in {text[:80]!r}")


def format_date(value: dt.date, style: str) -> str:
    """Render a date the way sources do (used by round-trip tests)."""
    if style == "dmy":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if style == "viet":
        return f"Ngày {value.day} tháng {value.month} năm {value.year}"
    if style == "mdy":
        return f"{value.month}/{value.day}/{value.year} 12:00:00 AM"
    if style == "dash":
        return f"({value.day:02d}-{value.month:02d}-{value.year})"
    if style == "weekday":
        return f"Thứ năm - {value.day:02d}/{value.month:02d}/{value.year} 04:09"
    raise ValueError(f"unknown style {style!r}")
