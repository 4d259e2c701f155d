"""The CKAN portal as a visitor and a DCAT harvester see it, on the real stack (deploy/ckan):
branded Vietnamese-first home page, dataset fields labelled in Vietnamese (English under /en/),
open licence with its link, worded frequency, author and maintainer, a preview of every
datastore table, and DCAT that rdflib reads without a warning (bare hashes, licence IRIs)."""

from __future__ import annotations

import logging
import warnings

import pytest
import rdflib
import requests
from lxml import html as lhtml

from catalog import ckan as C
from catalog import package as pkg

from .browser import dom
from .conftest import all_tables, write_tables

pytestmark = pytest.mark.ckan


@pytest.fixture(scope="module")
def published(ckan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("face")
    cfg = ckan.new_config("face")
    tables = write_tables(tmp, all_tables(tasks=12, pubs=6))
    client = ckan.client(backoff=0.2)
    plan = C.plan_publish(cfg, tables, client)
    report = C.publish(cfg, plan, client, workdir=tmp / "work")
    assert report.ok, report.errors
    return cfg, tables, client


def test_home_page_is_the_departments_portal(ckan):
    home = requests.get(f"{ckan.url}/", timeout=30).text
    assert "Welcome to CKAN" not in home and "placeholder-420x220" not in home
    assert "Dữ liệu mở khoa học và công nghệ" in home and "/stcat/logo.svg" in home
    assert '<html lang="vi"' in home
    assert requests.get(f"{ckan.url}/stcat/logo.svg", timeout=30).status_code == 200
    assert '<html lang="en"' in requests.get(f"{ckan.url}/en/", timeout=30).text


def test_dataset_page_in_vietnamese_and_english(ckan, published):
    cfg, _, client = published
    name = pkg.dataset_name(cfg, "tasks")
    page = lhtml.fromstring(dom(f"{ckan.url}/vi/dataset/{name}"))
    rows = {
        th.text_content().strip(): th.getnext().text_content().strip()
        for th in page.xpath('//th[@class="dataset-label"]')
    }
    assert rows["Tần suất cập nhật"] == "Hằng ngày"
    assert rows["Đơn vị công bố"] == cfg.publisher.name and rows["Bộ phận phụ trách"] == cfg.publisher.contact_name
    assert "Temporal coverage start" not in rows and "Contact email" not in rows
    assert not any("europa.eu" in v for v in rows.values()), "the frequency is shown in words"
    licence = page.xpath('//section[contains(@class, "license")]//a/@href')
    assert any("opendefinition.org" in h or "creativecommons.org" in h for h in licence)
    assert page.xpath('//section[contains(@class, "license")]//img[contains(@src, "od_80x15")]'), "open-data badge"
    names = [
        a.text_content().strip() for a in page.xpath('//li[contains(@class, "resource-item")]/a[@class="heading"]')
    ]
    assert names and not any(n.endswith((".csv", ".parquet", ".json")) for n in names)
    en = lhtml.fromstring(requests.get(f"{ckan.url}/en/dataset/{name}", timeout=30).text)
    en_rows = {
        th.text_content().strip(): th.getnext().text_content().strip()
        for th in en.xpath('//th[@class="dataset-label"]')
    }
    assert en_rows["Update frequency"] == "Daily"


def test_datastore_resource_page_has_its_preview(ckan, published):
    cfg, _, client = published
    p = client.call("package_show", {"id": pkg.dataset_name(cfg, "tasks")})
    res = next(r for r in p["resources"] if r.get("stcat_key") == "datastore")
    views = client.call("resource_view_list", {"id": res["id"]})
    assert [v["view_type"] for v in views] == ["datatables_view"]
    page = dom(f"{ckan.url}/vi/dataset/{p['name']}/resource/{res['id']}", wait_ms=5000)
    assert "There are no views created" not in page and "Chưa có" not in page
    assert f"/view/{views[0]['id']}" in page


def _parse_quietly(data: bytes, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    logger = logging.getLogger("rdflib")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            g.parse(data=data, format=fmt)
            _ = [o.toPython() for o in g.objects()]  # typed literals are checked when read
    finally:
        logger.removeHandler(handler)
    bad = [str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning)]
    bad += [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert not bad, bad[:5]
    return g


def test_dcat_of_the_published_datasets_parses_without_warning(ckan, published):
    from rdflib.namespace import DCAT, DCTERMS

    cfg, _, _ = published
    ttl = requests.get(
        f"{ckan.url}/catalog.ttl", params={"q": f"organization:{cfg.publisher.ckan_organization}"}, timeout=60
    )
    assert ttl.status_code == 200
    g = _parse_quietly(ttl.content, "turtle")
    datasets = list(g.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(datasets) == len(all_tables(1, 1))
    for ds in datasets:
        assert isinstance(g.value(ds, DCTERMS.license), rdflib.URIRef) or all(
            isinstance(g.value(d, DCTERMS.license), rdflib.URIRef) for d in g.objects(ds, DCAT.distribution)
        )
        for dist in g.objects(ds, DCAT.distribution):
            url = g.value(dist, DCAT.downloadURL) or g.value(dist, DCAT.accessURL)
            assert isinstance(url, rdflib.URIRef) and str(url).startswith("http")
    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    values = list(g.objects(None, spdx.checksumValue))
    assert values and all(len(str(v)) == 64 and ":" not in str(v) for v in values)
