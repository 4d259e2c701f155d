"""Listing pages: the article links a SiteAdapter selects and the next page (a link or a postback)."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.sites.adapter import SiteAdapter
from extractors.sites.page import absolute_url, all_first_match, html_tree
from extractors.sites.postback import Postback, build_postback, pick_postback
from extractors.tables.grid import clean_text


@dataclass
class Listing:
    """Article links of one listing page and the next page, if any: a GET link (`next_url`) or
    an ASP.NET postback (`next_postback`, the form the browser would send)."""

    items: list[tuple[str, str]]  # (url, link text)
    next_url: str | None
    next_postback: Postback | None = None
    problem: str = ""  # why a next link that was found cannot be followed


def parse_listing(text: str, url: str, adapter: SiteAdapter, *, page_no: int = 1, charset: str = "utf-8") -> Listing:
    """Article links and the next page of a listing page.

    `page_no` is the pager page this listing is (GridView `Page$N` pagers move to `Page$<page_no+1>`);
    `charset` is the page's encoding, which a postback form is encoded in.
    """
    tree = html_tree(text)
    items: list[tuple[str, str]] = []
    seen: set[str] = set()
    for a in tree.css(adapter.listing_item):
        link = absolute_url(url, a.attributes.get("href"))
        if link and link not in seen:
            seen.add(link)
            items.append((link, clean_text(a.text(deep=True))))
    listing = Listing(items, None)
    if not adapter.next_page:
        return listing
    nodes = all_first_match(tree, adapter.next_page)
    if adapter.pager != "postback" and nodes:
        nxt = absolute_url(url, nodes[0].attributes.get("href"))
        if nxt:
            listing.next_url = nxt if nxt != url else None
            return listing
    if adapter.pager == "link":
        return listing
    picked = pick_postback(nodes, page_no)
    if picked is None:
        return listing
    node, call = picked
    pb = build_postback(tree, node, call, url, charset=charset, form_selector=adapter.pager_form)
    if pb is None:
        listing.problem = (
            f"next link is a postback ({call.target!r}, {call.argument!r}) but the page has no "
            f"form to submit" + (f" matching pager_form {adapter.pager_form!r}" if adapter.pager_form else "")
        )
    listing.next_postback = pb
    return listing
