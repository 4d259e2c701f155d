# cython: language_level=3
"""OAI-PMH ListRecords pages read in C: what :mod:`extractors.oai_pmh` builds in Python, faster.

Two readers, each with the Python code as its fallback and its reference:

- :func:`sax_page` reads a page with expat (CPython's own, through pyexpat's C API) without
  building a tree: the parse, with the GIL released, notes where each value starts and ends in C
  memory; :meth:`SaxPage.items` then builds the harvest's items from those notes. The harvest
  uses it for every plain ListRecords page; anything else (see that section) goes to lxml.
- :func:`walk_page` / :func:`harvest_page` walk lxml's libxml2 tree of a parsed page directly
  instead of creating an lxml proxy object per element, which is where the Python walk
  (:func:`extractors.oai_pmh.iter_page_records`) spends most of its time. A record whose subtree
  holds anything but elements, text and CDATA where values are read (a processing instruction
  inside a value, an entity reference) is handed back as its lxml element, for the Python walk.

The readers only differ in speed: tests/unit/test_oai_walk.py holds all three paths equal.
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


cdef object _strip_decode(const unsigned char* b, size_t n):
    """``b[:n].decode().strip() or None``: ASCII whitespace trimmed on the bytes, then str.strip()
    only when a remaining end is a (non-ASCII) whitespace character."""
    cdef size_t start = 0, end = n
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


cdef inline object _stripped(const tree.xmlChar* s):
    return _strip_decode(<const unsigned char*>s, strlen(<const char*>s))


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
    cdef bytes joined
    if c is NULL:
        return None
    if c.next is NULL and (c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE):
        return _stripped(c.content) if c.content is not NULL else None
    parts = []
    if _collect(el, parts) < 0:
        bad[0] = True
        return None
    joined = b"".join(parts)
    return _strip_decode(joined, len(joined))


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


def _record_parts(cetree._Element container):
    """Per record element of the container, in order: its ``_record`` parts, or the element
    itself where the Python walk has to build it; records without a header give nothing."""
    cdef tree.xmlNode* node = container._c_node.children
    cdef bint bad
    while node is not NULL:
        if _in_ns(node, OAI_NS) and _named(node, b"record"):
            bad = False
            parts = _record(node, &bad)
            if bad:
                yield cetree.elementFactory(container._doc, node)
            elif parts is not None:
                yield parts
        node = node.next


def walk_page(cetree._Element container not None, cls):
    """The records of a ListRecords/GetRecord element, in order: ``cls(identifier, datestamp,
    sets, deleted, dc, langs)`` per record with a header, or the record's lxml element where
    the Python walk has to build it."""
    return [cls(*p) if type(p) is tuple else p for p in _record_parts(container)]


def harvest_page(cetree._Element container not None, str source, str base_url, str fetched_at,
                 repository_name, frozenset extra_keys, fallback):
    """What a harvest needs of each record of a page, in order, one record at a time:
    ``(identifier, datestamp, deleted, has_metadata, raw)``, where ``raw`` is the record as
    :func:`extractors.oai_pmh.to_raw_record` makes it (None for a record without an identifier,
    or neither deleted nor with metadata, which the harvest sets aside). ``extra_keys`` are the
    dc elements kept in ``extras``; ``fallback(element)`` gives the items of a record element this
    walk does not read itself. Lazy, so that a consumer that streams the records lets each one
    die young instead of holding a page's objects through garbage collections."""
    for p in _record_parts(container):
        if type(p) is tuple:
            yield _item(<tuple>p, source, base_url, fetched_at, repository_name, extra_keys)
        else:
            yield from fallback(p)


cdef tuple _item(tuple parts, str source, str base_url, str fetched_at, object repository_name,
                 frozenset extra_keys):
    """The harvest item of a record's ``_record`` parts (see :func:`harvest_page`)."""
    identifier, datestamp, sets, deleted, dc, langs = parts
    raw = (_raw(identifier, datestamp, sets, deleted, dc, langs, source, base_url, fetched_at,
                repository_name, extra_keys)
           if identifier and (deleted or dc) else None)
    return (identifier, datestamp, deleted, bool(dc), raw)


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


# ----------------------------------------------------------------------------- pages without a tree
# A ListRecords page read by expat (the parser inside CPython's pyexpat, reached through its C API
# capsule) in two phases: the parse, with the GIL released, only notes in C memory where each value
# of interest starts and ends; the Python objects are then built from those notes. This replaces
# building libxml2's tree and walking it. sax_page() returns None, and the caller parses the page
# with lxml as before, for anything the notes would not describe exactly as the lxml path reads it:
# a parse error, a DOCTYPE, a processing instruction inside a value, an OAI error, a GetRecord
# answer, no ListRecords; and for anything libxml2's strict parser refuses although expat takes it
# (then lxml recovers the page its own way): an unbound or reserved prefix, a prefixed attribute
# name libxml2 cannot resolve, a namespace URI libxml2 cannot parse (asked of libxml2 once per
# URI), a colon in a PI's target. tests/unit/test_oai_walk.py holds the paths equal, including on
# thousands of randomly damaged pages.

from libc.stdlib cimport malloc, realloc, free
from libc.string cimport memcpy, memcmp, strncmp, strchr
from cpython.pycapsule cimport PyCapsule_Import

cdef extern from *:
    """
    typedef char XML_Char;
    typedef char XML_LChar;
    typedef struct XML_ParserStruct *XML_Parser;
    typedef unsigned long XML_Size;
    typedef void (*XML_StartElementHandler)(void *, const XML_Char *, const XML_Char **);
    typedef void (*XML_EndElementHandler)(void *, const XML_Char *);
    typedef void (*XML_CharacterDataHandler)(void *, const XML_Char *, int);
    typedef void (*XML_CommentHandler)(void *, const XML_Char *);
    typedef void (*XML_DefaultHandler)(void *, const XML_Char *, int);
    typedef void (*XML_StartNamespaceDeclHandler)(void *, const XML_Char *, const XML_Char *);
    typedef void (*XML_EndNamespaceDeclHandler)(void *, const XML_Char *);
    typedef void (*XML_ProcessingInstructionHandler)(void *, const XML_Char *, const XML_Char *);
    typedef int (*XML_UnknownEncodingHandler)(void *, const XML_Char *, void *);
    typedef void (*XML_StartDoctypeDeclHandler)(void *, const XML_Char *, const XML_Char *,
                                                const XML_Char *, int);
    /* CPython's Include/pyexpat.h (3.11), whose fields are only ever appended to */
    struct stcat_PyExpat_CAPI {
        char *magic;
        int size;
        int MAJOR_VERSION, MINOR_VERSION, MICRO_VERSION;
        const XML_LChar *(*ErrorString)(int code);
        int (*GetErrorCode)(XML_Parser parser);
        XML_Size (*GetErrorColumnNumber)(XML_Parser parser);
        XML_Size (*GetErrorLineNumber)(XML_Parser parser);
        int (*Parse)(XML_Parser parser, const char *s, int len, int isFinal);
        XML_Parser (*ParserCreate_MM)(const XML_Char *encoding, const void *memsuite,
                                      const XML_Char *namespaceSeparator);
        void (*ParserFree)(XML_Parser parser);
        void (*SetCharacterDataHandler)(XML_Parser parser, XML_CharacterDataHandler handler);
        void (*SetCommentHandler)(XML_Parser parser, XML_CommentHandler handler);
        void (*SetDefaultHandlerExpand)(XML_Parser parser, XML_DefaultHandler handler);
        void (*SetElementHandler)(XML_Parser parser, XML_StartElementHandler start,
                                  XML_EndElementHandler end);
        void (*SetNamespaceDeclHandler)(XML_Parser parser, XML_StartNamespaceDeclHandler start,
                                        XML_EndNamespaceDeclHandler end);
        void (*SetProcessingInstructionHandler)(XML_Parser parser, XML_ProcessingInstructionHandler handler);
        void (*SetUnknownEncodingHandler)(XML_Parser parser, XML_UnknownEncodingHandler handler, void *data);
        void (*SetUserData)(XML_Parser parser, void *userData);
        void (*SetStartDoctypeDeclHandler)(XML_Parser parser, XML_StartDoctypeDeclHandler start);
    };
    """
    ctypedef struct XML_ParserStruct
    ctypedef XML_ParserStruct* XML_Parser
    ctypedef void (*XML_StartElementHandler)(void*, const char*, const char**) noexcept nogil
    ctypedef void (*XML_EndElementHandler)(void*, const char*) noexcept nogil
    ctypedef void (*XML_CharacterDataHandler)(void*, const char*, int) noexcept nogil
    ctypedef void (*XML_ProcessingInstructionHandler)(void*, const char*, const char*) noexcept nogil
    ctypedef void (*XML_StartDoctypeDeclHandler)(void*, const char*, const char*, const char*, int) noexcept nogil
    cdef struct stcat_PyExpat_CAPI:
        char* magic
        int size
        int (*Parse)(XML_Parser, const char*, int, int) noexcept nogil
        XML_Parser (*ParserCreate_MM)(const char*, const void*, const char*) noexcept nogil
        void (*ParserFree)(XML_Parser) noexcept nogil
        void (*SetCharacterDataHandler)(XML_Parser, XML_CharacterDataHandler) noexcept nogil
        void (*SetElementHandler)(XML_Parser, XML_StartElementHandler, XML_EndElementHandler) noexcept nogil
        void (*SetProcessingInstructionHandler)(XML_Parser, XML_ProcessingInstructionHandler) noexcept nogil
        void (*SetUserData)(XML_Parser, void*) noexcept nogil
        void (*SetStartDoctypeDeclHandler)(XML_Parser, XML_StartDoctypeDeclHandler) noexcept nogil

cdef stcat_PyExpat_CAPI* _expat = NULL


cdef stcat_PyExpat_CAPI* _load_expat():
    cdef stcat_PyExpat_CAPI* capi
    try:
        capi = <stcat_PyExpat_CAPI*>PyCapsule_Import(b"pyexpat.expat_CAPI", 0)
    except Exception:                # no usable expat: sax_page() always answers None
        return NULL
    if strcmp(capi.magic, b"pyexpat.expat_CAPI 1.1") != 0 or capi.size < <int>sizeof(stcat_PyExpat_CAPI):
        return NULL
    return capi


_expat = _load_expat()

# namespaces the walk tells apart; expat runs without namespace processing (it costs as much as
# building libxml2's tree) and prefixes are resolved here, on a stack of the declarations in scope
cdef enum:
    NS_OTHER = 0
    NS_OAI = 1
    NS_DC = 2
    NS_XML = 3
    MAX_PREFIX = 63

ctypedef struct Binding:
    int depth                    # the element that declared it
    int code                     # NS_*
    int is_default               # xmlns="..." (else xmlns:prefix="...")
    size_t plen
    char prefix[64]


cdef enum:
    K_IDENTIFIER = 1
    K_DATESTAMP = 2
    K_SETSPEC = 3
    K_DC = 4
    K_TOKEN = 5

ctypedef struct Note:            # one value of interest: its text (and dc name, language) in the arena
    int kind
    int rec
    int gen                      # the header's or metadata's number within its record
    size_t key_off
    size_t key_len
    size_t off
    size_t len
    Py_ssize_t lang_off          # -1: no xml:lang
    size_t lang_len

ctypedef struct Rec:
    int header_gen
    int meta_gen
    int deleted

ctypedef struct SaxState:
    char* arena
    size_t arena_len, arena_cap
    Note* notes
    size_t n_notes, notes_cap
    Rec* recs
    size_t n_recs, recs_cap
    int bail
    int depth
    int in_list                  # inside the (first) ListRecords
    int seen_list
    int rec                      # the record being read, -1 outside
    int part                     # 1 header, 2 metadata, 0 other
    int capture                  # depth of the element whose text is being collected, 0: none
    Py_ssize_t note              # the note being collected (-1: the token)
    int token_state              # 0 none yet, 1 collecting, 2 done
    size_t token_off, token_len
    Py_ssize_t size_off
    size_t size_len
    Binding* ns
    size_t n_ns, ns_cap
    char* uris                   # the distinct namespace URIs declared (checked after the parse),
    size_t uris_len, uris_cap    # kept apart from the arena, where a value may be being collected
    size_t uri_off[16]
    size_t uri_len[16]
    int n_uris


cdef int _grow(void** p, size_t* cap, size_t need, size_t item) noexcept nogil:
    cdef size_t c = cap[0]
    cdef void* q
    if need <= c:
        return 0
    while c < need:
        c = c * 2 if c else 64
    q = realloc(p[0], c * item)
    if q is NULL:
        return -1
    p[0] = q
    cap[0] = c
    return 0


cdef int _put(SaxState* s, const char* b, size_t n) noexcept nogil:
    if _grow(<void**>&s.arena, &s.arena_cap, s.arena_len + n, 1) < 0:
        s.bail = 1
        return -1
    memcpy(s.arena + s.arena_len, b, n)
    s.arena_len += n
    return 0


cdef const char* _att(const char** atts, const char* name) noexcept nogil:
    cdef int i = 0
    while atts[i] is not NULL:
        if strcmp(atts[i], name) == 0:
            return atts[i + 1]
        i += 2
    return NULL


cdef Note* _note(SaxState* s, int kind, int gen) noexcept nogil:
    cdef Note* n
    if _grow(<void**>&s.notes, &s.notes_cap, s.n_notes + 1, sizeof(Note)) < 0:
        s.bail = 1
        return NULL
    n = &s.notes[s.n_notes]
    n.kind, n.rec, n.gen = kind, s.rec, gen
    n.key_off = n.key_len = 0
    n.lang_off, n.lang_len = -1, 0
    n.off, n.len = s.arena_len, 0
    s.note = <Py_ssize_t>s.n_notes
    s.n_notes += 1
    return n


cdef int _ns_code(const char* uri) noexcept nogil:
    if strcmp(uri, OAI_NS) == 0:
        return NS_OAI
    if strcmp(uri, DC_NS) == 0:
        return NS_DC
    if strcmp(uri, XML_NS) == 0:
        return NS_XML
    return NS_OTHER


cdef int _remember_uri(SaxState* s, const char* uri) noexcept nogil:
    """Note a declared namespace URI other than the three known ones, once per page (libxml2
    refuses a page declaring a URI it cannot parse, which the caller checks after the parse);
    -1 (bail) past 16 distinct ones."""
    cdef int j
    cdef size_t n = strlen(uri)
    for j in range(s.n_uris):
        if s.uri_len[j] == n and memcmp(s.uris + s.uri_off[j], uri, n) == 0:
            return 0
    if s.n_uris >= 16 or _grow(<void**>&s.uris, &s.uris_cap, s.uris_len + n + 1, 1) < 0:
        return -1
    memcpy(s.uris + s.uris_len, uri, n)
    s.uri_off[s.n_uris] = s.uris_len
    s.uri_len[s.n_uris] = n
    s.uris_len += n
    s.n_uris += 1
    return 0


cdef int _attribute_names_ok(SaxState* s, const char** atts) noexcept nogil:
    """0 when every prefixed attribute name is one libxml2 accepts too: one colon, both parts
    non-empty, the prefix xml, xmlns or bound in scope."""
    cdef int i = 0
    cdef const char* name
    cdef const char* colon
    cdef const char* c
    cdef size_t plen
    cdef Py_ssize_t j
    cdef bint bound
    while atts[i] is not NULL:
        name = atts[i]
        colon = NULL
        c = name
        while c[0]:
            if c[0] == 58:
                if colon is not NULL:
                    return -1
                colon = c
            c += 1
        if colon is not NULL:
            plen = <size_t>(colon - name)
            if plen == 0 or colon[1] == 0:
                return -1
            if not ((plen == 3 and memcmp(name, b"xml", 3) == 0) or (plen == 5 and memcmp(name, b"xmlns", 5) == 0)):
                bound = False
                j = <Py_ssize_t>s.n_ns - 1
                while j >= 0 and not bound:
                    bound = not s.ns[j].is_default and s.ns[j].plen == plen and memcmp(s.ns[j].prefix, name, plen) == 0
                    j -= 1
                if not bound:
                    return -1
        i += 2
    return 0


cdef int _declare(SaxState* s, const char** atts) noexcept nogil:
    """Push the namespace declarations among an element's attributes; -1 (bail) on a declaration
    the lxml path would treat differently (reserved prefixes, undeclaring a prefix, long prefixes)."""
    cdef int i = 0, code
    cdef const char* name
    cdef size_t plen
    cdef Binding* b
    while atts[i] is not NULL:
        name = atts[i]
        if strncmp(name, b"xmlns", 5) == 0 and (name[5] == 0 or name[5] == 58):      # "xmlns", "xmlns:"
            code = _ns_code(atts[i + 1])
            plen = strlen(name + 6) if name[5] == 58 else 0
            if name[5] == 58:
                if plen == 0 or plen > MAX_PREFIX or atts[i + 1][0] == 0 or code == NS_XML \
                        or strcmp(name + 6, b"xml") == 0 or strcmp(name + 6, b"xmlns") == 0:
                    return -1
            elif code == NS_XML:
                return -1
            if atts[i + 1][0] != 0 and code == NS_OTHER and _remember_uri(s, atts[i + 1]) < 0:
                return -1
            if _grow(<void**>&s.ns, &s.ns_cap, s.n_ns + 1, sizeof(Binding)) < 0:
                return -1
            b = &s.ns[s.n_ns]
            b.depth, b.code, b.is_default, b.plen = s.depth, code, name[5] == 0, plen
            if plen:
                memcpy(b.prefix, name + 6, plen)
            b.prefix[plen] = 0
            s.n_ns += 1
        i += 2
    return 0


cdef int _resolve(SaxState* s, const char* name, const char** local) noexcept nogil:
    """The NS_* code of an element name and its local part; -1 for an unbound prefix or a name
    with more than one colon."""
    cdef const char* colon = NULL
    cdef const char* c = name
    cdef size_t plen
    cdef Py_ssize_t i
    while c[0]:
        if c[0] == 58:
            if colon is not NULL:
                return -1
            colon = c
        c += 1
    if colon is NULL:
        local[0] = name
        i = <Py_ssize_t>s.n_ns - 1
        while i >= 0:
            if s.ns[i].is_default:
                return s.ns[i].code
            i -= 1
        return NS_OTHER
    plen = <size_t>(colon - name)
    local[0] = colon + 1
    if plen == 0 or colon[1] == 0:
        return -1
    i = <Py_ssize_t>s.n_ns - 1
    while i >= 0:
        if not s.ns[i].is_default and s.ns[i].plen == plen and memcmp(s.ns[i].prefix, name, plen) == 0:
            return s.ns[i].code
        i -= 1
    if plen == 3 and memcmp(name, b"xml", 3) == 0:
        return NS_XML
    return -1


cdef void _start(void* data, const char* name, const char** atts) noexcept nogil:
    cdef SaxState* s = <SaxState*>data
    cdef Note* n
    cdef Rec* r
    cdef const char* v
    cdef const char* local
    cdef size_t k
    cdef int code
    s.depth += 1
    if s.bail:
        return
    if atts[0] is not NULL and (_declare(s, atts) < 0 or _attribute_names_ok(s, atts) < 0):
        s.bail = 1
        return
    code = _resolve(s, name, &local)
    if code < 0:
        s.bail = 1
        return
    if s.capture:
        return
    if s.depth == 2:
        if code == NS_OAI and (strcmp(local, b"error") == 0 or strcmp(local, b"GetRecord") == 0):
            s.bail = 1
        elif code == NS_OAI and strcmp(local, b"ListRecords") == 0 and not s.seen_list:
            s.seen_list = s.in_list = 1
    elif s.depth == 3 and s.in_list:
        if code == NS_OAI and strcmp(local, b"record") == 0:
            if _grow(<void**>&s.recs, &s.recs_cap, s.n_recs + 1, sizeof(Rec)) < 0:
                s.bail = 1
                return
            s.rec = <int>s.n_recs
            s.recs[s.rec].header_gen = s.recs[s.rec].meta_gen = s.recs[s.rec].deleted = 0
            s.n_recs += 1
        elif code == NS_OAI and strcmp(local, b"resumptionToken") == 0 and s.token_state == 0:
            s.token_state = 1
            v = _att(atts, b"completeListSize")
            if v is not NULL:
                s.size_off = <Py_ssize_t>s.arena_len
                s.size_len = strlen(v)
                if _put(s, v, s.size_len) < 0:
                    return
            s.token_off = s.arena_len
            s.note = -1
            s.capture = s.depth
    elif s.rec >= 0:
        r = &s.recs[s.rec]
        if s.depth == 4:
            if code == NS_OAI and strcmp(local, b"header") == 0:
                r.header_gen += 1
                v = _att(atts, b"status")
                r.deleted = v is not NULL and strcmp(v, b"deleted") == 0
                s.part = 1
            elif code == NS_OAI and strcmp(local, b"metadata") == 0:
                r.meta_gen += 1
                s.part = 2
            else:
                s.part = 0
        elif s.depth == 5 and s.part == 1:
            if code != NS_OAI:
                return
            if strcmp(local, b"identifier") == 0:
                n = _note(s, K_IDENTIFIER, r.header_gen)
            elif strcmp(local, b"datestamp") == 0:
                n = _note(s, K_DATESTAMP, r.header_gen)
            elif strcmp(local, b"setSpec") == 0:
                n = _note(s, K_SETSPEC, r.header_gen)
            else:
                return
            if n is not NULL:
                s.capture = s.depth
        elif s.depth == 6 and s.part == 2 and code == NS_DC:
            k = strlen(local)
            v = NULL
            if (k == 5 and memcmp(local, b"title", 5) == 0) or (k == 11 and memcmp(local, b"description", 11) == 0):
                v = _att(atts, b"xml:lang")
            n = _note(s, K_DC, r.meta_gen)
            if n is NULL:
                return
            n.key_off = s.arena_len
            n.key_len = k
            if _put(s, local, k) < 0:
                return
            if v is not NULL:
                s.notes[s.note].lang_off = <Py_ssize_t>s.arena_len
                s.notes[s.note].lang_len = strlen(v)
                if _put(s, v, strlen(v)) < 0:
                    return
            s.notes[s.note].off = s.arena_len
            s.capture = s.depth


cdef void _end(void* data, const char* name) noexcept nogil:
    cdef SaxState* s = <SaxState*>data
    if not s.bail:
        if s.capture == s.depth:
            if s.note < 0:
                s.token_len = s.arena_len - s.token_off
                s.token_state = 2
            else:
                s.notes[s.note].len = s.arena_len - s.notes[s.note].off
            s.capture = 0
        elif not s.capture:
            if s.depth == 4:
                s.part = 0
            elif s.depth == 3:
                s.rec = -1
            elif s.depth == 2:
                s.in_list = 0
        while s.n_ns and s.ns[s.n_ns - 1].depth == s.depth:
            s.n_ns -= 1
    s.depth -= 1


cdef void _chars(void* data, const char* text, int n) noexcept nogil:
    cdef SaxState* s = <SaxState*>data
    if s.capture and not s.bail:
        _put(s, text, <size_t>n)


cdef void _pi(void* data, const char* target, const char* value) noexcept nogil:
    cdef SaxState* s = <SaxState*>data
    # inside a value lxml's rules for the text around a PI differ; libxml2 refuses a colon in a
    # PI's target: either way, let the lxml path read the page
    if s.capture or strchr(target, 58) is not NULL:
        s.bail = 1


cdef void _doctype(void* data, const char* name, const char* sysid, const char* pubid, int internal) noexcept nogil:
    (<SaxState*>data).bail = 1


cdef int _sax_parse(SaxState* s, const char* buf, Py_ssize_t n) noexcept nogil:
    """1 when the page was read completely and described exactly; 0 otherwise."""
    cdef XML_Parser p = _expat.ParserCreate_MM(NULL, NULL, NULL)
    cdef int ok = 1
    if p is NULL:
        return 0
    _expat.SetUserData(p, s)
    _expat.SetElementHandler(p, _start, _end)
    _expat.SetCharacterDataHandler(p, _chars)
    _expat.SetProcessingInstructionHandler(p, _pi)
    _expat.SetStartDoctypeDeclHandler(p, _doctype)
    if _expat.Parse(p, buf, <int>n, 1) == 0:        # in one call: slices cost a sixth more
        ok = 0
    _expat.ParserFree(p)
    return ok and not s.bail and s.seen_list


cdef inline object _text_at(SaxState* s, size_t off, size_t n):
    return _strip_decode(<const unsigned char*>s.arena + off, n)


cdef class SaxPage:
    """A ListRecords page read without a tree (see :func:`sax_page`)."""
    cdef SaxState s
    cdef readonly object token
    cdef readonly object complete_list_size

    def __dealloc__(self):
        free(self.s.uris)
        free(self.s.ns)
        free(self.s.arena)
        free(self.s.notes)
        free(self.s.recs)

    def items(self, str source, str base_url, str fetched_at, repository_name, frozenset extra_keys):
        """The page's items, as :func:`harvest_page` gives them, one record at a time."""
        cdef SaxState* s = &self.s
        cdef size_t i = 0, r
        cdef Note* n
        cdef Rec* rec
        cdef dict dc, langs
        cdef list sets, values
        cdef str key
        for r in range(s.n_recs):
            rec = &s.recs[r]
            while i < s.n_notes and s.notes[i].rec < <int>r:
                i += 1
            if rec.header_gen == 0:
                continue
            identifier = datestamp = ""
            sets, dc, langs = [], {}, {}
            while i < s.n_notes and s.notes[i].rec == <int>r:
                n = &s.notes[i]
                i += 1
                if n.kind == K_DC:
                    if n.gen != rec.meta_gen:
                        continue
                    t = _text_at(s, n.off, n.len)
                    if t is None:
                        continue
                    key = PyUnicode_DecodeUTF8(s.arena + n.key_off, n.key_len, NULL)
                    values = dc.get(key)
                    if values is None:
                        dc[key] = [t]
                    else:
                        values.append(t)
                    if key == "title" or key == "description":
                        lang = None if n.lang_off < 0 else PyUnicode_DecodeUTF8(
                            s.arena + n.lang_off, n.lang_len, NULL)
                        values = langs.get(key)
                        if values is None:
                            langs[key] = [lang]
                        else:
                            values.append(lang)
                elif n.gen == rec.header_gen:
                    t = _text_at(s, n.off, n.len)
                    if n.kind == K_IDENTIFIER:
                        identifier = t or ""
                    elif n.kind == K_DATESTAMP:
                        datestamp = t or ""
                    elif t:
                        sets.append(t)
            yield _item((identifier, datestamp, sets, bool(rec.deleted), dc, langs), source, base_url,
                        fetched_at, repository_name, extra_keys)


_URIS: dict = {}                     # namespace URI -> whether libxml2 accepts it in a declaration


def _uri_ok(str uri):
    """Whether lxml's strict parser accepts a declaration of this namespace URI (it refuses URIs
    libxml2 cannot parse): asked of libxml2 itself, once per URI."""
    ok = _URIS.get(uri)
    if ok is None:
        from lxml import etree
        quoted = uri.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        try:
            etree.fromstring(f'<a xmlns:x="{quoted}"/>'.encode(), etree.XMLParser(resolve_entities=False,
                                                                              no_network=True))
            ok = True
        except etree.XMLSyntaxError:
            ok = False
        if len(_URIS) < 1000:
            _URIS[uri] = ok
    return ok


def sax_page(bytes content not None):
    """The page read by expat without building a tree, or None where it has to go through lxml
    (see the section comment). The caller has already refused DOCTYPE and ENTITY declarations."""
    cdef SaxPage page
    cdef const char* buf = content
    cdef Py_ssize_t n = len(content)
    cdef int ok
    if _expat is NULL or n > 2_000_000_000:
        return None
    page = SaxPage.__new__(SaxPage)
    page.s.rec = -1
    page.s.size_off = -1
    with nogil:
        ok = _sax_parse(&page.s, buf, n)
    if not ok:
        return None
    s = &page.s
    for i in range(s.n_uris):
        if not _uri_ok(PyUnicode_DecodeUTF8(s.uris + s.uri_off[i], s.uri_len[i], NULL)):
            return None
    if s.token_state:
        page.token = _text_at(s, s.token_off, s.token_len)
        if s.size_off >= 0:
            size = PyUnicode_DecodeUTF8(s.arena + s.size_off, s.size_len, NULL)
            page.complete_list_size = int(size) if size and size.isascii() and size.isdigit() else None
    return page

