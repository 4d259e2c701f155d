"""The local file catalog, the embedded default: one folder per dataset plus an index page.

    var/catalog/<dataset>/<table>.parquet
    var/catalog/<dataset>/<table>.csv              UTF-8 with BOM, formula-safe
    var/catalog/<dataset>/datapackage.json         Table Schema from the canonical schema
    var/catalog/<dataset>/dcat.jsonld              DCAT-AP style JSON-LD
    var/catalog/index.html                         every dataset with downloads
    var/catalog/catalog.jsonld                     the DCAT catalog

Every file is written atomically and only when its bytes change, so a run with nothing new
leaves every file (and its modification time) as it was.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from catalog.exports import datapackage, write_csv, write_json
from catalog.package import PUBLISHED_TABLES, Coverage, build_package
from config.loader import ProvinceConfig
from transforms.parquet import file_sha256, read_table, write_bytes_atomic, write_table
from transforms.reconcile import page_notes_for

log = logging.getLogger(__name__)


@dataclass
class LocalPublishReport:
    """What the local publish did, per dataset: 'created', 'updated' or 'unchanged'."""

    directory: Path
    datasets: dict[str, str] = field(default_factory=dict)
    files_written: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"catalog": "local", "directory": str(self.directory), "datasets": self.datasets,
                "files_written": len(self.files_written)}


def _coverage(table, table_name: str) -> Coverage:
    start = end = None
    if table.num_rows and table_name == "tasks":
        s = pc.drop_null(table.column("start_date"))
        e = pc.drop_null(table.column("end_date"))
        start = pc.min(s).as_py() if len(s) else None
        end = pc.max(e).as_py() if len(e) else None
    elif table.num_rows and table_name == "publications":
        y = pc.drop_null(table.column("year"))
        if len(y):
            start, end = str(pc.min(y).as_py()), str(pc.max(y).as_py())
    return Coverage(rows=table.num_rows, start=start, end=end)


def _dcat(pkg: dict[str, Any], files: dict[str, Path], modified: str, base_url: str) -> dict[str, Any]:
    dists = []
    media = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv", "datapackage": "application/json"}
    for key, path in files.items():
        dists.append({
            "@type": "dcat:Distribution",
            "dct:title": f"{pkg['title']} ({key})",
            "dcat:downloadURL": f"{base_url}{pkg['name']}/{path.name}",
            "dcat:mediaType": media[key],
            "dcat:byteSize": path.stat().st_size,
            "spdx:checksum": {"spdx:algorithm": "sha256", "spdx:checksumValue": file_sha256(path)},
        })
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "spdx": "http://spdx.org/rdf/terms#", "vcard": "http://www.w3.org/2006/vcard/ns#"},
        "@type": "dcat:Dataset",
        "@id": f"{base_url}{pkg['name']}/",
        "dct:identifier": pkg["name"],
        "dct:title": [{"@language": "vi", "@value": pkg["title"]}, {"@language": "en", "@value": pkg["title_en"]}],
        "dct:description": [{"@language": "vi", "@value": pkg["notes"]}, {"@language": "en", "@value": pkg["notes_en"]}],
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": pkg["owner_org"]},
        "dct:license": pkg["license_id"],
        "dct:modified": modified,
        "dct:accrualPeriodicity": pkg["update_frequency"],
        "dct:spatial": pkg["spatial_coverage"],
        "dct:temporal": {"dcat:startDate": pkg["temporal_start"], "dcat:endDate": pkg["temporal_end"]},
        "dcat:keyword": [t["name"] for t in pkg["tags"]],
        "dcat:contactPoint": {"vcard:fn": pkg["contact_name"], "vcard:hasEmail": pkg["contact_email"]},
        "dcat:distribution": dists,
    }


def publish_local(cfg: ProvinceConfig, tables: dict[str, Path], out_dir: Path, *, now: dt.datetime,
                  base_url: str = "") -> LocalPublishReport:
    """Publish warehouse tables (name -> Parquet path) into the local file catalog."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = LocalPublishReport(directory=out_dir)
    entries = []
    for name in PUBLISHED_TABLES:
        if name not in tables:
            continue
        table = read_table(tables[name])
        if table is None:
            continue
        note_vi, note_en = page_notes_for(name, tables)  # statistics: the reconciliation beside it
        pkg = build_package(cfg, name, replace(_coverage(table, name), note_vi=note_vi, note_en=note_en))
        ddir = out_dir / pkg["name"]
        existed = (ddir / "dcat.jsonld").exists()
        files = {"parquet": ddir / f"{name}.parquet", "csv": ddir / f"{name}.csv",
                 "datapackage": ddir / "datapackage.json"}
        written = []
        if write_table(table, files["parquet"]):
            written.append(files["parquet"])
        if write_csv(table, files["csv"]):
            written.append(files["csv"])
        dp = datapackage(pkg, {"csv": files["csv"].name, "parquet": files["parquet"].name})
        if write_json(dp, files["datapackage"]):
            written.append(files["datapackage"])
        # 'modified' moves only when the data moved, so an idle night leaves dcat.jsonld alone.
        modified = now.replace(microsecond=0).isoformat()
        if existed and not written:
            modified = json.loads((ddir / "dcat.jsonld").read_text(encoding="utf-8")).get("dct:modified", modified)
        if write_json(_dcat(pkg, files, modified, base_url), ddir / "dcat.jsonld"):
            written.append(ddir / "dcat.jsonld")
        report.datasets[pkg["name"]] = "unchanged" if not written else ("updated" if existed else "created")
        report.files_written += [str(p) for p in written]
        entries.append((pkg, files, modified))
        log.info("local catalog: %s %s (%d rows)", pkg["name"], report.datasets[pkg["name"]], table.num_rows)
    catalog_doc = {"@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
                   "@type": "dcat:Catalog", "dct:title": f"Dữ liệu mở KH&CN - {cfg.province.name}",
                   "dct:publisher": cfg.publisher.name,
                   "dcat:dataset": [{"@id": f"{base_url}{p['name']}/", "dct:title": p["title"]} for p, _, _ in entries]}
    if write_json(catalog_doc, out_dir / "catalog.jsonld"):
        report.files_written.append(str(out_dir / "catalog.jsonld"))
    if write_bytes_atomic(out_dir / "index.html", render_index(cfg, entries).encode("utf-8")):
        report.files_written.append(str(out_dir / "index.html"))
    return report


def _size(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} B"
    for unit in ("KB", "MB"):
        n /= 1024
        if n < 1024:
            return f"{n:.1f} {unit}"
    return f"{n / 1024:.1f} GB"


def render_index(cfg: ProvinceConfig, entries: list[tuple[dict, dict[str, Path], str]]) -> str:
    """The human index page: every dataset with title, description, rows, last update, downloads."""
    e = html.escape
    rows = []
    for pkg, files, modified in entries:
        links = " · ".join(
            f'<a href="{e(pkg["name"])}/{e(p.name)}" download>{e(k.upper() if k != "datapackage" else "datapackage.json")}</a>'
            f' <small>({_size(p.stat().st_size)})</small>'
            for k, p in files.items())
        rows.append(f"""  <section class="dataset" id="{e(pkg['name'])}">
    <h2>{e(pkg['title'])}</h2>
    <p class="en">{e(pkg['title_en'])}</p>
    <p>{e(pkg['notes'])}</p>
    <p class="en">{e(pkg['notes_en'])}</p>
    <dl>
      <dt>Số bản ghi / Rows</dt><dd class="rows">{pkg['num_rows']}</dd>
      <dt>Cập nhật / Last update</dt><dd class="modified">{e(modified)}</dd>
      <dt>Giấy phép / License</dt><dd>{e(pkg['license_id'])}</dd>
      <dt>Phạm vi / Coverage</dt><dd>{e(pkg['spatial_coverage'])}; {e(pkg['temporal_start'] or '?')} – {e(pkg['temporal_end'] or '?')}</dd>
    </dl>
    <p class="downloads">Tải về / Download: {links} · <a href="{e(pkg['name'])}/dcat.jsonld">DCAT</a></p>
  </section>""")
    body = "\n".join(rows) or "  <p>Chưa có bộ dữ liệu nào. / No datasets yet.</p>"
    return f"""<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Dữ liệu mở KH&amp;CN - {e(cfg.province.name)}</title>
  <link rel="alternate" type="application/ld+json" href="catalog.jsonld">
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
    .dataset {{ border-top: 1px solid #ccc; padding: .5rem 0; }}
    .en {{ color: #555; font-style: italic; }}
    dl {{ display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }}
    dt {{ font-weight: 600; }}
  </style>
</head>
<body>
  <h1>Dữ liệu mở khoa học và công nghệ</h1>
  <p>{e(cfg.publisher.name)} · {e(cfg.province.name)}</p>
  <p class="en">Science and technology open data · {e(cfg.publisher.name_en)}</p>
{body}
</body>
</html>
"""
