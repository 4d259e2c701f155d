"""Budgets as published -> integer VND, with flags for what a number alone cannot say.

Vietnamese writes ``.`` for thousands and ``,`` for decimals (``14.837,629 tỷ``,
``1.250,5`` under a ``(triệu đồng)`` header) but pages mix in ``2,156 tỷ đồng`` (decimal
comma), ``3000000000`` and English ``1,250.5``. Units: đồng, nghìn, triệu (``tr.đ``), tỷ;
a unit in the text wins over the column header hint (``money_unit``).

Qualifiers (``gần``, ``trên``, ``hơn``, ``khoảng``…) keep the value and add a flag; ranges
(``500 - 700 triệu``) give no single value (flag ``range:lo..hi``); per-year splits
(``Năm 2021: 500; năm 2022: 300 triệu``) are summed only when no total is stated, and a stated
total is never added to its own parts. Arithmetic is ``Decimal`` so no float rounding leaks
into the integer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["MoneyResult", "parse_money", "unit_multiplier", "format_vnd"]


@dataclass(frozen=True)
class MoneyResult:
    """Integer VND (or None), flags describing the figure, or a problem."""

    value: int | None
    flags: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def flags_text(self) -> str | None:
        return ";".join(self.flags) or None


_UNIT_PATTERNS: tuple[tuple[str, int], ...] = (
    (r"t[ỷỉ]", 10**9),
    (r"triệu|tr\.?\s?đ(?:ồng)?|trđ|tr(?![a-zà-ỹ])", 10**6),
    (r"nghìn|ngàn|ng\.?\s?đ", 10**3),
    (r"đồng|vnđ|vnd|đ(?![a-zà-ỹ])", 1),
)
_UNIT = "|".join(f"(?:{p})" for p, _ in _UNIT_PATTERNS)
_NUM = r"\d{1,3}(?:[.,\s]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?", re.I)
_RANGE = re.compile(rf"(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?\s*(?:-|–|—|~|đến|tới)\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT})?", re.I)
_SPLIT = re.compile(rf"năm\s*(?P<year>(?:19|20)\d{{2}})\s*[:：\-–]?\s*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?", re.I)
_TOTAL = re.compile(r"tổng(?:\s*(?:số|cộng|kinh phí))?", re.I)
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("gần", "approx_below"),
    ("xấp xỉ", "approx"),
    ("khoảng", "approx"),
    ("ước", "approx"),
    ("trên", "lower_bound"),
    ("hơn", "lower_bound"),
    ("ít nhất", "lower_bound"),
    ("dưới", "upper_bound"),
    ("tối đa", "upper_bound"),
    ("không quá", "upper_bound"),
)


_UNIT_RES = tuple((re.compile(rf"(?<![a-zà-ỹ]){pat}"), mult) for pat, mult in _UNIT_PATTERNS)
_QUAL_RES = tuple((re.compile(rf"(?<![a-zà-ỹ]){word}(?![a-zà-ỹ])"), f"{flag}:{word}") for word, flag in _QUALIFIERS)
_ANY_QUAL = re.compile("|".join(w for w, _ in _QUALIFIERS))
_DATE_LIKE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)")
_SIMPLE = re.compile(rf"^(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?$", re.I)


# ASCII-folded headers (CKAN datastores, some XLSX): "trieu dong", "ty dong", "nghin dong"
_ASCII_UNIT_RES = tuple(
    (re.compile(rf"(?<![a-z]){pat}(?![a-z])"), mult)
    for pat, mult in (
        (r"t[yi]", 10**9),
        (r"trieu|tr\.?\s?d(?:ong)?|trd", 10**6),
        (r"nghin|ngan", 10**3),
        (r"dong|vnd", 1),
    )
)


_COUNTED_UNIT = re.compile(r"(?<![\d.,])(1(?:[.,\s]?000){1,3})\s*(?:đồng|đ|vnđ|vnd)\b")


@lru_cache(maxsize=4096)
def unit_multiplier(text: str | None) -> int | None:
    """VND per unit named in a text such as a column header ``(triệu đồng)`` or an ASCII-folded
    ``trieu dong``; None if none."""
    if not text:
        return None
    t = unicodedata.normalize("NFC", str(text)).lower()
    if m := _COUNTED_UNIT.search(t):  # "(1.000 đồng)", "1000đ": amounts counted in thousands
        return int(re.sub(r"[.,\s]", "", m.group(1)))
    for rx, mult in _UNIT_RES:
        if rx.search(t):
            return mult
    if t.isascii():
        for rx, mult in _ASCII_UNIT_RES:
            if rx.search(t):
                return mult
    return None


def _number(raw: str) -> Decimal | None:
    """Read a number with Vietnamese or English separators."""
    s = re.sub(r"\s", "", raw)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # the last one is the decimal mark
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        s = s.replace(thou, "").replace(dec, ".")
    elif dots > 1 or commas > 1:  # repeated: thousands
        s = s.replace(".", "").replace(",", "")
    elif dots == 1:
        head, tail = s.split(".")
        s = head + tail if len(tail) == 3 else s  # 1.250 -> 1250 (vi), 2.5 -> 2.5
    elif commas == 1:
        s = s.replace(",", ".")  # 2,156 tỷ -> 2.156 (vi decimal comma)
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _unit(u: str | None) -> int | None:
    return unit_multiplier(u) if u else None


def _vnd(num: Decimal, mult: int, flags: list[str]) -> int:
    v = num * mult
    iv = int(v.to_integral_value(rounding=ROUND_HALF_UP))
    if v != iv:
        flags.append("rounded")
    return iv


# one comma before exactly three digits: in đồng or nghìn đồng a decimal with three places is not written,
# so the comma groups thousands (in triệu or tỷ, "1,250" stays 1.25)
_GROUPED_1 = re.compile(r"^\d{1,3},\d{3}$")


@lru_cache(maxsize=131072)
def parse_money(s: str | None, *, unit_hint: str | None = None, machine: bool = False) -> MoneyResult:
    """A published amount -> integer VND. ``unit_hint`` is the column header's unit text;
    ``machine`` says the value came from a numeric spreadsheet cell (``1250.5``: dot = decimal)."""
    if s is None:
        return MoneyResult(None)
    if machine:
        try:
            num = Decimal(str(s).strip())
        except InvalidOperation:
            num = None
        mult = unit_multiplier(unit_hint)
        if num is not None and num.is_finite():
            if mult is None:
                if num >= 100_000 and num == num.to_integral_value():
                    return MoneyResult(int(num), ("unit_assumed_dong",))
                return MoneyResult(None, problem=f"amount without a unit: {str(s)[:80]!r}")
            flags: list[str] = ["unit_from_header"]
            return MoneyResult(_vnd(num, mult, flags), tuple(flags))
    t = " ".join(unicodedata.normalize("NFC", str(s)).replace("\u00a0", " ").split()).lower()
    if not t or t in ("-", "–", "0đ") or not re.search(r"\d", t):
        return MoneyResult(None, problem=None if not t or t in ("-", "–") else f"no amount in {t[:80]!r}")
    if _DATE_LIKE.search(t):
        return MoneyResult(None, problem=f"looks like a date, not an amount: {t[:80]!r}")
    hint = unit_multiplier(unit_hint)
    flags: list[str] = []
    simple = _SIMPLE.match(t)
    if simple:  # fast path: "1.250,5", "991 triệu đồng"
        mult = _unit(simple.group("unit")) or hint
        raw_num = simple.group("num")
        if mult is not None and mult <= 1000 and _GROUPED_1.match(raw_num):
            raw_num = raw_num.replace(",", "")  # "980,000" nghìn đồng: a thousands comma, not 980 point 000
        num = _number(raw_num)
        if num is not None and mult is not None:
            if not simple.group("unit"):
                flags.append("unit_from_header")
            return MoneyResult(_vnd(num, mult, flags), tuple(flags))
    text_unit = unit_multiplier(t)
    if _ANY_QUAL.search(t):
        flags.extend(flag for rx, flag in _QUAL_RES if rx.search(t))

    def mult_for(u: str | None) -> int | None:
        m = _unit(u) or text_unit or hint
        if m is None:
            return None
        if not _unit(u) and not text_unit and "unit_from_header" not in flags:
            flags.append("unit_from_header")
        return m

    splits = list(_SPLIT.finditer(t))
    if splits:
        rest = _SPLIT.sub(" ", t)
        total_m = _TOTAL.search(rest)
        parts: list[int] = []
        for m in splits:
            mult = mult_for(m.group("unit"))
            num = _number(m.group("num"))
            if mult is None or num is None:
                return MoneyResult(None, tuple(flags), f"per-year amount without unit: {m.group(0)!r}")
            parts.append(_vnd(num, mult, flags))
        flags.append("per_year:" + ",".join(f"{m.group('year')}={p}" for m, p in zip(splits, parts)))
        tot = _AMOUNT.search(rest[total_m.end() :]) if total_m else None
        if tot:
            mult, num = mult_for(tot.group("unit")), _number(tot.group("num"))
            if mult is not None and num is not None:
                total = _vnd(num, mult, flags)
                if total != sum(parts):
                    flags.append("per_year_sum_differs")
                return MoneyResult(total, tuple(flags))
        flags.append("sum_of_years")
        return MoneyResult(sum(parts), tuple(flags))

    rng = _RANGE.search(t)
    if rng and not re.fullmatch(r"\d{1,2}\s*-\s*\d", rng.group(0)):
        ma, mb = mult_for(rng.group("ua") or rng.group("ub")), mult_for(rng.group("ub"))
        a, b = _number(rng.group("a")), _number(rng.group("b"))
        if ma and mb and a is not None and b is not None:
            lo, hi = _vnd(a, ma, flags), _vnd(b, mb, flags)
            flags.append(f"range:{lo}..{hi}")
            return MoneyResult(None, tuple(flags))

    amounts = list(_AMOUNT.finditer(t))
    if not amounts:
        return MoneyResult(None, tuple(flags), f"no amount in {t[:80]!r}")
    first = amounts[0]
    num = _number(first.group("num"))
    if num is None:
        return MoneyResult(None, tuple(flags), f"unreadable number {first.group('num')!r}")
    mult = mult_for(first.group("unit"))
    if mult is None:
        if num >= 100_000 and num == num.to_integral_value():
            flags.append("unit_assumed_dong")
            mult = 1
        else:
            return MoneyResult(None, tuple(flags), f"amount without a unit: {t[:80]!r}")
    if len(amounts) > 1:
        flags.append("multiple_amounts")
    return MoneyResult(_vnd(num, mult, flags), tuple(flags))


def format_vnd(value: int, unit: str = "triệu đồng") -> str:
    """Render VND the Vietnamese way (``1.250,5 triệu đồng``); used by round-trip tests."""
    mult = unit_multiplier(unit) or 1
    whole, frac = divmod(Decimal(value) / mult, 1)
    head = f"{int(whole):,}".replace(",", ".")
    if frac:
        tail = format(frac.normalize(), "f")[2:]
        return f"{head},{tail} {unit}"
    return f"{head} {unit}"
