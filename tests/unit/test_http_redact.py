"""The one redactor (extractors/redact.py): URLs, free text, headers and log records (pure)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, strategies as st

from extractors import redact as R
from extractors.http import DEFAULT_SECRET_PARAMS, Redactor, archivable_headers, redact_url


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://api.openalex.org/works?api_key=abc123&filter=x:y",
            "https://api.openalex.org/works?api_key=REDACTED&filter=x:y",
        ),
        ("https://h/p?filter=a&API_KEY=abc123", "https://h/p?filter=a&API_KEY=REDACTED"),
        (
            "https://h/p?token=t0k&access_token=a1&sig=s1&signature=s2&password=p&secret=x&key=k&apikey=z",
            "https://h/p?token=REDACTED&access_token=REDACTED&sig=REDACTED&signature=REDACTED&password=REDACTED"
            "&secret=REDACTED&key=REDACTED&apikey=REDACTED",
        ),
        ("https://h/p?keyword=lúa&monkey=1&api_key=", "https://h/p?keyword=lúa&monkey=1&api_key="),
        ("https://user:pa55word@h/p", "https://REDACTED@h/p"),
        ("https://t0ken-only@h/p", "https://REDACTED@h/p"),
        ("https://h/p", "https://h/p"),
        ("https://h/p/a@b.vn", "https://h/p/a@b.vn"),
        ("https://h/p?a=1#token=x", "https://h/p?a=1#token=x"),
    ],
    ids=[
        "api_key",
        "case",
        "all-names",
        "lookalikes-and-empty",
        "userinfo",
        "user-only",
        "no-query",
        "at-in-path",
        "fragment",
    ],
)
def test_redact_url(url, expected):
    assert redact_url(url) == expected
    assert redact_url(redact_url(url)) == expected  # idempotent: a lookup key


def test_text_scrubs_quoted_paths_and_literal_values():
    r = Redactor()
    msg = "Max retries exceeded with url: /works?api_key=S3CRET99&page=2 (Caused by …) echo S3CRET99"
    out = r.text(msg, "http://h/works?api_key=S3CRET99&page=2")
    assert "S3CRET99" not in out and "api_key=REDACTED" in out


@pytest.mark.parametrize(
    "text",
    [
        "request headers: {'Authorization': 'tok-9f8e7d6c5b4a', 'User-Agent': 'stcat'}",
        "Authorization: Bearer tok-9f8e7d6c5b4a",
        "proxy-authorization=Basic tok-9f8e7d6c5b4a; next",
        'X-CKAN-API-Key: "tok-9f8e7d6c5b4a"',
        "failed: HTTPConnectionPool(host='h', port=80): Max retries exceeded with url: //u:tok-9f8e7d6c5b4a@h/",
    ],
    ids=["dict-repr", "bearer", "basic", "ckan-header", "userinfo-in-message"],
)
def test_credential_headers_and_user_info_in_text(text):
    out = R.redact(text)
    assert "tok-9f8e7d6c5b4a" not in out and "REDACTED" in out


def test_registered_secrets_are_scrubbed_wherever_they_appear():
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.registered+/value"
    assert token in R.redact(f"token was {token}")
    R.register_secret(token)
    for text in (
        f"plain {token} text",
        f"encoded {token.replace('+', '%2B').replace('/', '%2F')}",
        f"{{'x': '{token}'}}",
    ):
        assert token not in R.redact(text) and "%2Fvalue" not in R.redact(text)
    R.register_secret("abc")  # too short to scrub safely: ignored
    assert R.redact("abcdef") == "abcdef"


def test_ckan_url_credentials_are_registered():
    R.register_url_secrets("https://ckanuser:pw-5up3r-s3cret@ckan.example.org/?token=q-t0k3n-abcdef")
    out = R.redact("CKAN said no to pw-5up3r-s3cret and q-t0k3n-abcdef")
    assert "pw-5up3r-s3cret" not in out and "q-t0k3n-abcdef" not in out


@given(
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="&#'\"<>%=?/@;:"),
        min_size=3,
        max_size=40,
    ),
    st.sampled_from(sorted(DEFAULT_SECRET_PARAMS)),
)
def test_any_secret_query_value_is_removed(value, name):
    url = f"https://h.vn/api?page=2&{name}={value}&q=x"
    assert f"{name}={value}&" not in redact_url(url)
    assert value not in Redactor().text(f"GET {url} failed", url)


def test_configurable_names_and_headers():
    r = Redactor(["session_id"])
    assert r.url("http://h/?session_id=abc&api_key=k") == "http://h/?session_id=REDACTED&api_key=k"
    assert "api_key" in DEFAULT_SECRET_PARAMS
    kept = archivable_headers(
        {
            "Content-Type": "text/html",
            "Authorization": "Bearer x",
            "Set-Cookie": "a=b",
            "X-API-Key": "k",
            "Location": "/next?token=abc",
        }
    )
    assert kept == {"content-type": "text/html", "location": "/next?token=REDACTED"}
    assert R.redact_headers({"Authorization": "x", "Accept": "*/*"}) == {"Authorization": "REDACTED", "Accept": "*/*"}


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("flows.sync", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_log_filter_scrubs_message_arguments_and_traceback():
    try:
        raise RuntimeError("CKAN https://u:pw-l0g-s3cret@h/ refused")
    except RuntimeError as e:
        rec = _record(
            "publish to %s failed: %s", "https://h/?token=arg-s3cret-1", {"Authorization": "Bearer hdr-s3cret"}, exc=e
        )
    assert R.LOG_FILTER.filter(rec) is True
    text = logging.Formatter().format(rec)
    for secret in ("pw-l0g-s3cret", "arg-s3cret-1", "hdr-s3cret"):
        assert secret not in text
    assert "publish to https://h/?token=REDACTED failed" in text


def test_install_log_redaction_covers_every_logger_and_handler(caplog):
    R.install_log_redaction()
    R.install_log_redaction()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("connecting to %s", "https://admin:f4ctory-pw@h.vn/")
    assert "f4ctory-pw" not in caplog.text and "https://REDACTED@h.vn/" in caplog.text
