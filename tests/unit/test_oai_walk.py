"""The two ways records are read from a ListRecords page must agree: the one-pass reading of
pages of the plain shape (extractors.oai_pmh._iter_plain) and the record-by-record walk that reads
any shape (_iter_walk). Pages are generated with every structure the walk has rules for (repeated
headers and metadata, several containers, dc:* outside metadata, mixed content, PIs, about
sections, nested records, unknown dc names, languages) and the shape check must send every page
whose one-pass reading would differ to the walk."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import oai_pmh

OAI = "http://www.openarchives.org/OAI/2.0/"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = f'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="{DC}">'

text = st.sampled_from(["Lúa Bao thai", "  spaced  ", "", " ", "A &amp; B", "&#x1EA1;", "10.1234/abc",
                        "https://doi.org/10.5/x", "https://j.example/a/1", "vie", "\n x \n"])
lang = st.sampled_from([None, "vi-VN", "en-US", "", "EN"])
name = st.sampled_from(["title", "creator", "description", "identifier", "language", "date", "subject",
                        "contributor", "relation", "source", "publisher", "rights", "foo"])


@st.composite
def dc_element(draw) -> str:
    n, t, la = draw(name), draw(text), draw(lang)
    attr = f' xml:lang="{la}"' if la is not None else ""
    inner = draw(st.sampled_from([t, f"{t}<i>it</i> tail", f"{t}<?pi x?>more", f"<![CDATA[{t}]]>",
                                  f"{t}<dc:creator>inner</dc:creator>", t, t]))
    return f"<dc:{n}{attr}>{inner}</dc:{n}>"


@st.composite
def header(draw, i: int) -> str:
    status = ' status="deleted"' if draw(st.booleans()) and draw(st.booleans()) else ""
    parts = [f"<identifier>oai:x:{i}</identifier>"] * draw(st.integers(0, 2))
    parts += [f"<datestamp>2024-01-{i % 28 + 1:02d}T00:00:00Z</datestamp>"] * draw(st.integers(0, 1))
    parts += [f"<setSpec>{s}</setSpec>" for s in draw(st.lists(st.sampled_from(["a", "b", " ", "c<b>d</b>"]),
                                                                 max_size=2))]
    return f"<header{status}>{''.join(parts)}</header>"


IRREGULAR = ("no header", "two headers", "two metadata", "dc under metadata", "header last", "dc in about",
             "identifier in about", "datestamp and setSpec in about", "nested record")


@st.composite
def record(draw, i: int, regular: bool) -> str:
    """A record; ``regular`` ones have the layout the protocol prescribes (one header, at most
    one metadata, dc:* only in its containers), the others one or two of the irregularities the
    record walk has a rule for."""
    odd = set() if regular else set(draw(st.lists(st.sampled_from(IRREGULAR), min_size=1, max_size=2)))
    headers = 0 if "no header" in odd else 2 if "two headers" in odd else 1
    parts = [draw(header(i)) for _ in range(headers)]
    metadata = 2 if "two metadata" in odd else draw(st.sampled_from([0, 1, 1]))
    for _ in range(metadata):
        containers = []
        for _ in range(draw(st.sampled_from([1, 1, 2]))):
            els = draw(st.lists(dc_element(), max_size=6))
            if draw(st.integers(0, 4)) == 0:
                els.append('<x:title xmlns:x="urn:x">not dc</x:title>')
            containers.append(CONTAINER + "".join(els) + "</oai_dc:dc>")
        if "dc under metadata" in odd:
            containers.append(f'<dc:title xmlns:dc="{DC}">directly under metadata</dc:title>')
        parts.append("<metadata>" + "".join(containers) + "</metadata>")
    if "header last" in odd:
        parts.reverse()
    extra = draw(st.sampled_from(["", "<?pi in record?>"]))
    if "dc in about" in odd:
        extra += f"<about>{CONTAINER}<dc:title>about</dc:title></oai_dc:dc></about>"
    if "identifier in about" in odd:
        extra += "<about><identifier>in about</identifier></about>"
    if "datestamp and setSpec in about" in odd:
        extra += "<about><datestamp>2020-01-01</datestamp><setSpec>about</setSpec></about>"
    if "nested record" in odd:
        extra += "<about><record><header><identifier>nested</identifier></header></record></about>"
    return "<record>" + "".join(parts) + extra + "</record>"


@st.composite
def page(draw) -> bytes:
    regular = draw(st.booleans())
    records = [draw(record(i, regular or draw(st.integers(0, 3)) > 0)) for i in range(draw(st.integers(0, 5)))]
    junk = draw(st.sampled_from(["", "", '<x:junk xmlns:x="urn:x"/>']))
    return (f'<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="{OAI}"><responseDate>2026-01-01T00:00:00Z'
            f'</responseDate><ListRecords>{junk}{"".join(records)}</ListRecords></OAI-PMH>').encode()


@settings(max_examples=400, deadline=None)
@given(page())
def test_one_pass_reading_agrees_with_the_record_walk(content):
    parsed = oai_pmh.parse_page(content)
    walked = list(oai_pmh._iter_walk(parsed.container))
    assert oai_pmh.parse_list_records(content).records == walked          # whichever reading is chosen
    if parsed.plain:
        assert list(oai_pmh._iter_plain(parsed.container)) == walked
    PLAIN_SEEN.append(parsed.plain)


PLAIN_SEEN: list[bool] = []


def test_the_generated_pages_exercise_both_readings():
    test_one_pass_reading_agrees_with_the_record_walk()
    assert 0.2 < sum(PLAIN_SEEN) / len(PLAIN_SEEN) < 0.9, sum(PLAIN_SEEN) / len(PLAIN_SEEN)


def _page(records: str) -> bytes:
    return (f'<OAI-PMH xmlns="{OAI}"><ListRecords>{records}</ListRecords></OAI-PMH>').encode()


H = "<header><identifier>oai:x:1</identifier><datestamp>2024-01-01</datestamp></header>"


def test_plain_pages_are_read_in_one_pass_and_the_rest_record_by_record():
    plain = _page(f"<record>{H}<metadata>{CONTAINER}<dc:title xml:lang='vi'>T</dc:title>"
                  f"<dc:title xml:lang='en'>E</dc:title><dc:foo>x</dc:foo></oai_dc:dc></metadata></record>")
    parsed = oai_pmh.parse_page(plain)
    assert parsed.plain
    [rec] = oai_pmh.iter_page_records(parsed)
    assert (rec.identifier, rec.dc, rec.langs) == ("oai:x:1", {"title": ["T", "E"], "foo": ["x"]},
                                                   {"title": ["vi", "en"]})
    not_plain = {
        "dc in about": f"<record>{H}<about>{CONTAINER}<dc:title>A</dc:title></oai_dc:dc></about></record>",
        "two headers": f"<record>{H}{H}</record>",
        "no header": f"<record><metadata>{CONTAINER}<dc:title>A</dc:title></oai_dc:dc></metadata></record>",
        "two metadata": f"<record>{H}<metadata/><metadata/></record>",
        "nested record": f"<record>{H}<about><record>{H}</record></about></record>",
        "identifier in about": f"<record>{H}<about><identifier>i</identifier></about></record>",
        "datestamp in about": f"<record>{H}<about><datestamp>2020-01-01</datestamp></about></record>",
        "setSpec in about": f"<record>{H}<about><setSpec>s</setSpec></about></record>",
        "record below a record": f"<record>{H}<metadata><record>{H}</record></metadata></record>",
        "header-less record below a record": f"<record>{H}<about><record/></about></record>",
        "one record without, one with two headers": f"<record/><record>{H}{H}</record>",
        "dc nested in dc": f"<record>{H}<metadata>{CONTAINER}<dc:title>A<dc:creator>c</dc:creator></dc:title>"
                           f"</oai_dc:dc></metadata></record>",
    }
    for label, records in not_plain.items():
        assert not oai_pmh.parse_page(_page(records)).plain, label


def test_languages_are_kept_for_titles_and_descriptions_only():
    content = _page(f"<record>{H}<metadata>{CONTAINER}<dc:description xml:lang='en'>D</dc:description>"
                    f"<dc:publisher xml:lang='vi'>P</dc:publisher><dc:title>T</dc:title></oai_dc:dc>"
                    f"</metadata></record>")
    [rec] = oai_pmh.parse_list_records(content).records
    assert rec.langs == {"description": ["en"], "title": [None]}
    assert rec.dc["publisher"] == ["P"]
