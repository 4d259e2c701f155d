# cython: language_level=3
"""The record walk of a parsed OAI-PMH ListRecords page, in C over lxml's libxml2 tree.

It builds exactly what :func:`extractors.oai_pmh.iter_page_records` (the Python walk) builds,
reading the tree's nodes directly instead of creating an lxml proxy object per element, which is
where the Python walk spends most of its time. A record whose subtree holds anything but elements,
text and CDATA in the places read (a processing instruction inside a value, an entity reference)
is handed back as its lxml element, for the Python walk to build: the two walks only differ in
speed. Tested against each other in tests/unit/test_oai_walk.py.
"""
from libc.string cimport strcmp, strlen
from cpython.unicode cimport PyUnicode_DecodeUTF8, PyUnicode_AsUTF8

cdef extern from "Python.h":
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    Py_UCS4 PyUnicode_READ_CHAR(object s, Py_ssize_t i)
    int PyUnicode_KIND(object s)
    void* PyUnicode_DATA(object s)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t i)

from lxml.includes cimport tree
cimport lxml.includes.etreepublic as cetree

cetree.import_lxml__etree()

cdef const char* OAI_NS = b"http://www.openarchives.org/OAI/2.0/"
cdef const char* DC_NS = b"http://purl.org/dc/elements/1.1/"
cdef const char* XML_NS = b"http://www.w3.org/XML/1998/namespace"


cdef inline str _decode(const tree.xmlChar* s):
    cdef const char* c = <const char*>s
    return PyUnicode_DecodeUTF8(c, strlen(c), NULL)


cdef inline bint _ascii_space(unsigned char b) noexcept:
    # the ASCII characters str.strip() removes: \t \n \v \f \r, \x1c-\x1f and the space
    return b == 32 or 9 <= b <= 13 or 28 <= b <= 31


cdef object _stripped(const tree.xmlChar* s):
    """``s.decode().strip() or None`` of one UTF-8 text: ASCII whitespace trimmed on the bytes,
    then str.strip() only when a remaining end is a (non-ASCII) whitespace character."""
    cdef const unsigned char* b = <const unsigned char*>s
    cdef Py_ssize_t start = 0, end = strlen(<const char*>s)
    cdef str t
    while start < end and _ascii_space(b[start]):
        start += 1
    while end > start and _ascii_space(b[end - 1]):
        end -= 1
    if start == end:
        return None
    t = PyUnicode_DecodeUTF8(<const char*>b + start, end - start, NULL)
    if (b[start] >= 128 and Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, 0))) or \
            (b[end - 1] >= 128 and Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, len(t) - 1))):
        t = t.strip()
        return t if t else None
    return t


cdef const tree.xmlChar* _key_names[32]
cdef list _key_strs = [None] * 32


cdef str _key(const tree.xmlChar* name):
    """The str of an element's local name, from a small cache slotted by the name's address
    (libxml2 keeps names in the parser's dictionary, so one name is mostly one pointer across
    pages); a hit is confirmed on the characters, since a freed dictionary's address can be
    reused for other names."""
    cdef size_t slot = (<size_t>name >> 4) & 31
    cdef str k
    if _key_names[slot] == name:
        k = <str>_key_strs[slot]
        if strcmp(PyUnicode_AsUTF8(k), <const char*>name) == 0:
            return k
    k = _decode(name)
    _key_names[slot] = name
    _key_strs[slot] = k
    return k


cdef inline bint _in_ns(tree.xmlNode* n, const char* ns) noexcept:
    return (n.type == tree.XML_ELEMENT_NODE and n.ns is not NULL and n.ns.href is not NULL
            and strcmp(<const char*>n.ns.href, ns) == 0)


cdef inline bint _named(tree.xmlNode* n, const char* name) noexcept:
    return strcmp(<const char*>n.name, name) == 0


cdef int _collect(tree.xmlNode* el, list parts) except -2:
    """Append the UTF-8 text of every text/CDATA node under el, in document order; -1 when the
    subtree holds another kind of node (then lxml's text rules would need to be followed)."""
    cdef tree.xmlNode* c = el.children
    while c is not NULL:
        if c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE:
            if c.content is not NULL:
                parts.append(<bytes>(<const char*>c.content))
        elif c.type == tree.XML_ELEMENT_NODE:
            if _collect(c, parts) < 0:
                return -1
        else:
            return -1
        c = c.next
    return 0


cdef object _text(tree.xmlNode* el, bint* bad):
    """The stripped text of an element: its text for a leaf, all its text for one with children
    (``el.text`` / ``"".join(el.itertext())``, which agree with document-order text when only
    elements, text and CDATA are inside); None when empty."""
    cdef tree.xmlNode* c = el.children
    cdef list parts
    cdef str t
    if c is NULL:
        return None
    if c.next is NULL and (c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE):
        if c.content is NULL:
            return None
        return _stripped(c.content)
    else:
        parts = []
        if _collect(el, parts) < 0:
            bad[0] = True
            return None
        if not parts:
            return None
        t = b"".join(parts).decode("utf-8")
    t = t.strip()
    return t if t else None


cdef object _attr(tree.xmlNode* el, const char* name, const char* ns, bint* bad):
    """An attribute's value (``el.get``): ns NULL for an attribute without namespace."""
    cdef tree.xmlAttr* a = el.properties
    cdef tree.xmlNode* c
    while a is not NULL:
        if a.type == tree.XML_ATTRIBUTE_NODE and strcmp(<const char*>a.name, name) == 0:
            if (ns is NULL and a.ns is NULL) or (ns is not NULL and a.ns is not NULL and a.ns.href is not NULL
                                                 and strcmp(<const char*>a.ns.href, ns) == 0):
                c = a.children
                if c is NULL:
                    return ""
                if c.next is NULL and c.type == tree.XML_TEXT_NODE and c.content is not NULL:
                    return _decode(c.content)
                bad[0] = True
                return None
        a = a.next
    return None


cdef tuple _record(tree.xmlNode* node, bint* bad):
    """(identifier, datestamp, sets, deleted, dc, langs) of a record element; None for a record
    without a header, or when ``bad`` is set (the Python walk builds that record)."""
    cdef tree.xmlNode* part = node.children
    cdef tree.xmlNode* header = NULL
    cdef tree.xmlNode* meta = NULL
    cdef tree.xmlNode* h
    cdef tree.xmlNode* c
    cdef tree.xmlNode* el
    cdef dict dc, langs
    cdef list values, sets
    cdef bint want_lang
    while part is not NULL:
        if _in_ns(part, OAI_NS):
            if _named(part, b"header"):
                header = part
            elif _named(part, b"metadata"):
                meta = part
        part = part.next
    if header is NULL:
        return None
    deleted = _attr(header, b"status", NULL, bad) == "deleted"
    identifier = datestamp = ""
    sets = []
    h = header.children
    while h is not NULL:
        if _in_ns(h, OAI_NS):
            if _named(h, b"identifier"):
                identifier = _text(h, bad) or ""
            elif _named(h, b"datestamp"):
                datestamp = _text(h, bad) or ""
            elif _named(h, b"setSpec"):
                t = _text(h, bad)
                if t:
                    sets.append(t)
        h = h.next
    dc = {}
    langs = {}
    if meta is not NULL:
        c = meta.children
        while c is not NULL:
            if c.type == tree.XML_ELEMENT_NODE:
                el = c.children
                while el is not NULL:
                    if _in_ns(el, DC_NS):
                        t = _text(el, bad)
                        if t is not None:
                            key = _key(el.name)
                            values = dc.get(key)
                            if values is None:
                                dc[key] = [t]
                            else:
                                values.append(t)
                            want_lang = _named(el, b"title") or _named(el, b"description")
                            if want_lang:
                                lang = _attr(el, b"lang", XML_NS, bad)
                                values = langs.get(key)
                                if values is None:
                                    langs[key] = [lang]
                                else:
                                    values.append(lang)
                    el = el.next
            elif c.type == tree.XML_ENTITY_REF_NODE:
                bad[0] = True
            c = c.next
    if bad[0]:
        return None
    return (identifier, datestamp, sets, deleted, dc, langs)


def walk_page(cetree._Element container not None, cls):
    """The records of a ListRecords/GetRecord element, in order: ``cls(identifier, datestamp,
    sets, deleted, dc, langs)`` per record with a header, or the record's lxml element where
    the Python walk has to build it."""
    cdef tree.xmlNode* node = container._c_node.children
    cdef bint bad
    cdef list out = []
    cdef tuple parts
    while node is not NULL:
        if _in_ns(node, OAI_NS) and _named(node, b"record"):
            bad = False
            parts = _record(node, &bad)
            if bad:
                out.append(cetree.elementFactory(container._doc, node))
            elif parts is not None:
                out.append(cls(*parts))
        node = node.next
    return out


def harvest_page(cetree._Element container not None, str source, str base_url, str fetched_at,
                 repository_name, frozenset extra_keys, fallback):
    """What a harvest needs of each record of a page, in order, one record at a time:
    ``(identifier, datestamp, deleted, has_metadata, raw)``, where ``raw`` is the record as
    :func:`extractors.oai_pmh.to_raw_record` makes it (None for a record without an identifier,
    or neither deleted nor with metadata, which the harvest sets aside). ``extra_keys`` are the
    dc elements kept in ``extras``; ``fallback(element)`` gives the items of a record element this
    walk does not read itself. Lazy, so that a consumer that streams the records lets each one
    die young instead of holding a page's objects through garbage collections."""
    cdef tree.xmlNode* node = container._c_node.children
    cdef bint bad
    cdef tuple parts
    cdef str identifier
    cdef dict dc
    while node is not NULL:
        if _in_ns(node, OAI_NS) and _named(node, b"record"):
            bad = False
            parts = _record(node, &bad)
            if bad:
                yield from fallback(cetree.elementFactory(container._doc, node))
            elif parts is not None:
                identifier, dc = parts[0], parts[4]
                deleted = parts[3]
                raw = None
                if identifier and (deleted or dc):
                    raw = _raw(identifier, parts[1], parts[2], deleted, dc, parts[5], source, base_url,
                               fetched_at, repository_name, extra_keys)
                yield (identifier, parts[1], deleted, bool(dc), raw)
        node = node.next


# ----------------------------------------------------------------------------- raw records
# The same mapping as extractors.oai_pmh.to_raw_record (kept equal by tests/unit/test_oai_walk.py);
# the dc lists are the record's own here, so they are used without copies.

cdef object _pick_lang(list texts, object langs, object lang):
    cdef str want
    cdef list ls
    cdef Py_ssize_t i, n
    if lang and langs:
        want = (<str>lang)[:2].lower()
        ls = <list>langs
        n = min(len(texts), len(ls))
        for i in range(n):
            la = ls[i]
            if la and (<str>la).lower().startswith(want):
                return texts[i]
    return texts[0]


cdef bint _has_doi(str t) noexcept:
    """``re.search(r"10\\.\\d{4,9}/\\S+", t) is not None`` (extractors.oai_pmh._DOI), by hand:
    \\d is a Unicode decimal digit and \\S a non-whitespace character, as in ``re``. After "10."
    the run of digits can only be followed by "/" where it ends, so the run's length decides."""
    cdef Py_ssize_t n = len(t), i, j
    cdef int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    for i in range(n - 2):
        if PyUnicode_READ(kind, data, i) != 49 or PyUnicode_READ(kind, data, i + 1) != 48 \
                or PyUnicode_READ(kind, data, i + 2) != 46:             # "10."
            continue
        j = i + 3
        while j < n and j - (i + 3) < 10 and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, j)):
            j += 1
        if 4 <= j - (i + 3) <= 9 and j + 1 < n and PyUnicode_READ(kind, data, j) == 47 \
                and not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j + 1)):
            return True
    return False


cdef object _first_doi(list values):
    for t in values:
        if _has_doi(t):
            return t
    return None


def has_doi(str t not None):
    """The C DOI test, for tests/unit/test_oai_walk.py to hold against the regular expression."""
    return _has_doi(t)


cdef dict _raw(str ident, str datestamp, list sets, bint deleted, dict dc, dict langs, str source,
               str base_url, str fetched_at, object repository_name, frozenset extra_keys):
    cdef list languages = dc.get("language")
    cdef list identifiers = dc.get("identifier")
    cdef list relations, titles, creators, contributors, descriptions, sources, dates, title_langs
    cdef dict extras
    cdef str t
    language = languages[0] if languages else None
    doi = _first_doi(identifiers) if identifiers else None
    if doi is None:
        relations = dc.get("relation")
        if relations:
            doi = _first_doi(relations)
    url = None
    if identifiers:
        for t in identifiers:
            if (t.startswith("http://") or t.startswith("https://")) and "doi.org/" not in t:
                url = t
                break
    dates, titles, creators, contributors = dc.get("date"), dc.get("title"), dc.get("creator"), dc.get("contributor")
    descriptions, sources = dc.get("description"), dc.get("source")
    fields = {
        "source_id": ident,
        "deleted": deleted,
        "title": _pick_lang(titles, langs.get("title"), language) if titles else None,
        "authors": creators if creators else [],
        "year": None,
        "published_date": dates[0] if dates else None,
        "venue": sources[0] if sources else repository_name,
        "language": language,
        "affiliations": [],
        "abstract": _pick_lang(descriptions, langs.get("description"), language) if descriptions else None,
        "doi": doi,
        "url": url,
        "funding_text": ("; ".join(contributors) or None) if contributors else None,
    }
    extras = {}
    for k, v in dc.items():
        if k in extra_keys:
            extras[k] = v
    if titles and len(titles) > 1:
        title_langs = langs.get("title") or [None] * len(titles)
        extras["titles"] = [{"text": t, "lang": la} for t, la in zip(titles, title_langs)]
    return {"table": "publications", "source": source, "record_ref": f"{base_url}#{ident}",
            "source_url": url or f"{base_url}?verb=GetRecord&metadataPrefix=oai_dc&identifier={ident}",
            "fetched_at": fetched_at, "confidence": 1.0, "fields": fields,
            "hints": {"collector": "oai_pmh", "datestamp": datestamp, "sets": sets,
                      "repository_name": repository_name},
            "extras": extras}
