"""Fixtures for integration tests against the real CKAN stack (deploy/ckan/up.sh).

`ckan` reads CKAN_URL / CKAN_API_TOKEN from the environment or from var/ckan/env. When CKAN
is not reachable the tests using it are skipped locally with the reason, and FAIL when
STCAT_REQUIRE_CKAN=1 (CI): a skipped integration test in CI is a failure, not a pass.

Every test gets its own organization and province slug (so dataset names never collide),
and everything created is purged at the end of the session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from catalog import ckan as C
from config.loader import ProvinceConfig, parse_config
from transforms import schemas
from transforms.parquet import write_table

REPO = Path(__file__).resolve().parents[2]
ENV_FILE = REPO / "var" / "ckan" / "env"
USER_AGENT = "stcat-tests/0.1 (+https://github.com/stcat-vn/stcat)"
log = logging.getLogger(__name__)


def _read_env() -> tuple[str, str, str]:
    url, token = os.environ.get("CKAN_URL", ""), os.environ.get("CKAN_API_TOKEN", "")
    where = "environment"
    if not (url and token) and ENV_FILE.exists():
        values = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line)
        url, token = values.get("CKAN_URL", "").strip(), values.get("CKAN_API_TOKEN", "").strip()
        where = str(ENV_FILE)
    return url, token, where


@dataclass
class CkanStack:
    url: str
    token: str
    session_id: str
    orgs: list[str] = field(default_factory=list)

    def client(self, **kw: Any) -> C.CkanClient:
        return C.connect(self.url, self.token, user_agent=USER_AGENT, **kw)

    def new_config(self, tag: str, **catalog: Any) -> ProvinceConfig:
        """A province config with a unique organization and dataset prefix for one test."""
        uid = f"{self.session_id}{tag}"[:24]
        org = f"stcat-test-{uid}"
        self.orgs.append(org)
        data = {
            "province": {
                "code": "06",
                "name": f"Tỉnh Thử {uid}",
                "merged_into": {"code": "19", "name": "Tỉnh Thái Nguyên", "date": "2025-07-01"},
            },
            "publisher": {
                "name": "Sở Khoa học và Công nghệ tỉnh Thử nghiệm",
                "name_en": "Test Department of Science and Technology",
                "ckan_organization": org,
                "contact_name": "Phòng Quản lý khoa học",
                "contact_email": "opendata@example.org",
                "license": "CC-BY-4.0",
                "url": "https://example.org",
            },
            "sources": [],
            "catalog": {"kind": "ckan", "max_delete_share": 0.2, **catalog},
        }
        return parse_config(data, Path(f"<test {tag}>"))


def _reachable(url: str) -> str:
    try:
        r = requests.get(f"{url}/api/3/action/status_show", timeout=5)
        r.raise_for_status()
        return ""
    except requests.RequestException as e:
        return f"{type(e).__name__}: {e}"


@pytest.fixture(scope="session")
def ckan() -> Iterator[CkanStack]:
    url, token, where = _read_env()
    required = os.environ.get("STCAT_REQUIRE_CKAN") == "1"
    problem = "" if url and token else f"no CKAN_URL / CKAN_API_TOKEN (looked in the environment and {ENV_FILE})"
    if not problem:
        problem = _reachable(url)
        if problem:
            problem = f"CKAN at {url} (from {where}) is not reachable: {problem}"
    if problem:
        msg = f"{problem}; bring the stack up with `make ckan-up` (deploy/ckan/up.sh)"
        if required:
            pytest.fail(f"STCAT_REQUIRE_CKAN=1 but {msg}", pytrace=False)
        pytest.skip(msg)
    stack = CkanStack(url, token, uuid.uuid4().hex[:6])
    yield stack
    purge(stack)


def purge(stack: CkanStack) -> None:
    """Purge every dataset and organization the session created (best effort, logged)."""
    client = stack.client(retries=2, backoff=0.5)
    for org in stack.orgs:
        try:
            res = client.call(
                "package_search",
                {"fq": f"organization:{org}", "include_private": True, "include_drafts": True, "rows": 1000},
            )
            names = {d["name"] for d in res["results"]}
        except (C.CkanUnavailable, C.CKANAPIError) as e:
            log.warning("purge: cannot list datasets of %s: %s", org, e)
            names = set()
        prefix = org.replace("stcat-test-", "thu-")
        for table_slug in ("nhiem-vu-khcn", "cong-bo-khoa-hoc", "to-chuc-khcn", "nha-khoa-hoc", "van-ban-quyet-dinh"):
            names.add(f"{prefix}-{table_slug}")
        for name in sorted(names):
            try:
                client.call("dataset_purge", {"id": name})
            except C.NotFound:
                pass
            except (C.CkanUnavailable, C.CKANAPIError) as e:
                log.warning("purge: dataset %s: %s", name, e)
        try:
            client.call("organization_purge", {"id": org})
        except C.NotFound:
            pass
        except (C.CkanUnavailable, C.CKANAPIError) as e:
            log.warning("purge: organization %s: %s", org, e)


# --------------------------------------------------------------------------- synthetic tables

FETCHED = dt.datetime(2026, 11, 26, 2, 0, 3, tzinfo=dt.timezone.utc)


def record_hash(row: dict[str, Any]) -> str:
    content = {k: v for k, v in row.items() if k not in ("fetched_at", "record_hash")}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def task_rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    rows = []
    for i in range(start, start + n):
        r = {
            "task_id": f"T{i:06d}",
            "code": f"ĐT.{i:03d}/2022",
            "title": f"Nghiên cứu phục tráng giống Bí thơm Ba Bể số {i} tại huyện Chợ Đồn",
            "level": "provincial",
            "kind": "research_topic",
            "host_org": "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
            "principal_investigator": "Nguyễn Thị Hằng",
            "pi_title": "PGS.TS.",
            "start_date": f"{2015 + i % 8}-0{1 + i % 9}",
            "end_date": f"{2017 + i % 8}-12-31",
            "budget_vnd": 1_250_500_000 + i,
            "budget_state_vnd": 900_000_000,
            "status": "accepted",
            "applied": bool(i % 2),
            "confidence": 1.0,
            "source": "khcnbackan",
            "source_url": f"https://khcnbackan.gov.vn/tin-tuc/{i}",
            "extras": json.dumps({"Ghi chú": "=SUM(A1)"}, ensure_ascii=False),
            "fetched_at": FETCHED,
        }
        r["record_hash"] = record_hash(r)
        rows.append(r)
    return rows


def publication_rows(n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        r = {
            "pub_id": f"P{i:05d}",
            "doi": f"10.34238/tnu-jst.{i}",
            "title": f"Đánh giá đa dạng di truyền cây chè Shan tuyết ở Bắc Kạn ({i})",
            "authors": ["Lê Văn Đức", "Trần Thị Mỹ Ánh"],
            "year": 2018 + i % 6,
            "venue": "Tạp chí Khoa học và Công nghệ - Đại học Thái Nguyên",
            "language": "vi",
            "affiliations": ["Đại học Thái Nguyên"],
            "sources": ["oai_pmh"],
            "task_ids": [f"T{i:06d}"],
            "deleted": False,
            "fetched_at": FETCHED,
        }
        r["record_hash"] = record_hash(r)
        rows.append(r)
    return rows


def simple_rows(table: str, n: int) -> list[dict[str, Any]]:
    key = schemas.PRIMARY_KEYS[table][0]
    rows = []
    for i in range(n):
        r: dict[str, Any] = {key: f"{table[:3].upper()}{i:04d}"}
        if table == "organizations":
            r.update(
                name=f"Viện Khoa học Nông nghiệp {i}", aliases=[f"VKHNN {i}"], kind="institute", province_code="06"
            )
        elif table == "people":
            r.update(name=f"Hoàng Văn Ánh {i}", title="TS.")
        elif table == "documents":
            r.update(
                number=f"{i}/QĐ-UBND",
                year=2022,
                type="QĐ",
                issuer="UBND",
                date="2022-04-15",
                title=f"Quyết định phê duyệt danh mục nhiệm vụ {i}",
            )
        r["record_hash"] = record_hash(r)
        rows.append(r)
    return rows


def write_tables(root: Path, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Path]:
    """Write canonical tables like the warehouse does; returns table -> Parquet path."""
    out = {}
    for table, rs in rows.items():
        path = root / "warehouse" / table / f"{table}.parquet"
        write_table(schemas.conform(table, rs), path)
        out[table] = path
    return out


def all_tables(tasks: int = 30, pubs: int = 20) -> dict[str, list[dict[str, Any]]]:
    return {
        "tasks": task_rows(tasks),
        "publications": publication_rows(pubs),
        "organizations": simple_rows("organizations", 3),
        "people": simple_rows("people", 4),
        "documents": simple_rows("documents", 2),
    }
