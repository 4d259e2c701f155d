"""Helpers for writing evaluation cases: a task's expected values beside what the page shows,
task tables (sections, merged cells, restart numbering), and the writer of the three case files.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
KEYS = (
    "title",
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
TR = 1_000_000  # one "triệu đồng"


def T(
    title: str,
    org: str | None = None,
    pi: str | None = None,
    pt: str | None = None,
    *,
    code: str | None = None,
    level: str | None = "provincial",
    kind: str | None = None,
    start: str | None = None,
    end: str | None = None,
    budget: int | None = None,
    state: int | None = None,
    grade: str | None = None,
    dno: str | None = None,
    ddate: str | None = None,
    **show: str,
) -> dict:
    """One task: expected values (the keyword names of the corpus format) and `show` = what the page prints."""
    exp = {
        "title": title,
        "code": code,
        "level": level,
        "kind": kind,
        "host_org": org,
        "principal_investigator": pi,
        "pi_title": pt,
        "start_date": start,
        "end_date": end,
        "budget_vnd": budget,
        "budget_state_vnd": state,
        "acceptance_grade": grade,
        "decision_no": dno,
        "decision_date": ddate,
    }
    return {"exp": exp, **show}


def with_decision(tasks: list[dict], dno: str, ddate: str) -> list[dict]:
    """The list's own decision, carried onto every row that does not name its own."""
    for t in tasks:
        if t["exp"]["decision_no"] is None:
            t["exp"]["decision_no"], t["exp"]["decision_date"] = dno, ddate
    return tasks


def pi_cell(t: dict) -> str:
    e = t["exp"]
    return t.get("pi_show") or " ".join(x for x in (e["pi_title"], e["principal_investigator"]) if x)


def mm(iso: str) -> str:
    """'2023-06' -> '06/2023'."""
    y, m = iso.split("-")[:2]
    return f"{m}/{y}"


def period(t: dict) -> str:
    e = t["exp"]
    return t.get("period") or (f"{mm(e['start_date'])} - {mm(e['end_date'])}" if e["start_date"] else "")


def million(v: int | None) -> str:
    """850_000_000 -> '850'; 1_250_500_000 -> '1.250,5' (Vietnamese grouping, in triệu đồng)."""
    if v is None:
        return ""
    whole, frac = divmod(v, TR)
    s = f"{whole:,}".replace(",", ".")
    if frac:
        s += "," + f"{frac / TR:.3f}"[2:].rstrip("0")
    return s


def esc(s: str) -> str:
    return html.escape(s, quote=False)


Column = tuple[str, Callable[[dict, int], str]]


def table(
    cols: list[Column],
    tasks: list[dict],
    *,
    sections: dict[int, str] | None = None,
    attrs: str = 'border="1" cellspacing="0" cellpadding="4" width="100%"',
    header_rows: str | None = None,
    rowspan_col: tuple[int, list[tuple[int, int, str]]] | None = None,
    numbering: str = "global",
    cell_tag: str = "td",
) -> str:
    """A task table. sections: task index -> label of a full-width row before it. rowspan_col:
    (column index, [(first task index, span, text)]) for a column merged down. numbering
    'restart' numbers each section from 1."""
    sections = sections or {}
    head = header_rows or "<tr>" + "".join(f"<th>{h}</th>" for h, _ in cols) + "</tr>"
    spans = {}
    covered = set()
    if rowspan_col:
        ci, groups = rowspan_col
        for first, n, text in groups:
            spans[first] = (n, text)
            covered.update(range(first + 1, first + n))
    out = [f"<table {attrs}>", f"<thead>{head}</thead>" if not header_rows else head, "<tbody>"]
    no = 0
    for i, t in enumerate(tasks):
        if i in sections:
            out.append(f'<tr><td colspan="{len(cols)}"><strong>{sections[i]}</strong></td></tr>')
            if numbering == "restart":
                no = 0
        no += 1
        cells = []
        for ci_, (_, fn) in enumerate(cols):
            if rowspan_col and ci_ == rowspan_col[0]:
                if i in spans:
                    n, text = spans[i]
                    cells.append(f'<{cell_tag} rowspan="{n}">{text}</{cell_tag}>')
                elif i in covered:
                    continue
                else:
                    cells.append(f"<{cell_tag}>{fn(t, no)}</{cell_tag}>")
                continue
            cells.append(f"<{cell_tag}>{fn(t, no)}</{cell_tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# column helpers
def c_no(t, n):
    return str(n)


def c_title(t, n):
    return esc(t.get("title_show") or t["exp"]["title"])


def c_org(t, n):
    return esc(t["exp"]["host_org"] or "")


def c_pi(t, n):
    return esc(pi_cell(t))


def c_name(t, n):
    return esc(t["exp"]["principal_investigator"] or "")


def c_ptitle(t, n):
    return esc(t.get("pt_show") or t["exp"]["pi_title"] or "")


def c_period(t, n):
    return esc(period(t))


def c_money(t, n):
    return t.get("money") or million(t["exp"]["budget_vnd"])


def c_state(t, n):
    return t.get("money_state") or million(t["exp"]["budget_state_vnd"])


def c_kind(t, n):
    return esc(t.get("kind_show", ""))


def c_code(t, n):
    return esc(t["exp"]["code"] or "")


def c_grade(t, n):
    return esc(t.get("grade_show", ""))


def c_start(t, n):
    return mm(t["exp"]["start_date"]) if t["exp"]["start_date"] else ""


def c_end(t, n):
    return mm(t["exp"]["end_date"]) if t["exp"]["end_date"] else ""


GRADE = {"excellent": "Xuất sắc", "good": "Khá", "pass": "Đạt", "fail": "Không đạt"}


def graded(tasks: list[dict]) -> list[dict]:
    for t in tasks:
        t.setdefault("grade_show", GRADE[t["exp"]["acceptance_grade"]] if t["exp"]["acceptance_grade"] else "")
    return tasks


def write_case(c: dict) -> None:
    """<id>.html (str pages as UTF-8, bytes as given), <id>.expected.jsonl, <id>.meta.json."""
    cid = c["id"]
    page = c["page"]
    data = page if isinstance(page, bytes) else page.encode("utf-8")
    CASES.mkdir(parents=True, exist_ok=True)
    (CASES / f"{cid}.html").write_bytes(data)
    lines = []
    for t in c["tasks"]:
        e = {k: t["exp"][k] for k in KEYS}
        for k, v in e.items():
            if isinstance(v, str):
                e[k] = " ".join(unicodedata.normalize("NFC", v).split())
        lines.append(json.dumps(e, ensure_ascii=False) + "\n")
    (CASES / f"{cid}.expected.jsonl").write_text("".join(lines), encoding="utf-8")
    meta = {"format": "html", "family": c["family"], "classes": c["classes"], "note": c["note"], "site": c.get("site")}
    (CASES / f"{cid}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
