"""Prefect 3 flows: the nightly sync, a per-source manual run, offline backfill, the sample
(demo) run and national fan-out.

Tasks are coarse — one per source and stage — because each Prefect task run costs
milliseconds of wall time and tens of milliseconds of server CPU. Sources on different
servers are extracted side by side; sources sharing a server take turns. A source that fails
is reported and the others go on; cursors move only after the publish that covers them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from prefect import allow_failure, flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.concurrency.sync import concurrency
from prefect.exceptions import MissingContextError
from prefect.states import Failed, State

from config.loader import load_config
from extractors.redact import install_log_redaction
from flows import preflight, steps
from flows import summary as summary_
from flows.settings import stcat_loggers_at_info

# Explicit name: a worker loads this file by path (as module "sync"), and the README's
# PREFECT_LOGGING_EXTRA_LOGGERS=flows,... must still ship these lines to the run's logs.
log = logging.getLogger("flows.sync")
stcat_loggers_at_info()
install_log_redaction()  # a worker loads this module without the CLI: credentials never reach Prefect's logs

SUMMARY_KEY = "stcat-run-summary"


@task(name="extract", task_run_name="extract-{source_name}", retries=0)
def extract_task(
    config_path: str,
    source_name: str,
    run_id: str,
    var_dir: str,
    offline: bool = False,
    variables: dict[str, str] | None = None,
) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    source = cfg.source(source_name)
    with _concurrency_slot(source, offline):
        if source.get("concurrency_limit") and not offline:
            log.info("extract %s: holding a slot of concurrency limit %s", source_name, source.get("concurrency_limit"))
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
    return concurrency(
        str(name), occupy=1, timeout_seconds=float(timeout) if timeout is not None else None, strict=False
    )


@task(name="transform")
def transform_task(
    config_path: str, run_id: str, var_dir: str, now: dt.datetime, variables: dict[str, str] | None = None
) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    return steps.transform_and_store(cfg, run_id, steps.Paths(Path(var_dir)), now)


@task(name="publish", task_run_name="publish-{catalog}")
def publish_task(
    config_path: str,
    catalog: str,
    tables: dict[str, str],
    var_dir: str,
    now: dt.datetime,
    dry_run: bool = False,
    force: bool = False,
    variables: dict[str, str] | None = None,
) -> dict[str, Any]:
    cfg = load_config(config_path, variables)
    return steps.publish(cfg, catalog, tables, steps.Paths(Path(var_dir)), now, dry_run=dry_run, force=force)


def _artifact(summary: dict[str, Any]) -> None:
    try:
        create_markdown_artifact(
            markdown=summary_.render_summary(summary),
            key=SUMMARY_KEY,
            description="Per source and table: records in, added, changed, unchanged, rejected",
        )
    except MissingContextError:
        pass  # called outside a flow run (plain function call in tests)


def run_problems(summary: dict[str, Any]) -> list[str]:
    """Why a finished run is not a success (exit 1, a Failed flow run): failed sources, failed
    publishes, tables whose reject share passed max_reject_share. Rejects alone are findings."""
    out = [f"source {k} failed" for k in summary.get("failed_sources") or {}]
    out += [f"publish of {k} failed" for k in ((summary.get("publish") or {}).get("errors") or {})]
    out += [
        f"table {t}: {summary['reject_share'][t]['share']:.1%} of its records rejected "
        f"(max_reject_share {summary['max_reject_share']:.0%})"
        for t in summary.get("over_reject_share") or []
    ]
    return out


def summary_of(state: State) -> dict[str, Any]:
    """The run summary a nightly-sync flow run returned, Failed or not; its error when it has none."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


def _extract_all(
    config_path: str,
    cfg: Any,
    chosen: list[str],
    run_id: str,
    var_dir: str,
    offline: bool,
    variables: dict[str, str] | None,
    extract: dict[str, dict],
    failed: dict[str, str],
) -> None:
    """One extract task per source: host groups side by side, the sources of a group in turn
    (each waits for the one before it, failed or not)."""
    futures = {}
    position = {n: i for i, n in enumerate(chosen, 1)}
    for group in steps.host_groups(cfg, chosen):
        for i, name in enumerate(group):
            before = futures[group[i - 1]] if i else None
            log.info(
                "[%d/%d] extract %s%s",
                position[name],
                len(chosen),
                name,
                f" (after {group[i - 1]}: same server)" if before else "",
            )
            futures[name] = extract_task.submit(
                config_path,
                name,
                run_id,
                var_dir,
                offline,
                variables,
                wait_for=[allow_failure(before)] if before else None,
            )
    for name in chosen:
        futures[name].wait()
        state = futures[name].state
        if state.is_completed():
            extract[name] = state.result()
        else:
            err = state.result(raise_on_failure=False)
            failed[name] = f"{type(err).__name__}: {err}" if isinstance(err, BaseException) else str(state.message)
            log.warning("source %s failed: %s", name, failed[name])


@flow(name="nightly-sync", log_prints=False)
def nightly_sync(
    config_path: str = "config/provinces/backan.yaml",
    sources: list[str] | None = None,
    catalog: str | None = None,
    dry_run: bool = False,
    offline: bool = False,
    force: bool = False,
    var_dir: str = "var",
    variables: dict[str, str] | None = None,
) -> dict[str, Any] | State:
    """Extract every (or the named) source, normalize, store, publish; return the run summary.

    Checks the catalog's credentials before any fetch. A failed source is reported and skipped
    (its last good records stay staged, so nothing is deleted because a site was down); the run
    then ends Failed with the summary as its data (`run_problems`; read it with `summary_of`),
    as it does when a table's reject share passes max_reject_share. The summary is also
    published as a Prefect artifact, for a failed run too, with its error.
    """
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc)
    run_id = steps.new_run_id(now)
    extract: dict[str, dict] = {}
    failed: dict[str, str] = {}
    stored: dict[str, Any] = {}
    published: dict[str, Any] | None = None
    max_share = summary_.DEFAULT_MAX_REJECT_SHARE
    try:
        cfg = load_config(config_path, variables)
        max_share = float(getattr(cfg, "max_reject_share", max_share))
        catalog = catalog or cfg.catalog.kind
        preflight.preflight(cfg, catalog, sources)
        paths = steps.Paths(Path(var_dir))
        chosen = sources or [s.name for s in cfg.sources if s.enabled]
        _extract_all(config_path, cfg, chosen, run_id, var_dir, offline, variables, extract, failed)
        log.info("transform + store")
        stored = transform_task(config_path, run_id, var_dir, now, variables)
        log.info("publish to %s catalog%s", catalog, " (dry run)" if dry_run else "")
        published = publish_task(config_path, catalog, stored["tables"], var_dir, now, dry_run, force, variables)
        if not dry_run:
            steps.commit_cursors(paths, run_id)
    except Exception as e:
        error = f"{type(e).__name__}: {e}"
        log.error("run %s failed: %s", run_id, error)
        _artifact(
            summary_.summarize(
                run_id,
                extract,
                failed,
                stored,
                published,
                time.perf_counter() - t0,
                max_reject_share=max_share,
                error=error,
            )
        )
        raise
    summary = summary_.summarize(
        run_id, extract, failed, stored, published, wall_s=time.perf_counter() - t0, max_reject_share=max_share
    )
    log.info(
        "run %s %s: %s; failed sources: %s",
        run_id,
        summary["status"],
        "; ".join(
            f"{t} {d['rows']} rows (+{d['added']} ~{d['changed']} ={d['unchanged']} -{d['deleted']})"
            for t, d in summary["tables"].items()
        ),
        ", ".join(failed) or "none",
    )
    for t in summary["over_reject_share"]:
        s = summary["reject_share"][t]
        log.warning(
            "table %s: %d of %d records rejected (%.1f%%), over max_reject_share %.1f%%",
            t,
            s["rejected"],
            s["records"],
            100 * s["share"],
            100 * max_share,
        )
    _artifact(summary)
    problems = run_problems(summary)
    if problems:
        return Failed(message="; ".join(problems), data=summary)
    return summary


@flow(name="sync-source")
def sync_source(
    source: str,
    config_path: str = "config/provinces/backan.yaml",
    catalog: str | None = None,
    dry_run: bool = False,
    var_dir: str = "var",
    variables: dict[str, str] | None = None,
) -> dict[str, Any] | State:
    """Manual run of one source (other sources' last good data is kept as is)."""
    return nightly_sync.fn(
        config_path=config_path,
        sources=[source],
        catalog=catalog,
        dry_run=dry_run,
        var_dir=var_dir,
        variables=variables,
    )


@flow(name="backfill")
def backfill(
    config_path: str = "config/provinces/backan.yaml",
    sources: list[str] | None = None,
    catalog: str | None = None,
    dry_run: bool = True,
    var_dir: str = "var",
    variables: dict[str, str] | None = None,
) -> dict[str, Any] | State:
    """Re-parse the raw archive offline (after a parser fix) and republish; dry run by default."""
    return nightly_sync.fn(
        config_path=config_path,
        sources=sources,
        catalog=catalog,
        dry_run=dry_run,
        offline=True,
        var_dir=var_dir,
        variables=variables,
    )


@flow(name="demo-sync")
def demo_sync(var_dir: str = "var", catalog: str = "local", dry_run: bool = False) -> dict[str, Any] | State:
    """The nightly sync of the bundled sample (config/demo.yaml) against the sample portal that
    ``stcat demo --serve --var-dir VAR_DIR`` keeps up: the production walk-through on sample data."""
    from flows.demo import DEMO_CONFIG, served_variables

    # .fn: the sync's tasks, logs and artifact belong to this flow run (no subflow to open)
    return nightly_sync.fn(
        config_path=str(DEMO_CONFIG),
        catalog=catalog,
        dry_run=dry_run,
        var_dir=var_dir,
        variables=served_variables(var_dir),
    )


def _on_work_pool(province_deployment: str | None) -> bool:
    """Fan out through a deployment only against a real Prefect server (PREFECT_API_URL set,
    not the embedded API of a command-line run)."""
    import os

    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    return bool(province_deployment and url and url != os.environ.get("STCAT_EMBEDDED_API_URL"))


@flow(name="national-sync")
def national_sync(
    config_paths: list[str],
    catalog: str | None = None,
    dry_run: bool = False,
    var_root: str = "var/provinces",
    variables: dict[str, str] | None = None,
    province_deployment: str | None = "nightly-sync/nightly-sync",
    poll_s: float = 2.0,
) -> dict[str, Any] | State:
    """Fan out over many provinces, each with its own var dir under ``var_root``.

    Against a Prefect server: one flow run of ``province_deployment`` per province
    (``run_deployment``), queued on that deployment's work pool, so every worker of the pool, on
    any machine, takes provinces; this flow waits for them and ends Failed if any did. Sources'
    global concurrency limits hold across those workers. On the embedded API (no server) the
    provinces run here, one after another, as subflows.
    """
    if _on_work_pool(province_deployment):
        return _fan_out(config_paths, catalog, dry_run, var_root, variables, str(province_deployment), poll_s)
    results: dict[str, Any] = {}
    for path in config_paths:
        name = Path(path).stem
        try:
            results[name] = summary_of(
                nightly_sync(
                    config_path=path,
                    catalog=catalog,
                    dry_run=dry_run,
                    var_dir=str(Path(var_root, name)),
                    variables=variables,
                    return_state=True,
                )
            )
        except Exception as e:  # one province's failure is reported; the others go on
            results[name] = {"error": f"{type(e).__name__}: {e}"}
            log.warning("province %s failed: %s", name, results[name]["error"])
    bad = [n for n, r in results.items() if r.get("error") or run_problems(r)]
    if bad:
        return Failed(message=f"{len(bad)} of {len(results)} provinces did not succeed: {', '.join(bad)}", data=results)
    return results


def _fan_out(
    config_paths: list[str],
    catalog: str | None,
    dry_run: bool,
    var_root: str,
    variables: dict[str, str] | None,
    deployment: str,
    poll_s: float,
) -> dict[str, Any] | State:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    runs = {}
    for path in config_paths:
        name = Path(path).stem
        params = {
            "config_path": path,
            "catalog": catalog,
            "dry_run": dry_run,
            "var_dir": str(Path(var_root, name)),
            "variables": variables,
        }
        runs[name] = run_deployment(deployment, parameters=params, timeout=0, flow_run_name=f"province-{name}")
        log.info("province %s: flow run %s queued on %s", name, runs[name].name, deployment)
    results: dict[str, Any] = {}
    with get_client(sync_client=True) as client:
        while len(results) < len(runs):
            for name, run in runs.items():
                if name in results:
                    continue
                state = client.read_flow_run(run.id).state
                if state is not None and state.is_final():
                    results[name] = {"flow_run": run.name, "flow_run_id": str(run.id), "state": state.name}
                    log.info("province %s: %s", name, state.name)
            if len(results) < len(runs):
                time.sleep(poll_s)  # waiting on other processes' runs: nothing to be notified by here
    bad = {n: r["state"] for n, r in results.items() if r["state"] != "Completed"}
    if bad:
        return Failed(
            message=f"{len(bad)} of {len(runs)} provinces did not complete: "
            + ", ".join(f"{n} ({s})" for n, s in bad.items()),
            data=results,
        )
    return results
