"""The demo publication dataset and its config entries fit the contracts the demo relies on."""

from __future__ import annotations

from pathlib import Path

from config.loader import parse_config
from tests.servers.pubs import demo_sources, load_works


def test_demo_sources_pass_the_config_loader():
    data = {
        "province": {"code": "06", "name": "Tỉnh Bắc Kạn"},
        "publisher": {"name": "Sở KH&CN", "ckan_organization": "so-khcn-bac-kan"},
        "sources": demo_sources("http://127.0.0.1:8123"),
        "catalog": "local",
    }
    cfg = parse_config(data, Path("demo.yaml"))
    assert [s.kind for s in cfg.sources] == ["oai_pmh", "openalex", "crossref"]
    assert cfg.source("openalex").get("api_key_env") == "OPENALEX_API_KEY"


def test_demo_works_cover_overlaps_variants_and_edge_cases():
    works = load_works()
    assert 10 <= len(works) <= 20
    assert {len(w["in"]) for w in works} == {1, 2, 3}
    assert any(w.get("deleted") for w in works) and any(w.get("merged_from") for w in works)
    assert any(not w.get("title") for w in works)
    mentions = " ".join(str(w.get("funding", "")) + str(w.get("award", "")) for w in works)
    assert "ĐT.01-2021" in mentions and "DA.03-2021" in mentions
