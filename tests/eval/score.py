"""Score task extraction against the labelled corpus in tests/eval/cases/ (issue 11's yardstick).

    .venv/bin/python tests/eval/score.py [--cases DIR] [--json OUT] [--only SUBSTR] [--diff]
                                         [--markdown [--before BEFORE.json]]

Each case is `<id>.<format>` + `<id>.expected.jsonl` + `<id>.meta.json` (docs/ACCURACY.md). A document
goes through the same code path as `stcat parse FILE --table tasks`: `extractors.registry.parse_document`
then `transforms.pipeline.normalize_task`, in-process, files read directly (no network).

Expected tasks are matched to output rows by folded title (rapidfuzz ratio >= 90, best pairs first,
each row used once); the 13 fields below are then compared after a light normalisation. A missed
task is wrong on every field; an unmatched row is a false positive; a document with expected tasks
that yields no row and no reject is a silent zero. Always exits 0: the floor test judges the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # appended: a PYTHONPATH tree (e.g. an older commit) still wins

from rapidfuzz import fuzz  # noqa: E402

FIELDS = (
    "code",
    "level",
    "kind",
    "host_org",
    "principal_investigator",
    "pi_title",
    "start_date",
    "end_date",
    "budget_vnd",
    "budget_state_vnd",
    "acceptance_grade",
    "decision_no",
    "decision_date",
)
INT_FIELDS = {"budget_vnd", "budget_state_vnd"}
MATCH_MIN = 90
FORMATS = ("html", "xlsx", "xls", "docx", "doc", "pdf")
_TRAIL = re.compile(r"[\s.,;:]+$")


def fold_title(s: str | None) -> str:
    """Title key: the project's one match key, ASCII-folded (diacritics, case, spaces, punctuation)."""
    from transforms.text import match_key

    return match_key(s or "", ascii=True)


def norm_value(fname: str, v: Any) -> Any:
    """Value as compared: ints exact; text NFC, spaces collapsed, case-folded, trailing punctuation off."""
    if v is None:
        return None
    if fname in INT_FIELDS:
        try:
            return int(v)
        except (TypeError, ValueError):
            return str(v)
    s = " ".join(unicodedata.normalize("NFC", str(v)).split()).casefold()
    s = _TRAIL.sub("", s)
    if fname == "pi_title":
        s = s.replace(".", "").replace(" ", "")
    return s or None


@dataclass
class CaseResult:
    case_id: str
    meta: dict
    expected: int = 0
    found: int = 0
    rows: int = 0
    rejects: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: list[dict] = field(default_factory=list)  # field mismatches, for --diff
    error: str | None = None
    seconds: float = 0.0

    @property
    def silent_zero(self) -> bool:
        return self.error is None and self.expected > 0 and self.rows == 0 and self.rejects == 0

    @property
    def accuracy(self) -> float | None:
        n = self.expected * len(FIELDS)
        return sum(self.right.values()) / n if n else None


def load_cases(cases_dir: Path, only: str | None = None) -> list[tuple[str, Path, dict, list[dict]]]:
    """(case_id, document path, meta, expected records) for every complete case, sorted by id."""
    out = []
    for meta_path in sorted(cases_dir.glob("*.meta.json")):
        cid = meta_path.name[: -len(".meta.json")]
        if only and only not in cid:
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        doc = cases_dir / f"{cid}.{meta['format']}"
        exp_path = cases_dir / f"{cid}.expected.jsonl"
        if not doc.exists() or not exp_path.exists():
            raise SystemExit(f"score: case {cid}: missing {doc.name if not doc.exists() else exp_path.name}")
        expected = [json.loads(line) for line in exp_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out.append((cid, doc, meta, expected))
    return out


def run_document(path: Path, site: str | None) -> tuple[list[dict], int]:
    """Canonical rows and reject count, as `stcat parse PATH --table tasks [--site SITE]` prints them."""
    from extractors.registry import parse_document
    from transforms.pipeline import normalize_task

    rows, rejects = [], 0
    for rec in parse_document(str(path), table="tasks", site=site):
        if rec.get("reject"):
            rejects += 1
            continue
        row, rj = normalize_task(rec)
        rejects += len(rj)
        if row is not None:
            rows.append(row)
    return rows, rejects


def match(expected: list[dict], rows: list[dict]) -> dict[int, int]:
    """expected index -> row index; best title pairs first, each row used once."""
    ek = [fold_title(e.get("title")) for e in expected]
    rk = [fold_title(r.get("title")) for r in rows]
    pairs = sorted(
        ((fuzz.ratio(a, b), i, j) for i, a in enumerate(ek) for j, b in enumerate(rk)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_e: dict[int, int] = {}
    used_r: set[int] = set()
    for score, i, j in pairs:
        if score < MATCH_MIN:
            break
        if i in used_e or j in used_r:
            continue
        used_e[i] = j
        used_r.add(j)
    return used_e


def score_case(cid: str, path: Path, meta: dict, expected: list[dict]) -> CaseResult:
    res = CaseResult(cid, meta, expected=len(expected))
    t0 = time.perf_counter()
    try:
        rows, res.rejects = run_document(path, meta.get("site"))
    except Exception as e:  # a crash is a finding of this case, not the end of the evaluation
        rows, res.error = [], f"{type(e).__name__}: {e}"
    res.seconds = time.perf_counter() - t0
    res.rows = len(rows)
    pairs = match(expected, rows)
    res.found = len(pairs)
    for i, exp in enumerate(expected):
        j = pairs.get(i)
        if j is None:
            res.missed.append(exp.get("title") or "")
            continue
        got = rows[j]
        for f in FIELDS:
            if norm_value(f, exp.get(f)) == norm_value(f, got.get(f)):
                res.right[f] += 1
            else:
                res.wrong.append({"title": exp.get("title"), "field": f, "expected": exp.get(f), "got": got.get(f)})
    matched_rows = set(pairs.values())
    res.false_positives = [r.get("title") or "" for j, r in enumerate(rows) if j not in matched_rows]
    return res


def summarize(results: list[CaseResult]) -> dict[str, Any]:
    """The corpus figures (also what --json writes and the floor test reads)."""
    n_exp = sum(r.expected for r in results)
    per_field = {f: (sum(r.right[f] for r in results) / n_exp if n_exp else None) for f in FIELDS}
    total_right = sum(sum(r.right.values()) for r in results)

    def group(key) -> dict[str, dict]:
        g: dict[str, dict] = {}
        for r in results:
            for k in key(r):
                d = g.setdefault(k, {"documents": 0, "expected": 0, "found": 0, "right": 0})
                d["documents"] += 1
                d["expected"] += r.expected
                d["found"] += r.found
                d["right"] += sum(r.right.values())
        for d in g.values():
            d["field_accuracy"] = round(d.pop("right") / (d["expected"] * len(FIELDS)), 4) if d["expected"] else None
        return dict(sorted(g.items()))

    return {
        "documents": len(results),
        "tasks_expected": n_exp,
        "tasks_found": sum(r.found for r in results),
        "false_positives": sum(len(r.false_positives) for r in results),
        "silent_zeros": [r.case_id for r in results if r.silent_zero],
        "errors": {r.case_id: r.error for r in results if r.error},
        "field_accuracy": round(total_right / (n_exp * len(FIELDS)), 4) if n_exp else None,
        "per_field": {f: (round(v, 4) if v is not None else None) for f, v in per_field.items()},
        "by_format": group(lambda r: [r.meta.get("format", "?")]),
        "by_family": group(lambda r: [r.meta.get("family", "?")]),
        "by_class": group(lambda r: [f"class {c}" for c in r.meta.get("classes") or []] or ["no class"]),
        "per_file": [
            {
                "case": r.case_id,
                "format": r.meta.get("format"),
                "family": r.meta.get("family"),
                "classes": r.meta.get("classes", []),
                "expected": r.expected,
                "found": r.found,
                "rows": r.rows,
                "rejects": r.rejects,
                "false_positives": len(r.false_positives),
                "silent_zero": r.silent_zero,
                "error": r.error,
                "field_accuracy": round(r.accuracy, 4) if r.accuracy is not None else None,
            }
            for r in results
        ],
    }


def evaluate(cases_dir: Path = HERE / "cases", only: str | None = None) -> tuple[dict[str, Any], list[CaseResult]]:
    results = [score_case(*c) for c in load_cases(cases_dir, only)]
    return summarize(results), results


def _pct(v: float | None) -> str:
    return "   -  " if v is None else f"{v * 100:5.1f}%"


def render(summary: dict[str, Any], results: list[CaseResult], diff: bool = False) -> str:
    lines = [f"{'case':<48} {'fmt':<5} {'exp':>4} {'found':>5} {'FP':>3} {'rej':>4}  {'fields':>6}"]
    for f in summary["per_file"]:
        flag = "  SILENT ZERO" if f["silent_zero"] else ""
        flag += f"  ERROR {f['error']}" if f["error"] else ""
        lines.append(
            f"{f['case']:<48} {f['format']:<5} {f['expected']:>4} {f['found']:>5} "
            f"{f['false_positives']:>3} {f['rejects']:>4}  {_pct(f['field_accuracy'])}{flag}"
        )
    if diff:
        for r in results:
            if not (r.wrong or r.missed or r.false_positives):
                continue
            lines.append(f"\n== {r.case_id}")
            lines += [f"   missed: {t}" for t in r.missed]
            lines += [f"   false positive: {t}" for t in r.false_positives]
            lines += [
                f"   {w['field']}: expected {w['expected']!r} got {w['got']!r}   [{w['title'][:50]}]" for w in r.wrong
            ]
    lines.append("")
    lines.append(f"{'field':<24} accuracy")
    for fname, v in summary["per_field"].items():
        lines.append(f"{fname:<24} {_pct(v)}")
    lines.append("")
    for title, key in (("format", "by_format"), ("family", "by_family"), ("class", "by_class")):
        lines.append(f"{title:<12} {'docs':>4} {'exp':>5} {'found':>5}  fields")
        for k, d in summary[key].items():
            lines.append(f"{k:<12} {d['documents']:>4} {d['expected']:>5} {d['found']:>5}  {_pct(d['field_accuracy'])}")
        lines.append("")
    lines.append(
        f"documents: {summary['documents']}   tasks found: {summary['tasks_found']} / "
        f"{summary['tasks_expected']}   false positives: {summary['false_positives']}"
    )
    if summary["silent_zeros"]:
        lines.append(
            f"!!! SILENT ZEROS ({len(summary['silent_zeros'])}): no record and no reject from "
            + ", ".join(summary["silent_zeros"])
        )
    else:
        lines.append("silent zeros: none")
    if summary["errors"]:
        lines.append(f"!!! CRASHED ({len(summary['errors'])}): " + ", ".join(summary["errors"]))
    lines.append(f"overall field accuracy: {_pct(summary['field_accuracy'])}")
    return "\n".join(lines)


def markdown(summary: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    """The per-field table (and before/after when `before` is given) as Markdown, for notes and docs."""

    def cell(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    cols = ["field", "before", "after"] if before else ["field", "accuracy"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows = [(f, before["per_field"].get(f) if before else None, summary["per_field"][f]) for f in FIELDS]
    rows.append(("**all fields**", before["field_accuracy"] if before else None, summary["field_accuracy"]))
    for f, b, a in rows:
        lines.append(f"| {f} | {cell(b)} | {cell(a)} |" if before else f"| {f} | {cell(a)} |")
    found = f"{summary['tasks_found']} / {summary['tasks_expected']}"
    if before:
        lines.append(f"| tasks found | {before['tasks_found']} / {before['tasks_expected']} | {found} |")
        lines.append(f"| silent zeros | {len(before['silent_zeros'])} | {len(summary['silent_zeros'])} |")
        lines.append(f"| false positives | {before['false_positives']} | {summary['false_positives']} |")
    else:
        lines.append(f"| tasks found | {found} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import logging

    logging.basicConfig(level=logging.WARNING)
    p = argparse.ArgumentParser(description="Score task extraction on the labelled corpus (tests/eval/cases).")
    p.add_argument("--cases", type=Path, default=HERE / "cases", help="corpus folder (default tests/eval/cases)")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON to OUT")
    p.add_argument("--only", help="only cases whose id contains this text")
    p.add_argument("--diff", action="store_true", help="list every missed task, false positive and wrong field")
    p.add_argument("--markdown", action="store_true", help="print only the per-field table as Markdown")
    p.add_argument("--before", type=Path, metavar="JSON", help="with --markdown: a --json file to show beside")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    summary, results = evaluate(args.cases, args.only)
    if args.markdown:
        before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
        print(markdown(summary, before))
    else:
        print(render(summary, results, args.diff))
    print(f"({time.perf_counter() - t0:.1f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
