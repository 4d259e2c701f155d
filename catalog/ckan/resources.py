"""The file resources of a dataset (Parquet, CSV, datapackage.json): exported, streamed up as
multipart uploads, checked; a CSV over the upload limit becomes a link to the datastore export;
preview views."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from catalog import plan as P
from catalog.ckan.client import CkanClient, create_verified
from catalog.ckan.report import CheckError
from catalog import exports
from catalog.ckan.tables import LocalTable
from config.loader import ProvinceConfig
from transforms.atomic import atomic_path
from transforms.parquet import file_sha256

log = logging.getLogger(__name__)

# ckanext-dcat writes a resource's hash_algorithm as spdx:algorithm
HASH_ALGORITHM = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
# CKAN refuses an upload above ckan.max_resource_size (MB; CKAN's default 10, deploy/ckan sets 100).
# catalog.max_upload_mb tells the publisher that limit: a CSV above it is published as a link to
# the Datastore's CSV export of the same table, any other file above it fails its dataset.
DEFAULT_MAX_UPLOAD_MB = 100
MIB = 1024 * 1024


def find_resource(client: CkanClient, package_id: str, key: str) -> dict[str, Any] | None:
    p = client.call("package_show", {"id": package_id})
    return next((r for r in p.get("resources") or [] if r.get("stcat_key") == key), None)


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


def apply_file_resource(
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
        exports.write_parquet_csv(local.path, path, local.table)
    else:
        path = workdir / d.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_bytes(local.datapackage)
    size = path.stat().st_size
    if limit is not None and size > limit:
        if d.key == "csv" and link_ok:
            return size
        raise CheckError(
            f"resource {d.filename}: {size / MIB:.1f} MB is over the catalog's max_upload_mb "
            f"({limit / MIB:g} MB, CKAN's ckan.max_resource_size); raise both to publish it"
        )
    sha = file_sha256(path)
    fields = _resource_fields(rp, sha)
    if d.key == "csv":
        fields["stcat_note"] = ""  # no longer a link to the datastore export, if it was one
    if rp.action == P.CREATE:
        res = create_verified(
            client,
            lambda: client.upload(
                "resource_create",
                {"package_id": package_id, **fields},
                path,
                filename=d.filename,
                content_type=d.mimetype or "application/octet-stream",
            ),
            lambda: find_resource(client, package_id, d.key),
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
        raise CheckError(f"resource {d.filename}: CKAN stored {res.get('size')} bytes, sent {size}")
    return None


VIEW_TITLES = {P.DATASTORE_VIEW: "Bảng dữ liệu / Table"}


def ensure_view(client: CkanClient, resource_id: str, view_type: str) -> None:
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


def apply_csv_link(
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
        create_verified(
            client,
            lambda: client.call("resource_create", {"package_id": package_id, **fields}, retries=0),
            lambda: find_resource(client, package_id, d.key),
            f"resource {d.name}",
        )
    else:
        client.call("resource_patch", {"id": rp.resource_id, **fields})
    log.info(
        "resource %s: %.1f MB over the upload limit, published as a link to the datastore export", d.name, size / MIB
    )
