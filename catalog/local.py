"""The local file catalog, the embedded default: one folder per dataset plus an index page.

    var/catalog/<dataset>/<table>.parquet          the full canonical table (machine names)
    var/catalog/<dataset>/<table>.csv              for people: UTF-8 with BOM, Vietnamese headers, formula-safe
    var/catalog/<dataset>/datapackage.json         Table Schemas of both files (Frictionless)
    var/catalog/<dataset>/index.html               the dataset's page: dictionary, charts, sample, downloads
    var/catalog/<dataset>/dcat.jsonld              DCAT-AP style JSON-LD
    var/catalog/index.html                         every dataset with downloads
    var/catalog/catalog.jsonld                     the DCAT catalog

Every file is written atomically and only when its bytes change, so a run with nothing new
leaves every file (and its modification time) as it was. Data files are written first and the
metadata last; the last-update date is derived from the data files' hashes recorded in
dcat.jsonld, so a run after a crash between the two still dates the dataset right.

IRIs are absolute: `catalog.base_url` (where the catalog is served, e.g.
https://opendata.example.gov.vn/khcn/) or, when unset, the catalog folder's file:// URI.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from catalog import pages
from catalog.exports import datapackage, table_coverage, write_csv, write_json
from catalog.package import PUBLISHED_TABLES, build_package
from config.loader import ProvinceConfig
from transforms.atomic import write_bytes_atomic
from transforms.parquet import file_sha256, read_table, write_table
from transforms.reconcile import page_notes_for

log = logging.getLogger(__name__)

_MEDIA = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv", "datapackage": "application/json"}
_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
# Files whose content dates the dataset (the data, not its description).
DATA_KEYS = ("parquet", "csv")


@dataclass
class LocalPublishReport:
    """What the local publish did, per dataset: 'created', 'updated' or 'unchanged'."""

    directory: Path
    datasets: dict[str, str] = field(default_factory=dict)
    files_written: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "catalog": "local",
            "directory": str(self.directory),
            "datasets": self.datasets,
            "files_written": len(self.files_written),
        }


def _date_literal(iso: str) -> dict[str, str]:
    """An ISO date as a typed literal: YYYY-MM-DD xsd:date, YYYY-MM xsd:gYearMonth, YYYY xsd:gYear."""
    kind = {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}.get(len(iso), "xsd:string")
    return {"@value": iso, "@type": kind}


def _dcat(
    pkg: dict[str, Any], files: dict[str, Path], shas: dict[str, str], modified: str, base_url: str
) -> dict[str, Any]:
    ds_url = f"{base_url}{pkg['name']}/"
    dists = []
    for key, path in files.items():
        dists.append(
            {
                "@id": f"{ds_url}{path.name}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": f"{pkg['title']} ({key})",
                "dcat:downloadURL": {"@id": f"{ds_url}{path.name}"},
                "dcat:accessURL": {"@id": f"{ds_url}index.html"},
                "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{_MEDIA[key]}"},
                "dct:license": {"@id": pkg["license_url"]},
                "dcat:byteSize": {"@value": str(path.stat().st_size), "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                    "spdx:checksumValue": {"@value": shas[key], "@type": "xsd:hexBinary"},
                },
            }
        )
    doc: dict[str, Any] = {
        "@context": _CONTEXT,
        "@id": f"{ds_url}#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": pkg["name"],
        "dct:title": [{"@language": "vi", "@value": pkg["title"]}, {"@language": "en", "@value": pkg["title_en"]}],
        "dct:description": [
            {"@language": "vi", "@value": pkg["notes"]},
            {"@language": "en", "@value": pkg["notes_en"]},
        ],
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": pkg["publisher_name"]},
        "dct:license": {"@id": pkg["license_url"]},
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
        "dct:accrualPeriodicity": {"@id": pkg["frequency"]},
        "dct:spatial": {"@type": "dct:Location", "rdfs:label": pkg["spatial_coverage"]},
        "dcat:landingPage": {"@id": f"{ds_url}index.html"},
        "dcat:keyword": [t["name"] for t in pkg["tags"]],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": pkg["contact_name"],
            **({"vcard:hasEmail": {"@id": f"mailto:{pkg['contact_email']}"}} if pkg["contact_email"] else {}),
        },
        "dcat:distribution": dists,
    }
    period = {
        k: _date_literal(v)
        for k, v in (("dcat:startDate", pkg["temporal_start"]), ("dcat:endDate", pkg["temporal_end"]))
        if v
    }
    if period:
        doc["dct:temporal"] = {"@type": "dct:PeriodOfTime", **period}
    return doc


def _recorded(dcat_path: Path) -> tuple[str | None, dict[str, str]]:
    """The last-update stamp and the data files' hashes an earlier run recorded in dcat.jsonld."""
    try:
        doc = json.loads(dcat_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    modified = doc.get("dct:modified")
    if isinstance(modified, dict):
        modified = modified.get("@value")
    shas = {}
    for d in doc.get("dcat:distribution") or []:
        url = d.get("dcat:downloadURL")
        url = url.get("@id") if isinstance(url, dict) else url
        value = (d.get("spdx:checksum") or {}).get("spdx:checksumValue")
        value = value.get("@value") if isinstance(value, dict) else value
        if url and value:
            shas[str(url).rsplit("/", 1)[-1]] = value
    return modified, shas


def catalog_base_url(cfg: ProvinceConfig, out_dir: Path) -> str:
    """Where the catalog is served (``catalog.base_url``), else its folder as a file:// URI; ends with '/'."""
    url = str(cfg.catalog.settings.get("base_url") or "") or out_dir.resolve().as_uri()
    return url if url.endswith("/") else url + "/"


def publish_local(
    cfg: ProvinceConfig, tables: dict[str, Path], out_dir: Path, *, now: dt.datetime, base_url: str = ""
) -> LocalPublishReport:
    """Publish warehouse tables (name -> Parquet path) into the local file catalog."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base_url = base_url or catalog_base_url(cfg, out_dir)
    report = LocalPublishReport(directory=out_dir)
    entries = []
    for name in PUBLISHED_TABLES:
        if name not in tables:
            continue
        table = read_table(tables[name])
        if table is None:
            continue
        note_vi, note_en = page_notes_for(name, tables)  # statistics: the reconciliation beside it
        pkg = build_package(cfg, name, replace(table_coverage(name, tables[name]), note_vi=note_vi, note_en=note_en))
        ddir = out_dir / pkg["name"]
        dcat_path = ddir / "dcat.jsonld"
        old_modified, old_shas = _recorded(dcat_path)
        files = {
            "parquet": ddir / f"{name}.parquet",
            "csv": ddir / f"{name}.csv",
            "datapackage": ddir / "datapackage.json",
        }
        written = []
        # 1. the data
        if write_table(table, files["parquet"]):
            written.append(files["parquet"])
        if write_csv(table, files["csv"], name):
            written.append(files["csv"])
        shas = {k: file_sha256(p) for k, p in files.items() if k in DATA_KEYS}
        # 'modified' moves only when the data moved since the last recorded description, so an
        # idle night leaves it alone and a recovery run after a crash still moves it.
        data_moved = old_modified is None or any(old_shas.get(files[k].name) != shas[k] for k in DATA_KEYS)
        modified = now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat() if data_moved else old_modified
        # 2. the description, last
        dp = datapackage(pkg, {"csv": files["csv"].name, "parquet": files["parquet"].name})
        if write_json(dp, files["datapackage"]):
            written.append(files["datapackage"])
        shas["datapackage"] = file_sha256(files["datapackage"])
        if write_bytes_atomic(ddir / "index.html", pages.render_dataset(pkg, table, files, modified).encode("utf-8")):
            written.append(ddir / "index.html")
        if write_json(_dcat(pkg, files, shas, modified, base_url), dcat_path):
            written.append(dcat_path)
        outcome = "created" if old_modified is None else ("updated" if data_moved or written else "unchanged")
        report.datasets[pkg["name"]] = outcome
        report.files_written += [str(p) for p in written]
        entries.append((pkg, files, modified))
        log.info("local catalog: %s %s (%d rows)", pkg["name"], outcome, table.num_rows)
    title = f"Dữ liệu mở KH&CN - {cfg.province.name}"
    catalog_doc = {
        "@context": _CONTEXT,
        "@id": f"{base_url}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": cfg.publisher.name},
        "foaf:homepage": {"@id": f"{base_url}index.html"},
        "dcat:dataset": [{"@id": f"{base_url}{p['name']}/#dataset", "dct:title": p["title"]} for p, _, _ in entries],
    }
    if write_json(catalog_doc, out_dir / "catalog.jsonld"):
        report.files_written.append(str(out_dir / "catalog.jsonld"))
    index = pages.render_index(title, (cfg.publisher.name, cfg.publisher.name_en), entries)
    if write_bytes_atomic(out_dir / "index.html", index.encode("utf-8")):
        report.files_written.append(str(out_dir / "index.html"))
    return report


def render_index(cfg: ProvinceConfig, entries: list[tuple[dict, dict[str, Path], str]]) -> str:
    """The human index page (kept for callers of the earlier API)."""
    return pages.render_index(
        f"Dữ liệu mở KH&CN - {cfg.province.name}", (cfg.publisher.name, cfg.publisher.name_en), entries
    )
