"""Province config loading: the real configs load, and every error names file and key."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.loader import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


def test_backan_config_loads_with_merger():
    cfg = load_config(ROOT / "config/provinces/backan.yaml")
    assert cfg.province.code == "06"
    assert cfg.province.merged_into.code == "19"
    assert cfg.province.merged_into.date == dt.date(2025, 7, 1)
    assert cfg.province.current_code(dt.date(2025, 6, 30)) == "06"
    assert cfg.province.current_code(dt.date(2025, 7, 1)) == "19"
    assert cfg.publisher.ckan_organization == "so-khcn-bac-kan"
    kinds = {s.kind for s in cfg.sources}
    assert {"html", "oai_pmh", "openalex", "crossref"} <= kinds
    assert cfg.catalog.kind == "local"


def test_demo_config_needs_its_portal_placeholder():
    with pytest.raises(ConfigError) as e:
        load_config(ROOT / "config/demo.yaml")
    assert "${portal}" in str(e.value) and "demo.yaml" in str(e.value)
    cfg = load_config(ROOT / "config/demo.yaml", {"portal": "http://127.0.0.1:1", "pubs": "http://127.0.0.1:2"})
    assert cfg.sources and cfg.sources[0].kind == "html"


BASE = """
province: {code: "06", name: Tỉnh Bắc Kạn}
publisher: {name: Sở KH&CN, ckan_organization: so-khcn}
sources:
  - {name: site, kind: html, start_urls: ["https://example.gov.vn/"]}
catalog: local
"""


@pytest.mark.parametrize(
    "old,new,key,expected",
    [
        ('code: "06", ', "", "province.code", "missing"),
        ("kind: html", "kind: ftp", "sources[0].kind", "one of html"),
        ('start_urls: ["https://example.gov.vn/"]', "start_urls: []", "sources[0].start_urls", "non-empty list"),
        ("ckan_organization: so-khcn", "ckan_organization: Sở KHCN", "publisher.ckan_organization", "CKAN name"),
        ("catalog: local", "catalog: ftp", "catalog.kind", "one of local"),
        ("catalog: local", "catalog: {kind: ckan, token: abcdefabcdefabcdef123}", "catalog.token", "no literal secret"),
        ("name: site,", "name: Site Name,", "sources[0].name", "lowercase"),
        ("kind: html,", "kind: html, concurrency_limit: 'two words',", "sources[0].concurrency_limit",
         "Prefect global concurrency limit"),
        ("kind: html,", "kind: html, concurrency_limit: x, concurrency_timeout: 0,", "sources[0].concurrency_timeout",
         "seconds > 0"),
    ],
    ids=["missing-province-code", "unknown-source-kind", "empty-start-urls", "non-ascii-org",
         "unknown-catalog", "literal-token", "bad-source-name", "bad-limit-name", "bad-limit-timeout"],
)
def test_config_errors_name_file_key_and_expectation(tmp_path, old, new, key, expected):
    f = tmp_path / "bad.yaml"
    assert old in BASE
    f.write_text(BASE.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(f)
    msg = str(e.value)
    assert str(f) in msg and f"'{key}'" in msg and expected in msg
    assert e.value.key == key


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="existing YAML file"):
        load_config(tmp_path / "nope.yaml")
    f = tmp_path / "broken.yaml"
    f.write_text("province: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml: key 'line \d+, column \d+': expected valid YAML"):
        load_config(f)
    f.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="top level"):
        load_config(f)
