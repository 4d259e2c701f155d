"""build_tables / normalize_task: the contract the flow and `stcat parse` rely on."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from config.loader import Merge, Province
from transforms import schemas
from transforms.pipeline import OUTPUT_TABLES, TransformContext, build_tables, normalize_task

PROVINCE = Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1)))


@pytest.fixture
def ctx() -> TransformContext:
    return TransformContext("run-1", PROVINCE, dt.datetime(2026, 11, 26, 2, tzinfo=dt.timezone.utc))


def _rec(**fields) -> dict:
    return {
        "table": "tasks",
        "source": "khcnbackan",
        "record_ref": "https://x/a#t1/r1",
        "source_url": "https://x/a",
        "fetched_at": "2026-11-26T02:00:03+00:00",
        "confidence": 1.0,
        "fields": fields,
        "hints": {"page_date": "2022-04-15"},
    }


def test_build_tables_returns_every_table_conformed(ctx):
    out = build_tables(
        [
            _rec(title="Phục tráng giống Bí thơm Ba Bể"),
            {
                "reject": True,
                "table": "tasks",
                "source": "khcnbackan",
                "record_ref": "r",
                "stage": "extract",
                "field": "attachment",
                "reason": "password-protected XLSX",
                "raw_value": "a.xlsx",
            },
        ],
        ctx,
    )
    assert set(out) == set(OUTPUT_TABLES)
    for name, table in out.items():
        assert table.schema.equals(schemas.schema(name), check_metadata=False), name
    assert out["tasks"].num_rows == 1
    assert out["rejects"].to_pylist()[0]["reason"] == "password-protected XLSX"
    assert out["rejects"].to_pylist()[0]["run_id"] == "run-1"


def test_missing_title_is_a_reject_not_a_crash(ctx):
    row, rejects = normalize_task(_rec(title="   "), ctx)
    assert row is None
    assert rejects and rejects[0]["field"] == "title"


def test_record_hash_ignores_fetch_time(ctx):
    a, _ = normalize_task(_rec(title="Đề tài A", code="ĐT-01"), ctx)
    rec = _rec(title="Đề tài A", code="ĐT-01")
    rec["fetched_at"] = "2027-01-01T00:00:00+00:00"
    b, _ = normalize_task(rec, ctx)
    assert a["record_hash"] == b["record_hash"]
    assert a["task_id"] == b["task_id"]


def test_rows_sorted_by_primary_key(ctx):
    recs = [_rec(title=f"Đề tài số {i}") for i in range(20)]
    ids = build_tables(recs, ctx)["tasks"].column("task_id").to_pylist()
    assert ids == sorted(ids)


def _full(
    ref: str,
    conf: float = 1.0,
    url: str = "https://khcnbackan.gov.vn/a",
    page: str = "2022-04-15",
    source: str = "khcnbackan",
    **fields,
) -> dict:
    return {
        "table": "tasks",
        "source": source,
        "record_ref": ref,
        "source_url": url,
        "fetched_at": "2026-11-26T02:00:03+00:00",
        "confidence": conf,
        "fields": fields,
        "hints": {
            "page_date": page,
            "money_unit": "triệu đồng",
            "section": "I. LĨNH VỰC NÔNG NGHIỆP",
            "level": "provincial",
        },
    }


VARIED = [
    _full(
        "a#t1/r1",
        code="ĐT-2021-01",
        title="Phục tráng giống Bí thơm Ba Bể",
        host_org="Sở KH&CN",
        principal_investigator="PGS.TS Đỗ Ngọc Mỹ",
        period="01/2021 - 12/2022",
        budget="1.250,5",
        budget_state="800",
        status="Đã nghiệm thu",
        acceptance_grade="Khá",
        decision="2344/QĐ-UBND",
        decision_date="15/10/2020",
        kind="Đề tài",
    ),
    _full(
        "d#t1/r5",
        title="B¶o tån nguån gen",
        period="2021-2023",
        start_date="19/8/8021",
        decision="1256, 1257, …, 1265/QĐ-BKHCN",
    ),
    _full("e#t1/r6", title="xyz¶¶q"),
    _full(
        "f#t1/r7",
        title="Đề tài kết thúc sớm",
        period="12/2022 - 01/2021",
        budget="500",
        budget_state="900",
        page="2025-08-01",
    ),
    _full(
        "g#t1/r8",
        title="Ứng dụng tiến bộ kỹ thuật",
        host_org="UBND huyện Ba Bể",
        principal_investigator="ông Lê Văn Thế - Phó Giám đốc",
        budget="gần 2 tỷ đồng",
        field="Hoá học",
        acceptance_grade="Không đạt",
        applied="Có",
        status="Dừng thực hiện",
        level="cấp cơ sở",
    ),
]


def test_row_by_row_and_column_wise_agree(ctx):
    """The benchmark's baseline and the vectorized path must produce the same rows."""
    table = build_tables(VARIED, ctx)["tasks"]
    by_id = {r["task_id"]: r for r in table.to_pylist()}
    for rec in VARIED:
        row, _ = normalize_task(rec, ctx)
        if row is None:
            continue
        col = by_id[row["task_id"]]
        col["fetched_at"] = col["fetched_at"].isoformat()
        assert {k: v for k, v in row.items() if k != "field_sources"} == {
            k: v for k, v in col.items() if k != "field_sources"
        }


def test_normalized_values_and_rejects(ctx):
    out = build_tables(VARIED, ctx)
    rows = {r["title"]: r for r in out["tasks"].to_pylist()}
    a = rows["Phục tráng giống Bí thơm Ba Bể"]
    assert (a["budget_vnd"], a["budget_state_vnd"]) == (1_250_500_000, 800_000_000)
    assert (a["start_date"], a["end_date"], a["decision_date"]) == ("2021-01", "2022-12", "2020-10-15")
    assert (a["principal_investigator"], a["pi_title"]) == ("Đỗ Ngọc Mỹ", "PGS.TS.")
    assert a["host_org"] == "Sở Khoa học và Công nghệ tỉnh Bắc Kạn"
    assert (a["status"], a["acceptance_grade"], a["kind"], a["level"]) == (
        "accepted",
        "good",
        "research_topic",
        "provincial",
    )
    assert (a["province_code"], a["province_code_legacy"], a["field_code"]) == ("19", "06", "4")
    assert a["budget_raw"] == "1.250,5" and a["principal_investigator_raw"] == "PGS.TS Đỗ Ngọc Mỹ"
    assert "Bảo tồn nguồn gen" in rows  # TCVN3 title repaired
    assert rows["Đề tài kết thúc sớm"]["province_code_legacy"] == "19"  # page dated after the merger
    g = rows["Ứng dụng tiến bộ kỹ thuật"]
    assert (
        g["principal_investigator"],
        g["acceptance_grade"],
        g["applied"],
        g["status"],
        g["level"],
        g["field_code"],
    ) == ("Lê Văn Thế", "fail", True, "terminated", "grassroots", "104")
    assert "approx_below:gần" in g["budget_flags"]
    rej = {(r["stage"], r["field"], r["record_ref"]) for r in out["rejects"].to_pylist()}
    assert ("normalize", "start_date", "d#t1/r5") in rej
    assert ("normalize", "title", "e#t1/r6") in rej
    assert ("normalize", "period", "f#t1/r7") in rej
    assert ("validate", "budget_state_vnd", "f#t1/r7") in rej
    assert rows["Đề tài kết thúc sớm"]["budget_state_vnd"] is None
    assert out["documents"].num_rows == 11  # 2344/QĐ-UBND + ten BKHCN decisions
    assert out["people"].column("name").to_pylist() == ["Đỗ Ngọc Mỹ", "Lê Văn Thế"] or sorted(
        out["people"].column("name").to_pylist()
    ) == ["Lê Văn Thế", "Đỗ Ngọc Mỹ"]


def test_same_task_from_three_places_is_one_row_with_sources(ctx):
    recs = [
        _full(
            "page#t1/r1",
            code="ĐT-2021-01",
            title="Phục tráng giống Bí thơm Ba Bể",
            budget="1.250,5",
            acceptance_grade="Khá",
        ),
        _full(
            "news#p3",
            conf=0.6,
            url="https://khcnbackan.gov.vn/b",
            page="2023-01-01",
            title="Phục tráng giống Bí thơm Ba Bể",
            budget="1.300",
            acceptance_grade="Xuất sắc",
            principal_investigator="TS. Nguyễn Văn An",
        ),
        _full(
            "c.xlsx#table1/r2",
            url="https://khcnbackan.gov.vn/c.xlsx",
            source="dosttn",
            code="ĐT 2021 - 01",
            title="Phục tráng giống bí thơm Ba Bể",
            budget="1.250,5",
        ),
    ]
    out = build_tables(recs, ctx)
    assert out["tasks"].num_rows == 1
    row = out["tasks"].to_pylist()[0]
    assert row["budget_vnd"] == 1_250_500_000 and row["acceptance_grade"] == "good"
    assert row["principal_investigator"] == "Nguyễn Văn An"  # only the prose mention had it
    sources = json.loads(row["field_sources"])
    assert sources["title"][0] == "dosttn"  # attachment beats page at equal confidence
    assert sources["principal_investigator"] == ["khcnbackan", "news#p3"]
    conflicts = [r for r in out["rejects"].to_pylist() if r["stage"] == "link"]
    assert {c["field"] for c in conflicts} == {"budget_vnd", "acceptance_grade"}


def test_hash_is_stable_across_runs_and_fetch_times(ctx):
    a = build_tables(VARIED, ctx)["tasks"]
    later = [dict(r, fetched_at="2027-03-01T00:00:00+00:00") for r in VARIED]
    ctx2 = TransformContext("run-2", PROVINCE, ctx.now + dt.timedelta(days=3))
    b = build_tables(later, ctx2)["tasks"]
    assert a.column("record_hash").to_pylist() == b.column("record_hash").to_pylist()
    changed = [dict(VARIED[0], fields=dict(VARIED[0]["fields"], budget="1.300"))] + VARIED[1:]
    c = build_tables(changed, ctx)["tasks"]
    assert a.column("record_hash").to_pylist() != c.column("record_hash").to_pylist()


def test_publications_get_the_records_and_the_previous_table(ctx):
    seen = {}
    before = schemas.conform("publications", [{"pub_id": "p0", "title": "Old", "record_hash": "h0"}])

    def hook(records, tasks, c, *, previous=None):
        seen["n"], seen["previous"] = len(records), previous
        return schemas.conform("publications", [{"pub_id": "p1", "title": "T", "record_hash": "h"}]), []

    ctx.publications_hook = hook
    ctx.previous = {"publications": before}
    out = build_tables([{"table": "publications", "source": "openalex", "fields": {"title": "T"}}], ctx)
    assert seen["n"] == 1 and out["publications"].num_rows == 1
    assert seen["previous"] is before


def test_garbage_records_never_crash(ctx):
    junk = [
        {"table": "tasks"},
        {"table": "tasks", "fields": {"title": None}},
        {"fields": {"title": 123}},
        {
            "table": "tasks",
            "source": "s",
            "fields": {"title": "T", "budget": "∞", "start_date": "31/02/2020", "period": "99 tháng"},
            "confidence": "high",
            "fetched_at": "yesterday",
            "hints": {"date_order": "ymd"},
        },
    ]
    out = build_tables(junk, ctx)
    assert out["tasks"].num_rows == 2
    assert out["rejects"].num_rows >= 3


def test_reason_counts_group_by_kind(ctx):
    from transforms.validate import count_reasons

    recs = [_full(f"r{i}", title=f"Đề tài {i}", start_date=f"1/1/{8000 + i}") for i in range(3)]
    counts = count_reasons(build_tables(recs, ctx)["rejects"])
    assert counts == {"normalize:start_date:implausible year … (allowed …..…)": 3}


def test_several_merged_tasks_each_keep_their_own_values(ctx):
    """Two tasks seen twice each, interleaved with single ones: merged values stay per task."""
    recs = [_full("s1", title="Đề tài đơn lẻ một", code="ĐT-2020-09")]
    for n in range(3):
        code = f"ĐT-2021-0{n}"
        recs.append(
            _full(
                f"t{n}#table1/r1", url="https://x/list.xlsx", code=code, title=f"Nhiệm vụ số {n}", budget=f"{100 + n}"
            )
        )
        recs.append(
            _full(
                f"t{n}#p2",
                conf=0.5,
                code=code,
                title=f"Nhiệm vụ số {n}",
                budget=f"{900 + n}",
                principal_investigator=f"TS. Nguyễn Văn {'ABC'[n]}",
            )
        )
    out = build_tables(recs, ctx)
    rows = {r["code"]: r for r in out["tasks"].to_pylist()}
    assert len(rows) == 4
    for n in range(3):
        r = rows[f"ĐT-2021-0{n}"]
        assert r["budget_vnd"] == (100 + n) * 10**6
        assert r["principal_investigator"] == f"Nguyễn Văn {'ABC'[n]}"
        assert json.loads(r["field_sources"])["budget_vnd"] == ["khcnbackan", f"t{n}#table1/r1"]
    links = [r for r in out["rejects"].to_pylist() if r["stage"] == "link"]
    assert sorted(r["record_ref"] for r in links) == ["t0#p2", "t1#p2", "t2#p2"]


def test_extractor_hints_ascii_units_machine_numbers_section_kind_decision_date(ctx):
    rec = _full(
        "x#sheet1/row4",
        title="Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn",
        budget="850,5",
        decision="1856/QĐ-UBND ngày 12/10/2023",
    )
    rec["hints"].update({"money_unit": "trieu dong", "section": "A. ĐỀ TÀI"})
    machine = _full("y#sheet1/row5", title="Quýt Bắc Kạn", budget="1.25", budget_state="1200.5")
    machine["hints"].update(
        {"machine_numbers": ["budget", "budget_state"], "money_unit": "tỷ đồng", "budget_state_unit": "triệu đồng"}
    )
    rows = {r["title"]: r for r in build_tables([rec, machine], ctx)["tasks"].to_pylist()}
    a = rows["Nghiên cứu chế biến sản phẩm từ quả Mơ vàng Bắc Kạn"]
    assert (a["budget_vnd"], a["kind"], a["decision_no"], a["decision_date"]) == (
        850_500_000,
        "research_topic",
        "1856/QĐ-UBND",
        "2023-10-12",
    )
    b = rows["Quýt Bắc Kạn"]
    assert (b["budget_vnd"], b["budget_state_vnd"]) == (1_250_000_000, 1_200_500_000)
    for rec_ in (rec, machine):
        row, _ = normalize_task(rec_, ctx)
        assert row["budget_vnd"] == rows[row["title"]]["budget_vnd"]


def _page_rec(page: int, page_date: str, fetched: str, source: str = "khcnbackan", **hints) -> dict:
    return {
        "table": "tasks",
        "source": source,
        "record_ref": f"https://x/a{page}#t1/r1",
        "source_url": f"https://x/a{page}",
        "fetched_at": fetched,
        "confidence": 1.0,
        "fields": {"title": f"Đề tài trên trang {page}"},
        "hints": {"page_date": page_date, **hints},
    }


def test_render_dates_are_not_taken_for_publish_dates(ctx, caplog):
    # a theme printing today's date: every page is "dated" to the day (local time) it was fetched;
    # the tasks' decisions (2021) then date them, before the 2025 merger: the code in force then is 06
    render = [_page_rec(i, "2026-11-26", f"2026-11-25T{17 + i}:30:00+00:00") for i in range(3)]  # 00:30+07 ...
    for r in render:
        r["fields"]["decision_date"] = "15/04/2021"
    tasks = build_tables(render, ctx)["tasks"].to_pylist()
    assert [t["province_code_legacy"] for t in tasks] == ["06"] * 3
    assert "source khcnbackan: page dates ignored as render dates" in caplog.text
    # the same pages with real, varied page dates after the merger keep them (code in force: 19)
    real = [_page_rec(i, f"2025-0{7 + i}-1{i}", "2026-11-26T02:00:00+00:00") for i in range(3)]
    for r in real:
        r["fields"]["decision_date"] = "15/04/2021"
    assert {t["province_code_legacy"] for t in build_tables(real, ctx)["tasks"].to_pylist()} == {"19"}


def test_render_date_detection_rules():
    import pyarrow as pa

    from transforms.tasks import render_date_sources

    def run(rows):
        cols = list(zip(*rows))
        return render_date_sources(*(pa.chunked_array([pa.array(c, pa.string())]) for c in cols))

    fetched = "2026-11-26T02:00:00+00:00"
    today = "2026-11-26"
    assert run([(today, fetched, "s", f"u{i}") for i in range(3)]) == {
        "s": "all 3 dated pages carry the date they were fetched"
    }
    assert run([(today, fetched, "s", f"u{i}") for i in range(2)]) == {}  # too few pages
    assert run([("2021-05-01", fetched, "s", f"u{i}") for i in range(5)]) == {
        "s": "all 5 dated pages carry the same date 2021-05-01"
    }
    assert run([("2021-05-01", fetched, "s", f"u{i}") for i in range(4)]) == {}  # 4 pages: one day's news
    # one article with many attachments is one page
    assert run([("2021-05-01", fetched, "s", "article") for _ in range(9)]) == {}
    # a healthy crawl: new pages of today among older ones
    assert (
        run(
            [
                (today, fetched, "s", "new1"),
                (today, fetched, "s", "new2"),
                ("2025-01-02", fetched, "s", "old"),
                ("2024-03-04", fetched, "s", "older"),
            ]
        )
        == {}
    )
    # the local (UTC+7) date counts: 23:30 UTC on the 25th is the 26th in Vietnam
    assert run([(today, "2026-11-25T23:30:00+00:00", "s", f"u{i}") for i in range(3)]) == {
        "s": "all 3 dated pages carry the date they were fetched"
    }
