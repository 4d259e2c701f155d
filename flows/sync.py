"""Prefect 3 flows: the nightly sync, a per-source manual run, offline backfill, and national fan-out.

Tasks are coarse — one per source and stage — because each Prefect task run costs
milliseconds of wall time and tens of milliseconds of server CPU. A source that fails is
reported and the others go on; cursors move only after the publish that covers them.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.concurrency.sync import concurrency
from prefect.exceptions import MissingContextError

from config.loader import load_config
from flows import steps

log = logging.getLogger(__name__)


@task(name="extract", task_run_name="extract-{source_name}", retries=0)
def extract_task(config_path: str, source_name: str, run_id: str, var_dir: str, offline: bool = False,
                 variables: dict[str, str] | None = None) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    with _concurrency_slot(cfg.source(source_name), offline):
        return steps.extract_source(cfg, source_name, run_id, steps.Paths(Path(var_dir)), offline=offline)


def _concurrency_slot(source: Any, offline: bool) -> AbstractContextManager:
    """A slot of the Prefect global concurrency limit the source names (``concurrency_limit``),
    held while it is extracted, so that runs in other processes (``national_sync`` over many
    provinces sharing OpenAlex, Crossref or one national site) take turns at the same host. The
    per-process rate limit cannot see other processes; the limit, created by the operator
    (``prefect gcl create stcat-openalex --limit 1``), can. A limit that does not exist is skipped
    with Prefect's warning; ``concurrency_timeout`` (seconds) fails the source instead of waiting
    without end. Offline replays touch no host and take no slot."""
    name = source.get("concurrency_limit")
    if not name or offline:
        return nullcontext()
    timeout = source.get("concurrency_timeout")
    return concurrency(str(name), occupy=1, timeout_seconds=float(timeout) if timeout is not None else None,
                       strict=False)


@task(name="transform")
def transform_task(config_path: str, run_id: str, var_dir: str, now: dt.datetime,
                   variables: dict[str, str] | None = None) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    return steps.transform_and_store(cfg, run_id, steps.Paths(Path(var_dir)), now)


@task(name="publish", task_run_name="publish-{catalog}")
def publish_task(config_path: str, catalog: str, tables: dict[str, str], var_dir: str, now: dt.datetime,
                 dry_run: bool = False, force: bool = False,
                 variables: dict[str, str] | None = None) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    return steps.publish(cfg, catalog, tables, steps.Paths(Path(var_dir)), now, dry_run=dry_run, force=force)


def _artifact(summary: dict[str, Any]) -> None:
    key = "stcat-run-summary"
    try:
        create_markdown_artifact(markdown=steps.render_summary(summary), key=key,
                                 description="Per source and table: records in, added, changed, unchanged, rejected")
    except MissingContextError:
        pass  # called outside a flow run (plain function call in tests)


@flow(name="nightly-sync", log_prints=False)
def nightly_sync(config_path: str = "config/provinces/backan.yaml", sources: list[str] | None = None,
                 catalog: str | None = None, dry_run: bool = False, offline: bool = False,
                 force: bool = False, var_dir: str = "var",
                 variables: dict[str, str] | None = None) -> dict[str, Any]:
    """Extract every (or the named) source, normalize, store, publish; return the run summary.

    A failed source is reported and skipped (its last good records stay staged, so nothing is
    deleted because a site was down). The summary is also published as a Prefect artifact.
    """
    t0 = time.perf_counter()
    logger = log  # stdlib logging; in production PREFECT_LOGGING_EXTRA_LOGGERS ships it to the UI
    cfg = load_config(config_path, variables)
    now = dt.datetime.now(dt.timezone.utc)
    paths = steps.Paths(Path(var_dir))
    run_id = steps.new_run_id(now)
    catalog = catalog or cfg.catalog.kind
    chosen = sources or [s.name for s in cfg.sources if s.enabled]
    extract: dict[str, dict] = {}
    failed: dict[str, str] = {}
    for i, name in enumerate(chosen, 1):
        logger.info("[%d/%d] extract %s", i, len(chosen), name)
        state = extract_task(config_path, name, run_id, var_dir, offline, variables, return_state=True)
        if state.is_failed():
            try:
                state.result()
            except Exception as e:  # the task's own error: reported, the run goes on
                failed[name] = f"{type(e).__name__}: {e}"
            logger.warning("source %s failed: %s", name, failed.get(name))
        else:
            extract[name] = state.result()
    logger.info("transform + store")
    stored = transform_task(config_path, run_id, var_dir, now, variables)
    logger.info("publish to %s catalog%s", catalog, " (dry run)" if dry_run else "")
    published = publish_task(config_path, catalog, stored["tables"], var_dir, now, dry_run, force, variables)
    if not dry_run:
        steps.commit_cursors(paths, run_id)
    summary = steps.summarize(run_id, extract, failed, stored, published, wall_s=time.perf_counter() - t0)
    logger.info("run %s %s: %s; failed sources: %s", run_id, summary["status"],
                "; ".join(f"{t} {d['rows']} rows (+{d['added']} ~{d['changed']} ={d['unchanged']} -{d['deleted']})"
                          for t, d in summary["tables"].items()),
                ", ".join(failed) or "none")
    _artifact(summary)
    return summary


@flow(name="sync-source")
def sync_source(source: str, config_path: str = "config/provinces/backan.yaml", catalog: str | None = None,
                dry_run: bool = False, var_dir: str = "var") -> dict[str, Any]:
    """Manual run of one source (other sources' last good data is kept as is)."""
    return nightly_sync(config_path=config_path, sources=[source], catalog=catalog, dry_run=dry_run,
                        var_dir=var_dir)


@flow(name="backfill")
def backfill(config_path: str = "config/provinces/backan.yaml", sources: list[str] | None = None,
             catalog: str | None = None, dry_run: bool = True, var_dir: str = "var") -> dict[str, Any]:
    """Re-parse the raw archive offline (after a parser fix) and republish; dry run by default."""
    return nightly_sync(config_path=config_path, sources=sources, catalog=catalog, dry_run=dry_run,
                        offline=True, var_dir=var_dir)


@flow(name="national-sync")
def national_sync(config_paths: list[str], catalog: str | None = None, dry_run: bool = False,
                  var_root: str = "var/provinces") -> dict[str, Any]:
    """Fan out over many provinces: one nightly_sync subflow per province config, each with its own var dir.

    For real scale, deploy this to a process/Docker/Kubernetes work pool and cap concurrency
    per host with tag-based concurrency limits; the subflows are independent.
    """
    results: dict[str, Any] = {}
    for path in config_paths:
        name = Path(path).stem
        try:
            results[name] = nightly_sync(config_path=path, catalog=catalog, dry_run=dry_run,
                                         var_dir=str(Path(var_root, name)))
        except Exception as e:  # one province's failure is reported; the others go on
            results[name] = {"error": f"{type(e).__name__}: {e}"}
    return results
