"""Whole pages typed in a pre-Unicode Vietnamese code page: which one, and the page converted.

A page written with the TCVN3/ABC fonts (``.VnTime``, ``.VnTimeH``) or VNI-Windows (``VNI-Times``)
is served as windows-1252 or with no charset at all; decoded as cp1252 it is mojibake (``B¶o``,
TCVN3's "ư" 0xAD read as an invisible soft hyphen) and no table header can be recognised. Undeclared
windows-1258 and VISCII pages do not decode at all as the UTF-8 we would assume.

The page's bytes are decoded with every candidate and each result is scored as text.py scores a
legacy run: the share of its non-ASCII words that are Vietnamese syllables, legacy-only symbols
left over, and (to break a tie) the words of the S&T lexicon. The font-family names a page uses
are a hint that breaks remaining ties and lowers the number of words needed to decide. The maps
are text.py's (``transforms/data/legacy_charmaps.json`` and its VNI composition table): one
implementation of each code page, applied here to a whole page rather than to a run.

This is the legacy layer of the one charset detection (extractors/http/decoding.py). Hand-written
because TCVN3 and VNI have no Python codec, so charset-normalizer cannot propose them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.text import (
    _STRONG_RE,
    _VNI,
    _VNI_RE,
    _WORD,
    _lexicon_hits,
    _surface,
    _tables,
    is_vietnamese_syllable,
    nfc,
)

__all__ = ["LegacyGuess", "font_hint", "guess_page_encoding", "decode_page"]

CANDIDATES = ("cp1252", "cp1258", "tcvn3", "vni", "viscii")
MIN_WORDS = 8  # non-ASCII words needed to decide without a font hint
MIN_WORDS_HINTED = 2  # … with one
MIN_SHARE = 0.8  # share of those words that must be Vietnamese syllables
SAMPLE_CHARS = 262_144  # the page's first characters are enough to score

_FONT_TCVN3 = re.compile(rb"font-family\s*:[^;\"'>}]*?\.vn[a-z0-9]|face\s*=\s*[\"']?\.vn[a-z0-9]", re.I)
_FONT_VNI = re.compile(rb"font-family\s*:[^;\"'>}]*?vni[- ]|face\s*=\s*[\"']?vni[- ]", re.I)
_FONT_VISCII = re.compile(rb"font-family\s*:[^;\"'>}]*?viscii|face\s*=\s*[\"']?viscii", re.I)


@dataclass(frozen=True)
class LegacyGuess:
    """The encoding a page reads best in (None when none reads as Vietnamese), the runner-up, and why."""

    encoding: str | None
    text: str | None
    reason: str
    suspected: str | None = None


def font_hint(content: bytes) -> str | None:
    """The code page the page's font-family names point to (tcvn3, vni, viscii), if any."""
    head = content[: SAMPLE_CHARS * 2]
    for name, rx in (("tcvn3", _FONT_TCVN3), ("vni", _FONT_VNI), ("viscii", _FONT_VISCII)):
        if rx.search(head):
            return name
    return None


@lru_cache(maxsize=1)
def _surface_table() -> dict[int, str]:
    """latin-1 text -> the cp1252 surface legacy maps are keyed by (0x80-0x9F as cp1252 shows them)."""
    return {b: _surface(b) for b in range(0x80, 0xA0)}


@lru_cache(maxsize=4)
def _translate_table(name: str) -> dict[int, str]:
    return {ord(k): v for k, v in _tables()[name].items()}


def decode_page(content: bytes, encoding: str) -> str:
    """The page's bytes decoded in one candidate code page (undecodable bytes as U+FFFD)."""
    if encoding in ("cp1252", "cp1258"):
        text = content.decode(encoding, errors="replace")
        return nfc(text) if encoding == "cp1258" else text  # cp1258 tone marks are combining
    surface = content.decode("latin-1").translate(_surface_table())
    if encoding == "vni":
        return nfc(_VNI_RE.sub(lambda m: _VNI[m.group(0)], surface))
    return nfc(surface.translate(_translate_table(encoding)))


def _score(text: str) -> tuple[float, int, int]:
    """(share of non-ASCII words that are Vietnamese syllables, their number, leftover legacy symbols
    and undecodable bytes)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    ok = sum(1 for w in words if is_vietnamese_syllable(w))
    bad = len(_STRONG_RE.findall(text)) + text.count("\ufffd")
    return (ok / len(words) if words else 0.0), len(words), bad


def guess_page_encoding(content: bytes, hint: str | None = None) -> LegacyGuess:
    """The candidate code page a page of bytes reads best in, or none (with the suspected one named)."""
    hint = hint or font_hint(content)
    sample = content[:SAMPLE_CHARS]
    scored: dict[str, tuple[float, int, int, str]] = {}
    for name in CANDIDATES:
        text = decode_page(sample, name)
        share, n, bad = _score(text)
        scored[name] = (share, n, bad, text)
    need = MIN_WORDS_HINTED if hint else MIN_WORDS
    ok = {k: v for k, v in scored.items() if v[1] >= need and v[0] >= MIN_SHARE and v[2] <= max(2, v[1] // 50)}
    ranked = sorted(scored, key=lambda k: (scored[k][0], -scored[k][2]), reverse=True)
    suspected = hint or next((k for k in ranked if k != "cp1252"), None)
    if not ok:
        best = ranked[0]
        share, n = scored[best][0], scored[best][1]
        return LegacyGuess(
            None,
            None,
            f"no code page reads as Vietnamese (best {best}: {n} non-ASCII words, {share:.0%} syllables)",
            suspected=suspected,
        )
    top = max(v[0] for v in ok.values())
    tied = [k for k in ok if ok[k][0] >= top - 0.03]
    if len(tied) > 1:
        hits = {k: _lexicon_hits(ok[k][3]) for k in tied}
        most = max(hits.values())
        tied = [k for k in tied if hits[k] == most]
    if len(tied) > 1 and hint in tied:
        tied = [hint]
    if len(tied) > 1:
        return LegacyGuess(
            None, None, f"ambiguous legacy encoding ({'/'.join(sorted(tied))})", suspected="/".join(sorted(tied))
        )
    name = tied[0]
    share, n, _, _ = ok[name]
    return LegacyGuess(
        name,
        decode_page(content, name) if len(content) > SAMPLE_CHARS else ok[name][3],
        f"{n} non-ASCII words, {share:.0%} Vietnamese syllables" + (f", font-family hint {hint}" if hint else ""),
        suspected=name,
    )
