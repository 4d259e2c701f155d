"""The compiled OAI-PMH record walk (extractors/_oai_walk.pyx) builds exactly what the Python walk
and ``to_raw_record`` build: on the saved fixtures, the demo server's pages, hand-made edge cases
and a few hundred random pages; and whole harvests against the loopback server give the same
records, rejects, stats and cursor either way."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractors import oai_pmh
from extractors.pub_demo_data.server import PubServer
from tests.servers.pubs import context, load_works, source

try:
    from extractors import _oai_walk
except ImportError:                    # reported by the first test, not as a collection error
    _oai_walk = None

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "publications"
KW = dict(source="j", base_url="https://j.example/oai", fetched_at="2026-11-26T00:00:00+00:00",
          repository_name="Tạp chí KH&CN")
NS = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>'
      '<ListRecords>{}</ListRecords></OAI-PMH>')
DC = ('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/">')


def test_the_compiled_walk_is_built_and_used():
    assert _oai_walk is not None, ("extractors._oai_walk is not built: `make install` compiles it "
                                   "(setup.py; needs a C compiler)")
    assert oai_pmh._harvest_page is _oai_walk.harvest_page
    assert oai_pmh._walk_page is _oai_walk.walk_page


def python_items(page: oai_pmh.ParsedPage, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "_harvest_page", None)
        return list(oai_pmh.page_items(page, **KW))


def python_records(page: oai_pmh.ParsedPage, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "_walk_page", None)
        return list(oai_pmh.iter_page_records(page))


def assert_same(xml: bytes, monkeypatch: pytest.MonkeyPatch) -> list:
    page = oai_pmh.parse_page(xml)
    fast = list(oai_pmh.page_items(page, **KW))
    assert fast == python_items(page, monkeypatch)
    assert list(oai_pmh.iter_page_records(page)) == python_records(page, monkeypatch)
    return fast


def test_saved_fixture_and_demo_pages(monkeypatch):
    items = assert_same((FIXTURES / "oai_listrecords.xml").read_bytes(), monkeypatch)
    assert items and all(raw is not None for *_, raw in items if _)
    srv = PubServer(oai_page_size=7)
    token, pages = None, 0
    while True:
        q = {"verb": "ListRecords", **({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})}
        body = srv.oai(q)
        assert_same(body, monkeypatch)
        pages += 1
        token = oai_pmh.parse_page(body).token
        if not token:
            break
    assert pages == -(-len([w for w in load_works() if "oai" in w["in"]]) // 7)


EDGE_CASES = {
    "mixed content, CDATA and character references":
        f"<record>{{h}}<metadata>{DC}<dc:title>A <i>b <b>c</b></i> d</dc:title>"
        f"<dc:description><![CDATA[x < y]]> &amp; &#160;z&#x20;</dc:description></oai_dc:dc></metadata></record>",
    "Unicode whitespace around values":
        f"<record>{{h}}<metadata>{DC}<dc:title>\u00a0\u3000Lúa\u2003</dc:title><dc:creator>\t\n Nguyễn Văn A \u00a0"
        f"</dc:creator><dc:subject>\u00a0</dc:subject><dc:subject>\u0085x\u0085</dc:subject></oai_dc:dc></metadata></record>",
    "a processing instruction inside a value (handed to the Python walk)":
        f"<record>{{h}}<metadata>{DC}<dc:title>A<?pi x?>B</dc:title></oai_dc:dc></metadata></record>"
        f"<record>{{h2}}<metadata>{DC}<dc:title>plain</dc:title></oai_dc:dc></metadata></record>",
    "a processing instruction between elements":
        f"<record>{{h}}<metadata><?pi a?>{DC}<?pi b?><dc:title>T</dc:title></oai_dc:dc></metadata></record>",
    "languages: empty, upper case, on other elements":
        f"<record>{{h}}<metadata>{DC}<dc:language>VI</dc:language><dc:title xml:lang=''>E</dc:title>"
        f"<dc:title xml:lang='vi-VN'>V</dc:title><dc:description xml:lang='en'>D1</dc:description>"
        f"<dc:description>D2</dc:description><dc:publisher xml:lang='vi'>P</dc:publisher></oai_dc:dc>"
        f"</metadata></record>",
    "header variants: deleted, two headers, empty identifier, empty setSpec":
        "<record><header status='deleted'><identifier>oai:x:9</identifier><datestamp>2024-01-02</datestamp>"
        "<setSpec> </setSpec><setSpec>a</setSpec></header></record>"
        "<record><header><identifier> </identifier><datestamp>2024</datestamp></header>"
        f"<metadata>{DC}<dc:title>no id</dc:title></oai_dc:dc></metadata></record>"
        "<record>{h}</record>"
        f"<record><metadata>{DC}<dc:title>no header</dc:title></oai_dc:dc></metadata></record>",
    "identifiers, relations and URLs":
        f"<record>{{h}}<metadata>{DC}<dc:identifier>https://doi.org/10.1234/abc</dc:identifier>"
        f"<dc:identifier>https://j.example/article/view/7</dc:identifier><dc:relation>10.5555/rel</dc:relation>"
        f"<dc:contributor>Sở KH&amp;CN</dc:contributor><dc:contributor>Đề tài 01/2020</dc:contributor>"
        f"<dc:source>Tạp chí A; Vol 1</dc:source><dc:date>2021-05-01</dc:date></oai_dc:dc></metadata></record>"
        f"<record>{{h2}}<metadata>{DC}<dc:identifier>http://x/10.12/short</dc:identifier>"
        f"<dc:relation>see 10.1234567/r2 too</dc:relation></oai_dc:dc></metadata></record>",
    "other namespaces, no namespace, about, text between elements":
        f"<record>{{h}}<about>{DC}<dc:title>about</dc:title></oai_dc:dc></about>stray text<metadata>"
        f"{DC}<title>no namespace</title><x:title xmlns:x='urn:x'>x</x:title>text<dc:title>T</dc:title>"
        f"</oai_dc:dc>more<y:dc xmlns:y='urn:y' xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator>C"
        f"</dc:creator></y:dc></metadata></record>",
    "a value with only child elements and an element with children but no text":
        f"<record>{{h}}<metadata>{DC}<dc:title><i>only</i><b>kids</b></dc:title><dc:creator><i/></dc:creator>"
        f"<dc:subject/></oai_dc:dc></metadata></record>",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name, monkeypatch):
    h = "<header><identifier>oai:x:1</identifier><datestamp>2024-01-01T00:00:00Z</datestamp></header>"
    h2 = h.replace("oai:x:1", "oai:x:2")
    body = NS.format(EDGE_CASES[name].replace("{h}", h).replace("{h2}", h2)).encode()
    items = assert_same(body, monkeypatch)
    assert items or name.startswith("header")


def test_recovered_page_with_control_characters(monkeypatch):
    body = NS.format(f"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>"
                     f"<metadata>{DC}<dc:title>Lúa\x0b Bao thai\x01</dc:title></oai_dc:dc></metadata></record>").encode()
    [item] = assert_same(body, monkeypatch)
    assert item[4]["fields"]["title"] == "Lúa Bao thai"


def test_many_element_names_keep_their_own_keys(monkeypatch):
    """Local names are cached by address in 32 slots: 200 names collide and must stay apart."""
    rnd = random.Random(3)
    for _ in range(5):
        names = [f"n{rnd.randrange(200)}" for _ in range(300)]
        els = "".join(f"<dc:{n}>v{i}</dc:{n}>" for i, n in enumerate(names))
        body = NS.format(f"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp>"
                         f"</header><metadata>{DC}{els}</oai_dc:dc></metadata></record>").encode()
        [rec] = list(oai_pmh.iter_page_records(oai_pmh.parse_page(body)))
        assert [k for k in rec.dc] == list(dict.fromkeys(names))
        assert_same(body, monkeypatch)


# ----------------------------------------------------------------------------- random pages

_NAMES = ["title", "title", "description", "creator", "creator", "contributor", "identifier", "identifier",
          "relation", "language", "date", "source", "subject", "publisher", "type", "format", "rights",
          "coverage", "foo"]
_TEXTS = ["Nghiên cứu giống lúa", "  padded  ", "\u00a0nbsp\u00a0", "", " ", "\t\n", "10.1234/abc",
          "https://doi.org/10.5555/X.Y", "https://j.example/view/1", "http://x/10.12/no", "vi", "en", "vie",
          "2024-03-01", "Tạp chí KH&amp;CN", "a &lt; b", "<![CDATA[cdata & more]]>", "x<i>y</i>z", "<b> </b>",
          "&#12288;ideographic&#12288;", "Đề tài mã ĐT.01/2020", "see 10.99999/zz.", "10.123456789/x"]


def _random_value(rnd: random.Random) -> str:
    return "".join(rnd.choice(_TEXTS) for _ in range(rnd.choice((1, 1, 1, 2, 3))))


def _random_record(rnd: random.Random, n: int) -> str:
    parts = []
    for _ in range(rnd.choice((0, 1, 1, 1, 1, 2))):
        status = " status='deleted'" if rnd.random() < 0.1 else ""
        ident = rnd.choice((f"oai:x:{n}", f" oai:x:{n} ", "", f"oai:x:{n % 7}"))
        sets = "".join(f"<setSpec>{rnd.choice(('a', 'b', ' '))}</setSpec>" for _ in range(rnd.randrange(3)))
        parts.append(f"<header{status}><identifier>{ident}</identifier>"
                     f"<datestamp>2024-01-{1 + n % 28:02d}</datestamp>{sets}</header>")
    for _ in range(rnd.choice((0, 1, 1, 1, 2))):
        containers = []
        for _ in range(rnd.choice((0, 1, 1, 1, 2))):
            els = []
            for _ in range(rnd.randrange(12)):
                name = rnd.choice(_NAMES)
                lang = rnd.choice(("", "", " xml:lang='en'", " xml:lang='vi'", " xml:lang=''", " xml:lang='VI-vn'"))
                if rnd.random() < 0.03:
                    els.append(f"<dc:{name}>a<?pi ?>b</dc:{name}>")
                elif rnd.random() < 0.05:
                    els.append(f"<x:{name} xmlns:x='urn:x'>{_random_value(rnd)}</x:{name}>")
                else:
                    els.append(f"<dc:{name}{lang}>{_random_value(rnd)}</dc:{name}>")
            containers.append(DC + "".join(els) + "</oai_dc:dc>")
        parts.append("<metadata>" + "".join(containers) + "</metadata>")
    rnd.shuffle(parts)
    return "<record>" + "".join(parts) + "</record>"


def test_random_pages(monkeypatch):
    rnd = random.Random(20261126)
    built = 0
    for p in range(300):
        body = NS.format("".join(_random_record(rnd, p * 10 + i) for i in range(rnd.randrange(1, 10)))).encode()
        built += len(assert_same(body, monkeypatch))
    assert built > 1000


def test_doi_test_agrees_with_the_pattern():
    rx = re.compile(r"10\.\d{4,9}/\S+")
    assert oai_pmh._DOI.pattern == rx.pattern          # the C test mirrors this pattern
    alphabet = list("10./ 23456789ab-x") + ["\u0660", "\u06f5", "\u00a0", "\t", "\u3000", "\u0085"]
    rnd = random.Random(11)
    for _ in range(40_000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(20)))
        if rnd.random() < 0.5:
            t = "10." + t
        assert _oai_walk.has_doi(t) == (rx.search(t) is not None), repr(t)


# ----------------------------------------------------------------------------- whole harvests

@pytest.mark.parametrize("faults,page_size", [({}, 3), ({"oai_bad_token": 2}, 2), ({"oai_500": 1}, 100)])
def test_harvests_are_the_same_with_either_walk(faults, page_size, monkeypatch):
    def run() -> tuple:
        with PubServer(oai_page_size=page_size, faults=dict(faults)) as srv:
            ctx = context()
            src = source("j", "oai_pmh", base_url=f"{srv.base_url}/oai")
            recs = list(oai_pmh.iter_records(src, ctx))
            for r in recs:
                r.pop("fetched_at", None)
                r["record_ref"] = r["record_ref"].replace(srv.base_url, "")
                if "source_url" in r:
                    r["source_url"] = r["source_url"].replace(srv.base_url, "")
            return recs, ctx.stats.get("records"), ctx.stats.get("pages"), ctx.new_cursor, [
                q for q in srv.requests]

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "_harvest_page", None)
        slow = run()
    assert fast[0] and fast[:4] == slow[:4]
    assert [q.split("?")[-1].split("&")[0] for q in fast[4]] == [q.split("?")[-1].split("&")[0] for q in slow[4]]
