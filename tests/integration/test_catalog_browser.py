"""The local catalog as a person sees it: the index and one dataset page opened in headless
Chromium over a real loopback HTTP server (the same one `stcat catalog serve` runs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import html as lhtml

from catalog.local import publish_local
from config.loader import load_config
from flows.serve import serve_directory
from transforms import schemas
from transforms.warehouse import store, table_path

from .browser import dom, screenshot

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.timezone.utc)
TASKS = [
    {
        "task_id": f"t-{i}",
        "title": f"Nghiên cứu giống lúa Bao thai số {i}",
        "level": "provincial",
        "kind": "research_topic",
        "start_date": f"{2020 + i % 3}-0{1 + i % 9}",
        "end_date": "2024-12",
        "budget_vnd": 500_000_000 + i,
        "acceptance_grade": ("good", "pass", "excellent")[i % 3],
        "field_code": "401",
        "source": "s",
        "record_hash": f"h{i}",
    }
    for i in range(12)
]


def test_index_and_dataset_page_in_a_real_browser(tmp_path):
    wh = tmp_path / "warehouse"
    store(wh, "tasks", schemas.conform("tasks", TASKS))
    out = tmp_path / "catalog"
    publish_local(load_config(ROOT / "config/provinces/backan.yaml"), {"tasks": table_path(wh, "tasks")}, out, now=NOW)
    with serve_directory(out) as base:
        index = lhtml.fromstring(dom(f"{base}/index.html"))
        assert index.findtext(".//title") == "Dữ liệu mở KH&CN - Tỉnh Bắc Kạn"
        link = index.xpath('//section[@id="bac-kan-nhiem-vu-khcn"]//h2/a')[0]
        assert link.text_content() == "Nhiệm vụ khoa học và công nghệ - Tỉnh Bắc Kạn"
        licence = index.xpath('//a[@rel="license"]')[0]
        assert licence.get("href") == "https://creativecommons.org/licenses/by/4.0/"
        assert "06/12/2026 09:00" in index.xpath('//dd[@class="modified"]')[0].text_content()
        assert "01/2020 – 12/2024" in index.xpath('//dd[@class="coverage"]')[0].text_content()

        page_url = f"{base}/{link.get('href')}"
        page = lhtml.fromstring(dom(page_url))
        assert page.findtext(".//h1") == "Nhiệm vụ khoa học và công nghệ - Tỉnh Bắc Kạn"
        assert page.xpath('//a[@rel="license"]/@href') == ["https://creativecommons.org/licenses/by/4.0/"]
        charts = page.xpath('//figure[@class="chart"]')
        assert len(charts) == 3 and all(c.xpath(".//*[local-name()='rect']") for c in charts)
        assert "Khá" in " ".join(page.xpath("//figure//text()"))
        downloads = page.xpath('//p[@class="downloads"]/a/@href')
        assert {"tasks.csv", "tasks.parquet", "datapackage.json", "dcat.jsonld"} <= set(downloads)
        row = [td.text_content() for td in page.xpath('//table[@class="dictionary"]//tr[td/code="level"]/td')]
        assert row[:4] == ["level", "Cấp quản lý", "Level", "string"] and row[5] == "Cấp tỉnh"
        assert not page.xpath("//script")
        png = screenshot(page_url, tmp_path / "page.png")
        assert png.stat().st_size > 20_000  # a rendered page, not a blank one
