"""Legacy-font spans inside Unicode pages (extractors.sites.article.repair_legacy_spans): which pages
are walked, and what the walk converts."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractors.sites.article import _SEP, _legacy_text_in, repair_legacy_spans
from extractors.sites.page import html_tree

UNICODE_PAGE = (
    "<html><body><div class='breadcrumb'>Trang chủ » Tin tức</div>"
    "<div class='block-weather'>Bắc Kạn <span>28°C</span> Nắng. Độ ẩm 72% ©2024</div>"
    "<p>Chủ nhiệm đề tài: TS. Nguyễn Văn Bình, thời gian thực hiện 24 tháng, diện tích 2 ha.</p>"
    "<table><tr><td>Tên nhiệm vụ</td><td>Kinh phí</td></tr><tr><td>Bảo tồn nguồn gen</td><td>500</td></tr></table>"
    "</body></html>"
)


def _text(tree: LexborHTMLParser) -> str:
    return tree.root.text(deep=True, separator=_SEP)


def test_a_unicode_vietnamese_page_is_not_walked():
    tree = html_tree(UNICODE_PAGE)
    assert not _legacy_text_in(_text(tree))
    before = tree.html
    assert repair_legacy_spans(tree) == 0
    assert tree.html == before


@pytest.mark.parametrize(("font", "span"), [(".VnTime", "B¶o tån nguån gen"), ("VNI-Times", "Baûo toàn nguoàn gen")])
def test_a_legacy_span_in_a_unicode_page_is_converted(font, span):
    page = UNICODE_PAGE.replace(
        "<td>Bảo tồn nguồn gen</td>", f"<td><span style='font-family:{font}'>{span}</span></td>"
    )
    tree = html_tree(page)
    assert _legacy_text_in(_text(tree))
    assert repair_legacy_spans(tree) == 1
    assert "Bảo tồn nguồn gen" in tree.root.text() and span not in tree.root.text()
    assert "Trang chủ » Tin tức" in tree.root.text() and "28°C" in tree.root.text()


def test_short_runs_in_the_legacy_font_follow_the_page_encoding():
    """ "Thêi gian" alone cannot be told; set in .VnTime beside runs that could, it is TCVN3 too."""
    page = UNICODE_PAGE.replace(
        "<td>Bảo tồn nguồn gen</td>",
        "<td><span style='font-family:.VnTime'>B¶o tån nguån gen</span></td>"
        "<td><span style='font-family:.VnTime'>Thêi gian</span></td>",
    )
    tree = html_tree(page)
    assert repair_legacy_spans(tree) == 2
    assert "Thời gian" in tree.root.text()


def test_text_nodes_are_exactly_the_separated_parts():
    """The page-level search relies on this: no text node holds the separator (the HTML parser drops a
    NUL or replaces it with U+FFFD), so the parts between separators are the text nodes, in order."""
    tree = LexborHTMLParser(
        "<title>a\x00b</title><script>j\x00k</script><body>x\x00y &#0;<table>t\x00u<tr><td>c\x00d</td></tr>"
        "</table><textarea>e\x00f</textarea><svg><text>g\x00h</text></svg><pre>\x00q</pre><!--c\x00--></body>"
    )
    nodes = [n.text(deep=False) for n in tree.root.traverse(include_text=True) if n.is_text_node]
    assert all(_SEP not in t for t in nodes)
    assert _text(tree).split(_SEP) == nodes
