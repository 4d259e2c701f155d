"""The province config schema: typed and closed (pydantic v2, strict).

Every mapping is closed: a key the schema does not name is an error with a did-you-mean.
Values are strict: a boolean is ``true``/``false`` (a quoted ``"false"`` is an error, not
true), a number is a number. Durations (``20s``, ``2m``, ``1h``, ``500ms`` or a number of
seconds) become float seconds; sizes (``50MB``, ``512KiB`` or a number of bytes) become
int bytes. Source URLs are absolute http(s) and inside the source's ``allowed_domains``.

``config.loader`` turns a validation failure into a ``ConfigError`` naming the file and key
path; this module only says what is valid. To add a key, add a field to the right model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, ClassVar, Literal, Union
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

SOURCE_KINDS = ("html", "file", "oai_pmh", "openalex", "crossref")
CATALOG_KINDS = ("local", "ckan")
SECRETISH = re.compile(r"(token|api_?key|password|secret)$", re.I)

# -- scalar types ---------------------------------------------------------------------------------
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$", re.I)
_DURATION_UNIT = {None: 1.0, "ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$", re.I)
_SIZE_UNIT = {None: 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _duration(v: Any) -> float:
    """Seconds from ``20``, ``2.5``, ``"20s"``, ``"2m"``, ``"1h"``, ``"500ms"``; > 0."""
    if _number(v):
        seconds = float(v)
    else:
        m = _DURATION.match(v) if isinstance(v, str) else None
        if not m:
            raise PydanticCustomError("duration", "a duration: seconds, or a number with s, m, h or ms (e.g. 20s, 2m)")
        seconds = float(m.group(1)) * _DURATION_UNIT[(m.group(2) or "").lower() or None]
    if seconds <= 0:
        raise PydanticCustomError("duration", "a duration greater than 0")
    return seconds


def _size(v: Any) -> int:
    """Bytes from ``1048576``, ``"50MB"``, ``"512KiB"``; > 0."""
    if _number(v):
        n = float(v)
    else:
        m = _SIZE.match(v) if isinstance(v, str) else None
        if not m:
            raise PydanticCustomError("size", "a size: bytes, or a number with KB, MB, GB, KiB, MiB or GiB (e.g. 50MB)")
        n = float(m.group(1)) * _SIZE_UNIT[(m.group(2) or "").lower() or None]
    if n < 1:
        raise PydanticCustomError("size", "a size of at least 1 byte")
    return int(n)


def _date(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            raise PydanticCustomError("date", "an ISO date YYYY-MM-DD") from None
    return v


def _province_code(v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str) and v.strip().isdigit():
        return v.strip().zfill(2)
    raise PydanticCustomError("province_code", 'a province code of digits, e.g. "06"')


def _http_url(v: Any) -> Any:
    if not isinstance(v, str):
        return v
    parts = urlsplit(v.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("url", "an absolute http(s) URL (file:// and other schemes are not fetched)")
    return v.strip()


_DATESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")


def _oai_datestamp(v: Any) -> Any:
    """An OAI-PMH datestamp as text: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (a YAML date too)."""
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, str) and _DATESTAMP.match(v.strip()):
        return v.strip()
    raise PydanticCustomError("datestamp", "a date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


Duration = Annotated[float, BeforeValidator(_duration)]
OaiDate = Annotated[str, BeforeValidator(_oai_datestamp)]
Size = Annotated[int, BeforeValidator(_size)]
IsoDate = Annotated[dt.date, BeforeValidator(_date)]
Url = Annotated[StrictStr, BeforeValidator(_http_url)]
Slug = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,99}$")]
Text = Annotated[StrictStr, Field(min_length=1)]
Share = Annotated[StrictFloat, Field(ge=0, le=1)]
LimitName = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]


# -- closed models ----------------------------------------------------------------------------
class Closed(BaseModel):
    """A closed, strict, frozen mapping: an unknown key is an error with a did-you-mean, and a
    key that looks like a secret holding a literal value says to name a variable instead."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = [f.alias or name for name, f in cls.model_fields.items()]
        for key, value in data.items():
            if key in known:
                continue
            k = str(key)
            if SECRETISH.search(k) and value not in (None, ""):
                raise PydanticCustomError(
                    "literal_secret",
                    "no literal secret: name an environment variable ('{key}_env') or a "
                    "Prefect Secret block ('{key}_block') instead",
                    {"key": k},
                )
            close = difflib.get_close_matches(k, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(sorted(known))})"
            raise PydanticCustomError("unknown_key", "unknown key{hint}", {"key": k, "hint": hint})
        return data


class Merge(Closed):
    code: Annotated[str, BeforeValidator(_province_code)]
    name: Text
    date: IsoDate


class Province(Closed):
    code: Annotated[str, BeforeValidator(_province_code)]
    name: Text
    merged_into: Merge | None = None


class Publisher(Closed):
    name: Text
    ckan_organization: Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,99}$")]
    name_en: StrictStr = ""
    contact_name: StrictStr = ""
    contact_email: StrictStr = ""
    license: StrictStr = "CC-BY-4.0"
    url: StrictStr = ""


class Deadline(Closed):
    """Wall-clock budgets of one request: ``attempt`` (one try, body included, however slowly it
    trickles) and ``url`` (every try, backoff and redirect of one URL)."""

    attempt: Duration | None = None
    url: Duration | None = None


class HttpOptions(Closed):
    """The HTTP settings every source has (``make_session`` keywords; defaults here)."""

    rate_limit: Annotated[StrictFloat, Field(ge=0)] = 1.0
    allow_private: StrictBool = False
    respect_robots: StrictBool = True
    timeout: Duration = 20.0
    retries: Annotated[StrictInt, Field(ge=0, le=20)] = 4
    backoff: Annotated[StrictFloat, Field(ge=0)] = 0.5
    max_retry_after: Duration = 120.0
    max_bytes: Size = 50 * 2**20
    deadline: Deadline = Deadline()

    HTTP_KEYS: ClassVar[tuple[str, ...]] = (
        "rate_limit",
        "allow_private",
        "respect_robots",
        "timeout",
        "retries",
        "backoff",
        "max_retry_after",
        "max_bytes",
        "deadline",
    )

    def session_options(self) -> dict[str, Any]:
        """Keyword arguments for ``extractors.http.make_session``."""
        out = {k: getattr(self, k) for k in self.HTTP_KEYS if k != "deadline"}
        out["attempt_deadline"] = self.deadline.attempt
        out["url_deadline"] = self.deadline.url
        return out


class SourceBase(HttpOptions):
    name: Slug
    enabled: StrictBool = True
    allowed_domains: list[Text] = []
    concurrency_limit: LimitName | None = None
    concurrency_timeout: Duration | None = None

    URL_FIELDS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _urls_inside_allowed_domains(self) -> SourceBase:
        if not self.allowed_domains:
            return self
        from extractors.http import host_allowed  # one definition of "inside the allowed domains"

        for fname in self.URL_FIELDS:
            value = getattr(self, fname)
            for i, url in enumerate([value] if isinstance(value, str) else value or []):
                host = urlsplit(url).hostname or ""
                if not host_allowed(host, self.allowed_domains):
                    at = fname if isinstance(value, str) else f"{fname}[{i}]"
                    raise PydanticCustomError(
                        "off_domain",
                        "host {host} is outside allowed_domains {domains}: add it there or fix the URL",
                        {"at": at, "host": repr(host), "domains": self.allowed_domains},
                    )
        return self


Site = Union[Text, dict[str, Any]]  # an adapter name (config/sites/) or inline selectors (checked by the adapter)


class HtmlSource(SourceBase):
    kind: Literal["html"]
    start_urls: Annotated[list[Url], Field(min_length=1)]
    site: Site | None = None
    max_pages: Annotated[StrictInt, Field(ge=1)] = 20
    max_articles: Annotated[StrictInt, Field(ge=1)] = 500
    attachments: StrictBool = True
    prose: StrictBool = True
    min_share: Share = 0.5
    URL_FIELDS: ClassVar[tuple[str, ...]] = ("start_urls",)


class FileSource(SourceBase):
    kind: Literal["file"]
    urls: Annotated[list[Url], Field(min_length=1)]
    site: Site | None = None
    min_share: Share = 0.5
    URL_FIELDS: ClassVar[tuple[str, ...]] = ("urls",)


class OaiPmhSource(SourceBase):
    kind: Literal["oai_pmh"]
    base_url: Url
    metadata_prefix: Literal["oai_dc"] = "oai_dc"
    set: Text | None = None
    from_: Annotated[OaiDate | None, Field(alias="from")] = None
    until: OaiDate | None = None
    max_requests: Annotated[StrictInt, Field(ge=1)] = 10_000
    max_restarts: Annotated[StrictInt, Field(ge=0)] = 3
    URL_FIELDS: ClassVar[tuple[str, ...]] = ("base_url",)


class OpenAlexSource(SourceBase):
    kind: Literal["openalex"]
    base_url: Url | None = None
    filter: StrictStr = ""
    institutions: list[Text] = []
    ror: Union[Text, list[Text], None] = None
    country: Text | None = None
    affiliation_search: Text | None = None
    work_ids: list[Text] = []
    per_page: Annotated[StrictInt, Field(ge=1, le=200)] = 200
    api_key_env: Text | None = None
    api_key_block: Text | None = None
    mailto: Text | None = None
    max_requests: Annotated[StrictInt, Field(ge=1)] = 100
    URL_FIELDS: ClassVar[tuple[str, ...]] = ("base_url",)


class CrossrefSource(SourceBase):
    kind: Literal["crossref"]
    base_url: Url | None = None
    filter: StrictStr = ""
    funder_id: Text | None = None
    query_affiliation: Text | None = None
    funder_text: Text | None = None
    mailto: Text | None = None
    max_requests: Annotated[StrictInt, Field(ge=1)] = 100
    rows: Annotated[StrictInt, Field(ge=1, le=1000)] = 100
    URL_FIELDS: ClassVar[tuple[str, ...]] = ("base_url",)


Source = Annotated[
    Union[HtmlSource, FileSource, OaiPmhSource, OpenAlexSource, CrossrefSource], Field(discriminator="kind")
]


class Catalog(Closed):
    kind: Literal["local", "ckan"] = "local"
    dir: Text = "var/catalog"
    url_env: Text = "CKAN_URL"
    token_env: Text = "CKAN_API_TOKEN"
    token_block: StrictStr = ""
    max_delete_share: Share = 0.2
    max_upload_mb: Annotated[StrictFloat, Field(gt=0)] | None = None  # CKAN's ckan.max_resource_size
    datastore_concurrency: Annotated[StrictInt, Field(ge=1, le=8)] | None = None
    base_url: Url | None = None  # where the local catalog is served (absolute IRIs in DCAT)

    @model_validator(mode="before")
    @classmethod
    def _kind_shorthand(cls, data: Any) -> Any:
        return {"kind": data} if isinstance(data, str) else data


class Organizations(Closed):
    # a name as sources write it -> the body it is (merges a data engineer confirmed)
    same_as: dict[Text, Text] = {}


class OfficialTotal(Closed):
    """One total as the department published it (issue 15): the period it covers (a ``year``,
    or ``period_start`` and ``period_end``), the indicator, an optional breakdown (e.g.
    ``{level: provincial}``, ``{acceptance_grade: good}``), the value, and where it was published."""

    indicator: Text
    value: Union[Annotated[StrictInt, Field(ge=0)], Annotated[StrictFloat, Field(ge=0)]]
    source_url: Url
    document: Text
    year: Annotated[StrictInt, Field(ge=1900, le=2200)] | None = None
    period_start: IsoDate | None = None
    period_end: IsoDate | None = None
    breakdown: dict[Text, Union[Text, StrictInt]] = {}
    note: StrictStr = ""

    @model_validator(mode="after")
    def _one_period(self) -> OfficialTotal:
        dated = self.period_start is not None or self.period_end is not None
        if (self.year is None) == (not dated):
            raise PydanticCustomError("period", "give either year or period_start and period_end")
        if dated and (self.period_start is None or self.period_end is None or self.period_end < self.period_start):
            raise PydanticCustomError("period", "period_start and period_end both, start <= end")
        return self

    def period(self) -> tuple[dt.date, dt.date]:
        """First and last day the total covers."""
        if self.year is not None:
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        assert self.period_start is not None and self.period_end is not None
        return self.period_start, self.period_end


class Statistics(Closed):
    official_totals: list[OfficialTotal] = []


class ProvinceFile(Closed):
    """A whole province config file."""

    province: Province
    publisher: Publisher
    sources: list[Source]
    catalog: Catalog = Catalog()
    user_agent: Text | None = None
    organizations: Organizations = Organizations()
    max_reject_share: Share = 0.05
    statistics: Statistics = Statistics()

    @model_validator(mode="after")
    def _unique_source_names(self) -> ProvinceFile:
        seen: set[str] = set()
        for i, s in enumerate(self.sources):
            if s.name in seen:
                raise PydanticCustomError(
                    "duplicate",
                    "{name} is used by an earlier source; names must be unique",
                    {"at": f"sources[{i}].name", "name": repr(s.name)},
                )
            seen.add(s.name)
        return self


SOURCE_MODELS: dict[str, type[SourceBase]] = {
    "html": HtmlSource,
    "file": FileSource,
    "oai_pmh": OaiPmhSource,
    "openalex": OpenAlexSource,
    "crossref": CrossrefSource,
}

__all__ = [
    "ProvinceFile",
    "HttpOptions",
    "Deadline",
    "OfficialTotal",
    "Statistics",
    "SOURCE_MODELS",
    "SOURCE_KINDS",
    "CATALOG_KINDS",
    "Duration",
    "Size",
]
