"""The run summary: per source and table, records in, added, changed, unchanged, deleted and
rejected; reject shares against ``max_reject_share``; stage timings; its markdown rendering
(the Prefect artifact and the terminal)."""

from __future__ import annotations

from collections import Counter
from typing import Any


DEFAULT_MAX_REJECT_SHARE = 0.05


def reject_shares(stored: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Per table: rejected records and their share of the records that came in (rows read plus
    records already set aside at extraction)."""
    stored = stored or {}
    seen: Counter = Counter()
    rejected: Counter = Counter()
    for key, n in {**stored.get("records_in", {})}.items():
        seen[key.split("|", 1)[1]] += n
    for key, n in stored.get("extract_rejected", {}).items():
        seen[key.split("|", 1)[1]] += n
    for key, n in stored.get("rejected", {}).items():
        rejected[key.split("|", 1)[1]] += n
    return {
        t: {
            "rejected": rejected[t],
            "records": seen[t],
            "share": round(rejected[t] / seen[t], 4) if seen[t] else (1.0 if rejected[t] else 0.0),
        }
        for t in sorted(set(seen) | set(rejected))
    }


def summarize(
    run_id: str,
    extract: dict[str, dict],
    failed: dict[str, str],
    stored: dict[str, Any],
    published: dict[str, Any] | None,
    wall_s: float | None = None,
    *,
    max_reject_share: float = DEFAULT_MAX_REJECT_SHARE,
    error: str | None = None,
) -> dict[str, Any]:
    """The run summary: per source and table, records in, added, changed, unchanged, rejected;
    the tables whose reject share passed ``max_reject_share``; the error that ended a failed run."""
    rows = []
    diffs = stored.get("diffs", {}) if stored else {}
    records_in = stored.get("records_in", {}) if stored else {}
    rejected = stored.get("rejected", {}) if stored else {}
    keys = set(records_in) | set(rejected)
    for table, d in diffs.items():
        for src in d.get("by_source", {}):
            if src != "(none)":
                keys.add(f"{src}|{table}")
    for key in sorted(keys):
        src, table = key.split("|", 1)
        by = diffs.get(table, {}).get("by_source", {}).get(src, {})
        rows.append(
            {
                "source": src,
                "table": table,
                "records_in": records_in.get(key, 0),
                "added": by.get("added", 0),
                "changed": by.get("changed", 0),
                "unchanged": by.get("unchanged", 0),
                "deleted": by.get("deleted", 0),
                "rejected": rejected.get(key, 0),
            }
        )
    totals = {
        t: {k: d[k] for k in ("rows", "added", "changed", "unchanged", "deleted", "written")} for t, d in diffs.items()
    }
    changed = any(d["added"] or d["changed"] or d["deleted"] for d in totals.values())
    shares = reject_shares(stored)
    return {
        "run_id": run_id,
        "sources": {k: {"records": v.get("records"), "by_table": v.get("by_table")} for k, v in extract.items()},
        "failed_sources": failed,
        "rows": rows,
        "tables": totals,
        "status": "failed" if error else "unchanged" if not changed else "changed",
        "error": error,
        "reject_share": shares,
        "max_reject_share": max_reject_share,
        "over_reject_share": [t for t, v in shares.items() if v["share"] > max_reject_share],
        "reject_reasons": stored.get("reject_reasons", {}) if stored else {},
        "unmapped_columns": stored.get("unmapped_columns", {}) if stored else {},
        "reconciliation": stored.get("reconciliation", {}) if stored else {},
        "publish": published or {},
        "timings": _timings(extract, stored, published, wall_s),
    }


def _timings(
    extract: dict[str, dict], stored: dict[str, Any] | None, published: dict[str, Any] | None, wall_s: float | None
) -> dict[str, float]:
    """Seconds spent inside each stage's own code, and the flow's wall time around them."""
    t = {f"extract:{k}": v.get("duration_s", 0.0) for k, v in extract.items()}
    t["transform"] = (stored or {}).get("duration_s", 0.0)
    t["publish"] = (published or {}).get("duration_s", 0.0)
    if wall_s is not None:
        work = sum(t.values())
        t["flow_wall"] = round(wall_s, 4)
        t["orchestration"] = round(max(wall_s - work, 0.0), 4)
    return t


def render_summary(summary: dict[str, Any]) -> str:
    """Markdown table of the summary, for the Prefect artifact and the terminal."""
    lines = [
        f"## stcat run {summary['run_id']}: {summary['status']}",
        "",
        "| source | table | records in | added | changed | unchanged | deleted | rejected |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in summary["rows"]:
        lines.append(
            f"| {r['source']} | {r['table']} | {r['records_in']} | {r['added']} | {r['changed']} | "
            f"{r['unchanged']} | {r['deleted']} | {r['rejected']} |"
        )
    lines += [
        "",
        "| table | rows | added | changed | unchanged | deleted | file written |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for t, d in summary["tables"].items():
        lines.append(
            f"| {t} | {d['rows']} | {d['added']} | {d['changed']} | {d['unchanged']} | {d['deleted']} | "
            f"{'yes' if d['written'] else 'no'} |"
        )
    pub = summary.get("publish") or {}
    if pub:
        what = (
            "plan only (dry run)"
            if pub.get("dry_run")
            else (
                f"{pub.get('write_calls')} write calls"
                if "write_calls" in pub
                else f"{pub.get('files_written', 0)} files written"
            )
        )
        lines += ["", f"Publish to {pub.get('catalog', '?')} catalog: {what}"]
        datasets = pub.get("datasets")
        if isinstance(datasets, dict):
            lines += [f"- {k}: {v}" for k, v in datasets.items()]
        elif isinstance(datasets, list):
            lines += [
                f"- {d.get('name')}: {d.get('outcome')}" + (f" ({d.get('error')})" if d.get("error") else "")
                for d in datasets
            ]
    if (summary.get("reconciliation") or {}).get("markdown"):
        lines += ["", summary["reconciliation"]["markdown"]]
    if summary.get("error"):
        lines += ["", f"**Run failed**: {summary['error']}"]
    if summary.get("over_reject_share"):
        lines += ["", f"**Reject share over {summary['max_reject_share']:.0%}**", ""] + [
            f"- {t}: {summary['reject_share'][t]['rejected']} of {summary['reject_share'][t]['records']} records "
            f"({summary['reject_share'][t]['share']:.1%})"
            for t in summary["over_reject_share"]
        ]
    if summary["failed_sources"]:
        lines += ["", "**Failed sources**", ""] + [f"- `{k}`: {v}" for k, v in summary["failed_sources"].items()]
    if summary.get("unmapped_columns"):
        lines += ["", "**Columns no header rule mapped** (kept under extras; see var/review/unmapped_columns.yaml)", ""]
        lines += [
            f"- `{src}`: " + ", ".join(f"{lbl} ({n})" for lbl, n in list(labels.items())[:8])
            for src, labels in summary["unmapped_columns"].items()
        ]
    if summary.get("reject_reasons"):
        lines += ["", "**Reject reasons**", ""] + [f"- {n} × {r}" for r, n in summary["reject_reasons"].items()]
    return "\n".join(lines)
