"""The CKAN publisher (I/O half): read the catalog's state, plan, then apply the plan.

    client = connect(url, token, user_agent=cfg.user_agent)
    plan = plan_publish(cfg, {"tasks": Path(".../tasks.parquet"), ...}, client)
    log.info(plan.render())
    report = publish(cfg, plan, client)            # dry_run=True writes nothing

Modules, by responsibility: `client` (ckanapi's RemoteCKAN on a retrying session, errors, the
write counter), `tables` (the warehouse Parquet read in batches, datastore records), `plan`
(remote state -> catalog.plan.Plan), `resources` (file uploads, views, the CSV link),
`datastore` (row loads and their thread pool), `publish` (apply + report), `report`.

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

from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, ValidationError

from catalog.ckan.client import CkanClient, CkanUnavailable, connect, create_verified, is_write
from catalog.ckan.datastore import DEFAULT_DATASTORE_CONCURRENCY, datastore_concurrency, load_rows
from catalog.ckan.plan import plan_publish, remote_keys
from catalog.ckan.publish import publish
from catalog.ckan.report import DatasetReport, PublishError, PublishReport
from catalog.ckan.resources import max_upload_bytes
from catalog.ckan.tables import (
    LocalTable,
    datapackage_bytes,
    iter_arrow_batches,
    iter_record_batches,
    read_local,
    table_coverage,
    to_records,
)
from catalog.plan import MassDeletionError, Plan

__all__ = [
    "CKANAPIError",
    "CkanClient",
    "CkanUnavailable",
    "DEFAULT_DATASTORE_CONCURRENCY",
    "DatasetReport",
    "LocalTable",
    "MassDeletionError",
    "NotAuthorized",
    "NotFound",
    "Plan",
    "PublishError",
    "PublishReport",
    "ValidationError",
    "connect",
    "create_verified",
    "datapackage_bytes",
    "datastore_concurrency",
    "is_write",
    "iter_arrow_batches",
    "iter_record_batches",
    "load_rows",
    "max_upload_bytes",
    "plan_publish",
    "publish",
    "read_local",
    "remote_keys",
    "table_coverage",
    "to_records",
]
