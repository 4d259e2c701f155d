"""The stages of a sync as plain functions: extract one source, transform, store, publish, commit.

Prefect tasks in flows/sync.py wrap these one-to-one (coarse: one per source and stage), so
they can also be called and tested without an orchestrator. Paths, not DataFrames, pass
between stages.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets as _secrets
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


from config.loader import ProvinceConfig, SourceConfig
from extractors.base import ExtractContext
from flows.official import derive_statistics, official_totals, reconciliation_report
from flows.preflight import resolve_secret
from transforms import schemas
from transforms.atomic import write_bytes_atomic
from transforms.parquet import read_table
from transforms.warehouse import store, store_rejects, table_path

log = logging.getLogger("flows.steps")  # explicit: a worker may load flows/ by path

INCREMENTAL_KINDS = ("oai_pmh", "openalex", "crossref")
CATALOG_TABLES = ("tasks", "publications", "organizations", "people", "documents")
DERIVED_TABLES = ("statistics", "reconciliation")  # derived each run from tasks and publications


@dataclass(frozen=True)
class Paths:
    """Where a run keeps its files, all under one var/ folder."""

    var: Path

    @property
    def raw(self) -> Path:
        return self.var / "raw"

    @property
    def staging(self) -> Path:
        return self.var / "staging"

    @property
    def warehouse(self) -> Path:
        return self.var / "warehouse"

    @property
    def rejects(self) -> Path:
        return self.var / "rejects"

    @property
    def state(self) -> Path:
        return self.var / "state"

    def catalog(self, cfg: ProvinceConfig) -> Path:
        d = Path(cfg.catalog.dir)
        if not d.is_absolute() and d.parts[:1] == ("var",):
            d = self.var.joinpath(*d.parts[1:])
        return d


def new_run_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{_secrets.token_hex(3)}"


def _allowed_domains(source: SourceConfig) -> list[str]:
    """The configured domains plus the hosts of the source's own URLs."""
    doms = list(source.get("allowed_domains") or [])
    urls = [*(source.get("start_urls") or []), *(source.get("urls") or []), source.get("base_url")]
    for host in (urlsplit(u).hostname for u in urls if u):
        if host and host not in doms:
            doms.append(host)
    return doms


def source_hosts(source: SourceConfig) -> set[str]:
    """The servers (host:port) a source fetches from; a source without URLs is its own."""
    urls = [*(source.get("start_urls") or []), *(source.get("urls") or []), source.get("base_url")]
    hosts = {urlsplit(u).netloc.lower().rsplit("@", 1)[-1] for u in urls if isinstance(u, str) and "://" in u}
    return hosts or {f"({source.kind}:{source.name})" if source.kind in ("html", "file") else f"({source.kind})"}


def host_groups(cfg: ProvinceConfig, names: list[str]) -> list[list[str]]:
    """Sources grouped so that two sources sharing a server are in one group (in config
    order): groups are extracted side by side, the sources of a group in turn, so each
    server sees one source's polite rate at a time."""
    groups: list[tuple[set[str], list[str]]] = []
    for name in names:
        hosts = source_hosts(cfg.source(name))
        joined = [g for g in groups if g[0] & hosts]
        merged = (set(hosts).union(*(g[0] for g in joined)), [n for g in joined for n in g[1]] + [name])
        groups = [g for g in groups if g not in joined] + [merged]
    order = {n: i for i, n in enumerate(names)}
    return sorted((sorted(g[1], key=order.__getitem__) for g in groups), key=lambda g: order[g[0]])


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write_jsonl(path: Path, records: list[dict]) -> bool:
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    return write_bytes_atomic(path, data.encode("utf-8"))


def load_cursor(paths: Paths, source: str) -> Any:
    p = paths.state / "cursors.json"
    return json.loads(p.read_text(encoding="utf-8")).get(source) if p.exists() else None


def extract_source(
    cfg: ProvinceConfig, source_name: str, run_id: str, paths: Paths, *, offline: bool = False
) -> dict[str, Any]:
    """Run one source's extractor; stage its raw records; keep its new cursor pending until publish."""
    from extractors.http import make_session
    from extractors.registry import iter_source

    t0 = time.perf_counter()
    source = cfg.source(source_name)
    # `api_key_env: OPENALEX_API_KEY` / `api_key_block: name` -> secrets["api_key"]
    secrets: dict[str, str] = {}
    for base in {k.rsplit("_", 1)[0] for k in source.settings if k.endswith(("_env", "_block"))}:
        value = resolve_secret(source.get(f"{base}_env"), source.get(f"{base}_block"))
        if value:
            secrets[base] = value
    # rate limit, robots, private addresses, timeouts, retries, deadlines, size cap: typed config
    session = make_session(
        user_agent=cfg.user_agent,
        allowed_domains=_allowed_domains(source),
        archive_dir=paths.raw,
        run_id=run_id,
        validators_path=paths.state / "validators" / f"{source.name}.json",
        offline=offline,
        source=source.name,
        **source.session_options(),
    )
    # Offline (backfill) replays the archive: ask for what a full harvest asks for, from no cursor.
    ctx = ExtractContext(
        session=session,
        run_id=run_id,
        var_dir=paths.var,
        cursor=None if offline else load_cursor(paths, source.name),
        offline=offline,
        secrets=secrets,
    )
    records: list[dict] = []
    try:
        for rec in iter_source(source, ctx):
            rec.setdefault("source", source.name)
            records.append(rec)
    finally:
        session.close()
    run_file = paths.staging / run_id / f"{source.name}.jsonl"
    _write_jsonl(run_file, records)
    current = paths.staging / "current" / f"{source.name}.jsonl"
    if source.kind in INCREMENTAL_KINDS and ctx.cursor is not None:
        # An incremental harvest returns only what is new since the cursor: merge, later wins.
        merged = {r.get("record_ref") or json.dumps(r, sort_keys=True): r for r in _read_jsonl(current)}
        merged.update({r.get("record_ref") or json.dumps(r, sort_keys=True): r for r in records})
        staged = list(merged.values())
    else:
        staged = records
    _write_jsonl(current, staged)
    if ctx.new_cursor is not None and not offline:
        pending = paths.state / "pending" / run_id / f"{source.name}.json"
        write_bytes_atomic(pending, json.dumps(ctx.new_cursor, ensure_ascii=False).encode())
    counts = Counter(("rejected" if r.get("reject") else r.get("table", "tasks")) for r in records)
    stats = {
        "source": source.name,
        "kind": source.kind,
        "records": len(records),
        "by_table": dict(counts),
        "staged": len(staged),
        "http": dict(getattr(session, "stats", {}) or {}),
        "duration_s": round(time.perf_counter() - t0, 4),
    }
    log.info("extract %s: %d records (%s)", source.name, len(records), dict(counts))
    return stats


def write_org_review(orgs: Any, paths: Paths) -> Path | None:
    """var/review/organizations.yaml: organizations that are probably one body written two ways
    (transforms.orgs.review_candidates), as ready-to-paste ``organizations.same_as`` lines for a
    data engineer to confirm or delete; removed when there are none. Never merged by itself."""
    from transforms.orgs import review_candidates

    out = paths.var / "review" / "organizations.yaml"
    pairs = (
        review_candidates(
            orgs.column("org_id").to_pylist(), orgs.column("name").to_pylist(), orgs.column("kind").to_pylist()
        )
        if orgs is not None and orgs.num_rows
        else []
    )
    if not pairs:
        out.unlink(missing_ok=True)
        return None
    lines = [
        "# Organizations that may be one body written two ways (similar names, same kind, same numbers).",
        "# Check each pair; copy the ones that are one body into the province config under",
        "# organizations: same_as:  (written name: the name of the body). Nothing here is merged by itself.",
        "organizations:",
        "  same_as:",
    ]
    for p in pairs:
        lines.append(f"    # {p['score']}: {p['org_id']} / {p['other_org_id']}")
        lines.append(
            f"    # {json.dumps(p['other_name'], ensure_ascii=False)}: {json.dumps(p['name'], ensure_ascii=False)}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".yaml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(out)
    log.warning("%d pair(s) of organizations may be one body; see %s", len(pairs), out)
    return out


def write_unmapped_review(records: list[dict], paths: Paths) -> dict[str, dict[str, int]]:
    """var/review/unmapped_columns.yaml: per source, the table columns no header rule mapped (their values
    went to extras), for a data engineer to add a synonym to extractors/tables/header_vocab.yaml."""
    from extractors.tables.headers import unmapped_columns

    found = unmapped_columns(records)
    out = paths.var / "review" / "unmapped_columns.yaml"
    if not found:
        out.unlink(missing_ok=True)
        return found
    lines = [
        "# Table columns no header rule mapped, per source (task rows that had a value in them).",
        "# A column that holds a task field needs a synonym in extractors/tables/header_vocab.yaml;",
        "# the others (notes, objectives, products) stay under extras.",
    ]
    for src, labels in found.items():
        lines.append(f"{json.dumps(src, ensure_ascii=False)}:")
        lines += [f"  {json.dumps(lbl, ensure_ascii=False)}: {n}" for lbl, n in labels.items()]
    write_bytes_atomic(out, ("\n".join(lines) + "\n").encode("utf-8"))
    return found


def transform_and_store(cfg: ProvinceConfig, run_id: str, paths: Paths, now: dt.datetime) -> dict[str, Any]:
    """Build canonical tables from every enabled source's staged records; store them in the warehouse."""
    from transforms.pipeline import TransformContext, build_tables

    t0 = time.perf_counter()
    records: list[dict] = []
    records_in: Counter = Counter()
    extract_rejects: Counter = Counter()
    for s in cfg.sources:
        if not s.enabled:
            continue
        for r in _read_jsonl(paths.staging / "current" / f"{s.name}.jsonl"):
            records.append(r)
            (extract_rejects if r.get("reject") else records_in)[(s.name, r.get("table", "tasks"))] += 1
    previous = {
        name: t for name in ("publications",) if (t := read_table(table_path(paths.warehouse, name))) is not None
    }
    tables = build_tables(
        records,
        TransformContext(run_id=run_id, province=cfg.province, now=now, previous=previous, org_same_as=cfg.org_same_as),
    )
    write_org_review(tables.get("organizations"), paths)
    unmapped = write_unmapped_review(records, paths)
    diffs = {}
    for name in CATALOG_TABLES:
        t = tables.get(name)
        diffs[name] = store(paths.warehouse, name, t if t is not None else schemas.empty_table(name))
    # Publications name the collector kinds that saw them (oai_pmh, openalex…); report per source name.
    kinds = Counter(s.kind for s in cfg.sources if s.enabled)
    alias = {s.kind: s.name for s in cfg.sources if s.enabled and kinds[s.kind] == 1}
    for d in diffs.values():
        d.by_source = {alias.get(k, k): v for k, v in d.by_source.items()}
    rejects = tables.get("rejects")
    if rejects is None:
        rejects = schemas.empty_table("rejects")
    rej_counts = store_rejects(paths.rejects, rejects, CATALOG_TABLES)
    reasons = Counter(rejects.column("reason").to_pylist()) if rejects.num_rows else Counter()
    derived = derive_statistics({k: tables.get(k) for k in ("tasks", "publications")}, official_totals(cfg))
    for name, t in derived.items():
        diffs[name] = store(paths.warehouse, name, t)
    return {
        "tables": {k: str(table_path(paths.warehouse, k)) for k in (*CATALOG_TABLES, *DERIVED_TABLES)},
        "diffs": {k: d.as_dict() for k, d in diffs.items()},
        "reconciliation": reconciliation_report(derived["reconciliation"]),
        "records_in": {f"{s}|{t}": n for (s, t), n in records_in.items()},
        "extract_rejected": {f"{s}|{t}": n for (s, t), n in extract_rejects.items()},
        "rejected": rej_counts,
        "reject_reasons": dict(reasons.most_common(20)),
        "unmapped_columns": unmapped,
        "duration_s": round(time.perf_counter() - t0, 4),
    }


def publish(
    cfg: ProvinceConfig,
    catalog: str,
    tables: dict[str, str],
    paths: Paths,
    now: dt.datetime,
    *,
    dry_run: bool = False,
    force: bool = False,
) -> dict[str, Any]:
    """Publish warehouse tables to the local file catalog or to CKAN."""
    t0 = time.perf_counter()
    out = _publish(cfg, catalog, {k: Path(v) for k, v in tables.items()}, paths, now, dry_run=dry_run, force=force)
    out["duration_s"] = round(time.perf_counter() - t0, 4)
    if not dry_run:
        # What the last publish did, for people and checks (never holds the token).
        write_bytes_atomic(
            paths.state / "last_publish.json", json.dumps(out, ensure_ascii=False, indent=2, default=str).encode()
        )
    return out


def _publish(
    cfg: ProvinceConfig,
    catalog: str,
    table_paths: dict[str, Path],
    paths: Paths,
    now: dt.datetime,
    *,
    dry_run: bool,
    force: bool,
) -> dict[str, Any]:
    if catalog == "local":
        from catalog.local import publish_local

        out = paths.catalog(cfg)
        if dry_run:
            return {"catalog": "local", "dry_run": True, "directory": str(out)}
        return publish_local(cfg, table_paths, out, now=now).as_dict()
    from catalog import ckan

    url = resolve_secret(cfg.catalog.url_env)
    token = resolve_secret(cfg.catalog.token_env, cfg.catalog.token_block or None)
    if not url or not token:
        raise RuntimeError(
            f"CKAN catalog: set {cfg.catalog.url_env} and {cfg.catalog.token_env} "
            f"(or a Prefect Secret block via catalog.token_block in {cfg.path})"
        )
    client = ckan.connect(url, token, user_agent=cfg.user_agent)
    plan = ckan.plan_publish(cfg, table_paths, client)
    rendered = plan.render()
    log.info("CKAN plan:\n%s", rendered)
    if dry_run:
        return {"catalog": "ckan", "dry_run": True, "plan": rendered}
    report = ckan.publish(cfg, plan, client, force=force, workdir=paths.var / "publish" / "ckan")
    out = report.to_dict()
    out.update(
        {"catalog": "ckan", "plan": rendered, "url": client.url, "errors": {d.name: d.error for d in report.errors}}
    )
    return out


def commit_cursors(paths: Paths, run_id: str) -> list[str]:
    """Move the cursors a run left pending into state/cursors.json (only after a successful publish)."""
    pending = paths.state / "pending" / run_id
    if not pending.exists():
        return []
    store_path = paths.state / "cursors.json"
    cursors = json.loads(store_path.read_text(encoding="utf-8")) if store_path.exists() else {}
    moved = []
    for f in sorted(pending.glob("*.json")):
        cursors[f.stem] = json.loads(f.read_text(encoding="utf-8"))
        moved.append(f.stem)
    write_bytes_atomic(store_path, json.dumps(cursors, ensure_ascii=False, indent=2, sort_keys=True).encode())
    for f in pending.glob("*.json"):
        f.unlink()
    pending.rmdir()
    return moved
