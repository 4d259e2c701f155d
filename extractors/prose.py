"""Task mentions in prose ("… thuộc đề tài: “Phục tráng giống Bí thơm Ba Bể” do …").

A mention is a candidate task, not a record of its own: it is yielded with confidence
below 1 so the transform can link it to a full record from a table, or keep it aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MENTION_CONFIDENCE = 0.5

_KIND_WORDS = "đề tài|dự án|nhiệm vụ|đề án|Đề tài|Dự án|Nhiệm vụ|Đề án"
_KIND = f"(?P<kind>{_KIND_WORDS})"
_QUOTED = r"[“\"«']\s*(?P<q>[^”\"»']{10,400}?)\s*[”\"»']"
# "thuộc đề tài: …", "thuộc dự án …:", "đề tài “…”"
_LEAD = re.compile(
    r"(?:thuộc|của|trong khuôn khổ|khuôn khổ)\s+" + _KIND + r"(?P<label>[^:“\"\n.]{0,60}?)\s*:\s*"
    r"|(?<![\w])" + _KIND.replace("?P<kind>", "?P<kind2>") + r"\s*(?=[“\"«])"
)
# Every _LEAD match starts with a kind word, or with a lead word followed by spaces and a kind
# word. Searching for those is a fast literal scan; _LEAD itself (a look-behind in one branch)
# would be tried at every position of the text.
_LEAD_START = re.compile(f"(?:thuộc|của|trong khuôn khổ|khuôn khổ)\\s+(?:{_KIND_WORDS})|{_KIND_WORDS}")
_UNQUOTED_END = re.compile(
    r"(?:\.\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])|\.\s*$|;|\s+do\s+|\s+(?:được|đã|đang)\s+|,\s+(?:mã số|do)\s|\n|$)"
)
_DO = re.compile(
    r"^\s*[,.]?\s*do\s+(?P<who>[^;\n]{3,160}?)\s+(?P<role>làm chủ nhiệm|chủ nhiệm|chủ trì(?: thực hiện)?|"
    r"thực hiện|triển khai)"
)
_NEXT_DO = re.compile(
    r"^\s*\.?\s*(?:Đề tài|Dự án|Nhiệm vụ)\s+do\s+(?P<who>[^;\n]{3,160}?)\s+"
    r"(?P<role>làm chủ nhiệm|chủ nhiệm|chủ trì(?: thực hiện)?|thực hiện)"
)
_ACADEMIC = re.compile(r"\b(GS|PGS|TS|ThS|KS|CN|BS|BSCK|DS|NCS|TSKH)\b\.?")


@dataclass
class Mention:
    """A task named in running text."""

    title: str
    kind: str
    context: str
    host_org: str = ""
    principal_investigator: str = ""


_SENT_END = re.compile(r"(?<=[a-zà-ỹ0-9)”\"])[.!?](?:\s+|$)|\n")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) around a mention (abbreviations such as "ThS." do not end one)."""
    a = 0
    for m in _SENT_END.finditer(text, 0, start):
        a = m.end()
    e = _SENT_END.search(text, end)
    b = e.end() if e else len(text)
    return " ".join(text[a:b].split())[:500]


def _leads(text: str) -> Iterator[re.Match[str]]:
    """The matches of _LEAD.finditer(text), found by trying _LEAD only where a lead word starts."""
    pos = 0
    while (cand := _LEAD_START.search(text, pos)) is not None:
        m = _LEAD.match(text, cand.start())  # the look-behind still sees the text before
        if m is None:
            pos = cand.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: a kind word is always matched
    return


def parse_mentions(text: str) -> list[Mention]:
    """Every task mention in a text, in order, without duplicates."""
    out: list[Mention] = []
    seen: set[str] = set()
    for m in _leads(text):
        kind = (m.group("kind") or m.group("kind2") or "").lower()
        pos = m.end()
        q = re.match(_QUOTED, text[pos:])
        if q:
            title, after = q.group("q"), pos + q.end()
        elif m.group("kind"):
            e = _UNQUOTED_END.search(text, pos)
            stop = e.start() if e else len(text)
            title, after = text[pos:stop], stop
        else:
            continue
        title = " ".join(title.split()).strip(" .,;:-–")
        if len(title) < 10 or len(title.split()) < 3 or title.lower() in seen:
            continue
        seen.add(title.lower())
        men = Mention(title, kind, _sentence(text, m.start(), after))
        tail = text[after : after + 300]
        who = _DO.match(tail) or _NEXT_DO.match(tail)
        if who:
            name = " ".join(who.group("who").split())
            if _ACADEMIC.search(name) or "chủ nhiệm" in who.group("role"):
                men.principal_investigator = name
            else:
                men.host_org = name
        out.append(men)
    return out
