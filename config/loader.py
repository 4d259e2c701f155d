"""Load and validate a province config (YAML). Errors name the file, the key and what was expected.

Shape (contract, see docs/ARCHITECTURE.md):

    province: {code, name, merged_into: {code, name, date}}
    publisher: {name, ckan_organization, contact_name, contact_email, license}
    sources: [{name, kind: html|file|oai_pmh|openalex|crossref, ...settings}]
    catalog: local | ckan | {kind: local|ckan, dir, url_env, token_env, ...}

Secrets never appear here: a config names an environment variable or a Prefect Secret block.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SOURCE_KINDS = ("html", "file", "oai_pmh", "openalex", "crossref")
CATALOG_KINDS = ("local", "ckan")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
_SECRETISH = re.compile(r"(token|api_?key|password|secret)$", re.I)


class ConfigError(ValueError):
    """A config file is missing, unreadable or does not have the expected shape."""

    def __init__(self, file: str | Path, key: str, expected: str, got: Any = None):
        self.file, self.key, self.expected = str(file), key, expected
        msg = f"{file}: key '{key}': expected {expected}"
        if got is not None:
            msg += f", got {got!r}"
        super().__init__(msg)


@dataclass(frozen=True)
class Merge:
    code: str
    name: str
    date: dt.date


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    merged_into: Merge | None = None

    def current_code(self, on: dt.date | None = None) -> str:
        """Province code in force on a date (today when None)."""
        on = on or dt.date.today()
        if self.merged_into and on >= self.merged_into.date:
            return self.merged_into.code
        return self.code


@dataclass(frozen=True)
class Publisher:
    name: str
    ckan_organization: str
    name_en: str = ""
    contact_name: str = ""
    contact_email: str = ""
    license: str = "CC-BY-4.0"
    url: str = ""


@dataclass(frozen=True)
class SourceConfig:
    """One source. `settings` keeps every kind-specific key; extractors validate their own."""

    name: str
    kind: str
    settings: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True

    def get(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)


@dataclass(frozen=True)
class CatalogConfig:
    kind: str = "local"
    dir: str = "var/catalog"
    url_env: str = "CKAN_URL"
    token_env: str = "CKAN_API_TOKEN"
    token_block: str = ""
    max_delete_share: float = 0.2
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProvinceConfig:
    path: Path
    province: Province
    publisher: Publisher
    sources: tuple[SourceConfig, ...]
    catalog: CatalogConfig
    user_agent: str = "stcat/0.1 (+https://github.com/stcat-vn/stcat; opendata@example.org)"
    # organizations.same_as: a name as sources write it -> the body it is (merges a data engineer
    # confirmed, e.g. from var/review/organizations.yaml); matched after canonicalization
    org_same_as: tuple[tuple[str, str], ...] = ()

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(self.path, "sources", f"a source named {name!r} (have: {[s.name for s in self.sources]})")


def _req(d: dict, key: str, path: str, file: Path, typ: type | tuple = str) -> Any:
    if not isinstance(d, dict) or key not in d or d[key] in (None, ""):
        raise ConfigError(file, f"{path}{key}", f"a {_tname(typ)} (missing)")
    v = d[key]
    if not isinstance(v, typ):
        raise ConfigError(file, f"{path}{key}", f"a {_tname(typ)}", v)
    return v


def _tname(typ: type | tuple) -> str:
    if isinstance(typ, tuple):
        return " or ".join(t.__name__ for t in typ)
    return {"str": "string", "dict": "mapping", "list": "list"}.get(typ.__name__, typ.__name__)


def _date(v: Any, key: str, file: Path) -> dt.date:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise ConfigError(file, key, "an ISO date YYYY-MM-DD", v) from None


def _check_no_secrets(node: Any, path: str, file: Path) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if _SECRETISH.search(str(k)) and isinstance(v, str) and v:
                raise ConfigError(file, f"{path}{k}", "no literal secret: name an environment variable "
                                  f"('{k}_env') or a Prefect Secret block ('{k}_block') instead")
            _check_no_secrets(v, f"{path}{k}.", file)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_no_secrets(v, f"{path}[{i}].", file)


def parse_config(data: Any, file: Path) -> ProvinceConfig:
    """Validate a parsed YAML document and build the typed config."""
    if not isinstance(data, dict):
        raise ConfigError(file, "(top level)", "a mapping with province, publisher, sources, catalog", type(data).__name__)
    _check_no_secrets(data, "", file)
    p = _req(data, "province", "", file, dict)
    merged = None
    if p.get("merged_into") is not None:
        m = _req(p, "merged_into", "province.", file, dict)
        merged = Merge(code=str(_req(m, "code", "province.merged_into.", file, (str, int))).zfill(2),
                       name=_req(m, "name", "province.merged_into.", file),
                       date=_date(_req(m, "date", "province.merged_into.", file, (str, dt.date)),
                                  "province.merged_into.date", file))
    province = Province(code=str(_req(p, "code", "province.", file, (str, int))).zfill(2),
                        name=_req(p, "name", "province.", file), merged_into=merged)

    pub = _req(data, "publisher", "", file, dict)
    org = _req(pub, "ckan_organization", "publisher.", file)
    if not _SLUG.match(org):
        raise ConfigError(file, "publisher.ckan_organization", "a CKAN name: lowercase ASCII letters, digits, - and _", org)
    publisher = Publisher(
        name=_req(pub, "name", "publisher.", file), ckan_organization=org,
        name_en=str(pub.get("name_en", "")), contact_name=str(pub.get("contact_name", "")),
        contact_email=str(pub.get("contact_email", "")), license=str(pub.get("license", "CC-BY-4.0")),
        url=str(pub.get("url", "")))

    raw_sources = _req(data, "sources", "", file, list)
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for i, s in enumerate(raw_sources):
        where = f"sources[{i}]."
        if not isinstance(s, dict):
            raise ConfigError(file, f"sources[{i}]", "a mapping with name and kind", s)
        name = _req(s, "name", where, file)
        if not _SLUG.match(name):
            raise ConfigError(file, f"{where}name", "lowercase ASCII letters, digits, - and _ (2-100 chars)", name)
        if name in seen:
            raise ConfigError(file, f"{where}name", "a unique source name", name)
        seen.add(name)
        kind = _req(s, "kind", where, file)
        if kind not in SOURCE_KINDS:
            raise ConfigError(file, f"{where}kind", f"one of {', '.join(SOURCE_KINDS)}", kind)
        _check_source(kind, s, where, file)
        settings = {k: v for k, v in s.items() if k not in ("name", "kind", "enabled")}
        sources.append(SourceConfig(name=name, kind=kind, settings=settings, enabled=bool(s.get("enabled", True))))

    cat = data.get("catalog", "local")
    if isinstance(cat, str):
        cat = {"kind": cat}
    if not isinstance(cat, dict):
        raise ConfigError(file, "catalog", "'local', 'ckan' or a mapping with kind", cat)
    ckind = cat.get("kind", "local")
    if ckind not in CATALOG_KINDS:
        raise ConfigError(file, "catalog.kind", f"one of {', '.join(CATALOG_KINDS)}", ckind)
    share = cat.get("max_delete_share", 0.2)
    if not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ConfigError(file, "catalog.max_delete_share", "a number between 0 and 1", share)
    upload = cat.get("max_upload_mb")
    if upload is not None and (isinstance(upload, bool) or not isinstance(upload, (int, float)) or upload <= 0):
        raise ConfigError(file, "catalog.max_upload_mb", "a size in MB > 0 (CKAN's ckan.max_resource_size)", upload)
    known = {"kind", "dir", "url_env", "token_env", "token_block", "max_delete_share"}
    catalog = CatalogConfig(kind=ckind, dir=str(cat.get("dir", "var/catalog")),
                            url_env=str(cat.get("url_env", "CKAN_URL")),
                            token_env=str(cat.get("token_env", "CKAN_API_TOKEN")),
                            token_block=str(cat.get("token_block", "")),
                            max_delete_share=float(share),
                            settings={k: v for k, v in cat.items() if k not in known})
    kw: dict[str, Any] = {}
    if "user_agent" in data:
        kw["user_agent"] = _req(data, "user_agent", "", file)
    orgs = data.get("organizations")
    if orgs is not None:
        if not isinstance(orgs, dict) or set(orgs) - {"same_as"}:
            raise ConfigError(file, "organizations", "a mapping with same_as", orgs)
        same_as = orgs.get("same_as") or {}
        if not isinstance(same_as, dict):
            raise ConfigError(file, "organizations.same_as", "a mapping: name as written -> the body it is", same_as)
        for k, v in same_as.items():
            if not isinstance(k, str) or not k.strip() or not isinstance(v, str) or not v.strip():
                raise ConfigError(file, f"organizations.same_as[{k!r}]", "a non-empty organization name", v)
        kw["org_same_as"] = tuple((k, v) for k, v in same_as.items())
    return ProvinceConfig(path=file, province=province, publisher=publisher, sources=tuple(sources),
                          catalog=catalog, **kw)


def _check_source(kind: str, s: dict, where: str, file: Path) -> None:
    """Minimal per-kind checks; extractors validate the rest of their settings."""
    if kind == "html":
        urls = _req(s, "start_urls", where, file, list)
        if not urls or not all(isinstance(u, str) for u in urls):
            raise ConfigError(file, f"{where}start_urls", "a non-empty list of URLs", urls)
        if "site" in s and not isinstance(s["site"], (str, dict)):
            raise ConfigError(file, f"{where}site", "a site adapter name or a mapping of selectors", s["site"])
    elif kind == "file":
        _req(s, "urls", where, file, list)
    elif kind == "oai_pmh":
        _req(s, "base_url", where, file)
    rate = s.get("rate_limit", 0)
    if not isinstance(rate, (int, float)) or rate < 0:
        raise ConfigError(file, f"{where}rate_limit", "a number of requests per second >= 0", rate)
    if "concurrency_limit" in s and not (isinstance(s["concurrency_limit"], str)
                                         and _LIMIT_NAME.fullmatch(s["concurrency_limit"])):
        raise ConfigError(file, f"{where}concurrency_limit", "the name of a Prefect global concurrency limit "
                          "(letters, digits, . _ : -)", s["concurrency_limit"])
    timeout = s.get("concurrency_timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise ConfigError(file, f"{where}concurrency_timeout", "a number of seconds > 0", timeout)


_LIMIT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")


_VAR = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")


def load_config(path: str | Path, variables: dict[str, str] | None = None) -> ProvinceConfig:
    """Read, parse and validate a province config file.

    `variables` fills `${name}` placeholders (the demo config uses `${portal}` for the
    loopback address of the sample portal); an unfilled placeholder is an error.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(file, "(file)", "an existing YAML file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(file, "(file)", f"a readable UTF-8 YAML file ({e})") from None
    variables = variables or {}

    def _fill(m: re.Match) -> str:
        if m.group(1) not in variables:
            raise ConfigError(file, f"${{{m.group(1)}}}", "a value for this placeholder (given: "
                              f"{sorted(variables) or 'none'})")
        return variables[m.group(1)]

    text = _VAR.sub(_fill, text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(syntax)"
        raise ConfigError(file, where, f"valid YAML ({getattr(e, 'problem', e)})") from None
    return parse_config(data, file)
