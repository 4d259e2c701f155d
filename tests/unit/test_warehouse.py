"""Warehouse change detection by primary key and record hash; atomic, change-aware writes."""
from __future__ import annotations

from transforms import schemas
from transforms.parquet import write_table
from transforms.warehouse import diff_tables, store, table_path


def _t(rows):
    return schemas.conform("tasks", [{"title": "x", **r} for r in rows])


def test_diff_counts_added_changed_unchanged_deleted_per_source():
    old = _t([{"task_id": "1", "record_hash": "a", "source": "s1"},
              {"task_id": "2", "record_hash": "b", "source": "s1"},
              {"task_id": "3", "record_hash": "c", "source": "s2"}])
    new = _t([{"task_id": "1", "record_hash": "a", "source": "s1"},
              {"task_id": "2", "record_hash": "B", "source": "s1"},
              {"task_id": "4", "record_hash": "d", "source": "s2"}])
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
