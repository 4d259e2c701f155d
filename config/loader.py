"""Load a province config (YAML), fill its ``${name}`` placeholders and validate it against the
typed, closed schema in ``config.schema``. Errors name the file and the key path, one line each:

    config/provinces/backan.yaml: sources[2].rate_limt: unknown key; did you mean rate_limit?

Shape (contract, see docs/ARCHITECTURE.md):

    province: {code, name, merged_into: {code, name, date}}
    publisher: {name, ckan_organization, name_en, contact_name, contact_email, license, url}
    sources: [{name, kind: html|file|oai_pmh|openalex|crossref, ...settings}]
    catalog: local | ckan | {kind: local|ckan, dir, url_env, token_env, token_block, ...}
    max_reject_share, statistics: {official_totals: [...]}, organizations: {same_as}, user_agent

Secrets never appear here: a config names an environment variable or a Prefect Secret block.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from config import schema
from config.schema import CATALOG_KINDS, SOURCE_KINDS, HttpOptions, OfficialTotal, Statistics  # noqa: F401

# pydantic's names for the members of a union in an error location (not keys of the config)
_TYPE_TAG = re.compile(r"^(str|int|float|bool|date|none|constrained-(int|float|str)|[a-z-]+\[.*\])$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MESSAGES = {
    "bool_type": 'expected true or false (a YAML boolean; a quoted "false" is text, not a boolean)',
    "missing": "missing (required)",
    "float_type": "expected a number",
    "int_type": "expected a whole number",
    "string_type": "expected text",
    "dict_type": "expected a mapping",
    "list_type": "expected a list",
    "date_type": "expected an ISO date YYYY-MM-DD",
}
_SLUG_KEYS = ("name", "ckan_organization")


class ConfigError(ValueError):
    """A config file is missing, unreadable or does not have the expected shape.

    ``file`` and ``key`` (a path such as ``sources[2].rate_limit``) name the first problem;
    ``problems`` lists every one as ``(key, message)``. ``str()`` is one line per problem.
    """

    def __init__(
        self,
        file: str | Path,
        key: str,
        message: str,
        got: Any = None,
        *,
        problems: list[tuple[str, str]] | None = None,
    ):
        self.file, self.key = str(file), key
        if got is not None:
            message += f", got {_show(got)}"
        self.expected = message
        self.problems = problems or [(key, message)]
        super().__init__("\n".join(f"{file}: {k}: {m}" for k, m in self.problems))

    @classmethod
    def from_validation(cls, file: str | Path, e: ValidationError) -> ConfigError:
        """One line per schema violation; several errors of one key (union members) are merged."""
        merged: dict[str, list[str]] = {}
        for err in e.errors(include_url=False):
            key, message = _describe(err)
            if message not in merged.setdefault(key, []):
                merged[key].append(message)
        problems = [(k, " or ".join(ms)) for k, ms in merged.items()]
        return cls(file, problems[0][0], problems[0][1], problems=problems)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _key_path(loc: tuple) -> str:
    out = ""
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        elif _TYPE_TAG.match(part) or (i == 2 and parts[0] == "sources" and part in SOURCE_KINDS):
            continue  # a union member's name, not a key
        elif _IDENT.match(part) or part == "[key]":
            out += ("." if out and part != "[key]" else "") + part
        else:
            out += f"[{part!r}]"
    return out or "(top level)"


def _describe(err: dict) -> tuple[str, str]:
    """(key path, message) of one pydantic error."""
    typ, ctx, loc = err["type"], err.get("ctx") or {}, tuple(err["loc"])
    if typ in ("unknown_key", "literal_secret", "extra_forbidden"):
        loc += (ctx["key"],) if "key" in ctx else ()
        msg = err["msg"] if typ != "extra_forbidden" else "unknown key"
        return _key_path(loc), msg
    if "at" in ctx:
        return ".".join(p for p in (_key_path(loc) if loc else "", ctx["at"]) if p), err["msg"]
    if typ == "union_tag_invalid":
        return f"{_key_path(loc)}.kind", f"expected one of {', '.join(SOURCE_KINDS)}, got {_show(ctx.get('tag'))}"
    if typ == "union_tag_not_found":
        return f"{_key_path(loc)}.kind", f"missing (required: one of {', '.join(SOURCE_KINDS)})"
    key = _key_path(loc)
    if typ == "string_pattern_mismatch" and loc and loc[-1] in _SLUG_KEYS:
        msg = "expected lowercase ASCII letters, digits, - and _ (2-100 chars; a CKAN name)"
    elif typ == "literal_error":
        msg = f"expected {ctx.get('expected', '')}".replace("'", "")
    elif typ == "too_short" and isinstance(err.get("input"), list):
        msg = "expected a non-empty list"
    else:
        msg = _MESSAGES.get(typ, err["msg"][:1].lower() + err["msg"][1:])
    if typ != "missing" and not isinstance(err.get("input"), (dict, list)):
        msg += f", got {_show(err.get('input'))}"
    return key, msg


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
    """One source. `settings` holds its validated keys (durations in seconds, sizes in bytes),
    as the config set them: `get` with a default reads an optional one."""

    name: str
    kind: str
    settings: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True

    def get(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def http(self) -> HttpOptions:
        """The source's HTTP settings with their defaults (timeouts, retries, deadlines...)."""
        return HttpOptions.model_validate({k: self.settings[k] for k in HttpOptions.HTTP_KEYS if k in self.settings})

    def session_options(self) -> dict[str, Any]:
        """Keyword arguments for `extractors.http.make_session` from this source's settings."""
        return self.http().session_options()


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
    # a table whose rejected share passes this makes the run exit 1 (issue 13)
    max_reject_share: float = 0.05
    # official totals the department published, to reconcile with (issue 15)
    statistics: Statistics = field(default_factory=Statistics)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(self.path, "sources", f"no source named {name!r} (have: {[s.name for s in self.sources]})")


def parse_config(data: Any, file: Path) -> ProvinceConfig:
    """Validate a parsed YAML document against ``config.schema`` and build the typed config."""
    if not isinstance(data, dict):
        raise ConfigError(
            file, "(top level)", "expected a mapping with province, publisher, sources, catalog", type(data).__name__
        )
    try:
        doc = schema.ProvinceFile.model_validate(data)
    except ValidationError as e:
        raise ConfigError.from_validation(file, e) from None
    p = doc.province
    merged = Merge(p.merged_into.code, p.merged_into.name, p.merged_into.date) if p.merged_into else None
    sources = tuple(
        SourceConfig(
            name=s.name,
            kind=s.kind,
            enabled=s.enabled,
            settings=s.model_dump(by_alias=True, exclude_unset=True, exclude={"name", "kind", "enabled"}),
        )
        for s in doc.sources
    )
    c = doc.catalog
    catalog = CatalogConfig(
        kind=c.kind,
        dir=c.dir,
        url_env=c.url_env,
        token_env=c.token_env,
        token_block=c.token_block,
        max_delete_share=c.max_delete_share,
        settings=c.model_dump(include={"max_upload_mb", "datastore_concurrency", "base_url"}, exclude_none=True),
    )
    kw: dict[str, Any] = {}
    if doc.user_agent is not None:
        kw["user_agent"] = doc.user_agent
    return ProvinceConfig(
        path=file,
        province=Province(p.code, p.name, merged),
        publisher=Publisher(**doc.publisher.model_dump()),
        sources=sources,
        catalog=catalog,
        org_same_as=tuple(doc.organizations.same_as.items()),
        max_reject_share=doc.max_reject_share,
        statistics=doc.statistics,
        **kw,
    )


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
        raise ConfigError(file, "(file)", "no such file: expected an existing YAML file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(file, "(file)", f"expected a readable UTF-8 YAML file ({e})") from None
    variables = variables or {}

    def _fill(m: re.Match) -> str:
        if m.group(1) not in variables:
            raise ConfigError(
                file,
                f"${{{m.group(1)}}}",
                "no value for this placeholder (give it with --var "
                f"{m.group(1)}=VALUE; given: {sorted(variables) or 'none'})",
            )
        return variables[m.group(1)]

    text = _VAR.sub(_fill, text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(syntax)"
        raise ConfigError(file, where, f"expected valid YAML ({getattr(e, 'problem', e)})") from None
    return parse_config(data, file)
