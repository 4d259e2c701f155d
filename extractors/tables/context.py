"""What a published list states once for all its rows: the decision it is issued with.

A list of tasks is issued with one decision — approval (phê duyệt danh mục), ordering (đặt
hàng) or acceptance (công nhận kết quả) — and says so once: in the article's lead sentence or a
heading, in a Word/Excel title block ("Kèm theo Quyết định số 40/2024/QĐ-UBND ngày 20/3/2024"),
or on the decision page of a PDF before its annex ("Số: 612/QĐ-UBND … ngày 08 tháng 4 năm 2022").
The same texts also cite decisions that are not the list's own: grounds ("Căn cứ Quyết định …"),
older decisions mentioned in passing ("thay thế Quyết định …", "… phê duyệt Chương trình …"),
and announcement numbers ("Thông báo số 15/TB-SKHCN", never a decision).

Every decision number in the texts is scored by the clause around it (the words of the
vocabulary file ``list_context.yaml``): the best positive score wins, ties go to the later
decision date, then to the first written. Texts are searched nearest first (the title block
or the paragraph just above a table before the article's lead and title), and the first
text holding a decision with a positive score decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.tables.headers import fold

_VOCAB_FILE = Path(__file__).with_name("list_context.yaml")

# A decision number: the QĐ type is what makes it a decision (TB, KH, TTr… are other documents).
_QD_NO = re.compile(
    r"(?<![\d/])(?P<no>\d{1,6}(?:\s*/\s*(?:19|20)\d{2})?\s*/\s*Q\s*[ĐD]\s*-\s*[A-ZĐa-zđ&0-9]{1,12}"
    r"(?:\s*-\s*[A-ZĐa-zđ&0-9]{1,12})*)"
)
_DATE = (
    r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+(?:19|20)\d{2})"
)
_DATE_AFTER = re.compile(r"(?i)[^.;\n]{0,60}?\bngày\s*(?P<d>" + _DATE + ")")
_DATE_BEFORE = re.compile(r"(?i)\bngày\s*(?P<d>" + _DATE + r")\s*,[^.;\n]{0,160}$")
_HEADER_DATE = re.compile(r"(?i)\bngày(?:\s+ban hành|\s+ký)?\s*:?\s*(?P<d>" + _DATE + ")")
_CLAUSE_END = re.compile(r"[;\n]|\.\s+(?=[A-ZĐÀ-Ỹ])|\.$")


@dataclass(frozen=True)
class ListDecision:
    """The decision a list is issued with: number, date text as written, the clause it came from."""

    number: str
    date: str | None
    evidence: str
    score: int


@lru_cache(maxsize=1)
def _vocab() -> dict[str, list[tuple[re.Pattern[str], int]]]:
    data = yaml.safe_load(_VOCAB_FILE.read_text(encoding="utf-8"))
    out: dict[str, list[tuple[re.Pattern[str], int]]] = {}
    for part in ("before", "after", "clause"):
        out[part] = [(re.compile(rule["pattern"]), int(rule["score"])) for rule in data[part]]
    return out


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        a = m.end()
    m2 = _CLAUSE_END.search(text, end)
    return a, (m2.start() if m2 else len(text))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def decisions_in(text: str) -> list[ListDecision]:
    """Every decision number in `text` with its score as the list's own decision."""
    text = _norm(text)
    vocab = _vocab()
    out: list[ListDecision] = []
    for m in _QD_NO.finditer(text):
        a, b = _clause_bounds(text, m.start(), m.end())
        before, after = fold(text[a : m.start()]), fold(text[m.end() : b])
        clause = fold(text[a:b])
        score = 0
        for part, s in (("before", before), ("after", after), ("clause", clause)):
            for rx, pts in vocab[part]:
                if rx.search(s):
                    score += pts
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = fold(text[line_start : line_end if line_end >= 0 else len(text)])
        prev_line = fold(text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)])
        if re.fullmatch(r"so( ky hieu| hieu( van ban)?)?", prev_line) and line.startswith(fold(m.group("no"))):
            line = "so " + line  # a "Số ký hiệu:" field above its value
            score += 5
        d = _DATE_AFTER.match(text, m.end()) or _DATE_BEFORE.search(text, max(0, m.start() - 200), m.start())
        if d is None and re.match(r"^so\b", line):
            d = _HEADER_DATE.search(text, m.end(), m.end() + 400)  # a decision's heading: "Số: …", its date line
        date = None
        if d is not None:  # as written; the worded form keeps its "ngày" (it names a day, not a month)
            date = d.group("d") if "tháng" not in d.group("d") else "ngày " + d.group("d")
        if re.fullmatch(r"(quyet dinh|qd)?\s*(so)?\s*[\w/ -]*?(ngay [\w ]+)?", line) and len(line) < 90:
            score += 2  # a line naming the decision alone: a heading
        number = re.sub(r"\s+", "", m.group("no")).replace("QD-", "QĐ-")
        out.append(ListDecision(number, date, " ".join(text[a:b].split())[:300], score))
    return out


def _date_key(d: ListDecision) -> tuple[int, int, int]:
    if not d.date:
        return (0, 0, 0)
    nums = [int(x) for x in re.findall(r"\d+", d.date)]
    if len(nums) >= 3:
        return (nums[2], nums[1], nums[0])
    return (0, 0, 0)


def list_decision(texts: Iterable[str]) -> ListDecision | None:
    """The list's own decision, from context texts ordered nearest first; None when none is stated."""
    for text in texts:
        if not text or "Q" not in text.upper():
            continue
        found = [d for d in decisions_in(text) if d.score > 0]
        if found:
            best = max(found, key=lambda d: (d.score, _date_key(d), -found.index(d)))
            return best
    return None
