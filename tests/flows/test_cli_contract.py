"""The command line's contract for operators (issue 13 items 2, 4, 5): exit codes that mean
something, --var, one-line errors before any fetch, and `stcat parse`'s rough edges."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cli import DEMO_CONFIG, demo_servers, main
from flows.settings import run_settings

ROOT = Path(__file__).resolve().parents[2]
STCAT = Path(sys.executable).parent / "stcat"
FIXTURE = ROOT / "tests/fixtures/khcnbackan/article_table.html"  # 8 task records


@pytest.fixture(scope="module")
def portal():
    with demo_servers() as variables:
        yield variables


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CKAN_"))}


def test_demo_exits_0_on_its_sample_and_says_prefect_is_starting(tmp_path):
    """A newcomer's `stcat demo`: its deliberate rejects are findings (exit 0); Prefect's start is
    announced with its time; HTTP session statistics stay at DEBUG."""
    r = subprocess.run(
        [str(STCAT), "demo", "--var-dir", str(tmp_path / "var")],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert "**Reject reasons**" in r.stdout, "the sample's rejects are reported in the summary"
    assert "starting Prefect…" in r.stderr and "Prefect ready in" in r.stderr
    assert "http session" not in r.stderr
    assert "Traceback" not in r.stderr
    # the embedded Prefect API's own log (its services retry what fails) is kept under var/, not shown
    assert (tmp_path / "var" / "prefect" / "embedded-api.log").is_file()


def _var_args(portal: dict) -> list[str]:
    return [a for k, v in portal.items() for a in ("--var", f"{k}={v}")]


def test_run_fills_placeholders_from_var(tmp_path, portal, capsys):
    code = main(["run", "--config", str(DEMO_CONFIG), *_var_args(portal), "--var-dir", str(tmp_path / "var")])
    out = capsys.readouterr().out
    assert code == 0
    assert "| sample-portal | tasks |" in out


def test_an_unset_placeholder_is_one_line_and_exit_2(tmp_path, capsys):
    code = main(
        ["run", "--config", str(DEMO_CONFIG), "--var", "pubs=http://127.0.0.1:9", "--var-dir", str(tmp_path / "var")]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "${portal}" in err[0] and "--var portal=" in err[0]


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "set the environment variable CKAN_URL"),
        ({"CKAN_URL": "http://127.0.0.1:{port}"}, "set the environment variable CKAN_API_TOKEN"),
        ({"CKAN_URL": "http://127.0.0.1:{port}", "CKAN_API_TOKEN": "t"}, "does not answer status_show"),
    ],
    ids=["no-url", "no-token", "unreachable"],
)
def test_catalog_problems_are_found_before_any_fetch(tmp_path, monkeypatch, capsys, env, expected):
    monkeypatch.delenv("CKAN_URL", raising=False)
    monkeypatch.delenv("CKAN_API_TOKEN", raising=False)
    port = _closed_port()
    for k, v in env.items():
        monkeypatch.setenv(k, v.format(port=port))
    code = main(
        [
            "run",
            "--config",
            str(DEMO_CONFIG),
            "--var",
            "portal=http://127.0.0.1:9",
            "--var",
            "pubs=http://127.0.0.1:9",
            "--catalog",
            "ckan",
            "--var-dir",
            str(tmp_path / "var"),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and expected in err[0], err
    assert not (tmp_path / "var").exists(), "nothing was fetched or written"


def test_a_reject_share_over_the_limit_exits_1(tmp_path, portal, capsys):
    cfg = tmp_path / "strict.yaml"
    cfg.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + "\nmax_reject_share: 0\n", encoding="utf-8")
    code = main(["run", "--config", str(cfg), *_var_args(portal), "--var-dir", str(tmp_path / "var")])
    out = capsys.readouterr()
    assert code == 1, out.err
    assert "**Reject share over 0%**" in out.out, out.err


def test_a_failed_run_still_writes_its_summary_artifact_with_the_failure(tmp_path, portal):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    from flows.sync import SUMMARY_KEY, nightly_sync

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the catalog folder should be", encoding="utf-8")
    cfg = tmp_path / "blocked.yaml"
    cfg.write_text(
        DEMO_CONFIG.read_text(encoding="utf-8").replace("dir: var/catalog", f"dir: {blocker}/catalog"), encoding="utf-8"
    )
    with run_settings(), pytest.raises(Exception):
        nightly_sync(config_path=str(cfg), var_dir=str(tmp_path / "var"), variables=portal)
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[SUMMARY_KEY])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
    md = arts[0].data
    assert ": failed" in md.splitlines()[0]
    assert "**Run failed**" in md and "not-a-folder" in md


def test_sources_sharing_a_server_are_one_group_in_config_order(tmp_path):
    from config.loader import load_config
    from flows.steps import host_groups

    cfg = load_config(DEMO_CONFIG, {"portal": "http://127.0.0.1:1001", "pubs": "http://127.0.0.1:1002"})
    assert host_groups(cfg, ["sample-portal", "demo-journal", "openalex", "crossref"]) == [
        ["sample-portal"],
        ["demo-journal", "openalex", "crossref"],
    ]
    same = load_config(DEMO_CONFIG, {"portal": "http://127.0.0.1:1001", "pubs": "http://127.0.0.1:1001"})
    assert host_groups(same, ["crossref", "sample-portal", "openalex"]) == [["crossref", "sample-portal", "openalex"]]


def test_stcat_loggers_log_info_under_a_worker_and_the_root_stays_at_warning():
    """What a worker process sees after loading flows/sync.py by path (module name `sync`)."""
    code = (
        "import logging, sys; sys.path.insert(0, 'flows'); import sync; "
        "print(sync.log.name, logging.getLogger('flows').getEffectiveLevel(), "
        "logging.getLogger('extractors').getEffectiveLevel(), logging.getLogger().level)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_clean_env(), capture_output=True, text=True, timeout=300
    )
    assert r.stdout.split() == ["flows.sync", str(logging.INFO), str(logging.INFO), str(logging.WARNING)], r.stderr


@pytest.mark.parametrize(
    "target, expected, code",
    [
        ("{tmp}", "is a directory", 2),
        ("{tmp}/notes.txt", "unsupported file", 2),
        ("http://127.0.0.1:{port}/page", "cannot reach 127.0.0.1:{port}", 1),
    ],
    ids=["directory", "unsupported-file", "unreachable-host"],
)
def test_parse_errors_are_one_line(tmp_path, capsys, target, expected, code):
    (tmp_path / "notes.txt").write_text("plain text, no table", encoding="utf-8")
    port = _closed_port()
    assert main(["parse", target.format(tmp=tmp_path, port=port)]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected.format(port=port) in err[0], err


def test_parse_says_0_records_on_stderr(tmp_path, capsys):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Tin tức</p></body></html>", encoding="utf-8")
    assert main(["parse", str(page)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and f"0 records in {page}" in out.err


def test_parse_into_a_closed_pipe_is_quiet():
    p = subprocess.Popen(
        [str(STCAT), "parse", str(FIXTURE)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    p.stdout.close()  # the reader went away before the first record (`| head` that has had enough)
    err = p.stderr.read()
    p.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert p.returncode == 1


def test_sources_on_different_servers_overlap_and_sources_sharing_one_take_turns(tmp_path, portal):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.sync import nightly_sync

    cfg = tmp_path / "paced.yaml"  # the portal at 5 requests/s: its extract lasts a few seconds
    cfg.write_text(
        DEMO_CONFIG.read_text(encoding="utf-8").replace(
            "    rate_limit: 0\n    max_pages: 10\n", "    rate_limit: 5\n    max_pages: 10\n", 1
        ),
        encoding="utf-8",
    )
    with run_settings():
        state = nightly_sync(config_path=str(cfg), var_dir=str(tmp_path / "var"), variables=portal, return_state=True)
        with get_client(sync_client=True) as client:
            # task run states reach the API through Prefect's event pipeline, a moment after the flow returns
            for _ in range(120):
                runs = client.read_task_runs(
                    flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
                )
                extracts = [r for r in runs if r.name.startswith("extract-")]
                if len(extracts) == 4 and all(r.start_time and r.end_time for r in extracts):
                    break
                time.sleep(0.5)
    assert state.is_completed() and state.result()["failed_sources"] == {}
    t = {r.name.removeprefix("extract-"): (r.start_time, r.end_time) for r in runs if r.name.startswith("extract-")}
    assert set(t) == {"sample-portal", "demo-journal", "openalex", "crossref"}
    # the publication APIs share one server: in config order, one after the other
    assert t["demo-journal"][1] <= t["openalex"][0] and t["openalex"][1] <= t["crossref"][0]
    # the portal is another server: its extract was still running when the first API source began
    assert t["demo-journal"][0] < t["sample-portal"][1]
