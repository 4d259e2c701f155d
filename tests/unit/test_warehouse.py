"""Warehouse change detection by primary key and record hash; atomic, change-aware writes."""

from __future__ import annotations

from transforms import schemas
from transforms.parquet import write_table
from transforms.warehouse import diff_tables, store, table_path


def _t(rows):
    return schemas.conform("tasks", [{"title": "x", **r} for r in rows])


def test_diff_counts_added_changed_unchanged_deleted_per_source():
    old = _t(
        [
            {"task_id": "1", "record_hash": "a", "source": "s1"},
            {"task_id": "2", "record_hash": "b", "source": "s1"},
            {"task_id": "3", "record_hash": "c", "source": "s2"},
        ]
    )
    new = _t(
        [
            {"task_id": "1", "record_hash": "a", "source": "s1"},
            {"task_id": "2", "record_hash": "B", "source": "s1"},
            {"task_id": "4", "record_hash": "d", "source": "s2"},
        ]
    )
    d = diff_tables("tasks", old, new)
    assert (d.added, d.changed, d.unchanged, d.deleted) == (1, 1, 1, 1)
    assert d.by_source["s1"] == {"added": 0, "changed": 1, "unchanged": 1, "deleted": 0}
    assert d.by_source["s2"] == {"added": 1, "changed": 0, "unchanged": 0, "deleted": 1}


def test_store_leaves_unchanged_file_alone(tmp_path):
    t = _t([{"task_id": "1", "record_hash": "a", "source": "s"}])
    assert store(tmp_path, "tasks", t).written
    path = table_path(tmp_path, "tasks")
    mtime = path.stat().st_mtime_ns
    d = store(tmp_path, "tasks", t)
    assert not d.written and d.unchanged == 1
    assert path.stat().st_mtime_ns == mtime
    assert [p.name for p in path.parent.iterdir()] == ["tasks.parquet"], "no temporary files left behind"


def test_truncated_file_is_rewritten(tmp_path):
    path = tmp_path / "t.parquet"
    t = _t([{"task_id": "1", "record_hash": "a", "source": "s"}])
    write_table(t, path)
    path.write_bytes(path.read_bytes()[:20])
    assert write_table(t, path)


def test_unchanged_rows_keep_their_first_fetch_time(tmp_path):
    import datetime as dt

    t1, t2 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
    first = _t(
        [
            {"task_id": "1", "record_hash": "a", "source": "s", "fetched_at": t1},
            {"task_id": "2", "record_hash": "b", "source": "s", "fetched_at": t1},
        ]
    )
    store(tmp_path, "tasks", first)
    mtime = table_path(tmp_path, "tasks").stat().st_mtime_ns
    again = _t(
        [
            {"task_id": "1", "record_hash": "a", "source": "s", "fetched_at": t2},
            {"task_id": "2", "record_hash": "b", "source": "s", "fetched_at": t2},
        ]
    )
    assert not store(tmp_path, "tasks", again).written
    assert table_path(tmp_path, "tasks").stat().st_mtime_ns == mtime
    changed = _t(
        [
            {"task_id": "2", "record_hash": "B", "source": "s", "fetched_at": t2},
            {"task_id": "1", "record_hash": "a", "source": "s", "fetched_at": t2},
        ]
    )
    d = store(tmp_path, "tasks", changed)
    assert d.written and d.changed == 1
    from transforms.parquet import read_table

    rows = {r["task_id"]: r for r in read_table(table_path(tmp_path, "tasks")).to_pylist()}
    assert rows["1"]["fetched_at"] == t1, "unchanged row keeps its first fetch time"
    assert rows["2"]["fetched_at"] == t2, "changed row carries the new fetch time"


def test_rejects_one_file_per_table_kept_when_only_the_run_differs(tmp_path):
    import datetime as dt
    from transforms.warehouse import store_rejects

    def rej(run):
        return schemas.conform(
            "rejects",
            [
                {
                    "source": "s",
                    "table": "tasks",
                    "stage": "normalize",
                    "reason": "no title",
                    "run_id": run,
                    "rejected_at": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                },
                {"source": "p", "table": "publications", "stage": "normalize", "reason": "no title", "run_id": run},
            ],
        )

    counts = store_rejects(tmp_path, rej("r1"), ("tasks", "publications"))
    assert counts == {"s|tasks": 1, "p|publications": 1}
    mtime = (tmp_path / "tasks.parquet").stat().st_mtime_ns
    store_rejects(tmp_path, rej("r2"), ("tasks", "publications"))
    assert (tmp_path / "tasks.parquet").stat().st_mtime_ns == mtime
    store_rejects(tmp_path, schemas.empty_table("rejects"), ("tasks", "publications"))
    from transforms.parquet import read_table

    assert read_table(tmp_path / "tasks.parquet").num_rows == 0, "fixed rejects are cleared"
