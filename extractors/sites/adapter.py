"""Site adapter settings: what to select on listing and article pages of one CMS family."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SITES_DIR = Path(__file__).resolve().parents[2] / "config" / "sites"


class AdapterError(ValueError):
    """A site adapter is missing or malformed (a configuration error)."""


@dataclass(frozen=True)
class SiteAdapter:
    """CSS selectors and conventions of one site; `hook` names "module:function" for oddities.

    A hook is called as hook(article: page.Article, tree) -> None and may edit the article
    (e.g. add attachment links that selectors cannot express).

    Pagination: `next_page` selects the next-page control of a listing page. `pager` says how
    to follow it:

    - ``auto`` (default): an ordinary link is fetched with GET; a control that posts back
      (``javascript:__doPostBack('ctl00$…$lnkNext','')``, a WebForm_DoPostBackWithOptions
      onclick, or a submit/image button) is followed the way a browser does it: every control of
      the page's form (hidden __VIEWSTATE, __VIEWSTATEGENERATOR, __EVENTVALIDATION, text inputs,
      checked boxes, selected options; never other buttons) plus __EVENTTARGET/__EVENTARGUMENT
      from the call is POSTed, form-urlencoded, to the form's action. When `next_page` matches a
      GridView pager (arguments ``Page$N``), the crawler picks ``Page$Next`` or ``Page$<n+1>``
      among the matched links, so select the whole pager row (e.g. ``#ctl00_cph_gvList tr.pager a``).
    - ``link``: GET links only (postback controls are ignored: pagination stops at page 1).
    - ``postback``: postback controls only (a GET href on the matched control is ignored).

    `pager_form` (CSS) names the form to submit when the page has several and the control sits
    outside the right one; by default the control's own form, else the one holding __VIEWSTATE.
    The source's `max_pages` caps postback pages like GET pages.
    """

    name: str
    listing_item: str
    article_title: str
    article_body: str
    next_page: str = ""
    article_date: str = ""
    date_regex: str = r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})"
    attachments: str = "a"
    remove: str = "script, style"
    date_order: str = "dmy"  # of the CMS's page date line ("Ngày: 5/3/2018 12:00:00 AM" is m/d on DNN)
    content_date_order: str = "dmy"  # of dates written in articles, tables and attachments (Vietnamese: d/m/y)
    encoding: str = ""  # override a wrong declared charset
    pager: str = "auto"  # auto | link | postback (see above)
    pager_form: str = ""  # CSS selector of the form a postback submits (default: see above)
    hook: str = ""

    def hook_fn(self) -> Callable[..., Any] | None:
        """The code hook, imported on first use."""
        if not self.hook:
            return None
        module, _, func = self.hook.partition(":")
        try:
            return getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError) as e:
            raise AdapterError(f"site {self.name!r}: hook {self.hook!r} not found ({e})") from None


_REQUIRED = ("listing_item", "article_title", "article_body")
PAGERS = ("auto", "link", "postback")


def adapter_from_mapping(data: dict[str, Any], name: str = "inline") -> SiteAdapter:
    """Validate a mapping of adapter settings."""
    known = {f.name for f in fields(SiteAdapter)}
    unknown = set(data) - known - {"extends"}
    if unknown:
        raise AdapterError(f"site {name!r}: unknown keys {sorted(unknown)} (known: {sorted(known)})")
    base: dict[str, Any] = {}
    if data.get("extends"):
        base = {f.name: getattr(load_adapter(data["extends"]), f.name) for f in fields(SiteAdapter)}
    merged = {**base, **{k: v for k, v in data.items() if k != "extends"}}
    merged.setdefault("name", name)
    for k in _REQUIRED:
        if not isinstance(merged.get(k), str) or not merged[k].strip():
            raise AdapterError(f"site {name!r}: key {k!r} must be a CSS selector")
    for key in ("date_order", "content_date_order"):
        if merged.get(key, "dmy") not in ("dmy", "mdy"):
            raise AdapterError(f"site {name!r}: {key} must be dmy or mdy, got {merged[key]!r}")
    if merged.get("pager", "auto") not in PAGERS:
        raise AdapterError(f"site {name!r}: pager must be one of {', '.join(PAGERS)}, got {merged['pager']!r}")
    return SiteAdapter(**{k: str(v) if v is not None else "" for k, v in merged.items()})


@lru_cache(maxsize=64)
def _load_named(name: str, sites_dir: str) -> SiteAdapter:
    path = Path(sites_dir) / f"{name}.yaml"
    if not path.is_file():
        have = sorted(p.stem for p in Path(sites_dir).glob("*.yaml"))
        raise AdapterError(f"no site adapter {name!r} in {sites_dir} (have: {have})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise AdapterError(f"{path}: expected a mapping of adapter settings")
    return adapter_from_mapping(data, name)


def load_adapter(site: str | dict[str, Any] | None, sites_dir: Path = SITES_DIR) -> SiteAdapter:
    """A named adapter (config/sites/<name>.yaml) or an inline mapping from a source config."""
    if site is None:
        return GENERIC
    if isinstance(site, dict):
        return adapter_from_mapping(site, str(site.get("name", "inline")))
    return _load_named(site, str(sites_dir))


# Used when no site is given (e.g. `stcat parse page.html`): whole body, every table.
GENERIC = SiteAdapter(
    name="generic",
    listing_item="a",
    article_title="h1, title",
    article_body="article, main, #content, .content, body",
    attachments="a",
)
