"""Dates and periods in every form the provincial sources publish them, plus properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.dates import add_months, format_date, parse_date, parse_period

DATES = [
    ("drupal-date-time", "15/04/2022 - 10:53", "dmy", "2022-04-15", "day"),
    ("drupal-weekday", "Thứ sáu, 15/04/2022 - 10:53", "dmy", "2022-04-15", "day"),
    ("vietnamese-words", "Ngày 17 tháng 6 năm 2022", "dmy", "2022-06-17", "day"),
    ("vietnamese-words-linebreak", "ngày 20\ntháng 9 năm 2024", "dmy", "2024-09-20", "day"),
    ("kontum-breadcrumb", "Trang chủ >> Thông Báo (07-09-2022)", "dmy", "2022-09-07", "day"),
    ("time-first", "15:37 22/02/2021", "dmy", "2021-02-22", "day"),
    ("weekday-dash-time", "Thứ năm - 04/07/2024 04:09", "dmy", "2024-07-04", "day"),
    ("dnn-mdy", "Ngày: 5/3/2018 12:00:00 AM", "mdy", "2018-05-03", "day"),
    ("dnn-read-as-dmy", "5/3/2018 12:00:00 AM", "dmy", "2018-03-05", "day"),
    ("iso", "2022-04-15", "dmy", "2022-04-15", "day"),
    ("dots", "15.04.2022", "dmy", "2022-04-15", "day"),
    ("nbsp", "15/04/2022\u00a0-\u00a010:53", "dmy", "2022-04-15", "day"),
    ("month-words", "tháng 6/2022", "dmy", "2022-06", "month"),
    ("month-slash", "6/2022", "dmy", "2022-06", "month"),
    ("month-T", "T6/2022", "dmy", "2022-06", "month"),
    ("iso-month", "2022-06", "dmy", "2022-06", "month"),
    ("year-words", "năm 2022", "dmy", "2022", "year"),
]


@pytest.mark.parametrize("raw,order,value,precision", [d[1:] for d in DATES], ids=[d[0] for d in DATES])
def test_parse_date(raw, order, value, precision):
    r = parse_date(raw, order=order)
    assert (r.value, r.precision, r.problem) == (value, precision, None)


REJECTED = [
    ("yearless", "Hôm nay 7.9", "without a year"),
    ("impossible-year", "19/8/8021", "implausible year 8021"),
    ("feb-31", "31/02/2020", "invalid day"),
    ("month-13", "13/2022", "invalid month"),
    ("pre-1975", "01/01/1950", "implausible year 1950"),
    ("nothing", "Lượt xem: 123", "no date"),
]


@pytest.mark.parametrize("raw,reason", [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED])
def test_rejected_dates_carry_a_reason(raw, reason):
    r = parse_date(raw, now=dt.date(2026, 11, 26))
    assert r.value is None and reason in r.problem


PERIODS = [
    ("month-range", "01/2021 - 12/2022", None, ("2021-01", "2022-12")),
    ("month-range-tight", "01/2021-12/2022", None, ("2021-01", "2022-12")),
    ("year-range", "2021-2023", None, ("2021", "2023")),
    ("year-range-words", "Năm 2021 - 2022", None, ("2021", "2022")),
    ("duration-from-start", "24 tháng", "2021-01", ("2021-01", "2022-12")),
    ("duration-from-day", "12 tháng", "2021-03-15", ("2021-03-15", "2022-02")),
    ("tu-den", "Từ tháng 3/2021 đến tháng 12/2022", None, ("2021-03", "2022-12")),
    ("days", "15/01/2021 - 30/06/2022", None, ("2021-01-15", "2022-06-30")),
    ("T-months", "T1/2021-T12/2022", None, ("2021-01", "2022-12")),
    ("years-with-duration", "2021 - 2023 (36 tháng)", None, ("2021", "2023")),
    ("start-only", "tháng 3/2021", None, ("2021-03", None)),
    ("start-plus-duration", "từ 3/2021, 18 tháng", None, ("2021-03", "2022-08")),
]


@pytest.mark.parametrize("raw,start,expected", [p[1:] for p in PERIODS], ids=[p[0] for p in PERIODS])
def test_parse_period(raw, start, expected):
    r = parse_period(raw, start=start)
    assert (r.start, r.end) == expected and r.problem is None


def test_period_ending_before_start_is_a_problem():
    assert "ends before" in parse_period("12/2022 - 01/2021").problem


def test_duration_without_start_is_a_problem():
    assert parse_period("24 tháng").problem


def test_add_months_crosses_years():
    assert add_months("2021-11", 3) == "2022-02"


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1975, 1, 1), max_value=dt.date(2035, 12, 31)),
    st.sampled_from(["dmy", "viet", "mdy", "dash", "weekday"]),
)
def test_format_then_parse_round_trips(d, style):
    order = "mdy" if style == "mdy" else "dmy"
    assert parse_date(format_date(d, style), order=order, now=dt.date(2026, 1, 1)).value == d.isoformat()


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_parsers_never_crash(s):
    r = parse_date(s)
    assert r.value is None or len(r.value) in (4, 7, 10)
    p = parse_period(s, start="2021-01")
    assert p.start is None or len(p.start) in (4, 7, 10)
