"""The local catalog is valid to the standards' own validators: frictionless for every
datapackage.json, rdflib (no warning, absolute IRIs) for the DCAT JSON-LD; and every public CSV
cell is formula-safe whatever the column's Arrow type."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from pathlib import Path

import frictionless
import pyarrow as pa
import pytest
import rdflib

from catalog import ckan as C
from catalog.exports import clean_list, csv_safe, defuse, public_table
from catalog.local import publish_local
from config.loader import load_config
from transforms import schemas
from transforms.warehouse import store, table_path

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc)

TABLES = {
    "tasks": [
        {
            "task_id": "t-1",
            "title": "Nghiên cứu giống lúa",
            "level": "provincial",
            "kind": "research_topic",
            "budget_vnd": 540_000_000,
            "start_date": "2021-04",
            "end_date": "2022-12",
            "acceptance_grade": "pass",
            "applied": False,
            "field_code": "401",
            "source": "s",
            "record_hash": "a",
            "fetched_at": NOW,
        },
        {"task_id": "t-2", "title": "-Dự án chè", "source": "s", "record_hash": "b"},
    ],
    "publications": [
        {
            "pub_id": "p-1",
            "title": "Gà xương đen",
            "authors": ["Phạm Công Thiếu", "@Vũ Ngọc Sơn"],
            "year": 2022,
            "affiliations": ["Viện Chăn nuôi", "[Viện Chăn nuôi, Bắc Kạn, Việt Nam]"],
            "sources": ["openalex", "oai_pmh"],
            "language": "vi",
            "deleted": False,
            "record_hash": "c",
        },
        {"pub_id": "p-2", "title": "Lúa Na Rì", "year": None, "authors": [], "record_hash": "d"},
    ],
    "organizations": [{"org_id": "o-1", "name": "Viện Chăn nuôi", "aliases": ["Vien Chan nuoi"], "record_hash": "e"}],
    "people": [{"person_id": "p-1", "name": "Nông Thị Hồng", "title": "ThS.", "record_hash": "f"}],
    "documents": [{"doc_id": "d-1", "number": "1859/QĐ-UBND", "year": 2023, "date": "2023-10-12", "record_hash": "g"}],
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("std")
    wh = tmp / "warehouse"
    for name, rows in TABLES.items():
        store(wh, name, schemas.conform(name, rows))
    out = tmp / "catalog"
    publish_local(
        load_config(ROOT / "config/provinces/backan.yaml"), {n: table_path(wh, n) for n in TABLES}, out, now=NOW
    )
    return out


def test_every_datapackage_passes_frictionless_validate(catalog):
    packages = sorted(catalog.glob("*/datapackage.json"))
    assert len(packages) == len(TABLES)
    for p in packages:
        report = frictionless.validate(str(p.name), basepath=str(p.parent))
        assert report.valid, (p.parent.name, report.flatten(["type", "fieldName", "note"])[:5])


def _parse_quietly(path: Path, caplog) -> rdflib.Graph:
    caplog.clear()
    g = rdflib.Graph()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="rdflib"):
        warnings.simplefilter("always")
        g.parse(path, format="json-ld")
    bad = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    assert not bad and not caplog.records, (path, [str(w.message) for w in bad], caplog.text)
    return g


def test_dcat_jsonld_parses_without_warning_with_absolute_iris(catalog, caplog):
    from rdflib.namespace import DCAT, DCTERMS, RDF  # not module-level: pytest would probe them

    for path in [catalog / "catalog.jsonld", *sorted(catalog.glob("*/dcat.jsonld"))]:
        g = _parse_quietly(path, caplog)
        for s, _, o in g:
            for term in (s, o):
                if isinstance(term, rdflib.URIRef):
                    assert str(term).split(":", 1)[0] in ("file", "https", "http", "mailto"), (path, term)
        if path.name == "dcat.jsonld":
            ds = g.value(predicate=RDF.type, object=DCAT.Dataset, any=False)
            assert str(ds) == (catalog / path.parent.name).resolve().as_uri() + "/#dataset"
            assert isinstance(g.value(ds, DCTERMS.license), rdflib.URIRef)
            for dist in g.objects(ds, DCAT.distribution):
                assert isinstance(g.value(dist, DCAT.downloadURL), rdflib.URIRef)
            temporal = g.value(ds, DCTERMS.temporal)
            has_period = path.parent.name.endswith(("nhiem-vu-khcn", "cong-bo-khoa-hoc", "van-ban-quyet-dinh"))
            assert (temporal is not None) == has_period, path
            if temporal is not None:
                assert all(str(o) for o in g.objects(temporal, None))


# --------------------------------------------------------------------------- formula safety

OWASP = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    " =1+1",
    "\t=1",
    "\u3000＝1",
    "\u00a0@x",
]
SAFE = ["Đề tài", "a=b", "1-2", "", None]


def _typed(values: list[str | None], kind: str) -> pa.Array:
    if kind == "dictionary":
        return pa.array(values, pa.string()).dictionary_encode()
    return pa.array(
        values, {"string": pa.string(), "large_string": pa.large_string(), "string_view": pa.string_view()}[kind]
    )


@pytest.mark.parametrize("kind", ["string", "large_string", "dictionary", "string_view"])
def test_defuse_covers_the_owasp_triggers_on_every_text_type(kind):
    got = csv_safe(pa.table({"c": _typed(OWASP + SAFE, kind)})).column("c").to_pylist()
    assert got[: len(OWASP)] == ["'" + v for v in OWASP]
    assert got[len(OWASP) :] == SAFE


def test_lists_and_datastore_rows_are_defused_too():
    t = pa.table(
        {
            "authors": pa.array([["=cmd", "b"], ["a", "@x"]], pa.list_(pa.string())),
            "title": pa.array(["-5 giống", "ok"], pa.large_string()),
        }
    )
    assert csv_safe(t).column("authors").to_pylist() == ["'=cmd; b", "a; @x"]
    recs = C.to_records(t)
    assert recs[0]["title"] == "'-5 giống" and recs[1]["title"] == "ok"
    assert recs[0]["authors"] == '["=cmd", "b"]', "JSON text starts with '[': already inert"
    assert defuse(pa.array([1, 2])).to_pylist() == [1, 2]


def test_clean_list_drops_brackets_repeats_and_shorter_forms():
    assert clean_list(
        [
            "Viện Chăn nuôi",
            "[Viện Chăn nuôi, Bắc Kạn, Việt Nam]",
            "viện chăn nuôi, bắc kạn, việt nam",
            " ",
            None,
            "Đại học Thái Nguyên",
        ]
    ) == ["Viện Chăn nuôi, Bắc Kạn, Việt Nam", "Đại học Thái Nguyên"]
    assert clean_list(None) == []


def test_public_publications_table_has_clean_vietnamese_lists():
    t = public_table("publications", schemas.conform("publications", TABLES["publications"]))
    row = t.to_pylist()[0]
    assert row["Cơ quan tác giả"] == "Viện Chăn nuôi, Bắc Kạn, Việt Nam"
    assert row["Nguồn thu thập"] == "OpenAlex; Tạp chí (OAI-PMH)"
    assert row["Ngôn ngữ"] == "Tiếng Việt"
    assert "record_hash" not in t.column_names and "title_raw" not in t.column_names
