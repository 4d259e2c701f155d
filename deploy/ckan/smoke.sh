#!/usr/bin/env bash
# Smoke check of the local CKAN stack: sources var/ckan/env, then checks status_show,
# creates an organization, a dataset with a Vietnamese title (stcat schema fields) and a
# datastore table, finds it with package_search and datastore_search_sql, fetches
# /catalog.ttl, and purges what it created. Exit 0 only when every check passed.
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -f "$ENV_FILE" ] || { echo "smoke: $ENV_FILE missing: run deploy/ckan/up.sh (make ckan-up) first" >&2; exit 1; }
# shellcheck disable=SC1090
set -a; source "$ENV_FILE"; set +a

exec python3 - <<'PY'
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

URL = os.environ["CKAN_URL"].rstrip("/")
TOKEN = os.environ["CKAN_API_TOKEN"]
SUFFIX = uuid.uuid4().hex[:8]
ORG = f"stcat-smoke-org-{SUFFIX}"
DATASET = f"stcat-smoke-{SUFFIX}"
TITLE_VI = "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh Bắc Kạn (kiểm thử)"
passed, failed = 0, 0


def call(action, payload=None, auth=True):
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(f"{URL}/api/3/action/{action}", data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", TOKEN)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            body = json.load(resp)
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{action}: HTTP {exc.code}: {exc.read()[:500].decode(errors='replace')}") from None
    if not body.get("success"):
        raise RuntimeError(f"{action}: {body.get('error')}")
    return body["result"]


def check(name, fn):
    global passed, failed
    t0 = time.monotonic()
    try:
        detail = fn()
    except Exception as exc:  # a smoke check reports every failure and goes on
        failed += 1
        print(f"FAIL {name}: {exc}")
        return
    passed += 1
    print(f"ok   {name} ({time.monotonic() - t0:.2f}s){': ' + detail if detail else ''}")


state = {}


def status():
    r = call("status_show", auth=False)
    needed = {"datastore", "scheming_datasets", "dcat", "structured_data"}
    missing = needed - set(r["extensions"])
    assert not missing, f"plugins missing: {missing}"
    return f"CKAN {r['ckan_version']}"


def org_create():
    r = call("organization_create", {"name": ORG, "title": "Sở Khoa học và Công nghệ (kiểm thử)"})
    state["org"] = r["id"]
    return ORG


def package_create():
    r = call("package_create", {
        "name": DATASET,
        "title": TITLE_VI,
        "title_en": "Provincial science and technology tasks of Bac Kan (smoke test)",
        "notes": "Bộ dữ liệu kiểm thử của stcat.",
        "notes_en": "stcat smoke-test dataset.",
        "owner_org": state["org"],
        "license_id": "cc-by",
        "temporal_start": "2015-01",
        "temporal_end": "2025-12-31",
        "spatial_coverage": "Tỉnh Bắc Kạn (nay thuộc tỉnh Thái Nguyên)",
        "update_frequency": "monthly",
        "contact_name": "Sở KH&CN Bắc Kạn",
        "contact_email": "contact@example.org",
        "tags": [{"name": "khoa-hoc"}, {"name": "science"}],
    })
    state["pkg"] = r["id"]
    shown = call("package_show", {"id": DATASET})
    for key in ("title_en", "notes_en", "temporal_start", "spatial_coverage", "contact_email"):
        assert shown.get(key), f"schema field {key} not stored"
    assert shown["title"] == TITLE_VI, shown["title"]
    return DATASET


def datastore_create():
    r = call("datastore_create", {
        "resource": {"package_id": state["pkg"], "name": "nhiem-vu", "format": "CSV"},
        "fields": [
            {"id": "task_id", "type": "text"},
            {"id": "title", "type": "text"},
            {"id": "budget_vnd", "type": "int8"},
            {"id": "start_date", "type": "date"},
        ],
        "primary_key": ["task_id"],
        "records": [
            {"task_id": "BK-001", "title": "Nghiên cứu giống lúa chịu hạn", "budget_vnd": 1200000000, "start_date": "2020-03-01"},
            {"task_id": "BK-002", "title": "Ứng dụng công nghệ sinh học trong chăn nuôi", "budget_vnd": 850000000, "start_date": "2021-07-15"},
        ],
    })
    state["res"] = r["resource_id"]
    call("datastore_upsert", {"resource_id": state["res"], "method": "upsert",
                              "records": [{"task_id": "BK-002", "budget_vnd": 900000000}]})
    got = call("datastore_search", {"resource_id": state["res"], "filters": {"task_id": "BK-002"}})
    assert got["records"][0]["budget_vnd"] == 900000000, got["records"]
    sql = call("datastore_search_sql", {"sql": f'SELECT count(*) AS n FROM "{state["res"]}"'})
    assert int(sql["records"][0]["n"]) == 2, sql["records"]
    return f"resource {state['res']}, 2 rows, upsert + search_sql ok"


def package_search():
    r = call("package_search", {"q": "nhiệm vụ khoa học Bắc Kạn", "fq": f"name:{DATASET}"})
    assert r["count"] == 1, f"count={r['count']}"
    r = call("package_search", {"q": "nhiem vu khoa hoc", "fq": f"name:{DATASET}"})  # accent-folded query
    assert r["count"] == 1, f"accent-folded search: count={r['count']}"
    return "found (with and without diacritics)"


def catalog_ttl():
    with urllib.request.urlopen(f"{URL}/catalog.ttl", timeout=60) as resp:
        assert resp.status == 200, resp.status
        body = resp.read().decode()
    assert "dcat:Catalog" in body, "no dcat:Catalog in /catalog.ttl"
    with urllib.request.urlopen(f"{URL}/dataset/{DATASET}.ttl", timeout=60) as resp:
        ds = resp.read().decode()
    assert TITLE_VI in ds and "dct:temporal" in ds and "dcat:contactPoint" in ds, "dataset RDF lacks title/temporal/contact"
    return f"200, {len(body)} bytes; dataset .ttl has temporal + contactPoint"


def purge():
    if "pkg" in state:
        call("dataset_purge", {"id": state["pkg"]})
    if "org" in state:
        call("organization_purge", {"id": state["org"]})
    r = call("package_search", {"fq": f"name:{DATASET}"})
    assert r["count"] == 0, "dataset still indexed after purge"
    return "dataset and organization purged"


check("status_show", status)
check("organization_create", org_create)
if "org" in state:
    check("package_create (Vietnamese title, stcat fields)", package_create)
if "pkg" in state:
    check("datastore_create/upsert/search_sql", datastore_create)
    check("package_search", package_search)
check("/catalog.ttl", catalog_ttl)
check("purge", purge)
print(f"smoke: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
