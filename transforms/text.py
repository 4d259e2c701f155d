"""Vietnamese text: NFC, whitespace, stray HTML entities, legacy encodings, match keys.

Longer than ~500 lines: the legacy decoders need the cleanup, the syllable grammar and the keys
above them, and ``clean``/``repair``/``fold`` are imported from here across the project
(``transforms.legacy_page`` layers page-level detection on top).

Values keep their published form (``hoá`` stays ``hoá``, ``Uỷ`` stays ``Uỷ``); only the
*match keys* put the tone mark in one canonical place so both spellings meet.

Legacy encodings
----------------
Pages and attachments still carry text typed in pre-Unicode Vietnamese code pages, which
reach us already decoded as Windows-1252 ("mojibake"): TCVN3/ABC (``B¶o Th¾ng``), VNI
(``Xin chaøo``), VISCII, Windows-1258 (whose tone marks are combining characters) and UTF-8
read as cp1252 (``Khoa há»c``). ``repair()`` finds each *run* of suspicious text (a stretch
without any character beyond cp1252, so it may be legacy), decodes the run with every
candidate, and keeps a candidate only when the result reads as Vietnamese syllables and no
other candidate reads equally well with different letters. A run that no candidate explains,
or that two explain differently, is quarantined (``TextResult.problem``), never guessed.
Soft hyphens (U+00AD) are TCVN3's "ư", so whitespace/format cleanup runs *after* decoding.

OCR and converter slips are fixed only from a small vetted word list (``HQC`` -> ``HỌC``,
``quc`` -> ``quốc``) and for text made entirely of spaced letters (``K H O A  H Ọ C``); each
fix is recorded in ``TextResult.notes``. Anything else odd is left as published.

Decision on ``viparse`` (PyPI, evaluated 0.1.31 from a ``pip download`` into /tmp): not
added. It is a RAG document loader (PDF/DOCX/OCR/LangChain integrations); its legacy tables
are hand-transcribed from a corpus with admitted gaps (VNI ``ẳ``), detection runs on a whole
document (we need per-run, since one page mixes Unicode and legacy runs), it has no
Windows-1258 or UTF-8-mojibake path, and it returns converted text, not a value-plus-problem
result that lets us quarantine. Its one good idea, checking that converted output reads as
Vietnamese rather than just "has Vietnamese letters", is done here independently with a
syllable grammar. Our TCVN3/VISCII tables are generated from glibc iconv's code pages by
``transforms/gen_charmaps.py``; VNI is built below from its composition rules.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "TextResult",
    "clean",
    "nfc",
    "repair",
    "match_key",
    "canonical_tone",
    "fold",
    "ascii_key",
    "word_key",
    "is_vietnamese_syllable",
    "unescape_entities",
]

# ---------------------------------------------------------------------------- basics

_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Everything Python's str.split() treats as whitespace, plus format characters that only
# get in the way: zero-width space/joiners, BOM, soft hyphen (after legacy decoding!).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def unescape_entities(s: str) -> str:
    """Decode leftover HTML entities (``v&agrave;``); bare ``&`` as in ``KH&CN`` is kept."""
    if "&" not in s:
        return s
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), s)


def nfc(s: str) -> str:
    """Unicode NFC (NFD input and Windows-1258 combining marks become precomposed)."""
    return unicodedata.normalize("NFC", s)


def clean(s: object) -> str | None:
    """Fast path for already-Unicode text: entities, NFC, whitespace incl. NBSP; '' -> None.

    Does not attempt legacy decoding; use ``repair()`` where the text may be legacy.
    """
    if s is None:
        return None
    t = str(s)
    if "&" in t:
        t = unescape_entities(t)
    if not t.isascii():
        t = unicodedata.normalize("NFC", t)
        if _INVISIBLE_RE.search(t):
            t = t.translate(_INVISIBLE)
    if "  " in t or t[:1] == " " or t[-1:] == " " or _OTHER_SPACE.search(t):  # else already single-spaced
        t = " ".join(t.split())
    return t or None


_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace (as str.split sees it) other than the plain space


# ------------------------------------------------------------ Vietnamese syllables

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_TONE_SET = frozenset(TONE_MARKS)
_MODIFIED = frozenset("ăâêôơư")
_VOWELS = frozenset("aăâeêioôơuưy")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEI = sorted(
    """a ă â e ê i o ô ơ u ư y ia iê ya yê ua uô ưa ươ oa oă oe oo uâ uê uy uơ
    ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uya
    uyê uyu""".split(),
    key=len,
    reverse=True,
)
_SYLLABLE = re.compile(rf"^({_ONSET})({'|'.join(_NUCLEI)})(ch|ng|nh|c|m|n|p|t)?$")


def _split_tone(word: str) -> tuple[str, str | None, int]:
    """(toneless NFC word, tone mark or None, number of tone marks)."""
    d = unicodedata.normalize("NFD", word)
    tones = [c for c in d if c in _TONE_SET]
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_SET))
    return base, (tones[0] if tones else None), len(tones)


_GLIDE_END = frozenset(
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uyu".split()
)
_OPEN_ONLY = frozenset("ia ya ua ưa uya".split())  # no final consonant
_NEEDS_CODA = frozenset("â ă iê yê uô ươ uyê oă uâ".split())
_PALATAL_OK = frozenset("a ê i y oa uy uê".split())  # may take -nh / -ch
_NO_VELAR = frozenset("ê i y ơ uơ".split())  # may not take -ng / -c


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable: legal onset, rhyme and tone.

    Also requires a plausible letter case (lower, UPPER or Capitalized), which tells real
    text from a wrong legacy decoding that scatters capitals (``KỰn``).
    """
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    base, tone, n = _split_tone(word.lower())
    if n > 1:
        return False
    m = _SYLLABLE.match(base)
    if not m:
        return False
    onset, nucleus, coda = m.group(1), m.group(2), m.group(3)
    if coda:
        if nucleus in _GLIDE_END or nucleus in _OPEN_ONLY:
            return False
        if coda in ("nh", "ch") and nucleus not in _PALATAL_OK:
            return False
        if coda in ("ng", "c") and nucleus in _NO_VELAR:
            return False
        if coda in ("c", "ch", "p", "t") and tone not in (None, "\u0301", "\u0323"):
            return False  # stop codas take only sắc or nặng
    elif nucleus in _NEEDS_CODA:
        return False
    front = nucleus[0] in "eêi" or nucleus.startswith("y")
    if onset in ("gh", "ngh") and not front:
        return False
    if onset in ("c", "g", "ng") and front and not (onset == "g" and nucleus[0] == "i"):
        return False
    return True


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    base, tone, n = _split_tone(word)
    if n != 1:
        return word
    low = base.lower()
    m = _SYLLABLE.match(low)
    if not m:
        return word
    onset, nucleus, coda = m.group(1), m.group(2), m.group(3)
    start = len(onset)
    # "gi"/"qu" + vowel: the i/u belongs to the onset (already handled by the regex).
    idx = [i for i, c in enumerate(nucleus) if c in _MODIFIED]
    if idx:
        pos = idx[-1]  # ươ -> ơ, uyê -> ê
    elif len(nucleus) == 1:
        pos = 0
    elif len(nucleus) == 2:
        pos = 1 if (coda or nucleus in ("oa", "oe", "uy")) else 0  # hoá, khoẻ, thuỷ (keys only)
    else:
        pos = 1  # oai, uya, uyu, oeo
    i = start + pos
    letter = unicodedata.normalize("NFD", base[i]) + tone
    return base[:i] + unicodedata.normalize("NFC", letter) + base[i + 1 :]


_WORD = re.compile(r"[^\W\d_]+")


def canonical_tone(s: str) -> str:
    """Put every syllable's tone on one canonical vowel (``hóa``/``hoá`` -> ``hoá``) for keys."""
    return _WORD.sub(lambda m: _canonical_word(m.group(0)), nfc(s))


# ------------------------------------------------------------------------- the fold


def _fold_table() -> list[str | None]:
    """Latin letters with marks -> their ASCII letter (canonical decomposition, so ``ờ`` and
    ``o`` + U+031B + U+0300 meet), combining diacritical marks (U+0300-U+036F) dropped, đ/Đ -> d/D.
    Letters of other scripts keep their marks (``й`` is a letter of its own in Russian).

    A list indexed by code point (``str.translate`` indexes it faster than a dict); characters
    past its end, where no character decomposes to an ASCII base, are left as they are."""
    table: list[str | None] = [chr(cp) for cp in range(0x2270)]
    for cp in range(0x80, 0x2270):
        d = unicodedata.normalize("NFD", chr(cp))
        if d != chr(cp) and d[0].isascii():
            table[cp] = "".join(c for c in d if not 0x300 <= ord(c) < 0x370)
    table[0x300:0x370] = [None] * 0x70
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_FOLD = _fold_table()


def fold(s: str) -> str:
    """The one diacritic fold behind every id and key: ``Đắk Lắk`` -> ``Dak Lak`` (NFC or NFD
    alike). Case, spacing and punctuation are left to the key built on it."""
    return s if s.isascii() else s.translate(_FOLD)


# one bytes.translate lower-cases and turns punctuation into spaces; deleting bytes >= 0x80
# drops exactly the non-ASCII characters (every byte of a multi-byte UTF-8 sequence is >= 0x80)
_BYTE_KEY = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else (c + 32 if 65 <= c <= 90 else 32) for c in range(256))
_HIGH = bytes(range(128, 256))


def ascii_key(s: str | None) -> str | None:
    """ASCII key of task codes and titles (task ids): folded, lower case, punctuation -> space,
    anything still non-ASCII dropped. ``hoá``/``hóa``/``hoa`` meet."""
    if s is None:
        return None
    return b" ".join(fold(s).encode("utf-8", "surrogatepass").translate(_BYTE_KEY, _HIGH).split()).decode("ascii")


_WORDS = re.compile(r"\w+")


def word_key(s: str | None) -> str:
    """Word key of publication titles and names: the folded, lower-cased words joined by one space
    (soft hyphens and zero-width spaces joined away): ``Đánh giá, Bắc Kạn!`` -> ``danh gia bac kan``."""
    if not s:
        return ""
    return " ".join(_WORDS.findall(fold(s.lower().replace("\xad", "").replace("\u200b", ""))))


_PUNCT = re.compile(r"[^\w]+")


@lru_cache(maxsize=262144)
def match_key(s: str | None, *, ascii: bool = False) -> str:
    """Key for matching: NFC, casefold, canonical tone, punctuation -> space, collapsed.

    ``ascii=True`` also drops diacritics (for sources that ASCII-fold, e.g. CKAN headers).
    """
    if not s:
        return ""
    t = clean(s) or ""
    # the fold drops every tone mark, wherever it sits: an ASCII key needs no canonical tone
    t = fold(t.casefold()) if ascii else canonical_tone(t).casefold()
    return " ".join(_PUNCT.sub(" ", t).replace("_", " ").split())


# ------------------------------------------------------------------ legacy decoding


@dataclass(frozen=True)
class TextResult:
    """A repaired value; ``problem`` set means quarantined (``value`` is then None)."""

    value: str | None
    problem: str | None = None
    encodings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


_CHARMAPS_FILE = Path(__file__).with_name("data") / "legacy_charmaps.json"
_VN_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# cp1252's 0x80-0x9F repertoire (typographic quotes, dashes…): weak evidence only.
_CP1252_HIGH = frozenset(
    bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


def _surface(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_SURFACE_TO_BYTE = {_surface(b): b for b in range(256)} | {chr(b): b for b in range(0x80, 0xA0)}
# Strong evidence of legacy text: Latin-1 upper-half characters that are not Vietnamese
# letters, C1 controls and the soft hyphen. (Vietnamese-in-Latin-1 letters like à are not.)
_STRONG = frozenset(c for c in map(chr, range(0x80, 0x100)) if c not in _VN_LATIN1 and c != "\xa0")
_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_STRONG))) + "]")
_BEYOND_CP1252 = re.compile(r"[^\x00-\xff" + re.escape("".join(sorted(_CP1252_HIGH))) + r"]")
# symbols a Unicode page uses as themselves: 28°C, ©, ±5, 2², and square/cubic metres (m², km³) where
# no letter follows (TCVN3 "m²i" is "mỗi")
_LEGIT_SYMBOL = re.compile(r"(?<=\d)\s?°[CcFf]?|©|®(?=\s|$)|[±×÷²³¼½¾](?=\s*\d)|(?<=\d)[²³]|(?<=m)[²³](?![^\W\d_])")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    data = json.loads(_CHARMAPS_FILE.read_text(encoding="utf-8"))
    return {"tcvn3": data["tcvn3"], "viscii": data["viscii"]}


def _vni_table() -> dict[str, str]:
    """VNI-Windows as cp1252 surface text, built from its composition rules."""
    tones = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
    circ = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
    breve = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
    t: dict[str, str] = {}

    def put(key: str, base: str, marks: str) -> None:
        t[key] = unicodedata.normalize("NFC", base + marks)

    for case in (0, 1):
        up = (lambda c: c.upper()) if case else (lambda c: c)
        for v in "aeouy":
            for tone, sym in tones.items():
                put(up(v) + sym[case], up(v), tone)
        for v in "aeo":
            for tone, sym in circ.items():
                put(up(v) + sym[case], up(v), "\u0302" + tone)
        for tone, sym in breve.items():
            put(up("a") + sym[case], up("a"), "\u0306" + tone)
        for surf, base in (("ôÔ", "o"), ("öÖ", "u")):  # ơ, ư are single characters
            t[surf[case]] = unicodedata.normalize("NFC", up(base) + "\u031b")
            for tone, sym in tones.items():
                put(surf[case] + sym[case], up(base), "\u031b" + tone)
        t["ñÑ"[case]] = up("đ")
        for surf, tone in (("æÆ", "\u0309"), ("óÓ", "\u0303"), ("òÒ", "\u0323")):
            put(surf[case], up("i"), tone)
    return t


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))


def _to_bytes(s: str) -> bytes | None:
    try:
        return bytes(_SURFACE_TO_BYTE[c] for c in s)
    except KeyError:
        return None


def _dec_table(name: str):
    def dec(s: str) -> str | None:
        tab = _tables()[name]
        return nfc("".join(tab.get(c, c) for c in s))

    return dec


def _dec_vni(s: str) -> str | None:
    return nfc(_VNI_RE.sub(lambda m: _VNI[m.group(0)], s))


def _dec_codec(codec: str):
    def dec(s: str) -> str | None:
        b = _to_bytes(s)
        if b is None:
            return None
        try:
            return nfc(b.decode(codec))
        except UnicodeDecodeError:
            return None

    return dec


DECODERS = {
    "utf8": _dec_codec("utf-8"),  # UTF-8 read as cp1252: strict, so a hit is near-certain
    "cp1258": _dec_codec("cp1258"),
    "tcvn3": _dec_table("tcvn3"),
    "vni": _dec_vni,
    "viscii": _dec_table("viscii"),
}


def _score(text: str) -> tuple[float, int]:
    """(share of non-ASCII words that are Vietnamese syllables, leftover strong chars)."""
    words = [w for w in _WORD.findall(text) if not w.isascii() and w.isalpha()]
    leftover = len(_STRONG_RE.findall(text))
    if not words:
        return (1.0 if leftover == 0 else 0.0), leftover
    ok = sum(1 for w in words if is_vietnamese_syllable(w))
    return ok / len(words), leftover


_RUN_SPLIT = re.compile(r"(\S*" + _BEYOND_CP1252.pattern + r"\S*)")


# Legacy-only *symbols* (not letters in any Western code page: ¶ ¾ µ ¹ « ª ® ­ …) inside a word
# are proof of legacy text; stray Western letters (ü, ø, ñ) may be a foreign name.
_SYMBOL = "".join(c for c in sorted(_STRONG) if not ("\xc0" <= c <= "\xff") or c in "\xd7\xf7")
_SYMBOL_RE = "[" + re.escape(_SYMBOL) + "]"
_STRONG_IN_WORD = re.compile(
    r"(?:[^\W\d_]|"
    + _STRONG_RE.pattern
    + r")"
    + _SYMBOL_RE
    + "|"
    + _SYMBOL_RE
    + r"(?:[^\W\d_]|"
    + _STRONG_RE.pattern
    + ")"
)


def _evidence(run: str) -> int:
    """2: a legacy-only character inside a word (quarantine if unexplained);
    1: a Latin-1 word that is not a Vietnamese syllable (repair only if explained); 0: none."""
    if _STRONG_IN_WORD.search(_LEGIT_SYMBOL.sub(" ", run)):
        return 2
    bad = [w for w in _WORD.findall(run) if not w.isascii() and w.isalpha() and not is_vietnamese_syllable(w)]
    # a non-Vietnamese Western letter (ø, ö, ñ…) in an odd word, or several odd words made of
    # Vietnamese Latin-1 letters (Windows-1258 read as cp1252: "Viêòt vaÌ")
    if any(_STRONG_RE.search(w) for w in bad) or len(bad) >= 2:
        return 1
    return 0


# Very frequent syllables of names, places and S&T administration: a tie-breaker between two
# grammatical decodings (``Lª V¨n`` = Lê Văn in TCVN3, "Lế Vẽn" in VISCII). Extended at load
# time with every syllable of the QĐ 12/2008 field names.
_COMMON = set(
    """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh
    hà lương mai triệu chu nông ma hoàng văn thị hữu đức minh thanh quang thu hồng anh tuấn
    hùng hải hương lan linh ngọc thảo trang dũng cường thắng thế mạnh tiến bình an phúc
    ông bà tỉnh huyện xã phường thành phố bắc kạn thái nguyên ba bể bảo chợ đồn mới ngân sơn
    pác nặm na rì sở ủy uỷ ban nhân dân khoa học công nghệ kỹ thuật đề tài dự án nhiệm vụ
    cấp quốc gia bộ cơ sở trường đại viện trung tâm nghiên cứu ứng dụng phát triển sản xuất
    giống cây trồng vật nuôi nông nghiệp lâm thủy thuỷ sản y tế giáo dục kinh tế xã hội quản
    lý môi trường tài nguyên đất nước rừng chè lúa ngô bí thơm miến dong vịt gà lợn bò trâu
    của và các cho trong với tại theo năm tháng ngày số quyết định phê duyệt nghiệm thu
    kết quả thực hiện hoàn thiện quy trình mô hình xây dựng chương trình kinh phí triệu đồng
    tỷ đạt khá xuất sắc không giám đốc phó chủ nhiệm tiến sĩ thạc cử""".split()
)


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    words = set(_COMMON)
    path = Path(__file__).with_name("data") / "qd12_2008_research_fields.json"
    try:
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    except (OSError, ValueError):
        text = ""  # the curated list alone still breaks most ties
    words.update(w.lower() for w in _WORD.findall(text) if not w.isascii())
    return frozenset(canonical_tone(w) for w in words)


def _lexicon_hits(text: str) -> int:
    lex = _lexicon()
    return sum(1 for w in _WORD.findall(text) if canonical_tone(w.lower()) in lex)


def _decode_all(run: str) -> dict[str, tuple[str, float]]:
    """Every candidate decoding that leaves no legacy evidence, with its Vietnamese score."""
    results: dict[str, tuple[str, float]] = {}
    for name, dec in DECODERS.items():
        out = dec(run)
        if name == "utf8":  # UTF-8 decoded twice over: peel up to 3 layers
            for _ in range(2):
                if out is None or not _STRONG_RE.search(out):
                    break
                out = dec(out) or out
        if out is None or out == run:
            continue
        share, leftover = _score(out)
        if leftover == 0 and share >= 0.8:
            results[name] = (out, share)
    return results


def _choose(
    run: str, results: dict[str, tuple[str, float]], prefer: str | None
) -> tuple[str | None, str | None, str | None]:
    """(decoded run, encoding used, problem)."""
    if not results:
        return None, None, f"unidentified encoding or garble: {run.strip()[:80]!r}"
    best = max(share for _, share in results.values())
    top = {n: out for n, (out, share) in results.items() if share >= best - 0.1}
    if len(set(top.values())) == 1:
        name = next(iter(top))
        return top[name], name, None
    hits = {n: _lexicon_hits(out) for n, out in top.items()}
    most = max(hits.values())
    if most > 0 and sum(1 for h in hits.values() if h == most) == 1:
        name = max(hits, key=hits.__getitem__)
        return top[name], name, None
    if "utf8" in top:  # a strict UTF-8 decode that reads as Vietnamese
        return top["utf8"], "utf8", None
    if prefer in top:  # another run of the same text settled it
        return top[prefer], prefer, None
    return None, None, f"ambiguous legacy encoding ({'/'.join(sorted(top))}): {run.strip()[:80]!r}"


# Small, vetted OCR/converter confusions in this domain: whole-word, case-preserving.
_KNOWN_FIXES = {
    "HQC": "HỌC",
    "Hqc": "Học",
    "hqc": "học",
    "quc": "quốc",
    "Quc": "Quốc",
    "QUC": "QUỐC",
    "KHOA HQC": "KHOA HỌC",
}
_FIX_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _KNOWN_FIXES), key=len, reverse=True)) + r")\b")


_SPACED = re.compile(r"\s*[^\W\d_](?: [^\W\d_]){2,}(?:\s{2,}[^\W\d_](?: [^\W\d_])*)*\s*")


def _spaced_letters(t: str) -> bool:
    """Letters one space apart, with words two spaces apart or at least four capitals
    (``à à à`` is three Vietnamese words, ``K H O A  H Ọ C`` is two spaced-out ones)."""
    if not _SPACED.fullmatch(t):
        return False
    core = t.strip()
    return "  " in core or (core.isupper() and len(core.replace(" ", "")) >= 4)


def repair(s: object, *, fix_ocr: bool = True, prefer: str | None = None) -> TextResult:
    """Full repair: entities, legacy encodings per run, NFC, whitespace, known OCR slips.

    Never guesses: an undecodable or ambiguous legacy run returns ``problem`` and no value.
    ``prefer`` names an encoding already established for the same document; it only breaks
    ties, and runs of the same string that decode unambiguously set it too.
    """
    if s is None:
        return TextResult(None)
    t = unescape_entities(str(s))
    encodings: list[str] = []
    notes: list[str] = []
    if not t.isascii():
        parts = _RUN_SPLIT.split(t)  # odd indexes: words with characters beyond cp1252
        pending: dict[int, dict[str, tuple[str, float]]] = {}
        weak: set[int] = set()
        for i in range(0, len(parts), 2):
            level = _evidence(parts[i]) if parts[i] else 0
            if level:
                pending[i] = _decode_all(parts[i])
                if level == 1:
                    weak.add(i)
        settled = [_choose(parts[i], r, None) for i, r in pending.items()]
        found = [enc for _, enc, _ in settled if enc]
        pref = prefer or (max(set(found), key=found.count) if found else None)
        for i, results in pending.items():
            out, enc, problem = _choose(parts[i], results, pref)
            if problem and i in weak:
                continue  # odd-looking but plausible text: leave it as is
            if problem:
                return TextResult(None, problem=problem)
            parts[i] = out  # type: ignore[assignment]
            encodings.append(enc)  # type: ignore[arg-type]
        t = "".join(parts)
    t = nfc(t).translate(_INVISIBLE)
    if fix_ocr and _spaced_letters(t):
        # "K H O A  H Ọ C": letters one space apart, words two or more apart (OCR / PDF spacing)
        joined = " ".join(w.replace(" ", "") for w in re.split(r"\s{2,}", t.strip()))
        notes.append(f"spaced letters joined: {joined!r}")
        t = joined
    t = " ".join(t.split())
    if fix_ocr and _FIX_RE.search(t):

        def fix(m: re.Match) -> str:
            notes.append(f"ocr fix {m.group(0)!r}->{_KNOWN_FIXES[m.group(0)]!r}")
            return _KNOWN_FIXES[m.group(0)]

        t = _FIX_RE.sub(fix, t)
    return TextResult(t or None, encodings=tuple(dict.fromkeys(encodings)), notes=tuple(notes))


_NEEDS = re.compile(_STRONG_RE.pattern + "|" + _FIX_RE.pattern)


def needs_repair(s: str) -> bool:
    """Cheap test: could ``repair()`` change more than ``clean()`` would? (a character-class
    scan and substring checks first; the OCR-word regex only when one of them fires)"""
    if (
        _STRONG_RE.search(s) is None
        and "qc" not in s
        and "QC" not in s
        and "Qc" not in s
        and "quc" not in s
        and "Quc" not in s
        and "QUC" not in s
    ):
        return len(s) > 4 and " " in s[:3] and _spaced_letters(s)
    return _NEEDS.search(s) is not None or _spaced_letters(s)
