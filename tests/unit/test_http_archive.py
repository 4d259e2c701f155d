"""Raw archive, run manifests and the validator store: round trips and crash safety."""

from __future__ import annotations

import json
import os

import pytest

from extractors.http.archive import RawArchive, ValidatorStore, sha256_hex
from transforms.atomic import write_bytes_atomic


def test_blob_round_trip_is_content_addressed(tmp_path):
    arc = RawArchive(tmp_path, "khcnbackan")
    body = "<html>Nhiệm vụ</html>".encode()
    sha = arc.put(body, url="https://x.vn/a", content_type="text/html", fetched_at="2026-11-26T02:00:00+00:00")
    assert sha == sha256_hex(body)
    path = tmp_path / "khcnbackan" / sha[:2] / sha
    assert path.read_bytes() == body and arc.get(sha) == body and arc.has(sha)
    meta = json.loads((path.parent / f"{sha}.json").read_text())
    assert meta["size"] == len(body) and meta["first_url"] == "https://x.vn/a"
    assert arc.put(body, url="https://x.vn/b") == sha  # stored once
    assert json.loads((path.parent / f"{sha}.json").read_text())["first_url"] == "https://x.vn/a"
    with pytest.raises(KeyError):
        arc.get("0" * 64)


def test_manifest_round_trip_and_newest_lookup(tmp_path):
    arc = RawArchive(tmp_path, "src")
    arc.record(
        "run1",
        {
            "url": "https://x.vn/a",
            "final_url": "https://x.vn/a2",
            "sha256": "1" * 64,
            "status": 200,
            "fetched_at": "2026-11-25T02:00:00+00:00",
        },
    )
    arc.record(
        "run2", {"url": "https://x.vn/a", "sha256": "2" * 64, "status": 200, "fetched_at": "2026-11-26T02:00:00+00:00"}
    )
    arc.record(
        "run2",
        {
            "url": "https://x.vn/form",
            "method": "POST",
            "request_sha256": "b" * 64,
            "sha256": "3" * 64,
            "status": 200,
            "fetched_at": "2026-11-26T02:00:01+00:00",
        },
    )
    arc.close()
    assert [e["sha256"][0] for e in arc.iter_manifest("run2")] == ["2", "3"]
    assert arc.lookup("https://x.vn/a")["sha256"] == "2" * 64  # newest run
    assert arc.lookup("https://x.vn/a", run_id="run1")["sha256"] == "1" * 64  # a given run
    assert arc.lookup("https://x.vn/a2")["sha256"] == "1" * 64  # by final URL
    assert arc.lookup("https://x.vn/form") is None  # GET ≠ POST
    assert arc.lookup("https://x.vn/form", method="POST", body_sha256="b" * 64)["sha256"] == "3" * 64
    assert set(arc.runs()) == {"run1", "run2"}


def test_manifest_reader_skips_a_torn_line(tmp_path):
    arc = RawArchive(tmp_path, "src")
    arc.record("r", {"url": "u1", "sha256": "a" * 64, "fetched_at": "1"})
    arc.close()
    with open(arc.manifest_path("r"), "ab") as fh:
        fh.write(b'{"url": "u2", "sha2')  # crash mid-write
    assert [e["url"] for e in arc.iter_manifest("r")] == ["u1"]


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    write_bytes_atomic(target, b"old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temp left behind


def test_validator_store_persists_atomically(tmp_path):
    path = tmp_path / "v" / "validators.json"
    store = ValidatorStore(path)
    store.set("https://x.vn/a", etag='"e1"', last_modified=None, sha256="a" * 64, headers={"content-type": "text/html"})
    store.set("https://x.vn/b", etag=None, last_modified="Wed, 25 Nov 2026 10:00:00 GMT", sha256="b" * 64)
    store.set("https://x.vn/c", etag=None, last_modified=None, sha256="c" * 64)  # nothing to keep
    store.save()
    again = ValidatorStore(path)
    assert again.get("https://x.vn/a") == {
        "etag": '"e1"',
        "sha256": "a" * 64,
        "status": 200,
        "headers": {"content-type": "text/html"},
    }
    assert again.get("https://x.vn/b")["last_modified"].startswith("Wed")
    assert again.get("https://x.vn/c") is None and len(again) == 2
    again.forget("https://x.vn/a")
    again.save()
    assert ValidatorStore(path).get("https://x.vn/a") is None


def test_validator_store_survives_a_corrupt_file(tmp_path, caplog):
    path = tmp_path / "validators.json"
    path.write_text("{not json")
    store = ValidatorStore(path)
    assert len(store) == 0 and "unreadable" in caplog.text


def test_validator_store_flushes_every_n_updates(tmp_path):
    path = tmp_path / "validators.json"
    store = ValidatorStore(path, flush_every=2)
    store.set("u1", etag='"1"', last_modified=None, sha256="a" * 64)
    assert not path.exists()
    store.set("u2", etag='"2"', last_modified=None, sha256="b" * 64)
    assert json.loads(path.read_text()).keys() == {"u1", "u2"}


def test_bad_source_and_run_names(tmp_path):
    with pytest.raises(ValueError):
        RawArchive(tmp_path, "../x")
    with pytest.raises(ValueError):
        RawArchive(tmp_path, "s").manifest_path("a/b")
