"""Reconciliation with official totals: agree, differ (by how much, with the records), cannot compare;
and `stcat reconcile` reading the warehouse with no fetch and no placeholder values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.loader import load_config
from flows.cli import DEMO_CONFIG, main
from flows.official import load_official_totals, official_totals, reconcile_warehouse
from flows.steps import Paths
from transforms import schemas
from transforms.parquet import write_table
from transforms.reconcile import OfficialTotal, page_notes, reconcile, render, to_table
from transforms.warehouse import table_path

ROOT = Path(__file__).resolve().parents[2]


def _task(i: int, **kw) -> dict:
    row = {"task_id": f"t-{i}", "title": f"Nhiệm vụ {i}", "source": "s", "record_hash": str(i)}
    row.update(kw)
    return row


# A year like the Bắc Kạn report of 20/12/2023, in small: 4 tasks accepted in 2023 (3 provincial,
# 1 national), one accepted in 2022, one ongoing 2022-2024 that is not accepted yet.
TASKS = [
    _task(
        1,
        level="provincial",
        acceptance_grade="excellent",
        decision_date="2023-10-12",
        start_date="2021-01",
        end_date="2022-12",
    ),
    _task(
        2,
        level="provincial",
        acceptance_grade="good",
        acceptance_date="2023-11-03",
        start_date="2021-06",
        end_date="2023-06",
    ),
    _task(3, level="provincial", acceptance_grade="good", decision_date="2023-11-03"),
    _task(4, level="national", acceptance_grade="pass", decision_date="2023-08-18"),
    _task(5, level="provincial", acceptance_grade="good", decision_date="2022-05-20"),
    _task(6, level="provincial", start_date="2022-04", end_date="2024-12"),
]
TABLES = {"tasks": schemas.conform("tasks", TASKS), "publications": schemas.empty_table("publications")}
DOC, URL = "Báo cáo ngày 20/12/2023", "https://khcnbackan.gov.vn/bao-cao"


def _total(indicator: str, value: float, year: int | None = 2023, breakdown=(), start=None, end=None) -> OfficialTotal:
    start = start or dt.date(year, 1, 1)
    end = end or dt.date(year, 12, 31)
    return OfficialTotal(indicator, value, DOC, URL, start, end, tuple(breakdown))


def test_agree_differ_and_cannot_compare():
    checks = reconcile(
        [
            _total("tasks_accepted", 4),
            _total("tasks_accepted", 4, breakdown=[("level", "provincial")]),
            _total("tasks_accepted", 2, breakdown=[("acceptance_grade", "good")]),
            _total("tasks_accepted", 3, breakdown=[("programme", "nong-thon-mien-nui")]),
            _total("ocop_products", 12),
            _total("tasks_accepted", 40, year=2019),
            _total("tasks_accepted", 4, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 20)),
            _total("tasks_total", 6),
        ],
        TABLES,
    )
    outcome = [(c.outcome, c.catalog_value, c.difference) for c in checks]
    assert outcome == [
        ("agree", 4, 0),
        ("differ", 3, -1),
        ("agree", 2, 0),
        ("cannot_compare", None, None),
        ("cannot_compare", None, None),
        ("cannot_compare", None, None),
        ("cannot_compare", None, None),
        ("cannot_compare", None, None),
    ]
    # A difference lists the tasks the catalog counted, so the missing one can be looked for.
    assert checks[1].counted_ids == ["t-1", "t-2", "t-3"]
    assert "1 fewer than the official 4" in checks[1].reason and "ít hơn số chính thức 4 là 1" in checks[1].reason_vi
    assert "programme" in checks[3].reason and "ocop_products" in checks[4].reason
    assert "no record" in checks[5].reason and "whole calendar years" in checks[6].reason
    assert "whole catalog" in checks[7].reason


def test_a_range_of_years_counts_each_task_once_and_words_are_read_as_codes():
    checks = reconcile(
        [
            _total("tasks_ongoing", 3, start=dt.date(2022, 1, 1), end=dt.date(2024, 12, 31)),
            _total("tasks_accepted", 3, breakdown=[("level", "cấp tỉnh")]),
            _total("tasks_accepted", 1, breakdown=[("grade", "xuất sắc")]),
        ],
        TABLES,
    )
    assert [(c.outcome, c.catalog_value) for c in checks] == [("agree", 3), ("agree", 3), ("agree", 1)]
    assert checks[0].total.period == "2022-2024"
    assert checks[0].counted_ids == ["t-1", "t-2", "t-6"]


def test_the_reconciliation_table_report_and_page_note():
    checks = reconcile(
        [
            _total("tasks_accepted", 4),
            _total("tasks_accepted", 5, breakdown=[("level", "provincial")]),
            _total("ocop_products", 12),
        ],
        TABLES,
    )
    table = to_table(checks)
    assert table.schema.equals(schemas.schema("reconciliation"))
    rows = table.to_pylist()
    assert [r["outcome"] for r in rows] == ["agree", "differ", "cannot_compare"]
    assert rows[1]["difference"] == -2 and rows[1]["official_value"] == 5 and rows[1]["catalog_value"] == 3
    assert len({r["check_id"] for r in rows}) == 3 and all(r["record_hash"] for r in rows)
    twice = to_table(reconcile([_total("tasks_accepted", 4)] * 2, TABLES))
    assert twice.column("check_id").to_pylist()[1].endswith("#2")  # still a unique key
    text = render(table)
    assert text.startswith("Reconciliation with official totals: 1 agree, 1 differ, 1 cannot compare")
    assert "| tasks_accepted | 2023 | level=provincial | 5 | 3 | -2 | DIFFER |" in text
    assert "counted: t-1, t-2, t-3" in text
    vi, en = page_notes(table)
    assert "1 khớp, 1 lệch, 1 không so sánh được" in vi and "official 5, catalog 3: differ" in en


def test_official_totals_from_the_config_with_or_without_placeholder_values():
    filled = load_config(DEMO_CONFIG, {"portal": "http://127.0.0.1:1", "pubs": "http://127.0.0.1:2"})
    assert official_totals(filled) == load_official_totals(DEMO_CONFIG)
    backan = load_official_totals(ROOT / "config/provinces/backan.yaml")
    first = backan[0]
    assert (first.indicator, first.period, first.value) == ("tasks_accepted", "2023", 42)
    grades = {dict(t.breakdown).get("acceptance_grade"): t.value for t in backan if t.indicator == "tasks_accepted"}
    assert (grades["excellent"], grades["good"], grades["pass"]) == (6, 29, 7)


def test_a_bad_official_total_is_a_config_error_naming_the_key(tmp_path, capsys):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(
        "statistics:\n  official_totals:\n    - indicator: tasks_accepted\n      year: 2023\n"
        "      value: 42\n      document: Báo cáo\n",
        encoding="utf-8",
    )
    assert main(["reconcile", "--config", str(cfg), "--var-dir", str(tmp_path / "var")]) == 2
    err = capsys.readouterr().err
    assert "source_url" in err and "bad.yaml" in err


def _warehouse(var: Path) -> None:
    write_table(TABLES["tasks"], table_path(var / "warehouse", "tasks"))
    write_table(TABLES["publications"], table_path(var / "warehouse", "publications"))


def test_stcat_reconcile_prints_the_report_from_the_warehouse_with_the_demo_config(tmp_path, capsys):
    var = tmp_path / "var"
    assert main(["reconcile", "--config", str(DEMO_CONFIG), "--var-dir", str(var)]) == 2
    assert "stcat demo" in capsys.readouterr().err  # nothing stored yet: says what to run first
    _warehouse(var)
    assert main(["reconcile", "--config", str(DEMO_CONFIG), "--var-dir", str(var)]) == 0
    out = capsys.readouterr().out
    table, text = reconcile_warehouse(DEMO_CONFIG, Paths(var))
    assert out.strip() == text.strip()
    assert table.num_rows == len(load_official_totals(DEMO_CONFIG)) and "ocop_products" in out


@pytest.mark.parametrize("path", [DEMO_CONFIG, ROOT / "config/provinces/backan.yaml"], ids=lambda p: p.stem)
def test_config_totals_name_known_indicators_or_say_why_not(path):
    checks = reconcile(load_official_totals(path), TABLES)
    for c in checks:
        assert c.outcome in ("agree", "differ", "cannot_compare") and c.reason
