"""Publications transform: normalizers, cross-source dedup, ids, hashes, tombstones, links."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import publications as P
from transforms.text import word_key
from transforms import schemas


def rec(
    collector: str,
    sid: str,
    title: str | None,
    *,
    authors=("Nguyễn, Văn An",),
    year=2022,
    doi=None,
    source=None,
    deleted=False,
    fetched="2026-01-01T00:00:00+00:00",
    **fields,
) -> dict:
    f = {"source_id": sid, "title": title, "authors": list(authors), "year": year, "doi": doi, "deleted": deleted}
    f.update(fields)
    return {
        "table": "publications",
        "source": source or collector,
        "record_ref": f"{collector}:{sid}",
        "fetched_at": fetched,
        "fields": f,
        "hints": {"collector": collector},
    }


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://doi.org/10.34238/TNU-JST.6001", "10.34238/tnu-jst.6001"),
        ("http://dx.doi.org/10.1002/pssc.201200953", "10.1002/pssc.201200953"),
        ("doi:10.1000/XYZ.", "10.1000/xyz"),
        ("DOI 10.1000/abc", "10.1000/abc"),
        ("info:doi/10.1000%2Fabc", "10.1000/abc"),
        ("  10.1000/abc)  ", "10.1000/abc"),
        ("not a doi", None),
        ("", None),
        (None, None),
    ],
    ids=["https", "dx", "doi-colon", "DOI-space", "info-encoded", "padded", "junk", "empty", "none"],
)
def test_normalize_doi(raw, expected):
    assert P.normalize_doi(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("<jats:title>Tóm tắt</jats:title><jats:p>Viên <jats:italic>nang</jats:italic></jats:p>", "Tóm tắt Viên nang"),
        ("Ph\u1ee5c tra\u0301ng  gi\u00f4\u0301ng", "Phục tráng giống"),  # NFD input -> NFC
        ("v&agrave; &amp;amp; <b>x</b>\u00a0y", "và & x y"),
        ("   ", None),
    ],
)
def test_clean_text(raw, expected):
    assert P.clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Nguyễn, Văn An", "Nguyễn Văn An"),
        ("Smith, John", "John Smith"),
        ("PGS.TS. Trần Văn Điền", "Trần Văn Điền"),
        ("Heather A. Piwowar", "Heather A. Piwowar"),
    ],
)
def test_normalize_author(raw, expected):
    assert P.normalize_author(raw) == expected


def test_author_key_is_order_free():
    assert P.author_key("Nguyễn Văn An") == P.author_key("Van An Nguyen") == "an nguyen van"


@pytest.mark.parametrize(
    "year, date, expected",
    [
        (2022, None, 2022),
        ("2021", None, 2021),
        (None, "2023-05-01", 2023),
        (None, "19/8/8021", None),
        (None, None, None),
    ],
)
def test_parse_year(year, date, expected):
    assert P.parse_year(year, date) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("vie", "vi"), ("vi-VN", "vi"), ("en_US", "en"), ("English", "en"), ("xx-yy", "xx"), ("???", None), (None, None)],
)
def test_normalize_language(raw, expected):
    assert P.normalize_language(raw) == expected


def test_same_doi_merges_and_sources_are_listed():
    res = P.build_publications(
        [
            rec("oai_pmh", "oai:j:1", "Đánh giá giống lúa Bao thai", doi="https://doi.org/10.1000/ABC"),
            rec("crossref", "10.1000/abc", "Evaluation of Bao thai rice", doi="10.1000/abc"),
        ],
        None,
    )
    [row] = res.publications.to_pylist()
    assert row["sources"] == ["crossref", "oai_pmh"]
    assert row["doi"] == "10.1000/abc" and row["pub_id"] == P.pub_id_for("10.1000/abc", None, None, None)
    assert row["title"] == "Đánh giá giống lúa Bao thai"  # OAI title preferred
    assert row["source_ids"] == ["crossref:10.1000/abc", "oai_pmh:oai:j:1"]


def test_fuzzy_title_year_author_merges_without_doi():
    res = P.build_publications(
        [
            rec(
                "oai_pmh",
                "oai:j:2",
                "Đặc điểm sinh học của cây Thạch xương bồ (Acorus gramineus) tại Bắc Kạn",
                authors=["Lê, Thị Thanh Hương"],
            ),
            rec(
                "openalex",
                "W2",
                "Dac diem sinh hoc cay Thach xuong bo (Acorus gramineus) tai Bac Kan",
                authors=["Huong Le Thi Thanh"],
                year=2023,
            ),
        ],
        None,
    )
    assert res.publications.num_rows == 1


@pytest.mark.parametrize(
    "t1, t2, a2, y2, doi2, merged",
    [
        (
            "Đa dạng thực vật Vườn quốc gia Ba Bể. Phần I",
            "Đa dạng thực vật Vườn quốc gia Ba Bể. Phần II",
            None,
            2022,
            None,
            False,
        ),
        ("Soil erosion risk in Ba Be 2020", "Soil erosion risk in Ba Be 2021", None, 2022, None, False),
        ("Một nghiên cứu về lúa Bao thai", "Một nghiên cứu về lúa Bao thai", None, 2022, "10.9999/other", False),
        (
            "Một nghiên cứu về lúa Bao thai ở Chợ Đồn",
            "Một nghiên cứu về lúa Bao thai ở Chợ Đồn",
            None,
            2025,
            None,
            False,
        ),
        (
            "Một nghiên cứu về lúa Bao thai ở Chợ Đồn",
            "Một nghiên cứu về lúa Bao thai ở Chợ Đồn",
            ["Trần, Văn B"],
            2022,
            None,
            False,
        ),
        ("Một nghiên cứu về lúa Bao thai ở Chợ Đồn", "Một nghiên cứu về lúa Bao thai ở Chợ Đồn", [], 2023, None, True),
    ],
    ids=[
        "part-I-II",
        "different-numbers",
        "conflicting-DOIs",
        "years-apart",
        "other-first-author",
        "no-authors-exact-title",
    ],
)
def test_dedup_guards(t1, t2, a2, y2, doi2, merged):
    res = P.build_publications(
        [
            rec("oai_pmh", "a", t1, doi="10.9999/one" if doi2 else None),
            rec("crossref", "b", t2, authors=a2 if a2 is not None else ["Nguyễn, Văn An"], year=y2, doi=doi2),
        ],
        None,
    )
    assert res.publications.num_rows == (1 if merged else 2)


def test_rows_conform_and_hash_ignores_fetched_at():
    a = P.build_publications(
        [rec("crossref", "10.1000/x", "Tiêu đề", doi="10.1000/x", fetched="2026-01-01T00:00:00Z")], None
    )
    b = P.build_publications(
        [rec("crossref", "10.1000/x", "Tiêu đề", doi="10.1000/x", fetched="2026-02-01T00:00:00Z")], None
    )
    assert a.publications.schema.equals(schemas.schema("publications"), check_metadata=False)
    assert a.publications.column("record_hash").to_pylist() == b.publications.column("record_hash").to_pylist()
    c = P.build_publications([rec("crossref", "10.1000/x", "Tiêu đề khác", doi="10.1000/x")], None)
    assert c.publications.column("record_hash")[0] != a.publications.column("record_hash")[0]


def test_rejects_name_source_record_and_field():
    res = P.build_publications(
        [
            rec("oai_pmh", "oai:j:9", None, source="tnu-jst"),
            rec("crossref", "10.1000/y", "Có tiêu đề", doi="10.1000/y", year=8021),
            rec("openalex", "W9", "Bad doi", doi="not-a-doi"),
            {
                "reject": True,
                "table": "publications",
                "source": "openalex",
                "record_ref": "openalex:W0",
                "stage": "extract",
                "field": "id",
                "reason": "OpenAlex work without an id",
                "raw_value": "{}",
            },
        ],
        None,
        type("Ctx", (), {"run_id": "r1"})(),
    )
    rej = res.rejects.to_pylist()
    assert res.rejects.schema.equals(schemas.schema("rejects"), check_metadata=False)
    assert {(r["source"], r["record_ref"], r["field"]) for r in rej} == {
        ("tnu-jst", "oai_pmh:oai:j:9", "title"),
        ("crossref", "crossref:10.1000/y", "year"),
        ("openalex", "openalex:W9", "doi"),
        ("openalex", "openalex:W0", "id"),
    }
    assert all(r["run_id"] == "r1" for r in rej)
    assert res.publications.num_rows == 2  # kept without year / DOI


def test_tombstone_marks_previous_row_deleted_and_ids_stay_stable():
    first = P.build_publications(
        [
            rec("oai_pmh", "oai:j:5", "Phát triển du lịch cộng đồng tại huyện Ba Bể"),
            rec("oai_pmh", "oai:j:6", "Chất lượng chè Shan tuyết Bằng Phúc", authors=["Ma, Thị Nguyệt"]),
        ],
        None,
    ).publications
    tomb = rec("oai_pmh", "oai:j:5", None, deleted=True)
    tomb["fields"]["authors"] = []
    # a later run: a tombstone for one, and Crossref now knows the other with a DOI
    second = P.build_publications(
        [
            tomb,
            rec(
                "crossref",
                "10.34238/x",
                "Chất lượng chè Shan tuyết Bằng Phúc",
                authors=["Ma, Thị Nguyệt"],
                doi="10.34238/x",
            ),
        ],
        None,
        previous=first,
    ).publications
    by_title = {r["title"]: r for r in second.to_pylist()}
    assert by_title["Phát triển du lịch cộng đồng tại huyện Ba Bể"]["deleted"] is True
    assert by_title["Phát triển du lịch cộng đồng tại huyện Ba Bể"]["source_ids"] == []
    tea = by_title["Chất lượng chè Shan tuyết Bằng Phúc"]
    assert tea["deleted"] is False and tea["doi"] == "10.34238/x"
    assert tea["sources"] == ["crossref", "oai_pmh"]
    assert set(second.column("pub_id").to_pylist()) == set(first.column("pub_id").to_pylist())


def test_tombstone_without_previous_drops_the_record():
    tomb = rec("oai_pmh", "oai:j:5", None, deleted=True)
    res = P.build_publications([tomb], None)
    assert res.publications.num_rows == 0 and res.rejects.num_rows == 0


def test_rerun_is_idempotent():
    recs = [
        rec("oai_pmh", "oai:j:1", "Đánh giá giống lúa", doi="10.1000/a"),
        rec("crossref", "10.1000/a", "Đánh giá giống lúa", doi="10.1000/a"),
        rec("openalex", "W3", "Quýt Bắc Kạn theo VietGAP"),
    ]
    once = P.build_publications(recs, None).publications
    twice = P.build_publications(recs + recs, None).publications
    again = P.build_publications(recs, None, previous=once).publications
    assert once.equals(twice) and once.drop_columns(["fetched_at"]).equals(again.drop_columns(["fetched_at"]))


# --------------------------------------------------------------------------- properties

_titles = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợ ,.:-", min_size=1, max_size=40)


@given(_titles)
def test_fold_is_idempotent_and_ascii_for_vietnamese(s):
    k = word_key(s)
    assert word_key(k) == k
    assert k.isascii()


@given(st.from_regex(r"10\.[0-9]{4,6}/[a-zA-Z0-9][a-zA-Z0-9.\-]{0,18}[a-zA-Z0-9]", fullmatch=True))
def test_normalize_doi_is_idempotent_across_forms(doi):
    bare = P.normalize_doi(doi)
    assert bare is not None
    for form in (f"https://doi.org/{doi}", f"doi:{doi.upper()}", f" {doi} "):
        assert P.normalize_doi(form) == bare


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_dedup_does_not_depend_on_record_order(rnd: random.Random):
    recs = [
        rec("oai_pmh", "o1", "Đánh giá khả năng sinh trưởng của một số dòng lúa Bao thai", doi="10.1000/a"),
        rec("crossref", "10.1000/a", "Danh gia kha nang sinh truong cua mot so dong lua Bao thai", doi="10.1000/A"),
        rec("openalex", "W1", "Đánh giá khả năng sinh trưởng của một số dòng lúa Bao thai Chợ Đồn"),
        rec("openalex", "W2", "Nghệ thuật hát Then của người Tày tại Bắc Kạn", authors=["Bùi, Quang Thanh"]),
        rec("oai_pmh", "o2", "Nghệ thuật hát Then của người Tày ở Bắc Kạn", authors=["Bùi Quang Thanh"]),
    ]
    base = P.build_publications(recs, None).publications.drop_columns(["fetched_at"])
    shuffled = list(recs)
    rnd.shuffle(shuffled)
    assert P.build_publications(shuffled, None).publications.drop_columns(["fetched_at"]).equals(base)
    assert base.num_rows == 2


# --------------------------------------------------------------------------- task links

TASKS = pa.table(
    {
        "task_id": ["t-quyt", "t-lua", "t-txb"],
        "code": ["ĐT.01-2021", None, "ĐT.07-2021"],
        "title": [
            "Nghiên cứu ứng dụng tiến bộ kỹ thuật trồng thâm canh cây Quýt Bắc Kạn đạt tiêu chuẩn VietGAP",
            "Nghiên cứu chọn lọc và nhân giống lúa Bao thai Chợ Đồn theo hướng hàng hóa",
            "Nghiên cứu đặc điểm sinh học và kỹ thuật nhân giống cây Thạch xương bồ tại Bắc Kạn",
        ],
        "principal_investigator": ["PGS.TS. Trần Văn Điền", "PGS.TS. Trần Văn Điền", "PGS.TS. Lê Thị Thanh Hương"],
        "host_org": ["Trường Đại học Nông Lâm - Đại học Thái Nguyên"] * 2 + ["Trường Đại học Khoa học"],
        "start_date": ["2021-01", "2022-04", "2021-06"],
        "end_date": ["2022-12", "2024-12", "2023-06"],
    }
)


def test_links_by_code_title_and_pi():
    res = P.build_publications(
        [
            rec(
                "crossref",
                "10.1000/q",
                "Ảnh hưởng của phân bón hữu cơ đến năng suất quýt Bắc Kạn",
                doi="10.1000/q",
                authors=["Trần, Văn Điền"],
                funding_text="Đề tài mã số ĐT.01 - 2021",
                affiliations=["Trường Đại học Nông Lâm - Đại học Thái Nguyên"],
            ),
            rec(
                "crossref",
                "10.1000/l",
                "Đánh giá một số dòng lúa Bao thai Chợ Đồn",
                doi="10.1000/l",
                year=2023,
                authors=["Trần, Văn Điền"],
                affiliations=["Trường Đại học Nông Lâm - Đại học Thái Nguyên"],
            ),
            rec(
                "oai_pmh",
                "o:t",
                "Đặc điểm sinh học của cây Thạch xương bồ tại Bắc Kạn",
                authors=["Lê, Thị Thanh Hương"],
                abstract="Kết quả của đề tài Nghiên cứu đặc điểm sinh học và kỹ thuật "
                "nhân giống cây Thạch xương bồ tại Bắc Kạn.",
            ),
            rec("oai_pmh", "o:x", "Không liên quan", authors=["Phạm, Văn C"]),
        ],
        TASKS,
    )
    links = {(r["pub_id"], r["task_id"]): (r["method"], r["confidence"]) for r in res.links.to_pylist()}
    ids = {r["title"]: r["pub_id"] for r in res.publications.to_pylist()}
    quyt, lua, txb = (
        ids[t]
        for t in (
            "Ảnh hưởng của phân bón hữu cơ đến năng suất quýt Bắc Kạn",
            "Đánh giá một số dòng lúa Bao thai Chợ Đồn",
            "Đặc điểm sinh học của cây Thạch xương bồ tại Bắc Kạn",
        )
    )
    assert links[(quyt, "t-quyt")] == ("code_in_funding", 0.95)
    assert links[(quyt, "t-lua")][1] < P.LINK_MIN_CONFIDENCE  # same PI, other topic: candidate only
    assert links[(lua, "t-lua")] == ("pi_period_topic_affiliation", 0.7)
    assert links[(txb, "t-txb")] == ("title_in_text", 0.65)
    task_ids = {r["pub_id"]: r["task_ids"] for r in res.publications.to_pylist()}
    assert task_ids[quyt] == ["t-quyt"] and task_ids[lua] == ["t-lua"] and task_ids[txb] == ["t-txb"]
    assert res.links.schema.equals(P.LINK_COLUMNS)
    assert len([t for t in task_ids.values() if not t]) == 1


def test_links_with_no_tasks_are_empty():
    res = P.build_publications([rec("oai_pmh", "o", "Một bài báo")], None)
    assert res.links.num_rows == 0
    assert res.publications.column("task_ids").to_pylist() == [[]]
