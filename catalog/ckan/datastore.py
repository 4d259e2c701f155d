"""The datastore table of a dataset: created (or rebuilt), then rows deleted, inserted and
upserted in batches, with up to N datastore_upsert calls in flight on worker threads."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

import requests
from ckanapi.errors import NotFound

from catalog import package as pkg
from catalog import plan as P
from catalog.ckan.client import CkanClient, create_verified
from catalog.ckan.plan import datastore_info
from catalog.ckan.report import CheckError, DatasetReport
from catalog.ckan.resources import find_resource
from catalog.ckan.tables import LocalTable, iter_arrow_batches, to_records
from config.loader import ProvinceConfig
from transforms import schemas

log = logging.getLogger(__name__)

DELETE_BATCH = 10_000


def apply_datastore(
    client: CkanClient,
    package_id: str,
    rp: P.ResourcePlan,
    dp: P.DatasetPlan,
    local: LocalTable,
    dr: DatasetReport,
    concurrency: int = 1,
) -> str:
    table = dp.table
    key = schemas.PRIMARY_KEYS[table][0]
    fields = pkg.datastore_fields(table)
    d = rp.desired
    assert d is not None
    rows = dp.rows
    rid = rp.resource_id
    fresh = False
    if rid is None:
        # the rows version goes in at creation: a load cut short resumes instead of reloading
        meta = {
            "package_id": package_id,
            **d.metadata(),
            "stcat_key": "datastore",
            "stcat_rows_version": P.ROWS_VERSION,
        }
        meta = {k: v for k, v in meta.items() if v != ""}

        def create() -> dict[str, Any]:
            return client.call(
                "datastore_create",
                {"resource": meta, "fields": fields, "primary_key": [key], "calculate_record_count": False},
                retries=0,
            )

        def find() -> dict[str, Any] | None:
            r = find_resource(client, package_id, "datastore")
            return None if r is None else {"resource_id": r["id"], "found": True}

        made = create_verified(client, create, find, f"datastore of {dp.name}")
        rid = made["resource_id"]
        if made.get("found") and datastore_info(client, rid) is None:
            # the resource was made but its table was not: create the table now
            _create_table(client, rid, fields, key)
        fresh = True
        dr.resources_created += 1
    elif rows is not None and rows.full_reload:
        try:
            client.call("datastore_delete", {"resource_id": rid, "force": True})
        except NotFound:
            log.info("datastore table of %s was missing", rid)
        _create_table(client, rid, fields, key)
        fresh = True
    if rows is not None:
        t0 = time.perf_counter()
        load_rows(client, rid, key, rows, local, fresh, dr, concurrency)
        dr.datastore_seconds = round(time.perf_counter() - t0, 3)
    info = datastore_info(client, rid)
    total = (info or {}).get("total")
    if total != local.rows:
        raise CheckError(f"datastore of {dp.name} holds {total} rows, the warehouse table {local.rows}")
    client.call(
        "resource_patch",
        {
            "id": rid,
            **d.metadata(),
            "stcat_key": "datastore",
            "stcat_source": d.source,
            "stcat_rows_version": P.ROWS_VERSION,
        },
    )
    if rp.action == P.UPDATE:
        dr.resources_updated += 1
    return rid


# 2 keeps both of the local stack's CKAN workers busy; measured against 1 and 3 in bench/results/ckan.md
DEFAULT_DATASTORE_CONCURRENCY = 2


def _create_table(client: CkanClient, rid: str, fields: list[dict[str, Any]], key: str) -> None:
    """The resource's datastore table with its fields and primary key (``force``: the resource is ours)."""
    client.call(
        "datastore_create",
        {"resource_id": rid, "fields": fields, "primary_key": [key], "force": True, "calculate_record_count": False},
    )


def datastore_concurrency(cfg: ProvinceConfig) -> int:
    """``catalog.datastore_concurrency``: datastore_upsert calls in flight at once while loading
    rows (1 = one after the other). Measured in bench/results/ckan.md."""
    n = cfg.catalog.settings.get("datastore_concurrency", DEFAULT_DATASTORE_CONCURRENCY)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 8:
        raise ValueError(f"catalog.datastore_concurrency: an integer from 1 to 8, got {n!r}")
    return n


def load_rows(
    client: CkanClient,
    rid: str,
    key: str,
    rows: P.RowDiff,
    local: LocalTable,
    fresh: bool,
    dr: DatasetReport,
    concurrency: int = 1,
) -> None:
    """Deletes (batched by key), then inserts of new rows and upserts of changed ones, with the
    record count computed on the last call only.

    Deletes are sent one after the other. With ``concurrency`` N > 1, up to N insert/upsert
    calls are in flight at once (worker threads, one requests.Session each) while this thread
    converts the next batch to records, so at most N+1 batches of records are alive; inserts
    (new keys) and upserts (changed keys) touch disjoint rows, so their order does not matter.
    The last call waits until every other one has finished (it asks for the record count).
    On a failure no further call is started, the calls in flight are waited for, and the
    first failure (in batch order) is raised. N = 1 sends the same calls as before, in order,
    from this thread."""
    jobs: list[tuple[str, Any]] = []
    if not fresh:
        for i in range(0, len(rows.deleted), DELETE_BATCH):
            jobs.append(("delete", rows.deleted[i : i + DELETE_BATCH].to_pylist()))
    if fresh:
        jobs.append(("insert", iter_arrow_batches(local.path, None, key)))
    else:
        if len(rows.added):
            jobs.append(("insert", iter_arrow_batches(local.path, rows.added, key)))
        if len(rows.changed):
            jobs.append(("upsert", iter_arrow_batches(local.path, rows.changed, key)))

    # flatten lazily so the last call can ask for the record count (the look-ahead holds one
    # Arrow batch, not records: a batch becomes records just before it is sent)
    def calls() -> Iterator[tuple[str, Any]]:
        for kind, payload in jobs:
            if kind == "delete":
                yield kind, payload
            else:
                for t in payload:
                    yield kind, t

    def upsert(kind: str, recs: list[dict[str, Any]], last: bool) -> int:
        client.call(
            "datastore_upsert",
            {"resource_id": rid, "records": recs, "method": kind, "force": True, "calculate_record_count": last},
        )
        return len(recs)

    def count(kind: str, n: int) -> None:
        if kind == "insert":
            dr.rows_added += n
        else:
            dr.rows_changed += n

    pool: _UpsertPool | None = _UpsertPool(client, concurrency, count) if concurrency > 1 else None
    # CKAN 2.12: calculate_record_count=True only fills the cached count when it is absent
    # (update_table_stats -> cached_table_row_count), and False clears it. So True is sent on
    # the last call only after an earlier False call; a single call sends False and the next
    # datastore_search recounts. With N > 1 the last call starts once every other one has
    # finished, so no earlier call clears (or misses) the count it computes.
    try:
        it = calls()
        cur = next(it, None)
        sent = 0
        while cur is not None:
            nxt = next(it, None)
            kind, payload = cur
            last = nxt is None and sent > 0
            sent += 1
            if kind == "delete":
                client.call(
                    "datastore_delete",
                    {"resource_id": rid, "filters": {key: payload}, "force": True, "calculate_record_count": last},
                )
                dr.rows_deleted += len(payload)
            else:
                recs = to_records(payload)
                if pool is None:
                    count(kind, upsert(kind, recs, last))
                else:
                    if last:
                        pool.drain()
                    pool.submit(kind, upsert, recs, last)
                del recs
            cur = nxt
        if pool is not None:
            pool.drain()
    finally:
        if pool is not None:
            pool.close()


class _UpsertPool:
    """At most n datastore_upsert calls in flight, each on a worker thread with its own
    requests.Session. Results are counted on the calling thread; after a failure nothing new
    is started and drain() raises the first failure in submission order once none is running."""

    def __init__(self, client: CkanClient, n: int, count: Callable[[str, int], None]):
        self.n = n
        self.count = count
        self.sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self.executor = ThreadPoolExecutor(
            max_workers=n, thread_name_prefix="datastore-load", initializer=self._init_worker, initargs=(client,)
        )
        self.inflight: list[tuple[int, str, Future[int]]] = []
        self.failed: list[tuple[int, BaseException]] = []
        self.seq = 0

    def _init_worker(self, client: CkanClient) -> None:
        s = client.worker_session()
        with self._lock:
            self.sessions.append(s)

    def _harvest(self, done: set[Future[int]]) -> None:
        keep = []
        for seq, kind, f in self.inflight:
            if f not in done:
                keep.append((seq, kind, f))
            elif f.exception() is not None:
                self.failed.append((seq, f.exception()))  # type: ignore[arg-type]
            else:
                self.count(kind, f.result())
        self.inflight = keep

    def _raise_first(self) -> None:
        if self.failed:
            self.drain_quietly()
            raise min(self.failed, key=lambda x: x[0])[1]

    def drain_quietly(self) -> None:
        if self.inflight:
            self._harvest(wait([f for _, _, f in self.inflight]).done)

    def drain(self) -> None:
        self.drain_quietly()
        self._raise_first()

    def submit(self, kind: str, fn: Callable[..., int], *args: Any) -> None:
        self._raise_first()
        while len(self.inflight) >= self.n:
            self._harvest(wait([f for _, _, f in self.inflight], return_when=FIRST_COMPLETED).done)
            self._raise_first()
        self.seq += 1
        self.inflight.append((self.seq, kind, self.executor.submit(fn, kind, *args)))

    def close(self) -> None:
        """Wait for what is still running (after an error elsewhere) and close the sessions."""
        self.drain_quietly()
        self.executor.shutdown(wait=True)
        with self._lock:
            for s in self.sessions:
                s.close()
            self.sessions.clear()
