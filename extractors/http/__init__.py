"""The one HTTP layer every fetch in stcat goes through, by responsibility.

``make_session(...)`` returns an :class:`HttpSession` that owns, in one place: timeouts,
wall-clock deadlines per attempt and per URL (enforced however slowly bytes trickle), the retry
policy (429, 5xx, connection errors; ``Retry-After`` honoured up to a cap), robots.txt, a per-host
rate limit, an identifying User-Agent, conditional GET with a persistent validator store, a
response size cap, the allowed-domain list and the private-address guard (checked on every
request *and* every redirect, which are followed by hand), and the content-addressed raw archive
with its per-run manifest. With ``offline=True`` every GET is answered from the archive.

- policy.py: allowed domains, private-address guard, robots.txt (protego), rate limit;
- transport.py: one attempt on the wire, cut at wall-clock deadlines;
- retry.py: the one retry policy (urllib3's ``Retry``);
- session.py: the session that puts them together, redirects hop by hop, offline replay;
- archive.py: raw responses by SHA-256, run manifests, conditional-GET validators;
- decoding.py: the one charset detection (charset-normalizer under the Vietnamese legacy code pages);
- result.py: :class:`FetchResult`, :class:`FetchError`, :class:`Headers`.

Failures that stop a fetch raise :class:`FetchError`, whose ``kind`` says why (``http``,
``timeout``, ``connection``, ``too_large``, ``off_domain``, ``robots``, ``private_address``,
``not_in_archive``, ``bad_url``, ``too_many_redirects``).

Secrets never leave the request: the values of secret query parameters (``secret_params``,
default :data:`DEFAULT_SECRET_PARAMS`) and URL user info are replaced by ``REDACTED`` (by the
project's one redactor, :mod:`extractors.redact`) in every URL the session stores (manifests, blob
sidecars, validator store), logs, puts in a :class:`FetchError` or hands back in a
:class:`FetchResult`; the real URL is only sent. The archive is keyed by the redacted URL, so
offline replay finds a response by the same URL. Request headers are never archived, and
:data:`SENSITIVE_HEADERS` never are in any case.
"""

from extractors.http.archive import KEPT_HEADERS, archivable_headers, new_run_id
from extractors.http.decoding import Decoded, decode, decode_body, sniff_encoding
from extractors.http.policy import (
    RateLimiter,
    RobotsRules,
    host_allowed,
    is_private_host,
    is_public_ip,
    parse_robots,
    resolve_host,
)
from extractors.http.result import FetchError, FetchResult, Headers
from extractors.http.retry import RETRY_STATUSES, parse_retry_after, retry_policy
from extractors.http.session import HttpSession, make_session
from extractors.redact import DEFAULT_SECRET_PARAMS, REDACTED, SENSITIVE_HEADERS, Redactor, redact_url

__all__ = [
    "FetchError",
    "FetchResult",
    "Headers",
    "HttpSession",
    "RateLimiter",
    "RobotsRules",
    "make_session",
    "new_run_id",
    "parse_retry_after",
    "parse_robots",
    "retry_policy",
    "RETRY_STATUSES",
    "host_allowed",
    "is_public_ip",
    "is_private_host",
    "resolve_host",
    "Decoded",
    "decode",
    "decode_body",
    "sniff_encoding",
    "KEPT_HEADERS",
    "SENSITIVE_HEADERS",
    "DEFAULT_SECRET_PARAMS",
    "REDACTED",
    "Redactor",
    "redact_url",
    "archivable_headers",
]
