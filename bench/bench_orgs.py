"""Organization review suggestions (transforms.orgs.review_candidates): time and peak memory per
number of organizations of one kind, against a plain pair-by-pair loop over the same names with
the same scorer and rules (the baseline, measured in the same run up to --baseline-max names).

    .venv/bin/python bench/bench_orgs.py [--sizes 1000 5000 20000] [--runs 3] [--baseline-max 2000]

Names are synthetic Vietnamese-shaped organization names (kind word, 3-7 words, a number in one
of five), with a typo or a dropped word in one of twenty, so that suggestions exist. Each
measurement runs in a fresh process (peak RSS is the process's ``ru_maxrss``). Medians of runs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "Nông",
    "Lâm",
    "Thái",
    "Nguyên",
    "Bắc",
    "Kạn",
    "Ứng",
    "dụng",
    "Khoa",
    "học",
    "Công",
    "nghệ",
    "Giống",
    "cây",
    "trồng",
    "vật",
    "nuôi",
    "Môi",
    "trường",
    "Thông",
    "tin",
    "Phát",
    "triển",
    "Dược",
    "liệu",
    "Chè",
)


def names(n: int, seed: int = 5) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(3, 7))]
        if i % 5 == 0:
            words.append(f"số {rnd.randint(1, 30)}")
        name = "Trung tâm " + " ".join(words)
        if i % 20 == 0 and out:
            prev = out[-1].split()
            if rnd.random() < 0.5 and len(prev) > 4:
                del prev[rnd.randrange(2, len(prev))]
            else:
                k = rnd.randrange(2, len(prev))
                prev[k] = prev[k][:-1] + "x"
            name = " ".join(prev)
        out.append(name)
    return out


def baseline(ids: list[str], ns: list[str], kinds: list[str], threshold: float = 90.0) -> list[dict]:
    """The same rules, one pair at a time."""
    from rapidfuzz import fuzz

    from transforms.orgs import _DIGITS
    from transforms.text import match_key

    keys = [match_key(n, ascii=True) for n in ns]
    out = []
    for i in range(len(ns)):
        for j in range(i + 1, len(ns)):
            if kinds[i] != kinds[j]:
                continue
            score = fuzz.token_sort_ratio(keys[i], keys[j], score_cutoff=threshold)
            if score >= threshold and _DIGITS.findall(keys[i]) == _DIGITS.findall(keys[j]):
                out.append({"org_id": ids[i], "other_org_id": ids[j], "score": round(score, 1)})
    return out


def child(n: int, mode: str) -> dict:
    from transforms.orgs import review_candidates

    ns = names(n)
    ids = [f"o-{i}" for i in range(n)]
    kinds = ["center"] * n
    t0 = time.perf_counter()
    got = review_candidates(ids, ns, kinds) if mode == "stcat" else baseline(ids, ns, kinds)
    s = time.perf_counter() - t0
    pairs = sorted((p["org_id"], p["other_org_id"]) for p in got)
    return {
        "n": n,
        "mode": mode,
        "seconds": s,
        "pairs": len(pairs),
        "pairs_sig": hash(tuple(pairs)) & 0xFFFFFFFF,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(n: int, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(n), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline-max", type=int, default=2000)
    ap.add_argument("--child", nargs=2, metavar=("N", "MODE"))
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(int(a.child[0]), a.child[1])))
        return
    print(f"\nOrganization review suggestions, one kind, medians of {a.runs} fresh processes\n")
    print("| organizations | pairs suggested | stcat s | stcat peak MB | pair-by-pair s | speed-up | same pairs |")
    print("|---|---|---|---|---|---|---|")
    for n in a.sizes:
        mine = [run(n, "stcat") for _ in range(a.runs)]
        base = [run(n, "baseline") for _ in range(a.runs)] if n <= a.baseline_max else []
        ms = statistics.median(r["seconds"] for r in mine)
        mb = statistics.median(r["peak_rss_mb"] for r in mine)
        if base:
            bs = statistics.median(r["seconds"] for r in base)
            same = all(r["pairs_sig"] == mine[0]["pairs_sig"] for r in base)
            print(f"| {n:,} | {mine[0]['pairs']} | {ms:.2f} | {mb:.0f} | {bs:.2f} | {bs / ms:.1f}× | {same} |")
        else:
            print(f"| {n:,} | {mine[0]['pairs']} | {ms:.2f} | {mb:.0f} | — | — | — |")


if __name__ == "__main__":
    main()
