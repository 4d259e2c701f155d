"""Money: units, decimal comma vs thousands dot, qualifiers, ranges, per-year splits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.money import format_vnd, parse_money, unit_multiplier

MONEY = [
    ("decimal-comma-ty", "2,156 tỷ đồng", None, 2_156_000_000, ()),
    ("thousands-dot-decimal-comma", "14.837,629 tỷ", None, 14_837_629_000_000, ()),
    ("trieu-dong", "991 triệu đồng", None, 991_000_000, ()),
    ("header-unit", "1.250,5", "(triệu đồng)", 1_250_500_000, ("unit_from_header",)),
    ("text-unit-beats-header", "2 tỷ", "(triệu đồng)", 2_000_000_000, ()),
    ("bare-dong", "3000000000", None, 3_000_000_000, ("unit_assumed_dong",)),
    ("dotted-dong", "450.000.000 đ", None, 450_000_000, ()),
    ("tr.d", "khoảng 300 tr.đ", None, 300_000_000, ("approx:khoảng",)),
    ("trd", "350 trđ", None, 350_000_000, ()),
    ("english-separators", "1,250.5 triệu", None, 1_250_500_000, ()),
    ("gan", "gần 2 tỷ đồng", None, 2_000_000_000, ("approx_below:gần",)),
    ("tren", "trên 500 triệu", None, 500_000_000, ("lower_bound:trên",)),
    ("hon", "hơn 1,5 tỷ", None, 1_500_000_000, ("lower_bound:hơn",)),
    ("nghin", "500 nghìn đồng", None, 500_000, ()),
    ("nbsp", "991\u00a0triệu\u00a0đồng", None, 991_000_000, ()),
]


@pytest.mark.parametrize("raw,hint,value,flags", [m[1:] for m in MONEY], ids=[m[0] for m in MONEY])
def test_parse_money(raw, hint, value, flags):
    r = parse_money(raw, unit_hint=hint)
    assert (r.value, r.flags, r.problem) == (value, flags, None)


def test_range_has_no_single_value_but_keeps_bounds():
    r = parse_money("500 - 700 triệu đồng")
    assert r.value is None and r.flags == ("range:500000000..700000000",)


def test_per_year_split_is_summed_once():
    r = parse_money("Năm 2021: 500; năm 2022: 300 triệu")
    assert r.value == 800_000_000
    assert "sum_of_years" in r.flags


def test_stated_total_is_not_added_to_its_parts():
    r = parse_money("Tổng: 800 triệu đồng, trong đó năm 2021: 500 triệu, năm 2022: 300 triệu")
    assert r.value == 800_000_000
    assert "per_year_sum_differs" not in r.flags


def test_total_that_disagrees_with_parts_is_flagged():
    r = parse_money("Tổng: 900 triệu đồng; năm 2021: 500 triệu, năm 2022: 300 triệu")
    assert r.value == 900_000_000 and "per_year_sum_differs" in r.flags


@pytest.mark.parametrize("raw", ["991", "abc"], ids=["no-unit-small", "no-number"])
def test_unreadable_amounts_are_problems(raw):
    r = parse_money(raw)
    assert r.value is None and r.problem


@pytest.mark.parametrize("raw", ["", "-", None], ids=["empty", "dash", "none"])
def test_empty_is_not_a_problem(raw):
    assert parse_money(raw).value is None and parse_money(raw).problem is None


def test_unit_multiplier_from_headers():
    assert unit_multiplier("Kinh phí (triệu đồng)") == 10**6
    assert unit_multiplier("Tổng kinh phí (Tỷ đồng)") == 10**9
    assert unit_multiplier("Ghi chú") is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**14), st.sampled_from(["đồng", "triệu đồng", "tỷ đồng"]))
def test_format_then_parse_round_trips(v, unit):
    if unit == "đồng" and v < 100_000:
        v += 100_000
    assert parse_money(format_vnd(v, unit)).value == v


@settings(max_examples=500, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=20)))
def test_never_crashes(s, hint):
    r = parse_money(s, unit_hint=hint)
    assert r.value is None or isinstance(r.value, int)
