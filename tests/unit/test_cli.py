"""The stcat command line: help on every command, and exit status 2 for bad arguments or config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [[], ["demo"], ["run"], ["parse"], ["catalog"], ["catalog", "serve"], ["reconcile"]],
    ids=["top", "demo", "run", "parse", "catalog", "catalog-serve", "reconcile"],
)
def test_help_on_every_command(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main([*argv, "--help"])
    assert e.value.code == 0
    assert "usage: stcat" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["frobnicate"],
        ["run", "--config", "x", "--catalog", "ftp"],
        ["parse", "a", "--table", "nope"],
        ["reconcile"],
    ],
    ids=["run-without-config", "unknown-command", "bad-catalog", "bad-table", "reconcile-without-config"],
)
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    assert "stcat: error:" in capsys.readouterr().err


def test_bad_config_exits_2_and_names_file_and_key(tmp_path, capsys):
    f = tmp_path / "p.yaml"
    f.write_text("province: {name: X}\npublisher: {name: P, ckan_organization: p1}\nsources: []\n", encoding="utf-8")
    assert main(["run", "--config", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}: province.code: missing" in err


def test_unknown_source_exits_2(capsys):
    assert main(["run", "--config", str(ROOT / "config/provinces/backan.yaml"), "--source", "nope"]) == 2
    assert ": sources: no source named 'nope'" in capsys.readouterr().err


def test_parse_missing_file_exits_2(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "missing.html")]) == 2


def test_catalog_serve_without_catalog_exits_2(tmp_path, capsys):
    assert main(["catalog", "serve", "--dir", str(tmp_path)]) == 2
    assert "index.html not found" in capsys.readouterr().err


def test_python_dash_m_flows_is_the_same_command():
    r = subprocess.run([sys.executable, "-m", "flows", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "usage: stcat" in r.stdout
