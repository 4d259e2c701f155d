"""The `stcat` command line (contract: docs/ARCHITECTURE.md).

    stcat demo [--catalog local|ckan]
    stcat run --config FILE [--source NAME]... [--catalog local|ckan] [--dry-run] [--offline] [--force]
    stcat parse PATH_OR_URL [--table tasks|publications] [--site NAME]
    stcat catalog serve [--dir DIR] [--port N]
    stcat reconcile --config FILE [--var-dir DIR]

Exit status: 0 success; 1 the run finished but some records or sources failed (all
reported); 2 bad configuration or arguments (the message names the file and key).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from config.loader import ConfigError, load_config
from extractors.redact import redact_url
from flows.demo import DEMO_CONFIG, DEMO_PORTAL, demo_servers  # noqa: F401 - re-exported for tests and benches
from flows.preflight import PreflightError, preflight

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger("stcat")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep our wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"stcat: error: {message}\n")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _setup_logging(verbose: bool, quiet: bool = False) -> None:
    from flows.settings import STCAT_LOGGERS

    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    for name in ("stcat", *STCAT_LOGGERS):
        lg = logging.getLogger(name)
        for old in [h for h in lg.handlers if isinstance(h, _StderrHandler)]:
            lg.removeHandler(old)  # main() called again in the same process
        lg.setLevel(level)
        lg.addHandler(handler)
        lg.propagate = False


def _variable(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="stcat",
        description="Keep a province's science & technology open-data catalog true, "
        "every night: collect from DOST websites, journals and scholarly APIs, normalize, publish.",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    d = sub.add_parser(
        "demo",
        help="serve the bundled sample portal on loopback and run the nightly sync on it",
        description="Serves the bundled sample DOST portal (and sample journal APIs) on 127.0.0.1 "
        "on free ports, runs the nightly sync into the local catalog (or CKAN), prints a "
        "summary and where the catalog is.",
    )
    d.add_argument(
        "--catalog",
        choices=("local", "ckan"),
        default="local",
        help="local file catalog under var/catalog (default), or the CKAN named by CKAN_URL / CKAN_API_TOKEN",
    )
    d.add_argument("--var-dir", default="var", help="where raw responses, warehouse and catalog go (default var)")
    d.add_argument(
        "--serve",
        action="store_true",
        help="only serve the sample portal and APIs (on the ports remembered under VAR_DIR/state) until "
        "Ctrl-C, for the `demo` deployment (prefect deployment run demo-sync/demo)",
    )

    r = sub.add_parser(
        "run", help="run the nightly sync by hand", description="The nightly sync of one province config, by hand."
    )
    r.add_argument("--config", required=True, help="province config YAML (e.g. config/provinces/backan.yaml)")
    r.add_argument(
        "--var",
        action="append",
        dest="variables",
        type=_variable,
        metavar="KEY=VALUE",
        help="fill the config's ${KEY} placeholder (repeatable)",
    )
    r.add_argument(
        "--source",
        action="append",
        dest="sources",
        metavar="NAME",
        help="only this source (repeatable); other sources keep their last good data",
    )
    r.add_argument("--catalog", choices=("local", "ckan"), help="override the config's catalog")
    r.add_argument("--dry-run", action="store_true", help="show the publish plan, write nothing to the catalog")
    r.add_argument("--offline", action="store_true", help="re-parse the raw archive instead of fetching")
    r.add_argument("--force", action="store_true", help="publish even if the mass-deletion guard trips")
    r.add_argument("--var-dir", default="var", help="state folder (default var)")

    pa_ = sub.add_parser(
        "parse",
        help="parse one page or file and print canonical records as JSON Lines",
        description="Parses one HTML page, XLSX, XLS, DOCX or PDF (tasks) or one OAI-PMH / "
        "OpenAlex / Crossref response (publications), from a path or URL, and prints "
        "canonical records as JSON Lines on stdout; rejects go to stderr.",
    )
    pa_.add_argument("path_or_url")
    pa_.add_argument("--table", choices=("tasks", "publications"), default="tasks")
    pa_.add_argument("--site", help="site adapter name (e.g. drupal_backan, dnn_thainguyen, aspnet_kontum)")

    rc = sub.add_parser(
        "reconcile",
        help="compare the warehouse's statistics with the config's official totals",
        description="Compares the statistics of the warehouse as stored (no fetch) with the "
        "official totals the config lists (statistics.official_totals) and prints the report: "
        "agree, differ (by how much, with the records counted) or cannot compare. Placeholders "
        "such as ${portal} elsewhere in the config need no value. Exit 0 whatever the outcome.",
    )
    rc.add_argument("--config", required=True, help="province config YAML (e.g. config/demo.yaml)")
    rc.add_argument("--var-dir", default="var", help="state folder holding the warehouse (default var)")

    c = sub.add_parser("catalog", help="catalog commands", description="Local catalog commands.")
    csub = c.add_subparsers(dest="catalog_command", required=True, parser_class=_Parser)
    cs = csub.add_parser(
        "serve",
        help="serve the local catalog for people to browse and download",
        description="Serves the local file catalog (index.html and downloads) over HTTP.",
    )
    cs.add_argument("--dir", default="var/catalog", help="catalog folder (default var/catalog)")
    cs.add_argument("--host", default="127.0.0.1")
    cs.add_argument("--port", type=int, default=8000)
    return p


def _print_summary(summary: dict[str, Any], catalog_hint: str | None = None) -> None:
    from flows.summary import render_summary

    print(render_summary(summary))
    if catalog_hint:
        print(f"\nCatalog: {catalog_hint}")


def _exit_code(summary: dict[str, Any]) -> int:
    """Rejected records are findings (exit 0) until a table's share passes max_reject_share."""
    from flows.sync import run_problems

    return EXIT_PARTIAL if run_problems(summary) else EXIT_OK


def _run_flow(**kw: Any) -> dict[str, Any]:
    from flows.settings import prefect_api, run_settings

    with prefect_api(kw.get("var_dir", "var")):
        # A failed source or run is reported by stcat in one line and in the summary; Prefect's
        # own tracebacks of the same failure show with -v. (Set after Prefect configured its logging.)
        quiet = log.getEffectiveLevel() > logging.DEBUG
        for name in ("prefect.flow_runs", "prefect.task_runs"):
            logging.getLogger(name).setLevel(logging.CRITICAL if quiet else logging.NOTSET)
        from flows.sync import nightly_sync, summary_of

        with run_settings():
            return summary_of(nightly_sync(**kw, return_state=True))


def cmd_run(args: argparse.Namespace) -> int:
    variables = dict(args.variables or []) or None
    cfg = load_config(args.config, variables)  # checked before starting Prefect: bad config -> exit 2
    preflight(cfg, args.catalog or cfg.catalog.kind, args.sources)
    t0 = time.perf_counter()
    summary = _run_flow(
        config_path=str(args.config),
        sources=args.sources,
        catalog=args.catalog,
        dry_run=args.dry_run,
        offline=args.offline,
        force=args.force,
        var_dir=args.var_dir,
        variables=variables,
    )
    log.info("run finished in %.1f s", time.perf_counter() - t0)
    where = summary.get("publish", {}).get("directory")
    _print_summary(summary, str(Path(where) / "index.html") if where else None)
    return _exit_code(summary)


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def _serve_demo(args: argparse.Namespace) -> int:
    import signal

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it like Ctrl-C: servers closed, exit 0
    with demo_servers(args.var_dir) as variables:
        print("Serving the sample portal and APIs (Ctrl-C to stop):", flush=True)
        for k, v in variables.items():
            print(f"  {k}: {v}", flush=True)
        print(
            f"Run it on Prefect: prefect deployment run demo-sync/demo  (var_dir {args.var_dir}), or\n"
            f"  stcat run --config {DEMO_CONFIG.relative_to(ROOT)} "
            + " ".join(f"--var {k}={v}" for k, v in variables.items()),
            flush=True,
        )
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    if args.serve:
        return _serve_demo(args)
    t0 = time.perf_counter()
    with demo_servers(args.var_dir) as variables:
        cfg = load_config(DEMO_CONFIG, variables)
        preflight(cfg, args.catalog)
        log.info("sample portal at %s", variables["portal"])
        summary = _run_flow(
            config_path=str(DEMO_CONFIG), catalog=args.catalog, var_dir=args.var_dir, variables=variables
        )
    log.info("demo finished in %.1f s", time.perf_counter() - t0)
    pub = summary.get("publish", {})
    hint = (
        str(Path(pub["directory"]) / "index.html")
        if pub.get("directory")
        else redact_url(os.environ.get("CKAN_URL", "")) or None
    )
    _print_summary(summary, hint)
    if args.catalog == "local":
        print("Browse it with: stcat catalog serve --dir", pub.get("directory", "var/catalog"))
    return _exit_code(summary)


def cmd_parse(args: argparse.Namespace) -> int:
    from extractors.registry import parse_document
    from transforms.pipeline import TransformContext, build_tables, normalize_task

    session = None
    target = args.path_or_url
    if target.startswith(("http://", "https://")):
        from urllib.parse import urlsplit
        from extractors.http import make_session

        problem = _unreachable(urlsplit(target))
        if problem:
            print(f"stcat parse: {problem}", file=sys.stderr)
            return EXIT_PARTIAL
        # The user named this URL: its host is allowed, even on loopback.
        session = make_session(
            user_agent="stcat-parse/0.1", allowed_domains=[urlsplit(target).hostname], rate_limit=0, allow_private=True
        )
    else:
        problem = _unreadable(Path(target), args.table)
        if problem:
            print(f"stcat parse: {target}: {problem}", file=sys.stderr)
            return EXIT_USAGE
    bad = rows = 0
    try:
        records = list(parse_document(target, table=args.table, site=args.site, session=session))
    finally:
        if session is not None:
            session.close()
    out = sys.stdout
    if args.table == "tasks":
        for rec in records:
            if rec.get("reject"):
                bad += 1
                print(json.dumps(rec, ensure_ascii=False), file=sys.stderr)
                continue
            row, rejects = normalize_task(rec)
            for rj in rejects:
                bad += 1
                print(json.dumps(rj, ensure_ascii=False, default=str), file=sys.stderr)
            if row is not None:
                rows += 1
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        from config.loader import Province

        ctx = TransformContext(
            run_id="parse", province=Province(code="00", name="?"), now=dt.datetime.now(dt.timezone.utc)
        )
        tables = build_tables(records, ctx)
        for row in tables["publications"].to_pylist():
            rows += 1
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        for row in tables["rejects"].to_pylist():
            bad += 1
            print(json.dumps(row, ensure_ascii=False, default=str), file=sys.stderr)
    out.flush()
    if not rows:
        print(f"stcat parse: 0 records in {target}" + (f" ({bad} rejected)" if bad else ""), file=sys.stderr)
    return EXIT_PARTIAL if bad else EXIT_OK


def _unreachable(url: Any) -> str | None:
    """One line when the URL's host cannot be resolved or connected to (said at once, instead of
    after the session's retries of robots.txt), else None."""
    import socket

    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((url.hostname, port), timeout=10).close()
    except socket.gaierror:
        return f"cannot resolve host {url.hostname}"
    except OSError as e:
        return f"cannot reach {url.hostname}:{port}: {e.strerror or type(e).__name__}"
    return None


def _unreadable(path: Path, table: str) -> str | None:
    """One line when a local path cannot be parsed at all: missing, a directory, a format no reader takes."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a directory; give one page or file"
    if table == "tasks":
        from extractors.tables.sniff import sniff

        with open(path, "rb") as f:
            head = f.read(65536)
        if sniff(head, path.name) in ("unknown", "zip"):
            return "unsupported file: not HTML, XLSX, XLS, DOCX, DOC or PDF"
    return None


def cmd_reconcile(args: argparse.Namespace) -> int:
    from flows.official import reconcile_warehouse
    from flows.steps import Paths

    try:
        _, report = reconcile_warehouse(args.config, Paths(Path(args.var_dir)))
    except FileNotFoundError as e:
        print(f"stcat reconcile: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(report)
    return EXIT_OK


def cmd_catalog_serve(args: argparse.Namespace) -> int:
    from flows.serve import make_server

    directory = Path(args.dir)
    if not (directory / "index.html").exists():
        print(
            f"stcat catalog serve: {directory}/index.html not found; run `stcat demo` or `stcat run` first",
            file=sys.stderr,
        )
        return EXIT_USAGE
    server = make_server(directory, args.host, args.port)
    print(f"Serving {directory} at http://{args.host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose, quiet=args.command == "parse")  # parse: stderr is its rejects as JSON Lines
    from extractors.redact import install_log_redaction

    install_log_redaction()  # every log record scrubbed of credentials (CKAN_URL, tokens)
    handlers = {"demo": cmd_demo, "run": cmd_run, "parse": cmd_parse, "reconcile": cmd_reconcile}
    try:
        if args.command == "catalog":
            return cmd_catalog_serve(args)
        return handlers[args.command](args)
    except ConfigError as e:
        print(f"stcat: configuration error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except PreflightError as e:
        print(f"stcat: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`stcat parse … | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PARTIAL
    except KeyboardInterrupt:
        print("stcat: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a fatal failure (CKAN down, guard tripped…): say what, exit 1
        log.debug("fatal", exc_info=True)
        print(f"stcat: {args.command} failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
