"""The one charset detection of stcat: the bytes of a page, a text file or an API answer to text.

In order: a byte-order mark; the declared charset (an override, else the HTTP header, else
``<meta>``), except that non-ASCII bytes which are valid UTF-8 are read as UTF-8 whatever the
label (valid multi-byte UTF-8 is almost never an accident of an 8-bit code page: the label is a
server default); UTF-8 when the bytes are valid UTF-8; then, layered on top, the legacy Vietnamese
code pages (TCVN3, VNI, VISCII, windows-1258: transforms/legacy_page.py reads the page in each and
keeps the one that reads as Vietnamese) for a page that declares nothing or a Western charset;
last, charset-normalizer for undeclared bytes nothing above explains. Windows-1258 text is
NFC-composed (its tone marks are combining characters).

Bytes that fit nothing are decoded with U+FFFD: :attr:`Decoded.problem` then says how many and
which encoding is suspected. Page parsing rejects such a page (extractors/sites/page.py); other
callers take the text as it is.

charset-normalizer comes last, not first: it cannot know TCVN3 or VNI (no Python codec), and it
guesses wildly on the short texts government pages often are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

__all__ = ["Decoded", "decode", "decode_body", "sniff_encoding", "codec_name", "charset_from_content_type"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: labels legacy Vietnamese pages are served under (server defaults)
_WESTERN = frozenset({"cp1252", "iso8859-1", "ascii"})
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: a few stray bytes are tolerated (and replaced); more means a wrong charset
MAX_REPLACED = 8
#: bytes charset-normalizer looks at (enough to judge, bounded on large bodies)
_DETECT_SAMPLE = 1 << 18


@dataclass
class Decoded:
    """Text, the codec it was decoded with, how (``note``) and, when the bytes do not fit, why (``problem``)."""

    text: str
    charset: str
    note: str = ""  # e.g. "declared iso8859-1, decoded as utf-8"
    problem: str = ""  # set when more than a few bytes were undecodable (text has U+FFFD for them)


def codec_name(name: str | None) -> str | None:
    """Python's canonical name of a charset label (``windows-1258`` -> ``cp1258``); None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _text(content: bytes, charset: str, errors: str = "strict") -> str:
    text = content.decode(charset, errors=errors)
    return unicodedata.normalize("NFC", text) if charset == "cp1258" else text


def decode(content: bytes, content_type: str | None = None, override: str | None = None) -> Decoded:
    """Decode bytes to text (see the module docstring). ``override`` is a charset the caller
    knows (a site adapter's, an explicit argument): it takes the place of any declared one."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            body = content[len(bom) :] if name == "utf-8" else content
            return Decoded(body.decode(name, errors="replace"), name)
    declared = codec_name(override) or codec_name(charset_from_content_type(content_type))
    if declared is None:
        m = _META_CHARSET.search(content[:4096])
        declared = codec_name(m.group(1).decode("ascii", "replace")) if m else None
    plain = content.isascii()
    if not plain and declared != "utf-8":
        try:
            note = f"declared {declared}, decoded as utf-8" if declared else ""
            return Decoded(content.decode("utf-8"), "utf-8", note)
        except UnicodeDecodeError:
            pass
    guess = None
    if not plain and (declared is None or declared in _WESTERN):
        from transforms.legacy_page import guess_page_encoding

        guess = guess_page_encoding(content)
        if guess.encoding and guess.encoding != declared and guess.text is not None:
            return Decoded(
                guess.text,
                guess.encoding,
                f"declared {declared or 'none'}, decoded as {guess.encoding} ({guess.reason})",
            )
    first = declared or "utf-8"
    try:
        return Decoded(_text(content, first), first)
    except UnicodeDecodeError as e:
        err = e
    text = _text(content, first, "replace")
    bad = text.count("\ufffd") - content.decode(first, errors="ignore").count("\ufffd")
    if bad <= MAX_REPLACED and len(content) > 200 * bad:
        return Decoded(text, first, f"{bad} undecodable byte(s) replaced")
    if declared is None:
        found = _detect(content)
        if found is not None:
            return found
    if guess is None:
        from transforms.legacy_page import guess_page_encoding

        guess = guess_page_encoding(content)
    suspect = (
        f"suspected encoding {guess.suspected} ({guess.reason})"
        if guess.suspected
        else f"no legacy code page fits ({guess.reason})"
    )
    problem = (
        f"undecodable bytes: declared charset {declared or 'none (assumed utf-8)'} does not fit "
        f"{bad} byte sequence(s), first at offset {err.start} "
        f"({content[err.start : err.start + 8]!r}); {suspect}"
    )
    return Decoded(text, first, f"{bad} undecodable byte(s) replaced", problem)


def _detect(content: bytes) -> Decoded | None:
    """charset-normalizer's reading of undeclared bytes that are neither UTF-8 nor a legacy
    Vietnamese page; None when it finds no charset the bytes fit."""
    best = charset_normalizer.from_bytes(content[:_DETECT_SAMPLE]).best()
    name = codec_name(best.encoding) if best is not None else None
    if name is None:
        return None
    try:
        return Decoded(_text(content, name), name, f"declared none, detected {name} (charset-normalizer)")
    except UnicodeDecodeError:  # the sample fitted, the rest of the body does not
        return None


def sniff_encoding(content: bytes, content_type: str | None = None) -> str:
    """The codec :func:`decode` reads these bytes with."""
    return decode(content, content_type).charset


def decode_body(content: bytes, content_type: str | None = None, encoding_override: str | None = None) -> str:
    """The bytes as text (:func:`decode`), undecodable bytes replaced."""
    return decode(content, content_type, encoding_override).text
