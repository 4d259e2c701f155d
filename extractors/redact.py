"""The one redactor: secrets out of every URL, error message and log line stcat writes.

What it removes (each replaced by ``REDACTED``):

- user info in a URL (``https://user:pw@host/`` -> ``https://REDACTED@host/``);
- the values of secret query parameters (``token``, ``api_key``, ``key``, ``sig``... see
  :data:`DEFAULT_SECRET_PARAMS`; a session may add names);
- the values of credential headers quoted in text (``Authorization: Bearer x``,
  ``{'X-API-Key': 'x'}``);
- any value registered with :func:`register_secret` (the CKAN API token, the credentials a
  ``CKAN_URL`` carries), wherever it appears, as written or percent-encoded.

Use :func:`redact` for free text, :func:`redact_url` for a URL kept as a key (idempotent), and
:func:`install_log_redaction` once per process (the flows' entry points) so that every log record,
of any logger and to any handler (Prefect's API log handler included), is scrubbed when it is made.

Hand-written: no maintained library scrubs URLs, quoted headers and registered secrets with one
policy (logging filters only see records, not the URLs kept in manifests and errors).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

REDACTED = "REDACTED"
#: query parameters whose values are secrets (matched case-insensitively)
DEFAULT_SECRET_PARAMS = frozenset(
    {
        "api_key",
        "apikey",
        "api-key",
        "key",
        "token",
        "access_token",
        "refresh_token",
        "auth_token",
        "session_token",
        "client_secret",
        "password",
        "passwd",
        "pwd",
        "secret",
        "sig",
        "signature",
    }
)
#: header names whose values are credentials (never archived, never shown)
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-ckan-api-key"}
)

_USERINFO = re.compile(r"(//)[^/?#@\s'\"<>]+@")
_HEADER_VALUE = re.compile(
    r"(?i)(\b(?:" + "|".join(re.escape(h) for h in sorted(SENSITIVE_HEADERS, key=len, reverse=True)) + r")"
    r"[\"']?\s*[:=]\s*[\"']?)((?:bearer|basic|token|digest)\s+)?[^\s\"',;}]+"
)
_MIN_SECRET = 6  # shorter registered values would scrub ordinary words

_registered: frozenset[str] = frozenset()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Scrub ``value`` (as written and percent-encoded) from everything redacted from now on."""
    global _registered
    if not value or len(value) < _MIN_SECRET:
        return
    forms = {value, quote(value, safe=""), quote(value)}
    with _lock:
        _registered = _registered | forms


def register_url_secrets(url: str | None) -> None:
    """Register the credentials a URL carries (user info, secret query values), e.g. ``CKAN_URL``."""
    if not url:
        return
    parts = urlsplit(url)
    for v in (parts.username, parts.password, *default_redactor().secret_values(url)):
        if v:
            register_secret(v)
            register_secret(unquote(v))


class Redactor:
    """Replaces secrets with ``REDACTED``; ``names`` are the secret query parameters.

    ``url`` is idempotent and cheap for a URL without a query or user info (the hot path);
    ``text`` also scrubs free text such as a library's error message that quotes a URL.
    """

    def __init__(self, names: Iterable[str] = DEFAULT_SECRET_PARAMS):
        self.names = frozenset(str(n).strip().lower() for n in names if str(n).strip())
        alt = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        self._param = re.compile(rf"(?<=[?&;])((?:{alt})=)[^&#\s'\"<>]+", re.I) if alt else None

    def url(self, url: str) -> str:
        """The URL with secret values and user info replaced (unchanged when it carries none)."""
        if "?" not in url and "@" not in url:
            return url
        return self._sub(url)

    def _sub(self, text: str) -> str:
        if self._param is not None and "=" in text:
            text = self._param.sub(r"\1" + REDACTED, text)
        if "@" in text:
            text = _USERINFO.sub(r"\1" + REDACTED + "@", text)
        return text

    def secret_values(self, url: str) -> list[str]:
        """The secret values a URL carries, as written and percent-decoded (to scrub text)."""
        if "?" not in url and "@" not in url:
            return []
        parts = urlsplit(url)
        out = [v for k, v in parse_qsl(parts.query, keep_blank_values=False) if k.lower() in self.names]
        raw = [m.group(0)[len(m.group(1)) :] for m in self._param.finditer(url)] if self._param else []
        if parts.password:
            out.append(parts.password)
        if parts.username:
            out.append(parts.username)
        return [v for v in dict.fromkeys(out + raw) if len(v) >= 3 and v != REDACTED]

    def text(self, text: str, url: str | None = None) -> str:
        """Free text with secret parameters, user info, credential headers, registered secrets and
        any secret value of ``url`` replaced."""
        text = self._sub(text)
        if ":" in text or "=" in text:
            text = _HEADER_VALUE.sub(lambda m: m.group(1) + (m.group(2) or "") + REDACTED, text)
        for value in (*_registered, *(self.secret_values(url) if url else ())):
            if value in text:
                text = text.replace(value, REDACTED)
        return text


@functools.lru_cache(maxsize=32)
def _redactor(names: frozenset[str]) -> Redactor:
    return Redactor(names)


def default_redactor() -> Redactor:
    """The redactor with :data:`DEFAULT_SECRET_PARAMS` plus names added by :func:`add_secret_params`."""
    return _redactor(_extra_names)


_extra_names: frozenset[str] = DEFAULT_SECRET_PARAMS


def add_secret_params(names: Iterable[str]) -> None:
    """Treat more query parameter names as secret in :func:`redact` and the log filter."""
    global _extra_names
    names = frozenset(str(n).strip().lower() for n in names if str(n).strip())
    if not names <= _extra_names:
        with _lock:
            _extra_names = _extra_names | names


def redact(text: Any, url: str | None = None) -> str:
    """``str(text)`` with every secret replaced (see the module doc)."""
    return default_redactor().text(str(text), url)


def redact_url(url: str, secret_params: Iterable[str] | None = None) -> str:
    """``url`` with user info and the values of secret query parameters replaced (idempotent)."""
    r = default_redactor() if secret_params is None else _redactor(frozenset(secret_params))
    return r.url(url)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` with credential header values replaced."""
    return {k: (REDACTED if k.lower() in SENSITIVE_HEADERS else v) for k, v in headers.items()}


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Format a log record's message with its arguments, and its traceback, then redact both."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep what there is, redacted
        message = f"{record.msg} {record.args!r}"
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    return record


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record it sees (attach it to a handler or logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


LOG_FILTER = RedactingFilter()
# urllib3 quotes request paths with their queries in its own log records, whoever sends them
for _name in ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.connection"):
    logging.getLogger(_name).addFilter(LOG_FILTER)
_factory_installed = False


def install_log_redaction() -> None:
    """Redact every log record of this process when it is created, whatever logger or handler
    (Prefect's API log handler included) it goes to. Idempotent; call it at the entry points."""
    global _factory_installed
    with _lock:
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return scrub_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _factory_installed = True


__all__ = [
    "REDACTED",
    "DEFAULT_SECRET_PARAMS",
    "SENSITIVE_HEADERS",
    "Redactor",
    "redact",
    "redact_url",
    "redact_headers",
    "register_secret",
    "register_url_secrets",
    "add_secret_params",
    "default_redactor",
    "RedactingFilter",
    "LOG_FILTER",
    "install_log_redaction",
    "scrub_record",
]
