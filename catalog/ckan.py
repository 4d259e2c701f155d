"""The CKAN publisher (I/O half): read the catalog's state, plan, then apply the plan.

    client = connect(url, token, user_agent=cfg.user_agent)
    plan = plan_publish(cfg, {"tasks": Path(".../tasks.parquet"), ...}, client)
    log.info(plan.render())
    report = publish(cfg, plan, client)            # dry_run=True writes nothing

Layout in CKAN (measured numbers in bench/results/ckan.md):
- one organization (cfg.publisher.ckan_organization), created if missing;
- one dataset per canonical table, named by `package.dataset_name`, scheming fields for the
  bilingual metadata, extras `stcat_table` / `stcat_province` / province codes;
- resources, each carrying `stcat_key` (stable identity), `stcat_source` (hash of what it
  was made from; equal -> skipped) and `stcat_sha256` / `hash` (sha256 of the uploaded file):
  `parquet`, `csv` (UTF-8 BOM, formula-safe), `datapackage` (data dictionary), and for
  tasks and publications a dedicated datastore-only resource `datastore` (url_type
  datastore) holding the typed table with the canonical primary key. List columns are
  stored as JSON text (`["a", "b"]`), dates stay ISO text (they may be `YYYY-MM`),
  timestamps are `timestamp`, integers `int8`, floats `numeric`.

Writes go only through `CkanClient`, which counts them (`client.write_calls`): a re-run with
nothing changed makes zero write calls. The API token lives only inside the client and never
appears in its repr, in exceptions, logs or reports.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import logging
import math
import os
import random
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import requests
from ckanapi.common import reverse_apicontroller_action
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, ValidationError

from catalog import exports
from catalog import package as pkg
from catalog import plan as P
from catalog.plan import MassDeletionError, Plan  # noqa: F401  (re-exported for the flow)
from transforms.reconcile import page_notes_for
from config.loader import ProvinceConfig
from extractors.redact import REDACTED, register_secret, register_url_secrets
from transforms import schemas
from transforms.parquet import atomic_path, file_sha256

log = logging.getLogger(__name__)

UPSERT_BATCH = 10_000
# ckanext-dcat writes a resource's hash_algorithm as spdx:algorithm
HASH_ALGORITHM = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
# CKAN refuses an upload above ckan.max_resource_size (MB; CKAN's default 10, deploy/ckan sets 100).
# catalog.max_upload_mb tells the publisher that limit: a CSV above it is published as a link to
# the Datastore's CSV export of the same table, any other file above it fails its dataset.
DEFAULT_MAX_UPLOAD_MB = 100
MIB = 1024 * 1024
DELETE_BATCH = 10_000
KEYS_PAGE = 32_000  # CKAN's default ckan.datastore.search.rows_max
READ_ACTIONS_SUFFIXES = ("_show", "_list", "_search", "_search_sql", "_autocomplete", "_info")


# --------------------------------------------------------------------------- errors


class CkanUnavailable(RuntimeError):
    """CKAN did not answer (connection error, timeout, HTTP 5xx) after the retries."""


class PublishError(RuntimeError):
    """A publish stopped: names the dataset; `report` holds what was done before."""

    def __init__(self, message: str, dataset: str, report: "PublishReport | None" = None):
        super().__init__(message)
        self.dataset = dataset
        self.report = report


# --------------------------------------------------------------------------- HTTP client


class _Secret:
    """A value that never shows itself: repr/str are redacted and it refuses to be pickled."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return REDACTED

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a secret (CKAN API token) cannot be pickled or serialized")


class _MultipartFile(io.RawIOBase):
    """A multipart/form-data body that streams one file from disk (constant memory).

    requests would read a file fully into memory to build a multipart body; this object is
    passed as `data=` instead, with a known length so the request has a Content-Length.
    """

    def __init__(self, fields: dict[str, str], file_field: str, path: Path, filename: str, content_type: str):
        self.boundary = uuid.uuid4().hex
        b = self.boundary
        head = io.BytesIO()
        for k, v in fields.items():
            head.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode())
            head.write(str(v).encode("utf-8") + b"\r\n")
        head.write(
            f'--{b}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        tail = f"\r\n--{b}--\r\n".encode()
        self._size = head.tell() + os.path.getsize(path) + len(tail)
        head.seek(0)
        self._parts: list[Any] = [head, open(path, "rb"), io.BytesIO(tail)]
        self._pos = 0

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # requests computes Content-Length as len - tell
        return self._pos

    def read(self, n: int = -1) -> bytes:
        out = bytearray()
        while self._parts and (n < 0 or len(out) < n):
            chunk = self._parts[0].read(-1 if n < 0 else n - len(out))
            if chunk:
                out += chunk
            else:
                self._parts.pop(0).close()
        self._pos += len(out)
        return bytes(out)

    def close(self) -> None:
        for p in self._parts:
            p.close()
        self._parts = []
        super().close()


def is_write(action: str) -> bool:
    """True for actions that change CKAN (everything but show/list/search/info)."""
    return not (action.endswith(READ_ACTIONS_SUFFIXES) or action in ("status_show", "help_show"))


class CkanClient:
    """A tiny CKAN action client: timeouts, a User-Agent, retries with backoff on 5xx and
    timeouts, CKAN's own exceptions (via ckanapi), and a counter of write calls."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        user_agent: str,
        timeout: tuple[float, float] = (5.0, 300.0),
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 15.0,
        session: requests.Session | None = None,
    ):
        # CKAN_URL may carry credentials (user:pw@...): they go on the wire only; `url`, the one
        # shown in messages and written into resource URLs, has none, and the redactor
        # (extractors.redact) scrubs them and the token from every message and log line
        register_url_secrets(url)
        register_secret(token)
        parts = urlsplit(url.strip())
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else (parts.hostname or "")
        self.url = urlunsplit(
            (parts.scheme, host + (f":{parts.port}" if parts.port else ""), parts.path.rstrip("/"), "", "")
        )
        if parts.query or parts.fragment:
            raise ValueError(
                f"CKAN URL {self.url}: a query string (?token=...) is not supported: CKAN reads "
                "a query instead of the request body; give the API token in CKAN_API_TOKEN"
            )
        self._endpoint = _Secret(urlunsplit(parts).rstrip("/"))
        self._token = _Secret(token)
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.session = session or requests.Session()
        self.calls: collections.Counter[str] = collections.Counter()
        self.write_calls = 0
        # counters are shared by the datastore load's worker threads; each of them sends
        # through its own requests.Session (worker_session), the calling thread through .session
        self._count_lock = threading.Lock()
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"CkanClient(url={self.url!r}, user_agent={self.user_agent!r})"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self._token.reveal(), "User-Agent": self.user_agent}

    def reset_counters(self) -> None:
        with self._count_lock:
            self.calls.clear()
            self.write_calls = 0

    def worker_session(self) -> requests.Session:
        """Give the calling (worker) thread its own requests.Session for this client's calls;
        the caller closes it when the thread is done."""
        s = requests.Session()
        s.trust_env, s.verify, s.cert = self.session.trust_env, self.session.verify, self.session.cert
        s.proxies = dict(self.session.proxies)
        self._local.session = s
        return s

    def _session(self) -> requests.Session:
        return getattr(self._local, "session", None) or self.session

    def call(self, action: str, data: dict[str, Any] | None = None, *, retries: int | None = None) -> Any:
        """POST one action with a JSON body (UTF-8, not \\u-escaped); return its result."""
        body = json.dumps(data or {}, ensure_ascii=False, default=_json_default).encode("utf-8")
        return self._send(action, lambda: (body, {"Content-Type": "application/json"}), retries)

    def upload(
        self,
        action: str,
        fields: dict[str, Any],
        path: Path,
        *,
        filename: str,
        content_type: str = "application/octet-stream",
        retries: int | None = 0,
    ) -> Any:
        """Call resource_create/resource_patch with a file streamed from disk as `upload`."""
        flat = {
            k: (json.dumps(v) if isinstance(v, (dict, list, bool)) else str(v))
            for k, v in fields.items()
            if v is not None
        }

        def make() -> tuple[Any, dict[str, str]]:
            body = _MultipartFile(flat, "upload", path, filename, content_type)
            return body, {"Content-Type": body.content_type}

        return self._send(action, make, retries)

    def _send(self, action: str, make_body: Callable[[], tuple[Any, dict[str, str]]], retries: int | None) -> Any:
        retries = self.retries if retries is None else retries
        url = f"{self.url}/api/3/action/{action}"  # shown, never sent
        wire = f"{self._endpoint.reveal()}/api/3/action/{action}"
        attempt = 0
        while True:
            body, headers = make_body()
            with self._count_lock:
                self.calls[action] += 1
                if is_write(action):
                    self.write_calls += 1
            problem: str
            try:
                r = self._session().post(
                    wire, data=body, headers={**self._headers(), **headers}, timeout=self.timeout, allow_redirects=False
                )
            except (requests.ConnectionError, requests.Timeout) as e:
                problem = f"{type(e).__name__}"
            else:
                if r.status_code < 500 or _is_ckan_error(r):
                    if r.status_code >= 500:
                        log.warning("CKAN %s answered HTTP %s with an error body", action, r.status_code)
                    return reverse_apicontroller_action(url, r.status_code, r.text)
                problem = f"HTTP {r.status_code}"
            finally:
                if hasattr(body, "close"):
                    body.close()
            if attempt >= retries:
                raise CkanUnavailable(
                    f"CKAN {self.url} action {action}: {problem} (after {attempt + 1} attempt{'s' if attempt else ''})"
                )
            delay = min(self.max_backoff, self.backoff * 2**attempt) * (0.75 + random.random() / 2)
            log.warning("CKAN %s: %s; retrying in %.1fs (%d/%d)", action, problem, delay, attempt + 1, retries)
            time.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self.session.close()


def _is_ckan_error(r: requests.Response) -> bool:
    """A 5xx carrying a CKAN error document (e.g. Search Index Error) is an answer, not an outage."""
    if "json" not in r.headers.get("Content-Type", ""):
        return False
    try:
        doc = r.json()
    except ValueError:
        return False
    err = doc.get("error") if isinstance(doc, dict) else None
    return isinstance(err, dict) and err.get("__type") in (
        "Validation Error",
        "Search Index Error",
        "Search Query Error",
        "Not Found Error",
    )


def _json_default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def connect(
    url: str,
    token: str,
    *,
    user_agent: str,
    timeout: tuple[float, float] = (5.0, 300.0),
    retries: int = 4,
    backoff: float = 1.0,
) -> CkanClient:
    """A client for the CKAN at `url` (the token stays inside the client)."""
    if not url:
        raise ValueError("CKAN url is empty")
    if not token:
        raise ValueError("CKAN API token is empty")
    return CkanClient(url, token, user_agent=user_agent, timeout=timeout, retries=retries, backoff=backoff)


# --------------------------------------------------------------------------- local side


@dataclass
class LocalTable:
    """What we know about a warehouse table without holding its rows."""

    table: str
    path: Path
    sha256: str
    rows: int
    coverage: pkg.Coverage
    package: dict[str, Any]  # package.build_package output
    datapackage: bytes


# Row count and period of a warehouse table: one implementation for both catalogs.
table_coverage = exports.table_coverage


def datapackage_bytes(package: dict[str, Any]) -> bytes:
    """The datapackage.json bytes for a dataset (same formatting as exports.write_json)."""
    base = pkg.TABLE_SLUGS[package["table"]]
    obj = exports.datapackage(package, {"csv": f"{base}.csv", "parquet": f"{base}.parquet"})
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_local(cfg: ProvinceConfig, table: str, path: Path, note: tuple[str, str] = ("", "")) -> LocalTable:
    path = Path(path)
    cov = replace(table_coverage(table, path), note_vi=note[0], note_en=note[1])
    package = pkg.build_package(cfg, table, cov)
    return LocalTable(table, path, file_sha256(path), cov.rows, cov, package, datapackage_bytes(package))


def write_csv_streaming(parquet: Path, out: Path, batch_rows: int = 50_000, table: str | None = None) -> None:
    """The people's CSV (UTF-8 BOM, formula-safe) of a Parquet file, batch by batch (memory stays
    flat); `table` names the canonical table for the Vietnamese layout (exports.public_table)."""
    exports.write_parquet_csv(parquet, out, table, batch_rows)


def to_records(batch: pa.RecordBatch | pa.Table) -> list[dict[str, Any]]:
    """Datastore records of an Arrow batch: timestamps ISO, lists JSON text, NaN as null, text
    formula-safe (exports.defuse)."""
    names = batch.schema.names
    cols: list[list[Any]] = []
    for name in names:
        col = batch.column(name)
        t = col.type
        if pa.types.is_dictionary(t):  # decoded: the datastore stores the values
            col = col.cast(t.value_type)
            t = col.type
        if pa.types.is_timestamp(t):
            iso = pc.strftime(col, format="%Y-%m-%dT%H:%M:%S")
            cols.append(pc.replace_substring_regex(iso, r"\.0+$", "").to_pylist())
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            cols.append([None if v is None else json.dumps(v, ensure_ascii=False) for v in col.to_pylist()])
        elif pa.types.is_floating(t):
            cols.append([None if v is None or math.isnan(v) else v for v in col.to_pylist()])
        elif pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
            # formula-safe: the datastore's CSV export (/datastore/dump) is a public CSV too
            cols.append(exports.defuse(col).to_pylist())
        else:
            cols.append(col.to_pylist())
    return [dict(zip(names, row)) for row in zip(*cols)]


def iter_arrow_batches(
    path: Path, keys: pa.Array | None, key: str, batch_rows: int = UPSERT_BATCH
) -> Iterator[pa.Table]:
    """Rows of a Parquet file (only those whose key is in `keys`, when given) as Arrow tables of
    `batch_rows` rows (the last one shorter), read batch by batch."""
    pf = pq.ParquetFile(path)
    pending: list[pa.RecordBatch] = []
    n = 0
    for batch in pf.iter_batches(batch_size=batch_rows):
        if keys is not None:
            batch = batch.filter(pc.is_in(batch.column(key), value_set=keys))
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        n += batch.num_rows
        while n >= batch_rows:
            t = pa.Table.from_batches(pending).combine_chunks()
            yield t.slice(0, batch_rows)
            rest = t.slice(batch_rows)
            pending, n = rest.to_batches(), rest.num_rows
    if n:
        yield pa.Table.from_batches(pending)


def iter_record_batches(
    path: Path, keys: pa.Array | None, key: str, batch_rows: int = UPSERT_BATCH
) -> Iterator[list[dict[str, Any]]]:
    """Rows of a Parquet file (only those whose key is in `keys`, when given) as record batches."""
    for t in iter_arrow_batches(path, keys, key, batch_rows):
        yield to_records(t)


# --------------------------------------------------------------------------- remote reads


def _show_or_none(client: CkanClient, action: str, **kw: Any) -> dict[str, Any] | None:
    try:
        return client.call(action, kw)
    except NotFound:
        return None


def remote_keys(client: CkanClient, resource_id: str, key: str, hash_col: str = "record_hash") -> pa.Table:
    """(key, record_hash) of every datastore row, paged by key (keyset) via datastore_search_sql."""
    pages: list[pa.Table] = []
    last: str | None = None
    table = '"' + resource_id.replace('"', '""') + '"'
    k, h = '"' + key.replace('"', '""') + '"', '"' + hash_col.replace('"', '""') + '"'
    while True:
        where = "" if last is None else "WHERE " + k + " > '" + last.replace("'", "''") + "' "
        sql = f"SELECT {k}, {h} FROM {table} {where}ORDER BY {k} LIMIT {KEYS_PAGE}"
        res = client.call("datastore_search_sql", {"sql": sql, "records_format": "lists"})
        recs = res.get("records") or []
        if recs:
            if isinstance(recs[0], dict):  # datastore_search_sql ignores records_format
                ks, hs = [r[key] for r in recs], [r[hash_col] for r in recs]
            else:
                ks, hs = zip(*recs)
            pages.append(pa.table({key: pa.array(ks, pa.string()), hash_col: pa.array(hs, pa.string())}))
            last = ks[-1]
        if len(recs) < KEYS_PAGE:
            break
    if not pages:
        return pa.table({key: pa.array([], pa.string()), hash_col: pa.array([], pa.string())})
    return pa.concat_tables(pages)


def _datastore_info(client: CkanClient, resource_id: str) -> dict[str, Any] | None:
    """Fields and row count of a datastore table, or None if it has no table."""
    try:
        res = client.call("datastore_search", {"resource_id": resource_id, "limit": 0, "include_total": True})
    except NotFound:
        return None
    return res


def _fields_match(existing: list[dict[str, Any]], desired: list[dict[str, Any]]) -> bool:
    have = [(f["id"], f["type"]) for f in existing if f["id"] != "_id"]
    return have == [(f["id"], f["type"]) for f in desired]


def _sample_rows(
    client: CkanClient, local: LocalTable, resource_id: str, key: str, changed: pa.Array, n: int
) -> list[tuple[Any, list[P.FieldDiff]]]:
    """Field diffs of up to n changed rows (one datastore read, one filtered Parquet read)."""
    keys = changed[:n].to_pylist()
    if not keys:
        return []
    res = client.call(
        "datastore_search", {"resource_id": resource_id, "filters": {key: keys}, "limit": n, "include_total": False}
    )
    old = {r[key]: {k: _iso(v) for k, v in r.items()} for r in res.get("records") or []}
    new_t = pq.read_table(local.path, filters=pc.is_in(pc.field(key), value_set=pa.array(keys)))
    out = []
    for rec in to_records(new_t):
        out.append(P.diff_records(rec[key], old.get(rec[key], {}), rec, ignore=("_id", "record_hash")))
    return out


# --------------------------------------------------------------------------- plan


def plan_publish(
    cfg: ProvinceConfig, tables: dict[str, Path], client: CkanClient, *, prune: bool = True, samples: int = 3
) -> Plan:
    """Read the catalog (no writes) and compute every change a publish would make.

    `tables` maps canonical table names to warehouse Parquet paths. With `prune`, datasets of
    this province that are not in `tables` (and are marked as ours) are planned for deletion.
    """
    org_name = cfg.publisher.ckan_organization
    org = _show_or_none(client, "organization_show", id=org_name, include_datasets=False)
    plan = Plan(organization=org_name, org_exists=org is not None, max_delete_share=cfg.catalog.max_delete_share)
    ours: dict[str, dict[str, Any]] = {}
    if org is not None:
        ours = _province_datasets(client, org["id"], cfg.province.code)
    plan.existing_datasets = len(ours)
    fields = _schema_fields(client)
    for table in pkg.PUBLISHED_TABLES:
        if table not in tables:
            continue
        local = read_local(cfg, table, Path(tables[table]), page_notes_for(table, tables))
        name = pkg.dataset_name(cfg, table)
        existing = _show_or_none(client, "package_show", id=name) if org is not None else None
        plan.datasets.append(_plan_dataset(client, cfg, local, name, existing, samples, fields))
    for table in tables:
        if table not in pkg.PUBLISHED_TABLES:
            raise ValueError(f"not a published table: {table!r} (expected one of {pkg.PUBLISHED_TABLES})")
    if prune:
        planned = {d.name for d in plan.datasets}
        for name, d in sorted(ours.items()):
            if name not in planned:
                table = P.existing_extras(d).get("stcat_table", "?")
                plan.datasets.append(P.DatasetPlan(table, name, P.DELETE, package_id=d["id"], num_rows=0))
    return plan


def _province_datasets(client: CkanClient, org_id: str, province: str) -> dict[str, dict[str, Any]]:
    """Active datasets in the organization marked as ours for this province (by extras)."""
    out: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        res = client.call(
            "package_search", {"fq": f"owner_org:{org_id}", "include_private": True, "rows": 1000, "start": start}
        )
        for d in res["results"]:
            if P.existing_extras(d).get("stcat_province") == province:
                out[d["name"]] = d
        start += len(res["results"])
        if not res["results"] or start >= res["count"]:
            return out


def _schema_fields(client: CkanClient) -> frozenset[str]:
    """Dataset field names of the scheming schema (empty when scheming is not installed)."""
    try:
        sch = client.call("scheming_dataset_schema_show", {"type": "dataset"})
    except (NotFound, ValidationError):
        return frozenset()
    except CKANAPIError as e:  # an unknown action answers 400 "Bad request - Action name not known"
        log.info("no scheming schema (%s): all non-core fields go to extras", e)
        return frozenset()
    return frozenset(f["field_name"] for f in sch.get("dataset_fields") or [])


def _plan_dataset(
    client: CkanClient,
    cfg: ProvinceConfig,
    local: LocalTable,
    name: str,
    existing: dict[str, Any] | None,
    samples: int,
    schema_fields: frozenset[str],
) -> P.DatasetPlan:
    table = local.table
    desired = P.desired_package(cfg, table, local.coverage, schema_fields)
    resources = P.desired_resources(
        table, name, local.sha256, stable_sha(local.datapackage), cfg.catalog.settings.get("max_upload_mb")
    )
    dp = P.DatasetPlan(table, name, P.SKIP, desired=desired, num_rows=local.rows)
    dp.inputs = local
    key = schemas.PRIMARY_KEYS[table][0]
    if existing is None:
        dp.action = P.CREATE
        dp.make_public = True
        dp.resources = P.diff_resources(resources, [])
        dp.views = [r.key for r in resources if r.view]
        if table in P.DATASTORE_TABLES:
            keys = pq.read_table(local.path, columns=[key]).column(key).combine_chunks().cast(pa.string())
            dp.rows = P.RowDiff(
                0, local.rows, keys, pa.array([], pa.string()), pa.array([], pa.string()), full_reload=True
            )
        dp.error = _check_keys(local, key) if table in P.DATASTORE_TABLES else ""
        return dp
    dp.package_id = existing["id"]
    dp.diffs = P.diff_package(desired, existing)
    dp.action = P.UPDATE if dp.diffs else P.SKIP
    dp.make_public = bool(existing.get("private"))
    dp.resources = P.diff_resources(resources, existing.get("resources") or [])
    dp.views = _missing_views(client, dp)
    ds = dp.resource("datastore")
    if ds is not None and (
        ds.action == P.CREATE
        or any(f.field == "stcat_source" for f in ds.diffs)
        or not _datastore_active(existing, ds.resource_id)
    ):
        dp.error = _check_keys(local, key)
        if dp.error:
            return dp
        info = _datastore_info(client, ds.resource_id) if ds.resource_id else None
        local_keys = pq.read_table(local.path, columns=[key, "record_hash"])
        if info is None:
            empty = local_keys.slice(0, 0)
            dp.rows = P.diff_rows(local_keys, empty, key)
            dp.rows.full_reload = True
        else:
            remote = remote_keys(client, ds.resource_id, key)
            dp.rows = P.diff_rows(local_keys, remote, key)
            if not _fields_match(info.get("fields") or [], pkg.datastore_fields(table)):
                dp.rows.full_reload = True  # column types changed: the table is rebuilt
            elif _resource_field(existing, ds.resource_id, "stcat_rows_version") != P.ROWS_VERSION:
                dp.rows.full_reload = True  # rows are made differently now (e.g. formula-safe text)
            elif samples and len(dp.rows.changed):
                dp.rows.samples = _sample_rows(client, local, ds.resource_id, key, dp.rows.changed, samples)
        if ds.action == P.SKIP:
            ds.action = P.UPDATE
            ds.reason = "datastore table incomplete"
    return dp


def _missing_views(client: CkanClient, dp: P.DatasetPlan) -> list[str]:
    """Keys of planned resources that should have a preview view and have none (one read each)."""
    out = []
    for rp in dp.resources:
        d = rp.desired
        if d is None or not d.view or rp.action == P.DELETE:
            continue
        if rp.action == P.CREATE or rp.resource_id is None:
            out.append(d.key)
            continue
        views = client.call("resource_view_list", {"id": rp.resource_id})
        if not any(v.get("view_type") == d.view for v in views or []):
            out.append(d.key)
    return out


def _resource_field(existing: dict[str, Any], rid: str | None, name: str) -> Any:
    return next((r.get(name) for r in existing.get("resources") or [] if r["id"] == rid), None)


_FRACTION = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.0+$")


def _iso(v: Any) -> Any:
    """'2026-01-02T03:04:05.000' (datastore) -> '2026-01-02T03:04:05' (as we send it)."""
    return _FRACTION.sub(r"\1", v) if isinstance(v, str) else v


def _datastore_active(existing: dict[str, Any], rid: str | None) -> bool:
    for r in existing.get("resources") or []:
        if r["id"] == rid:
            return bool(r.get("datastore_active"))
    return False


def _check_keys(local: LocalTable, key: str) -> str:
    col = pq.read_table(local.path, columns=[key]).column(key)
    nulls = col.null_count
    distinct = pc.count_distinct(col).as_py()
    if nulls or distinct != local.rows:
        return f"primary key {key!r} must be unique and non-null: {nulls} nulls, {local.rows - nulls - distinct} duplicates"
    return ""


def stable_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- report


@dataclass
class DatasetReport:
    table: str
    name: str
    outcome: str = "unchanged"  # created | updated | unchanged | deleted | errored
    rows_added: int = 0
    rows_changed: int = 0
    rows_deleted: int = 0
    resources_created: int = 0
    resources_updated: int = 0
    resources_deleted: int = 0
    views_created: int = 0
    error: str = ""
    error_details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    datastore_seconds: float = 0.0  # time spent loading rows (read, convert, send, CKAN)


@dataclass
class PublishReport:
    organization: str
    dry_run: bool = False
    org_created: bool = False
    datasets: list[DatasetReport] = field(default_factory=list)
    write_calls: int = 0
    seconds: float = 0.0
    plan: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.outcome == "errored" for d in self.datasets)

    @property
    def errors(self) -> list[DatasetReport]:
        return [d for d in self.datasets if d.outcome == "errored"]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        return d


# --------------------------------------------------------------------------- publish


def publish(
    cfg: ProvinceConfig,
    plan: Plan,
    client: CkanClient,
    *,
    force: bool = False,
    dry_run: bool = False,
    workdir: Path | None = None,
) -> PublishReport:
    """Apply a plan. Guards first (MassDeletionError unless force), then org, then each dataset.

    `workdir` receives the exported CSV / datapackage.json files before upload (a temporary
    directory, removed afterwards, when None).

    CKAN outages (after retries) raise PublishError naming the dataset; validation and other
    4xx errors are recorded per dataset in the report and the other datasets go on.
    """
    t0 = time.perf_counter()
    writes0 = client.write_calls
    report = PublishReport(plan.organization, dry_run=dry_run, plan=plan.render())
    if not force:
        plan.check_guards()
    datastore_concurrency(cfg)  # a bad setting fails before anything is written
    if dry_run:
        log.info("dry run, nothing written:\n%s", report.plan)
        report.datasets = [DatasetReport(d.table, d.name, outcome="planned") for d in plan.datasets]
        return report
    if workdir is None:  # exported files (CSV, datapackage.json) live only until uploaded
        with tempfile.TemporaryDirectory(prefix="stcat-ckan-") as tmp:
            return _publish(cfg, plan, client, report, Path(tmp), t0, writes0)
    return _publish(cfg, plan, client, report, Path(workdir), t0, writes0)


def _publish(
    cfg: ProvinceConfig, plan: Plan, client: CkanClient, report: PublishReport, workdir: Path, t0: float, writes0: int
) -> PublishReport:
    try:
        org_id = _ensure_org(client, cfg, plan)
    except CkanUnavailable as e:
        raise PublishError(f"organization {plan.organization}: {e}", plan.organization, report) from e
    report.org_created = not plan.org_exists
    for dp in plan.datasets:
        dr = DatasetReport(dp.table, dp.name)
        report.datasets.append(dr)
        t1 = time.perf_counter()
        try:
            if dp.error:
                raise _PlanError(dp.error)
            _apply_dataset(client, cfg, dp, org_id, workdir / dp.name, dr)
        except CkanUnavailable as e:
            dr.outcome, dr.error = "errored", str(e)
            report.write_calls = client.write_calls - writes0
            raise PublishError(f"publishing dataset {dp.name} failed: {e}", dp.name, report) from e
        except ValidationError as e:
            dr.outcome, dr.error = "errored", "CKAN validation error"
            dr.error_details = dict(getattr(e, "error_dict", {}) or {})
            log.error("dataset %s: CKAN validation error %s", dp.name, dr.error_details)
        except (NotAuthorized, NotFound, CKANAPIError, _PlanError, _CheckError) as e:
            dr.outcome, dr.error = "errored", f"{type(e).__name__}: {e}"
            details = e.args[0] if e.args and isinstance(e.args[0], dict) else {}
            dr.error_details = dict(details)
            log.error("dataset %s: %s", dp.name, dr.error)
        finally:
            dr.seconds = round(time.perf_counter() - t1, 3)
    report.write_calls = client.write_calls - writes0
    report.seconds = round(time.perf_counter() - t0, 3)
    log.info(
        "published to %s: %d write calls, %s",
        client.url,
        report.write_calls,
        {d.name: d.outcome for d in report.datasets},
    )
    return report


class _PlanError(RuntimeError):
    """A dataset the plan found unpublishable (e.g. duplicate primary keys)."""


class _CheckError(RuntimeError):
    """A staged dataset failed its check (row count) and stays private."""


def _ensure_org(client: CkanClient, cfg: ProvinceConfig, plan: Plan) -> str:
    """The organization's id; created if missing. organization_create may answer 500 and
    still save it (CKAN counts datasets in Solr afterwards), so any failure is re-checked."""
    name = plan.organization
    if plan.org_exists:
        org = _show_or_none(client, "organization_show", id=name, include_datasets=False)
        if org is not None:
            return org["id"]
    data = {
        "name": name,
        "title": cfg.publisher.name,
        "description": pkg.sanitize_text(
            f"{cfg.publisher.name} / {cfg.publisher.name_en}" if cfg.publisher.name_en else cfg.publisher.name
        ),
    }
    for attempt in range(client.retries + 1):
        try:
            return client.call("organization_create", data, retries=0)["id"]
        except (CkanUnavailable, CKANAPIError) as e:
            org = _show_or_none(client, "organization_show", id=name, include_datasets=False)
            if org is not None:
                log.info("organization_create %s answered %s but the organization exists: using it", name, e)
                return org["id"]
            if isinstance(e, ValidationError) or attempt == client.retries:
                raise
            time.sleep(min(client.max_backoff, client.backoff * 2**attempt))
    raise AssertionError("unreachable")


def _create_verified(
    client: CkanClient, create: Callable[[], dict[str, Any]], find: Callable[[], dict[str, Any] | None], what: str
) -> dict[str, Any]:
    """Run a non-idempotent create; after an outage, look for what it may have made before retrying."""
    for attempt in range(client.retries + 1):
        try:
            return create()
        except CkanUnavailable:
            if attempt == client.retries:
                raise
            time.sleep(min(client.max_backoff, client.backoff * 2**attempt))
            try:
                found = find()
            except CkanUnavailable:
                continue
            if found is not None:
                log.info("%s: created despite the error, reusing %s", what, found.get("id"))
                return found
    raise AssertionError("unreachable")


def _find_resource(client: CkanClient, package_id: str, key: str) -> dict[str, Any] | None:
    p = client.call("package_show", {"id": package_id})
    return next((r for r in p.get("resources") or [] if r.get("stcat_key") == key), None)


def _apply_dataset(
    client: CkanClient, cfg: ProvinceConfig, dp: P.DatasetPlan, org_id: str, workdir: Path, dr: DatasetReport
) -> None:
    if dp.action == P.DELETE:
        client.call("package_delete", {"id": dp.package_id})
        dr.outcome = "deleted"
        return
    local: LocalTable = dp.inputs
    desired = P.to_ckan_package(dp.desired or {})
    desired["owner_org"] = org_id
    if dp.action == P.CREATE:
        body = {**desired, "private": True}
        pkg_dict = _create_verified(
            client,
            lambda: client.call("package_create", body, retries=0),
            lambda: _show_or_none(client, "package_show", id=dp.name),
            f"dataset {dp.name}",
        )
        dp.package_id = pkg_dict["id"]
        dr.outcome = "created"
    elif dp.diffs:
        patch: dict[str, Any] = {"id": dp.package_id}
        changed = {f.field.split(".")[0] for f in dp.diffs}
        for f in changed:
            if f == "extras":
                current = _show_or_none(client, "package_show", id=dp.package_id) or {}
                merged = {**P.existing_extras(current), **dp.desired["extras"]}  # type: ignore[index]
                patch["extras"] = [{"key": k, "value": v} for k, v in sorted(merged.items())]
            elif f == "owner_org":
                patch["owner_org"] = org_id
            elif f == "state":  # a dataset deleted by an earlier run comes back
                patch["state"] = "active"
            elif f in desired:
                patch[f] = desired[f]
        client.call("package_patch", patch)
        dr.outcome = "updated"
    package_id = dp.package_id
    assert package_id is not None

    datastore_rp: P.ResourcePlan | None = None
    limit = max_upload_bytes(cfg)
    has_datastore = any(rp.key == "datastore" and rp.action != P.DELETE for rp in dp.resources)
    too_large: tuple[P.ResourcePlan, int] | None = None
    for rp in dp.resources:
        if rp.action == P.DELETE:
            try:
                client.call("resource_delete", {"id": rp.resource_id})
            except NotFound:
                log.info("resource %s already gone", rp.resource_id)
            dr.resources_deleted += 1
        elif rp.key == "datastore":
            datastore_rp = rp
        elif rp.action in (P.CREATE, P.UPDATE):
            size = _apply_file_resource(client, package_id, rp, local, workdir, limit=limit, link_ok=has_datastore)
            if size is not None:  # too large to upload: linked once the datastore is there
                too_large = (rp, size)
                continue
            if rp.action == P.CREATE:
                dr.resources_created += 1
            else:
                dr.resources_updated += 1
    datastore_id = datastore_rp.resource_id if datastore_rp is not None else None
    if datastore_rp is not None and (datastore_rp.action != P.SKIP or (dp.rows and not dp.rows.empty)):
        datastore_id = _apply_datastore(client, package_id, datastore_rp, dp, local, dr, datastore_concurrency(cfg))
    for key in dp.views:
        rid = (
            datastore_id
            if key == "datastore"
            else next((r.resource_id for r in dp.resources if r.key == key and r.action != P.DELETE), None)
        )
        rp_view = dp.resource(key)
        if rid is None or rp_view is None or rp_view.desired is None:
            continue
        _ensure_view(client, rid, rp_view.desired.view)
        dr.views_created += 1
    if too_large is not None:
        rp, size = too_large
        assert datastore_id is not None
        _apply_csv_link(client, package_id, rp, datastore_id, size, limit)
        if rp.action == P.CREATE:
            dr.resources_created += 1
        else:
            dr.resources_updated += 1
    if dp.make_public:
        client.call("package_patch", {"id": package_id, "private": False})
    if dr.outcome == "unchanged" and (
        dr.resources_created
        or dr.resources_updated
        or dr.resources_deleted
        or dr.views_created
        or dr.rows_added
        or dr.rows_changed
        or dr.rows_deleted
        or dp.make_public
    ):
        dr.outcome = "updated"


def _resource_fields(rp: P.ResourcePlan, sha: str | None) -> dict[str, Any]:
    d = rp.desired
    assert d is not None
    out: dict[str, Any] = {**d.metadata(), "stcat_key": d.key, "stcat_source": d.source}
    if sha:
        out["stcat_sha256"] = sha
        out["hash"] = sha
        out["hash_algorithm"] = HASH_ALGORITHM
    return out


def max_upload_bytes(cfg: ProvinceConfig) -> int:
    """The largest file the catalog accepts (``catalog.max_upload_mb``, MB as CKAN counts them)."""
    return int(float(cfg.catalog.settings.get("max_upload_mb", DEFAULT_MAX_UPLOAD_MB)) * MIB)


def _apply_file_resource(
    client: CkanClient,
    package_id: str,
    rp: P.ResourcePlan,
    local: LocalTable,
    workdir: Path,
    *,
    limit: int | None = None,
    link_ok: bool = False,
) -> int | None:
    """Upload (or patch) one file resource. A CSV above ``limit`` is not uploaded when
    ``link_ok`` (the dataset has a datastore table): its size is returned and the caller links
    it to the datastore's CSV export; any other file above the limit fails the dataset."""
    d = rp.desired
    assert d is not None
    if not rp.upload:  # metadata only
        client.call("resource_patch", {"id": rp.resource_id, **d.metadata(), **_hash_fix(rp)})
        return None
    if d.key == "parquet":
        path = local.path
    elif d.key == "csv":
        path = workdir / d.filename
        write_csv_streaming(local.path, path, table=local.table)
    else:
        path = workdir / d.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_bytes(local.datapackage)
    size = path.stat().st_size
    if limit is not None and size > limit:
        if d.key == "csv" and link_ok:
            return size
        raise _CheckError(
            f"resource {d.filename}: {size / MIB:.1f} MB is over the catalog's max_upload_mb "
            f"({limit / MIB:g} MB, CKAN's ckan.max_resource_size); raise both to publish it"
        )
    sha = file_sha256(path)
    fields = _resource_fields(rp, sha)
    if d.key == "csv":
        fields["stcat_note"] = ""  # no longer a link to the datastore export, if it was one
    if rp.action == P.CREATE:
        res = _create_verified(
            client,
            lambda: client.upload(
                "resource_create",
                {"package_id": package_id, **fields},
                path,
                filename=d.filename,
                content_type=d.mimetype or "application/octet-stream",
            ),
            lambda: _find_resource(client, package_id, d.key),
            f"resource {d.name}",
        )
    else:
        res = client.upload(
            "resource_patch",
            {"id": rp.resource_id, **fields},
            path,
            filename=d.filename,
            content_type=d.mimetype or "application/octet-stream",
            retries=None,
        )
    if res.get("size") not in (None, size):
        raise _CheckError(f"resource {d.filename}: CKAN stored {res.get('size')} bytes, sent {size}")
    return None


VIEW_TITLES = {P.DATASTORE_VIEW: "Bảng dữ liệu / Table"}


def _ensure_view(client: CkanClient, resource_id: str, view_type: str) -> None:
    """A preview view of a resource (checked first: CKAN may have made a default one)."""
    views = client.call("resource_view_list", {"id": resource_id})
    if any(v.get("view_type") == view_type for v in views or []):
        return
    client.call(
        "resource_view_create",
        {"resource_id": resource_id, "view_type": view_type, "title": VIEW_TITLES.get(view_type, view_type)},
    )


def _hash_fix(rp: P.ResourcePlan) -> dict[str, str]:
    """The bare hash and its algorithm when the plan found the stored hash in another form."""
    fd = next((f for f in rp.diffs if f.field == "hash"), None)
    return {} if fd is None else {"hash": fd.new, "hash_algorithm": HASH_ALGORITHM}


def _apply_csv_link(
    client: CkanClient, package_id: str, rp: P.ResourcePlan, datastore_id: str, size: int, limit: int
) -> None:
    """The CSV resource as a link to CKAN's CSV export of the datastore table (``/datastore/dump``,
    with a byte order mark so Excel reads Vietnamese correctly): the same rows, streamed by CKAN,
    when the file is too large to upload."""
    d = rp.desired
    assert d is not None
    note = (
        f"\n\nTệp CSV ({size / MIB:.0f} MB) vượt giới hạn tải lên ({limit / MIB:g} MB): liên kết này xuất "
        f"CSV trực tiếp từ Datastore.\n\nThe CSV file ({size / MIB:.0f} MB) is over the upload limit "
        f"({limit / MIB:g} MB): this link exports the CSV from the Datastore."
    )
    fields = {
        **d.metadata(),
        "description": d.description + note,
        "stcat_note": note,
        "stcat_key": d.key,
        "stcat_source": d.source,
        "stcat_sha256": "",
        "hash": "",
        "url_type": "",
        "url": f"{client.url}/datastore/dump/{datastore_id}?bom=True",
    }
    if rp.action == P.CREATE:
        _create_verified(
            client,
            lambda: client.call("resource_create", {"package_id": package_id, **fields}, retries=0),
            lambda: _find_resource(client, package_id, d.key),
            f"resource {d.name}",
        )
    else:
        client.call("resource_patch", {"id": rp.resource_id, **fields})
    log.info(
        "resource %s: %.1f MB over the upload limit, published as a link to the datastore export", d.name, size / MIB
    )


def _apply_datastore(
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
            r = _find_resource(client, package_id, "datastore")
            return None if r is None else {"resource_id": r["id"], "found": True}

        made = _create_verified(client, create, find, f"datastore of {dp.name}")
        rid = made["resource_id"]
        if made.get("found") and _datastore_info(client, rid) is None:
            # the resource was made but its table was not: create the table now
            client.call(
                "datastore_create",
                {
                    "resource_id": rid,
                    "fields": fields,
                    "primary_key": [key],
                    "force": True,
                    "calculate_record_count": False,
                },
            )
        fresh = True
        dr.resources_created += 1
    elif rows is not None and rows.full_reload:
        try:
            client.call("datastore_delete", {"resource_id": rid, "force": True})
        except NotFound:
            log.info("datastore table of %s was missing", rid)
        client.call(
            "datastore_create",
            {
                "resource_id": rid,
                "fields": fields,
                "primary_key": [key],
                "force": True,
                "calculate_record_count": False,
            },
        )
        fresh = True
    if rows is not None:
        t0 = time.perf_counter()
        _load_rows(client, rid, key, rows, local, fresh, dr, concurrency)
        dr.datastore_seconds = round(time.perf_counter() - t0, 3)
    info = _datastore_info(client, rid)
    total = (info or {}).get("total")
    if total != local.rows:
        raise _CheckError(f"datastore of {dp.name} holds {total} rows, the warehouse table {local.rows}")
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


# 2: the 200,000-row tasks load ran at ~5,300 rows/s against ~2,650 with 1 on the local stack
# (2 gunicorn workers; 3 was no better than 2), see bench/results/ckan.md
DEFAULT_DATASTORE_CONCURRENCY = 2


def datastore_concurrency(cfg: ProvinceConfig) -> int:
    """``catalog.datastore_concurrency``: datastore_upsert calls in flight at once while loading
    rows (1 = one after the other). Measured in bench/results/ckan.md."""
    n = cfg.catalog.settings.get("datastore_concurrency", DEFAULT_DATASTORE_CONCURRENCY)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 8:
        raise ValueError(f"catalog.datastore_concurrency: an integer from 1 to 8, got {n!r}")
    return n


def _load_rows(
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
