"""HTML pages of the local file catalog: the index and one page per dataset, Vietnamese first
with English beside, charts drawn at publish time as inline SVG (no JavaScript, no CDN).

Pure: takes the package dict, the table and file facts, returns HTML text.
The bar charts are a few SVG rectangles: hand-written because a plotting library (matplotlib,
~40 MB) would be the project's heaviest dependency for four bar charts.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from catalog import exports
from transforms import schemas
from transforms.fields import field_name

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
e = html.escape
SAMPLE_ROWS = 5
_PALETTE = ("#1f6fb2", "#e07b18", "#3a9a48", "#c23b3b", "#7a55b3", "#8c6d31", "#666")


def human_date(iso: str | None) -> str:
    """'2021-03-05' -> '05/03/2021', '2021-03' -> '03/2021', '2021' -> '2021'; '' when unknown."""
    if not iso:
        return ""
    parts = str(iso)[:10].split("-")
    return "/".join(reversed(parts))


def human_time(stamp: str) -> str:
    """An ISO UTC stamp as people here read it: '06/12/2026 16:05 (giờ Việt Nam, UTC+7)'."""
    when = dt.datetime.fromisoformat(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return f"{when.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M} (giờ Việt Nam / Vietnam time, UTC+7)"


def size(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} B"
    for unit in ("KB", "MB"):
        n /= 1024
        if n < 1024:
            return f"{n:.1f} {unit}"
    return f"{n / 1024:.1f} GB"


def paragraphs(text: str, cls: str = "") -> str:
    """Text with blank-line paragraphs as HTML paragraphs, its single line breaks kept."""
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(
        f"  <p{attr}>{e(part.strip()).replace(chr(10), '<br>' + chr(10))}</p>"
        for part in text.split("\n\n")
        if part.strip()
    )


def coverage_text(pkg: dict[str, Any]) -> str:
    start, end = human_date(pkg["temporal_start"]), human_date(pkg["temporal_end"])
    period = f"; {start} – {end}" if start and end and start != end else (f"; {start or end}" if start or end else "")
    return e(pkg["spatial_coverage"]) + e(period)


def licence_link(pkg: dict[str, Any]) -> str:
    return f'<a class="licence" rel="license" href="{e(pkg["license_url"])}">{e(pkg["license_title"])}</a>'


# --------------------------------------------------------------------------- SVG charts


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]], unit: str = "") -> str:
    """Vertical (stacked) bars: one bar per category, one colour per series, with a legend."""
    if not categories:
        return ""
    totals = [sum(s[i] for s in series.values()) for i in range(len(categories))]
    top = max(totals) or 1
    bw, gap, h, left, bottom = 44, 16, 180, 10, 60
    width = left + len(categories) * (bw + gap) + 10
    legend_h = 18 * len(series) if len(series) > 1 else 0
    out = [
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{h + bottom + legend_h + 20}" viewBox="0 0 {width} {h + bottom + legend_h + 20}">',
        f"<title>{e(title)}</title>",
    ]
    for i, cat in enumerate(categories):
        x = left + i * (bw + gap)
        y = 20 + h
        for j, (name, values) in enumerate(series.items()):
            v = values[i]
            if not v:
                continue
            bh = v / top * h
            y -= bh
            out.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bw}" height="{bh:.1f}" fill="{_PALETTE[j % len(_PALETTE)]}">'
                f"<title>{e(cat)} · {e(name)}: {_num(v)}{e(unit)}</title></rect>"
            )
        out.append(
            f'<text x="{x + bw / 2}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{_num(totals[i])}</text>'
        )
        out.append(
            f'<text x="{x + bw / 2}" y="{20 + h + 14}" font-size="11" text-anchor="middle">{e(_short(cat))}</text>'
        )
    if len(series) > 1:
        for j, name in enumerate(series):
            y = 20 + h + bottom + 18 * j
            out.append(
                f'<rect x="{left}" y="{y - 10}" width="10" height="10" fill="{_PALETTE[j % len(_PALETTE)]}"/>'
                f'<text x="{left + 16}" y="{y}" font-size="12">{e(name)}</text>'
            )
    out.append(f"</svg><figcaption>{e(title)}</figcaption></figure>")
    return "".join(out)


def hbar_chart(title: str, values: list[tuple[str, float]], unit: str = "") -> str:
    """Horizontal bars with their labels in full (long category names, e.g. fields of science)."""
    if not values:
        return ""
    top = max(v for _, v in values) or 1
    label_w, bar_w, row = 230, 240, 22
    width, height = label_w + bar_w + 70, row * len(values) + 10
    out = [
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{e(title)}</title>'
    ]
    for i, (cat, v) in enumerate(values):
        y = 5 + i * row
        w = v / top * bar_w
        out.append(
            f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end">{e(_short(cat, 34))}'
            f"<title>{e(cat)}</title></text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{_PALETTE[0]}">'
            f"<title>{e(cat)}: {_num(v)}{e(unit)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="11">{_num(v)}</text>'
        )
    out.append(f"</svg><figcaption>{e(title)}</figcaption></figure>")
    return "".join(out)


def _num(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".") if v >= 1000 else (f"{v:g}")


def _short(text: str, n: int = 9) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def charts(table_name: str, table: pa.Table) -> list[str]:
    """The charts of one dataset: tasks per year by level, budget by field of science,
    acceptance grades; publications per year; documents per year."""
    out = []
    if table.num_rows == 0:
        return out
    if table_name == "tasks":
        years: dict[str, Counter[str]] = defaultdict(Counter)
        for start, end, level in zip(
            table.column("start_date").to_pylist(),
            table.column("end_date").to_pylist(),
            table.column("level").to_pylist(),
        ):
            year = (start or end or "")[:4] or "?"
            years[year][str(schemas.value_label("tasks", "level", level) if level else "Chưa rõ")] += 1
        cats = sorted(years)
        names = sorted({n for c in years.values() for n in c})
        out.append(
            bar_chart(
                "Số nhiệm vụ theo năm bắt đầu và cấp / Tasks per start year by level",
                cats,
                {n: [years[c][n] for c in cats] for n in names},
            )
        )
        budget: Counter[str] = Counter()
        for code, vnd in zip(table.column("field_code").to_pylist(), table.column("budget_vnd").to_pylist()):
            top = (code or "")[:1]
            budget[(field_name(top) or "Chưa rõ") if top else "Chưa rõ"] += (vnd or 0) / 1e9
        out.append(
            hbar_chart(
                "Kinh phí theo lĩnh vực (tỷ đồng) / Budget by field of science (billion VND)",
                [(c, round(v, 2)) for c, v in budget.most_common() if v],
                " tỷ đồng",
            )
        )
        grades = Counter(g for g in table.column("acceptance_grade").to_pylist() if g)
        order = [g for g in schemas.GRADES if grades[g]]
        out.append(
            bar_chart(
                "Kết quả nghiệm thu / Acceptance grades",
                [str(schemas.value_label("tasks", "acceptance_grade", g)) for g in order],
                {"nhiệm vụ": [grades[g] for g in order]},
            )
        )
    elif table_name in ("publications", "documents"):
        years_n = Counter(str(y) for y in table.column("year").to_pylist() if y)
        cats = sorted(years_n)
        what = (
            "Số công bố theo năm / Publications per year"
            if table_name == "publications"
            else "Số văn bản theo năm / Documents per year"
        )
        out.append(bar_chart(what, cats, {"": [years_n[c] for c in cats]}))
    elif table_name == "statistics":
        out += _statistics_charts(table)
    return [c for c in out if c]


def _statistics_charts(table: pa.Table) -> list[str]:
    """Tasks accepted per year by grade, tasks ongoing, budget of tasks started, publications per year."""
    rows = [
        r
        for r in table.select(["indicator", "period", "breakdown", "breakdown_value", "value"]).to_pylist()
        if r["period"] != "all"
    ]

    def series(indicator: str, breakdown: str = "total", scale: float = 1) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for r in rows:
            if r["indicator"] == indicator and r["breakdown"] == breakdown:
                out[r["breakdown_value"]][r["period"]] = round(r["value"] / scale, 2)
        return out

    charts_ = []
    grades = series("tasks_accepted", "acceptance_grade")
    years = sorted({y for s in grades.values() for y in s})
    order = [g for g in (*schemas.GRADES, "unknown") if g in grades]
    charts_.append(
        bar_chart(
            "Nhiệm vụ được nghiệm thu theo năm và kết quả / Tasks accepted per year by grade",
            years,
            {
                str(schemas.value_label("tasks", "acceptance_grade", g)) if g != "unknown" else "Chưa rõ": [
                    grades[g].get(y, 0) for y in years
                ]
                for g in order
            },
        )
    )
    for indicator, title, scale, unit in (
        ("tasks_ongoing", "Nhiệm vụ đang thực hiện theo năm / Tasks ongoing per year", 1, ""),
        (
            "budget_total_vnd",
            "Kinh phí nhiệm vụ bắt đầu trong năm (tỷ đồng) / Budget of tasks started (billion VND)",
            1e9,
            " tỷ đồng",
        ),
        ("publications", "Công bố theo năm / Publications per year", 1, ""),
    ):
        total = series(indicator, scale=scale).get("total", {})
        cats = sorted(total)
        charts_.append(bar_chart(title, cats, {"": [total[c] for c in cats]}, unit))
    return charts_


# --------------------------------------------------------------------------- pages

_STYLE = """
    body { font-family: system-ui, "Noto Sans", sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
    .dataset { border-top: 1px solid #ccc; padding: .5rem 0; }
    .en { color: #555; font-style: italic; }
    dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
    dt { font-weight: 600; }
    table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
    th, td { border: 1px solid #ccc; padding: .2rem .4rem; vertical-align: top; text-align: left; }
    .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
    figure.chart { margin: 0; } figcaption { font-size: .85rem; color: #444; }
    .scroll { overflow-x: auto; }
"""


def _head(title: str, extra: str = "") -> str:
    return f"""<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)}</title>{extra}
  <style>{_STYLE}  </style>
</head>
"""


def _downloads(pkg: dict[str, Any], files: dict[str, Any], prefix: str) -> str:
    names = {"parquet": "Parquet", "csv": "CSV (Excel)", "datapackage": "datapackage.json"}
    links = " · ".join(
        f'<a href="{e(prefix)}{e(p.name)}" download>{names[k]}</a> <small>({size(p.stat().st_size)})</small>'
        for k, p in files.items()
    )
    return f'{links} · <a href="{e(prefix)}dcat.jsonld">DCAT (JSON-LD)</a>'


def _facts(pkg: dict[str, Any], modified: str) -> str:
    freq_vi, freq_en = pkg["frequency_label"]
    email = pkg["contact_email"]
    contact = e(pkg["contact_name"]) + (f' &lt;<a href="mailto:{e(email)}">{e(email)}</a>&gt;' if email else "")
    return f"""    <dl>
      <dt>Số bản ghi / Rows</dt><dd class="rows">{pkg["num_rows"]}</dd>
      <dt>Cập nhật / Last update</dt><dd class="modified">{e(human_time(modified))}</dd>
      <dt>Tần suất / Frequency</dt><dd>{e(freq_vi)} / {e(freq_en)}</dd>
      <dt>Giấy phép / Licence</dt><dd>{licence_link(pkg)}</dd>
      <dt>Phạm vi / Coverage</dt><dd class="coverage">{coverage_text(pkg)}</dd>
      <dt>Đơn vị công bố / Publisher</dt><dd>{e(pkg["publisher_name"])} <span class="en">/ {e(pkg["publisher_name_en"])}</span></dd>
      <dt>Liên hệ / Contact</dt><dd class="contact">{contact}</dd>
    </dl>
"""


def render_index(title: str, publisher: tuple[str, str], entries: list[tuple[dict, dict, str]]) -> str:
    """The catalog's front page: every dataset with a link to its page and its downloads."""
    rows = []
    for pkg, files, modified in entries:
        rows.append(f"""  <section class="dataset" id="{e(pkg["name"])}">
    <h2><a href="{e(pkg["name"])}/index.html">{e(pkg["title"])}</a></h2>
    <p class="en">{e(pkg["title_en"])}</p>
{paragraphs(pkg["notes"])}
{paragraphs(pkg["notes_en"], "en")}
{_facts(pkg, modified)}    <p class="downloads">Tải về / Download: {_downloads(pkg, files, pkg["name"] + "/")}</p>
  </section>""")
    body = "\n".join(rows) or "  <p>Chưa có bộ dữ liệu nào. / No datasets yet.</p>"
    return (
        _head(title, '\n  <link rel="alternate" type="application/ld+json" href="catalog.jsonld">')
        + f"""<body>
  <h1>Dữ liệu mở khoa học và công nghệ</h1>
  <p>{e(publisher[0])}</p>
  <p class="en">Science and technology open data · {e(publisher[1])}</p>
{body}
</body>
</html>
"""
    )


def _cell(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10_000:
        return f"{v:,}".replace(",", ".")
    return e("" if v is None else str(v))


def render_dataset(pkg: dict[str, Any], table: pa.Table, files: dict[str, Any], modified: str) -> str:
    """One dataset's page: description, facts, charts, data dictionary, a sample of rows, downloads."""
    name = pkg["table"]
    labels = schemas.LABELS.get(name, {})
    dict_rows = []
    sample = exports.public_table(name, table.slice(0, 1)).to_pylist() if table.num_rows else []
    examples = sample[0] if sample else {}
    for f in pkg["data_dictionary"]:
        vi = f.get("label_vi", "")
        ex = examples.get(vi) if vi else (table.column(f["name"])[0].as_py() if table.num_rows else None)
        shown = "CSV · Parquet" if vi else "Parquet"
        dict_rows.append(
            f"<tr><td><code>{e(f['name'])}</code></td><td>{e(vi)}</td><td>{e(f.get('label_en', ''))}</td>"
            f'<td>{e(f["type"])}</td><td>{e(f["description_vi"])}<br><span class="en">{e(f["description_en"])}</span></td>'
            f"<td>{_cell(ex)}</td><td>{shown}</td></tr>"
        )
    head = "".join(f'<th>{e(vi)}<br><span class="en">{e(en)}</span></th>' for vi, en in labels.values())
    rows = exports.public_table(name, table.slice(0, SAMPLE_ROWS)).to_pylist()
    body = "".join("<tr>" + "".join(f"<td>{_cell(r[vi])}</td>" for vi, _ in labels.values()) + "</tr>" for r in rows)
    charts_html = "\n".join(charts(name, table))
    return (
        _head(pkg["title"])
        + f"""<body>
  <p><a href="../index.html">← Danh mục dữ liệu / Catalog</a></p>
  <h1>{e(pkg["title"])}</h1>
  <p class="en">{e(pkg["title_en"])}</p>
{paragraphs(pkg["notes"])}
{paragraphs(pkg["notes_en"], "en")}
{_facts(pkg, modified)}  <p class="downloads">Tải về / Download: {_downloads(pkg, files, "")}</p>
  <h2>Biểu đồ / Charts</h2>
  <div class="charts">
{charts_html or "<p>Không có biểu đồ cho bảng này. / No chart for this table.</p>"}
  </div>
  <h2>Từ điển dữ liệu / Data dictionary</h2>
  <div class="scroll"><table class="dictionary">
    <tr><th>Cột (máy) / Column</th><th>Nhãn tiếng Việt</th><th>English label</th><th>Kiểu / Type</th>
        <th>Ý nghĩa / Meaning</th><th>Ví dụ / Example</th><th>Có trong / In</th></tr>
    {"".join(dict_rows)}
  </table></div>
  <h2>Dữ liệu mẫu / Sample rows ({min(SAMPLE_ROWS, table.num_rows)} / {table.num_rows})</h2>
  <div class="scroll"><table class="sample"><tr>{head}</tr>{body}</table></div>
</body>
</html>
"""
    )
