"""Preflight against the real CKAN (issue 13 item 2): before any fetch, the catalog answers and
the token may write to the publisher's organization; otherwise one line and exit 2."""

from __future__ import annotations

import pytest

from flows.preflight import PreflightError, preflight

pytestmark = pytest.mark.ckan


@pytest.fixture()
def env(ckan, monkeypatch):
    monkeypatch.setenv("CKAN_URL", ckan.url)
    monkeypatch.setenv("CKAN_API_TOKEN", ckan.token)
    return monkeypatch


def test_a_token_that_may_write_passes_for_a_new_and_an_existing_organization(ckan, env):
    cfg = ckan.new_config("pfok")
    preflight(cfg, "ckan")  # the organization does not exist yet: a logged-in sysadmin may create it
    ckan.client().call("organization_create", {"name": cfg.publisher.ckan_organization})
    preflight(cfg, "ckan")


def test_a_token_ckan_does_not_accept_is_one_line_naming_the_variable(ckan, env):
    cfg = ckan.new_config("pfbad")
    env.setenv("CKAN_API_TOKEN", "not-a-token")
    with pytest.raises(PreflightError, match="the token in CKAN_API_TOKEN is not accepted") as e:
        preflight(cfg, "ckan")
    assert "\n" not in str(e.value)
    ckan.client().call("organization_create", {"name": cfg.publisher.ckan_organization})
    with pytest.raises(
        PreflightError, match=f"may not create datasets in CKAN organization '{cfg.publisher.ckan_organization}'"
    ):
        preflight(cfg, "ckan")


def test_cli_exits_2_before_any_fetch_when_the_token_is_refused(ckan, env, tmp_path, capsys):
    from flows.cli import DEMO_CONFIG, main

    env.setenv("CKAN_API_TOKEN", "not-a-token")
    # The sources point at a closed port: a fetch would fail the source, not the preflight.
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
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stcat: the token in CKAN_API_TOKEN "), err
    assert not (tmp_path / "var" / "raw").exists(), "nothing was fetched"
