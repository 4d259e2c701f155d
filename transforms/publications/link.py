"""Publications, step 3: candidate links from publications to S&T tasks, with a method and a confidence."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyarrow as pa
from rapidfuzz import fuzz

from transforms.text import fold, word_key
from transforms.publications.normalize import author_key, clean_text, normalize_author, parse_year


LINK_MIN_CONFIDENCE = 0.5  # links at or above this fill publications.task_ids


# ----------------------------------------------------------------------------- task links

LINK_COLUMNS = pa.schema(
    [("pub_id", pa.string()), ("task_id", pa.string()), ("method", pa.string()), ("confidence", pa.float64())]
)


# Words every S&T title in the province shares; they say nothing about the topic.
_TOPIC_STOP = frozenset(
    "nghien cuu ung dung tien ky thuat danh gia tai tinh huyen xa va cua theo huong mot so cac nhung "
    "trong tren voi de o ket qua xay mo hinh thuc trang giai phap xuat bac kan viet nam vietnam "
    "the of and in a an for on to at by with using study province".split()
)


def _bigrams(key: str) -> frozenset[str]:
    toks = [t for t in key.split() if t not in _TOPIC_STOP]
    return frozenset(f"{a} {b}" for a, b in zip(toks, toks[1:]))


def topic_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two titles share a topic: at least 2 content-word bigrams, and a fifth of the shorter's."""
    if not a or not b:
        return False
    common = len(a & b)
    return common >= 2 and common >= 0.2 * min(len(a), len(b))


def _code_key(code: str) -> str:
    return re.sub(r"\s+", "", fold(code.lower()).replace("\xad", "").replace("\u200b", ""))


def link_tasks(
    publications: pa.Table, tasks: pa.Table | None, funding: Mapping[str, str | None] | None = None
) -> pa.Table:
    """Candidate publication → task links with a method and a confidence in [0, 1].

    Methods: ``code_in_funding`` (0.95), ``code_in_text`` (0.85), ``title_in_funding`` (0.8),
    ``title_in_text`` (0.65); and when the PI is an author and the year falls in the task
    period (+3 years for publishing lag): ``pi_period_topic_affiliation`` (0.7: titles share
    a topic (see `topic_overlap`) and an affiliation resembles the host organization),
    ``pi_period_topic`` (0.6),
    ``pi_affiliation_period`` (0.4: below LINK_MIN_CONFIDENCE, a candidate for review — a PI
    often runs several tasks at once). The best method per (pub, task) is kept.
    """
    if tasks is None or tasks.num_rows == 0 or publications.num_rows == 0:
        return LINK_COLUMNS.empty_table()
    t = tasks.to_pydict()
    n_t = tasks.num_rows
    get = lambda name: t.get(name) or [None] * n_t  # noqa: E731
    task_ids, codes, titles = get("task_id"), get("code"), get("title")
    pis, hosts, starts, ends = get("principal_investigator"), get("host_org"), get("start_date"), get("end_date")
    code_map: dict[str, list[int]] = {}
    for j, c in enumerate(codes):
        if c and len(_code_key(c)) >= 5:
            code_map.setdefault(_code_key(c), []).append(j)
    code_re = re.compile("|".join(re.escape(k) for k in sorted(code_map, key=len, reverse=True))) if code_map else None
    title_keys = [word_key(x) if x else "" for x in titles]
    pi_keys = [author_key(clean_text(p) and normalize_author(p)) if p else "" for p in pis]
    host_keys = [word_key(h) if h else "" for h in hosts]
    periods = [(parse_year(None, s), parse_year(None, e)) for s, e in zip(starts, ends)]
    task_bigrams = [_bigrams(k) for k in title_keys]

    p = publications.to_pydict()
    best: dict[tuple[str, str], tuple[float, str]] = {}

    def add(pid: str, j: int, method: str, conf: float) -> None:
        key = (pid, task_ids[j])
        if key not in best or best[key][0] < conf:
            best[key] = (conf, method)

    for i, pid in enumerate(p["pub_id"]):
        ftext = (funding or {}).get(pid) or ""
        other = " ".join(x for x in (p["title"][i], p.get("abstract", [None] * len(p["pub_id"]))[i]) if x)
        for text, kind in ((ftext, "funding"), (other, "text")):
            if not text:
                continue
            squashed = _code_key(text)
            if code_re:
                for m in code_re.finditer(squashed):
                    for j in code_map[m.group(0)]:
                        add(pid, j, f"code_in_{kind}", 0.95 if kind == "funding" else 0.85)
            ftxt = word_key(text)
            for j, tk in enumerate(title_keys):
                if len(tk) >= 20 and (tk in ftxt or fuzz.partial_ratio(tk, ftxt, score_cutoff=92) >= 92):
                    if kind == "text" and fuzz.ratio(tk, word_key(p["title"][i])) >= 95 and tk not in ftxt:
                        continue
                    add(pid, j, f"title_in_{kind}", 0.8 if kind == "funding" else 0.65)
        akeys = {author_key(a) for a in (p["authors"][i] or [])}
        year = p["year"][i]
        affs = [word_key(a) for a in (p["affiliations"][i] or [])]
        for j, pk in enumerate(pi_keys):
            if not pk or pk not in akeys:
                continue
            lo, hi = periods[j]
            if year is None or (lo and year < lo) or (hi and year > hi + 3) or not (lo or hi):
                continue
            aff = bool(host_keys[j]) and any(fuzz.token_set_ratio(host_keys[j], a) >= 80 for a in affs)
            topic = bool(task_bigrams[j]) and topic_overlap(task_bigrams[j], _bigrams(word_key(p["title"][i])))
            if topic:
                add(pid, j, "pi_period_topic_affiliation" if aff else "pi_period_topic", 0.7 if aff else 0.6)
            elif aff:
                add(pid, j, "pi_affiliation_period", 0.4)
    rows = sorted((pid, tid, m, c) for (pid, tid), (c, m) in best.items())
    return pa.table(
        {
            "pub_id": [r[0] for r in rows],
            "task_id": [r[1] for r in rows],
            "method": [r[2] for r in rows],
            "confidence": [r[3] for r in rows],
        },
        schema=LINK_COLUMNS,
    )
