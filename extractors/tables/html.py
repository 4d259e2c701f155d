"""HTML tables (selectolax/lexbor nodes) → Grids, in time linear in the page however deep tables nest."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.tables.grid import Grid, clean_text, expand

MAX_TABLE_DEPTH = 50  # tables inside tables inside tables…: deeper is a broken or hostile page
MAX_TABLE_CELLS = 200_000  # td/th cells read from one page's innermost tables
MAX_HTML_BYTES = 8 * 1024 * 1024  # one page (its text is held several times through parse and prose)
MAX_HTML_TAGS = 200_000  # markup tags ("<") in one page: each costs tree nodes and objects
MAX_HTML_DEPTH = 1_000  # elements left open inside each other, estimated on the bytes before parsing:
# the HTML tree builder walks the open elements for each tag (quadratic)
DEPTH_SCAN_FROM = 5_000  # tags: below this even the deepest nesting parses fast, and the scan is skipped
# (it costs more than lexbor's parse of an ordinary page)
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# void elements, and elements the tree builder closes by itself (a new one closes the previous one)
_NOT_NESTING = frozenset(
    b"""area base br col embed hr img input link meta param source track wbr
    p li dt dd tr td th thead tbody tfoot option optgroup rt rp caption colgroup""".split()
)


class PageProblem(ValueError):
    """A page that cannot be read (undecodable bytes, no document, over a budget); the message is the reason.
    (Defined here, below extractors.sites.page which re-exports it, so table reading can raise it too.)"""


def check_markup(content: bytes) -> None:
    """Refuse, before parsing, a page with more than MAX_HTML_TAGS tags or with elements nested deeper
    than MAX_HTML_DEPTH (a start tag opens, its end tag closes; void and self-closing elements do not
    nest). Both are page budgets: memory follows the tag count, parse time the tags times the depth;
    and a page over MAX_HTML_BYTES is refused whole."""
    if len(content) > MAX_HTML_BYTES:
        raise PageProblem(f"page over budget: {len(content)} bytes > {MAX_HTML_BYTES} (page size limit)")
    if (tags := content.count(b"<")) > MAX_HTML_TAGS:
        raise PageProblem(f"page over budget: {tags} markup tags > {MAX_HTML_TAGS} (markup tags limit)")
    if tags <= DEPTH_SCAN_FROM:
        return
    depth = deepest = 0
    for m in _TAG.finditer(content):
        name = m.group(2).lower()
        if name in _NOT_NESTING or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_HTML_DEPTH:
                    raise PageProblem(
                        f"page over budget: elements nested more than {MAX_HTML_DEPTH} deep "
                        f"(markup nesting depth limit)"
                    )


_BLOCKS = "p, div, li, h1, h2, h3, h4, h5, h6"
_BREAKS = "br, " + _BLOCKS


def mark_breaks(node: LexborNode) -> None:
    """In a subtree, make <br> and block ends newlines so texts keep their line structure.

    Done on the DOM of the parts we read (the article body), not on the whole page source:
    a regex over the page cost as much as parsing it.
    """
    br = _BR_TAG
    for el in node.css(_BREAKS):  # one traversal for both kinds
        if el.tag_id == br:
            el.replace_with("\n")
        else:
            el.insert_after("\n")


def node_text(node: LexborNode) -> str:
    """Visible text of a node, lines kept, spaces collapsed."""
    return clean_text(node.text(deep=True))


_INT = re.compile(r"\s*(\d+)")


def _span(v: str | None) -> int:
    if not v:
        return 1
    m = _INT.match(v)
    return int(m.group(1)) if m else 1


def _cell_tag_ids() -> frozenset[int]:
    probe = LexborHTMLParser("<table><tr><td></td><th></th></tr></table>")
    return frozenset(n.tag_id for n in probe.css("td, th"))


_CELL_TAGS = _cell_tag_ids()  # lexbor tag ids of td and th: an int test per child node
_BR_TAG = LexborHTMLParser("<br>").css_first("br").tag_id


def _rows(table: LexborNode) -> list[list[tuple[str, int, int]]]:
    """(text, rowspan, colspan) of every cell of an innermost table, row by row.

    The parser puts every tr under thead/tbody/tfoot, so css("tr") lists the rows in order.
    Hot (every cell of every table): plain tuples, and clean_text's fast path inlined.
    """
    rows: list[list[tuple[str, int, int]]] = []
    cell_tags = _CELL_TAGS
    for tr in table.css("tr"):
        row: list[tuple[str, int, int]] = []
        for td in tr.iter():
            if td.tag_id not in cell_tags:
                continue
            text = td.text(deep=True)
            text = text.strip() if text.isprintable() and "  " not in text else clean_text(text)
            attrs = td.attributes
            if attrs and ("rowspan" in attrs or "colspan" in attrs):
                row.append((text, _span(attrs.get("rowspan")), _span(attrs.get("colspan"))))
            else:
                row.append((text, 1, 1))
        rows.append(row)
    return rows


def _above(table: LexborNode, n: int = 2) -> list[str]:
    out: list[str] = []
    sib = table.prev
    while sib is not None and len(out) < n:
        if sib.is_element_node:
            t = node_text(sib)
            if t:
                out.insert(0, t)
        sib = sib.prev
    return out


def _holders(tables: list[LexborNode]) -> list[bool]:
    """Which of `tables` (in document order) hold another table: layout tables, not data.

    Each table walks up to its nearest table ancestor; every node passed on the way remembers the
    answer, so no node is walked twice and the whole pass is linear in the page (asking each table
    for the tables below it was quadratic in the nesting depth). Nesting deeper than MAX_TABLE_DEPTH
    is refused.
    """
    index = {t.mem_id: i for i, t in enumerate(tables)}
    nearest: dict[int, int] = {}  # node -> index of its nearest table ancestor (-1: none)
    depth = [1] * len(tables)
    holds = [False] * len(tables)
    for i, table in enumerate(tables):
        path: list[int] = []
        node, found = table.parent, -1
        while node is not None:
            key = node.mem_id
            if key in index:
                found = index[key]
                break
            if key in nearest:
                found = nearest[key]
                break
            path.append(key)
            node = node.parent
        for key in path:
            nearest[key] = found
        if found >= 0:
            holds[found] = True
            depth[i] = depth[found] + 1
            if depth[i] > MAX_TABLE_DEPTH:
                raise PageProblem(
                    f"page over budget: tables nested {depth[i]} deep > {MAX_TABLE_DEPTH} (table nesting depth limit)"
                )
    return holds


def grids_from_tables(tables: list[LexborNode]) -> list[Grid]:
    """Every innermost table of `tables` (a caller's root.css("table"), in document order) as a Grid named table1, table2…"""
    grids: list[Grid] = []
    cells = 0
    for i, (table, holder) in enumerate(zip(tables, _holders(tables)), start=1):
        if holder:  # a layout table holding other tables
            continue
        rows = _rows(table)
        cells += sum(map(len, rows))
        if cells > MAX_TABLE_CELLS:
            raise PageProblem(
                f"page over budget: its tables hold more than {MAX_TABLE_CELLS} cells (table cells limit)"
            )
        grids.append(expand(f"table{i}", rows, _above(table)))
    return grids
