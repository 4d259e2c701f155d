"""Code hooks for site oddities that selectors cannot express. Each is hook(article, tree) -> None."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from extractors.sites.article import Article
from extractors.tables.headers import fold

_HERE = re.compile(r"^(tai day|xem tai day|tai ve|download|file dinh kem|tep dinh kem|xem chi tiet)$")


def kontum_attachments(article: Article, tree: LexborHTMLParser) -> None:
    """skhcn.kontum.gov.vn: "File đính kèm TẠI ĐÂY" links to a download handler without a file extension."""
    have = {u for u, _ in article.attachments}
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        label = fold(a.text(deep=True) or "")
        parent = a.parent
        context = fold(parent.text(deep=True) or "") if parent is not None else ""
        if _HERE.match(label) or ("dinh kem" in context and "download" in href.lower()):
            url = urljoin(article.url, href).split("#", 1)[0]
            if url not in have:
                have.add(url)
                article.attachments.append((url, " ".join((a.text(deep=True) or "").split())))
