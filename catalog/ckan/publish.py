"""Apply a Plan to CKAN: guards, the organization, then each dataset (staged: private until
filled and checked), and the report of what was done."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, ValidationError

from catalog import package as pkg
from catalog import plan as P
from catalog.ckan.client import CkanClient, CkanUnavailable, create_verified
from catalog.ckan.datastore import apply_datastore, datastore_concurrency
from catalog.ckan.plan import show_or_none
from catalog.ckan.report import CheckError, DatasetReport, PlanError, PublishError, PublishReport
from catalog.ckan.resources import apply_csv_link, apply_file_resource, ensure_view, max_upload_bytes
from catalog.ckan.tables import LocalTable
from catalog.plan import Plan
from config.loader import ProvinceConfig

log = logging.getLogger(__name__)


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
                raise PlanError(dp.error)
            _apply_dataset(client, cfg, dp, org_id, workdir / dp.name, dr)
        except CkanUnavailable as e:
            dr.outcome, dr.error = "errored", str(e)
            report.write_calls = client.write_calls - writes0
            raise PublishError(f"publishing dataset {dp.name} failed: {e}", dp.name, report) from e
        except ValidationError as e:
            dr.outcome, dr.error = "errored", "CKAN validation error"
            dr.error_details = dict(getattr(e, "error_dict", {}) or {})
            log.error("dataset %s: CKAN validation error %s", dp.name, dr.error_details)
        except (NotAuthorized, NotFound, CKANAPIError, PlanError, CheckError) as e:
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


def _ensure_org(client: CkanClient, cfg: ProvinceConfig, plan: Plan) -> str:
    """The organization's id; created if missing. organization_create may answer 500 and
    still save it (CKAN counts datasets in Solr afterwards), so any failure is re-checked."""
    name = plan.organization
    if plan.org_exists:
        org = show_or_none(client, "organization_show", id=name, include_datasets=False)
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
            org = show_or_none(client, "organization_show", id=name, include_datasets=False)
            if org is not None:
                log.info("organization_create %s answered %s but the organization exists: using it", name, e)
                return org["id"]
            if isinstance(e, ValidationError) or attempt == client.retries:
                raise
            time.sleep(min(client.max_backoff, client.backoff * 2**attempt))
    raise AssertionError("unreachable")


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
        pkg_dict = create_verified(
            client,
            lambda: client.call("package_create", body, retries=0),
            lambda: show_or_none(client, "package_show", id=dp.name),
            f"dataset {dp.name}",
        )
        dp.package_id = pkg_dict["id"]
        dr.outcome = "created"
    elif dp.diffs:
        patch: dict[str, Any] = {"id": dp.package_id}
        changed = {f.field.split(".")[0] for f in dp.diffs}
        for f in changed:
            if f == "extras":
                current = show_or_none(client, "package_show", id=dp.package_id) or {}
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
            size = apply_file_resource(client, package_id, rp, local, workdir, limit=limit, link_ok=has_datastore)
            if size is not None:  # too large to upload: linked once the datastore is there
                too_large = (rp, size)
                continue
            if rp.action == P.CREATE:
                dr.resources_created += 1
            else:
                dr.resources_updated += 1
    datastore_id = datastore_rp.resource_id if datastore_rp is not None else None
    if datastore_rp is not None and (datastore_rp.action != P.SKIP or (dp.rows and not dp.rows.empty)):
        datastore_id = apply_datastore(client, package_id, datastore_rp, dp, local, dr, datastore_concurrency(cfg))
    for key in dp.views:
        rid = (
            datastore_id
            if key == "datastore"
            else next((r.resource_id for r in dp.resources if r.key == key and r.action != P.DELETE), None)
        )
        rp_view = dp.resource(key)
        if rid is None or rp_view is None or rp_view.desired is None:
            continue
        ensure_view(client, rid, rp_view.desired.view)
        dr.views_created += 1
    if too_large is not None:
        rp, size = too_large
        assert datastore_id is not None
        apply_csv_link(client, package_id, rp, datastore_id, size, limit)
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
