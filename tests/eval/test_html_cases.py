"""The committed HTML cases are exactly what tests/eval/make_html_cases.py writes (no hand edits drift)."""

from __future__ import annotations

from tests.eval import casekit, make_html_cases


def test_generator_rewrites_the_committed_html_cases(tmp_path, monkeypatch):
    monkeypatch.setattr(casekit, "CASES", tmp_path)
    for fn in make_html_cases.REGISTRY:
        casekit.write_case(fn())
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in casekit.HERE.joinpath("cases").glob("html_*"))
    assert written == committed
    for name in written:
        assert (tmp_path / name).read_bytes() == (casekit.HERE / "cases" / name).read_bytes(), name
