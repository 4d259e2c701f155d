"""Organizations one body written two ways: suggested for review, merged only when the province
config says so (organizations.same_as), the same in the row-wise and column-wise transforms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from config.loader import ConfigError, Merge, Province, parse_config
from flows.steps import Paths, write_org_review
from transforms.orgs import canonical_org, org_id, org_kind, review_candidates, same_as_map
from transforms.pipeline import TransformContext, build_tables, normalize_task

PROVINCE = Province("06", "Tỉnh Bắc Kạn", Merge("19", "Tỉnh Thái Nguyên", dt.date(2025, 7, 1)))
NOW = dt.datetime(2026, 11, 26, 2, tzinfo=dt.timezone.utc)
LONG = "Trung tâm Thông tin và Ứng dụng tiến bộ KH&CN tỉnh Bắc Kạn"
SHORT = "TT Thông tin và Ứng dụng KH&CN tỉnh Bắc Kạn"  # a word dropped


def _rec(i: int, host: str) -> dict:
    return {
        "table": "tasks",
        "source": "s",
        "record_ref": f"https://x/a#t{i}",
        "source_url": "https://x/a",
        "fetched_at": "2026-11-26T02:00:03+00:00",
        "confidence": 1.0,
        "fields": {"title": f"Đề tài số {i}", "host_org": host, "principal_investigator": "TS. Nguyễn Văn A"},
        "hints": {"page_date": "2022-04-15"},
    }


def _ctx(same_as: tuple = ()) -> TransformContext:
    return TransformContext("run-1", PROVINCE, NOW, org_same_as=same_as)


def test_near_duplicates_are_suggested_not_merged():
    names = [
        canonical_org(n, PROVINCE.name).name
        for n in (
            LONG,
            SHORT,
            "Trường THCS số 1 Bắc Kạn",
            "Trường THCS số 2 Bắc Kạn",
            "Hợp tác xã Hoàng Hà",
            "Hợp tác xã Hoàng Hải",
            "Viện Hoàng Hà",
            "Sở KH&CN",
        )
    ]
    pairs = review_candidates([org_id(n) for n in names], names, [org_kind(n) for n in names])
    found = {frozenset((p["name"], p["other_name"])) for p in pairs}
    assert frozenset((names[0], names[1])) in found  # a dropped word
    assert frozenset((names[4], names[5])) in found  # one letter apart: only a suggestion
    assert frozenset((names[2], names[3])) not in found  # other numbers: other schools
    assert not any("Viện Hoàng Hà" in pair for pair in found)  # another kind of body
    assert all(p["score"] >= 90 for p in pairs)
    assert len({org_id(n) for n in names}) == len(names)  # nothing merged by itself


def test_same_as_merges_in_both_transform_paths():
    same_as = ((SHORT, LONG),)
    recs = [_rec(1, LONG), _rec(2, SHORT), _rec(3, "Sở KH&CN")]
    tables = build_tables(recs, _ctx(same_as))
    hosts = tables["tasks"].column("host_org_id").to_pylist()
    assert hosts[0] == hosts[1] != hosts[2]
    orgs = {r["org_id"]: r for r in tables["organizations"].to_pylist()}
    assert len(orgs) == 2
    merged = orgs[org_id(canonical_org(LONG, PROVINCE.name).name)]
    assert merged["name"] == canonical_org(LONG, PROVINCE.name).name
    assert SHORT in merged["aliases"]
    people = [p for p in tables["people"].to_pylist() if p["org_id"] == merged["org_id"]]
    assert len(people) == 1  # same PI, same body: one person
    row_wise = {normalize_task(r, _ctx(same_as))[0]["host_org_id"] for r in recs[:2]}
    assert row_wise == {merged["org_id"]}
    without = build_tables(recs, _ctx())
    assert without["organizations"].num_rows == 3


def test_same_as_map_keys_written_names_like_ids():
    m = same_as_map(((SHORT.upper(), LONG), (LONG, LONG), ("Sở KHCN", "Sở Khoa học và Công nghệ")), PROVINCE.name)
    assert list(m.values()) == [canonical_org(LONG, PROVINCE.name).name]  # self-merges dropped


def test_config_same_as_is_validated(tmp_path):
    base = {
        "province": {"code": "06", "name": "Tỉnh Bắc Kạn"},
        "publisher": {"name": "Sở", "ckan_organization": "so-khcn"},
        "sources": [],
        "catalog": {"kind": "local"},
    }
    cfg = parse_config({**base, "organizations": {"same_as": {SHORT: LONG}}}, tmp_path / "p.yaml")
    assert cfg.org_same_as == ((SHORT, LONG),)
    assert parse_config(base, tmp_path / "p.yaml").org_same_as == ()
    for bad in ({"same_as": {SHORT: ""}}, {"same_as": [SHORT, LONG]}, {"merge": {}}, "x"):
        with pytest.raises(ConfigError, match="organizations"):
            parse_config({**base, "organizations": bad}, tmp_path / "p.yaml")


def test_review_file_is_ready_to_paste_and_goes_away(tmp_path):
    paths = Paths(Path(tmp_path))
    tables = build_tables([_rec(1, LONG), _rec(2, SHORT)], _ctx())
    out = write_org_review(tables["organizations"], paths)
    assert out == tmp_path / "review" / "organizations.yaml"
    text = out.read_text(encoding="utf-8")
    uncommented = "\n".join(
        line.replace("    # ", "    ", 1) if line.startswith('    # "') else line for line in text.splitlines()
    )
    same_as = yaml.safe_load(uncommented)["organizations"]["same_as"]
    assert len(same_as) == 1
    merged = build_tables([_rec(1, LONG), _rec(2, SHORT)], _ctx(tuple(same_as.items())))
    assert merged["organizations"].num_rows == 1  # pasting the line merges the pair
    assert write_org_review(merged["organizations"], paths) is None and not out.exists()
