"""Read CKAN's current state (no writes) and compute the Plan of a publish (catalog.plan is the
pure diff)."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from ckanapi.errors import CKANAPIError, NotFound, ValidationError

from catalog import package as pkg
from catalog import plan as P
from catalog.ckan.client import CkanClient
from catalog.ckan.tables import LocalTable, read_local, to_records
from catalog.plan import Plan
from config.loader import ProvinceConfig
from transforms import schemas
from transforms.reconcile import page_notes_for

log = logging.getLogger(__name__)

KEYS_PAGE = 32_000  # CKAN's default ckan.datastore.search.rows_max


def show_or_none(client: CkanClient, action: str, **kw: Any) -> dict[str, Any] | None:
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


def datastore_info(client: CkanClient, resource_id: str) -> dict[str, Any] | None:
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
    org = show_or_none(client, "organization_show", id=org_name, include_datasets=False)
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
        existing = show_or_none(client, "package_show", id=name) if org is not None else None
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
        info = datastore_info(client, ds.resource_id) if ds.resource_id else None
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
