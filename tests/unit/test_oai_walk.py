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
except ImportError:  # reported by the first test, not as a collection error
    _oai_walk = None

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "publications"
KW = dict(
    source="j",
    base_url="https://j.example/oai",
    fetched_at="2026-11-26T00:00:00+00:00",
    repository_name="Tạp chí KH&CN",
)
NS = (
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>'
    "<ListRecords>{}</ListRecords></OAI-PMH>"
)
DC = (
    '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
)


@pytest.fixture(autouse=True)
def _needs_the_compiled_module(request):
    """Without the compiled module, one test fails and says why; the comparisons cannot run."""
    if _oai_walk is None and request.node.name != "test_the_compiled_walk_is_built_and_used":
        pytest.skip("extractors._oai_walk is not built (see test_the_compiled_walk_is_built_and_used)")


def test_the_compiled_walk_is_built_and_used():
    assert _oai_walk is not None, (
        "extractors._oai_walk is not built: `make install` compiles it (setup.py; needs a C compiler)"
    )
    assert oai_pmh._harvest_page is _oai_walk.harvest_page
    assert oai_pmh._walk_page is _oai_walk.walk_page
    assert oai_pmh.sax_page is _oai_walk.sax_page


def python_items(page: oai_pmh.ParsedPage, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "_harvest_page", None)
        return list(oai_pmh.page_items(page, **KW))


def python_records(page: oai_pmh.ParsedPage, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "_walk_page", None)
        return list(oai_pmh.iter_page_records(page))


def assert_same(xml: bytes, monkeypatch: pytest.MonkeyPatch, *, sax: bool | None = True) -> list:
    """The items of a page by the three paths (expat without a tree, C walk over lxml's tree,
    Python walk) are equal, and so are the records of the two lxml walks. ``sax``: whether the
    expat path must take the page (True), must hand it to lxml (False), or either (None)."""
    page = oai_pmh.parse_page(xml)
    fast = list(oai_pmh.page_items(page, **KW))
    assert fast == python_items(page, monkeypatch)
    assert list(oai_pmh.iter_page_records(page)) == python_records(page, monkeypatch)
    sp = oai_pmh.fast_page(xml)
    if sax is not None:
        assert (sp is not None) == sax
    if sp is not None:
        assert list(oai_pmh.page_items(sp, **KW)) == fast
        assert (sp.token, sp.complete_list_size) == (page.token, page.complete_list_size)
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
    "mixed content, CDATA and character references": f"<record>{{h}}<metadata>{DC}<dc:title>A <i>b <b>c</b></i> d</dc:title>"
    f"<dc:description><![CDATA[x < y]]> &amp; &#160;z&#x20;</dc:description></oai_dc:dc></metadata></record>",
    "Unicode whitespace around values": f"<record>{{h}}<metadata>{DC}<dc:title>\u00a0\u3000Lúa\u2003</dc:title><dc:creator>\t\n Nguyễn Văn A \u00a0"
    f"</dc:creator><dc:subject>\u00a0</dc:subject><dc:subject>\u0085x\u0085</dc:subject></oai_dc:dc></metadata></record>",
    "a processing instruction inside a value (handed to the Python walk)": f"<record>{{h}}<metadata>{DC}<dc:title>A<?pi x?>B</dc:title></oai_dc:dc></metadata></record>"
    f"<record>{{h2}}<metadata>{DC}<dc:title>plain</dc:title></oai_dc:dc></metadata></record>",
    "undefined entities (a recovered page; entity references go to the Python walk)": f"<record>{{h}}<metadata>{DC}<dc:title>A&nbsp;B &foo; C</dc:title><dc:creator>&nbsp;X</dc:creator>"
    f"</oai_dc:dc></metadata></record><record>{{h2}}<metadata>{DC}<dc:title>T</dc:title></oai_dc:dc>"
    f"</metadata></record>",
    "a processing instruction between elements": f"<record>{{h}}<metadata><?pi a?>{DC}<?pi b?><dc:title>T</dc:title></oai_dc:dc></metadata></record>",
    "languages: empty, upper case, on other elements": f"<record>{{h}}<metadata>{DC}<dc:language>VI</dc:language><dc:title xml:lang=''>E</dc:title>"
    f"<dc:title xml:lang='vi-VN'>V</dc:title><dc:description xml:lang='en'>D1</dc:description>"
    f"<dc:description>D2</dc:description><dc:publisher xml:lang='vi'>P</dc:publisher></oai_dc:dc>"
    f"</metadata></record>",
    "header variants: deleted, two headers, empty identifier, empty setSpec": "<record><header status='deleted'><identifier>oai:x:9</identifier><datestamp>2024-01-02</datestamp>"
    "<setSpec> </setSpec><setSpec>a</setSpec></header></record>"
    "<record><header status='active'><identifier>oai:x:8</identifier><datestamp>2024</datestamp></header>"
    f"<metadata>{DC}<dc:title>not deleted</dc:title></oai_dc:dc></metadata></record>"
    "<record><header><identifier> </identifier><datestamp>2024</datestamp></header>"
    f"<metadata>{DC}<dc:title>no id</dc:title></oai_dc:dc></metadata></record>"
    "<record>{h}</record>"
    f"<record><metadata>{DC}<dc:title>no header</dc:title></oai_dc:dc></metadata></record>",
    "identifiers, relations and URLs": f"<record>{{h}}<metadata>{DC}<dc:identifier>https://doi.org/10.1234/abc</dc:identifier>"
    f"<dc:identifier>https://j.example/article/view/7</dc:identifier><dc:relation>10.5555/rel</dc:relation>"
    f"<dc:contributor>Sở KH&amp;CN</dc:contributor><dc:contributor>Đề tài 01/2020</dc:contributor>"
    f"<dc:source>Tạp chí A; Vol 1</dc:source><dc:date>2021-05-01</dc:date></oai_dc:dc></metadata></record>"
    f"<record>{{h2}}<metadata>{DC}<dc:identifier>http://x/10.12/short</dc:identifier>"
    f"<dc:relation>see 10.1234567/r2 too</dc:relation></oai_dc:dc></metadata></record>",
    "other namespaces, no namespace, about, text between elements": f"<record>{{h}}<about>{DC}<dc:title>about</dc:title></oai_dc:dc></about>stray text<metadata>"
    f"{DC}<title>no namespace</title><x:title xmlns:x='urn:x'>x</x:title>text<dc:title>T</dc:title>"
    f"</oai_dc:dc>more<y:dc xmlns:y='urn:y' xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator>C"
    f"</dc:creator></y:dc></metadata></record>",
    "a value with only child elements and an element with children but no text": f"<record>{{h}}<metadata>{DC}<dc:title><i>only</i><b>kids</b></dc:title><dc:creator><i/></dc:creator>"
    f"<dc:subject/></oai_dc:dc></metadata></record>",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name, monkeypatch):
    h = "<header><identifier>oai:x:1</identifier><datestamp>2024-01-01T00:00:00Z</datestamp></header>"
    h2 = h.replace("oai:x:1", "oai:x:2")
    body = NS.format(EDGE_CASES[name].replace("{h}", h).replace("{h2}", h2)).encode()
    items = assert_same(body, monkeypatch, sax="inside a value" not in name and "entities" not in name)
    assert items or name.startswith("header")


def test_recovered_page_with_control_characters(monkeypatch):
    body = NS.format(
        f"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>"
        f"<metadata>{DC}<dc:title>Lúa\x0b Bao thai\x01</dc:title></oai_dc:dc></metadata></record>"
    ).encode()
    [item] = assert_same(body, monkeypatch, sax=False)  # not well-formed: lxml recovers it
    assert item[4]["fields"]["title"] == "Lúa Bao thai"


def test_many_element_names_keep_their_own_keys(monkeypatch):
    """Local names are cached by address in 32 slots: 200 names collide and must stay apart."""
    rnd = random.Random(3)
    for _ in range(5):
        names = [f"n{rnd.randrange(200)}" for _ in range(300)]
        els = "".join(f"<dc:{n}>v{i}</dc:{n}>" for i, n in enumerate(names))
        body = NS.format(
            f"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp>"
            f"</header><metadata>{DC}{els}</oai_dc:dc></metadata></record>"
        ).encode()
        [rec] = list(oai_pmh.iter_page_records(oai_pmh.parse_page(body)))
        assert [k for k in rec.dc] == list(dict.fromkeys(names))
        assert_same(body, monkeypatch)


# ----------------------------------------------------------------------------- random pages

_NAMES = [
    "title",
    "title",
    "description",
    "creator",
    "creator",
    "contributor",
    "identifier",
    "identifier",
    "relation",
    "language",
    "date",
    "source",
    "subject",
    "publisher",
    "type",
    "format",
    "rights",
    "coverage",
    "foo",
]
_TEXTS = [
    "Nghiên cứu giống lúa",
    "  padded  ",
    "\u00a0nbsp\u00a0",
    "",
    " ",
    "\t\n",
    "10.1234/abc",
    "https://doi.org/10.5555/X.Y",
    "https://j.example/view/1",
    "http://x/10.12/no",
    "vi",
    "en",
    "vie",
    "2024-03-01",
    "Tạp chí KH&amp;CN",
    "a &lt; b",
    "<![CDATA[cdata & more]]>",
    "x<i>y</i>z",
    "<b> </b>",
    "&#12288;ideographic&#12288;",
    "Đề tài mã ĐT.01/2020",
    "see 10.99999/zz.",
    "10.123456789/x",
]


def _random_value(rnd: random.Random) -> str:
    return "".join(rnd.choice(_TEXTS) for _ in range(rnd.choice((1, 1, 1, 2, 3))))


def _random_record(rnd: random.Random, n: int) -> str:
    parts = []
    for _ in range(rnd.choice((0, 1, 1, 1, 1, 2))):
        status = " status='deleted'" if rnd.random() < 0.1 else ""
        ident = rnd.choice((f"oai:x:{n}", f" oai:x:{n} ", "", f"oai:x:{n % 7}"))
        sets = "".join(f"<setSpec>{rnd.choice(('a', 'b', ' '))}</setSpec>" for _ in range(rnd.randrange(3)))
        parts.append(
            f"<header{status}><identifier>{ident}</identifier>"
            f"<datestamp>2024-01-{1 + n % 28:02d}</datestamp>{sets}</header>"
        )
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
    read_by_expat = 0
    for p in range(300):
        body = NS.format("".join(_random_record(rnd, p * 10 + i) for i in range(rnd.randrange(1, 10)))).encode()
        built += len(assert_same(body, monkeypatch, sax=None))
        read_by_expat += oai_pmh.fast_page(body) is not None
    assert built > 1000 and read_by_expat > 100


def test_doi_test_agrees_with_the_pattern():
    rx = re.compile(r"10\.\d{4,9}/\S+")
    assert oai_pmh._DOI.pattern == rx.pattern  # the C test mirrors this pattern
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
            return recs, ctx.stats.get("records"), ctx.stats.get("pages"), ctx.new_cursor, [q for q in srv.requests]

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(oai_pmh, "sax_page", None)
        c_walk = run()
        m.setattr(oai_pmh, "_harvest_page", None)
        slow = run()
    assert fast[0] and fast[:4] == c_walk[:4] == slow[:4]
    verbs = [[q.split("?")[-1].split("&")[0] for q in r[4]] for r in (fast, c_walk, slow)]
    assert verbs[0] == verbs[1] == verbs[2]


# ----------------------------------------------------------------------------- the expat path

OAI = "http://www.openarchives.org/OAI/2.0/"
H1 = "<header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>"
REC = f"<record>{H1}<metadata>{DC}<dc:title xml:lang='vi'>T</dc:title></oai_dc:dc></metadata></record>"

SHAPES = {  # name: (page, whether expat reads it)
    "another prefix for the OAI namespace": (
        f"<o:OAI-PMH xmlns:o='{OAI}'><o:ListRecords><o:record><o:header><o:identifier>oai:x:1</o:identifier>"
        f"<o:datestamp>2024</o:datestamp></o:header><o:metadata>{DC}<dc:title>T</dc:title></oai_dc:dc>"
        f"</o:metadata></o:record><o:resumptionToken completeListSize='9'> tok </o:resumptionToken>"
        f"</o:ListRecords></o:OAI-PMH>",
        True,
    ),
    "dc prefix rebound to another namespace inside a record": (
        NS.format(
            f"<record>{H1}<metadata>{DC}<dc:title>T</dc:title><dc:creator xmlns:dc='urn:not-dc'>X"
            f"</dc:creator><y xmlns:dc='urn:z'><dc:title>nested</dc:title></y><dc:subject>S</dc:subject>"
            f"</oai_dc:dc></metadata></record>"
        ),
        True,
    ),
    "default namespace switched and undeclared": (
        NS.format(
            f"<record>{H1}<metadata><dc xmlns='http://purl.org/dc/elements/1.1/'><title>T</title>"
            f"<creator xmlns=''>not dc</creator></dc><x xmlns=''><title xmlns='http://purl.org/dc/"
            f"elements/1.1/'>T2</title></x></metadata></record><foo xmlns=''/>"
        ),
        True,
    ),
    "records and token in a second ListRecords are ignored": (
        f"<OAI-PMH xmlns='{OAI}'><ListRecords>{REC}</ListRecords><ListRecords>{REC.replace('x:1', 'x:2')}"
        f"<resumptionToken>t2</resumptionToken></ListRecords></OAI-PMH>",
        True,
    ),
    "token first, token twice, size not a number": (
        NS.format(
            f"<resumptionToken completeListSize='²'>a</resumptionToken>{REC}"
            f"<resumptionToken completeListSize='5'>b</resumptionToken>"
        ),
        True,
    ),
    "empty token": (NS.format(f"{REC}<resumptionToken completeListSize='12'/>"), True),
    "records outside ListRecords and elements of other namespaces": (
        f"<OAI-PMH xmlns='{OAI}'>{REC}<ListRecords><x:record xmlns:x='urn:x'>{H1}</x:record>{REC}"
        f"</ListRecords></OAI-PMH>",
        True,
    ),
    "an ISO-8859-1 page": (
        NS.format(REC.replace(">T<", ">Caf\u00e9<")).replace(
            "<OAI", "<?xml version='1.0' encoding='ISO-8859-1'?><OAI", 1
        ),
        True,
    ),
    "the xml prefix declared explicitly": (
        NS.format(REC.replace("<metadata>", "<metadata xmlns:xml='http://www.w3.org/XML/1998/namespace'>")),
        False,
    ),
    "the xml prefix bound to another namespace": (
        NS.format(REC.replace("<metadata>", "<metadata xmlns:xml='urn:not-xml'>")),
        False,
    ),
    "an unbound prefix": (NS.format(REC.replace("<dc:title", "<zz:t/><dc:title")), False),
    "an OAI error": (f"<OAI-PMH xmlns='{OAI}'><error code='noRecordsMatch'>none</error></OAI-PMH>", False),
    "a GetRecord answer": (f"<OAI-PMH xmlns='{OAI}'><GetRecord>{REC}</GetRecord></OAI-PMH>", False),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_page_shapes(name, monkeypatch):
    body, by_expat = SHAPES[name]
    encoding = "iso-8859-1" if "ISO-8859-1" in body else "utf-8"
    xml = body.encode(encoding)
    if "error" in name:
        assert oai_pmh.fast_page(xml) is None
        with pytest.raises(oai_pmh.NoRecordsMatch):
            oai_pmh.parse_page(xml)
        return
    assert_same(xml, monkeypatch, sax=by_expat)


def test_doctype_and_entity_declarations_never_reach_expat():
    for fixture in ("oai_billion_laughs.xml", "oai_xxe.xml"):
        xml = (FIXTURES / fixture).read_bytes()
        assert oai_pmh.fast_page(xml) is None
        with pytest.raises(oai_pmh.UnsafeXMLError):
            oai_pmh.parse_page(xml)
    late = NS.format(REC).encode().replace(b"<OAI-PMH", b"<!--" + b"x" * 70_000 + b"--><!DOCTYPE d><OAI-PMH", 1)
    assert _oai_walk.sax_page(late) is None  # found by expat itself, past the byte checks


def test_mutated_pages_never_split_the_paths():
    """Random byte-level damage to a page: whenever expat takes a page, libxml2's strict parser
    takes it too and the items are equal; everything else goes to lxml (and nothing crashes)."""
    from lxml import etree

    base = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + NS.format(
            "<record><header status='deleted'><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp>"
            "<setSpec>a</setSpec></header></record>"
            f"<record>{H1.replace('x:1', 'x:2')}<metadata>{DC}<dc:title xml:lang='vi'>Nghiên cứu &amp; phát triển"
            "</dc:title><dc:creator>Nguyễn A</dc:creator><dc:identifier>https://doi.org/10.1234/x</dc:identifier>"
            "<dc:description><![CDATA[a<b]]> c</dc:description></oai_dc:dc></metadata></record>"
            "<resumptionToken completeListSize='5'>tok</resumptionToken>"
        )
    ).encode()
    pieces = [
        b"<",
        b">",
        b"/",
        b'"',
        b"'",
        b"=",
        b":",
        b"&",
        b";",
        b"x",
        b" ",
        b"\x00",
        b"\xff",
        b"\xe1\xba",
        b"dc:",
        b"xmlns:a='u'",
        b"xmlns='urn:d'",
        b"<![CDATA[",
        b"]]>",
        b"<?p?>",
        b"<!--c-->",
        b"&#1;",
        b"&#x41;",
        b"\n",
        b"record",
        b"</dc:title>",
        b"<dc:title>",
        b"<x:y xmlns:x='urn:x'/>",
    ]
    rnd = random.Random(7)
    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    taken = 0
    for _ in range(4000):
        doc = bytearray(base)
        for _ in range(rnd.randint(1, 4)):
            pos, op = rnd.randrange(len(doc)), rnd.random()
            if op < 0.4:
                del doc[pos : pos + rnd.randint(1, 6)]
            elif op < 0.8:
                doc[pos:pos] = rnd.choice(pieces)
            else:
                doc[pos : pos + 1] = rnd.choice(pieces)
        sp = oai_pmh.fast_page(bytes(doc))
        if sp is None:
            continue
        taken += 1
        etree.fromstring(bytes(doc), strict)  # raises if libxml2 would not take it as is
        page = oai_pmh.parse_page(bytes(doc))
        assert list(oai_pmh.page_items(sp, **KW)) == list(oai_pmh.page_items(page, **KW))
        assert (sp.token, sp.complete_list_size) == (page.token, page.complete_list_size)
    assert taken > 100
