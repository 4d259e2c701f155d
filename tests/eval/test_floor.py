"""The evaluation corpus holds its floor (tests/eval/floor.json), and the corpus itself is well formed.

The scorer runs in-process on every case of tests/eval/cases (all formats), the same code path as
`stcat parse FILE --table tasks`. The floor is the figure measured when it was last raised
(docs/ACCURACY.md); a change that lowers corpus accuracy or loses a task fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.eval.html_pages import encode_tcvn3, encode_vni
from tests.eval.score import FIELDS, HERE, evaluate, load_cases, match, norm_value

FLOOR = json.loads((HERE / "floor.json").read_text(encoding="utf-8"))
ENUMS = {
    "level": {"national", "ministry", "provincial", "grassroots"},
    "kind": {"research_topic", "trial_production_project", "st_project", "scheme", "program"},
    "acceptance_grade": {"excellent", "good", "pass", "fail"},
}
FAMILIES = {"drupal", "dnn", "aspnet", "nukeviet", "frontpage", "wordpress", "liferay", "sharepoint", "office", "pdf"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def figures():
    summary, results = evaluate()
    return summary, results


def _table(summary: dict) -> str:
    return "\n".join(f"  {f:<24} {v:.3f}" for f, v in summary["per_field"].items() if v is not None)


def test_field_accuracy_holds_the_floor(figures):
    summary, _ = figures
    assert summary["field_accuracy"] >= FLOOR["field_accuracy"], (
        f"corpus field accuracy {summary['field_accuracy']:.4f} fell below the floor {FLOOR['field_accuracy']} "
        f"(run `make eval` and `tests/eval/score.py --diff`):\n{_table(summary)}"
    )


def test_tasks_found_holds_the_floor(figures):
    summary, results = figures
    missed = {r.case_id: r.missed for r in results if r.missed}
    assert summary["tasks_found"] >= FLOOR["tasks_found"], (
        f"{summary['tasks_found']} of {summary['tasks_expected']} tasks found, floor {FLOOR['tasks_found']}; "
        f"missed: {missed}"
    )


def test_no_new_silent_zero_and_no_crash(figures):
    # floor.json lists the silent zeros known when the floor was set (a ratchet: the list only shrinks)
    summary, _ = figures
    new = sorted(set(summary["silent_zeros"]) - set(FLOOR.get("known_silent_zeros", [])))
    assert new == [], f"documents with tasks that gave no record and no reject: {new}"
    assert summary["errors"] == {}, f"documents whose parse raised: {summary['errors']}"


def test_corpus_is_well_formed():
    cases = load_cases(HERE / "cases")
    assert len(cases) >= 40
    for cid, doc, meta, expected in cases:
        assert re.fullmatch(r"[a-z0-9_]+", cid), cid
        assert doc.suffix == "." + meta["format"], cid
        assert meta["family"] in FAMILIES, cid
        assert meta.get("site") in (None, "drupal_backan", "dnn_thainguyen", "aspnet_kontum"), cid
        assert set(meta) >= {"format", "family", "classes", "note", "site"}, cid
        for e in expected:
            assert set(e) == {"title", *FIELDS}, (cid, e.get("title"))
            assert e["title"] and e["title"] == " ".join(e["title"].split()), cid
            for f, allowed in ENUMS.items():
                assert e[f] is None or e[f] in allowed, (cid, f, e[f])
            for f in ("start_date", "end_date", "decision_date"):
                assert e[f] is None or DATE.match(e[f]), (cid, f, e[f])
            for f in ("budget_vnd", "budget_state_vnd"):
                assert e[f] is None or (isinstance(e[f], int) and e[f] > 0), (cid, f, e[f])


def test_scorer_matching_and_normalisation():
    exp = [{"title": "Nghiên cứu giống lúa Bao thai"}, {"title": "Ứng dụng công nghệ sinh học"}]
    rows = [
        {"title": "ứng dụng  công nghệ sinh học."},
        {"title": "Nghiên cứu giống lúa Bao"},
        {"title": "Nghien cuu giong lua Bao thai"},
    ]
    assert match(exp, rows) == {0: 2, 1: 0}  # diacritics, case, spaces folded; best pair first; row 1 left over
    assert match([{"title": "Đề án phát triển du lịch"}], [{"title": "Dự án phát triển thủy sản"}]) == {}
    assert norm_value("pi_title", "PGS. TS.") == norm_value("pi_title", "PGS.TS") == "pgsts"
    assert norm_value("host_org", " Viện  Dược liệu. ") == "viện dược liệu"
    assert norm_value("budget_vnd", 870_000_000) == 870_000_000 != norm_value("budget_vnd", 870_000_001)


def test_legacy_encoders_write_the_published_forms():
    # the forms real pages show: TCVN3 "B¶o Th¾ng", VNI "Xin chaøo"
    assert encode_tcvn3("Bảo Thắng") == "B¶o Th¾ng".encode("cp1252")
    assert encode_tcvn3("ư") == b"\xad"
    assert encode_vni("Xin chào") == "Xin chaøo".encode("cp1252")
    assert encode_vni("Đường") == "Ñöôøng".encode("cp1252")
