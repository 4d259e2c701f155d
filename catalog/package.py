"""Pure description of a dataset: bilingual metadata, resources and data dictionary.

Both the local file catalog and the CKAN publisher start from the dict built here, so the
two catalogs say the same thing about the same table. Nothing here does I/O.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from config.loader import ProvinceConfig
from transforms import schemas

# ASCII slugs for dataset names (CKAN names are lowercase ASCII, digits, - and _).
TABLE_SLUGS: dict[str, str] = {
    "tasks": "nhiem-vu-khcn",
    "publications": "cong-bo-khoa-hoc",
    "organizations": "to-chuc-khcn",
    "people": "nha-khoa-hoc",
    "documents": "van-ban-quyet-dinh",
    "statistics": "thong-ke-khcn",  # not ending in the tasks slug: names are told apart by suffix
    "reconciliation": "doi-chieu-thong-ke",
}

PUBLISHED_TABLES: tuple[str, ...] = tuple(TABLE_SLUGS)

TABLE_TAGS: dict[str, list[str]] = {
    "tasks": ["nhiem-vu-khcn", "de-tai", "du-an", "science-and-technology", "research-projects"],
    "publications": ["cong-bo-khoa-hoc", "publications", "bibliometrics"],
    "organizations": ["to-chuc", "organizations"],
    "people": ["nha-khoa-hoc", "researchers"],
    "documents": ["quyet-dinh", "van-ban", "decisions"],
    "statistics": ["thong-ke", "statistics", "nhiem-vu-khcn", "science-and-technology"],
    "reconciliation": ["thong-ke", "doi-chieu", "statistics", "data-quality"],
}

# Arrow type -> Table Schema type, CKAN datastore type.
_TYPES: list[tuple[Any, str, str]] = [
    (pa.types.is_integer, "integer", "int8"),
    (pa.types.is_floating, "number", "numeric"),
    (pa.types.is_boolean, "boolean", "bool"),
    (pa.types.is_timestamp, "datetime", "timestamp"),
    (pa.types.is_list, "array", "text"),
]


def slugify(text: str) -> str:
    """ASCII slug of Vietnamese text: 'Tỉnh Bắc Kạn' -> 'tinh-bac-kan'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def province_slug(cfg: ProvinceConfig) -> str:
    """'Tỉnh Bắc Kạn' -> 'bac-kan' (administrative prefixes dropped)."""
    slug = slugify(cfg.province.name)
    return re.sub(r"^(tinh|thanh-pho)-", "", slug)


def dataset_name(cfg: ProvinceConfig, table: str) -> str:
    return f"{province_slug(cfg)}-{TABLE_SLUGS[table]}"[:100]


_TAG = re.compile(r"<[^>]*>")


def sanitize_text(text: str) -> str:
    """Text from configs and pages made inert and plain: tags stripped, entities decoded,
    javascript: links impossible, whitespace collapsed. No markdown escapes: the same text goes
    to HTML (escaped there), JSON and CKAN, whose markdown renderer strips HTML itself."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = re.sub(r"(?i)javascript\s*:", "javascript_", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Licence:
    """An open licence as each catalog names it: CKAN's licence id, SPDX id, deed IRI (DCAT)."""

    ckan_id: str
    spdx: str
    title: str
    url: str


# CKAN's default licence register ids (ckan/model/license.py) with their SPDX ids and deeds;
# a config may name either id.
LICENCES: tuple[Licence, ...] = (
    Licence("cc-by", "CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    Licence(
        "cc-by-sa",
        "CC-BY-SA-4.0",
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence("cc-zero", "CC0-1.0", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence(
        "odc-by", "ODC-By-1.0", "Open Data Commons Attribution License", "https://opendatacommons.org/licenses/by/1-0/"
    ),
    Licence(
        "odc-odbl",
        "ODbL-1.0",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    Licence(
        "odc-pddl",
        "PDDL-1.0",
        "Open Data Commons Public Domain Dedication and License (PDDL)",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
)


def licence(name: str) -> Licence:
    """The licence a config names, by CKAN id or SPDX id (any case): 'CC-BY-4.0' -> cc-by."""
    key = (name or "").strip().lower()
    for lic in LICENCES:
        if key in (lic.ckan_id, lic.spdx.lower()):
            return lic
    known = ", ".join(f"{lic.spdx} ({lic.ckan_id})" for lic in LICENCES)
    raise ValueError(f"publisher.license: {name!r} is not a known open licence; one of {known}")


# Update frequency: (code, EU frequency authority IRI for DCAT, Vietnamese, English).
FREQUENCY = ("daily", "http://publications.europa.eu/resource/authority/frequency/DAILY", "Hằng ngày", "Daily")


def field_types(field: pa.Field) -> tuple[str, str]:
    """(Table Schema type, CKAN datastore type) of an Arrow field."""
    for pred, ts, ds in _TYPES:
        if pred(field.type):
            return ts, ds
    return "string", "text"


def data_dictionary(table: str) -> list[dict[str, Any]]:
    """Table Schema fields (machine names, as in Parquet and the datastore) with Vietnamese and
    English descriptions, and where the people's CSV shows the column: its header labels and the
    labels of its coded values."""
    out = []
    sch = schemas.schema(table)
    for col in schemas.TABLES[table]:
        ts, _ = field_types(sch.field(col.name))
        f: dict[str, Any] = {
            "name": col.name,
            "type": ts,
            "description": col.en,
            "description_vi": col.vi,
            "description_en": col.en,
        }
        if ts == "array":
            f["arrayItem"] = {"type": "string"}
        if col.name in schemas.LABELS.get(table, {}):
            f["label_vi"], f["label_en"] = schemas.LABELS[table][col.name]
        values = schemas.VALUE_LABELS.get(table, {}).get(col.name)
        if values:
            f["value_labels"] = {
                str(k).lower() if isinstance(k, bool) else str(k): {"vi": v[0], "en": v[1]} for k, v in values.items()
            }
        c: dict[str, Any] = {}
        if col.required:
            c["required"] = True
        if col.enum:
            c["enum"] = list(col.enum)
        if c:
            f["constraints"] = c
        if (table, col.name) == ("statistics", "indicator"):
            from transforms.statistics import codelist

            f["categories"] = codelist()  # each indicator: code, names, unit, definition
        out.append(f)
    return out


def datastore_fields(table: str) -> list[dict[str, Any]]:
    """CKAN datastore field definitions (typed; list columns as JSON text)."""
    sch = schemas.schema(table)
    out = []
    for col in schemas.TABLES[table]:
        _, ds = field_types(sch.field(col.name))
        out.append({"id": col.name, "type": ds, "info": {"label": col.name, "notes": f"{col.vi} / {col.en}"}})
    return out


@dataclass(frozen=True)
class Coverage:
    """What a table covers: its row count and period."""

    rows: int
    start: str | None = None
    end: str | None = None
    # an extra paragraph for the dataset page (statistics: the reconciliation with official totals)
    note_vi: str = ""
    note_en: str = ""


def build_package(cfg: ProvinceConfig, table: str, coverage: Coverage) -> dict[str, Any]:
    """Dataset metadata (CKAN package shape plus a few keys for the local catalog)."""
    vi, en = schemas.TABLE_TITLES[table]
    prov = cfg.province
    place_vi = prov.name
    place_en = slugify(prov.name).replace("-", " ").title().replace("Tinh ", "") + " province"
    if prov.merged_into:
        place_vi += f" (từ {prov.merged_into.date:%d/%m/%Y} thuộc {prov.merged_into.name})"
        place_en += f" (part of {slugify(prov.merged_into.name).replace('-', ' ').title().replace('Tinh ', '')} from {prov.merged_into.date.isoformat()})"
    spatial = f"{prov.code} {prov.name}"
    if prov.merged_into:
        spatial += f" → {prov.merged_into.code} {prov.merged_into.name} (từ {prov.merged_into.date:%d/%m/%Y})"
    notes_vi = (
        f"{vi} của {place_vi}, do {sanitize_text(cfg.publisher.name)} công bố. "
        f"Dữ liệu được stcat thu thập tự động hằng đêm từ các trang tin và tệp đính kèm, "
        f"chuẩn hoá theo lược đồ v{schemas.SCHEMA_VERSION}. Số bản ghi: {coverage.rows}."
    )
    notes_en = (
        f"{en} of {place_en}, published by {sanitize_text(cfg.publisher.name_en or cfg.publisher.name)}. "
        f"Collected nightly by stcat from department web pages and attachments, normalized to "
        f"schema v{schemas.SCHEMA_VERSION}. Rows: {coverage.rows}."
    )
    lic = licence(cfg.publisher.license)
    contact = sanitize_text(cfg.publisher.contact_name) or sanitize_text(cfg.publisher.name)
    if coverage.note_vi or coverage.note_en:
        notes_vi += f"\n\n{coverage.note_vi}"
        notes_en += f"\n\n{coverage.note_en}"
    return {
        "name": dataset_name(cfg, table),
        "table": table,
        "title": f"{vi} - {prov.name}",
        "title_en": f"{en} - {place_en}",
        "notes": notes_vi,
        "notes_en": notes_en,
        "owner_org": cfg.publisher.ckan_organization,
        "publisher_name": sanitize_text(cfg.publisher.name),
        "publisher_name_en": sanitize_text(cfg.publisher.name_en or cfg.publisher.name),
        "license_id": lic.ckan_id,
        "license_spdx": lic.spdx,
        "license_title": lic.title,
        "license_url": lic.url,
        # CKAN's Author / Maintainer rows: the publishing department and its contact office
        "author": sanitize_text(cfg.publisher.name),
        "author_email": cfg.publisher.contact_email,
        "maintainer": contact,
        "maintainer_email": cfg.publisher.contact_email,
        "tags": [{"name": t} for t in TABLE_TAGS[table] + [province_slug(cfg)]],
        "temporal_start": coverage.start or "",
        "temporal_end": coverage.end or "",
        "spatial_coverage": spatial,
        "spatial_text": spatial,  # what ckanext-dcat reads for dct:spatial
        "province_code_legacy": prov.code,
        "province_code": prov.current_code(),
        "update_frequency": FREQUENCY[0],
        "frequency": FREQUENCY[1],  # dct:accrualPeriodicity
        "frequency_label": (FREQUENCY[2], FREQUENCY[3]),
        "contact_name": contact,
        "contact_email": cfg.publisher.contact_email,
        "url": cfg.publisher.url,
        "version": schemas.SCHEMA_VERSION,
        "num_rows": coverage.rows,
        "primary_key": list(schemas.PRIMARY_KEYS[table]),
        "data_dictionary": data_dictionary(table),
        "datastore_fields": datastore_fields(table),
    }


RESOURCE_FORMATS: tuple[tuple[str, str, str, str], ...] = (
    # key, file name suffix, format, media type
    ("parquet", ".parquet", "Parquet", "application/vnd.apache.parquet"),
    ("csv", ".csv", "CSV", "text/csv"),
    ("datapackage", ".datapackage.json", "JSON", "application/json"),
)


def resource_descriptions(table: str) -> dict[str, tuple[str, str]]:
    """Per resource key: (Vietnamese, English) description."""
    vi, en = schemas.TABLE_TITLES[table]
    return {
        "parquet": (
            f"{vi}: bảng đầy đủ với tên cột máy và mã (Parquet, kiểu dữ liệu tường minh)",
            f"{en}: the full table with machine column names and codes (Parquet, explicit types)",
        ),
        "csv": (
            f"{vi}: bảng cho người đọc, tiêu đề cột và giá trị tiếng Việt (CSV UTF-8 có BOM, mở đúng "
            f"tiếng Việt trong Excel)",
            f"{en}: the table for people, Vietnamese headers and values (CSV, UTF-8 with BOM so Excel "
            f"shows Vietnamese)",
        ),
        "datapackage": (
            "Từ điển dữ liệu: cột, nhãn, kiểu, ý nghĩa (Frictionless Data Package)",
            "Data dictionary: columns, labels, types, meaning (Frictionless Data Package)",
        ),
        "datastore": (
            f"{vi}: bảng truy vấn qua CKAN Datastore API (datastore_search, datastore_search_sql)",
            f"{en}: queryable table in the CKAN Datastore API (datastore_search, datastore_search_sql)",
        ),
    }


def resource_names(table: str) -> dict[str, str]:
    """Per resource key: the name people see in a catalog (short words, not file names; the
    dataset's title already says which table)."""
    return {
        "parquet": "Bảng đầy đủ (Parquet) / Full table",
        "csv": "Bảng tính cho Excel (CSV) / Spreadsheet",
        "datapackage": "Từ điển dữ liệu / Data dictionary",
        "datastore": "Truy vấn trực tuyến (API) / Online query",
    }
