"""Pure parsers of the publication collectors, on saved responses (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import crossref, oai_pmh, openalex, pubparse
from config.loader import SourceConfig
from extractors.base import SourceError

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "publications"


def _oai_records() -> list[dict]:
    page = oai_pmh.parse_list_records((FIX / "oai_listrecords.xml").read_bytes())
    return [
        oai_pmh.to_raw_record(
            r, source="tnu-jst", base_url="https://jst.tnu.edu.vn/jst/oai", fetched_at="2026-01-01T00:00:00+00:00"
        )
        for r in page.records
    ]


def test_oai_listrecords_page_has_records_token_and_size():
    page = oai_pmh.parse_list_records((FIX / "oai_listrecords.xml").read_bytes())
    assert len(page.records) == 4
    assert page.token == "b2FpX2RjLzIwMjYvNA"
    assert page.complete_list_size == 18
    assert [r.deleted for r in page.records] == [False, False, True, False]


def test_oai_record_fields_follow_the_raw_contract():
    rec = _oai_records()[0]
    f = rec["fields"]
    assert rec["table"] == "publications" and rec["hints"]["collector"] == "oai_pmh"
    assert rec["record_ref"] == "https://jst.tnu.edu.vn/jst/oai#oai:demo.jst.example:article/1"
    assert f["title"].startswith("Ảnh hưởng của phân bón")  # the vi title, not the en one
    assert f["authors"] == ["Trần, Văn Điền", "Nguyễn, Thị Mai", "Hoàng, Minh Tuấn"]
    assert f["doi"] == "https://doi.org/10.34238/TNU-JST.6001"  # raw, as published
    assert f["published_date"] == "2022-06-15" and f["language"] == "vie"
    assert "ĐT.01-2021" in f["funding_text"]
    assert f["venue"].startswith("Tạp chí Khoa học và Công nghệ")
    assert len(rec["extras"]["titles"]) == 2


def test_oai_deleted_record_is_a_tombstone():
    tomb = _oai_records()[2]
    assert tomb["fields"]["deleted"] is True
    assert tomb["fields"]["title"] is None
    assert tomb["fields"]["source_id"] == "oai:demo.jst.example:article/9"


@pytest.mark.parametrize(
    "fixture, exc",
    [
        ("oai_error_badresumptiontoken.xml", oai_pmh.BadResumptionToken),
        ("oai_error_norecordsmatch.xml", oai_pmh.NoRecordsMatch),
    ],
    ids=["badResumptionToken", "noRecordsMatch"],
)
def test_oai_error_codes_raise_their_own_class(fixture, exc):
    with pytest.raises(exc) as e:
        oai_pmh.parse_list_records((FIX / fixture).read_bytes())
    assert isinstance(e.value, oai_pmh.OAIError)


def test_every_oai_error_code_has_a_class():
    codes = {
        "badArgument",
        "badResumptionToken",
        "badVerb",
        "cannotDisseminateFormat",
        "idDoesNotExist",
        "noRecordsMatch",
        "noMetadataFormats",
        "noSetHierarchy",
    }
    assert set(oai_pmh.OAI_ERRORS) == codes
    assert len(set(oai_pmh.OAI_ERRORS.values())) == len(codes)


def test_unknown_oai_error_code_keeps_its_code():
    xml = b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="weird">x</error></OAI-PMH>'
    with pytest.raises(oai_pmh.OAIError) as e:
        oai_pmh.parse_list_records(xml)
    assert e.value.code == "weird"


@pytest.mark.parametrize("fixture", ["oai_xxe.xml", "oai_billion_laughs.xml"], ids=["xxe", "billion-laughs"])
def test_hostile_xml_is_refused(fixture):
    with pytest.raises(oai_pmh.UnsafeXMLError):
        oai_pmh.parse_list_records((FIX / fixture).read_bytes())


def test_control_characters_are_recovered():
    xml = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
        "<identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header><metadata>"
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Lúa\x0b Bao thai</dc:title></oai_dc:dc>'
        "</metadata></record></ListRecords></OAI-PMH>"
    ).encode()
    page = oai_pmh.parse_list_records(xml)
    assert page.records[0].dc["title"][0] == "Lúa Bao thai"


_DC = (
    '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
)
_H = "<header><identifier>oai:x:{}</identifier><datestamp>2024-01-01</datestamp><setSpec>s</setSpec></header>"


def _records(xml: str) -> list[oai_pmh.OAIRecord]:
    page = f'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>{xml}</ListRecords></OAI-PMH>'
    return oai_pmh.parse_list_records(page.encode()).records


def test_oai_record_walk_rules():
    recs = _records(
        f"<record>{_H.format(1)}{_H.format(2)}<metadata>{_DC}<dc:title>old</dc:title></oai_dc:dc></metadata>"
        f"<metadata>{_DC}<dc:title xml:lang='en'>A <i>b</i> c</dc:title><?pi x?><dc:title>  </dc:title>"
        f"<x:title xmlns:x='urn:x'>other namespace</x:title><dc:foo>unknown dc name</dc:foo></oai_dc:dc>"
        f"{_DC}<dc:creator>second container</dc:creator></oai_dc:dc></metadata></record>"
        f"<record><metadata>{_DC}<dc:title>no header: skipped</dc:title></oai_dc:dc></metadata></record>"
        f"<record>{_H.format(3)}<about>{_DC}<dc:title>about is not metadata</dc:title></oai_dc:dc></about></record>"
    )
    assert [(r.identifier, r.sets, r.dc, r.langs) for r in recs] == [
        (
            "oai:x:2",
            ["s"],
            {"title": ["A b c"], "foo": ["unknown dc name"], "creator": ["second container"]},
            {"title": ["en"]},
        ),  # the last header and the last metadata count
        ("oai:x:3", ["s"], {}, {}),
    ]


def test_oai_languages_are_kept_for_titles_and_descriptions_only():
    [rec] = _records(
        f"<record>{_H.format(1)}<metadata>{_DC}<dc:description xml:lang='en'>D</dc:description>"
        f"<dc:publisher xml:lang='vi'>P</dc:publisher><dc:title>T</dc:title>"
        f"<dc:title xml:lang='vi-VN'>TV</dc:title><dc:language>vie</dc:language></oai_dc:dc>"
        f"</metadata></record>"
    )
    assert rec.langs == {"description": ["en"], "title": [None, "vi-VN"]}
    raw = oai_pmh.to_raw_record(rec, source="j", base_url="https://j.example/oai", fetched_at="2026-01-01")
    assert raw["fields"]["title"] == "TV"  # the title in the record's language
    assert raw["extras"]["titles"] == [{"text": "T", "lang": None}, {"text": "TV", "lang": "vi-VN"}]
    assert raw["extras"]["publisher"] == ["P"]


def test_identify_granularity():
    ident = oai_pmh.parse_identify((FIX / "oai_identify.xml").read_bytes())
    assert ident.granularity == "YYYY-MM-DD"
    assert ident.deleted_record == "persistent"


@pytest.mark.parametrize(
    "value, gran, expected",
    [
        ("2024-03-01T10:11:12Z", "YYYY-MM-DD", "2024-03-01"),
        ("2024-03-01", "YYYY-MM-DDThh:mm:ssZ", "2024-03-01T00:00:00Z"),
        ("2024-03-01T10:11:12+07:00", "YYYY-MM-DDThh:mm:ssZ", "2024-03-01T03:11:12Z"),
    ],
)
def test_datestamp_in_repository_granularity(value, gran, expected):
    assert oai_pmh.format_datestamp(value, gran) == expected


def test_oai_settings_refuse_other_metadata_formats():
    with pytest.raises(SourceError):
        oai_pmh.OAISettings.from_source(
            SourceConfig("j", "oai_pmh", {"base_url": "https://x/oai", "metadata_prefix": "marcxml"})
        )


# --------------------------------------------------------------------------- OpenAlex


def test_abstract_rebuilt_from_inverted_index():
    real = json.loads((FIX / "openalex_works_page.json").read_text())["results"][0]
    assert openalex.rebuild_abstract(real["abstract_inverted_index"]) == "Despite growing interest in Open Access (OA)"
    assert openalex.rebuild_abstract({"b": [1], "a": [0, 2]}) == "a b a"
    assert openalex.rebuild_abstract(None) is None


def test_openalex_2022_shape_work():
    real = json.loads((FIX / "openalex_works_page.json").read_text())["results"][0]
    rec = openalex.parse_work(real, source="openalex", fetched_at="2026-01-01T00:00:00+00:00")
    f = rec["fields"]
    assert f["source_id"] == "W2741809807" and rec["record_ref"] == "openalex:W2741809807"
    assert f["venue"] == "PeerJ"  # host_venue
    assert f["authors"][0] == "Heather A. Piwowar"
    assert "[Information School, University of Washington, Seattle, USA]" in f["affiliations"]
    assert f["year"] == 2018 and f["doi"] == "https://doi.org/10.7717/peerj.4375"


def test_openalex_current_shape_work():
    results, nxt, count = openalex.parse_works_page(json.loads((FIX / "openalex_works_page.json").read_text()))
    assert count == 3 and nxt
    rec = openalex.parse_work(results[1], source="openalex", fetched_at="2026-01-01T00:00:00+00:00")
    f = rec["fields"]
    assert f["venue"] == "Vietnam Journal of Earth Sciences"  # primary_location.source
    assert f["authors"][0] == "Huong Do Thi Van"
    assert "ĐT.05-2021" in f["funding_text"]  # grants award_id
    assert f["abstract"].startswith("Forest cover in Bac Kan")


def test_openalex_filter_composition_and_key_from_secrets():
    src = SourceConfig(
        "oa",
        "openalex",
        {
            "institutions": ["https://openalex.org/I123"],
            "ror": "https://ror.org/05ezss144",
            "country": "VN",
            "affiliation_search": "Bac Kan",
            "api_key_env": "OPENALEX_API_KEY",
        },
    )
    cfg = openalex.OpenAlexSettings.from_source(src, {"api_key": "s3cret"})
    assert cfg.filter == (
        "authorships.institutions.lineage:I123,authorships.institutions.ror:05ezss144,"
        'authorships.institutions.country_code:VN,raw_affiliation_strings.search:"Bac Kan"'
    )
    assert cfg.api_key == "s3cret"


def test_openalex_needs_a_filter():
    with pytest.raises(SourceError):
        openalex.OpenAlexSettings.from_source(SourceConfig("oa", "openalex", {}))


# --------------------------------------------------------------------------- Crossref


def test_crossref_2017_shape_item():
    items, nxt, total = crossref.parse_works_page(json.loads((FIX / "crossref_works_page.json").read_text()))
    assert total == 3 and nxt
    rec = crossref.parse_item(items[0], source="crossref", fetched_at="2026-01-01T00:00:00+00:00")
    f = rec["fields"]
    assert f["title"].startswith(" The quantum-confined")  # raw, padded as published
    assert f["authors"][0] == "Shevchenko, E. A." and len(f["authors"]) == 7
    assert f["published_date"] == "2013-02-07" and f["year"] == 2013
    assert f["venue"] == "physica status solidi (c)"
    assert f["affiliations"] == []
    assert rec["record_ref"] == "crossref:10.1002/pssc.201200953"


def test_crossref_current_item_with_jats_and_funder():
    items, _, _ = crossref.parse_works_page(json.loads((FIX / "crossref_works_page.json").read_text()))
    f = crossref.parse_item(items[2], source="crossref", fetched_at="x")["fields"]
    assert f["abstract"].startswith("<jats:title>")
    assert f["language"] == "vi"


def test_crossref_page_shape_is_checked():
    with pytest.raises(ValueError):
        crossref.parse_works_page({"message": {"DOI": "10.1/x"}})


# --------------------------------------------------------------------------- stcat parse


@pytest.mark.parametrize(
    "fixture, kind, n",
    [
        ("oai_listrecords.xml", "oai_pmh", 4),
        ("openalex_works_page.json", "openalex", 3),
        ("crossref_works_page.json", "crossref", 3),
    ],
    ids=["oai", "openalex", "crossref"],
)
def test_parse_document_sniffs_each_format(fixture, kind, n):
    assert pubparse.sniff((FIX / fixture).read_bytes()) == kind
    recs = list(pubparse.parse_document(str(FIX / fixture)))
    assert len(recs) == n
    assert all(r["table"] == "publications" and r["hints"]["collector"] == kind for r in recs)


def test_parse_document_single_works_and_unknown(tmp_path):
    one = tmp_path / "work.json"
    one.write_text(json.dumps(json.loads((FIX / "openalex_works_page.json").read_text())["results"][1]))
    assert [r["fields"]["source_id"] for r in pubparse.parse_document(str(one))] == ["W4300000003"]
    cr = tmp_path / "cr.json"
    cr.write_text(
        json.dumps(
            {
                "status": "ok",
                "message-type": "work",
                "message": json.loads((FIX / "crossref_works_page.json").read_text())["message"]["items"][0],
            }
        )
    )
    assert [r["fields"]["doi"] for r in pubparse.parse_document(str(cr))] == ["10.1002/pssc.201200953"]
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    [rej] = list(pubparse.parse_document(str(junk), site="x"))
    assert rej["reject"] and rej["table"] == "publications" and rej["field"] == "document"


def test_registry_routes_publications_table(tmp_path):
    from extractors.registry import parse_document

    recs = list(parse_document(str(FIX / "crossref_works_page.json"), table="publications"))
    assert len(recs) == 3
