"""catalog.ckan helpers that need no CKAN: the HTTP client's retries, write counter and token
hygiene (against a loopback HTTP server), the streamed multipart body (requests-toolbelt) and its rewind, record conversion, the
streaming CSV, and batched Parquet reading. The publish path itself is tested against the real
CKAN in tests/integration/test_ckan_*.py."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow as pa
import pytest

from catalog import ckan as C
from catalog import exports
from transforms import schemas
from transforms.parquet import write_table

TOKEN = "-".join(("secret", "token", "abc123"))  # a fake token; the tests check it never leaks


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    script: list[tuple[int, dict]] = []
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, doc = type(self).script.pop(0) if type(self).script else (200, {"success": True, "result": {}})
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status != 502 else "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


@pytest.fixture
def server():
    _Handler.script, _Handler.seen = [], []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_retries_5xx_then_succeeds_and_counts_writes(server):
    _Handler.script = [(502, {}), (503, {}), (200, {"success": True, "result": {"id": "x"}})]
    c = C.connect(server, TOKEN, user_agent="stcat-test/1", backoff=0.01)
    assert c.call("package_patch", {"id": "x", "title": "Nhiệm vụ"}) == {"id": "x"}
    assert c.write_calls == 3 and c.calls["package_patch"] == 3
    sent = _Handler.seen[-1]
    assert sent["headers"]["User-Agent"] == "stcat-test/1"
    assert json.loads(sent["body"].decode("utf-8"))["title"] == "Nhiệm vụ"
    c.call("package_show", {"id": "x"})
    assert c.write_calls == 3


def test_gives_up_after_retries_without_leaking_the_token(server, caplog):
    _Handler.script = [(503, {})] * 3
    c = C.connect(server, TOKEN, user_agent="u", retries=2, backoff=0.01)
    with caplog.at_level(logging.DEBUG), pytest.raises(C.CkanUnavailable) as e:
        c.call("package_update", {"id": "x"})
    assert "package_update" in str(e.value) and "HTTP 503" in str(e.value) and "3 attempts" in str(e.value)
    for text in (str(e.value), repr(e.value), repr(c), str(vars(c)), caplog.text):
        assert TOKEN not in text


def test_ckan_errors_become_ckanapi_exceptions(server):
    _Handler.script = [
        (409, {"success": False, "error": {"__type": "Validation Error", "name": ["That URL is already in use."]}}),
        (404, {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}),
    ]
    c = C.connect(server, TOKEN, user_agent="u", backoff=0.01)
    with pytest.raises(C.ValidationError) as e:
        c.call("package_create", {"name": "x"})
    assert e.value.error_dict["name"] == ["That URL is already in use."]
    with pytest.raises(C.NotFound):
        c.call("package_show", {"id": "x"})
    assert len(_Handler.seen) == 2  # 4xx are not retried


def test_connection_refused_is_unavailable():
    c = C.connect("http://127.0.0.1:9", TOKEN, user_agent="u", retries=1, backoff=0.01)
    with pytest.raises(C.CkanUnavailable, match="ConnectionError"):
        c.call("status_show")


def test_is_write():
    assert not any(
        map(
            C.is_write,
            [
                "package_show",
                "package_search",
                "datastore_search",
                "datastore_search_sql",
                "organization_show",
                "status_show",
                "datastore_info",
            ],
        )
    )
    assert all(
        map(
            C.is_write,
            [
                "package_create",
                "package_patch",
                "datastore_upsert",
                "datastore_delete",
                "resource_create",
                "organization_create",
                "dataset_purge",
            ],
        )
    )


def test_connect_refuses_empty_credentials():
    with pytest.raises(ValueError):
        C.connect("http://x", "", user_agent="u")


def test_upload_streams_a_multipart_body(server, tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes(exports.BOM + "mã,tên\n1,Bắc Kạn\n".encode())
    c = C.connect(server, TOKEN, user_agent="u")
    c.upload(
        "resource_create",
        {"package_id": "p", "description": "Mô tả", "stcat_key": "csv", "n": 3},
        f,
        filename="a.csv",
        content_type="text/csv",
    )
    sent = _Handler.seen[-1]
    assert int(sent["headers"]["Content-Length"]) == len(sent["body"])
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {sent['headers']['Content-Type']}\r\n\r\n".encode() + sent["body"]
    )
    parts = {p.get_param("name", header="content-disposition"): p for p in msg.iter_parts()}
    assert parts["description"].get_payload(decode=True).decode() == "Mô tả"
    assert parts["n"].get_payload(decode=True) == b"3"
    assert parts["upload"].get_filename() == "a.csv"
    assert parts["upload"].get_payload(decode=True) == f.read_bytes()


def test_multipart_reads_in_small_chunks(tmp_path):
    from catalog.ckan.client import _MultipartBody

    f = tmp_path / "x.bin"
    f.write_bytes(bytes(range(256)) * 100)
    body = _MultipartBody({"a": "b"}, "upload", f, "x.bin", "application/octet-stream")

    def read_all() -> bytes:
        chunks = []
        while chunk := body.read(1000):
            assert len(chunk) <= 1000
            chunks.append(chunk)
        return b"".join(chunks)

    data = read_all()
    assert len(data) == len(body) and f.read_bytes() in data and body.tell() == len(data)
    body.seek(0)  # urllib3 rewinds the body to retry: the same bytes again, same boundary
    assert body.tell() == 0 and read_all() == data
    body.close()


def test_upload_retried_after_503_sends_the_whole_body_again(server, tmp_path):
    f = tmp_path / "a.parquet"
    f.write_bytes(bytes(range(256)) * 300)
    _Handler.script = [(503, {}), (200, {"success": True, "result": {"id": "r", "size": 76800}})]
    c = C.connect(server, TOKEN, user_agent="u", backoff=0.01)
    res = c.upload("resource_patch", {"id": "r"}, f, filename="a.parquet", retries=None)
    assert res == {"id": "r", "size": 76800} and c.calls["resource_patch"] == 2
    first, second = _Handler.seen[-2:]
    assert first["body"] == second["body"] and f.read_bytes() in second["body"]


def _tasks(n: int) -> pa.Table:
    ts = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    return schemas.conform(
        "tasks",
        [
            {
                "task_id": f"T{i:04d}",
                "title": f"=Đề tài {i}",
                "budget_vnd": i * 1000,
                "confidence": float("nan") if i == 1 else 0.5,
                "applied": i % 2 == 0,
                "fetched_at": ts,
                "source": "s",
                "record_hash": f"h{i}",
            }
            for i in range(n)
        ],
    )


def test_to_records_types():
    pubs = schemas.conform(
        "publications",
        [{"pub_id": "P1", "title": "Chè", "authors": ["Lê Văn Đức", "An"], "year": 2020, "record_hash": "h"}],
    )
    rec = C.to_records(pubs)[0]
    assert rec["authors"] == '["Lê Văn Đức", "An"]' and rec["year"] == 2020 and rec["affiliations"] is None
    t = C.to_records(_tasks(2))
    assert t[0]["fetched_at"] == "2026-01-02T03:04:05" and t[0]["budget_vnd"] == 0 and t[0]["applied"] is True
    assert t[1]["confidence"] is None
    json.dumps(t, allow_nan=False)


def test_iter_record_batches_filters_and_batches(tmp_path):
    p = tmp_path / "tasks.parquet"
    write_table(_tasks(25), p)
    batches = list(C.iter_record_batches(p, None, "task_id", batch_rows=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    keys = pa.array(["T0003", "T0024", "T0017", "missing"])
    got = [r["task_id"] for b in C.iter_record_batches(p, keys, "task_id", batch_rows=2) for r in b]
    assert sorted(got) == ["T0003", "T0017", "T0024"]


def test_streaming_csv_matches_exports_write_csv(tmp_path):
    t = _tasks(120)
    p = tmp_path / "tasks.parquet"
    write_table(t, p)
    exports.write_parquet_csv(p, tmp_path / "stream.csv", batch_rows=50)
    exports.write_csv(t, tmp_path / "whole.csv")
    got = (tmp_path / "stream.csv").read_bytes()
    assert got == (tmp_path / "whole.csv").read_bytes()
    assert got.startswith(exports.BOM) and "'=Đề tài 0".encode() in got


def test_streaming_csv_of_empty_table_has_header(tmp_path):
    p = tmp_path / "e.parquet"
    write_table(schemas.empty_table("people"), p)
    exports.write_parquet_csv(p, tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_bytes().startswith(exports.BOM + b'"person_id"')


def test_table_coverage_and_datapackage_bytes(tmp_path):
    p = tmp_path / "t.parquet"
    write_table(
        schemas.conform(
            "tasks",
            [
                {
                    "task_id": "a",
                    "title": "x",
                    "start_date": "2019-03",
                    "end_date": "2021-12-31",
                    "source": "s",
                    "record_hash": "h",
                },
                {"task_id": "b", "title": "y", "start_date": "2016-01-05", "source": "s", "record_hash": "h2"},
            ],
        ),
        p,
    )
    cov = C.table_coverage("tasks", p)
    assert (cov.rows, cov.start, cov.end) == (2, "2016-01-05", "2021-12-31")


def test_client_cannot_be_pickled_with_its_token():
    import pickle

    c = C.connect("http://127.0.0.1:9", TOKEN, user_agent="u")
    with pytest.raises(TypeError, match="secret"):
        pickle.dumps(c)
    assert TOKEN not in repr(vars(c))


def test_streaming_people_csv_matches_the_local_catalog_csv(tmp_path):
    t = _tasks(120)
    p = tmp_path / "tasks.parquet"
    write_table(t, p)
    exports.write_parquet_csv(p, tmp_path / "stream.csv", "tasks", batch_rows=50)
    exports.write_csv(t, tmp_path / "whole.csv", "tasks")
    got = (tmp_path / "stream.csv").read_bytes()
    assert got == (tmp_path / "whole.csv").read_bytes()
    assert got.startswith(exports.BOM + '"Mã định danh"'.encode()) and b"record_hash" not in got
