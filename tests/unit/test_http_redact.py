"""Secret redaction of URLs, free text and archived headers (pure)."""
from __future__ import annotations

import pytest

from extractors.http import DEFAULT_SECRET_PARAMS, Redactor, archivable_headers, redact_url


@pytest.mark.parametrize("url, expected", [
    ("https://api.openalex.org/works?api_key=abc123&filter=x:y", "https://api.openalex.org/works?api_key=REDACTED&filter=x:y"),
    ("https://h/p?filter=a&API_KEY=abc123", "https://h/p?filter=a&API_KEY=REDACTED"),
    ("https://h/p?token=t0k&access_token=a1&sig=s1&signature=s2&password=p&secret=x&key=k&apikey=z",
     "https://h/p?token=REDACTED&access_token=REDACTED&sig=REDACTED&signature=REDACTED&password=REDACTED"
     "&secret=REDACTED&key=REDACTED&apikey=REDACTED"),
    ("https://h/p?keyword=lúa&monkey=1&api_key=", "https://h/p?keyword=lúa&monkey=1&api_key="),
    ("https://user:pa55word@h/p", "https://user:REDACTED@h/p"),
    ("https://h/p", "https://h/p"),
    ("https://h/p?a=1#token=x", "https://h/p?a=1#token=x"),
], ids=["api_key", "case", "all-names", "lookalikes-and-empty", "userinfo", "no-query", "fragment"])
def test_redact_url(url, expected):
    assert redact_url(url) == expected
    assert redact_url(redact_url(url)) == expected                           # idempotent: a lookup key


def test_text_scrubs_quoted_paths_and_literal_values():
    r = Redactor()
    msg = "Max retries exceeded with url: /works?api_key=S3CRET99&page=2 (Caused by …) echo S3CRET99"
    out = r.text(msg, "http://h/works?api_key=S3CRET99&page=2")
    assert "S3CRET99" not in out and "api_key=REDACTED" in out


def test_configurable_names_and_headers():
    r = Redactor(["session_id"])
    assert r.url("http://h/?session_id=abc&api_key=k") == "http://h/?session_id=REDACTED&api_key=k"
    assert "api_key" in DEFAULT_SECRET_PARAMS
    kept = archivable_headers({"Content-Type": "text/html", "Authorization": "Bearer x", "Set-Cookie": "a=b",
                               "X-API-Key": "k", "Location": "/next?token=abc"})
    assert kept == {"content-type": "text/html", "location": "/next?token=REDACTED"}
