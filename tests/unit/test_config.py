"""Province config: the real configs load; the schema is typed and closed; every error is one line
naming the file and the key path, and the command line exits 2 on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.loader import ConfigError, load_config
from flows.cli import main

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
    assert cfg.max_reject_share == 0.05
    first = cfg.statistics.official_totals[0]  # the department's report of 20/12/2023
    assert (first.indicator, first.year, first.value) == ("tasks_accepted", 2023, 42)


@pytest.mark.parametrize("path", sorted((ROOT / "config/provinces").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_province_config_loads(path):
    assert load_config(path).sources


def test_demo_config_needs_its_portal_placeholder():
    with pytest.raises(ConfigError) as e:
        load_config(ROOT / "config/demo.yaml")
    assert "${portal}" in str(e.value) and "demo.yaml" in str(e.value)
    cfg = load_config(ROOT / "config/demo.yaml", {"portal": "http://127.0.0.1:1", "pubs": "http://127.0.0.1:2"})
    assert cfg.sources and cfg.sources[0].kind == "html"
    assert cfg.sources[0].get("allow_private") is True


BASE = """
province: {code: "06", name: Tỉnh Bắc Kạn}
publisher: {name: Sở KH&CN, ckan_organization: so-khcn}
sources:
  - {name: site, kind: html, start_urls: ["https://example.gov.vn/"]}
catalog: local
"""


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "province.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def _error(tmp_path: Path, old: str, new: str) -> ConfigError:
    assert old in BASE
    with pytest.raises(ConfigError) as e:
        load_config(_write(tmp_path, BASE.replace(old, new)))
    return e.value


@pytest.mark.parametrize(
    "old,new,key,expected",
    [
        ('code: "06", ', "", "province.code", "missing"),
        ("kind: html", "kind: ftp", "sources[0].kind", "expected one of html, file, oai_pmh"),
        ("kind: html,", "", "sources[0].kind", "missing"),
        ('start_urls: ["https://example.gov.vn/"]', "start_urls: []", "sources[0].start_urls", "non-empty list"),
        ("ckan_organization: so-khcn", "ckan_organization: Sở KHCN", "publisher.ckan_organization", "CKAN name"),
        ("catalog: local", "catalog: ftp", "catalog.kind", "expected local or ckan"),
        ("catalog: local", "catalog: {kind: ckan, token: abcdefabcdefabcdef123}", "catalog.token", "no literal secret"),
        ("name: site,", "name: Site Name,", "sources[0].name", "lowercase"),
        (
            "kind: html,",
            "kind: html, concurrency_limit: 'two words',",
            "sources[0].concurrency_limit",
            "should match pattern",
        ),
        (
            "kind: html,",
            "kind: html, concurrency_limit: x, concurrency_timeout: 0,",
            "sources[0].concurrency_timeout",
            "greater than 0",
        ),
        # issue 12: quoted booleans are text, not true
        ("kind: html,", 'kind: html, allow_private: "false",', "sources[0].allow_private", "true or false"),
        ("kind: html,", 'kind: html, enabled: "no",', "sources[0].enabled", "true or false"),
        ("kind: html,", 'kind: html, respect_robots: "true",', "sources[0].respect_robots", "true or false"),
        ("kind: html,", "kind: html, attachments: 1,", "sources[0].attachments", "true or false"),
        # typos in optional keys
        ("kind: html,", "kind: html, rate_limt: 1,", "sources[0].rate_limt", "unknown key; did you mean rate_limit?"),
        (
            "catalog: local",
            "catalog: {kind: local, max_delete_shar: 0.1}",
            "catalog.max_delete_shar",
            "did you mean max_delete_share?",
        ),
        ("catalog: local", "catalog: local\nmax_reject_shar: 0.1", "max_reject_shar", "did you mean max_reject_share?"),
        ("province: {", "provnce: {", "provnce", "did you mean province?"),
        # typed numbers, durations and sizes
        ("kind: html,", 'kind: html, rate_limit: "1",', "sources[0].rate_limit", "expected a number"),
        ("kind: html,", "kind: html, timeout: 20 parsecs,", "sources[0].timeout", "a duration"),
        (
            "kind: html,",
            "kind: html, deadline: {attempt: 30s, urls: 5m},",
            "sources[0].deadline.urls",
            "did you mean url?",
        ),
        ("kind: html,", "kind: html, max_bytes: 50 MBytes,", "sources[0].max_bytes", "a size"),
        ("kind: html,", "kind: html, retries: -1,", "sources[0].retries", "greater than or equal to 0"),
        ("catalog: local", "catalog: local\nmax_reject_share: 1.5", "max_reject_share", "less than or equal to 1"),
        # URLs refused at load
        (
            'start_urls: ["https://example.gov.vn/"]',
            'start_urls: ["file:///etc/passwd"]',
            "sources[0].start_urls[0]",
            "absolute http(s) URL",
        ),
        (
            'start_urls: ["https://example.gov.vn/"]',
            'start_urls: ["https://example.gov.vn/", "https://elsewhere.org/x"], allowed_domains: [example.gov.vn]',
            "sources[0].start_urls[1]",
            "outside allowed_domains",
        ),
    ],
    ids=[
        "missing-province-code",
        "unknown-source-kind",
        "missing-source-kind",
        "empty-start-urls",
        "non-ascii-org",
        "unknown-catalog",
        "literal-token",
        "bad-source-name",
        "bad-limit-name",
        "bad-limit-timeout",
        "quoted-false",
        "quoted-enabled",
        "quoted-robots",
        "int-as-bool",
        "typo-rate-limit",
        "typo-catalog",
        "typo-top-level",
        "typo-province",
        "quoted-number",
        "bad-duration",
        "typo-deadline",
        "bad-size",
        "negative-retries",
        "share-above-1",
        "file-url",
        "off-domain-url",
    ],
)
def test_config_errors_name_file_key_and_expectation(tmp_path, old, new, key, expected):
    err = _error(tmp_path, old, new)
    line = str(err).splitlines()[0]
    assert line.startswith(f"{tmp_path / 'province.yaml'}: {key}: "), line
    assert expected in line
    assert err.key == key


def test_every_problem_is_listed_one_per_line(tmp_path):
    err = _error(tmp_path, "kind: html,", 'kind: html, rate_limt: 1, allow_private: "false",')
    err2 = _error(tmp_path, "catalog: local", "catalog: {kind: ckan, max_delete_share: 2}\nmax_reject_share: -1")
    assert len(str(err2).splitlines()) == 2
    assert {k for k, _ in err2.problems} == {"catalog.max_delete_share", "max_reject_share"}
    assert str(err).count("\n") == len(err.problems) - 1 >= 0


def test_unknown_key_without_a_close_match_lists_the_known_ones(tmp_path):
    err = _error(tmp_path, "kind: html,", "kind: html, zzz: 1,")
    assert err.key == "sources[0].zzz" and "known:" in str(err) and "start_urls" in str(err)


def test_durations_sizes_and_deadlines_are_typed(tmp_path):
    f = _write(
        tmp_path,
        BASE.replace(
            "kind: html,",
            "kind: html, timeout: 2m, retries: 2, max_bytes: 5MiB, deadline: {attempt: 30s, url: 0.5h}, backoff: 0,",
        ),
    )
    src = load_config(f).sources[0]
    assert src.get("timeout") == 120.0 and src.get("max_bytes") == 5 * 2**20
    opts = src.session_options()
    assert opts["attempt_deadline"] == 30.0 and opts["url_deadline"] == 1800.0
    assert opts["retries"] == 2 and opts["timeout"] == 120.0 and opts["backoff"] == 0.0
    plain = load_config(_write(tmp_path, BASE)).sources[0].session_options()
    assert plain["attempt_deadline"] is None and plain["retries"] == 4 and plain["timeout"] == 20.0
    seconds = load_config(_write(tmp_path, BASE.replace("kind: html,", "kind: html, timeout: 7,"))).sources[0]
    assert seconds.session_options()["timeout"] == 7.0


def test_duplicate_source_names_and_literal_secrets_in_sources(tmp_path):
    dup = _error(
        tmp_path,
        'start_urls: ["https://example.gov.vn/"]}',
        'start_urls: ["https://example.gov.vn/"]}\n  - {name: site, kind: oai_pmh, base_url: "https://a.vn/oai"}',
    )
    assert dup.key == "sources[1].name" and "unique" in str(dup)
    secret = _error(tmp_path, "kind: html,", "kind: html, api_key: abcdef123456,")
    assert secret.key == "sources[0].api_key" and "api_key_env" in str(secret)
    assert "abcdef123456" not in str(secret)  # the secret itself is not echoed


def test_kind_specific_keys_are_checked(tmp_path):
    oai = BASE.replace(
        'kind: html, start_urls: ["https://example.gov.vn/"]',
        'kind: oai_pmh, base_url: "https://j.vn/oai", from: 2024-01-01',
    )
    src = load_config(_write(tmp_path, oai)).sources[0]
    assert src.get("from") == "2024-01-01"  # as OAISettings reads it
    bad = oai.replace("from: 2024-01-01", "from: soon")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.from: a date"):
        load_config(_write(tmp_path, bad))
    with pytest.raises(ConfigError, match=r"sources\[0\]\.start_urls: unknown key"):
        load_config(_write(tmp_path, oai.replace("from: 2024-01-01", 'start_urls: ["https://j.vn/"]')))


OFFICIAL = """
statistics:
  official_totals:
    - {year: 2023, indicator: tasks_accepted, value: 42, source_url: "https://khcnbackan.gov.vn/bc", document: "Báo cáo 20/12/2023"}
    - {year: 2023, indicator: tasks_accepted, breakdown: {acceptance_grade: good}, value: 29,
       source_url: "https://khcnbackan.gov.vn/bc", document: "Báo cáo 20/12/2023"}
    - {period_start: 2022-12-16, period_end: 2023-12-15, indicator: tasks_accepted, breakdown: {level: national},
       value: 2, source_url: "https://khcnbackan.gov.vn/bc", document: "Báo cáo 20/12/2023"}
"""


def test_official_totals(tmp_path):
    cfg = load_config(_write(tmp_path, BASE + OFFICIAL))
    totals = cfg.statistics.official_totals
    assert [t.value for t in totals] == [42, 29, 2]
    assert totals[0].period() == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert totals[1].breakdown == {"acceptance_grade": "good"}
    assert totals[2].period() == (dt.date(2022, 12, 16), dt.date(2023, 12, 15))


@pytest.mark.parametrize(
    "old,new,key,expected",
    [
        (
            "{year: 2023, indicator: tasks_accepted, value: 42,",
            "{year: 2023, period_start: 2023-01-01, period_end: 2023-06-30, indicator: tasks_accepted, value: 42,",
            "statistics.official_totals[0]",
            "either year",
        ),
        (
            "period_start: 2022-12-16, period_end: 2023-12-15",
            "period_start: 2023-12-16, period_end: 2023-12-15",
            "statistics.official_totals[2]",
            "start <= end",
        ),
        (
            'value: 42, source_url: "https://khcnbackan.gov.vn/bc"',
            'value: "42", source_url: "https://khcnbackan.gov.vn/bc"',
            "statistics.official_totals[0].value",
            "number",
        ),
        (
            'value: 29,\n       source_url: "https://khcnbackan.gov.vn/bc"',
            "value: 29",
            "statistics.official_totals[1].source_url",
            "missing",
        ),
        (
            "breakdown: {level: national}",
            "breakdwn: {level: national}",
            "statistics.official_totals[2].breakdwn",
            "did you mean breakdown?",
        ),
    ],
    ids=["year-and-period", "reversed-period", "quoted-value", "no-source-url", "typo-breakdown"],
)
def test_official_total_errors(tmp_path, old, new, key, expected):
    assert old in OFFICIAL
    with pytest.raises(ConfigError) as e:
        load_config(_write(tmp_path, BASE + OFFICIAL.replace(old, new)))
    line = str(e.value).splitlines()[0]
    assert f": {key}: " in line and expected in line, line


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="existing YAML file"):
        load_config(tmp_path / "nope.yaml")
    f = tmp_path / "broken.yaml"
    f.write_text("province: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml: line \d+, column \d+: expected valid YAML"):
        load_config(f)
    f.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="top level"):
        load_config(f)


def test_cli_exits_2_with_one_line_naming_file_and_key(tmp_path, capsys):
    f = _write(tmp_path, BASE.replace("kind: html,", 'kind: html, allow_private: "false",'))
    code = main(["run", "--config", str(f), "--var-dir", str(tmp_path / "var")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and f"{f}: sources[0].allow_private: expected true or false" in err
    assert not (tmp_path / "var").exists()  # refused before any fetch
