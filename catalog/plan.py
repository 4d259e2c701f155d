"""The pure half of publishing: what the catalog should hold, and the plan of changes to get there.

Nothing here does I/O (over ~500 lines because desired state, diffs, guards and the Plan with
its rendering are one pure unit, read together). `catalog.ckan` reads the current state of a CKAN (package dicts,
resource dicts, the datastore's primary keys and record hashes), calls the functions here to
compute a `Plan`, and then applies it. Keeping the diff pure makes it testable without a
server and lets `dry_run` show exactly what a run would do.

Identity rules (stable across runs):
- a dataset is found by its ASCII name (`package.dataset_name`), and marked as ours with
  the extras `stcat_table` and `stcat_province`;
- a resource is found by the key stored in it (`stcat_key`: parquet, csv, datapackage,
  datastore); duplicates of a key and resources carrying a key that is not planned are
  strays and get deleted; resources without a key (added by people) are left alone;
- a resource is unchanged when its stored `stcat_source` (hash of the inputs it was made
  from) equals the planned one; a datastore row is unchanged when its `record_hash` is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from catalog import package as pkg
from config.loader import ProvinceConfig

# Tables whose rows also go into the CKAN datastore (queryable API), not only as files.
DATASTORE_TABLES: tuple[str, ...] = ("tasks", "publications", "statistics", "reconciliation")
# Bumped when the bytes of an exported file would change for the same input (CSV layout…).
EXPORT_VERSION = "2"  # 2: the people's CSV (Vietnamese headers and values), OWASP-complete defusing
# Bumped when the rows sent to the datastore change for the same input: the table is reloaded.
ROWS_VERSION = "2"  # 2: text cells formula-safe (the datastore's CSV export is public)

# Package fields compared between the desired and the existing dataset. Scheming fields of
# deploy/ckan/stcat_dataset.yaml plus core ones; anything else goes into `extras`.
PACKAGE_FIELDS: tuple[str, ...] = (
    "title",
    "title_en",
    "notes",
    "notes_en",
    "license_id",
    "url",
    "version",
    "temporal_start",
    "temporal_end",
    "spatial_coverage",
    "update_frequency",
    "contact_name",
    "contact_email",
    "spatial_text",
    "frequency",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
)
# Keys of build_package that the scheming schema has no field for: stored as extras.
EXTRA_FIELDS: tuple[str, ...] = ("province_code", "province_code_legacy")

CREATE, UPDATE, SKIP, DELETE = "create", "update", "skip", "delete"
# The preview people get of a datastore table (CKAN's datatables_view plugin).
DATASTORE_VIEW = "datatables_view"
_SIGN = {CREATE: "+", UPDATE: "~", SKIP: "=", DELETE: "\u2212"}


class MassDeletionError(RuntimeError):
    """A run would delete more than the allowed share of a dataset's rows or of the catalog."""

    def __init__(self, what: str, deleting: int, existing: int, max_share: float):
        self.what, self.deleting, self.existing, self.max_share = what, deleting, existing, max_share
        share = deleting / existing if existing else 1.0
        super().__init__(
            f"refusing to delete {deleting} of {existing} {what} ({share:.1%} > allowed "
            f"{max_share:.0%}); check the sources, or re-run with force=True if this is intended"
        )


# --------------------------------------------------------------------------- desired state


def stable_hash(obj: Any) -> str:
    """sha256 of a JSON-able object in canonical form (sorted keys, UTF-8)."""
    data = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


_NOT_COMPARED = ("name", "owner_org", "tags", "extras")


def desired_package(
    cfg: ProvinceConfig, table: str, coverage: pkg.Coverage, schema_fields: set[str] | frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The CKAN package dict we want for one table (no resources; `owner_org` is the org name).

    `schema_fields` are the dataset fields of CKAN's scheming schema: a key of EXTRA_FIELDS
    that the schema defines goes top-level (scheming rejects an extra named like a field).
    """
    p = pkg.build_package(cfg, table, coverage)
    out: dict[str, Any] = {k: p.get(k) or "" for k in PACKAGE_FIELDS}
    out["notes"] = p["notes"]  # built from config text already passed through sanitize_text
    out["name"] = p["name"]
    out["owner_org"] = p["owner_org"]
    out["tags"] = sorted(t["name"] for t in p["tags"])
    for k in EXTRA_FIELDS:
        if k in schema_fields:
            out[k] = str(p.get(k) or "")
    extras = {k: str(p[k]) for k in EXTRA_FIELDS if p.get(k) not in (None, "") and k not in schema_fields}
    extras.update(
        {"stcat_table": table, "stcat_province": cfg.province.code, "stcat_schema_version": str(p["version"])}
    )
    out["extras"] = extras
    return out


def to_ckan_package(desired: dict[str, Any]) -> dict[str, Any]:
    """Desired package in the shape package_create/patch take (tags and extras as lists)."""
    d = {k: v for k, v in desired.items() if k not in ("tags", "extras")}
    d["tags"] = [{"name": t} for t in desired["tags"]]
    d["extras"] = [{"key": k, "value": v} for k, v in sorted(desired["extras"].items())]
    return d


@dataclass(frozen=True)
class DesiredResource:
    """One resource we want: its stable key, metadata, and the hash of what it is made from."""

    key: str
    name: str
    description: str
    format: str
    mimetype: str
    source: str  # hash of the inputs; equal -> the resource is unchanged
    upload: bool = True  # False for the datastore-only resource
    filename: str = ""  # the uploaded file's name (the name people see is in words)
    view: str = ""  # CKAN resource view the resource gets (datatables_view for datastore tables)

    def metadata(self) -> dict[str, str]:
        return {"name": self.name, "description": self.description, "format": self.format, "mimetype": self.mimetype}


def desired_resources(
    table: str, dataset: str, parquet_sha: str, datapackage_sha: str, max_upload_mb: float | None = None
) -> list[DesiredResource]:
    """The resources of one dataset: Parquet, CSV, data dictionary, and (some tables) datastore.

    ``max_upload_mb``, when the catalog sets it, is part of what the CSV resource is made from:
    the CSV is uploaded or, above the limit, linked to the datastore export, so a changed limit
    re-decides it.
    """
    desc = pkg.resource_descriptions(table)
    names = pkg.resource_names(table)
    base = pkg.TABLE_SLUGS[table]
    out: list[DesiredResource] = []
    csv_inputs: list[Any] = ["csv", EXPORT_VERSION, parquet_sha]
    if max_upload_mb is not None:
        csv_inputs.append(float(max_upload_mb))
    for key, suffix, fmt, media in pkg.RESOURCE_FORMATS:
        vi, en = desc[key]
        source = {"parquet": parquet_sha, "csv": stable_hash(csv_inputs), "datapackage": datapackage_sha}[key]
        out.append(DesiredResource(key, names[key], f"{vi}\n\n{en}", fmt, media, source, filename=f"{base}{suffix}"))
    if table in DATASTORE_TABLES:
        vi, en = desc["datastore"]
        out.append(
            DesiredResource(
                "datastore",
                names["datastore"],
                f"{vi}.\n\n{en}.",
                "API",
                "application/json",
                stable_hash(["datastore", EXPORT_VERSION, ROWS_VERSION, parquet_sha]),
                upload=False,
                view=DATASTORE_VIEW,
            )
        )
    return out


# --------------------------------------------------------------------------- diffs


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: Any
    new: Any

    def render(self, width: int = 60) -> str:
        return f"{self.field}: {_short(self.old, width)} \u2192 {_short(self.new, width)}"


def _short(v: Any, width: int) -> str:
    s = repr(v)
    return s if len(s) <= width else s[: width - 1] + "\u2026"


def _norm(v: Any) -> Any:
    return "" if v is None else v


def existing_extras(existing: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in existing.get("extras") or []}


def diff_package(desired: dict[str, Any], existing: dict[str, Any]) -> list[FieldDiff]:
    """Field differences between the desired package and CKAN's package_show dict."""
    diffs = [
        FieldDiff(k, existing.get(k), v)
        for k, v in desired.items()
        if k not in _NOT_COMPARED and _norm(existing.get(k)) != _norm(v)
    ]
    org = (existing.get("organization") or {}).get("name")
    if org != desired["owner_org"]:
        diffs.append(FieldDiff("owner_org", org, desired["owner_org"]))
    old_tags = sorted(t["name"] for t in existing.get("tags") or [])
    if old_tags != desired["tags"]:
        diffs.append(FieldDiff("tags", old_tags, desired["tags"]))
    old_extras = existing_extras(existing)
    for k, v in sorted(desired["extras"].items()):
        if old_extras.get(k) != v:
            diffs.append(FieldDiff(f"extras.{k}", old_extras.get(k), v))
    if existing.get("state") not in (None, "active"):
        diffs.append(FieldDiff("state", existing.get("state"), "active"))
    return diffs


@dataclass
class ResourcePlan:
    """What happens to one resource."""

    key: str
    name: str
    action: str
    resource_id: str | None = None
    desired: DesiredResource | None = None
    upload: bool = False  # the file content changed (or the resource is new)
    diffs: list[FieldDiff] = field(default_factory=list)
    reason: str = ""


def resource_key(res: dict[str, Any]) -> str | None:
    return res.get("stcat_key") or None


def diff_resources(desired: list[DesiredResource], existing: list[dict[str, Any]]) -> list[ResourcePlan]:
    """Match existing resources by `stcat_key`; plan create/update/skip, and delete duplicates and strays.

    Of several resources with the same key, the first that is a datastore table (for the
    datastore key) or else the first listed is kept; the others are deleted.
    """
    by_key: dict[str, list[dict[str, Any]]] = {}
    for r in existing:
        k = resource_key(r)
        if k:
            by_key.setdefault(k, []).append(r)
    plans: list[ResourcePlan] = []
    wanted = {d.key for d in desired}
    for d in desired:
        found = by_key.get(d.key, [])
        if d.key == "datastore":
            found = sorted(found, key=lambda r: not r.get("datastore_active"))
        if not found:
            plans.append(ResourcePlan(d.key, d.name, CREATE, desired=d, upload=d.upload, reason="new"))
            continue
        keep, dups = found[0], found[1:]
        diffs = [FieldDiff(f, keep.get(f), v) for f, v in d.metadata().items() if _current(keep, f) != v]
        sha = keep.get("stcat_sha256")
        if sha and keep.get("hash") != sha:  # stored bare: valid xsd:hexBinary in DCAT
            diffs.append(FieldDiff("hash", keep.get("hash"), sha))
        content = keep.get("stcat_source") != d.source
        if content:
            diffs.append(FieldDiff("stcat_source", _short_hash(keep.get("stcat_source")), _short_hash(d.source)))
        action = UPDATE if diffs else SKIP
        plans.append(
            ResourcePlan(
                d.key,
                d.name,
                action,
                keep["id"],
                d,
                upload=content and d.upload,
                diffs=diffs,
                reason="content changed" if content else ("metadata changed" if diffs else ""),
            )
        )
        for r in dups:
            plans.append(ResourcePlan(d.key, r.get("name") or "", DELETE, r["id"], reason="duplicate of " + keep["id"]))
    for k, rs in by_key.items():
        if k not in wanted:
            for r in rs:
                plans.append(ResourcePlan(k, r.get("name") or "", DELETE, r["id"], reason="stray (key not planned)"))
    return plans


def _current(res: dict[str, Any], f: str) -> Any:
    """A resource field as the plan compares it: a note the publisher appended to the description
    (``stcat_note``, e.g. why a CSV is a link to the datastore export) is not part of it."""
    v = _norm(res.get(f))
    note = res.get("stcat_note")
    if f == "description" and note and isinstance(v, str) and v.endswith(note):
        v = v[: -len(note)]
    return v


def _short_hash(h: Any) -> str | None:
    return h[:12] if isinstance(h, str) else h


@dataclass
class RowDiff:
    """Datastore rows to upsert and to delete, by primary key (Arrow arrays, not Python lists)."""

    existing: int
    incoming: int
    added: pa.Array
    changed: pa.Array
    deleted: pa.Array
    samples: list[tuple[Any, list[FieldDiff]]] = field(default_factory=list)
    full_reload: bool = False  # the table is (re)created: every row is loaded

    @property
    def upsert_keys(self) -> pa.Array:
        return pa.concat_arrays([self.added, self.changed])

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.added), len(self.changed), len(self.deleted)

    @property
    def empty(self) -> bool:
        return not (len(self.added) or len(self.changed) or len(self.deleted))


def diff_rows(local: pa.Table, remote: pa.Table, key: str, hash_col: str = "record_hash") -> RowDiff:
    """Compare (key, record_hash) tables: rows added, changed (hash differs) and deleted."""
    local = local.select([key, hash_col]).rename_columns(["k", "h_local"])
    remote = remote.select([key, hash_col]).rename_columns(["k", "h_remote"])
    local = local.set_column(0, "k", local.column("k").cast(pa.string()))
    remote = remote.set_column(0, "k", remote.column("k").cast(pa.string()))
    joined = local.join(remote, "k", join_type="full outer")
    k = joined.column("k")
    hl, hr = joined.column("h_local"), joined.column("h_remote")
    # a row with a null hash (loaded by hand) counts as present and changed
    in_local = _present(joined, local, "h_local")
    in_remote = _present(joined, remote, "h_remote")
    added = pc.filter(k, pc.and_(in_local, pc.invert(in_remote)))
    deleted = pc.filter(k, pc.and_(in_remote, pc.invert(in_local)))
    both = pc.and_(in_local, in_remote)
    differs = pc.fill_null(pc.not_equal(hl, hr), True)
    changed = pc.filter(k, pc.and_(both, differs))
    return RowDiff(
        existing=remote.num_rows,
        incoming=local.num_rows,
        added=_sorted(added),
        changed=_sorted(changed),
        deleted=_sorted(deleted),
    )


def _present(joined: pa.Table, side: pa.Table, col: str) -> pa.Array:
    """Which joined keys exist on one side, even where that side's hash is null."""
    keys = side.column("k").combine_chunks()
    return (
        pc.is_in(joined.column("k"), value_set=keys).combine_chunks()
        if len(keys)
        else pa.array([False] * joined.num_rows, pa.bool_())
    )


def _sorted(a: pa.ChunkedArray | pa.Array) -> pa.Array:
    a = a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a
    return pc.take(a, pc.sort_indices(a)) if len(a) else a.cast(pa.string())


def diff_records(
    key: Any, old: dict[str, Any], new: dict[str, Any], ignore: tuple[str, ...] = ("_id",)
) -> tuple[Any, list[FieldDiff]]:
    """Field differences of one row (datastore record vs local record), for sample diffs in a plan."""
    diffs = [
        FieldDiff(f, old.get(f), new.get(f)) for f in new if f not in ignore and _norm(old.get(f)) != _norm(new.get(f))
    ]
    return key, diffs


def check_row_guard(dataset: str, rows: RowDiff, max_share: float) -> None:
    """Raise MassDeletionError when a dataset would lose more than `max_share` of its rows."""
    n = len(rows.deleted)
    if rows.existing and n / rows.existing > max_share:
        raise MassDeletionError(f"rows of dataset {dataset}", n, rows.existing, max_share)


def check_dataset_guard(deleting: list[str], existing: int, max_share: float) -> None:
    """Raise MassDeletionError when a run would delete more than `max_share` of the catalog's datasets."""
    if existing and deleting and len(deleting) / existing > max_share:
        raise MassDeletionError(f"datasets of the catalog ({', '.join(deleting)})", len(deleting), existing, max_share)


# --------------------------------------------------------------------------- the plan


@dataclass
class DatasetPlan:
    """What happens to one dataset: metadata, resources, datastore rows."""

    table: str
    name: str
    action: str
    package_id: str | None = None
    desired: dict[str, Any] | None = None
    diffs: list[FieldDiff] = field(default_factory=list)
    resources: list[ResourcePlan] = field(default_factory=list)
    rows: RowDiff | None = None
    make_public: bool = False  # staged: created (or left) private, made public once checked
    views: list[str] = field(default_factory=list)  # keys of resources that lack their preview view
    num_rows: int = 0
    error: str = ""  # a problem found while planning (e.g. duplicate primary keys)
    inputs: Any = None  # the I/O half's handle on the local files (catalog.ckan.LocalTable)

    @property
    def changed(self) -> bool:
        return (
            self.action != SKIP
            or any(r.action != SKIP for r in self.resources)
            or (self.rows is not None and not self.rows.empty)
            or self.make_public
            or bool(self.views)
        )

    def resource(self, key: str) -> ResourcePlan | None:
        return next((r for r in self.resources if r.key == key and r.action != DELETE), None)


@dataclass
class Plan:
    """Every change a publish would make, computed before any write."""

    organization: str
    org_exists: bool
    datasets: list[DatasetPlan] = field(default_factory=list)
    existing_datasets: int = 0  # datasets of this province already in the catalog
    max_delete_share: float = 0.2

    @property
    def noop(self) -> bool:
        return self.org_exists and not any(d.changed for d in self.datasets)

    def dataset(self, table: str) -> DatasetPlan | None:
        return next((d for d in self.datasets if d.table == table), None)

    def check_guards(self) -> None:
        """Raise MassDeletionError if any dataset or the catalog would lose too much."""
        deleting = [d.name for d in self.datasets if d.action == DELETE]
        check_dataset_guard(deleting, self.existing_datasets, self.max_delete_share)
        for d in self.datasets:
            if d.rows is not None and d.action != DELETE:
                check_row_guard(d.name, d.rows, self.max_delete_share)

    def guard_violations(self) -> list[str]:
        out = []
        try:
            check_dataset_guard(
                [d.name for d in self.datasets if d.action == DELETE], self.existing_datasets, self.max_delete_share
            )
        except MassDeletionError as e:
            out.append(str(e))
        for d in self.datasets:
            if d.rows is not None and d.action != DELETE:
                try:
                    check_row_guard(d.name, d.rows, self.max_delete_share)
                except MassDeletionError as e:
                    out.append(str(e))
        return out

    def summary(self) -> dict[str, int]:
        s = {
            "datasets_added": 0,
            "datasets_changed": 0,
            "datasets_deleted": 0,
            "datasets_unchanged": 0,
            "resources_added": 0,
            "resources_changed": 0,
            "resources_deleted": 0,
            "rows_added": 0,
            "rows_changed": 0,
            "rows_deleted": 0,
        }
        for d in self.datasets:
            if d.action == CREATE:
                s["datasets_added"] += 1
            elif d.action == DELETE:
                s["datasets_deleted"] += 1
            elif d.changed:
                s["datasets_changed"] += 1
            else:
                s["datasets_unchanged"] += 1
            for r in d.resources:
                if r.action == CREATE:
                    s["resources_added"] += 1
                elif r.action == UPDATE:
                    s["resources_changed"] += 1
                elif r.action == DELETE:
                    s["resources_deleted"] += 1
            if d.rows is not None:
                a, c, x = d.rows.counts
                s["rows_added"] += a
                s["rows_changed"] += c
                s["rows_deleted"] += x
        return s

    def render(self, samples: int = 3) -> str:
        """Human plan: +added ~changed −deleted per dataset and resource, with sample field diffs."""
        lines = [
            f"Plan for organization {self.organization}" + ("" if self.org_exists else "  [+ create organization]")
        ]
        for d in self.datasets:
            act = d.action if d.action != SKIP or not d.changed else UPDATE
            sign = _SIGN[act]
            note = {
                CREATE: "create (staged: private until filled and checked)",
                UPDATE: "update",
                SKIP: "unchanged",
                DELETE: "delete",
            }[act]
            if d.make_public and d.action != CREATE:
                note += ", make public"
            lines.append(f"{sign} dataset {d.name} ({d.table}, {d.num_rows} rows): {note}")
            if d.error:
                lines.append(f"    ! {d.error}")
            for fd in d.diffs[: max(samples, 0) * 3]:
                lines.append(f"    ~ {fd.render()}")
            if len(d.diffs) > samples * 3:
                lines.append(f"    \u2026 {len(d.diffs) - samples * 3} more field changes")
            for r in d.resources:
                why = f" ({r.reason})" if r.reason else ""
                lines.append(f"    {_SIGN[r.action]} resource {r.name} [{r.key}]{why}")
                if r.action == UPDATE:
                    for fd in r.diffs[:samples]:
                        lines.append(f"        ~ {fd.render()}")
            for key in d.views:
                r = d.resource(key)
                view = r.desired.view if r is not None and r.desired is not None else "view"
                lines.append(f"    + view {view} on [{key}]")
            if d.rows is not None:
                a, c, x = d.rows.counts
                reload = " (full load)" if d.rows.full_reload else ""
                lines.append(
                    f"    rows{reload}: +{a} added ~{c} changed \u2212{x} deleted "
                    f"(datastore {d.rows.existing} \u2192 {d.rows.incoming})"
                )
                for key, fds in d.rows.samples[:samples]:
                    lines.append(
                        f"        ~ {key}: "
                        + "; ".join(f.render(40) for f in fds[:4])
                        + (" \u2026" if len(fds) > 4 else "")
                    )
                for k in d.rows.added[:samples].to_pylist():
                    lines.append(f"        + {k}")
                for k in d.rows.deleted[:samples].to_pylist():
                    lines.append(f"        \u2212 {k}")
        s = self.summary()
        lines.append(
            f"Summary: datasets +{s['datasets_added']} ~{s['datasets_changed']} \u2212{s['datasets_deleted']} "
            f"={s['datasets_unchanged']}; resources +{s['resources_added']} ~{s['resources_changed']} "
            f"\u2212{s['resources_deleted']}; rows +{s['rows_added']} ~{s['rows_changed']} \u2212{s['rows_deleted']}"
        )
        for v in self.guard_violations():
            lines.append(f"GUARD: {v}")
        if self.noop:
            lines.append("Nothing to do: the catalog already matches.")
        return "\n".join(lines)
