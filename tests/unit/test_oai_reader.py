"""The OAI-PMH page reader (lxml tree, one Python walk): record content on the saved fixture, the
demo server's pages, hand-made edge cases and namespace shapes, a few hundred random pages and
byte-damaged pages. The records are compared with ``oai_reader_golden.json``, written by the walk
as it stood when the compiled readers were removed (`python tests/unit/test_oai_reader.py
--write-golden` rewrites it: only on purpose, after checking the differences)."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from extractors import oai_pmh
from tests.servers.pubs import PubServer, load_works

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "publications"
GOLDEN = FIXTURES / "oai_reader_golden.json"
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
H = "<header><identifier>oai:x:1</identifier><datestamp>2024-01-01T00:00:00Z</datestamp></header>"


def read(xml: bytes) -> dict[str, Any]:
    """What the reader makes of one page: token, size, and per record its fields and raw record
    (None where a harvest sets the record aside: no identifier, or neither deleted nor with dc)."""
    page = oai_pmh.parse_page(xml)
    records = [
        {
            "identifier": rec.identifier,
            "datestamp": rec.datestamp,
            "deleted": rec.deleted,
            "sets": rec.sets,
            "dc": rec.dc,
            "langs": rec.langs,
            "raw": oai_pmh.to_raw_record(rec, **KW) if rec.identifier and (rec.deleted or rec.dc) else None,
        }
        for rec in oai_pmh.iter_page_records(page)
    ]
    return {"token": page.token, "size": page.complete_list_size, "records": records}


def read_or_error(xml: bytes) -> Any:
    try:
        return read(xml)
    except (etree.XMLSyntaxError, oai_pmh.UnsafeXMLError, oai_pmh.OAIError, ValueError) as e:
        return {"error": type(e).__name__}


def digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# ----------------------------------------------------------------------------- the pages

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


def shape_page(name: str) -> bytes:
    body = SHAPES[name][0]
    return body.encode("iso-8859-1" if "ISO-8859-1" in body else "utf-8")


def edge_page(name: str) -> bytes:
    h2 = H.replace("oai:x:1", "oai:x:2")
    return NS.format(EDGE_CASES[name].replace("{h}", H).replace("{h2}", h2)).encode()


def demo_pages() -> list[bytes]:
    srv = PubServer(oai_page_size=7)
    try:
        token, pages = None, []
        while True:
            q = {"verb": "ListRecords", **({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})}
            pages.append(srv.oai(q))
            token = oai_pmh.parse_page(pages[-1]).token
            if not token:
                return pages
    finally:
        srv.httpd.server_close()


def random_pages() -> list[bytes]:
    rnd = random.Random(20261126)
    return [
        NS.format("".join(_random_record(rnd, p * 10 + i) for i in range(rnd.randrange(1, 10)))).encode()
        for p in range(300)
    ]


def mutated_pages() -> list[bytes]:
    """Random byte-level damage to a page (deletions, insertions of markup pieces, replacements)."""
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
    out = []
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
        out.append(bytes(doc))
    return out


def build_golden() -> dict[str, Any]:
    return {
        "fixture": read((FIXTURES / "oai_listrecords.xml").read_bytes()),
        "edge_cases": {name: read(edge_page(name)) for name in sorted(EDGE_CASES)},
        "shapes": {name: read_or_error(shape_page(name)) for name in sorted(SHAPES)},
        "demo_pages": digest([read(p) for p in demo_pages()]),
        "random_pages": digest([read(p) for p in random_pages()]),
        "mutated_pages": digest([read_or_error(p) for p in mutated_pages()]),
    }


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- record content


def test_saved_fixture(golden):
    got = read((FIXTURES / "oai_listrecords.xml").read_bytes())
    assert got == golden["fixture"]
    assert got["token"] == "b2FpX2RjLzIwMjYvNA" and got["size"] == 18
    assert len(got["records"]) == 4 and all(r["raw"] is not None for r in got["records"])


def test_demo_pages(golden):
    pages = demo_pages()
    assert len(pages) == -(-len([w for w in load_works() if "oai" in w["in"]]) // 7)
    assert digest([read(p) for p in pages]) == golden["demo_pages"]


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name, golden):
    got = read(edge_page(name))
    assert got == golden["edge_cases"][name]
    assert got["records"] or name.startswith("header")


def test_edge_case_values():
    """A few values spelled out: mixed content flattened, whitespace stripped, CDATA and
    character references read, processing instructions dropped."""
    mixed = read(edge_page("mixed content, CDATA and character references"))["records"][0]
    assert mixed["dc"] == {"title": ["A b c d"], "description": ["x < y & \u00a0z"]}
    ws = read(edge_page("Unicode whitespace around values"))["records"][0]
    assert ws["dc"] == {"title": ["Lúa"], "creator": ["Nguyễn Văn A"], "subject": ["x"]}
    pi = read(edge_page("a processing instruction inside a value (handed to the Python walk)"))["records"]
    assert [r["dc"]["title"] for r in pi] == [["AB"], ["plain"]]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_page_shapes(name, golden):
    assert read_or_error(shape_page(name)) == golden["shapes"][name]


def test_an_error_answer_raises_its_class():
    with pytest.raises(oai_pmh.NoRecordsMatch):
        oai_pmh.parse_page(shape_page("an OAI error"))


def test_recovered_page_with_control_characters():
    body = NS.format(
        f"<record><header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>"
        f"<metadata>{DC}<dc:title>Lúa\x0b Bao thai\x01</dc:title></oai_dc:dc></metadata></record>"
    ).encode()
    [rec] = read(body)["records"]  # not well-formed: lxml recovers it
    assert rec["raw"]["fields"]["title"] == "Lúa Bao thai"


def test_many_element_names_keep_their_own_keys():
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
        assert [v for vs in rec.dc.values() for v in vs] == [
            f"v{i}" for n in dict.fromkeys(names) for i, m in enumerate(names) if m == n
        ]


def test_random_pages(golden):
    pages = random_pages()
    got = [read(p) for p in pages]
    assert sum(len(g["records"]) for g in got) > 1000
    assert digest(got) == golden["random_pages"]


# ----------------------------------------------------------------------------- hostile pages


def test_doctype_and_entity_declarations_are_refused():
    for fixture in ("oai_billion_laughs.xml", "oai_xxe.xml"):
        with pytest.raises(oai_pmh.UnsafeXMLError):
            oai_pmh.parse_page((FIXTURES / fixture).read_bytes())
    late = NS.format(f"<record>{H}</record>").encode()
    late = late.replace(b"<OAI-PMH", b"<!--" + b"x" * 70_000 + b"--><!DOCTYPE d><OAI-PMH", 1)
    with pytest.raises(oai_pmh.UnsafeXMLError):  # past the byte checks: found in the parsed tree
        oai_pmh.parse_page(late)


def test_mutated_pages_give_records_or_a_known_error(golden):
    """Byte-damaged pages never crash the reader: records (lxml recovers what it can) or one of
    the errors a harvest turns into a SourceError; and the same ones as before."""
    got = [read_or_error(p) for p in mutated_pages()]
    assert sum("records" in g for g in got) > 1000
    assert digest(got) == golden["mutated_pages"]


if __name__ == "__main__" and sys.argv[1:] == ["--write-golden"]:
    GOLDEN.write_text(json.dumps(build_golden(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
