"""Datastore loads with catalog.datastore_concurrency = 2 (two datastore_upsert calls in flight):
the same rows, values, counts and write calls as a sequential load (1), against the real CKAN;
and, with a fake client, the pool's limits and failure semantics (a web process stopped in the
middle of a load with 1 and 2 calls in flight: test_ckan_restart.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pyarrow as pa
import pytest

from catalog import ckan as C
from catalog import package as pkg
from catalog import plan as P

from .conftest import all_tables, record_hash, task_rows, write_tables

pytestmark = pytest.mark.ckan


def _dump(client: C.CkanClient, cfg) -> list[tuple]:
    """Every datastore row of the tasks dataset (without _id), ordered by key."""
    p = client.call("package_show", {"id": pkg.dataset_name(cfg, "tasks")})
    rid = next(r["id"] for r in p["resources"] if r.get("stcat_key") == "datastore")
    out: list[tuple] = []
    offset = 0
    while True:
        res = client.call(
            "datastore_search", {"resource_id": rid, "limit": 10_000, "offset": offset, "sort": "task_id"}
        )
        recs = res["records"]
        out += [tuple(sorted((k, v) for k, v in r.items() if k != "_id")) for r in recs]
        if len(recs) < 10_000:
            assert res["total"] == len(out)
            return out
        offset += 10_000


def _publish(cfg, tables, client, work: Path) -> C.PublishReport:
    plan = C.plan_publish(cfg, tables, client)
    report = C.publish(cfg, plan, client, workdir=work)
    assert report.ok, report.to_dict()
    return report


def test_concurrent_load_equals_sequential_load(ckan, tmp_path):
    """35,000 rows (4 insert batches), then 11,000 added + 12,000 changed + 2,000 deleted (deletes,
    2 insert and 2 upsert batches): N=2 and N=1 leave equal datastores, reports and write calls."""
    tag = tmp_path.name[-5:].lower().replace("_", "")
    cfgs = {n: ckan.new_config(f"cc{n}{tag}", datastore_concurrency=n) for n in (1, 2)}
    assert C.datastore_concurrency(cfgs[2]) == 2
    rows = all_tables()
    rows["tasks"] = task_rows(35_000)
    v1 = write_tables(tmp_path / "v1", rows)
    tasks = task_rows(35_000)[2_000:] + task_rows(11_000, start=35_000)
    for r in tasks[:12_000]:
        r["title"] = f"Ứng dụng công nghệ sinh học trong nhân giống lan Kim tuyến {r['task_id']}"
        r["budget_vnd"] += 7
        r["record_hash"] = record_hash(r)
    v2 = write_tables(tmp_path / "v2", {**rows, "tasks": tasks})

    dumps: dict[int, list[list[tuple]]] = {1: [], 2: []}
    counts: dict[int, list[tuple]] = {1: [], 2: []}
    for tables in (v1, v2):
        for n in (2, 1):
            client = ckan.client(backoff=0.5)
            report = _publish(cfgs[n], tables, client, tmp_path / f"work{n}")
            d = report.datasets[0]
            assert d.table == "tasks"
            counts[n].append(
                (
                    d.rows_added,
                    d.rows_changed,
                    d.rows_deleted,
                    client.write_calls,
                    client.calls["datastore_upsert"],
                    client.calls["datastore_delete"],
                )
            )
            dumps[n].append(_dump(client, cfgs[n]))
    assert counts[2] == counts[1]
    assert counts[1][0][:3] == (35_000, 0, 0) and counts[1][0][4] == 4 + 1  # tasks + publications
    assert counts[1][1][:3] == (11_000, 12_000, 2_000) and counts[1][1][4:] == (4, 1)
    assert len(dumps[2][0]) == 35_000 and len(dumps[2][1]) == 44_000
    assert dumps[2] == dumps[1]
    # both converge: nothing left to write
    client = ckan.client()
    assert C.plan_publish(cfgs[2], v2, client).noop and client.write_calls == 0


# --------------------------------------------------------------------------- the pool, with a fake CKAN


class FakeUpserts(C.CkanClient):
    """Answers datastore_upsert/datastore_delete after `delay` seconds (through CkanClient's own
    counting), recording batch order, threads and the largest number of calls in flight."""

    def __init__(self, delay: float = 0.05, fail_batch: int | None = None):
        super().__init__("http://ckan.invalid", "secret-token", user_agent="t", retries=0)
        self.delay, self.fail_batch = delay, fail_batch
        self.sent: list[tuple[str, str, bool, int]] = []
        self.inflight = self.max_inflight = 0
        self.threads: set[str] = set()
        self.sessions: set[int] = set()
        self.lock = threading.Lock()

    def _send(self, action, data, upload, retries):  # type: ignore[override]
        with self._count_lock:
            self.calls[action] += 1
            self.write_calls += 1
        with self.lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            self.threads.add(threading.current_thread().name)
            self.sessions.add(id(self._session()))
            first = (data.get("records") or [{"task_id": "delete"}])[0]["task_id"]
            self.sent.append((action, first, data["calculate_record_count"], self.inflight))
        try:
            time.sleep(self.delay)
            if self.fail_batch is not None and first == f"T{self.fail_batch * 10_000:06d}":
                raise C.CkanUnavailable(f"CKAN {self.url} action {action}: HTTP 503 (after 1 attempt)")
            return {}
        finally:
            with self.lock:
                self.inflight -= 1


@pytest.fixture(scope="module")
def table_45k(tmp_path_factory) -> C.LocalTable:
    path = write_tables(tmp_path_factory.mktemp("t45"), {"tasks": task_rows(45_000)})["tasks"]
    return C.LocalTable("tasks", path, "", 45_000, None, {}, b"")  # type: ignore[arg-type]


def _diff(added=(), changed=(), deleted=()) -> P.RowDiff:
    def arr(x):
        return pa.array(list(x), pa.string())

    return P.RowDiff(0, 0, arr(added), arr(changed), arr(deleted))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_pool_order_limit_and_last_call(table_45k, n):
    # a call takes longer than converting a batch (now with formula-safe text, ~0.5 s per 10,000
    # rows on a loaded machine), so n calls really are in flight at once
    client = FakeUpserts(delay=3.0 if n > 1 else 0.05)
    dr = C.DatasetReport("tasks", "x")
    keys = [f"T{i:06d}" for i in range(45_000)]
    diff = _diff(added=keys[25_000:], changed=keys[:25_000], deleted=[f"X{i}" for i in range(15_000)])
    C.load_rows(client, "rid", "task_id", diff, table_45k, False, dr, n)
    assert (dr.rows_added, dr.rows_changed, dr.rows_deleted) == (20_000, 25_000, 15_000)
    assert client.write_calls == 2 + 2 + 3 and client.calls["datastore_upsert"] == 5
    acts = [(a, k, last) for a, k, last, _ in client.sent]
    # deletes first, one at a time; then inserts of new rows, upserts of changed rows; the
    # record count on the last call only, which runs alone
    assert acts[:2] == [("datastore_delete", "delete", False)] * 2
    assert all(inflight == 1 for a, _, _, inflight in client.sent if a == "datastore_delete")
    expected = [
        ("datastore_upsert", k, k == "T020000") for k in ("T025000", "T035000", "T000000", "T010000", "T020000")
    ]
    assert sorted(acts[2:], key=lambda x: x[2]) == sorted(expected, key=lambda x: x[2])
    assert sorted(acts[2:]) == sorted(expected)
    assert acts[-1] == expected[-1] and client.sent[-1][3] == 1
    assert client.max_inflight == n if n < 3 else 2 <= client.max_inflight <= n  # 3 needs 3 conversions < 1 call
    if n == 1:
        assert acts[2:] == expected
        assert client.threads == {threading.current_thread().name} and client.sessions == {id(client.session)}
    else:
        # upserts on worker threads with their own sessions (deletes on the calling thread)
        upsert_threads = {t for t in client.threads if t.startswith("datastore-load")}
        assert 1 < len(upsert_threads) <= n and len(client.sessions) == 1 + len(upsert_threads)
    assert not [t for t in threading.enumerate() if t.name.startswith("datastore-load")]


@pytest.mark.parametrize("n", [1, 2])
def test_pool_failure_stops_new_calls_and_raises_the_first(table_45k, n):
    client = FakeUpserts(delay=0.1, fail_batch=1)
    dr = C.DatasetReport("tasks", "x")
    with pytest.raises(C.CkanUnavailable, match="HTTP 503"):
        C.load_rows(client, "rid", "task_id", _diff(), table_45k, True, dr, n)
    firsts = [k for _, k, _, _ in client.sent]
    # batch 0 succeeded, batch 1 failed; with 2 in flight batch 2 may have started, never more,
    # and the last batch (which asks for the record count) is never sent after a failure
    assert sorted(firsts[:2]) == ["T000000", "T010000"] and len(firsts) <= n + 1 and "T040000" not in firsts
    assert dr.rows_added == 10_000 * (len(firsts) - 1)
    assert not [t for t in threading.enumerate() if t.name.startswith("datastore-load")]


def test_concurrency_setting(ckan):
    assert C.datastore_concurrency(ckan.new_config("cfg1")) == C.DEFAULT_DATASTORE_CONCURRENCY
    assert C.datastore_concurrency(ckan.new_config("cfg2", datastore_concurrency=3)) == 3
    for bad in (0, 9, "2", True, 1.5):
        with pytest.raises(ValueError, match="datastore_concurrency"):
            C.datastore_concurrency(ckan.new_config("cfg3", datastore_concurrency=bad))
